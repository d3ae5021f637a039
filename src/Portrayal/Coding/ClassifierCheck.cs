using Portrayal.Corpus;

namespace Portrayal.Coding;

/// <summary>The classifier against the adjudicated gold of coded.csv, overall and per language and per platform.</summary>
public sealed record ClassifierCheck(
    Validation Overall,
    IReadOnlyList<(string Language, Validation Validation)> ByLanguage,
    IReadOnlyList<(string Platform, Validation Validation)> ByPlatform)
{
    /// <summary>Scores every (post, actor) row the store holds; a slice's units are the reference units its rows match.</summary>
    public static ClassifierCheck Of(CodedSample sample, IReadOnlyList<ActorStanceRow> stances) => new(
        sample.Validate(stances),
        By(sample, stances, r => string.IsNullOrEmpty(r.Lang) ? "unknown" : r.Lang),
        By(sample, stances, r => r.Platform));

    private static List<(string, Validation)> By(CodedSample sample, IReadOnlyList<ActorStanceRow> stances, Func<ActorStanceRow, string> key) =>
        stances.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, sample.Validate(g)))
            .Where(x => x.Item2.Units > 0)
            .ToList();

    /// <summary>How many reference units of a class the slice has (the row total of the confusion matrix).</summary>
    public static int Support(Validation v, int label) => Enumerable.Range(0, StanceLabels.All.Count).Sum(j => v.Confusion[label, j]);
}
