using Portrayal.Corpus;
using Portrayal.Text;

namespace Portrayal.Narratives;

/// <summary>A stored post a query matched, with the words that satisfied it.</summary>
public sealed record SearchHit(StoredPost Stored, string? Lang, IReadOnlyList<string> Evidence);

/// <summary>
/// `portrayal query`: a query over the stored posts with the mentions and stances of the last analysis, streamed in
/// post order (posts, mentions and stances are read side by side, so memory stays flat whatever the corpus).
/// </summary>
public static class NarrativeSearch
{
    /// <summary>
    /// The posts <paramref name="query"/> matches, in store order. A query with actor: or stance: terms on a store that
    /// was never analysed is an <see cref="InputError"/>: it would silently match nothing.
    /// </summary>
    public static IEnumerable<SearchHit> Run(ICorpusStore store, NarrativeQuery query, Func<LanguageIdentifier>? languages = null)
    {
        if (query.NeedsAnalysis && store.LastRun() is null)
            throw new InputError("NQ010", "query", null,
                "actor: and stance: terms read the mentions and stances of an analysis, and this store has none yet: run `portrayal run` first.");
        return Stream(store, query, languages);
    }

    private static IEnumerable<SearchHit> Stream(ICorpusStore store, NarrativeQuery query, Func<LanguageIdentifier>? languages)
    {
        LanguageIdentifier? identifier = null;
        using var mentions = query.NeedsAnalysis ? store.ReadMentions().GetEnumerator() : null;
        using var stances = query.NeedsAnalysis ? store.ReadActorStances().GetEnumerator() : null;
        var mentionsLeft = mentions?.MoveNext() ?? false;
        var stancesLeft = stances?.MoveNext() ?? false;
        foreach (var stored in store.ReadPosts())
        {
            var found = new List<Mention>();
            while (mentionsLeft && mentions!.Current.PostId <= stored.Id)
            {
                if (mentions.Current.PostId == stored.Id) found.Add(mentions.Current.Mention);
                mentionsLeft = mentions.MoveNext();
            }
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            while (stancesLeft && stances!.Current.PostId <= stored.Id)
            {
                if (stances.Current.PostId == stored.Id) labels[stances.Current.Actor] = stances.Current.Label;
                stancesLeft = stances.MoveNext();
            }
            var lang = stored.Post.Lang;
            if (lang is null && query.NeedsLanguage)
            {
                identifier ??= (languages ?? (() => new LanguageIdentifier()))();
                lang = identifier.Identify(stored.Post.Text);
            }
            if (query.Evaluate(QueryDocument.Of(stored.Post, lang, found, labels)) is { } match)
                yield return new SearchHit(stored, lang, match.Evidence);
        }
    }
}
