namespace Portrayal.Statistics;

/// <summary>A unit (post) with its label and engagement weight (views, likes, forwards); null when the platform did not supply it.</summary>
public sealed record WeightedUnit(string Label, double? Weight);

/// <summary>One label's engagement-weighted share: Σ weight of its units / Σ weight of all units, with a bootstrap interval.</summary>
public sealed record WeightedShare(string Label, int Units, double Weight, double Share, double Low, double High);

/// <summary>
/// Engagement-weighted shares of labels (e.g. stances): each unit counts in proportion to its weight (views, likes or
/// forwards), so the shares answer "what stance did the audience see" rather than "what stance did the posts take".
/// Units whose weight is null (not supplied by the platform) are left out and counted in <see cref="UnitsWithoutWeight"/>;
/// a weight of 0 is a real 0 and stays in. The 95% intervals are percentile bootstrap intervals from
/// <see cref="Replicates"/> resamples of the units with replacement (Efron &amp; Tibshirani 1993), seeded by
/// <see cref="Seed"/>; engagement is heavy-tailed, so one viral post can move a share a lot, and the interval shows it.
/// </summary>
public sealed record WeightedShares(
    string WeightName, IReadOnlyList<WeightedShare> Shares, int Units, int UnitsWithoutWeight, double TotalWeight, int Replicates, int Seed)
{
    public const int DefaultReplicates = 2000;
    public const int DefaultSeed = 20220105;

    public WeightedShare this[string label] => Shares.First(s => s.Label == label);

    /// <summary>The method in words, for the report.</summary>
    public string Describe(string units = "posts") =>
        $"Shares weighted by {WeightName} over {StatFormat.Count(Units)} {units}" +
        (UnitsWithoutWeight > 0 ? $" ({StatFormat.Count(UnitsWithoutWeight)} without {WeightName} left out)" : "") +
        $"; 95% intervals from {StatFormat.Count(Replicates)} bootstrap resamples of the {units} (seed {Seed}).";

    /// <param name="units">The units with their labels and weights.</param>
    /// <param name="labels">The labels to report, in order (every unit's label must be one of them).</param>
    /// <param name="weightName">What the weight is ("views", "likes", "forwards"), for <see cref="Describe"/>.</param>
    public static WeightedShares Compute(IEnumerable<WeightedUnit> units, IReadOnlyList<string> labels, string weightName,
        int replicates = DefaultReplicates, int seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicates, 1);
        var index = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var labelOf = new List<int>();
        var weightOf = new List<double>();
        var withoutWeight = 0;
        foreach (var unit in units)
        {
            if (!index.TryGetValue(unit.Label, out var li))
                throw new ArgumentException($"Label \"{unit.Label}\" is not one of {string.Join(", ", labels)}.", nameof(units));
            if (unit.Weight is not { } w)
            {
                withoutWeight++;
                continue;
            }
            if (double.IsNaN(w) || double.IsInfinity(w) || w < 0) throw new ArgumentException($"A weight must be a finite number ≥ 0, not {w}.", nameof(units));
            labelOf.Add(li);
            weightOf.Add(w);
        }

        var k = labels.Count;
        var n = labelOf.Count;
        var (weights, counts) = Totals(labelOf, weightOf, k, i => i);
        var total = weights.Sum();

        var replicateShares = Enumerable.Range(0, k).Select(_ => new List<double>(replicates)).ToArray();
        if (n > 0)
        {
            var rng = DiscreteSampling.Generator(seed);
            var draw = new int[n];
            for (var b = 0; b < replicates; b++)
            {
                for (var i = 0; i < n; i++) draw[i] = rng.Next(n);
                var (bw, _) = Totals(labelOf, weightOf, k, i => draw[i]);
                var bt = bw.Sum();
                if (bt <= 0) continue; // all resampled weights 0: no share defined in this replicate
                for (var l = 0; l < k; l++) replicateShares[l].Add(bw[l] / bt);
            }
        }

        var shares = new List<WeightedShare>(k);
        for (var l = 0; l < k; l++)
        {
            var (low, high) = Bootstrap.PercentileInterval(replicateShares[l]);
            shares.Add(new WeightedShare(labels[l], counts[l], weights[l], total > 0 ? weights[l] / total : double.NaN, low, high));
        }
        return new WeightedShares(weightName, shares, n, withoutWeight, total, replicates, seed);
    }

    private static (double[] Weights, int[] Counts) Totals(List<int> labelOf, List<double> weightOf, int k, Func<int, int> pick)
    {
        var weights = new double[k];
        var counts = new int[k];
        for (var i = 0; i < labelOf.Count; i++)
        {
            var j = pick(i);
            weights[labelOf[j]] += weightOf[j];
            counts[labelOf[j]]++;
        }
        return (weights, counts);
    }
}
