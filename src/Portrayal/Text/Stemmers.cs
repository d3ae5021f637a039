using Lucene.Net.Tartarus.Snowball.Ext;

namespace Portrayal.Text;

/// <summary>Russian Snowball stems (Lucene.Net's port), cached; one instance per thread.</summary>
public sealed class RussianStems
{
    private readonly RussianStemmer _stemmer = new();
    private readonly Dictionary<string, string> _cache = new(StringComparer.Ordinal);

    public string Stem(string folded)
    {
        if (_cache.TryGetValue(folded, out var stem)) return stem;
        _stemmer.SetCurrent(folded);
        _stemmer.Stem();
        stem = _stemmer.Current;
        if (_cache.Count > 200_000) _cache.Clear();
        _cache[folded] = stem;
        return stem;
    }
}

/// <summary>
/// Kazakh inflection: the bases a word can be read as once a chain of case, plural, possessive and
/// derivational suffixes is taken off its end (Ресейдің → ресей, АҚШ-тың → ақш, Еуроодағының → еуроодақ).
/// </summary>
public static class KazakhSuffixes
{
    // Folded (lower-case) suffixes; vowel harmony is not enforced: a matcher accepts either variant.
    private static readonly string[] Suffixes =
    [
        // genitive
        "ның", "нің", "дың", "дің", "тың", "тің",
        // dative
        "ға", "ге", "қа", "ке", "на", "не",
        // accusative
        "ны", "ні", "ды", "ді", "ты", "ті", "н",
        // locative and locative-attributive
        "да", "де", "та", "те", "нда", "нде", "дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі",
        // ablative
        "дан", "ден", "тан", "тен", "нан", "нен", "ндан", "нден",
        // instrumental
        "мен", "бен", "пен", "менен", "бенен", "пенен",
        // plural
        "лар", "лер", "дар", "дер", "тар", "тер",
        // possessive
        "ы", "і", "сы", "сі", "ым", "ім", "ымыз", "іміз", "мыз", "міз", "ң", "ың", "ің",
        // derivational: adjective (ресейлік), "pro-" (ресейшіл), manner (орысша), genitive-possessive (АҚШ-тікі)
        "лық", "лік", "дық", "дік", "тық", "тік", "шыл", "шіл", "ша", "ше", "нікі", "дікі", "тікі", "ныкі", "дыкі", "тыкі",
        // predicative and question particles that attach in writing
        "мыз", "міз", "сыз", "сіз", "пыз", "піз",
    ];

    private static readonly HashSet<string> Set = new(Suffixes, StringComparer.Ordinal);
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Set.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly int MaxSuffix = Suffixes.Max(s => s.Length);
    private const int MaxChain = 14;

    /// <summary>True when the whole of <paramref name="rest"/> reads as a sequence of suffixes.</summary>
    public static bool IsSuffixChain(ReadOnlySpan<char> rest)
    {
        if (rest.IsEmpty) return true;
        for (var n = Math.Min(MaxSuffix, rest.Length); n >= 1; n--)
        {
            if (Lookup.Contains(rest[..n]) && IsSuffixChain(rest[n..])) return true;
        }
        return false;
    }

    /// <summary>Bases of a folded word: every prefix of at least two letters followed by a valid suffix chain (after an optional hyphen).</summary>
    public static IEnumerable<string> Bases(string folded)
    {
        var hyphen = folded.IndexOf('-');
        if (hyphen > 0)
        {
            var rest = folded.AsSpan(hyphen + 1);
            if (IsSuffixChain(rest)) yield return folded[..hyphen];
            yield break;
        }
        var apostrophe = folded.IndexOf('\'');
        if (apostrophe > 0)
        {
            if (IsSuffixChain(folded.AsSpan(apostrophe + 1))) yield return folded[..apostrophe];
            yield break;
        }
        var minBase = 2;
        for (var cut = folded.Length - 1; cut >= minBase && folded.Length - cut <= MaxChain; cut--)
        {
            if (!IsSuffixChain(folded.AsSpan(cut))) continue;
            var b = folded[..cut];
            yield return b;
            // consonant alternation before a vowel-initial suffix: Еуроодағы ← Еуроодақ, көмегі ← көмек
            var last = b[^1];
            var hard = last switch { 'ғ' => 'қ', 'г' => 'к', 'б' => 'п', _ => '\0' };
            if (hard != '\0') yield return string.Concat(b.AsSpan(0, b.Length - 1), hard.ToString());
        }
    }
}
