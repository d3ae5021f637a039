using System.CommandLine;
using System.Globalization;
using Portrayal.Corpus;
using Portrayal.Narratives;
using Portrayal.Pipeline;
using Portrayal.Storage;
using Spectre.Console;

namespace Portrayal.Cli.Commands;

/// <summary>`portrayal narratives [--workspace DIR] [--by platform|day] [--format table|markdown]`: each narrative's prevalence with intervals.</summary>
public static class NarrativesCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var store = CommonOptions.Store();
        var by = new Option<string>("--by") { Description = "platform (default): shares per platform and stance toward the narratives' actors; day: shares per day.", DefaultValueFactory = _ => "platform" };
        by.AcceptOnlyFromAmong("platform", "day");
        var format = new Option<string>("--format") { Description = "table or markdown.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "markdown");
        var command = new Command("narratives", "How prevalent each codebook narrative was in the period: share of posts with 95% intervals, by platform or by day.")
        {
            workspace, store, by, format,
        };
        command.SetAction(parse => Program.Guard(() =>
        {
            var ws = Workspace.Open(parse.GetValue(workspace)!, parse.GetValue(store));
            // a broken query is reported here too, with its line
            using var study = Study.Open(ws, StudyNeeds.Narratives | StudyNeeds.Analysis);
            var results = NarrativeStatistics.Compute(study.Store, study.Codebook!);
            if (results.CodebookChanged)
                Program.Warn("the codebook changed since the last `portrayal run`: these hits come from the queries of that run. Run it again to count the current ones.");
            if (results.Narratives.Count == 0)
            {
                Console.Out.WriteLine("The codebook has no narratives.");
                return 0;
            }
            var byDay = parse.GetValue(by) == "day";
            if (parse.GetValue(format) == "markdown")
            {
                Console.Out.Write(byDay ? NarrativeTables.MarkdownByDay(results) : NarrativeTables.Markdown(results));
                return 0;
            }
            if (byDay) Days(Program.Stdout(), results);
            else Platforms(Program.Stdout(), results);
            return 0;
        }));
        return command;
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Cell(Statistics.Proportion p) =>
        double.IsNaN(p.Share) ? "–" : $"{N(p.Count)} of {N(p.Total)}\n[grey]{Markup.Escape(NarrativeTables.Share(p))}[/]";

    private static void Platforms(IAnsiConsole console, NarrativeResults r)
    {
        var table = new Table().Title($"[bold]Narratives[/]: share of the {N(r.PostsInPeriod)} posts in the period (95% Wilson intervals)").Border(TableBorder.Rounded);
        table.AddColumn("Narrative");
        table.AddColumn(new TableColumn("All posts").RightAligned());
        foreach (var p in r.PlatformPosts) table.AddColumn(new TableColumn(Markup.Escape(p.Slice)).RightAligned());
        foreach (var n in r.Narratives)
        {
            var label = $"[bold]{Markup.Escape(n.Id)}[/]\n{Markup.Escape(n.Label)}";
            if (n.Query is null) label += "\n[yellow]no query in the codebook[/]";
            table.AddRow([label, Cell(n.Overall), .. n.ByPlatform.Select(p => Cell(p.Share))]);
        }
        console.Write(table);

        var stance = new Table().Title("[bold]Stance toward the narratives' actors[/] within the posts each narrative was found in").Border(TableBorder.Rounded);
        stance.AddColumns("Narrative", "Actor");
        foreach (var h in new[] { "[red]Negative[/]", "Neutral", "[blue]Positive[/]", "Not named" }) stance.AddColumn(new TableColumn(h).RightAligned());
        foreach (var n in r.Narratives)
        foreach (var a in n.Stances)
            stance.AddRow(Markup.Escape(n.Id), Markup.Escape(a.Name), N(a.Negative), N(a.Neutral), N(a.Positive), N(a.NotMentioned));
        console.Write(stance);
    }

    private static void Days(IAnsiConsole console, NarrativeResults r)
    {
        var table = new Table().Title("[bold]Narratives by day[/]: share of the day's posts (95% Wilson intervals)").Border(TableBorder.Rounded);
        table.AddColumn("Day");
        table.AddColumn(new TableColumn("Posts").RightAligned());
        foreach (var n in r.Narratives) table.AddColumn(new TableColumn(Markup.Escape(n.Id)).RightAligned());
        for (var i = 0; i < r.DayPosts.Count; i++)
        {
            var day = r.DayPosts[i];
            table.AddRow([day.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), N(day.Share.Count),
                .. r.Narratives.Select(n => n.ByDay[i].Share.Count == 0 ? "[grey]0[/]" : $"{N(n.ByDay[i].Share.Count)}\n[grey]{Markup.Escape(NarrativeTables.Share(n.ByDay[i].Share))}[/]")]);
        }
        console.Write(table);
    }
}
