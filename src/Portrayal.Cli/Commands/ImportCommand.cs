using System.CommandLine;
using Portrayal.Import;
using Portrayal.Pipeline;
using Portrayal.Storage;
using Spectre.Console;

namespace Portrayal.Cli.Commands;

/// <summary>`portrayal import PATH... --workspace DIR`: add exports to a workspace's store without analysing.</summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Export files or folders (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var workspace = new Option<string>("--workspace") { Description = "The study folder (default: the current folder).", DefaultValueFactory = _ => "." };
        var store = new Option<string?>("--store") { Description = "The SQLite store file (default: DIR/portrayal.db)." };
        var skipBad = new Option<bool>("--skip-bad") { Description = "Import the good records of a file with bad ones; write the bad ones to a rejects file." };
        var command = new Command("import", "Import export files into the workspace's store (idempotent).") { paths, workspace, store, skipBad };
        command.SetAction(parse => Program.Guard(() =>
        {
            var ws = Workspace.Open(parse.GetValue(workspace)!, parse.GetValue(store));
            using var db = new SqliteStore(ws.StorePath);
            var options = new ImportOptions
            {
                SkipBad = parse.GetValue(skipBad),
                RejectsFile = parse.GetValue(skipBad) ? Path.Combine(ws.Directory, "rejects.tsv") : null,
            };
            var summary = new ImportRunner(db).Import(parse.GetValue(paths)!, options);
            foreach (var f in summary.Files)
                AnsiConsole.MarkupLine($"{Markup.Escape(f.Path)}: {f.Added} added, {f.Updated} updated, {f.Unchanged} unchanged, {f.Skipped} skipped" +
                                       (f.Rejected > 0 ? $", {f.Rejected} rejected" : ""));
            foreach (var u in summary.Unrecognised)
                AnsiConsole.MarkupLine($"[grey]{Markup.Escape(u)}: not a recognised export, left alone[/]");
            AnsiConsole.MarkupLine($"[bold]{summary.Added} added / {summary.Updated} updated / {summary.Unchanged} unchanged / {summary.Skipped} skipped[/]" +
                                   (summary.Rejected > 0 ? $" / {summary.Rejected} rejected (see rejects.tsv)" : ""));
            return 0;
        }));
        return command;
    }
}
