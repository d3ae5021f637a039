using MathNet.Numerics.Distributions;
using Portrayal.Statistics;
using Xunit;

namespace Portrayal.Tests.Statistics;

public class DiscreteSamplingTests
{
    private const int Draws = 50_000;

    [Fact]
    public void Binomial_draws_follow_the_binomial_distribution()
    {
        // Frequencies against MathNet's binomial pmf, by a chi-square goodness-of-fit test over the cells with expected ≥ 5.
        var rng = DiscreteSampling.Generator(1);
        var counts = new int[41];
        for (var i = 0; i < Draws; i++) counts[DiscreteSampling.Binomial(rng, 40, 0.3)]++;
        AssertFits(counts, k => Binomial.PMF(0.3, 40, k));
    }

    [Fact]
    public void Hypergeometric_draws_follow_the_hypergeometric_distribution()
    {
        var rng = DiscreteSampling.Generator(2);
        var counts = new int[11];
        for (var i = 0; i < Draws; i++) counts[DiscreteSampling.Hypergeometric(rng, 100, 20, 10)]++;
        AssertFits(counts, k => Hypergeometric.PMF(100, 20, 10, k));
    }

    [Fact]
    public void Large_binomial_draws_have_the_right_mean_and_variance()
    {
        // n = 1,000,000, p = 0.3: mean 300,000, variance np(1 − p) = 210,000; the mean of 20,000 draws has SE √(210000/20000) = 3.2.
        var rng = DiscreteSampling.Generator(3);
        var xs = Enumerable.Range(0, 20_000).Select(_ => (double)DiscreteSampling.Binomial(rng, 1_000_000, 0.3)).ToArray();
        Assert.InRange(xs.Average(), 300_000 - 15, 300_000 + 15);
        Assert.InRange(MathNet.Numerics.Statistics.Statistics.Variance(xs), 210_000 * 0.95, 210_000 * 1.05);
    }

    [Fact]
    public void Random_tables_keep_the_margins_and_repeat_with_the_seed()
    {
        int[] rows = [20, 22, 33, 21];
        int[] cols = [4, 13, 43, 36];
        var a = new int[4, 4];
        var b = new int[4, 4];
        var rngA = DiscreteSampling.Generator(9);
        var rngB = DiscreteSampling.Generator(9);
        for (var round = 0; round < 100; round++)
        {
            DiscreteSampling.RandomTable(rngA, rows, cols, a);
            DiscreteSampling.RandomTable(rngB, rows, cols, b);
            Assert.Equal(a, b);
            for (var i = 0; i < 4; i++) Assert.Equal(rows[i], Enumerable.Range(0, 4).Sum(j => a[i, j]));
            for (var j = 0; j < 4; j++) Assert.Equal(cols[j], Enumerable.Range(0, 4).Sum(i => a[i, j]));
            Assert.All(a.Cast<int>(), x => Assert.True(x >= 0));
        }
    }

    [Fact]
    public void Multinomial_counts_add_up()
    {
        var rng = DiscreteSampling.Generator(4);
        var counts = DiscreteSampling.Multinomial(rng, 1000, [0.5, 0.3, 0.2]);
        Assert.Equal(1000, counts.Sum());
        Assert.InRange(counts[0], 430, 570); // 500 ± 4.5 SD
    }

    private static void AssertFits(int[] counts, Func<int, double> pmf)
    {
        var statistic = 0.0;
        var cells = 0;
        for (var k = 0; k < counts.Length; k++)
        {
            var expected = Draws * pmf(k);
            if (expected < 5) continue;
            statistic += (counts[k] - expected) * (counts[k] - expected) / expected;
            cells++;
        }
        var p = 1 - ChiSquared.CDF(cells - 1, statistic);
        Assert.True(p > 0.001, $"χ² = {statistic:0.0} on {cells - 1} df, p = {p:G3}");
    }
}
