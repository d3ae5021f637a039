using Portrayal.Corpus;
using Portrayal.Statistics;

namespace Portrayal.Tables;

/// <summary>Computes the study's tables from the store: counts, shares with Wilson intervals, per platform, account and day.</summary>
public static class StudyStatistics
{
    private const int ExamplesPerActor = 6;


    public static StudyResults Compute(ICorpusStore store, Codebook.Codebook codebook, RunManifest manifest, Coding.CodedSample? coded = null,
        IReadOnlyList<DrawRecord>? draws = null)
    {
        // One streaming pass over the posts for the scope and daily totals (ids only kept for the period filter).
        var inPeriodIds = new HashSet<long>();
        var postsPerDay = new SortedDictionary<DateOnly, int>();
        var platformPosts = new Dictionary<string, int>(StringComparer.Ordinal);
        var platformAccounts = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var langs = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        foreach (var stored in store.ReadPosts())
        {
            total++;
            if (!codebook.InPeriod(stored.Post.PublishedAt)) continue;
            var day = codebook.DayOf(stored.Post.PublishedAt);
            inPeriodIds.Add(stored.Id);
            postsPerDay[day] = postsPerDay.GetValueOrDefault(day) + 1;
            var platform = stored.Post.Platform;
            platformPosts[platform] = platformPosts.GetValueOrDefault(platform) + 1;
            if (!platformAccounts.TryGetValue(platform, out var accounts)) platformAccounts[platform] = accounts = [];
            accounts.Add(stored.Post.Account);
            var lang = stored.Post.Lang ?? "unknown";
            langs[lang] = langs.GetValueOrDefault(lang) + 1;
        }

        var allRows = store.ReadActorStances().ToList();
        var rows = allRows.Where(r => inPeriodIds.Contains(r.PostId)).ToList();
        var validation = coded?.Validate(allRows);
        var spikeRule = new SpikeOptions();
        var actorOrder = codebook.Actors.Select((a, i) => (a.Id, i)).ToDictionary(x => x.Id, x => x.i);
        // Days first: each actor's daily counts (its spikes) are read from them rather than counted again.
        var days = new List<DayRow>();
        var byDay = rows.GroupBy(r => codebook.DayOf(r.PublishedAt)).ToDictionary(g => g.Key, g => g.ToLookup(r => r.Actor));
        foreach (var (day, count) in postsPerDay)
        {
            var dayRows = byDay.GetValueOrDefault(day);
            var actorPosts = codebook.Actors.ToDictionary(a => a.Id, a => dayRows?[a.Id].Count() ?? 0);
            var actorStances = codebook.Actors.ToDictionary(a => a.Id, a =>
            {
                var mine = dayRows?[a.Id] ?? [];
                return (mine.Count(r => r.Label == StanceLabels.Negative), mine.Count(r => r.Label == StanceLabels.Neutral),
                    mine.Count(r => r.Label == StanceLabels.Positive));
            });
            days.Add(new DayRow(day, count, actorPosts, actorStances));
        }

        var rowsOfActor = rows.ToLookup(r => r.Actor);
        var actors = new List<ActorTable>();
        foreach (var actor in codebook.Actors)
        {
            var mine = rowsOfActor[actor.Id].ToList();
            var overall = StanceSplit.Of("all", mine.Select(r => r.Label).ToList());
            var byPlatform = mine.GroupBy(r => r.Platform).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => StanceSplit.Of(g.Key, g.Select(r => r.Label).ToList())).ToList();
            var byAccount = mine.GroupBy(r => $"{r.Platform}: {r.AccountName ?? r.Account}").OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => StanceSplit.Of(g.Key, g.Select(r => r.Label).ToList())).ToList();
            actors.Add(new ActorTable(actor.Id, actor.Name, actor.InSentence, overall, byPlatform, byAccount, Examples(mine))
            {
                Check = coded?.Validate(allRows.Where(r => r.Actor == actor.Id)),
                PlatformTest = Test(mine, r => r.Platform),
                AccountTest = Test(mine, r => $"{r.Platform}: {r.AccountName ?? r.Account}"),
                Weighted = Weighted(mine),
                Spikes = SpikeDetection.Find(days.Select(d => (d.Day, d.ActorPosts[actor.Id])), spikeRule),
            });
        }

        // Co-mentions in one pass over the posts: each post adds one to every pair it mentions, so a whole-catalog study
        // costs the pairs that occur, not every pair of 275 actors times every post. Pairs of actors never mentioned are left out.
        var actorsOfPost = rows.GroupBy(r => r.PostId).Select(g => g.Select(r => r.Actor).Distinct().OrderBy(a => actorOrder[a]).ToArray()).ToList();
        var withActor = new Dictionary<string, int>(StringComparer.Ordinal);
        var together = new Dictionary<(string, string), int>();
        foreach (var set in actorsOfPost)
        {
            foreach (var a in set) withActor[a] = withActor.GetValueOrDefault(a) + 1;
            for (var i = 0; i < set.Length; i++)
            for (var j = i + 1; j < set.Length; j++)
                together[(set[i], set[j])] = together.GetValueOrDefault((set[i], set[j])) + 1;
        }
        var mentionedIds = codebook.Actors.Select(a => a.Id).Where(withActor.ContainsKey).ToList();
        var coMentions = new List<CoMention>();
        for (var i = 0; i < mentionedIds.Count; i++)
        for (var j = i + 1; j < mentionedIds.Count; j++)
        {
            var a = mentionedIds[i];
            var b = mentionedIds[j];
            var both = together.GetValueOrDefault((a, b));
            var onlyA = withActor[a] - both;
            var onlyB = withActor[b] - both;
            var union = both + onlyA + onlyB;
            coMentions.Add(new CoMention(a, b, both, onlyA, onlyB, union == 0 ? 0 : (double)both / union)
            {
                Association = inPeriodIds.Count > 0 ? CoMentionStatistics.Of(a, b, both, onlyA, onlyB, inPeriodIds.Count) : null,
            });
        }

        var scope = new StudyScope(
            codebook.Title, total, inPeriodIds.Count, actorsOfPost.Count,
            platformPosts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value, platformAccounts[p.Key].Count)).ToList(),
            langs.OrderByDescending(l => l.Value).ThenBy(l => l.Key, StringComparer.Ordinal).Select(l => (l.Key, l.Value)).ToList(),
            codebook.From, codebook.To,
            postsPerDay.Count > 0 ? postsPerDay.Keys.First() : null, postsPerDay.Count > 0 ? postsPerDay.Keys.Last() : null);

        // Most discussed first (the codebook's order on a tie), so a study on the whole catalog opens with what its posts are about.
        actors = actors.OrderByDescending(a => a.Overall.Units).ThenBy(a => actorOrder[a.Actor]).ToList();
        return new StudyResults(scope, actors, days,
            coMentions.OrderByDescending(c => c.Both).ThenBy(c => actorOrder[c.A]).ThenBy(c => actorOrder[c.B]).ToList(),
            codebook.Events, manifest)
        {
            VolumeSpikes = SpikeDetection.Find(postsPerDay.Select(p => (p.Key, p.Value)), spikeRule),
            SpikeRule = spikeRule,
            Validation = validation,
            Validated = ValidatedTables.Compute(rows, codebook, coded, draws ?? store.ReadDraws()),
            ClassifierAccuracy = manifest.StanceMethod.StartsWith(Stance.ShippedAccuracy.DefaultPrefix, StringComparison.Ordinal) ? Stance.ShippedAccuracy.OnPosts() : [],
            Coding = coded is null ? null : (coded.Coders, coded.Reference.Count + coded.Disagreements.Count, coded.Disagreements.Count),
        };
    }

    /// <summary>Slice × stance counts tested for independence; null unless at least two slices have units.</summary>
    private static ContingencyResult? Test(List<ActorStanceRow> rows, Func<ActorStanceRow, string> slice)
    {
        var slices = rows.Select(slice).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (slices.Count < 2) return null;
        var table = new int[slices.Count, StanceLabels.All.Count];
        foreach (var r in rows) table[slices.IndexOf(slice(r)), StanceLabels.IndexOf(r.Label)]++;
        var result = ContingencyAnalysis.Analyse(table, slices, StanceLabels.All);
        return result.RowLabels.Count >= 2 && result.ColumnLabels.Count >= 2 ? result : null;
    }

    /// <summary>Stance shares weighted by each engagement measure that at least one unit has.</summary>
    private static List<WeightedShares> Weighted(List<ActorStanceRow> rows)
    {
        var result = new List<WeightedShares>();
        foreach (var (name, weight) in new (string, Func<ActorStanceRow, long?>)[] { ("views", r => r.Views), ("likes", r => r.Likes), ("forwards", r => r.Forwards) })
        {
            if (!rows.Any(r => weight(r) is > 0)) continue;
            result.Add(WeightedShares.Compute(rows.Select(r => new WeightedUnit(r.Label, weight(r))), StanceLabels.All, name));
        }
        return result;
    }

    /// <summary>The most confident posts of each stance, so every share has posts behind it; ordered deterministically.</summary>
    private static List<ExamplePost> Examples(List<ActorStanceRow> rows) =>
        StanceLabels.All
            .SelectMany(label => rows.Where(r => r.Label == label)
                .OrderByDescending(r => r.Confidence).ThenBy(r => r.PostId)
                .Take(label == StanceLabels.Neutral ? ExamplesPerActor / 3 : ExamplesPerActor / 2 + 1))
            .Select(r => new ExamplePost(r.Actor, r.Label, r.Confidence, r.Platform, r.AccountName ?? r.Account, r.PublishedAt, r.Text, r.Url, r.Evidence))
            .ToList();
}
