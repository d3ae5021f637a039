using System.CommandLine;
using Portrayal.Corpus;
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
        var workspace = CommonOptions.Workspace();
        var store = CommonOptions.Store();
        var skipBad = new Option<bool>("--skip-bad") { Description = "Import the good records of a file with bad ones; write the bad ones to a rejects file." };
        var map = new Option<string?>("--map")
        {
            Description = "Read generic CSV/TSV/JSONL files with this column map: text=COL,time=COL (required), and any of account, id, author, url, "
                          + "lang, parent, views, likes, forwards, comments, platform, account_name (e.g. --map text=message,time=created_at,account=channel).",
        };
        var encoding = new Option<string?>("--encoding") { Description = "Text encoding of CSV/JSONL files when detection gets it wrong (utf-8, utf-16, windows-1251, koi8-r, cp866)." };
        var platform = new Option<string?>("--platform") { Description = "Platform to record for generic or 4CAT files that do not say (default: generic, or 4cat)." };
        var timezone = new Option<string?>("--timezone") { Description = "UTC offset of times written without one in generic files, e.g. +06:00 (default: UTC)." };
        var command = new Command("import", "Import export files into the workspace's store (idempotent).") { paths, workspace, store, skipBad, map, encoding, platform, timezone };
        command.SetAction(parse => Program.Guard(() =>
        {
            // Options are checked before the workspace is touched: a malformed one is a one-line error and exit code 2.
            var columnMap = parse.GetValue(map) is { } spec ? ColumnMap.Parse(spec) : null;
            var encodingName = parse.GetValue(encoding);
            if (encodingName is not null) CheckEncoding(encodingName);
            var offset = parse.GetValue(timezone) is { } tz ? TimeOffsets.Parse(tz) : (TimeSpan?)null;
            var platformName = parse.GetValue(platform)?.Trim().ToLowerInvariant();
            if (platformName is { Length: 0 }) throw new InputError("IMP017", "--platform", null, "the platform name is empty.");

            var ws = Workspace.Open(parse.GetValue(workspace)!, parse.GetValue(store));
            using var study = Study.Open(ws);
            var options = new ImportOptions
            {
                SkipBad = parse.GetValue(skipBad),
                RejectsFile = parse.GetValue(skipBad) ? Path.Combine(ws.Directory, "rejects.tsv") : null,
                Map = columnMap,
                Encoding = encodingName,
                Platform = platformName,
                NaiveTimeOffset = offset,
            };
            var summary = new ImportRunner(study.Store).Import(parse.GetValue(paths)!, options);
            Report(summary, study.Codebook is null ? null : new PostListing(study.Store, study.Codebook).Query().Count(p => p.InPeriod == false));
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

    private static void CheckEncoding(string name)
    {
        try
        {
            TextDecoding.Resolve(name);
        }
        catch (ArgumentException)
        {
            throw new InputError("IMP012", "--encoding", null, $"unknown encoding '{name}' (try utf-8, utf-16, windows-1251, koi8-r, cp866).");
        }
    }
}
