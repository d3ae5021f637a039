using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Portrayal.Corpus;
using Portrayal.Narratives;
using Portrayal.Pipeline;
using Portrayal.Storage;
using Spectre.Console;

namespace Portrayal.Cli.Commands;

/// <summary>`portrayal topics [--workspace DIR] [--k N | --k-range 3..10] [--actor ID] [--lang L] [--seed S] [--format table|jsonl]`.</summary>
public static class TopicsCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var store = CommonOptions.Store();
        var k = new Option<int?>("--k") { Description = "The number of topics." };
        var range = new Option<string?>("--k-range") { Description = "Choose the number of topics in this range by coherence (NPMI), e.g. 3..10 (the default)." };
        var actor = new Option<string?>("--actor") { Description = "Only the posts mentioning this actor (after `portrayal run`)." };
        var lang = new Option<string?>("--lang") { Description = "Only the posts in this language (ru, kk, en): topics otherwise tend to split by language." };
        var seed = new Option<int>("--seed") { Description = "The same seed on the same posts gives the same topics.", DefaultValueFactory = _ => 1 };
        var terms = new Option<int>("--terms") { Description = "Top terms listed per topic.", DefaultValueFactory = _ => 10 };
        var posts = new Option<int>("--posts") { Description = "Representative posts listed per topic.", DefaultValueFactory = _ => 3 };
        var format = new Option<string>("--format") { Description = "table or jsonl (one line per topic).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "jsonl");
        var command = new Command("topics", "Discover topics in the posts (LDA) to surface narratives nobody wrote down, each with a query to paste into the codebook.")
        {
            workspace, store, k, range, actor, lang, seed, terms, posts, format,
        };
        command.SetAction(parse => Program.Guard(() =>
        {
            var ws = Workspace.Open(parse.GetValue(workspace)!, parse.GetValue(store));
            using var study = Study.Open(ws, StudyNeeds.Store);
            var codebook = study.Codebook;
            var options = Options(parse.GetValue(k), parse.GetValue(range)) with
            {
                Seed = parse.GetValue(seed), TopTerms = Positive(parse.GetValue(terms), "--terms"), RepresentativePosts = Positive(parse.GetValue(posts), "--posts"),
            };
            var documents = TopicCorpus.Read(study.Store, codebook, parse.GetValue(actor)?.ToLowerInvariant(), parse.GetValue(lang));
            var results = TopicDiscovery.Run(documents, options, t => codebook?.DayOf(t) ?? DateOnly.FromDateTime(t.UtcDateTime));
            if (parse.GetValue(format) == "jsonl") Jsonl(results, parse.GetValue(actor));
            else Table(Program.Stdout(), results, codebook, parse.GetValue(actor));
            return 0;
        }));
        return command;
    }

    private static int Positive(int n, string option) =>
        n >= 1 ? n : throw new InputError("ARG003", option, null, $"{option} must be 1 or more, not {n}.");

    /// <summary>--k N, or --k-range A..B (default 3..10); both at once is a mistake.</summary>
    internal static TopicOptions Options(int? k, string? range)
    {
        if (k is not null && range is not null) throw new InputError("ARG002", "--k", null, "give --k or --k-range, not both.");
        if (k is { } n) return new TopicOptions { Topics = n < 2 ? throw new InputError("ARG002", "--k", null, $"--k must be 2 or more, not {n}.") : n };
        if (range is null) return new TopicOptions();
        var parts = range.Split("..");
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var a)
                              || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var b) || a < 2 || b < a || b > 50)
            throw new InputError("ARG002", "--k-range", null, $"'{range}' is not a range like 3..10 (from 2 to 50 topics, the smaller first).");
        return new TopicOptions { MinTopics = a, MaxTopics = b };
    }

    private static string P(Statistics.Proportion p) => NarrativeTables.Share(p);

    private static void Table(IAnsiConsole console, TopicResults r, Codebook.Codebook? codebook, string? actor)
    {
        var how = r.Candidates.Count > 1
            ? $"k = {r.K} of {r.Candidates.First().K}..{r.Candidates.Last().K} by coherence (NPMI: " +
              string.Join(", ", r.Candidates.Select(c => $"{c.K}: {c.Coherence.ToString("0.000", CultureInfo.InvariantCulture)}")) + ")"
            : $"k = {r.K}";
        console.MarkupLine(Markup.Escape($"{r.Documents} posts modelled{(actor is null ? "" : $" (mentioning {actor})")}, {r.LeftOut} left out " +
                                         $"(fewer than 3 words after normalisation), {r.Vocabulary} terms; {how}; seed {r.Seed}; " +
                                         $"{r.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s."));
        var platforms = r.Topics.FirstOrDefault()?.ByPlatform.Select(p => p.Slice).ToList() ?? [];
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Topics[/]: posts whose main topic it is (95% Wilson intervals)");
        table.AddColumn("#");
        table.AddColumn("Top terms");
        table.AddColumn(new TableColumn("Posts").RightAligned());
        foreach (var p in platforms) table.AddColumn(new TableColumn(Markup.Escape(p)).RightAligned());
        table.AddColumn(new TableColumn("NPMI").RightAligned());
        foreach (var t in r.Topics)
        {
            table.AddRow([
                t.Number.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(string.Join(", ", t.Terms.Select(x => x.Display))) + $"\n[grey]query:[/] [blue]{Markup.Escape(t.SuggestedQuery)}[/]",
                $"{t.Share.Count}\n[grey]{Markup.Escape(P(t.Share))}[/]",
                .. t.ByPlatform.Select(p => $"{p.Share.Count}\n[grey]{Markup.Escape(P(p.Share))}[/]"),
                t.Coherence.ToString("0.00", CultureInfo.InvariantCulture),
            ]);
        }
        console.Write(table);
        foreach (var t in r.Topics)
        {
            console.MarkupLine($"[bold]Topic {t.Number}[/] ({Markup.Escape(t.Label)}): most representative posts");
            foreach (var p in t.Representative)
            {
                var text = p.Text.ReplaceLineEndings(" ");
                if (text.Length > 140) text = text[..139] + "…";
                var when = (codebook is null ? p.PublishedAt : p.PublishedAt.ToOffset(codebook.DayOffset)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                console.MarkupLine($"  [grey]{p.Weight.ToString("0.00", CultureInfo.InvariantCulture)} {Markup.Escape(p.Platform)}/{Markup.Escape(p.AccountName ?? p.Account)} {when}[/] {Markup.Escape(text)}");
            }
        }
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private static object Share(Statistics.Proportion p) => new { posts = p.Count, of = p.Total, share = Finite(p.Share), low = Finite(p.Low), high = Finite(p.High) };

    private static double? Finite(double d) => double.IsFinite(d) ? Math.Round(d, 6) : null;

    /// <summary>One line per topic; fields may be added later, none removed or renamed.</summary>
    private static void Jsonl(TopicResults r, string? actor)
    {
        foreach (var t in r.Topics)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                topic = t.Number, k = r.K, seed = r.Seed, method = r.Method, actor, documents = r.Documents,
                terms = t.Terms.Select(x => new { term = x.Term, word = x.Display, weight = Math.Round(x.Weight, 6) }),
                share = Share(t.Share),
                coherence = Finite(t.Coherence),
                query = t.SuggestedQuery,
                by_platform = t.ByPlatform.ToDictionary(p => p.Slice, p => Share(p.Share)),
                by_day = t.ByDay.ToDictionary(d => d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d => Share(d.Share)),
                representative = t.Representative.Select(p => new
                {
                    platform = p.Platform, account = p.Account, account_name = p.AccountName, id = p.NativeId,
                    published = PostListing.Time(p.PublishedAt), weight = Math.Round(p.Weight, 6), text = p.Text,
                }),
            }, Json));
        }
    }
}
