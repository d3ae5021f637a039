using Portrayal.Corpus;

namespace Portrayal.Statistics;

/// <summary>Computes the study's tables from the store: counts, shares with Wilson intervals, per platform, account and day.</summary>
public static class StudyStatistics
{
    private const int ExamplesPerActor = 6;

    public static StudyResults Compute(ICorpusStore store, Codebook.Codebook codebook, RunManifest manifest)
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

        var rows = store.ReadActorStances().Where(r => inPeriodIds.Contains(r.PostId)).ToList();
        var actorOrder = codebook.Actors.Select((a, i) => (a.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var actors = new List<ActorTable>();
        foreach (var actor in codebook.Actors)
        {
            var mine = rows.Where(r => r.Actor == actor.Id).ToList();
            var overall = StanceSplit.Of("all", mine.Select(r => r.Label).ToList());
            var byPlatform = mine.GroupBy(r => r.Platform).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => StanceSplit.Of(g.Key, g.Select(r => r.Label).ToList())).ToList();
            var byAccount = mine.GroupBy(r => $"{r.Platform}: {r.AccountName ?? r.Account}").OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => StanceSplit.Of(g.Key, g.Select(r => r.Label).ToList())).ToList();
            actors.Add(new ActorTable(actor.Id, actor.Name, actor.InSentence, overall, byPlatform, byAccount, Examples(mine)));
        }

        var days = new List<DayRow>();
        var byDay = rows.GroupBy(r => codebook.DayOf(r.PublishedAt)).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (day, count) in postsPerDay)
        {
            var dayRows = byDay.GetValueOrDefault(day) ?? [];
            var actorPosts = codebook.Actors.ToDictionary(a => a.Id, a => dayRows.Count(r => r.Actor == a.Id));
            var actorStances = codebook.Actors.ToDictionary(a => a.Id, a =>
            {
                var mine = dayRows.Where(r => r.Actor == a.Id).ToList();
                return (mine.Count(r => r.Label == StanceLabels.Negative), mine.Count(r => r.Label == StanceLabels.Neutral),
                    mine.Count(r => r.Label == StanceLabels.Positive));
            });
            days.Add(new DayRow(day, count, actorPosts, actorStances));
        }

        var actorsOfPost = rows.GroupBy(r => r.PostId).Select(g => g.Select(r => r.Actor).ToHashSet()).ToList();
        var coMentions = new List<CoMention>();
        for (var i = 0; i < codebook.Actors.Count; i++)
        for (var j = i + 1; j < codebook.Actors.Count; j++)
        {
            var a = codebook.Actors[i].Id;
            var b = codebook.Actors[j].Id;
            var both = actorsOfPost.Count(s => s.Contains(a) && s.Contains(b));
            var onlyA = actorsOfPost.Count(s => s.Contains(a) && !s.Contains(b));
            var onlyB = actorsOfPost.Count(s => !s.Contains(a) && s.Contains(b));
            var union = both + onlyA + onlyB;
            coMentions.Add(new CoMention(a, b, both, onlyA, onlyB, union == 0 ? 0 : (double)both / union));
        }

        var scope = new StudyScope(
            codebook.Title, total, inPeriodIds.Count, actorsOfPost.Count,
            platformPosts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value, platformAccounts[p.Key].Count)).ToList(),
            langs.OrderByDescending(l => l.Value).ThenBy(l => l.Key, StringComparer.Ordinal).Select(l => (l.Key, l.Value)).ToList(),
            codebook.From, codebook.To,
            postsPerDay.Count > 0 ? postsPerDay.Keys.First() : null, postsPerDay.Count > 0 ? postsPerDay.Keys.Last() : null);

        return new StudyResults(scope, actors, days,
            coMentions.OrderByDescending(c => c.Both).ThenBy(c => actorOrder[c.A]).ThenBy(c => actorOrder[c.B]).ToList(),
            codebook.Events, manifest);
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
