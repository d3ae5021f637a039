using Portrayal.Codebook;
using Portrayal.Corpus;
using Portrayal.Text;

namespace Portrayal.Mentions;

/// <summary>Finds actor mentions in a text: one pass over its words, with every alias of every actor indexed.</summary>
public interface IMentionMatcher
{
    /// <summary>Versioned name recorded in the run manifest.</summary>
    string Name { get; }
    IReadOnlyList<Mention> Find(string text);
}

/// <summary>
/// Matches codebook aliases word by word through a dictionary keyed by the first word's forms, so the cost
/// does not grow with the number of aliases. A word matches an alias word when the case-folded forms are equal,
/// when both share a Russian Snowball stem (России, Россией → росс), when the word is the alias word plus a chain
/// of Kazakh suffixes (Ресейдің, АҚШ-тың, Еуроодағы), or plus an English possessive or plural (Russia's).
/// Exclusion phrases (Китай-город, Russian salad) veto the mentions they overlap.
/// </summary>
public sealed class AliasMatcher : IMentionMatcher
{
    private const int MinStemLength = 4;
    private const int MinStemLengthInPhrase = 3;

    private readonly Dictionary<string, List<Pattern>> _index = new(StringComparer.Ordinal);
    private readonly RussianStems _stems = new();

    public AliasMatcher(Codebook.Codebook codebook, bool? useProxies = null)
    {
        var proxies = useProxies ?? codebook.UseProxies;
        foreach (var actor in codebook.Actors)
        {
            foreach (var alias in actor.Aliases)
                if (alias.Kind != AliasKind.Proxy || proxies)
                    Add(new Pattern(actor.Id, alias, Compile(alias)));
            foreach (var exclusion in actor.Exclusions)
                Add(new Pattern(null, exclusion, Compile(exclusion)));
        }
        foreach (var exclusion in codebook.Exclusions)
            Add(new Pattern(null, exclusion, Compile(exclusion)));
    }

    public string Name => "mentions.alias-morphology.v1";

    private sealed record Pattern(string? Actor, Alias Alias, PatternWord[] Words);

    private sealed record PatternWord(string Surface, string Folded, string? Stem, bool CaseSensitive, bool Latin);

    private PatternWord[] Compile(Alias alias)
    {
        var words = Tokenizer.Words(alias.Text);
        var phrase = words.Count > 1;
        return words.Select(w =>
        {
            var cyrillic = TextFolding.IsCyrillic(w.Folded);
            string? stem = null;
            if (cyrillic && alias.Lang != "kk" && !alias.CaseSensitive)
            {
                var s = _stems.Stem(w.Folded);
                if (s.Length >= (phrase ? MinStemLengthInPhrase : MinStemLength)) stem = s;
            }
            return new PatternWord(w.Surface, w.Folded, stem, alias.CaseSensitive, !cyrillic);
        }).ToArray();
    }

    private void Add(Pattern pattern)
    {
        if (pattern.Words.Length == 0) return;
        var first = pattern.Words[0];
        AddKey(first.Folded, pattern);
        if (first.Stem is not null) AddKey("\u0001" + first.Stem, pattern);
    }

    private void AddKey(string key, Pattern pattern)
    {
        if (!_index.TryGetValue(key, out var list)) _index[key] = list = [];
        if (!list.Contains(pattern)) list.Add(pattern);
    }

    /// <summary>A text word with the forms it can match by, computed once per word.</summary>
    private sealed record WordForms(Token Word, string[] Bases, string? Stem);

    public IReadOnlyList<Mention> Find(string text)
    {
        var words = Tokenizer.Words(text);
        if (words.Count == 0) return [];
        var forms = words.Select(Forms).ToArray();
        var candidates = new List<(Pattern Pattern, int First, int Last)>();
        var seen = new HashSet<(Pattern, int)>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < forms.Length; i++)
        {
            keys.Clear();
            keys.Add(forms[i].Word.Folded);
            keys.UnionWith(forms[i].Bases);
            if (forms[i].Stem is { } stem) keys.Add("\u0001" + stem);
            foreach (var key in keys)
            {
                if (!_index.TryGetValue(key, out var patterns)) continue;
                foreach (var pattern in patterns)
                {
                    if (i + pattern.Words.Length > forms.Length) continue;
                    var ok = true;
                    for (var k = 0; k < pattern.Words.Length && ok; k++)
                        ok = WordMatches(pattern.Words[k], forms[i + k]);
                    if (ok && seen.Add((pattern, i)))
                        candidates.Add((pattern, i, i + pattern.Words.Length - 1));
                }
            }
        }
        if (candidates.Count == 0) return [];

        // Exclusions veto overlapping mentions; among overlapping mentions the longest wins, then the earliest.
        var exclusions = candidates.Where(c => c.Pattern.Actor is null).ToList();
        var kept = new List<(Pattern Pattern, int First, int Last)>();
        foreach (var c in candidates.Where(c => c.Pattern.Actor is not null)
                     .OrderByDescending(c => c.Last - c.First).ThenBy(c => c.First))
        {
            if (exclusions.Any(e => e.First <= c.Last && c.First <= e.Last)) continue;
            if (kept.Any(k => k.First <= c.Last && c.First <= k.Last)) continue;
            kept.Add(c);
        }
        var sentences = Tokenizer.Sentences(text);
        return kept.OrderBy(c => c.First).Select(c =>
        {
            var start = words[c.First].Start;
            var end = words[c.Last].End;
            var sentence = Tokenizer.SentenceAround(sentences, start, end);
            return new Mention(c.Pattern.Actor!, start, end, c.Pattern.Alias.Text, text[start..end], sentence.Start, sentence.End);
        }).ToList();
    }

    /// <summary>A word's folded form, its bases (Kazakh suffixes, English possessive or plural taken off) and its Russian stem.</summary>
    private WordForms Forms(Token word)
    {
        var f = word.Folded;
        if (TextFolding.IsCyrillic(f)) return new WordForms(word, KazakhSuffixes.Bases(f).ToArray(), _stems.Stem(f));
        var bases = new List<string>(2);
        if (f.EndsWith("'s", StringComparison.Ordinal)) bases.Add(f[..^2]);
        else if (f.EndsWith('\'')) bases.Add(f[..^1]);
        else if (f.Length > 3 && f.EndsWith('s')) bases.Add(f[..^1]);
        var hyphen = f.IndexOf('-');
        if (hyphen > 0) bases.Add(f[..hyphen]); // US-led, EU-backed
        return new WordForms(word, bases.ToArray(), null);
    }

    private static bool WordMatches(PatternWord p, WordForms w)
    {
        if (p.CaseSensitive && !w.Word.Surface.StartsWith(p.Surface, StringComparison.Ordinal)) return false;
        if (w.Word.Folded == p.Folded || w.Bases.Contains(p.Folded)) return true;
        return p.Stem is not null && !p.Latin && w.Stem == p.Stem;
    }
}
