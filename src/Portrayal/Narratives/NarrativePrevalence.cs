using System.Globalization;
using System.Text;
using Portrayal.Corpus;
using Portrayal.Statistics;

namespace Portrayal.Narratives;

/// <summary>A narrative's share of one slice of the period's posts (a platform, a day).</summary>
public sealed record NarrativeSlice(string Slice, Proportion Share);

/// <summary>A narrative's share of one day's posts (the day in the codebook's time zone).</summary>
public sealed record NarrativeDay(DateOnly Day, Proportion Share);

/// <summary>
/// The stance toward one of the narrative's actors within the posts the narrative was found in: counts per label, and
/// the hits that do not mention the actor at all (a narrative about the CSTO can be carried by a post naming only Russia).
/// </summary>
public sealed record NarrativeActorStance(string Actor, string Name, int Negative, int Neutral, int Positive, int NotMentioned)
{
    public int Mentioned => Negative + Neutral + Positive;
    public Proportion NegativeShare => Proportion.Wilson(Negative, Mentioned);
    public Proportion NeutralShare => Proportion.Wilson(Neutral, Mentioned);
    public Proportion PositiveShare => Proportion.Wilson(Positive, Mentioned);
}

/// <summary>A post behind a narrative's figure, with the words that matched.</summary>
public sealed record NarrativeExample(long PostId, string Platform, string Account, string? AccountName, string NativeId,
    DateTimeOffset PublishedAt, string Text, string? Url, IReadOnlyList<string> Evidence);

/// <summary>
/// How prevalent one narrative was in the period: posts hit over posts in the period with a 95% Wilson interval, the
/// same per platform and per day, the stance toward its actors within the hits, and example posts.
/// </summary>
public sealed record NarrativePrevalence(
    string Id, string Label, string? Description, string? Query, IReadOnlyList<string> Actors,
    Proportion Overall, IReadOnlyList<NarrativeSlice> ByPlatform, IReadOnlyList<NarrativeDay> ByDay,
    IReadOnlyList<NarrativeActorStance> Stances, IReadOnlyList<NarrativeExample> Examples);

/// <summary>
/// Every codebook narrative's prevalence. <see cref="CodebookChanged"/> is true when the store's hits come from an analysis
/// run with another version of the codebook (its queries may have changed since): run again before reporting.
/// </summary>
public sealed record NarrativeResults(
    string Title, DateOnly? From, DateOnly? To, int PostsInPeriod, IReadOnlyList<NarrativeSlice> PlatformPosts,
    IReadOnlyList<NarrativeDay> DayPosts, IReadOnlyList<NarrativePrevalence> Narratives, bool Analysed, bool CodebookChanged);

/// <summary>Computes <see cref="NarrativeResults"/> from the stored hits of the last analysis; streams the posts twice, keeps ids and days.</summary>
public static class NarrativeStatistics
{
    public static NarrativeResults Compute(ICorpusStore store, Codebook.Codebook codebook, int examplesPerNarrative = 5)
    {
        var period = new Dictionary<long, (string Platform, DateOnly Day, DateTimeOffset At)>();
        var platformPosts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var dayPosts = new SortedDictionary<DateOnly, int>();
        foreach (var stored in store.ReadPosts())
        {
            var p = stored.Post;
            if (!codebook.InPeriod(p.PublishedAt)) continue;
            var day = codebook.DayOf(p.PublishedAt);
            period[stored.Id] = (p.Platform, day, p.PublishedAt);
            platformPosts[p.Platform] = platformPosts.GetValueOrDefault(p.Platform) + 1;
            dayPosts[day] = dayPosts.GetValueOrDefault(day) + 1;
        }

        var hits = store.ReadNarrativeHits().Where(h => period.ContainsKey(h.PostId)).ToList();
        var hitPosts = hits.Select(h => h.PostId).ToHashSet();
        var actorsWanted = codebook.Narratives.SelectMany(n => n.Actors).ToHashSet(StringComparer.Ordinal);
        var stances = new Dictionary<(long, string), string>();
        foreach (var row in store.ReadActorStances())
            if (hitPosts.Contains(row.PostId) && actorsWanted.Contains(row.Actor))
                stances[(row.PostId, row.Actor)] = row.Label;

        // Examples: the hits with the most evidence, then the earliest; their texts are read in a second pass.
        var byNarrative = hits.GroupBy(h => h.Narrative).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var exampleHits = byNarrative.ToDictionary(kv => kv.Key, kv => kv.Value
            .OrderByDescending(h => h.Evidence.Count).ThenBy(h => period[h.PostId].At).ThenBy(h => h.PostId)
            .Take(examplesPerNarrative).ToList(), StringComparer.Ordinal);
        var exampleIds = exampleHits.Values.SelectMany(l => l).Select(h => h.PostId).ToHashSet();
        var posts = new Dictionary<long, Post>();
        if (exampleIds.Count > 0)
            foreach (var stored in store.ReadPosts())
                if (exampleIds.Contains(stored.Id)) posts[stored.Id] = stored.Post;

        var total = period.Count;
        var results = new List<NarrativePrevalence>();
        foreach (var n in codebook.Narratives)
        {
            var mine = byNarrative.GetValueOrDefault(n.Id) ?? [];
            var ids = mine.Select(h => h.PostId).ToHashSet();
            var byPlatform = platformPosts.Select(kv =>
                new NarrativeSlice(kv.Key, Proportion.Wilson(ids.Count(id => period[id].Platform == kv.Key), kv.Value))).ToList();
            var perDay = ids.GroupBy(id => period[id].Day).ToDictionary(g => g.Key, g => g.Count());
            var byDay = dayPosts.Select(kv => new NarrativeDay(kv.Key, Proportion.Wilson(perDay.GetValueOrDefault(kv.Key), kv.Value))).ToList();
            var actorStances = n.Actors.Select(a =>
            {
                var labels = ids.Select(id => stances.GetValueOrDefault((id, a))).ToList();
                return new NarrativeActorStance(a, codebook.Find(a)?.Name ?? a,
                    labels.Count(l => l == StanceLabels.Negative), labels.Count(l => l == StanceLabels.Neutral),
                    labels.Count(l => l == StanceLabels.Positive), labels.Count(l => l is null));
            }).ToList();
            var examples = (exampleHits.GetValueOrDefault(n.Id) ?? []).Select(h =>
            {
                var p = posts[h.PostId];
                return new NarrativeExample(h.PostId, p.Platform, p.Account, p.AccountName, p.NativeId, p.PublishedAt, p.Text, p.Url, h.Evidence);
            }).ToList();
            results.Add(new NarrativePrevalence(n.Id, n.Label, n.Description, n.Query, n.Actors, Proportion.Wilson(ids.Count, total),
                byPlatform, byDay, actorStances, examples));
        }

        var last = store.LastRun();
        return new NarrativeResults(codebook.Title, codebook.From, codebook.To, total,
            platformPosts.Select(kv => new NarrativeSlice(kv.Key, Proportion.Wilson(kv.Value, total))).ToList(),
            dayPosts.Select(kv => new NarrativeDay(kv.Key, Proportion.Wilson(kv.Value, total))).ToList(),
            results, last is not null, last is not null && last.CodebookHash != codebook.Hash);
    }
}

/// <summary>Markdown tables of the narratives' prevalence, ready for summary.md or a notebook.</summary>
public static class NarrativeTables
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>"12.3% (9.1–16.4%)"; a dash for an empty slice.</summary>
    public static string Share(Proportion p) =>
        double.IsNaN(p.Share) ? "–" : string.Create(C, $"{p.Share * 100:0.0}% ({p.Low * 100:0.0}–{p.High * 100:0.0}%)");

    /// <summary>"23 of 455, 5.1% (3.4–7.5%)".</summary>
    public static string CountAndShare(Proportion p) => string.Create(C, $"{p.Count} of {p.Total}, {Share(p)}");

    /// <summary>Narratives as rows: all posts, then each platform; then the stance toward each narrative's actors within its hits.</summary>
    public static string Markdown(NarrativeResults r)
    {
        var sb = new StringBuilder();
        var platforms = r.PlatformPosts.Select(p => p.Slice).ToList();
        sb.Append("| narrative | posts | share (95% CI) |");
        foreach (var p in platforms) sb.Append(' ').Append(Cell(p)).Append(" |");
        sb.Append('\n').Append("|---|---:|---:|");
        foreach (var _ in platforms) sb.Append("---:|");
        sb.Append('\n');
        foreach (var n in r.Narratives)
        {
            sb.Append(string.Create(C, $"| {Cell(n.Label)} | {n.Overall.Count} of {n.Overall.Total} | {Share(n.Overall)} |"));
            foreach (var p in n.ByPlatform) sb.Append(string.Create(C, $" {p.Share.Count} of {p.Share.Total}, {Share(p.Share)} |"));
            sb.Append('\n');
        }
        sb.Append('\n').Append("| narrative | actor | negative | neutral | positive | hits not naming it |\n|---|---|---:|---:|---:|---:|\n");
        foreach (var n in r.Narratives)
        foreach (var a in n.Stances)
            sb.Append(string.Create(C, $"| {Cell(n.Label)} | {Cell(a.Name)} | {a.Negative} | {a.Neutral} | {a.Positive} | {a.NotMentioned} |\n"));
        return sb.ToString();
    }

    /// <summary>Days as rows, narratives as columns: hits of the day over the day's posts.</summary>
    public static string MarkdownByDay(NarrativeResults r)
    {
        var sb = new StringBuilder("| day | posts |");
        foreach (var n in r.Narratives) sb.Append(' ').Append(Cell(n.Id)).Append(" |");
        sb.Append("\n|---|---:|");
        foreach (var _ in r.Narratives) sb.Append("---:|");
        sb.Append('\n');
        for (var i = 0; i < r.DayPosts.Count; i++)
        {
            var day = r.DayPosts[i];
            sb.Append(string.Create(C, $"| {day.Day:yyyy-MM-dd} | {day.Share.Count} |"));
            foreach (var n in r.Narratives) sb.Append(string.Create(C, $" {n.ByDay[i].Share.Count} ({Share(n.ByDay[i].Share)}) |"));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>A Markdown table cell: pipes escaped, line breaks flattened.</summary>
    private static string Cell(string s) => s.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);
}
