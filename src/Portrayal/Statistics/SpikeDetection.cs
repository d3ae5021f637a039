namespace Portrayal.Statistics;

/// <summary>
/// The spike rule of <see cref="SpikeDetection"/>, with its defaults.
/// </summary>
/// <param name="Window">How many previous days form the baseline (default 14: two weeks, so weekday rhythms average out).</param>
/// <param name="MinHistory">A day is judged only when at least this many previous days exist (default 7).</param>
/// <param name="Threshold">Robust z-score at or above which a day is a spike (default 3.5, Iglewicz &amp; Hoaglin's cut-off for the modified z-score).</param>
/// <param name="MinCount">A spike needs at least this many units on the day (default 5), so 0 → 2 on a quiet series is not news.</param>
public sealed record SpikeOptions(int Window = 14, int MinHistory = 7, double Threshold = 3.5, int MinCount = 5)
{
    /// <summary>The rule in words, for the report's methods section.</summary>
    public string Describe() =>
        $"A day is a spike when its count is at least {MinCount} and at least {StatFormat.Fixed(Threshold, 1)} robust standard deviations above " +
        $"the median of the previous {Window} days (judged once {MinHistory} previous days exist; the robust standard deviation is " +
        "1.4826 × the median absolute deviation, but never less than the square root of the median, the Poisson spread of a count, nor less than 1).";
}

/// <summary>A day far above its baseline: <see cref="Score"/> = (<see cref="Count"/> − <see cref="Baseline"/>) / <see cref="Scale"/>.</summary>
public sealed record Spike(DateOnly Day, int Count, double Baseline, double Scale, double Score);

/// <summary>
/// Finds days whose count is far above a rolling baseline of the previous days: baseline = median of the previous
/// <see cref="SpikeOptions.Window"/> days, scale = max(1.4826 × MAD, √baseline, 1) with MAD the median absolute deviation
/// from that median, score = (count − baseline) / scale, and a spike when score ≥ <see cref="SpikeOptions.Threshold"/> and
/// count ≥ <see cref="SpikeOptions.MinCount"/>. This is the Hampel identifier applied to the trailing window (Hampel 1974,
/// <i>JASA</i> 69:383; modified z-score and the 3.5 cut-off: Iglewicz &amp; Hoaglin 1993, <i>How to Detect and Handle
/// Outliers</i>). Median and MAD are not dragged up by an earlier spike in the window, so the days after a spike are judged
/// against the ordinary level. The √baseline floor keeps a flat series (MAD 0) from turning small wobbles into spikes: a
/// count's own Poisson spread is √mean. Days missing between the first and last day count as 0.
/// </summary>
public static class SpikeDetection
{
    /// <summary>1 / Φ⁻¹(3/4): makes the MAD a consistent estimate of the standard deviation for normal data.</summary>
    public const double MadToSd = 1.4826;

    public static IReadOnlyList<Spike> Find(IEnumerable<(DateOnly Day, int Count)> series, SpikeOptions? options = null)
    {
        options ??= new SpikeOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Window, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinHistory, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MinHistory, options.Window);
        var byDay = new SortedDictionary<DateOnly, int>();
        foreach (var (day, count) in series)
        {
            if (count < 0) throw new ArgumentException($"{day:yyyy-MM-dd} has a negative count ({count}).", nameof(series));
            if (!byDay.TryAdd(day, count)) throw new ArgumentException($"{day:yyyy-MM-dd} appears twice in the series.", nameof(series));
        }
        if (byDay.Count == 0) return [];

        var first = byDay.Keys.First();
        var days = byDay.Keys.Last().DayNumber - first.DayNumber + 1;
        var counts = new int[days];
        foreach (var (day, count) in byDay) counts[day.DayNumber - first.DayNumber] = count;

        var spikes = new List<Spike>();
        var window = new double[options.Window];
        for (var t = options.MinHistory; t < days; t++)
        {
            if (counts[t] < options.MinCount) continue;
            var from = Math.Max(0, t - options.Window);
            var n = t - from;
            for (var i = 0; i < n; i++) window[i] = counts[from + i];
            var baseline = Median(window.AsSpan(0, n));
            for (var i = 0; i < n; i++) window[i] = Math.Abs(counts[from + i] - baseline);
            var mad = Median(window.AsSpan(0, n));
            var scale = Math.Max(MadToSd * mad, Math.Max(Math.Sqrt(baseline), 1));
            var score = (counts[t] - baseline) / scale;
            if (score >= options.Threshold) spikes.Add(new Spike(first.AddDays(t), counts[t], baseline, scale, score));
        }
        return spikes;
    }

    private static double Median(Span<double> values)
    {
        values.Sort();
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
