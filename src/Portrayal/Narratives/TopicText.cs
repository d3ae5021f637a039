using System.Text.RegularExpressions;
using Microsoft.ML;
using Microsoft.ML.Transforms.Text;
using Portrayal.Text;

namespace Portrayal.Narratives;

/// <summary>
/// A light Russian stemmer, after the Snowball Russian algorithm (M. Porter, snowballstem.org: perfective gerund,
/// reflexive, adjectival, verb and noun endings removed within the region after the first vowel, then и, ость and ь):
/// цены, цена, ценах → цен; бензина → бензин; футболисты → футболист. For grouping word forms in topic discovery, where
/// a stem shared by two words does little harm; narrative queries use generated forms instead (<see cref="RussianForms"/>).
/// Works on folded words (lower case, ё → е).
/// </summary>
public static class RussianStemmer
{
    private const string Vowels = "аеиоуыэюя";

    private static readonly string[] PerfectiveGerund1 = ["вшись", "вши", "в"];
    private static readonly string[] PerfectiveGerund2 = ["ившись", "ывшись", "ивши", "ывши", "ив", "ыв"];
    private static readonly string[] Adjective =
    [
        "ими", "ыми", "его", "ого", "ему", "ому", "ее", "ие", "ые", "ое", "ей", "ий", "ый", "ой", "ем", "им", "ым", "ом",
        "их", "ых", "ую", "юю", "ая", "яя", "ою", "ею",
    ];
    private static readonly string[] Participle1 = ["ем", "нн", "вш", "ющ", "щ"];
    private static readonly string[] Participle2 = ["ивш", "ывш", "ующ"];
    private static readonly string[] Reflexive = ["ся", "сь"];
    private static readonly string[] Verb1 = ["ешь", "нно", "ете", "йте", "ла", "на", "ли", "ем", "ло", "но", "ет", "ют", "ны", "ть", "й", "л", "н"];
    private static readonly string[] Verb2 =
    [
        "уйте", "ейте", "ила", "ыла", "ена", "ите", "или", "ыли", "ило", "ыло", "ено", "ует", "уют", "ены", "ить", "ыть", "ишь",
        "ей", "уй", "ил", "ыл", "им", "ым", "ен", "ят", "ит", "ыт", "ую", "ю",
    ];
    private static readonly string[] Noun =
    [
        "иями", "ями", "ами", "иях", "ией", "иям", "ием", "ев", "ов", "ие", "ье", "еи", "ии", "ей", "ой", "ий", "ям", "ем", "ам",
        "ом", "ах", "ях", "ию", "ью", "ия", "ья", "а", "е", "и", "й", "о", "у", "ы", "ь", "ю", "я",
    ];
    private static readonly string[] Superlative = ["ейше", "ейш"];
    private static readonly string[] Derivational = ["ость", "ост"];

    public static string Stem(string word)
    {
        var rv = word.IndexOfAny(Vowels.ToCharArray()) + 1;
        if (rv <= 0 || rv >= word.Length) return word;
        var r2 = R2(word);
        var w = word;

        // Step 1
        if (!TryRemove(ref w, rv, PerfectiveGerund1, afterAOrYa: true) && !TryRemove(ref w, rv, PerfectiveGerund2, afterAOrYa: false))
        {
            TryRemove(ref w, rv, Reflexive, afterAOrYa: false);
            if (TryRemove(ref w, rv, Adjective, afterAOrYa: false))
            {
                if (!TryRemove(ref w, rv, Participle1, afterAOrYa: true)) TryRemove(ref w, rv, Participle2, afterAOrYa: false);
            }
            else if (!TryRemove(ref w, rv, Verb1, afterAOrYa: true) && !TryRemove(ref w, rv, Verb2, afterAOrYa: false))
                TryRemove(ref w, rv, Noun, afterAOrYa: false);
        }
        // Step 2
        if (w.Length > rv && w.EndsWith('и')) w = w[..^1];
        // Step 3
        TryRemove(ref w, Math.Max(r2, rv), Derivational, afterAOrYa: false);
        // Step 4
        if (w.Length - 2 >= rv && w.EndsWith("нн", StringComparison.Ordinal)) w = w[..^1];
        else if (TryRemove(ref w, rv, Superlative, afterAOrYa: false))
        {
            if (w.EndsWith("нн", StringComparison.Ordinal)) w = w[..^1];
        }
        else if (w.Length > rv && w.EndsWith('ь')) w = w[..^1];
        return w;
    }

    /// <summary>Removes the longest listed ending lying inside the region from <paramref name="region"/> on; some must follow а or я (which stay).</summary>
    private static bool TryRemove(ref string w, int region, string[] endings, bool afterAOrYa)
    {
        foreach (var e in endings.OrderByDescending(e => e.Length))
        {
            if (!w.EndsWith(e, StringComparison.Ordinal) || w.Length - e.Length < region) continue;
            if (afterAOrYa)
            {
                var before = w.Length - e.Length - 1;
                if (before < region || w[before] is not ('а' or 'я')) continue;
            }
            w = w[..^e.Length];
            return true;
        }
        return false;
    }

    private static int R2(string w)
    {
        var r1 = RegionAfterVowelConsonant(w, 0);
        return RegionAfterVowelConsonant(w, r1);
    }

    private static int RegionAfterVowelConsonant(string w, int from)
    {
        for (var i = from + 1; i < w.Length; i++)
            if (!Vowels.Contains(w[i]) && Vowels.Contains(w[i - 1])) return i + 1;
        return w.Length;
    }
}

/// <summary>A post prepared for topic discovery: its terms (stems and bases) in order.</summary>
public sealed record TopicTokens(IReadOnlyList<string> Terms);

/// <summary>
/// Text normalisation for topic discovery: URLs, @handles and e-mail addresses dropped; words folded (lower case, ё → е);
/// numbers, words of fewer than three letters and stop words dropped (ML.NET's Russian and English lists, Portrayal's
/// Kazakh list in StopWords/kk.txt); then Russian words reduced to their <see cref="RussianStemmer"/> stem, Kazakh words
/// to the shortest base the corpus itself attests as a word (Ресейдің, Ресейге → ресей when ресей occurs on its own;
/// <see cref="KazakhSuffixes"/>), English words without possessive and plural s. Each term remembers its most frequent
/// surface form, for display and for suggested queries.
/// </summary>
public sealed class TopicText
{
    private static readonly Regex Noise = new(@"https?://\S+|www\.\S+|\S+@\S+\.\S+|@\w+", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static readonly Lazy<HashSet<string>> KazakhStopWords = new(() =>
    {
        using var stream = typeof(TopicText).Assembly.GetManifestResourceStream("Portrayal.Narratives.StopWords.kk.txt")
                           ?? throw new InvalidOperationException("the Kazakh stop-word list is not embedded");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Trim() is { Length: > 0 } w && !w.StartsWith('#')) set.Add(TextFolding.Fold(w));
        return set;
    });

    private readonly Dictionary<string, Dictionary<string, int>> _surfaces = new(StringComparer.Ordinal);

    private TopicText(IReadOnlyList<TopicTokens> documents) => Documents = documents;

    /// <summary>Each input text's terms, in input order.</summary>
    public IReadOnlyList<TopicTokens> Documents { get; }

    /// <summary>The surface form a term was written in most often (цены for цен), ties by ordinal order.</summary>
    public string Display(string term) =>
        _surfaces.TryGetValue(term, out var forms)
            ? forms.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key
            : term;

    /// <summary>The surface forms of a term, most frequent first.</summary>
    public IReadOnlyList<string> Surfaces(string term) =>
        _surfaces.TryGetValue(term, out var forms)
            ? forms.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key).ToList()
            : [term];

    /// <summary>Normalises texts with their languages (ru, kk, en or null: then told by the letters).</summary>
    public static TopicText Build(IReadOnlyList<(string Text, string? Lang)> texts, MLContext ml)
    {
        var words = texts.Select(t => Tokenizer.Words(Noise.Replace(t.Text, " ")).Select(w => w.Folded)
            .Where(w => w.Length >= 3 && !w.Any(char.IsDigit)).ToList()).ToList();
        var stop = StopWords(words.SelectMany(w => w).Distinct(StringComparer.Ordinal).ToList(), ml);
        var attested = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var w in words.SelectMany(w => w)) attested[w] = attested.GetValueOrDefault(w) + 1;

        var documents = new List<TopicTokens>(texts.Count);
        var result = new TopicText(documents);
        var cache = new Dictionary<(string, char), string>();
        for (var i = 0; i < texts.Count; i++)
        {
            var terms = new List<string>();
            foreach (var w in words[i])
            {
                if (stop.Contains(w)) continue;
                var kind = Kind(w, texts[i].Lang);
                if (!cache.TryGetValue((w, kind), out var term))
                    cache[(w, kind)] = term = kind switch
                    {
                        'r' => RussianStemmer.Stem(w),
                        'k' => KazakhBase(w, attested),
                        _ => EnglishBase(w),
                    };
                if (term.Length < 2 || stop.Contains(term)) continue;
                terms.Add(term);
                if (!result._surfaces.TryGetValue(term, out var forms)) result._surfaces[term] = forms = new(StringComparer.Ordinal);
                forms[w] = forms.GetValueOrDefault(w) + 1;
            }
            documents.Add(new TopicTokens(terms));
        }
        return result;
    }

    /// <summary>r: Russian, k: Kazakh, e: Latin script (English, or Kazakh in Latin letters, left as is).</summary>
    private static char Kind(string word, string? lang)
    {
        if (!TextFolding.IsCyrillic(word)) return 'e';
        if (word.AsSpan().IndexOfAny("әғқңөұүһі") >= 0) return 'k';
        return lang == "kk" ? 'k' : 'r';
    }

    /// <summary>The shortest base of at least three letters that the corpus attests as a word of its own; the word itself otherwise.</summary>
    private static string KazakhBase(string word, Dictionary<string, int> attested)
    {
        var best = word;
        foreach (var b in KazakhSuffixes.Cyrillic.Bases(word))
            if (b.Length >= 3 && b.Length < best.Length && attested.ContainsKey(b) && !b.Contains('-')) best = b;
        var hyphen = word.IndexOf('-');
        if (best == word && hyphen >= 2 && KazakhSuffixes.Cyrillic.IsSuffixChain(word.AsSpan(hyphen + 1))) best = word[..hyphen];
        return best;
    }

    private static string EnglishBase(string word)
    {
        if (word.EndsWith("'s", StringComparison.Ordinal)) return word[..^2];
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal)) return word[..^3] + "y";
        if (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal)) return word[..^1];
        return word;
    }

    /// <summary>The words of the vocabulary that ML.NET's Russian or English list, or the Kazakh list, calls stop words.</summary>
    private static HashSet<string> StopWords(IReadOnlyList<string> vocabulary, MLContext ml)
    {
        var stop = new HashSet<string>(KazakhStopWords.Value, StringComparer.Ordinal);
        if (vocabulary.Count == 0) return stop;
        var data = ml.Data.LoadFromEnumerable(vocabulary.Select(w => new WordRow { Words = [w] }));
        var removed = ml.Transforms.Text.RemoveDefaultStopWords("Ru", "Words", StopWordsRemovingEstimator.Language.Russian)
            .Append(ml.Transforms.Text.RemoveDefaultStopWords("En", "Words", StopWordsRemovingEstimator.Language.English))
            .Fit(data).Transform(data);
        var rows = ml.Data.CreateEnumerable<FilteredRow>(removed, reuseRowObject: false);
        var i = 0;
        foreach (var row in rows)
        {
            if (row.Ru.Length == 0 || row.En.Length == 0) stop.Add(vocabulary[i]);
            i++;
        }
        return stop;
    }

    private sealed class WordRow
    {
        [Microsoft.ML.Data.VectorType]
        public string[] Words { get; set; } = [];
    }

    private sealed class FilteredRow
    {
        [Microsoft.ML.Data.VectorType]
        public string[] Ru { get; set; } = [];
        [Microsoft.ML.Data.VectorType]
        public string[] En { get; set; } = [];
    }
}
