using System.CommandLine;
using Portrayal.Pipeline;
using Portrayal.Reports;
using Portrayal.Statistics;
using Portrayal.Tables;
using Spectre.Console;

namespace Portrayal.Cli.Commands;

/// <summary>`portrayal run DIR`: the whole pipeline on a workspace folder.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var workspace = new Argument<string>("workspace") { Description = "The study folder: codebook.yaml, exports under data/." };
        var store = CommonOptions.Store();
        var output = new Option<string?>("--out") { Description = "Where to write the report (default: DIR/out)." };
        var model = CommonOptions.StanceModel();
        var command = new Command("run", "Import the exports, find actor mentions, classify stance, and write the report.")
        {
            workspace, store, output, model,
        };
        command.SetAction(parse => Program.Guard(() =>
        {
            var ws = Workspace.Open(parse.GetValue(workspace)!, parse.GetValue(store), output: parse.GetValue(output));
            var classifier = Stance.StanceClassifiers.Resolve(parse.GetValue(model));
            using var study = Study.Open(ws, StudyRunner.Needs);
            var console = AnsiConsole.Console;
            console.MarkupLine($"Workspace [bold]{Markup.Escape(ws.Directory)}[/]");
            RunOutcome outcome = null!;
            console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
                .Start(ctx =>
                {
                    var tasks = new Dictionary<string, ProgressTask>();
                    ProgressTask Task(string stage)
                    {
                        if (!tasks.TryGetValue(stage, out var t))
                        {
                            foreach (var other in tasks.Values) other.Value = other.MaxValue;
                            tasks[stage] = t = ctx.AddTask(stage switch
                            {
                                "import" => "Importing exports",
                                "analyse" => "Finding mentions, classifying stance",
                                "statistics" => "Computing tables",
                                _ => "Writing report",
                            });
                        }
                        return t;
                    }
                    var progress = new SyncProgress<RunProgress>(p =>
                    {
                        var t = Task(p.Stage);
                        if (p.Total > 0)
                        {
                            t.MaxValue = p.Total;
                            t.Value = p.Done;
                        }
                    });
                    outcome = new StudyRunner(TimeProvider.System, classifier).Run(study, progress);
                    foreach (var t in tasks.Values) t.Value = t.MaxValue;
                });

            var i = outcome.Import;
            console.MarkupLine($"Imported {i.Files.Count} files: [green]{i.Added} added[/], {i.Updated} updated, {i.Unchanged} unchanged, {i.Skipped} skipped" +
                               (i.Rejected > 0 ? $", [red]{i.Rejected} rejected[/]" : "") +
                               (i.Unrecognised.Count > 0 ? $"; {i.Unrecognised.Count} files not recognised as exports" : "") + ".");
            console.MarkupLine($"Analysed {outcome.Analysis.Posts} posts: {outcome.Analysis.Mentions} actor mentions, {outcome.Analysis.Units} (post, actor) stances, {outcome.Analysis.NarrativeHits} narrative hits.");
            console.WriteLine();
            Print(console, outcome.Results);
            Written(console, outcome.Written);
            return 0;
        }));
        return command;
    }

    /// <summary>The report and summary by name; the exports as one line with their folder.</summary>
    internal static void Written(IAnsiConsole console, IReadOnlyList<string> written)
    {
        var tables = written.Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "tables").ToList();
        foreach (var f in written.Except(tables))
            console.MarkupLine($"Wrote [link]{Markup.Escape(f)}[/] ({new FileInfo(f).Length / 1024.0:0.0} KB)");
        if (tables.Count > 0)
            console.MarkupLine($"Wrote {tables.Count} exports to [link]{Markup.Escape(Path.GetDirectoryName(tables[0])!)}[/]: " +
                               Markup.Escape(string.Join(", ", tables.Select(Path.GetFileName))));
    }

    /// <summary>The headline table: per actor, posts and stance shares with intervals, then the same by platform.</summary>
    internal static void Print(IAnsiConsole console, StudyResults results)
    {
        var (validated, banner) = Findings.Banner(results);
        if (validated)
        {
            // each actor overall and per platform, as the classifier's table shows them; per account is in the report and `shares --by account`
            var shown = results.Validated with { Scopes = results.Validated.Scopes.Where(s => s.Scope != Scopes.Account).ToList() };
            SharesCommand.Table(console, shown, id => results.Actors.FirstOrDefault(a => a.Actor == id)?.Name ?? id);
            console.MarkupLine(Markup.Escape(Findings.Sentences(results)[0]));
            console.WriteLine();
            return;
        }
        var table = new Table().Title("[bold]Stance toward each actor[/] (95% Wilson intervals)").Border(TableBorder.Rounded);
        table.AddColumn("Actor");
        table.AddColumn("Platform");
        table.AddColumn(new TableColumn("Posts").RightAligned());
        table.AddColumn(new TableColumn("[red]Negative[/]").RightAligned());
        table.AddColumn(new TableColumn("Neutral").RightAligned());
        table.AddColumn(new TableColumn("[blue]Positive[/]").RightAligned());
        foreach (var actor in results.Actors.Where(a => a.Overall.Units > 0))
        {
            Row(table, actor.Name, "all", actor.Overall, bold: true);
            foreach (var p in actor.ByPlatform) Row(table, "", p.Slice, p, bold: false);
        }
        console.Write(table);
        var first = Findings.Sentences(results);
        if (first.Count > 0) console.MarkupLine(Markup.Escape(first[0]));
        console.MarkupLine("[yellow]" + Markup.Escape(banner) + "[/]");
        console.WriteLine();
    }

    private static void Row(Table table, string actor, string slice, StanceSplit s, bool bold)
    {
        string Cell(Proportion p) => $"{p.Count} ({Findings.Percent(p.Share)})\n[grey]{Findings.Interval(p)}[/]";
        table.AddRow(bold ? $"[bold]{Markup.Escape(actor)}[/]" : Markup.Escape(actor), Markup.Escape(slice), s.Units.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Cell(s.Negative), Cell(s.Neutral), Cell(s.Positive));
    }
}

/// <summary>Reports progress on the calling thread (System.Progress posts to the thread pool and can arrive late).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
