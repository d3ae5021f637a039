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
            if (!File.Exists(ws.StorePath))
                throw new InputError("WS003", ws.StorePath, null, "no store here yet: run `portrayal run` first.");
            var codebook = Codebook.CodebookLoader.Load(ws.CodebookPath);
            using var db = new SqliteStore(ws.StorePath);
            var manifest = db.LastRun() ?? throw new InputError("WS004", ws.StorePath, null, "the store has posts but no analysis: run `portrayal run` first.");
            if (manifest.CodebookHash != codebook.Hash)
                AnsiConsole.MarkupLine("[yellow]The codebook changed since the last run: the figures are those of the last run; `portrayal run` analyses again with the new one.[/]");
            var (_, written) = StudyRunner.Report(db, codebook, manifest, ws, ws.OutDirectory);
            RunCommand.Written(AnsiConsole.Console, written);
            return 0;
        }));
        return command;
    }
}
