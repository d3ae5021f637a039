using System.Globalization;
using Portrayal.Corpus;
using Portrayal.Statistics;
using Portrayal.Tables;
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
            v.LabelOppositeAxis = true; // event labels on top, dates below
        }
        DayAxis(plot, results);
        plot.YLabel("posts per day");
        plot.ShowLegend(Alignment.UpperRight);
        Style(plot);
        return Stable(plot.GetSvgXml(900, 380));
    }

    /// <summary>Each narrative's share of the period's posts as a bar with its 95% interval, and per platform as dots.</summary>
    public static string NarrativePrevalence(Narratives.NarrativeResults results)
    {
        var plot = new Plot();
        var narratives = results.Narratives;
        var labels = new List<string>();
        var positions = new List<double>();
        string[] palette = ["#8e44ad", "#2471a3", "#d68910", "#17a589", "#5d6d7e"];
        var platforms = results.PlatformPosts.Select(p => p.Slice).ToList();
        for (var i = 0; i < narratives.Count; i++)
        {
            var n = narratives[i];
            var y = narratives.Count - i;
            positions.Add(y);
            labels.Add(n.Label.Length > 48 ? n.Label[..47] + "…" : n.Label);
            var share = double.IsNaN(n.Overall.Share) ? 0 : n.Overall.Share * 100;
            plot.Add.Bar(new Bar { Position = y, Value = share, FillColor = Color.FromHex("#aab7b8"), Size = 0.6, LineWidth = 0, Orientation = Orientation.Horizontal });
            var ci = plot.Add.Line(n.Overall.Low * 100, y, n.Overall.High * 100, y);
            ci.Color = Color.FromHex("#1c2833");
            ci.LineWidth = 2;
            for (var p = 0; p < n.ByPlatform.Count; p++)
            {
                var s = n.ByPlatform[p].Share;
                if (double.IsNaN(s.Share)) continue;
                var m = plot.Add.Marker(s.Share * 100, y + 0.18 * (p - (n.ByPlatform.Count - 1) / 2.0) / Math.Max(1, n.ByPlatform.Count - 1) * 2);
                m.Color = Color.FromHex(palette[platforms.IndexOf(n.ByPlatform[p].Slice) % palette.Length]);
                m.MarkerSize = 8;
            }
        }
        plot.Legend.ManualItems.Clear();
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "all posts (bar, 95% interval)", FillColor = Color.FromHex("#aab7b8") });
        for (var p = 0; p < platforms.Count; p++)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = platforms[p], MarkerColor = Color.FromHex(palette[p % palette.Length]), MarkerShape = MarkerShape.FilledCircle, MarkerSize = 8 });
        plot.ShowLegend(Edge.Bottom);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions.ToArray(), labels.ToArray());
        plot.Axes.SetLimitsY(0.4, narratives.Count + 0.6);
        plot.Axes.SetLimitsX(0, Math.Max(5, narratives.Max(n => double.IsNaN(n.Overall.High) ? 0 : n.Overall.High * 100) * 1.15));
        plot.XLabel("share of the period's posts, %");
        Style(plot);
        return Stable(plot.GetSvgXml(900, Math.Max(220, 90 + 48 * narratives.Count)));
    }

    /// <summary>One actor's posts per day split by stance (stacked bars), with the codebook's events and the actor's spikes marked.</summary>
    public static string DailyStance(StudyResults results, ActorTable actor)
    {
        var plot = new Plot();
        if (results.Days.Count == 0) return Stable(plot.GetSvgXml(900, 240));
        foreach (var d in results.Days)
        {
            var x = d.Day.ToDateTime(TimeOnly.MinValue).ToOADate();
            var (neg, neu, pos) = d.ActorStances.GetValueOrDefault(actor.Actor);
            double start = 0;
            foreach (var (label, count) in new[] { (StanceLabels.Negative, neg), (StanceLabels.Neutral, neu), (StanceLabels.Positive, pos) })
            {
                if (count == 0) continue;
                plot.Add.Bar(new Bar { Position = x, ValueBase = start, Value = start + count, FillColor = Color.FromHex(StanceColours[label]), Size = 0.8, LineWidth = 0 });
                start += count;
            }
        }
        foreach (var e in results.Events)
        {
            var v = plot.Add.VerticalLine(e.Date.ToDateTime(new TimeOnly(12, 0)).ToOADate());
            v.Color = Color.FromHex("#7b7d7d");
            v.LinePattern = LinePattern.Dashed;
            v.LineWidth = 1;
        }
        foreach (var k in actor.Spikes)
        {
            var m = plot.Add.Marker(k.Day.ToDateTime(TimeOnly.MinValue).ToOADate(), k.Count + 1);
            m.Shape = MarkerShape.FilledTriangleDown;
            m.Color = Color.FromHex("#1c2833");
            m.MarkerSize = 9;
        }
        DayAxis(plot, results);
        plot.YLabel($"posts on {actor.Name}");
        plot.Axes.SetLimitsY(0, Math.Max(1, results.Days.Max(d => d.ActorPosts.GetValueOrDefault(actor.Actor))) * 1.15);
        AddStanceLegend(plot);
        Style(plot);
        return Stable(plot.GetSvgXml(900, 260));
    }

    /// <summary>
    /// The co-mention network: actors on a circle (marker area by posts, colour by negative share), a line for each pair
    /// mentioned together (width by posts with both); pairs above chance (one-sided Fisher, p &lt; 0.05) drawn dark.
    /// </summary>
    public static string CoMentionNetwork(StudyResults results)
    {
        var plot = new Plot();
        var actors = results.Actors.Where(a => a.Overall.Units > 0).ToList();
        if (actors.Count == 0) return Stable(plot.GetSvgXml(900, 420));
        var at = new Dictionary<string, (double X, double Y)>(StringComparer.Ordinal);
        for (var i = 0; i < actors.Count; i++)
        {
            var angle = Math.PI / 2 - 2 * Math.PI * i / actors.Count;
            at[actors[i].Actor] = (Math.Cos(angle), Math.Sin(angle));
        }
        var maxBoth = Math.Max(1, results.CoMentions.Select(c => c.Both).DefaultIfEmpty(1).Max());
        foreach (var c in results.CoMentions.Where(c => c.Both > 0 && at.ContainsKey(c.A) && at.ContainsKey(c.B)))
        {
            var line = plot.Add.Line(at[c.A].X, at[c.A].Y, at[c.B].X, at[c.B].Y);
            line.LineWidth = (float)(1 + 9.0 * c.Both / maxBoth);
            line.Color = Color.FromHex(c.Association is { PValue: < 0.05 } ? "#34495e" : "#bfc9ca");
            var label = plot.Add.Text(c.Both.ToString(CultureInfo.InvariantCulture), (at[c.A].X + at[c.B].X) / 2, (at[c.A].Y + at[c.B].Y) / 2);
            label.LabelFontSize = 10;
            label.LabelFontColor = Color.FromHex("#566573");
            label.LabelAlignment = Alignment.MiddleCenter;
        }
        var maxUnits = actors.Max(a => a.Overall.Units);
        foreach (var a in actors)
        {
            var (x, y) = at[a.Actor];
            var marker = plot.Add.Marker(x, y);
            marker.MarkerSize = (float)(12 + 36 * Math.Sqrt(a.Overall.Units / (double)maxUnits));
            var negative = double.IsNaN(a.Overall.Negative.Share) ? 0 : a.Overall.Negative.Share;
            marker.Color = Color.FromHex(StanceColours[StanceLabels.Negative]).WithAlpha(0.25 + 0.75 * negative);
            var text = plot.Add.Text($"{a.Name} ({a.Overall.Units})", x * 1.22, y * 1.16);
            text.LabelFontSize = 12;
            text.LabelBold = true;
            text.LabelAlignment = Alignment.MiddleCenter;
        }
        plot.Axes.SetLimits(-1.6, 1.6, -1.35, 1.35);
        plot.HideAxesAndGrid();
        plot.Font.Set("DejaVu Sans");
        return Stable(plot.GetSvgXml(900, 520));
    }

    /// <summary>Days as "5 Jan" over the whole study, the same span on every daily chart.</summary>
    private static void DayAxis(Plot plot, StudyResults results)
    {
        var axis = plot.Axes.DateTimeTicksBottom();
        if (axis.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic auto)
            auto.LabelFormatter = d => d.ToString("d MMM", CultureInfo.InvariantCulture);
        var first = results.Days[0].Day.ToDateTime(TimeOnly.MinValue).ToOADate();
        var last = results.Days[^1].Day.ToDateTime(TimeOnly.MinValue).ToOADate();
        plot.Axes.SetLimitsX(first - 0.7, last + 0.7);
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
