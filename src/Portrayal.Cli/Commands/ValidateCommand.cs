using System.CommandLine;
using System.Globalization;
using Portrayal.Coding;
using Portrayal.Corpus;
using Portrayal.Pipeline;
using Portrayal.Storage;
using Spectre.Console;

namespace Portrayal.Cli.Commands;

/// <summary>`portrayal validate [--workspace DIR]`: the classifier against the agreed codes of coded.csv, overall, per language and per platform.</summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var store = CommonOptions.Store();
        var command = new Command("validate", "The stance classifier against the coders' agreed codes (coded.csv): accuracy, macro-F1, per-class precision, recall and F1, the confusion matrix; per language and per platform.")
        {
            workspace, store,
        };
        command.SetAction(parse => Program.Guard(() =>
        {
            var ws = Workspace.Open(parse.GetValue(workspace)!, parse.GetValue(store));
            var file = Path.Combine(ws.Directory, CodedSample.FileName);
            var sample = CodedSample.Load(file) ?? throw new InputError("VA001", file, null, "the workspace has no coded sample: code one with `portrayal sample` and `portrayal sheet import`.");
            using var study = Study.Open(ws, StudyNeeds.Analysis);
            var check = ClassifierCheck.Of(sample, study.Store.ReadActorStances().ToList());
            var console = Program.Stdout();
            var o = check.Overall;
            console.MarkupLine($"[bold]Classifier against the coders[/]: {o.Units} of {o.ReferenceUnits} agreed units matched in the store; {o.Disagreements} units the coders disagree on left out.");
            Scores(console, "All", o);
            Confusion(console, o);
            Slices(console, "Language", check.ByLanguage);
            Slices(console, "Platform", check.ByPlatform);
            return 0;
        }));
        return command;
    }

    private static string F(double x) => double.IsNaN(x) ? "–" : x.ToString("0.000", CultureInfo.InvariantCulture);

    private static void Scores(IAnsiConsole console, string title, Validation v)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(title)}[/]: accuracy {F(v.Accuracy)}, macro-F1 {F(v.MacroF1)} over {v.Units} units");
        table.AddColumns("Class", "Coded", "Precision", "Recall", "F1");
        for (var i = 0; i < StanceLabels.All.Count; i++)
            table.AddRow(StanceLabels.All[i], ClassifierCheck.Support(v, i).ToString(CultureInfo.InvariantCulture), F(v.Precision(i)), F(v.Recall(i)), F(v.F1(i)));
        console.Write(table);
    }

    private static void Confusion(IAnsiConsole console, Validation v)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Confusion matrix (rows: coders, columns: classifier)");
        table.AddColumn("Coded \\ classified");
        foreach (var l in StanceLabels.All) table.AddColumn(new TableColumn(l).RightAligned());
        for (var i = 0; i < StanceLabels.All.Count; i++)
            table.AddRow([StanceLabels.All[i], .. Enumerable.Range(0, StanceLabels.All.Count).Select(j => v.Confusion[i, j].ToString(CultureInfo.InvariantCulture))]);
        console.Write(table);
    }

    private static void Slices(IAnsiConsole console, string by, IReadOnlyList<(string Key, Validation Validation)> slices)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]By {by.ToLowerInvariant()}[/]");
        table.AddColumns(by, "Units", "Accuracy", "Macro-F1");
        foreach (var l in StanceLabels.All) table.AddColumn($"F1 {l}");
        foreach (var l in StanceLabels.All) table.AddColumn($"Confusion row {l}");
        foreach (var (key, v) in slices)
            table.AddRow([Markup.Escape(key), v.Units.ToString(CultureInfo.InvariantCulture), F(v.Accuracy), F(v.MacroF1),
                .. Enumerable.Range(0, 3).Select(i => F(v.F1(i))),
                .. Enumerable.Range(0, 3).Select(i => string.Join(" ", Enumerable.Range(0, 3).Select(j => v.Confusion[i, j].ToString(CultureInfo.InvariantCulture))))]);
        console.Write(table);
    }
}
