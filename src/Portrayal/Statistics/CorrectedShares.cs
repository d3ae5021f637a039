using MathNet.Numerics.LinearAlgebra;

namespace Portrayal.Statistics;

/// <summary>One label: the classifier's share (with its Wilson interval, which reflects sampling only) and the share corrected for classifier error, with its bootstrap interval.</summary>
public sealed record CorrectedShare(string Label, Proportion Classifier, double Share, double Low, double High);

/// <summary>
/// Label shares corrected for classifier error by adjusted classify-and-count (Forman 2008, "Quantifying counts and costs via
/// classification", <i>Data Mining and Knowledge Discovery</i> 17:164, the "adjusted count" method generalised to several
/// labels; Hopkins &amp; King 2010, "A method of automated nonparametric content analysis for social science", <i>AJPS</i>
/// 54:229, who show why the share of units a classifier assigns to a label is biased and how misclassification rates correct it).
/// <para>
/// On a hand-coded sample, the confusion matrix (rows = true label, columns = predicted) gives the misclassification matrix
/// M, M[t, p] = P(predicted p | true t). Over the corpus the predicted shares q satisfy q = Mᵀ π, with π the true shares,
/// so π is estimated by solving Mᵀ π = q; the solution is constrained to shares in [0, 1] that sum to 1 by least squares on
/// that set (min ‖Mᵀ π − q‖², found exactly by trying every support; when the plain solution already lies in it, it is that
/// solution). <see cref="Constrained"/> says whether the constraint changed the answer, a sign that q and M disagree
/// (sampling noise, or misclassification rates that differ between the coded sample and the corpus).
/// </para>
/// <para>
/// The 95% intervals are percentile bootstrap intervals: each of <see cref="Replicates"/> replicates resamples the coded
/// sample (its units, with replacement, so M varies) and the classified units (so q varies), and re-estimates π; seeded by
/// <see cref="Seed"/>. A replicate in which some true label has no coded unit cannot estimate M and is drawn again
/// (<see cref="DiscardedReplicates"/> counts them). The correction assumes the coded sample is a random sample of the
/// classified units, so that the misclassification rates carry over.
/// </para>
/// </summary>
public sealed record CorrectedShares(
    IReadOnlyList<CorrectedShare> Shares, int ClassifiedUnits, int CodedUnits, bool Constrained, int Replicates, int DiscardedReplicates, int Seed)
{
    public const int DefaultReplicates = 2000;
    public const int DefaultSeed = 20220105;

    /// <summary>Labels beyond this make the exact support search (2^labels least-squares problems) too slow.</summary>
    public const int MaxLabels = 12;

    public CorrectedShare this[string label] => Shares.First(s => s.Label == label);

    /// <summary>The method in words, for the report.</summary>
    public string Describe(string units = "posts") =>
        $"Shares corrected for classifier error by adjusted classify-and-count (Forman 2008; Hopkins & King 2010): the " +
        $"misclassification rates measured on {StatFormat.Count(CodedUnits)} hand-coded {units} were inverted over the " +
        $"{StatFormat.Count(ClassifiedUnits)} classified {units} (least squares on shares between 0 and 1 that sum to 1" +
        (Constrained ? ", which changed the estimate" : "") + $"); 95% intervals from {StatFormat.Count(Replicates)} bootstrap " +
        $"resamples of both the coded and the classified {units} (seed {Seed}).";

    /// <param name="labels">The labels, in the order of <paramref name="classifierCounts"/> and of the confusion matrix's rows and columns.</param>
    /// <param name="classifierCounts">How many classified units the classifier assigned to each label.</param>
    /// <param name="confusion">Coded sample: confusion[t, p] = units whose true (hand-coded) label is t and predicted label p.</param>
    public static CorrectedShares Estimate(IReadOnlyList<string> labels, IReadOnlyList<int> classifierCounts, int[,] confusion,
        int replicates = DefaultReplicates, int seed = DefaultSeed)
    {
        var k = labels.Count;
        if (k < 2 || k > MaxLabels) throw new ArgumentException($"Between 2 and {MaxLabels} labels are needed, not {k}.", nameof(labels));
        if (classifierCounts.Count != k || confusion.GetLength(0) != k || confusion.GetLength(1) != k)
            throw new ArgumentException($"{k} labels need {k} classifier counts and a {k}×{k} confusion matrix.");
        ArgumentOutOfRangeException.ThrowIfLessThan(replicates, 1);
        if (classifierCounts.Any(c => c < 0)) throw new ArgumentException("Classifier counts cannot be negative.", nameof(classifierCounts));
        var (rowTotals, _, coded) = Contingency.Margins(confusion);
        for (var t = 0; t < k; t++)
            if (rowTotals[t] == 0)
                throw new ArgumentException($"No coded unit has the true label \"{labels[t]}\", so its misclassification rates are unknown; code more units.", nameof(confusion));
        var classified = classifierCounts.Sum();
        if (classified == 0) throw new ArgumentException("No classified units.", nameof(classifierCounts));

        var observed = classifierCounts.Select(c => (double)c / classified).ToArray();
        var (point, constrained) = Solve(observed, Misclassification(confusion));

        var rng = DiscreteSampling.Generator(seed);
        var cellProbabilities = new double[k * k];
        for (var t = 0; t < k; t++)
        for (var p = 0; p < k; p++)
            cellProbabilities[t * k + p] = (double)confusion[t, p] / coded;
        var replicateShares = Enumerable.Range(0, k).Select(_ => new List<double>(replicates)).ToArray();
        var discarded = 0;
        var resampled = new int[k, k];
        while (replicateShares[0].Count < replicates)
        {
            var cells = DiscreteSampling.Multinomial(rng, coded, cellProbabilities);
            var counts = DiscreteSampling.Multinomial(rng, classified, observed);
            for (var t = 0; t < k; t++)
            for (var p = 0; p < k; p++)
                resampled[t, p] = cells[t * k + p];
            if (Enumerable.Range(0, k).Any(t => Enumerable.Range(0, k).Sum(p => resampled[t, p]) == 0))
            {
                if (++discarded > 10 * replicates)
                    throw new ArgumentException("The coded sample is too small: most bootstrap resamples miss a true label entirely.", nameof(confusion));
                continue;
            }
            var (shares, _) = Solve(counts.Select(c => (double)c / classified).ToArray(), Misclassification(resampled));
            for (var l = 0; l < k; l++) replicateShares[l].Add(shares[l]);
        }

        var result = new List<CorrectedShare>(k);
        for (var l = 0; l < k; l++)
        {
            var (low, high) = Bootstrap.PercentileInterval(replicateShares[l]);
            result.Add(new CorrectedShare(labels[l], Proportion.Wilson(classifierCounts[l], classified), point[l], low, high));
        }
        return new CorrectedShares(result, classified, coded, constrained, replicates, discarded, seed);
    }

    /// <summary>M[t, p] = P(predicted p | true t), each row of the confusion matrix divided by its total.</summary>
    public static double[,] Misclassification(int[,] confusion)
    {
        var k = confusion.GetLength(0);
        var m = new double[k, confusion.GetLength(1)];
        for (var t = 0; t < k; t++)
        {
            var total = 0.0;
            for (var p = 0; p < m.GetLength(1); p++) total += confusion[t, p];
            for (var p = 0; p < m.GetLength(1); p++) m[t, p] = total == 0 ? double.NaN : confusion[t, p] / total;
        }
        return m;
    }

    /// <summary>
    /// The shares π in [0, 1] summing to 1 that minimise ‖Mᵀ π − q‖², and whether the constraint was needed (the unconstrained
    /// solution of Mᵀ π = q, which sums to 1 on its own when M's rows and q each sum to 1, had a negative share).
    /// </summary>
    public static (double[] Shares, bool Constrained) Solve(IReadOnlyList<double> observedShares, double[,] misclassification)
    {
        var k = observedShares.Count;
        var a = Matrix<double>.Build.Dense(k, k, (i, j) => misclassification[j, i]); // Mᵀ
        var q = Vector<double>.Build.Dense(k, i => observedShares[i]);
        var all = Enumerable.Range(0, k).ToArray();
        var plain = ConstrainedLeastSquares(a, q, all);
        if (plain.All(v => v >= -1e-12 && !double.IsNaN(v))) return (Normalised(plain), false);

        // The plain solution has a negative share: the constrained optimum lies on a face of the simplex, so try every
        // support (convex problem: the best feasible face solution is the optimum). Largest supports first, so ties keep more labels.
        double[]? best = null;
        var bestObjective = double.PositiveInfinity;
        foreach (var support in Enumerable.Range(1, (1 << k) - 2).OrderByDescending(s => System.Numerics.BitOperations.PopCount((uint)s)).ThenBy(s => s))
        {
            var columns = all.Where(j => (support >> j & 1) == 1).ToArray();
            var x = ConstrainedLeastSquares(a, q, columns);
            if (x.Any(v => v < -1e-12 || double.IsNaN(v))) continue;
            var full = new double[k];
            for (var c = 0; c < columns.Length; c++) full[columns[c]] = x[c];
            var objective = (a * Vector<double>.Build.Dense(full) - q).L2Norm();
            if (objective < bestObjective - 1e-12)
            {
                best = full;
                bestObjective = objective;
            }
        }
        return (Normalised(best!), true);
    }

    /// <summary>Negative rounding dust set to 0 and the sum made exactly 1.</summary>
    private static double[] Normalised(double[] x)
    {
        var clipped = x.Select(v => Math.Max(0, v)).ToArray();
        var sum = clipped.Sum();
        return clipped.Select(v => v / sum).ToArray();
    }

    /// <summary>min ‖A x − q‖² over x on the given columns with Σ x = 1, from its KKT system (pseudo-inverse, so a singular system gives the minimum-norm solution).</summary>
    private static double[] ConstrainedLeastSquares(Matrix<double> a, Vector<double> q, int[] columns)
    {
        var s = columns.Length;
        var sub = Matrix<double>.Build.Dense(a.RowCount, s, (i, j) => a[i, columns[j]]);
        var ata = sub.TransposeThisAndMultiply(sub);
        var atq = sub.TransposeThisAndMultiply(q);
        var kkt = Matrix<double>.Build.Dense(s + 1, s + 1, (i, j) => i < s && j < s ? ata[i, j] : i == s && j == s ? 0 : 1);
        var rhs = Vector<double>.Build.Dense(s + 1, i => i < s ? atq[i] : 1);
        var solution = kkt.PseudoInverse() * rhs;
        return solution.Take(s).ToArray();
    }
}
