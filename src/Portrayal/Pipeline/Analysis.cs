using Portrayal.Corpus;
using Portrayal.Mentions;
using Portrayal.Narratives;
using Portrayal.Stance;
using Portrayal.Text;

namespace Portrayal.Pipeline;

/// <summary>Counts of one analysis pass.</summary>
public sealed record AnalysisSummary(int Posts, int Mentions, int Units, int NarrativeHits = 0);

/// <summary>
/// The text, mentions, stance and narrative stages over every stored post, replacing the previous analysis in one
/// transaction. Narrative queries run last, as their actor: and stance: terms read the post's mentions and stances.
/// </summary>
public sealed class Analysis(IMentionMatcher matcher, IStanceClassifier classifier, LanguageIdentifier languages, NarrativeSet? narratives = null)
{
    /// <summary>Posts analysed and written per batch: the writer's round trips, and the unit of work a worker claims.</summary>
    public const int BatchSize = 256;

    public AnalysisSummary Run(ICorpusStore store, IProgress<int>? progress = null)
    {
        int posts = 0, mentions = 0, units = 0, hits = 0;
        using var writer = store.BeginAnalysis();
        var batch = new List<PostAnalysis>(BatchSize);
        foreach (var stored in store.ReadPosts())
        {
            var result = Analyse(stored);
            batch.Add(result);
            mentions += result.Mentions.Count;
            units += result.Stances.Count;
            hits += result.Narratives.Count;
            if (batch.Count == BatchSize)
            {
                writer.Write(batch);
                batch.Clear();
            }
            if (++posts % 500 == 0) progress?.Report(posts);
        }
        writer.Write(batch);
        writer.Commit();
        progress?.Report(posts);
        return new AnalysisSummary(posts, mentions, units, hits);
    }

    /// <summary>The text, mentions, stance and narrative stages on one stored post.</summary>
    public PostAnalysis Analyse(StoredPost stored)
    {
        var post = stored.Post;
        var lang = post.Lang ?? languages.Identify(post.Text);
        var found = matcher.Find(post.Text);
        List<ActorStance> stances = [];
        Dictionary<string, string>? labels = null;
        if (found.Count > 0)
        {
            labels = [];
            foreach (var (actor, result) in Classify(classifier, post.Text, lang, found))
            {
                var heldOut = classifier.HeldOutLabel($"{post.Key}/{actor}");
                var stance = heldOut is null ? result : result with { HeldOutLabel = heldOut };
                stances.Add(new ActorStance(actor, stance));
                labels[actor] = stance.Label;
            }
        }
        IReadOnlyList<NarrativeHit> hits = narratives is { Narratives.Count: > 0 }
            ? narratives.Evaluate(QueryDocument.Of(post, lang, found, labels ?? NoStances)).ToList()
            : [];
        return new PostAnalysis(stored.Id, post.Lang is null ? lang : null, found, stances, hits);
    }

    private static readonly Dictionary<string, string> NoStances = [];

    /// <summary>One stance per actor mentioned in the text, toward all of that actor's mentions.</summary>
    public static IEnumerable<(string Actor, StanceResult Stance)> Classify(
        IStanceClassifier classifier, string text, string? lang, IReadOnlyList<Mention> mentions)
    {
        var doc = new StanceDocument(text, lang, mentions);
        foreach (var group in mentions.GroupBy(m => m.Actor).OrderBy(g => g.Min(m => m.Start)))
            yield return (group.Key, classifier.Classify(doc, group.ToList()));
    }
}
