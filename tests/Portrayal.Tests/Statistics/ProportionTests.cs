using Portrayal.Reports;
using Portrayal.Statistics;
using Xunit;

namespace Portrayal.Tests.Statistics;

public class ProportionTests
{
    // Reference values: R 4.3, prop.test(x, n, correct = FALSE)$conf.int (the Wilson score interval).
    [Theory]
    [InlineData(47, 61, 0.6508659, 0.8580677)]
    [InlineData(14, 61, 0.1419323, 0.3491341)]
    [InlineData(0, 10, 0.0000000, 0.2775328)]
    [InlineData(10, 10, 0.7224672, 1.0000000)]
    [InlineData(1, 2, 0.0945312, 0.9054688)]
    public void Wilson_interval_matches_R(int x, int n, double low, double high)
    {
        var p = Proportion.Wilson(x, n);
        Assert.Equal(low, p.Low, 6);
        Assert.Equal(high, p.High, 6);
        Assert.Equal((double)x / n, p.Share, 12);
    }

    [Fact]
    public void The_study_headline_reads_as_in_the_report()
    {
        Assert.Equal("47 (77.0%, 95% CI 65.1–85.8%)", Findings.CountWithInterval(Proportion.Wilson(47, 61)));
    }

    [Fact]
    public void An_empty_slice_has_no_share_rather_than_zero()
    {
        var p = Proportion.Wilson(0, 0);
        Assert.True(double.IsNaN(p.Share));
        Assert.Equal("–", Findings.Percent(p.Share));
    }
}
