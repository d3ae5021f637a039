using Lingua;

namespace Portrayal.Text;

/// <summary>Tells Russian, Kazakh and English apart with Lingua's offline n-gram models (only these three are loaded: a Ukrainian text reads as Russian); text with no letters is "other".</summary>
public sealed class LanguageIdentifier
{
    public const string Russian = "ru";
    public const string Kazakh = "kk";
    public const string English = "en";
    public const string Other = "other";

    private readonly LanguageDetector _detector = LanguageDetectorBuilder
        .FromLanguages(Language.English, Language.Russian, Language.Kazakh)
        .Build();

    public string Identify(string text)
    {
        // Kazakh-only letters settle it cheaply; Lingua decides the rest.
        var kazakhLetters = 0;
        var letters = 0;
        foreach (var c in text)
        {
            if (!char.IsLetter(c)) continue;
            letters++;
            if ("әғқңөұүһіӘҒҚҢӨҰҮҺІ".Contains(c)) kazakhLetters++;
        }
        if (letters == 0) return Other;
        if (kazakhLetters >= 3 && kazakhLetters * 40 >= letters) return Kazakh;
        return _detector.DetectLanguageOf(text) switch
        {
            Language.Russian => Russian,
            Language.Kazakh => Kazakh,
            Language.English => English,
            Language.Unknown => Fallback(text),
            _ => Other,
        };
    }

    private static string Fallback(string text) =>
        TextFolding.IsCyrillic(text) ? Russian : text.Any(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z') ? English : Other;
}
