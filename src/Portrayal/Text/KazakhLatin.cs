using System.Text;

namespace Portrayal.Text;

/// <summary>
/// Kazakh in the Latin alphabet of 2021 (Ә ä, Ғ ğ, И/Й i, Қ q, Ң ñ, Ө ö, Ұ ū, Ү ü, Ш ş, Ч ç, І ı, Ы y): Ресей → Resei,
/// Ресейдің → Reseidıñ, Қазақстан → Qazaqstan, Түркия → Türkia. Matching folds ı and İ to i, so the 2018 spelling
/// with ı for и/й (Reseı) matches too.
/// </summary>
public static class KazakhLatin
{
    private static readonly Dictionary<char, string> Map = new()
    {
        ['а'] = "a", ['ә'] = "ä", ['б'] = "b", ['в'] = "v", ['г'] = "g", ['ғ'] = "ğ", ['д'] = "d", ['е'] = "e", ['ё'] = "io",
        ['ж'] = "j", ['з'] = "z", ['и'] = "i", ['й'] = "i", ['к'] = "k", ['қ'] = "q", ['л'] = "l", ['м'] = "m", ['н'] = "n",
        ['ң'] = "ñ", ['о'] = "o", ['ө'] = "ö", ['п'] = "p", ['р'] = "r", ['с'] = "s", ['т'] = "t", ['у'] = "u", ['ұ'] = "ū",
        ['ү'] = "ü", ['ф'] = "f", ['х'] = "h", ['һ'] = "h", ['ц'] = "ts", ['ч'] = "ç", ['ш'] = "ş", ['щ'] = "şş", ['ъ'] = "",
        ['ы'] = "y", ['і'] = "ı", ['ь'] = "", ['э'] = "e", ['ю'] = "iu", ['я'] = "ia",
    };

    /// <summary>The Latin spelling, case-folded as words of a text are for matching (ı → i).</summary>
    public static string Folded(string cyrillic) => TextFolding.Fold(Transliterate(cyrillic));

    /// <summary>The Latin spelling of a Cyrillic Kazakh text; capitals stay capitals (АҚШ → AQŞ); other characters pass through.</summary>
    public static string Transliterate(string cyrillic)
    {
        var sb = new StringBuilder(cyrillic.Length + 4);
        for (var i = 0; i < cyrillic.Length; i++)
        {
            var c = cyrillic[i];
            var lower = char.ToLowerInvariant(c);
            // и before я or ю is not written twice: Түркия → Türkia, not Türkiia
            if (lower == 'и' && i + 1 < cyrillic.Length && char.ToLowerInvariant(cyrillic[i + 1]) is 'я' or 'ю') continue;
            if (!Map.TryGetValue(lower, out var latin))
            {
                sb.Append(c);
                continue;
            }
            if (c == lower || latin.Length == 0) sb.Append(latin);
            else if (latin == "ı") sb.Append('I');
            else
            {
                // A capital becomes a capital; a two-letter value stays capitalised only inside an all-capitals word (ЦК → TSK, Ц → Ts).
                var nextUpper = i + 1 < cyrillic.Length && char.IsUpper(cyrillic[i + 1]);
                var prevUpper = i > 0 && char.IsUpper(cyrillic[i - 1]);
                sb.Append(latin.Length == 1 || nextUpper || prevUpper ? latin.ToUpperInvariant() : char.ToUpperInvariant(latin[0]) + latin[1..]);
            }
        }
        return sb.ToString();
    }
}
