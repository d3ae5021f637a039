using Portrayal.Corpus;
using Portrayal.Text;

namespace Portrayal.Stance.Training;

/// <summary>Settings of the feature extractor; saved in each model so that classifying extracts what training did.</summary>
public sealed record FeatureOptions
{
    /// <summary>Words each side of the target that get side-specific features.</summary>
    public int Window { get; init; } = 10;
    /// <summary>Words each side that count as right next to the target.</summary>
    public int Near { get; init; } = 3;
    /// <summary>Characters a Cyrillic word is cut to as its stem (inflection lives at the end of the word).</summary>
    public int StemLength { get; init; } = 5;
    /// <summary>Character n-grams of the words in the window (0: none; they cost two thirds of the classifying time and gained nothing in cross-validation).</summary>
    public int CharGrams { get; init; }
    public bool Bigrams { get; init; } = true;
    public bool LexiconFeatures { get; init; } = true;
    public bool SentenceBag { get; init; } = true;
    /// <summary>The words of the post outside the target's sentences, as a weaker bag of their own (posts carry stance in the next sentence).</summary>
    public bool PostBag { get; init; } = true;
    /// <summary>Scale each example's feature vector to unit length (as ML.NET's text featurizer does).</summary>
    public bool Normalize { get; init; } = true;
    /// <summary>
    /// English only: MiniLM vectors of three views of the target's sentence (all of it, left of the target, right of
    /// it), times this weight, as dense features (0: none).
    /// </summary>
    public double Embeddings { get; init; }
    /// <summary>With <see cref="Embeddings"/>: also a fourth view, the words within this many of the target (0: none).</summary>
    public int EmbeddingWindow { get; init; }
    /// <summary>
    /// English only: MiniLM's last-layer token vectors from one reading of the target's sentence, averaged over five
    /// views (the sentence, the target's own tokens in context, its left, its right, and the tokens within
    /// <see cref="TokenWindow"/> of it), times this weight, as dense features (0: none).
    /// </summary>
    public double TokenEmbeddings { get; init; }
    /// <summary>With <see cref="TokenEmbeddings"/>: the tokens each side of the target in the fifth view.</summary>
    public int TokenWindow { get; init; } = 4;
}

/// <summary>One feature of a (text, target) pair: its name, value and the word it came from (-1: none), for evidence.</summary>
public readonly record struct Feature(string Name, float Value, int Word);

/// <summary>
/// Target-aware features of a text toward one actor: the target's own words are masked; the words of its sentence
/// as a bag, the words on its left and on its right within a window, the words right next to it, bigrams through the
/// target's place, character n-grams that survive inflection, negation scope, and the cue lexicon's hits toward it.
/// </summary>
public sealed class StanceFeatures(FeatureOptions options, LexiconStance? lexicon)
{
    public const string Version = "stance.features.v1";

    private static readonly HashSet<string> Negators = new(StringComparer.Ordinal)
    {
        "не", "нет", "ни", "без", "никогда", "not", "no", "never", "without", "nor", "hardly", "емес", "жоқ",
    };

    public FeatureOptions Options => options;

    /// <summary>The type a target's actor has in the catalog: COUNTRY or ORGANIZATION, as RuSentNE-2023 tags them (null: unknown).</summary>
    public static string? TypeOf(string actor) =>
        Portrayal.Codebook.ActorCatalog.Default.Find(actor) is { } a ? a.Iso.Count > 0 ? "COUNTRY" : "ORGANIZATION" : null;

    public List<Feature> Extract(StanceDocument doc, IReadOnlyList<Mention> targets, string? targetType = null)
    {
        var features = new List<Feature>(256);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string name, int word, float value = 1)
        {
            if (seen.Add(name)) features.Add(new Feature(name, value, word));
        }

        var words = doc.Words;
        var stems = doc.Memo(this, () => words.Select(w => Stem(w.Folded)).ToArray());
        var type = targetType ?? TypeOf(targets[0].Actor);
        if (type is not null) Add("tt:" + type, -1);
        foreach (var target in targets)
        {
            var (first, last) = doc.WordSpan(target);
            var sentence = doc.Sentences.Count > 0 ? doc.Sentences[doc.SentenceOf(target.Start)] : (Start: 0, End: doc.Text.Length);
            var from = doc.WordAt(sentence.Start);
            var to = doc.WordAt(sentence.End) - 1;
            var negatedUntil = -1;
            for (var i = from; i <= to && i < words.Count; i++)
            {
                var folded = words[i].Folded;
                if (Negators.Contains(folded) || folded.EndsWith("n't", StringComparison.Ordinal)) negatedUntil = i + 3;
                if (i >= first && i <= last) continue;
                if (doc.Mentions.Any(m => m.Start <= words[i].Start && words[i].End <= m.End && m.Actor != target.Actor))
                {
                    Add(i < first ? "L:<actor>" : "R:<actor>", i);
                    continue;
                }
                var stem = stems[i];
                var negated = i <= negatedUntil && i > negatedUntil - 3;
                var d = i < first ? i - first : i - last;
                if (options.SentenceBag) Add("w:" + stem, i);
                if (doc.QuoteLength(i) is > 0 and <= 3) Add("q:" + stem, i);
                if (negated) Add("neg:" + stem, i);
                if (Math.Abs(d) <= options.Window) Add((d < 0 ? "L:" : "R:") + stem, i);
                if (Math.Abs(d) <= options.Near) Add((d < 0 ? "NL:" : "NR:") + stem, i);
                if (options.CharGrams > 0 && Math.Abs(d) <= options.Window && folded.Length >= options.CharGrams)
                {
                    var padded = "<" + folded + ">";
                    for (var k = 0; k + options.CharGrams <= padded.Length; k++) Add("c:" + padded.Substring(k, options.CharGrams), i);
                }
            }
            if (options.Bigrams)
            {
                string Slot(int i) => i >= first && i <= last ? "<T>" : stems[i];
                var lo = Math.Max(from, first - options.Window);
                var hi = Math.Min(Math.Min(to, words.Count - 1), last + options.Window);
                for (var i = lo; i < hi; i++)
                {
                    if (i >= first && i < last) continue; // inside a multi-word target
                    Add("b:" + Slot(i) + "_" + Slot(i + 1), i < first ? i : i + 1);
                }
            }
            if (first == from) Add("t:first", -1);
            if (sentence.End > 0 && sentence.End <= doc.Text.Length && doc.Text[sentence.End - 1] == '?') Add("t:question", -1);
            if (doc.Text.AsSpan(sentence.Start, sentence.End - sentence.Start).Contains('!')) Add("t:exclaim", -1);
            if (QuotedAround(doc.Text, target)) Add("t:quoted", -1);
        }
        if (doc.Mentions.Any(m => m.Actor != targets[0].Actor && targets.All(t => t.Start != m.Start))) Add("t:other-actor", -1);
        if (options.PostBag && doc.Sentences.Count > 1)
        {
            var own = targets.Select(t => doc.SentenceOf(t.Start)).ToHashSet();
            for (var i = 0; i < words.Count; i++)
            {
                if (own.Contains(doc.SentenceOf(words[i].Start))) continue;
                if (doc.Mentions.Any(m => m.Start <= words[i].Start && words[i].End <= m.End)) continue;
                var stem = stems[i];
                Add("x:" + stem, i, 0.5f);
                if (doc.QuoteLength(i) is > 0 and <= 3) Add("xq:" + stem, i, 0.5f);
            }
        }

        if (options.LexiconFeatures && lexicon is not null)
        {
            var cues = lexicon.Contributions(doc, targets);
            double pos = 0, neg = 0;
            foreach (var c in cues)
            {
                if (c.Contribution > 0) pos += c.Contribution;
                else neg -= c.Contribution;
                Add($"lx:{c.Category}:{(c.Contribution > 0 ? "+" : "-")}", c.Word, (float)Math.Min(3, Math.Abs(c.Contribution)));
            }
            if (pos > 0) Add("lx:pos", -1, (float)Math.Min(4, pos));
            if (neg > 0) Add("lx:neg", -1, (float)Math.Min(4, neg));
            var score = pos - neg;
            Add("lx:score" + (score <= -1 ? "<=-1" : score < -0.3 ? "<0" : score >= 1 ? ">=1" : score > 0.3 ? ">0" : "=0"), -1);
        }
        if (options.Normalize && features.Count > 0)
        {
            var norm = (float)Math.Sqrt(features.Sum(f => (double)f.Value * f.Value));
            for (var i = 0; i < features.Count; i++) features[i] = features[i] with { Value = features[i].Value / norm };
        }
        if (options.Embeddings > 0)
        {
            var target = targets[0];
            var (start, end) = doc.Sentences.Count > 0 ? doc.Sentences[doc.SentenceOf(target.Start)] : (0, doc.Text.Length);
            var views = new List<(string, string)> { ("es:", doc.Text[start..end]), ("el:", doc.Text[start..Math.Max(start, target.Start)]), ("er:", doc.Text[Math.Min(end, target.End)..end]) };
            if (options.EmbeddingWindow > 0)
            {
                var (first, last) = doc.WordSpan(target);
                var from = Math.Max(doc.WordAt(start), first - options.EmbeddingWindow);
                var to = Math.Min(Math.Min(doc.Words.Count, doc.WordAt(end)) - 1, last + options.EmbeddingWindow);
                if (to >= from) views.Add(("ew:", doc.Text[doc.Words[from].Start..doc.Words[to].End]));
            }
            foreach (var (prefix, view) in views) AddDense(features, prefix, SentenceEmbeddings.Of(view), options.Embeddings);
        }
        if (options.TokenEmbeddings > 0)
        {
            var target = targets[0];
            var (start, end) = doc.SentenceSpan(target);
            var views = Training.TokenEmbeddings.Of(doc.Text[start..end], target.Start - start, target.End - start, options.TokenWindow);
            for (var v = 0; v < views.Length; v++) AddDense(features, TokenViewPrefixes[v], views[v], options.TokenEmbeddings);
        }
        return features;
    }

    /// <summary>A vector as dense features named prefix0, prefix1, …, scaled by the weight; they come from no one word.</summary>
    private static void AddDense(List<Feature> features, string prefix, float[] vector, double weight)
    {
        for (var k = 0; k < vector.Length; k++)
            features.Add(new Feature(prefix + k.ToString(System.Globalization.CultureInfo.InvariantCulture), (float)(vector[k] * weight), -1));
    }

    /// <summary>Feature-name prefixes of the token views, in the order <see cref="Training.TokenEmbeddings.Of"/> returns them.</summary>
    private static readonly string[] TokenViewPrefixes = ["ts:", "tt:", "tl:", "tr:", "tw:"];

    /// <summary>A Cyrillic word cut to its first letters; an English word without its commonest endings.</summary>
    public string Stem(string folded)
    {
        if (folded.Length == 0 || char.IsDigit(folded[0])) return "<num>";
        if (folded[0] is >= '\u0400' and <= '\u04FF')
            return folded.Length <= options.StemLength ? folded : folded[..options.StemLength];
        if (folded.Length > 5 && folded.EndsWith("ing", StringComparison.Ordinal)) return folded[..^3];
        if (folded.Length > 4 && folded.EndsWith("ed", StringComparison.Ordinal)) return folded[..^2];
        if (folded.Length > 4 && folded.EndsWith("ly", StringComparison.Ordinal)) return folded[..^2];
        if (folded.EndsWith("'s", StringComparison.Ordinal)) return folded[..^2];
        if (folded.Length > 3 && folded.EndsWith('s') && !folded.EndsWith("ss", StringComparison.Ordinal)) return folded[..^1];
        return folded;
    }

    private static bool QuotedAround(string text, Mention target)
    {
        var before = target.Start > 0 ? text[target.Start - 1] : ' ';
        var after = target.End < text.Length ? text[target.End] : ' ';
        return before is '«' or '"' or '“' && after is '»' or '"' or '”';
    }
}
