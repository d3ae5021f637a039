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
/// Matches codebook aliases word by word through a dictionary holding every inflected form of every alias's first
/// word, so the cost per text word is a few hash lookups whatever the number of aliases. An alias word matches a
/// text word when the folded text word is one of its forms (Russian declension generated from the dictionary form:
/// России, Россией; Соединённых Штатов; российскими), or when the text word is one of those forms plus a chain of
/// Kazakh suffixes (Ресейдің, АҚШ-тың, Еуроодағы, Reseidiñ), or plus an English possessive or plural (Russia's).
/// Kazakh aliases are also matched in the 2021 Latin alphabet. An exclusion phrase (Китай-город, Russian salad)
/// vetoes the mentions it overlaps unless they are longer than it; among overlapping mentions the longest wins,
/// then the one whose words match most exactly, then the earliest. In a sentence written in capitals a
/// capitalised name (Turkey) matches its capitals, and an abbreviation that is also an English word (US, WHO) does
/// not match at all: "TELL US THE TRUTH" says nothing about the USA.
/// </summary>
public sealed class AliasMatcher : IMentionMatcher
{
    private readonly Dictionary<string, List<Pattern>> _index = new(StringComparer.Ordinal);

    public AliasMatcher(Codebook.Codebook codebook, bool? useProxies = null)
    {
        var proxies = useProxies ?? codebook.UseProxies;
        foreach (var actor in codebook.Actors)
        {
            foreach (var alias in actor.Aliases)
                if (alias.Kind != AliasKind.Proxy || proxies)
                    foreach (var variant in Variants(alias))
                        Add(new Pattern(actor.Id, alias, Compile(variant)));
            foreach (var exclusion in actor.Exclusions)
                Add(new Pattern(null, exclusion, Compile(exclusion)));
        }
        foreach (var exclusion in codebook.Exclusions)
            Add(new Pattern(null, exclusion, Compile(exclusion)));
    }

    public string Name => "mentions.alias-forms.v2";

    private sealed record Pattern(string? Actor, Alias Alias, PatternWord[] Words);

    private sealed record PatternWord(string Surface, string Folded, IReadOnlyCollection<string> Forms, bool CaseSensitive);

    /// <summary>The alias as written, and for a Kazakh alias in Cyrillic also its 2021 Latin spelling.</summary>
    private static IEnumerable<Alias> Variants(Alias alias)
    {
        yield return alias;
        if (alias.Lang == "kk" && TextFolding.IsCyrillic(alias.Text))
            yield return alias with { Text = KazakhLatin.Transliterate(alias.Text) };
    }

    private static PatternWord[] Compile(Alias alias)
    {
        var words = Tokenizer.Words(alias.Text);
        return words.Select(w =>
        {
            // Abbreviations (all capitals) do not decline; capitalised case-sensitive names (Куба, Того) do when they can.
            var russian = alias.Lang is null or "ru" && TextFolding.IsCyrillic(w.Folded) && (!alias.CaseSensitive || w.Surface.Any(char.IsLower));
            var forms = russian ? RussianForms.Of(w.Folded, alias.Kind == AliasKind.Adjective) : [w.Folded];
            return new PatternWord(w.Surface, w.Folded, forms, alias.CaseSensitive);
        }).ToArray();
    }

    private void Add(Pattern pattern)
    {
        if (pattern.Words.Length == 0) return;
        foreach (var form in pattern.Words[0].Forms)
        {
            if (!_index.TryGetValue(form, out var list)) _index[form] = list = [];
            if (!list.Contains(pattern)) list.Add(pattern);
        }
    }

    /// <summary>A text word with the forms it can match by (itself, and its bases without suffixes), computed once per word.</summary>
    private sealed record WordForms(Token Word, string[] Keys)
    {
        /// <summary>The word stands in a sentence written in capitals, where capitals tell nothing.</summary>
        public bool Shouting { get; set; }
    }

    /// <summary>Abbreviations that are also English words; in capitals they are read as the words.</summary>
    private static readonly HashSet<string> WordLikeAbbreviations = new(StringComparer.Ordinal) { "us", "who", "it", "am", "is", "oh", "so", "no", "me", "we" };

    public IReadOnlyList<Mention> Find(string text)
    {
        var words = Tokenizer.Words(text);
        if (words.Count == 0) return [];
        var forms = words.Select(Forms).ToArray();
        MarkShouting(text, words, forms);
        var candidates = new List<Candidate>();
        var seen = new HashSet<(Pattern, int)>();
        for (var i = 0; i < forms.Length; i++)
        {
            foreach (var key in forms[i].Keys)
            {
                if (!_index.TryGetValue(key, out var patterns)) continue;
                foreach (var pattern in patterns)
                {
                    if (i + pattern.Words.Length > forms.Length || seen.Contains((pattern, i))) continue;
                    var exact = 0;
                    var ok = true;
                    for (var k = 0; k < pattern.Words.Length && ok; k++)
                    {
                        var m = WordMatch(pattern.Words[k], forms[i + k]);
                        ok = m > 0;
                        if (m == 2) exact++;
                    }
                    if (ok && seen.Add((pattern, i)))
                        candidates.Add(new Candidate(pattern, i, i + pattern.Words.Length - 1, exact));
                }
            }
        }
        if (candidates.Count == 0) return [];

        var exclusions = candidates.Where(c => c.Pattern.Actor is null).ToList();
        var kept = new List<Candidate>();
        foreach (var c in candidates.Where(c => c.Pattern.Actor is not null)
                     .OrderByDescending(c => c.Last - c.First).ThenByDescending(c => c.Exact).ThenBy(c => c.First))
        {
            if (exclusions.Any(e => e.First <= c.Last && c.First <= e.Last && c.Last - c.First <= e.Last - e.First)) continue;
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

    private sealed record Candidate(Pattern Pattern, int First, int Last, int Exact);

    /// <summary>Marks the words of sentences with at least four words of two or more letters, four in five of them in capitals.</summary>
    private static void MarkShouting(string text, IReadOnlyList<Token> words, WordForms[] forms)
    {
        var w = 0;
        foreach (var (start, end) in Tokenizer.Sentences(text))
        {
            var first = w;
            while (w < words.Count && words[w].Start < end) w++;
            int letters = 0, capitals = 0;
            for (var i = first; i < w; i++)
            {
                var surface = words[i].Surface;
                if (surface.Count(char.IsLetter) < 2) continue;
                letters++;
                if (!surface.Any(char.IsLower)) capitals++;
            }
            if (letters >= 4 && capitals * 5 >= letters * 4)
                for (var i = first; i < w; i++) forms[i].Shouting = true;
        }
    }

    /// <summary>A word's folded form and its bases (<see cref="WordBases"/>): Kazakh suffixes taken off, or an English possessive, plural or "-led".</summary>
    private static WordForms Forms(Token word) => new(word, WordBases.Keys(word.Folded));

    /// <summary>
    /// A case-sensitive alias and a text word agree when the word starts with the alias's capitals: an abbreviation's
    /// letters as written (АҚШ in АҚШ-тың, not ақша), a capitalised name's capital first letter (Кубе, not куба).
    /// </summary>
    private static bool CapitalsAgree(string alias, string word) =>
        alias.Length > 0 && char.IsLower(alias[0]) ? true // "of" in "Macao Special Administrative Region of China"
        : alias.Any(char.IsLower)
            ? word.Length > 0 && char.IsUpper(word[0]) && word.AsSpan(1).ContainsAnyExcept(UpperOnly) && alias[0] == word[0]
            : word.StartsWith(alias, StringComparison.Ordinal);

    /// <summary>Anything but upper-case Cyrillic and Latin letters: a capitalised word is not written all in capitals.</summary>
    private static readonly System.Buffers.SearchValues<char> UpperOnly =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯӘҒҚҢӨҰҮҺІ");

    /// <summary>0: no match; 1: an inflected form or a base matches; 2: the word is the alias word itself.</summary>
    private static int WordMatch(PatternWord p, WordForms w)
    {
        if (p.CaseSensitive && w.Shouting)
        {
            if (!p.Surface.Any(char.IsLower) && WordLikeAbbreviations.Contains(p.Folded)) return 0;
        }
        else if (p.CaseSensitive && !CapitalsAgree(p.Surface, w.Word.Surface)) return 0;
        if (w.Word.Folded == p.Folded) return 2;
        foreach (var key in w.Keys)
            if (p.Forms.Contains(key)) return 1;
        return 0;
    }
}
