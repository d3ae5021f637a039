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
            var codebook = File.Exists(ws.CodebookPath) ? Codebook.CodebookLoader.Load(ws.CodebookPath) : null;
            Report(summary, codebook is null ? null : new PostListing(db, codebook).Query().Count(p => p.InPeriod == false));
            return 0;
        }));
        return command;
    }

    /// <summary>Per-file counts, then the totals, why records were skipped, and what was left alone.</summary>
    internal static void Report(ImportSummary summary, int? outsidePeriod)
    {
        if (summary.Files.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple);
            table.AddColumns("file", "format", "added", "updated", "unchanged", "skipped", "rejected");
            foreach (var c in table.Columns.Skip(2)) c.RightAligned();
            foreach (var f in summary.Files)
                table.AddRow(Markup.Escape(f.Path), Markup.Escape(f.Importer.StartsWith("import.", StringComparison.Ordinal) ? f.Importer["import.".Length..] : f.Importer), $"{f.Added}", $"{f.Updated}", $"{f.Unchanged}", $"{f.Skipped}",
                    f.Rejected > 0 ? $"[red]{f.Rejected}[/]" : "0");
            AnsiConsole.Write(table);
        }
        AnsiConsole.MarkupLine($"[bold]{summary.Added} added / {summary.Updated} updated / {summary.Unchanged} unchanged / {summary.Skipped} skipped[/]" +
                               (summary.Rejected > 0 ? $" / [red]{summary.Rejected} rejected (see rejects.tsv)[/]" : ""));
        if (summary.SkipReasons.Count > 0)
            AnsiConsole.MarkupLine("[grey]skipped: " + Markup.Escape(string.Join(", ", summary.SkipReasons.Select(r => $"{r.Count} {r.Reason}"))) + "[/]");
        if (outsidePeriod > 0)
            AnsiConsole.MarkupLine($"[yellow]{outsidePeriod} stored posts fall outside the codebook's period: kept, and left out of the analysis.[/]");
        if (summary.Unrecognised.Count > 0)
        {
            var names = summary.Unrecognised.Take(5).Select(Path.GetFileName);
            AnsiConsole.MarkupLine($"[grey]{summary.Unrecognised.Count} files not recognised as exports, left alone: " +
                                   Markup.Escape(string.Join(", ", names) + (summary.Unrecognised.Count > 5 ? ", …" : "")) + "[/]");
        }
    }
}
