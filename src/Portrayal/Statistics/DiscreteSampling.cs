using MathNet.Numerics;
using MathNet.Numerics.Random;

namespace Portrayal.Statistics;

/// <summary>
/// Exact draws from the binomial, hypergeometric and multinomial distributions for the seeded Monte Carlo and
/// bootstrap procedures. Each draw is an inversion that starts at the mode and walks outwards, so it costs about one
/// standard deviation of steps instead of one step per unit (MathNet's samplers simulate unit by unit, which is too slow
/// for a million classified posts times 2,000 replicates).
/// </summary>
internal static class DiscreteSampling
{
    /// <summary>The generator every seeded procedure uses: same seed, same stream, on any machine and .NET version.</summary>
    public static Random Generator(int seed) => new Xoshiro256StarStar(seed, threadSafe: false);

    public static int Binomial(Random rng, int n, double p)
    {
        if (n == 0 || p <= 0) return 0;
        if (p >= 1) return n;
        var mode = Math.Min(n, (int)Math.Floor((n + 1) * p));
        var pMode = Math.Exp(SpecialFunctions.BinomialLn(n, mode) + mode * Math.Log(p) + (n - mode) * Math.Log(1 - p));
        return FromMode(rng.NextDouble(), 0, n, mode, pMode, new BinomialRatios(n, p / (1 - p)));
    }

    /// <summary>Successes in <paramref name="draws"/> draws without replacement from <paramref name="population"/> items of which <paramref name="successes"/> succeed.</summary>
    public static int Hypergeometric(Random rng, int population, int successes, int draws)
    {
        var failures = population - successes;
        var lo = Math.Max(0, draws - failures);
        var hi = Math.Min(successes, draws);
        if (lo == hi) return lo;
        var mode = (int)Math.Floor((draws + 1.0) * (successes + 1.0) / (population + 2.0));
        mode = Math.Clamp(mode, lo, hi);
        var pMode = Math.Exp(SpecialFunctions.BinomialLn(successes, mode) + SpecialFunctions.BinomialLn(failures, draws - mode)
                             - SpecialFunctions.BinomialLn(population, draws));
        return FromMode(rng.NextDouble(), lo, hi, mode, pMode, new HypergeometricRatios(successes, failures, draws));
    }

    /// <summary>Counts of <paramref name="n"/> draws over categories with the given probabilities (sequential binomials).</summary>
    public static int[] Multinomial(Random rng, int n, ReadOnlySpan<double> probabilities)
    {
        var counts = new int[probabilities.Length];
        var left = n;
        var mass = 0.0;
        foreach (var p in probabilities) mass += p;
        for (var i = 0; i < probabilities.Length - 1 && left > 0; i++)
        {
            var p = mass <= 0 ? 0 : Math.Clamp(probabilities[i] / mass, 0, 1);
            counts[i] = Binomial(rng, left, p);
            left -= counts[i];
            mass -= probabilities[i];
        }
        if (probabilities.Length > 0) counts[^1] += left;
        return counts;
    }

    /// <summary>A random table with exactly the given margins, drawn from the distribution of tables under independence
    /// (the hypergeometric one that Patefield's algorithm draws from): each row takes its units from what is left of the
    /// columns, column by column, as draws without replacement.</summary>
    public static void RandomTable(Random rng, int[] rowSums, int[] colSums, int[,] into)
    {
        var left = (int[])colSums.Clone();
        var total = 0;
        foreach (var c in colSums) total += c;
        var rows = rowSums.Length;
        var cols = colSums.Length;
        for (var i = 0; i < rows - 1; i++)
        {
            var need = rowSums[i];
            var pool = total;
            for (var j = 0; j < cols - 1; j++)
            {
                var x = need == 0 ? 0 : Hypergeometric(rng, pool, left[j], need);
                into[i, j] = x;
                pool -= left[j];
                left[j] -= x;
                need -= x;
            }
            into[i, cols - 1] = need;
            left[cols - 1] -= need;
            total -= rowSums[i];
        }
        for (var j = 0; j < cols; j++) into[rows - 1, j] = left[j];
    }

    private interface IRatios
    {
        /// <summary>f(k+1) / f(k).</summary>
        double Up(int k);

        /// <summary>f(k-1) / f(k).</summary>
        double Down(int k);
    }

    private readonly struct BinomialRatios(int n, double odds) : IRatios
    {
        public double Up(int k) => (double)(n - k) / (k + 1) * odds;
        public double Down(int k) => (double)k / (n - k + 1) / odds;
    }

    private readonly struct HypergeometricRatios(int successes, int failures, int draws) : IRatios
    {
        public double Up(int k) => (double)(successes - k) * (draws - k) / ((k + 1.0) * (failures - draws + k + 1.0));
        public double Down(int k) => k * (double)(failures - draws + k) / ((successes - k + 1.0) * (draws - k + 1.0));
    }

    /// <summary>Inversion on the support reordered mode, mode+1, mode-1, mode+2, ...: exact for any order.</summary>
    private static int FromMode<T>(double u, int lo, int hi, int mode, double pMode, T ratios) where T : struct, IRatios
    {
        u -= pMode;
        if (u <= 0) return mode;
        int down = mode, up = mode;
        double fDown = pMode, fUp = pMode;
        while (down > lo || up < hi)
        {
            if (up < hi)
            {
                fUp *= ratios.Up(up);
                up++;
                u -= fUp;
                if (u <= 0) return up;
            }
            if (down > lo)
            {
                fDown *= ratios.Down(down);
                down--;
                u -= fDown;
                if (u <= 0) return down;
            }
        }
        return mode; // u fell in the rounding slack above the total mass
    }
}
