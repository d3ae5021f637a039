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
    public AnalysisSummary Run(ICorpusStore store, IProgress<int>? progress = null)
    {
        int posts = 0, mentions = 0, units = 0, hits = 0;
        using var batch = store.BeginAnalysis();
        foreach (var stored in store.ReadPosts())
        {
            var post = stored.Post;
            var lang = post.Lang ?? languages.Identify(post.Text);
            if (post.Lang is null) batch.SetLanguage(stored.Id, lang);
            var found = matcher.Find(post.Text);
            foreach (var m in found) batch.AddMention(stored.Id, m);
            mentions += found.Count;
            Dictionary<string, string>? stances = null;
            if (found.Count > 0)
            {
                stances = [];
                foreach (var (actor, stance) in Classify(classifier, post.Text, lang, found))
                {
                    batch.AddStance(stored.Id, actor, stance);
                    stances[actor] = stance.Label;
                    units++;
                }
            }
            if (narratives is { Narratives.Count: > 0 })
            {
                foreach (var hit in narratives.Evaluate(QueryDocument.Of(post, lang, found, stances ?? NoStances)))
                {
                    batch.AddNarrativeHit(stored.Id, hit.Narrative, hit.Evidence);
                    hits++;
                }
            }
            if (++posts % 500 == 0) progress?.Report(posts);
        }
        batch.Commit();
        progress?.Report(posts);
        return new AnalysisSummary(posts, mentions, units, hits);
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
