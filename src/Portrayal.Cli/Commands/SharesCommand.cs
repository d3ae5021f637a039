using System.CommandLine;
using System.Globalization;
using Portrayal.Corpus;
using Portrayal.Exports;
using Portrayal.Pipeline;
using Portrayal.Statistics;
using Portrayal.Tables;
using Spectre.Console;

namespace Portrayal.Cli.Commands;

/// <summary>`portrayal shares [--workspace DIR] [--by all|platform|account] [--format table|jsonl|csv]`: every share, the classifier's and the validated one.</summary>
public static class SharesCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var store = CommonOptions.Store();
        var by = new Option<string>("--by") { Description = "all (each actor's units), platform or account.", DefaultValueFactory = _ => Scopes.All };
        by.AcceptOnlyFromAmong([.. Scopes.Every]);
        var format = new Option<string>("--format") { Description = "table, jsonl (one line per actor, scope and label: a stable format) or csv.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "jsonl", "csv");
        var command = new Command("shares", "Each actor's stance shares: the classifier's, and validated on the drawn hand codes (classifier and coders combined, with intervals that hold whatever the classifier's accuracy).")
        {
            workspace, store, by, format,
        };
        command.SetAction(parse => Program.Guard(() =>
        {
            var ws = Workspace.Open(parse.GetValue(workspace)!, parse.GetValue(store));
            using var study = Study.Open(ws, StudyNeeds.Codebook | StudyNeeds.Analysis);
            var scope = parse.GetValue(by)!;
            var results = StudyValidation.Shares(study, [scope]);
            switch (parse.GetValue(format))
            {
                case "jsonl":
                    foreach (var line in ShareLine.Of(results)) Console.Out.WriteLine(line.ToJson());
                    break;
                case "csv":
                    Console.Out.Write('\uFEFF');
                    Console.Out.Write(CsvText.Row(ShareLine.CsvHeader) + "\r\n");
                    foreach (var line in ShareLine.Of(results)) Console.Out.Write(CsvText.Row(line.CsvRow()) + "\r\n");
                    break;
                default:
                    var codebook = study.RequireCodebook();
                    Table(Program.Stdout(), results, id => codebook.Find(id)?.Name ?? id);
                    break;
            }
            return 0;
        }));
        return command;
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
    private static string P(double x) => (100 * x).ToString("0.0", CultureInfo.InvariantCulture) + "%";
    private static string Range(double low, double high) => $"{P(low)}–{P(high)}";

    /// <summary>The shares as a terminal table, validated first; then what was validated how, and what the reader must know.</summary>
    internal static void Table(IAnsiConsole console, ValidationResults results, Func<string, string> nameOf)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title("[bold]Stance shares[/]: validated on the drawn hand codes, beside the classifier's own (95% intervals)");
        table.AddColumns("Actor", "Scope", "Units", "Coded");
        foreach (var l in StanceLabels.All) table.AddColumn(new TableColumn(l).RightAligned());
        foreach (var s in results.Scopes)
        {
            var name = nameOf(s.Actor);
            var cells = new List<string>
            {
                Markup.Escape(name), Markup.Escape(s.Scope == Scopes.All ? "all" : s.Name ?? s.Value ?? ""), N(s.Units), s.Validated is { } v ? N(v.Coded) : "–",
            };
            for (var i = 0; i < StanceLabels.All.Count; i++)
            {
                var c = s.Classifier(i);
                var classifier = $"[grey]classifier {P(c.Share)} ({Range(c.Low, c.High)})[/]";
                cells.Add(s.Validated is { } est
                    ? $"[bold]{P(est.Shares[i].Share)}[/] ({Range(est.Shares[i].Low, est.Shares[i].High)})\n{classifier}"
                    : i == 0 ? $"{classifier}\n[grey]not validated: {Markup.Escape(s.Why ?? "")}[/]" : classifier);
            }
            table.AddRow(cells.ToArray());
        }
        console.Write(table);
        if (!results.Any)
            console.MarkupLine("[yellow]No share is validated yet.[/] Draw units to code with " +
                               Markup.Escape("`portrayal sample --coders NAME[,NAME] --n 200`") + ", code them, `portrayal sheet import` the sheet and run again.");
        else if (results.Scopes.FirstOrDefault(s => s.Validated is not null)?.Validated is { } first)
            console.MarkupLine("[grey]" + Markup.Escape(first.Method) + "[/]");
        foreach (var d in results.Differences)
        {
            var negative = d.ByLabel[0];
            console.MarkupLine(Markup.Escape($"{nameOf(d.Actor)}, negative share on {d.A} minus {d.B}: " +
                                             $"{(100 * negative.Difference).ToString("+0.0;-0.0", CultureInfo.InvariantCulture)} points (95% CI {(100 * negative.Low).ToString("0.0", CultureInfo.InvariantCulture)} to {(100 * negative.High).ToString("0.0", CultureInfo.InvariantCulture)})"));
        }
        foreach (var note in results.Notes) console.MarkupLine("[grey]" + Markup.Escape(note) + "[/]");
    }
}
