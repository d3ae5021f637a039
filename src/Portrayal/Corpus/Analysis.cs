namespace Portrayal.Corpus;

/// <summary>One occurrence of an actor in a post's text; offsets are UTF-16 indexes into the post text.</summary>
public sealed record Mention(string Actor, int Start, int End, string Alias, string Surface, int SentenceStart, int SentenceEnd);

/// <summary>The three stance labels, in the order tables show them.</summary>
public static class StanceLabels
{
    public const string Negative = "negative";
    public const string Neutral = "neutral";
    public const string Positive = "positive";
    public static readonly IReadOnlyList<string> All = [Negative, Neutral, Positive];

    public static bool IsValid(string label) => label is Negative or Neutral or Positive;

    /// <summary>The label's position in <see cref="All"/> (a row or column of a stance table), or -1.</summary>
    public static int IndexOf(string label) => label switch { Negative => 0, Neutral => 1, Positive => 2, _ => -1 };
}

/// <summary>A stance toward one actor in one post, with the words that decided it.</summary>
public sealed record StanceResult(string Label, double Confidence, string Method, IReadOnlyList<string> Evidence, double Score)
{
    /// <summary>
    /// Where the classifier was trained on this unit's own human code: the label a model that never saw that code gives
    /// it (cross-prediction), which estimates must use on coded units; null otherwise.
    /// </summary>
    public string? HeldOutLabel { get; init; }
}
