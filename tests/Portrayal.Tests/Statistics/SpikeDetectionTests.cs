using Portrayal.Statistics;
using Xunit;

namespace Portrayal.Tests.Statistics;

public class SpikeDetectionTests
{
    private static readonly DateOnly Start = new(2022, 1, 1);

    /// <summary>30 days alternating 9 (even days) and 11 (odd days), with the given overrides.</summary>
    private static List<(DateOnly, int)> Series(params (int Day, int Count)[] overrides)
    {
        var s = Enumerable.Range(0, 30).Select(d => (Start.AddDays(d), d % 2 == 0 ? 9 : 11)).ToList();
        foreach (var (day, count) in overrides) s[day] = (Start.AddDays(day), count);
        return s;
    }

    [Fact]
    public void One_obvious_spike_is_found_with_its_baseline_and_score()
    {
        // Day 20 = 60. Its window, days 6–19, holds seven 9s and seven 11s: median 10, absolute deviations all 1, MAD 1,
        // 1.4826 × MAD = 1.48 < √10 = 3.1623, so scale = 3.1623 and score = (60 − 10) / 3.1623 = 15.811.
        var spikes = SpikeDetection.Find(Series((20, 60)));
        var spike = Assert.Single(spikes);
        Assert.Equal(Start.AddDays(20), spike.Day);
        Assert.Equal(60, spike.Count);
        Assert.Equal(10.0, spike.Baseline, 12);
        Assert.Equal(Math.Sqrt(10), spike.Scale, 12);
        Assert.Equal(50 / Math.Sqrt(10), spike.Score, 9);
    }

    [Fact]
    public void The_day_after_a_spike_is_judged_against_the_ordinary_level()
    {
        // Day 21's window (days 7–20) contains the 60, but its median is still 11 (six 9s, seven 11s, one 60), so a second
        // high day of 45 is still found as a spike: (45 − 11) / √11 = 10.25.
        var spikes = SpikeDetection.Find(Series((20, 60), (21, 45)));
        Assert.Equal([Start.AddDays(20), Start.AddDays(21)], spikes.Select(s => s.Day));
        Assert.Equal(11.0, spikes[1].Baseline, 12);
        Assert.Equal(34 / Math.Sqrt(11), spikes[1].Score, 9);
    }

    [Fact]
    public void A_flat_series_has_no_spikes()
    {
        Assert.Empty(SpikeDetection.Find(Series()));
        Assert.Empty(SpikeDetection.Find(Enumerable.Range(0, 60).Select(d => (Start.AddDays(d), 10))));
    }

    [Fact]
    public void A_moderate_rise_stays_below_the_threshold()
    {
        // (20 − 10) / √10 = 3.16 < 3.5: not a spike; (22 − 10) / √10 = 3.79: a spike.
        Assert.Empty(SpikeDetection.Find(Series((20, 20))));
        Assert.Single(SpikeDetection.Find(Series((20, 22))));
    }

    [Fact]
    public void Too_few_units_or_too_little_history_are_not_spikes()
    {
        var quiet = Enumerable.Range(0, 20).Select(d => (Start.AddDays(d), d == 15 ? 4 : 0));
        Assert.Empty(SpikeDetection.Find(quiet)); // 4 < MinCount 5, although (4 − 0) / 1 = 4 ≥ 3.5
        Assert.Empty(SpikeDetection.Find(Series((3, 90)))); // day 3 has only 3 previous days (< MinHistory 7)
    }

    [Fact]
    public void Missing_days_count_as_zero()
    {
        // Ten days of 0 given only as their first and last day, then 8: baseline 0, scale 1, score 8.
        (DateOnly, int)[] sparse = [(Start, 0), (Start.AddDays(9), 0), (Start.AddDays(10), 8)];
        var spike = Assert.Single(SpikeDetection.Find(sparse));
        Assert.Equal(Start.AddDays(10), spike.Day);
        Assert.Equal(0.0, spike.Baseline);
        Assert.Equal(8.0, spike.Score, 12);
    }

    [Fact]
    public void Duplicate_days_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => SpikeDetection.Find([(Start, 1), (Start, 2)]));
    }

    [Fact]
    public void The_rule_is_described_with_its_defaults()
    {
        Assert.Equal(
            "A day is a spike when its count is at least 5 and at least 3.5 robust standard deviations above the median of the " +
            "previous 14 days (judged once 7 previous days exist; the robust standard deviation is 1.4826 × the median absolute " +
            "deviation, but never less than the square root of the median, the Poisson spread of a count, nor less than 1).",
            new SpikeOptions().Describe());
    }
}
