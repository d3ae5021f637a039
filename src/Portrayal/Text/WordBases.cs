namespace Portrayal.Text;

/// <summary>
/// The forms a text word can be looked up by, shared by the actor matcher and the narrative queries so that both read
/// inflected words the same way: the folded word itself, and its bases once a Kazakh suffix chain is taken off
/// (Ресейдің → ресей, АҚШ-тың → ақш, көмегі → көмек; Reseidiñ → resei), or an English possessive, plural or the
/// first part of a hyphenated compound (Russia's → russia, sanctions → sanction, US-led → us).
/// </summary>
public static class WordBases
{
    /// <summary>The folded word first, then its bases, without repeats.</summary>
    public static string[] Keys(string folded)
    {
        var keys = new List<string>(4) { folded };
        if (TextFolding.IsCyrillic(folded))
        {
            keys.AddRange(KazakhSuffixes.Cyrillic.Bases(folded));
            return keys.Distinct(StringComparer.Ordinal).ToArray();
        }
        if (folded.EndsWith("'s", StringComparison.Ordinal)) keys.Add(folded[..^2]);
        else if (folded.EndsWith('\'')) keys.Add(folded[..^1]);
        else if (folded.Length > 3 && folded.EndsWith('s')) keys.Add(folded[..^1]);
        var hyphen = folded.IndexOf('-');
        if (hyphen > 0) keys.Add(folded[..hyphen]); // US-led, EU-backed
        keys.AddRange(KazakhSuffixes.Latin.Bases(folded));
        return keys.Distinct(StringComparer.Ordinal).ToArray();
    }
}
