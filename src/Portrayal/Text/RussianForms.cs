namespace Portrayal.Text;

/// <summary>
/// The inflected forms of a Russian name or adjective, generated from its dictionary form by its ending: Россия →
/// России, Россию, Россией; Казахстан → Казахстана, Казахстане; Кремль → Кремля, Кремлём; Штаты → Штатов;
/// российский → российская, российского, российскими. Every form is listed, so a text word matches by a dictionary
/// lookup, and words that merely share a stem (груз and Грузия, россыпь and Россия) do not match.
/// Foreign names ending in -о, -е, -у, -ю and short ones ending in -и (Того, Конго, Перу, Чили) do not decline.
/// Works on folded text (lower case, ё → е).
/// </summary>
public static class RussianForms
{
    private static readonly string[] AdjectiveEndings =
    [
        "ий", "ый", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ого", "его", "ому", "ему", "им", "ым", "ом", "ем",
        "ую", "юю", "их", "ых", "ими", "ыми", "ей", "ою", "ею",
        "о", // first part of a compound: российско-китайский
    ];

    private static readonly string[] FirstDeclensionEndings = ["а", "я", "ы", "и", "е", "у", "ю", "ой", "ей", "ою", "ею", "ам", "ям", "ами", "ями", "ах", "ях"];
    private static readonly string[] IyaEndings = ["я", "и", "ю", "ей", "ею", "ям", "ями", "ях"];
    private static readonly string[] SoftSignEndings = ["ь", "я", "ю", "ем", "е", "и", "ей", "ям", "ями", "ях", "ью"];
    private static readonly string[] YotEndings = ["й", "я", "ю", "ем", "е", "и", "ев", "ям", "ями", "ях"];
    private static readonly string[] PluralEndings = ["ы", "и", "ов", "ев", "ей", "ам", "ям", "ами", "ями", "ах", "ях"];
    private static readonly string[] ConsonantEndings = ["", "а", "у", "ом", "ем", "е", "ы", "и", "ов", "ам", "ами", "ах"];
    private static readonly string[] NeuterEndings = ["о", "а", "у", "ом", "е", "ах", "ам"];
    private static readonly string[] IeEndings = ["е", "я", "ю", "ем", "и", "й"];

    private const string Consonants = "бвгджзклмнпрстфхцчшщ";

    /// <summary>Forms of one folded word; <paramref name="adjective"/> when the alias is an adjective (or a word of a name that looks like one).</summary>
    public static IReadOnlyCollection<string> Of(string word, bool adjective = false)
    {
        var forms = new HashSet<string>(StringComparer.Ordinal) { word };
        if (word.Length < 3 || !TextFolding.IsCyrillic(word)) return forms;
        if (adjective || LooksLikeAdjective(word))
        {
            if (word.Length >= 5 && AdjectiveEndings.Any(e => e.Length == 2 && word.EndsWith(e, StringComparison.Ordinal)))
            {
                Add(forms, word[..^2], AdjectiveEndings);
                return forms;
            }
        }
        var last = word[^1];
        if (word.EndsWith("ия", StringComparison.Ordinal)) Add(forms, word[..^1], IyaEndings);
        else if (last is 'а' or 'я') Add(forms, word[..^1], FirstDeclensionEndings);
        else if (last == 'ь') Add(forms, word[..^1], SoftSignEndings);
        else if (last == 'й') Add(forms, word[..^1], YotEndings);
        else if (last == 'ы' && word.Length >= 5) Add(forms, word[..^1], PluralEndings);
        else if (last == 'и' && word.Length >= 6) Add(forms, word[..^1], PluralEndings);
        else if (word.EndsWith("ство", StringComparison.Ordinal)) Add(forms, word[..^1], NeuterEndings);
        else if (word.EndsWith("ие", StringComparison.Ordinal)) Add(forms, word[..^1], IeEndings);
        else if (Consonants.Contains(last)) Add(forms, word, ConsonantEndings);
        return forms;
    }

    /// <summary>Words of names with an adjective ending decline as adjectives (Белый дом, Европейский союз, Соединённые Штаты).</summary>
    private static bool LooksLikeAdjective(string word) =>
        word.Length >= 5 && (word.EndsWith("ый", StringComparison.Ordinal) || word.EndsWith("ий", StringComparison.Ordinal)
                             || word.EndsWith("ой", StringComparison.Ordinal) || word.EndsWith("ая", StringComparison.Ordinal)
                             || word.EndsWith("яя", StringComparison.Ordinal) || word.EndsWith("ое", StringComparison.Ordinal)
                             || word.EndsWith("ее", StringComparison.Ordinal) || word.EndsWith("ые", StringComparison.Ordinal)
                             || word.EndsWith("ские", StringComparison.Ordinal));

    private static void Add(HashSet<string> forms, string stem, string[] endings)
    {
        if (stem.Length < 2) return;
        foreach (var e in endings) forms.Add(stem + e);
    }
}
