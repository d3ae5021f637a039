namespace Portrayal.Text;

/// <summary>
/// Kazakh inflection: the bases a word can be read as once a chain of case, plural, possessive and
/// derivational suffixes is taken off its end (Ресейдің → ресей, АҚШ-тың → ақш, Еуроодағының → еуроодақ,
/// Нұр-Сұлтанда → нұр-сұлтан), in Cyrillic and in the Latin alphabet of 2021 (Reseidiñ → resei).
/// </summary>
public sealed class KazakhSuffixes
{
    // Folded (lower-case) suffixes; vowel harmony is not enforced: a matcher accepts either variant.
    private static readonly string[] CyrillicSuffixes =
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

    public static KazakhSuffixes Cyrillic { get; } = new(CyrillicSuffixes, ('ғ', 'қ'), ('г', 'к'), ('б', 'п'));

    /// <summary>The same suffixes in the 2021 Latin alphabet, folded (ı → i).</summary>
    public static KazakhSuffixes Latin { get; } =
        new(CyrillicSuffixes.Select(KazakhLatin.Folded).Distinct().ToArray(), ('ğ', 'q'), ('g', 'k'), ('b', 'p'));

    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int _maxSuffix;
    private readonly (char Soft, char Hard)[] _alternations;
    private const int MaxChain = 14;

    private KazakhSuffixes(string[] suffixes, params (char Soft, char Hard)[] alternations)
    {
        _lookup = new HashSet<string>(suffixes, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _maxSuffix = suffixes.Max(s => s.Length);
        _alternations = alternations;
    }

    /// <summary>True when the whole of <paramref name="rest"/> reads as a sequence of suffixes.</summary>
    public bool IsSuffixChain(ReadOnlySpan<char> rest)
    {
        if (rest.IsEmpty) return true;
        for (var n = Math.Min(_maxSuffix, rest.Length); n >= 1; n--)
        {
            if (_lookup.Contains(rest[..n]) && IsSuffixChain(rest[n..])) return true;
        }
        return false;
    }

    /// <summary>
    /// Bases of a folded word: the part before a hyphen or apostrophe followed by a suffix chain (АҚШ-тың), and every
    /// prefix of at least two letters (not cutting into the part before the last hyphen) followed by a suffix chain.
    /// </summary>
    public IEnumerable<string> Bases(string folded)
    {
        var hyphen = folded.LastIndexOfAny(['-', '\'']);
        if (hyphen > 0 && IsSuffixChain(folded.AsSpan(hyphen + 1))) yield return folded[..hyphen];
        var minBase = Math.Max(2, hyphen + 2);
        for (var cut = folded.Length - 1; cut >= minBase && folded.Length - cut <= MaxChain; cut--)
        {
            if (!IsSuffixChain(folded.AsSpan(cut))) continue;
            var b = folded[..cut];
            yield return b;
            // consonant alternation before a vowel-initial suffix: Еуроодағы ← Еуроодақ, көмегі ← көмек
            foreach (var (soft, hard) in _alternations)
                if (b[^1] == soft) yield return string.Concat(b.AsSpan(0, b.Length - 1), hard.ToString());
        }
    }
}
