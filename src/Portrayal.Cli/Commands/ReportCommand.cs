using System.CommandLine;
using Portrayal.Corpus;
using Portrayal.Pipeline;
using Portrayal.Storage;
using Spectre.Console;

namespace Portrayal.Cli.Commands;

/// <summary>`portrayal report [--workspace DIR] [--out DIR]`: the report, summary and exports again from the store, without re-analysing.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var store = CommonOptions.Store();
        var output = new Option<string?>("--out") { Description = "Where to write (default: DIR/out)." };
        var command = new Command("report", "Write the report, summary and exports again from the stored analysis.") { workspace, store, output };
        command.SetAction(parse => Program.Guard(() =>
        {
            var ws = Workspace.Open(parse.GetValue(workspace)!, parse.GetValue(store), output: parse.GetValue(output));
            using var study = Study.Open(ws, StudyNeeds.Codebook | StudyNeeds.Analysis);
            if (study.LastRun!.CodebookHash != study.Codebook!.Hash)
                AnsiConsole.MarkupLine("[yellow]The codebook changed since the last run: the figures are those of the last run; `portrayal run` analyses again with the new one.[/]");
            var (_, written) = StudyRunner.Report(study, ws.OutDirectory);
            RunCommand.Written(AnsiConsole.Console, written);
            return 0;
        }));
        return command;
    }
}
