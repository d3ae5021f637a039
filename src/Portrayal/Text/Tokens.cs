using System.Globalization;

namespace Portrayal.Text;

/// <summary>A word in a text with its UTF-16 span; Folded is the case-folded form used for matching.</summary>
public readonly record struct Token(int Start, int End, string Surface, string Folded)
{
    public int Length => End - Start;
}

/// <summary>Splits text into words and sentences, keeping offsets into the original string.</summary>
public static class Tokenizer
{
    /// <summary>
    /// Words are runs of letters, digits and combining marks; a hyphen or apostrophe between two letters stays
    /// inside the word, so Kazakh "АҚШ-тың" and "Китай-город" are single tokens.
    /// </summary>
    public static List<Token> Words(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordChar(text, i))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length)
            {
                if (IsWordChar(text, i)) i++;
                else if (IsJoiner(text[i]) && i + 1 < text.Length && IsWordChar(text, i + 1) && i > start) i++;
                else break;
            }
            var surface = text[start..i];
            tokens.Add(new Token(start, i, surface, TextFolding.Fold(surface)));
        }
        return tokens;
    }

    private static bool IsJoiner(char c) => c is '-' or '\u2010' or '\u2011' or '\'' or '\u2019' or '\u02BC';

    private static bool IsWordChar(string s, int i)
    {
        var c = s[i];
        if (char.IsLetterOrDigit(c)) return true;
        var cat = CharUnicodeInfo.GetUnicodeCategory(c);
        return cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    /// <summary>Sentence spans: a sentence ends at . ! ? … or a line break followed by space and a non-lower-case letter.</summary>
    public static List<(int Start, int End)> Sentences(string text)
    {
        var spans = new List<(int, int)>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var boundary = false;
            if (c == '\n') boundary = true;
            else if (c is '.' or '!' or '?' or '…')
            {
                var j = i + 1;
                while (j < text.Length && text[j] is '.' or '!' or '?' or '…' or '"' or '»' or ')' ) j++;
                if (j >= text.Length) boundary = true;
                else if (char.IsWhiteSpace(text[j]))
                {
                    var k = j;
                    while (k < text.Length && char.IsWhiteSpace(text[k])) k++;
                    boundary = k >= text.Length || !char.IsLower(text[k]);
                }
                if (boundary) i = j - 1;
            }
            if (boundary)
            {
                AddTrimmed(text, spans, start, i + 1);
                start = i + 1;
            }
        }
        AddTrimmed(text, spans, start, text.Length);
        return spans;
    }

    /// <summary>The sentence holding the span's start, widened to the span's end; the span itself when it lies between sentences.</summary>
    public static (int Start, int End) SentenceAround(IReadOnlyList<(int Start, int End)> sentences, int start, int end)
    {
        foreach (var s in sentences)
            if (s.Start <= start && start < s.End) return (s.Start, Math.Max(s.End, end));
        return (start, end);
    }

    private static void AddTrimmed(string text, List<(int, int)> spans, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start])) start++;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        if (end > start) spans.Add((start, end));
    }
}

/// <summary>Case folding for matching: lower case, ё → е, Kazakh Latin ı and İ → i, typographic apostrophes and hyphens unified.</summary>
public static class TextFolding
{
    public static string Fold(string s)
    {
        return string.Create(s.Length, s, static (span, src) =>
        {
            for (var i = 0; i < src.Length; i++) span[i] = Fold(src[i]);
        });
    }

    public static char Fold(char c)
    {
        c = char.ToLowerInvariant(c);
        return c switch
        {
            'ё' => 'е',
            '\u0131' or '\u0130' => 'i',
            '\u2019' or '\u02BC' => '\'',
            '\u2010' or '\u2011' => '-',
            _ => c,
        };
    }

    public static bool IsCyrillic(string s)
    {
        foreach (var c in s)
            if (c is >= '\u0400' and <= '\u04FF') return true;
        return false;
    }
}
