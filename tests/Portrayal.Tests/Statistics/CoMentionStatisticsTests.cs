using Portrayal.Statistics;
using Xunit;

namespace Portrayal.Tests.Statistics;

public class CoMentionStatisticsTests
{
    // Hand-computed example: 100 posts; the CSTO in 20, Russia in 10, both in 8.
    //   only CSTO = 20 − 8 = 12, only Russia = 10 − 8 = 2, neither = 100 − 8 − 12 − 2 = 78
    //   Jaccard = 8 / (8 + 12 + 2) = 8/22 = 0.363636…
    //   expected both = 100 × 0.20 × 0.10 = 2; lift = 0.08 / (0.20 × 0.10) = 4; PMI = log2 4 = 2
    //   Fisher one-sided (greater): P(X ≥ 8), X ~ hypergeometric (10 Russia posts drawn from 100, 20 of them CSTO)
    //     = [C(20,8)C(80,2) + C(20,9)C(80,1) + C(20,10)C(80,0)] / C(100,10)
    //     = (125970·3160 + 167960·80 + 184756) / 17,310,309,456,440
    //     = (398,065,200 + 13,436,800 + 184,756) / 17,310,309,456,440 = 411,686,756 / 17,310,309,456,440 = 2.3782750e-05
    //   Two-sided: every x ≤ 7 has P(x) > P(8) (the mode is 2), so the two-sided p is the same sum.
    private static CoMentionAssociation Example(Alternative alternative = Alternative.Greater) =>
        CoMentionStatistics.Of("csto", "russia", both: 8, onlyA: 12, onlyB: 2, units: 100, alternative);

    [Fact]
    public void Counts_Jaccard_lift_and_PMI_match_the_hand_computation()
    {
        var c = Example();
        Assert.Equal((8, 12, 2, 78), (c.Both, c.OnlyA, c.OnlyB, c.Neither));
        Assert.Equal((20, 10), (c.WithA, c.WithB));
        Assert.Equal(8.0 / 22, c.Jaccard, 12);
        Assert.Equal(2.0, c.ExpectedBoth, 12);
        Assert.Equal(4.0, c.Lift, 12);
        Assert.Equal(2.0, c.Pmi, 12);
    }

    [Fact]
    public void Fisher_test_matches_the_hand_computation()
    {
        Assert.Equal(411_686_756.0 / 17_310_309_456_440.0, Example().PValue, 12);
        Assert.Equal(411_686_756.0 / 17_310_309_456_440.0, Example(Alternative.TwoSided).PValue, 12);
        Assert.Equal(Alternative.Greater, Example().Alternative);
    }

    [Fact]
    public void Independence_gives_lift_one_and_PMI_zero_and_a_large_p()
    {
        // 100 posts, A in 20, B in 10, both in 2 = exactly the expected 100 × 0.2 × 0.1.
        var c = CoMentionStatistics.Of("a", "b", both: 2, onlyA: 18, onlyB: 8, units: 100);
        Assert.Equal(1.0, c.Lift, 12);
        Assert.Equal(0.0, c.Pmi, 12);
        Assert.True(c.PValue > 0.3);
    }

    [Fact]
    public void Never_together_gives_minus_infinite_PMI_and_a_missing_actor_gives_NaN()
    {
        Assert.Equal(double.NegativeInfinity, CoMentionStatistics.Of("a", "b", 0, 5, 5, 50).Pmi);
        var missing = CoMentionStatistics.Of("a", "b", 0, 5, 0, 50);
        Assert.True(double.IsNaN(missing.Lift));
        Assert.Equal(1.0, missing.PValue);
    }

    [Fact]
    public void The_finding_reads_as_a_sentence_with_its_figures()
    {
        Assert.Equal(
            "The CSTO and Russia appear together in 8 of 100 posts, 4.0 times as often as if they were mentioned independently " +
            "(2.0 expected; one-sided Fisher's exact test for co-occurrence above chance, p < 0.001); Jaccard 0.36.",
            Example().Sentence("the CSTO", "Russia"));
    }

    [Fact]
    public void Impossible_counts_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CoMentionStatistics.Of("a", "b", 8, 12, 2, 20));
        Assert.Throws<ArgumentOutOfRangeException>(() => CoMentionStatistics.Of("a", "b", -1, 12, 2, 100));
    }
}
