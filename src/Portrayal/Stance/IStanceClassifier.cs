using Portrayal.Corpus;

namespace Portrayal.Stance;

/// <summary>Decides the stance of a text toward one mentioned actor. A new classifier is one file implementing this.</summary>
public interface IStanceClassifier
{
    /// <summary>Versioned name recorded with every prediction and in the run manifest, e.g. "stance.lexicon.v2".</summary>
    string Name { get; }

    /// <summary>Classifies the stance toward one actor, given all its mentions in the document (or one given span).</summary>
    StanceResult Classify(StanceDocument document, IReadOnlyList<Mention> targets);

    /// <summary>
    /// Where the classifier was trained on a workspace unit's own human code (platform/account/post_id/actor): the label
    /// a model that did not see that code gives it; null for units it never trained on.
    /// </summary>
    string? HeldOutLabel(string unitKey) => null;
}

/// <summary>A text prepared once for classifying every actor it mentions: words, sentences, language, all mentions.</summary>
public sealed class StanceDocument
{
    public StanceDocument(string text, string? lang, IReadOnlyList<Mention> mentions)
    {
        Text = text;
        Lang = lang;
        Mentions = mentions;
        Words = Portrayal.Text.Tokenizer.Words(text);
        Sentences = Portrayal.Text.Tokenizer.Sentences(text);
    }

    public string Text { get; }
    public string? Lang { get; }
    public IReadOnlyList<Mention> Mentions { get; }
    public IReadOnlyList<Portrayal.Text.Token> Words { get; }
    public IReadOnlyList<(int Start, int End)> Sentences { get; }

    /// <summary>Index of the sentence holding the character at <paramref name="offset"/>.</summary>
    public int SentenceOf(int offset)
    {
        for (var i = 0; i < Sentences.Count; i++)
            if (offset < Sentences[i].End) return i;
        return Math.Max(0, Sentences.Count - 1);
    }

    /// <summary>The character span of the sentence holding a mention, widened to cover the mention (the whole text when it has no sentences).</summary>
    public (int Start, int End) SentenceSpan(Mention m)
    {
        if (Sentences.Count == 0) return (0, Text.Length);
        var (start, end) = Sentences[SentenceOf(m.Start)];
        return (Math.Min(start, m.Start), Math.Max(end, m.End));
    }

    /// <summary>The first and last word a mention covers.</summary>
    public (int First, int Last) WordSpan(Mention m)
    {
        var first = WordAt(m.Start);
        return (first, Math.Max(first, WordAt(m.End) - 1));
    }

    private readonly Dictionary<object, object> _memo = new();

    /// <summary>
    /// What a classifier derives from the text alone (its cue hits, say), computed once however many of the
    /// document's actors it is asked about.
    /// </summary>
    public T Memo<T>(object key, Func<T> make) where T : class
    {
        if (_memo.TryGetValue(key, out var value)) return (T)value;
        var made = make();
        _memo[key] = made;
        return made;
    }

    private (int[] Length, int[] Start)? _quotes;

    /// <summary>Whether a word stands inside quotation marks («…», “…”, "…"): scare quotes, irony, or someone else's words.</summary>
    public bool IsQuoted(int word) => QuoteLength(word) > 0;

    /// <summary>
    /// How many words the quotation holding this word has (0: not quoted). One to three words in quotes are scare
    /// quotes («помощь», "peacekeepers"); longer ones are mostly someone's words reported.
    /// </summary>
    public int QuoteLength(int word)
    {
        _quotes ??= Quotes();
        return word >= 0 && word < _quotes.Value.Length.Length ? _quotes.Value.Length[word] : 0;
    }

    /// <summary>The first word of the quotation holding this word (the word itself when it is not quoted).</summary>
    public int QuoteStart(int word)
    {
        _quotes ??= Quotes();
        return word >= 0 && word < _quotes.Value.Start.Length ? _quotes.Value.Start[word] : word;
    }

    private (int[] Length, int[] Start) Quotes()
    {
        var segment = new int[Text.Length]; // 0 outside quotes, else the number of the quotation
        var depth = 0;
        var straight = false;
        var current = 0;
        for (var i = 0; i < Text.Length; i++)
        {
            var c = Text[i];
            if (c is '«' or '“' or '„')
            {
                if (depth == 0 && !straight) current++;
                depth++;
            }
            else if (c is '»' or '”' && depth > 0) depth--;
            else if (c == '"')
            {
                straight = !straight;
                if (straight && depth == 0) current++;
            }
            else if (c == '\n' && Text.AsSpan(i).StartsWith("\n\n"))
            {
                depth = 0;
                straight = false;
            }
            segment[i] = depth > 0 || straight ? current : 0;
        }
        var ofWord = Words.Select(w => segment[w.Start]).ToArray();
        var sizes = ofWord.Where(q => q > 0).GroupBy(q => q).ToDictionary(g => g.Key, g => g.Count());
        var firsts = new Dictionary<int, int>();
        for (var i = 0; i < ofWord.Length; i++) firsts.TryAdd(ofWord[i], i);
        return (ofWord.Select(q => q > 0 ? sizes[q] : 0).ToArray(), ofWord.Select((q, i) => q > 0 ? firsts[q] : i).ToArray());
    }

    /// <summary>Index of the first word starting at or after <paramref name="offset"/>.</summary>
    public int WordAt(int offset)
    {
        var lo = 0;
        var hi = Words.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (Words[mid].End <= offset) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
