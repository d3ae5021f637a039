using Portrayal.Statistics;
using Xunit;

namespace Portrayal.Tests.Statistics;

public class WeightedSharesTests
{
    private static readonly string[] Stances = ["negative", "neutral", "positive"];

    // Hand-computed: views 100 + 50 negative, 0 neutral, 850 positive; one neutral post without views.
    // Total = 1000 → negative 150/1000 = 0.15, neutral 0, positive 0.85; 4 posts used, 1 left out.
    private static readonly WeightedUnit[] Posts =
    [
        new("negative", 100), new("negative", 50), new("neutral", 0), new("positive", 850), new("neutral", null),
    ];

    [Fact]
    public void Shares_are_weighted_and_posts_without_a_weight_are_left_out_and_counted()
    {
        var w = WeightedShares.Compute(Posts, Stances, "views");
        Assert.Equal(0.15, w["negative"].Share, 12);
        Assert.Equal(0.0, w["neutral"].Share, 12);
        Assert.Equal(0.85, w["positive"].Share, 12);
        Assert.Equal(4, w.Units);
        Assert.Equal(1, w.UnitsWithoutWeight);
        Assert.Equal(1000, w.TotalWeight);
        Assert.Equal((2, 1, 1), (w["negative"].Units, w["neutral"].Units, w["positive"].Units));
    }

    [Fact]
    public void The_same_seed_gives_the_same_interval_and_another_seed_another()
    {
        var units = Enumerable.Range(0, 200).Select(i => new WeightedUnit(Stances[i % 3], 1 + i % 17 * 10.0)).ToList();
        var a = WeightedShares.Compute(units, Stances, "views", seed: 11);
        var b = WeightedShares.Compute(units, Stances, "views", seed: 11);
        var c = WeightedShares.Compute(units, Stances, "views", seed: 12);
        Assert.Equal(a.Shares, b.Shares);
        Assert.NotEqual(a["negative"].Low, c["negative"].Low);
    }

    [Fact]
    public void With_equal_weights_the_interval_is_close_to_Wilsons()
    {
        // 40 negative of 100 posts, all weight 1: the weighted share is the plain share 0.40, and the bootstrap interval of a
        // proportion should be close to the Wilson interval 0.309–0.498 (R: prop.test(40, 100, correct = FALSE)$conf.int,
        // here from Proportion.Wilson, itself tested against R).
        var units = Enumerable.Range(0, 100).Select(i => new WeightedUnit(i < 40 ? "negative" : "positive", 1)).ToList();
        var w = WeightedShares.Compute(units, Stances, "views", replicates: 4000);
        var wilson = Proportion.Wilson(40, 100);
        Assert.Equal(0.40, w["negative"].Share, 12);
        Assert.InRange(w["negative"].Low, wilson.Low - 0.02, wilson.Low + 0.02);
        Assert.InRange(w["negative"].High, wilson.High - 0.02, wilson.High + 0.02);
    }

    [Fact]
    public void One_viral_post_widens_the_interval()
    {
        var even = Enumerable.Range(0, 100).Select(i => new WeightedUnit(i < 40 ? "negative" : "positive", 100)).ToList();
        var viral = even.Select((u, i) => i == 0 ? u with { Weight = 20_000 } : u).ToList();
        var widthEven = WeightedShares.Compute(even, Stances, "views")["negative"] is var e ? e.High - e.Low : 0;
        var widthViral = WeightedShares.Compute(viral, Stances, "views")["negative"] is var v ? v.High - v.Low : 0;
        Assert.True(widthViral > 2 * widthEven, $"viral {widthViral:0.000} vs even {widthEven:0.000}");
    }

    [Fact]
    public void The_method_reads_as_a_sentence()
    {
        Assert.Equal("Shares weighted by views over 4 posts (1 without views left out); 95% intervals from 2,000 bootstrap resamples of the posts (seed 20220105).",
            WeightedShares.Compute(Posts, Stances, "views").Describe());
    }

    [Fact]
    public void Unknown_labels_and_negative_weights_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => WeightedShares.Compute([new WeightedUnit("angry", 1)], Stances, "views"));
        Assert.Throws<ArgumentException>(() => WeightedShares.Compute([new WeightedUnit("negative", -1)], Stances, "views"));
    }

    [Fact]
    public void No_weighted_units_give_no_share_rather_than_zero()
    {
        var w = WeightedShares.Compute([new WeightedUnit("negative", null)], Stances, "views");
        Assert.True(double.IsNaN(w["negative"].Share));
        Assert.True(double.IsNaN(w["negative"].Low));
        Assert.Equal(1, w.UnitsWithoutWeight);
    }
}
