using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Portrayal.Corpus;
using Portrayal.Narratives;
using Portrayal.Pipeline;
using Portrayal.Storage;
using Spectre.Console;

namespace Portrayal.Cli.Commands;

/// <summary>`portrayal query "QUERY" [--workspace DIR] [--count] [--limit N] [--format table|jsonl]`: the posts a narrative query matches.</summary>
public static class QueryCommand
{
    public static Command Create()
    {
        var text = new Argument<string>("query")
        {
            Description = "A narrative query: words (inflected forms match), \"phrases\", prefix*, AND OR NOT, NEAR/n, ( ), " +
                          "actor:ID, stance:LABEL, stance:ID=LABEL, lang:, platform:, account:, kind:.",
        };
        var workspace = CommonOptions.Workspace();
        var store = CommonOptions.Store();
        var count = new Option<bool>("--count") { Description = "Print the number of matching posts alone." };
        var limit = new Option<int?>("--limit") { Description = "At most this many posts (table default 50; jsonl lists all unless given)." };
        var format = new Option<string>("--format") { Description = "table or jsonl.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "jsonl");
        var command = new Command("query", "List the stored posts a narrative query matches, with the words that matched.")
        {
            text, workspace, store, count, limit, format,
        };
        command.SetAction(parse => Program.Guard(() =>
        {
            var query = NarrativeQuery.Parse(parse.GetValue(text)!);
            var ws = Workspace.Open(parse.GetValue(workspace)!, parse.GetValue(store));
            using var study = Study.Open(ws, StudyNeeds.Store);
            var codebook = study.Codebook;
            if (codebook is not null) query.CheckActors(codebook.Actors.Select(a => a.Id));
            var hits = NarrativeSearch.Run(study.Store, query);
            if (parse.GetValue(count))
            {
                Console.Out.WriteLine(hits.Count().ToString(CultureInfo.InvariantCulture));
                return 0;
            }
            var max = parse.GetValue(limit);
            if (parse.GetValue(format) == "jsonl")
            {
                foreach (var hit in max is { } n ? hits.Take(n) : hits)
                    Console.Out.WriteLine(JsonSerializer.Serialize(Line(hit, codebook), JsonlTools.Output));
                return 0;
            }
            Table(Program.Stdout(), hits, max ?? 50, codebook);
            return 0;
        }));
        return command;
    }

    /// <summary>The JSONL shape of a matched post; fields may be added later, none removed or renamed.</summary>
    public sealed record HitLine(
        [property: JsonPropertyName("platform")] string Platform,
        [property: JsonPropertyName("account")] string Account,
        [property: JsonPropertyName("account_name")] string? AccountName,
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("kind")] string Kind,
        [property: JsonPropertyName("published")] string Published,
        [property: JsonPropertyName("lang")] string? Lang,
        [property: JsonPropertyName("in_period")] bool? InPeriod,
        [property: JsonPropertyName("url")] string? Url,
        [property: JsonPropertyName("evidence")] IReadOnlyList<string> Evidence,
        [property: JsonPropertyName("text")] string Text);

    private static HitLine Line(SearchHit hit, Codebook.Codebook? codebook)
    {
        var p = hit.Stored.Post;
        return new HitLine(p.Platform, p.Account, p.AccountName, p.NativeId, p.Kind, PostListing.Time(p.PublishedAt), hit.Lang,
            codebook?.InPeriod(p.PublishedAt), p.Url, hit.Evidence, p.Text);
    }

    private static void Table(IAnsiConsole console, IEnumerable<SearchHit> hits, int limit, Codebook.Codebook? codebook)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("platform", "account", "id", "published", "lang", "evidence", "text");
        int shown = 0, total = 0;
        foreach (var hit in hits)
        {
            total++;
            if (shown >= limit) continue;
            shown++;
            var p = hit.Stored.Post;
            var t = p.Text.ReplaceLineEndings(" ");
            if (t.Length > 80) t = t[..79] + "…";
            var time = PostListing.Time(codebook is null ? p.PublishedAt : p.PublishedAt.ToOffset(codebook.DayOffset));
            table.AddRow(new[] { p.Platform, p.AccountName ?? p.Account, p.NativeId, time, hit.Lang ?? "", string.Join(", ", hit.Evidence), t }
                .Select(Markup.Escape).ToArray());
        }
        console.Write(table);
        console.MarkupLine(total > shown ? $"{shown} of {total} posts shown (--limit, or --format jsonl for all)." : $"{total} posts.");
    }
}
