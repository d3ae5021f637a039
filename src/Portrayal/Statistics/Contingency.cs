using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace Portrayal.Statistics;

/// <summary>Which way a 2×2 exact test looks: any association, more than chance (odds ratio &gt; 1) or less (odds ratio &lt; 1).</summary>
public enum Alternative
{
    TwoSided,
    Greater,
    Less,
}

/// <summary>How an exact p-value was obtained.</summary>
public enum ExactMethod
{
    /// <summary>Fisher's exact test on a 2×2 table (hypergeometric distribution of the first cell).</summary>
    Fisher2x2,

    /// <summary>Fisher–Freeman–Halton test on an r×c table by complete enumeration of the tables with the observed margins.</summary>
    FreemanHaltonExact,

    /// <summary>Fisher–Freeman–Halton test by Monte Carlo: random tables with the observed margins.</summary>
    FreemanHaltonMonteCarlo,
}

/// <summary>
/// Pearson's chi-square test of independence on an r×c table of counts, without continuity correction
/// (R: <c>chisq.test(x, correct = FALSE)</c>; for tables larger than 2×2 R never corrects, so it equals <c>chisq.test(x)</c>).
/// <see cref="Expected"/> are the counts expected under independence (row total × column total / n);
/// <see cref="StandardizedResiduals"/> are the adjusted standardized residuals (O − E) / √(E (1 − row share) (1 − column share)),
/// as R's <c>chisq.test(x)$stdres</c> (Agresti, <i>Categorical Data Analysis</i>, 2nd ed., §3.3.1), approximately standard
/// normal under independence, so |residual| &gt; 1.96 marks a cell that departs from independence;
/// <see cref="CramersV"/> is √(χ² / (n (min(r, c) − 1))) (Cramér 1946, <i>Mathematical Methods of Statistics</i>, p. 282).
/// </summary>
public sealed record ChiSquareTest(double Statistic, int DegreesOfFreedom, double PValue, double[,] Expected, double[,] StandardizedResiduals, double CramersV)
{
    /// <summary>The smallest expected count, the usual check on the chi-square approximation.</summary>
    public double MinExpected => Expected.Cast<double>().Min();

    /// <summary>How many expected counts are below <paramref name="threshold"/>.</summary>
    public int ExpectedBelow(double threshold) => Expected.Cast<double>().Count(e => e < threshold);
}

/// <summary>An exact (or Monte Carlo exact) p-value and how it was obtained; <see cref="Replicates"/> and <see cref="Seed"/> are set only for Monte Carlo.</summary>
public sealed record ExactTest(double PValue, ExactMethod Method, Alternative Alternative, int Replicates = 0, int? Seed = null);

/// <summary>
/// Tests of independence for an r×c table of counts (rows e.g. platforms, columns stance labels): Pearson's chi-square with
/// expected counts, adjusted residuals and Cramér's V; Fisher's exact test for 2×2; the Fisher–Freeman–Halton exact test for
/// r×c (Freeman &amp; Halton 1951, <i>Biometrika</i> 38:141) by enumeration when the table is small, otherwise by Monte Carlo.
/// Pure functions; the only randomness is the seeded Monte Carlo. <see cref="ContingencyAnalysis"/> chooses among them.
/// </summary>
public static class Contingency
{
    /// <summary>R's relative tolerance for "as or less probable than the observed table" (<c>fisher.test</c>: <c>relErr &lt;- 1 + 10^(-7)</c>).</summary>
    public const double RelativeTolerance = 1e-7;

    /// <summary>Default Monte Carlo replicates: the standard error of a p-value near 0.05 is then about 0.002.</summary>
    public const int DefaultReplicates = 10_000;

    /// <summary>Default seed of every Monte Carlo run, so reports are reproducible.</summary>
    public const int DefaultSeed = 20220105;

    /// <summary>
    /// Default work limit of the exact r×c enumeration, in steps (a step: one column vector tried against one partial table,
    /// or one node visited), about a microsecond each, so at most about two seconds are spent before giving up. R's 4×4
    /// <c>Job</c> example (n = 96) takes 0.5 million steps, its 5×7 <c>MP6</c> (n = 39) 1.1 million; measured on random
    /// sparse tables, 3×3 and 5×3 tables of 100 units usually fit, 3×3 of 1,000 or 5×3 of 300 do not. Beyond the limit
    /// <see cref="Exact"/> falls back to Monte Carlo.
    /// </summary>
    public const long DefaultMaxExactSteps = 2_000_000;

    public static ChiSquareTest ChiSquare(int[,] table)
    {
        var (rows, cols, n) = Margins(table);
        if (rows.Length < 2 || cols.Length < 2) throw new ArgumentException("A chi-square test needs at least two rows and two columns.", nameof(table));
        if (rows.Any(r => r == 0) || cols.Any(c => c == 0))
            throw new ArgumentException("The table has an empty row or column (expected counts of 0); drop it first.", nameof(table));
        var r = rows.Length;
        var c = cols.Length;
        var expected = new double[r, c];
        var residuals = new double[r, c];
        var statistic = 0.0;
        for (var i = 0; i < r; i++)
        for (var j = 0; j < c; j++)
        {
            var e = (double)rows[i] * cols[j] / n;
            var d = table[i, j] - e;
            expected[i, j] = e;
            statistic += d * d / e;
            residuals[i, j] = d / Math.Sqrt(e * (1 - (double)rows[i] / n) * (1 - (double)cols[j] / n));
        }
        var df = (r - 1) * (c - 1);
        var p = UpperTail(df, statistic);
        var v = Math.Sqrt(statistic / (n * (Math.Min(r, c) - 1.0)));
        return new ChiSquareTest(statistic, df, p, expected, residuals, v);
    }

    /// <summary>
    /// Fisher's exact test on a 2×2 table, as R's <c>fisher.test</c>: the first cell is hypergeometric given the margins;
    /// two-sided p is the sum of the probabilities of the tables no more probable than the observed one (within
    /// <see cref="RelativeTolerance"/>); <see cref="Alternative.Greater"/> is P(first cell ≥ observed) (odds ratio &gt; 1),
    /// <see cref="Alternative.Less"/> P(first cell ≤ observed).
    /// </summary>
    public static ExactTest Fisher2x2(int[,] table, Alternative alternative = Alternative.TwoSided)
    {
        if (table.GetLength(0) != 2 || table.GetLength(1) != 2) throw new ArgumentException("Fisher2x2 needs a 2×2 table.", nameof(table));
        Margins(table);
        var x = table[0, 0];
        var m = table[0, 0] + table[1, 0];
        var n = table[0, 1] + table[1, 1];
        var k = table[0, 0] + table[0, 1];
        var lo = Math.Max(0, k - n);
        var hi = Math.Min(k, m);
        var logD = new double[hi - lo + 1];
        for (var i = lo; i <= hi; i++)
            logD[i - lo] = SpecialFunctions.BinomialLn(m, i) + SpecialFunctions.BinomialLn(n, k - i) - SpecialFunctions.BinomialLn(m + n, k);
        var max = logD.Max();
        var d = logD.Select(l => Math.Exp(l - max)).ToArray();
        var sum = d.Sum();
        double tail = 0;
        switch (alternative)
        {
            case Alternative.Greater:
                for (var i = x; i <= hi; i++) tail += d[i - lo];
                break;
            case Alternative.Less:
                for (var i = lo; i <= x; i++) tail += d[i - lo];
                break;
            default:
                var limit = d[x - lo] * (1 + RelativeTolerance);
                foreach (var v in d)
                    if (v <= limit) tail += v;
                break;
        }
        return new ExactTest(Math.Min(1, tail / sum), ExactMethod.Fisher2x2, alternative);
    }

    /// <summary>
    /// The Fisher–Freeman–Halton exact test by complete enumeration: the sum of the probabilities (multivariate
    /// hypergeometric, given both margins) of all tables with the observed margins that are no more probable than the
    /// observed one, within <see cref="RelativeTolerance"/>, as R's <c>fisher.test</c> for r×c tables. The enumeration is a
    /// network algorithm in the manner of Mehta &amp; Patel (1983, <i>JASA</i> 78:427): columns are filled one by one, partial
    /// tables that leave the same remaining row totals are merged, and a branch is settled without enumerating it when bounds
    /// show that all or none of its completions count. Returns null when more than <paramref name="maxSteps"/> steps would be needed.
    /// </summary>
    public static ExactTest? FreemanHaltonExact(int[,] table, long maxSteps = DefaultMaxExactSteps)
    {
        Margins(table);
        var p = NetworkEnumeration.PValue(table, RelativeTolerance, maxSteps);
        return p is null ? null : new ExactTest(p.Value, ExactMethod.FreemanHaltonExact, Alternative.TwoSided);
    }

    /// <summary>
    /// The Fisher–Freeman–Halton test by Monte Carlo, as R's <c>fisher.test(x, simulate.p.value = TRUE, B = replicates)</c>:
    /// <paramref name="replicates"/> random tables with the observed margins are drawn under independence, and
    /// p = (1 + number of tables no more probable than the observed) / (replicates + 1) (Hope 1968). The draws come from a
    /// generator seeded with <paramref name="seed"/>, so the same table and seed give the same p on any machine
    /// (not R's p: R uses its own generator).
    /// </summary>
    public static ExactTest FreemanHaltonMonteCarlo(int[,] table, int replicates = DefaultReplicates, int seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicates, 1);
        var (rows, cols, n) = Margins(table);
        var lnf = LogFactorials(n);
        var observed = SumLogFactorials(table, lnf);
        var threshold = observed - RelativeTolerance;
        var rng = DiscreteSampling.Generator(seed);
        var sim = new int[rows.Length, cols.Length];
        var asExtreme = 0;
        for (var b = 0; b < replicates; b++)
        {
            DiscreteSampling.RandomTable(rng, rows, cols, sim);
            if (SumLogFactorials(sim, lnf) >= threshold) asExtreme++;
        }
        return new ExactTest((1.0 + asExtreme) / (replicates + 1.0), ExactMethod.FreemanHaltonMonteCarlo, Alternative.TwoSided, replicates, seed);
    }

    /// <summary>The exact test that fits the table: Fisher for 2×2, else Freeman–Halton by enumeration, else by Monte Carlo.</summary>
    public static ExactTest Exact(int[,] table, int replicates = DefaultReplicates, int seed = DefaultSeed, long maxSteps = DefaultMaxExactSteps)
    {
        if (table.GetLength(0) == 2 && table.GetLength(1) == 2) return Fisher2x2(table);
        return FreemanHaltonExact(table, maxSteps) ?? FreemanHaltonMonteCarlo(table, replicates, seed);
    }

    /// <summary>P(χ²(df) ≥ statistic): 1 − MathNet's <see cref="ChiSquared.CDF"/>, taken as the upper regularized gamma
    /// function directly so that p-values far below 1e-16 do not round to 0.</summary>
    internal static double UpperTail(int df, double statistic) =>
        statistic <= 0 ? 1 : SpecialFunctions.GammaUpperRegularized(df / 2.0, statistic / 2.0);

    internal static (int[] Rows, int[] Cols, int N) Margins(int[,] table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var r = table.GetLength(0);
        var c = table.GetLength(1);
        var rows = new int[r];
        var cols = new int[c];
        var n = 0;
        for (var i = 0; i < r; i++)
        for (var j = 0; j < c; j++)
        {
            var x = table[i, j];
            if (x < 0) throw new ArgumentException($"Counts cannot be negative (cell {i + 1},{j + 1} is {x}).", nameof(table));
            rows[i] += x;
            cols[j] += x;
            n += x;
        }
        return (rows, cols, n);
    }

    internal static double[] LogFactorials(int n)
    {
        // Each from MathNet's log-gamma, not a running sum of logs, whose rounding error would grow with n.
        var lnf = new double[n + 1];
        for (var i = 2; i <= n; i++) lnf[i] = SpecialFunctions.FactorialLn(i);
        return lnf;
    }

    internal static double SumLogFactorials(int[,] table, double[] lnf)
    {
        var s = 0.0;
        foreach (var x in table) s += lnf[x];
        return s;
    }
}
