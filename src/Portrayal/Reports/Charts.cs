using System.Globalization;
using Portrayal.Corpus;
using Portrayal.Statistics;
using ScottPlot;

namespace Portrayal.Reports;

/// <summary>The report's charts, drawn with ScottPlot as SVG so they stay sharp in print and need no files beside the HTML.</summary>
public static class Charts
{
    public static readonly IReadOnlyDictionary<string, string> StanceColours = new Dictionary<string, string>
    {
        [StanceLabels.Negative] = "#c0392b",
        [StanceLabels.Neutral] = "#a6acaf",
        [StanceLabels.Positive] = "#2e86c1",
    };

    /// <summary>Horizontal 100% stacked bars: one row per actor and per actor × platform, split by stance.</summary>
    public static string StanceByActorAndPlatform(StudyResults results)
    {
        var rows = new List<(string Label, StanceSplit Split)>();
        foreach (var actor in results.Actors.Where(a => a.Overall.Units > 0))
        {
            rows.Add(($"{actor.Name} — all (n={actor.Overall.Units})", actor.Overall));
            foreach (var p in actor.ByPlatform)
                rows.Add(($"   {p.Slice} (n={p.Units})", p));
        }
        var plot = new Plot();
        var positions = new List<double>();
        var labels = new List<string>();
        for (var i = 0; i < rows.Count; i++)
        {
            var y = rows.Count - i;
            positions.Add(y);
            labels.Add(rows[i].Label);
            double start = 0;
            foreach (var label in StanceLabels.All)
            {
                var share = rows[i].Split[label].Share * 100;
                var bars = plot.Add.Bars(new[]
                {
                    new Bar
                    {
                        Position = y, ValueBase = start, Value = start + share, FillColor = Color.FromHex(StanceColours[label]),
                        Size = rows[i].Label.StartsWith(' ') ? 0.6 : 0.85, LineWidth = 0,
                    },
                });
                bars.Horizontal = true;
                start += share;
            }
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions.ToArray(), labels.ToArray());
        plot.Axes.SetLimitsX(0, 100);
        plot.Axes.SetLimitsY(0.3, rows.Count + 0.7);
        plot.XLabel("share of posts mentioning the actor, %");
        AddStanceLegend(plot);
        Style(plot);
        return Stable(plot.GetSvgXml(900, Math.Max(260, 40 + 26 * rows.Count)));
    }

    /// <summary>Posts per day, with the posts mentioning each actor and the codebook's events as vertical lines.</summary>
    public static string DailyVolume(StudyResults results)
    {
        var plot = new Plot();
        if (results.Days.Count == 0) return plot.GetSvgXml(900, 360);
        var xs = results.Days.Select(d => d.Day.ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray();
        var bars = plot.Add.Bars(xs, results.Days.Select(d => (double)d.Posts).ToArray());
        bars.Color = Color.FromHex("#d5dbdb");
        bars.LegendText = "all posts";
        foreach (var b in bars.Bars) b.Size = 0.8;
        string[] palette = ["#c0392b", "#8e44ad", "#2471a3", "#17a589", "#d68910", "#5d6d7e"];
        var i = 0;
        foreach (var actor in results.Actors.Where(a => a.Overall.Units > 0))
        {
            var ys = results.Days.Select(d => (double)d.ActorPosts.GetValueOrDefault(actor.Actor)).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.Color = Color.FromHex(palette[i++ % palette.Length]);
            line.LineWidth = 2;
            line.MarkerSize = 4;
            line.LegendText = $"posts mentioning {actor.Name}";
        }
        foreach (var e in results.Events)
        {
            var v = plot.Add.VerticalLine(e.Date.ToDateTime(new TimeOnly(12, 0)).ToOADate());
            v.Color = Color.FromHex("#7b7d7d");
            v.LinePattern = LinePattern.Dashed;
            v.LineWidth = 1;
            v.Text = e.Date.ToString("d MMM", CultureInfo.InvariantCulture);
            v.LabelFontSize = 10;
        }
        plot.Axes.DateTimeTicksBottom();
        plot.YLabel("posts per day");
        plot.ShowLegend(Alignment.UpperRight);
        Style(plot);
        return Stable(plot.GetSvgXml(900, 380));
    }

    private static void AddStanceLegend(Plot plot)
    {
        plot.Legend.ManualItems.Clear();
        foreach (var label in StanceLabels.All)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = Color.FromHex(StanceColours[label]) });
        plot.ShowLegend(Edge.Bottom);
    }

    /// <summary>ScottPlot numbers clip paths from a process-wide counter; renumber them so the same data gives the same file.</summary>
    private static string Stable(string svg)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        return System.Text.RegularExpressions.Regex.Replace(svg, @"\bcl_[0-9a-f]+\b", m =>
        {
            if (!ids.TryGetValue(m.Value, out var id)) ids[m.Value] = id = "cl_" + ids.Count.ToString(CultureInfo.InvariantCulture);
            return id;
        });
    }

    private static void Style(Plot plot)
    {
        plot.Font.Set("DejaVu Sans");
        plot.Axes.Frame(false);
        plot.Grid.MajorLineColor = Color.FromHex("#eeeeee");
    }
}
