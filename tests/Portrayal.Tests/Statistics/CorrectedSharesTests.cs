using Portrayal.Coding;
using Portrayal.Statistics;
using Xunit;

namespace Portrayal.Tests.Statistics;

public class CorrectedSharesTests
{
    private static readonly string[] Stances = ["negative", "neutral", "positive"];

    // Synthetic case with a known truth. Coded sample (rows = true, columns = predicted), 100 units per true label:
    //   negative → 80 negative, 15 neutral,  5 positive
    //   neutral  → 10 negative, 85 neutral,  5 positive
    //   positive →  5 negative, 15 neutral, 80 positive
    // True shares π = (0.5, 0.3, 0.2). Predicted shares q = Mᵀ π:
    //   negative: 0.5·0.80 + 0.3·0.10 + 0.2·0.05 = 0.40 + 0.03 + 0.01 = 0.44
    //   neutral:  0.5·0.15 + 0.3·0.85 + 0.2·0.15 = 0.075 + 0.255 + 0.03 = 0.36
    //   positive: 0.5·0.05 + 0.3·0.05 + 0.2·0.80 = 0.025 + 0.015 + 0.16 = 0.20
    // so a classifier on 10,000 posts that behaves exactly as on the sample reports 4,400 / 3,600 / 2,000.
    private static readonly int[,] Confusion = { { 80, 15, 5 }, { 10, 85, 5 }, { 5, 15, 80 } };
    private static readonly int[] ClassifierCounts = [4400, 3600, 2000];
    private static readonly double[] Truth = [0.5, 0.3, 0.2];

    [Fact]
    public void The_correction_recovers_the_true_shares()
    {
        var c = CorrectedShares.Estimate(Stances, ClassifierCounts, Confusion);
        for (var l = 0; l < 3; l++)
        {
            Assert.Equal(Truth[l], c.Shares[l].Share, 10);
            Assert.InRange(Truth[l], c.Shares[l].Low, c.Shares[l].High);
        }
        Assert.Equal(0.44, c["negative"].Classifier.Share, 12);
        Assert.False(c.Constrained);
        Assert.Equal((10_000, 300), (c.ClassifiedUnits, c.CodedUnits));
    }

    [Fact]
    public void The_classifier_share_lies_outside_the_corrected_interval_when_the_bias_is_large()
    {
        // The classifier says 44% negative, 6 points below the truth. With 1,000 coded units per label (the same rates ×10)
        // the corrected 95% interval around 50% is about ±2 points, so it excludes 44%.
        var c = CorrectedShares.Estimate(Stances, ClassifierCounts, Times(Confusion, 10));
        Assert.True(c["negative"].Low > 0.44, $"interval {c["negative"].Low:0.000}–{c["negative"].High:0.000}");
        Assert.InRange(0.5, c["negative"].Low, c["negative"].High);
    }

    [Fact]
    public void The_same_seed_gives_the_same_interval()
    {
        var a = CorrectedShares.Estimate(Stances, ClassifierCounts, Confusion, replicates: 500, seed: 5);
        var b = CorrectedShares.Estimate(Stances, ClassifierCounts, Confusion, replicates: 500, seed: 5);
        var c = CorrectedShares.Estimate(Stances, ClassifierCounts, Confusion, replicates: 500, seed: 6);
        Assert.Equal(a.Shares, b.Shares);
        Assert.NotEqual(a["neutral"].Low, c["neutral"].Low);
    }

    [Fact]
    public void A_larger_coded_sample_narrows_the_interval()
    {
        var small = CorrectedShares.Estimate(Stances, ClassifierCounts, Confusion)["positive"];
        var large = CorrectedShares.Estimate(Stances, ClassifierCounts, Times(Confusion, 10))["positive"];
        Assert.Equal(small.Share, large.Share, 10);
        Assert.True(large.High - large.Low < 0.6 * (small.High - small.Low));
    }

    [Fact]
    public void Two_labels_reduce_to_Formans_adjusted_count()
    {
        // Forman (2008): p = (q − fpr) / (tpr − fpr). tpr = 80/100, fpr = 10/100, q = 450/1000 → (0.45 − 0.10) / 0.70 = 0.5.
        int[,] confusion = { { 80, 20 }, { 10, 90 } }; // rows: true positive, true negative; columns: predicted positive, negative
        var c = CorrectedShares.Estimate(["positive", "negative"], [450, 550], confusion, replicates: 200);
        Assert.Equal(0.5, c["positive"].Share, 12);
        Assert.False(c.Constrained);
    }

    [Fact]
    public void An_impossible_observed_share_is_held_to_zero_and_flagged()
    {
        // q = 0.05 below the false-positive rate 0.10: Forman's formula gives (0.05 − 0.10) / 0.70 = −0.07; on [0, 1] the
        // least-squares residual (0.05 + 0.7p, −0.05 − 0.7p) is smallest at p = 0.
        int[,] confusion = { { 80, 20 }, { 10, 90 } };
        var c = CorrectedShares.Estimate(["positive", "negative"], [50, 950], confusion, replicates: 200);
        Assert.Equal(0.0, c["positive"].Share, 12);
        Assert.Equal(1.0, c["negative"].Share, 12);
        Assert.True(c.Constrained);
    }

    [Fact]
    public void Solve_keeps_three_shares_on_the_simplex()
    {
        // q far outside what M can produce: the answer still has shares in [0, 1] that sum to 1.
        var (shares, constrained) = CorrectedShares.Solve([0.0, 0.0, 1.0], CorrectedShares.Misclassification(Confusion));
        Assert.True(constrained);
        Assert.All(shares, s => Assert.InRange(s, 0, 1));
        Assert.Equal(1.0, shares.Sum(), 12);
        Assert.Equal(1.0, shares[2], 12); // the closest mixture to "all predicted positive" is "all truly positive"
    }

    [Fact]
    public void A_label_missing_from_the_coded_sample_is_an_error()
    {
        int[,] confusion = { { 80, 15, 5 }, { 0, 0, 0 }, { 5, 15, 80 } };
        var e = Assert.Throws<ArgumentException>(() => CorrectedShares.Estimate(Stances, ClassifierCounts, confusion));
        Assert.Contains("\"neutral\"", e.Message);
    }

    [Fact]
    public void The_method_reads_as_a_sentence()
    {
        Assert.Equal(
            "Shares corrected for classifier error by adjusted classify-and-count (Forman 2008; Hopkins & King 2010): the " +
            "misclassification rates measured on 300 hand-coded posts were inverted over the 10,000 classified posts (least " +
            "squares on shares between 0 and 1 that sum to 1); 95% intervals from 2,000 bootstrap resamples of both the coded " +
            "and the classified posts (seed 20220105).",
            CorrectedShares.Estimate(Stances, ClassifierCounts, Confusion).Describe());
    }

    private static int[,] Times(int[,] table, int factor)
    {
        var t = new int[table.GetLength(0), table.GetLength(1)];
        for (var i = 0; i < t.GetLength(0); i++)
        for (var j = 0; j < t.GetLength(1); j++)
            t[i, j] = table[i, j] * factor;
        return t;
    }
}
