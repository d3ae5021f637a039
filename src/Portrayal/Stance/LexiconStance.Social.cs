using System.Globalization;
using System.Text.RegularExpressions;

namespace Portrayal.Stance;

/// <summary>
/// Rules for social-media posts, applied to the cues once they are found: help that is asked for, scare quotes,
/// sarcasm markers, rhetorical "where was …?" questions and posts that mock the critics of an actor.
/// </summary>
public sealed partial class LexiconStance
{
    private const string HelpCategory = "help";
    // How far before a help cue (in its clause) a verb of asking may stand ("обратился к ОДКБ за помощью").
    private const int RequestWindow = 4;
    private const double ScareQuotedPositive = -0.8;  // «помощь», «братская»: irony
    private const double ScareQuotedNegative = 0.3;   // «оккупация»: the critics' word, held at a distance
    private const double SarcasmFlip = -0.8;
    private const double ScareQuotedRoleWeight = -1.5;
    private static readonly string[] IronicRoles = ["миротвор", "бітімгер", "peacekeep"];
    private const double RhetoricalWhereWeight = -2;
    private const double MockedCriticsWeight = 1.5;
    private const double CriticsWordShare = -0.5;

    // Stems of asking for something: the help asked for praises nobody yet.
    // Each stem is one word, or two in a row ("turned to"), split once here.
    private static readonly Dictionary<string, string[][]> RequestBefore = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["ru"] = ["прос", "попрос", "запрос", "запраш", "обрат", "обращ", "умоля", "взмол", "ждал", "ждут", "ожида"],
        ["en"] = ["ask", "request", "appeal", "plea", "sought", "seek", "beg", "begg", "turned to", "call"],
        ["kk"] = ["өтін", "жүгін", "сұра"],
    }.ToDictionary(x => x.Key, x => x.Value.Select(s => s.Split(' ')).ToArray(), StringComparer.Ordinal);
    // Kazakh puts the verb after its object: "көмек сұрады", "көмек сұрап жүгінді".
    private static readonly string[] KazakhRequestAfter = ["сұра", "өтін", "жүгін", "сура", "otin", "sūra", "sura"];

    // Markers of sarcasm: a post with one of these emoji, or a sentence with one of these words, means its praise ironically.
    private static readonly string[] SarcasmEmoji = ["👏", "🙃", "🤡", "🙄", "😏", "🤦", "🤣", "😂", "🍿"];
    private static readonly Regex SarcasmWords = new(
        @"(?<![\p{L}])(ну да|ну-ну|ага[,.!]|видите ли|разумеется|спасибо, записали|как же|забавно, как|кто бы мог подумать|какая неожиданность|браво|десять из десяти|yeah,? right|oh,? great|sure,? because|how generous|funny how|imagine that|ten out of ten|but hey|what a surprise|who could have guessed|иә,? иә|әрине,? әрине)(?![\p{L}])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    // Rhetorical "where was X?": a question asking after the actor's absence.
    private static readonly Regex RhetoricalWhere = new(
        @"(?<![\p{L}])(где (же )?(был|была|были|было|эти|этот|эта|это|ваш|ваша|ваши)|where (was|were|is|are)|қайда (болды|еді|жүр|қалды|жүрді)|qaida (boldy|edı|jür|qaldy))(?![\p{L}])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    // Mocking the critics ("для тех, кто кричал про оккупацию"): the critics' claim is what the post rebuts.
    private static readonly Regex MockedCritics = new(
        @"(?<![\p{L}])(кто (тут |там |в январе |тогда )?(кричал|кричали|орал|орали|писал|писали|пугал|пугали|вопил|вопили)|диванн\p{L}*|истери\p{L}*|паникер\p{L}*|паникёр\p{L}*|алармист\p{L}*|those who (screamed|shouted|cried|yelled|warned)|armchair \p{L}+|doomsayers|fearmongers|айқайла\p{L}*|байбалам\p{L}*|диванд\p{L}*)(?![\p{L}])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private static string SentenceText(StanceDocument doc, int sentence)
    {
        if (doc.Sentences.Count == 0) return doc.Text;
        var (start, end) = doc.Sentences[sentence];
        return doc.Text[start..end];
    }

    private int SentenceOfWord(StanceDocument doc, int word) => doc.SentenceOf(doc.Words[word].Start);

    /// <summary>The social-media rules: reweights the cues found and adds the cues that lie in a sentence's form.</summary>
    private List<Hit> Social(StanceDocument doc, Lexicon lexicon, List<Hit> hits)
    {
        var sentenceCount = Math.Max(1, doc.Sentences.Count);
        var sarcasticPost = SarcasmEmoji.Any(e => doc.Text.Contains(e, StringComparison.Ordinal));
        var sarcastic = new bool[sentenceCount];
        var mocking = new bool[sentenceCount];
        var result = new List<Hit>(hits.Count + 2);
        for (var s = 0; s < sentenceCount; s++)
        {
            var text = SentenceText(doc, s);
            if (SarcasmWords.IsMatch(text))
            {
                // the marker may follow the praise it mocks ("Great help. Ten out of ten.") or lead into it
                sarcastic[s] = true;
                if (s > 0) sarcastic[s - 1] = true;
                if (s + 1 < sentenceCount) sarcastic[s + 1] = true;
            }
            var mock = MockedCritics.Match(text);
            if (mock.Success)
            {
                mocking[s] = true;
                var at = doc.WordAt(doc.Sentences.Count == 0 ? mock.Index : doc.Sentences[s].Start + mock.Index);
                if (at < doc.Words.Count)
                    result.Add(Synthetic(doc, at, MockedCriticsWeight, "mocked-critics", mock.Value));
                continue;
            }
            var where = RhetoricalWhere.Match(text);
            if (where.Success && text.TrimEnd().EndsWith('?'))
            {
                var at = doc.WordAt(doc.Sentences.Count == 0 ? where.Index : doc.Sentences[s].Start + where.Index);
                if (at < doc.Words.Count)
                    result.Add(Synthetic(doc, at, RhetoricalWhereWeight, "rhetorical-question", where.Value));
            }
        }

        // roles that claim good intent, mocked in scare quotes («миротворцы», "peacekeepers", «бітімгерлер»)
        for (var w = 0; w < doc.Words.Count; w++)
        {
            var f = doc.Words[w].Folded;
            if (IronicRoles.Any(r => f.StartsWith(r, StringComparison.Ordinal)) && ScareQuoted(doc, lexicon, w))
                result.Add(Synthetic(doc, w, ScareQuotedRoleWeight, "scare quotes", doc.Words[w].Surface));
        }
        // a sentence that puts one positive cue in scare quotes means its thanks ironically ("Спасибо за «братскую» помощь")
        var ironic = new bool[sentenceCount];
        foreach (var hit in hits)
            if (hit.Weight > 0 && ScareQuoted(doc, lexicon, hit.First)) ironic[SentenceOfWord(doc, hit.First)] = true;

        foreach (var hit in hits)
        {
            var weight = hit.Weight;
            if (weight == 0)
            {
                result.Add(hit);
                continue;
            }
            var notes = new List<string>();
            var sentence = SentenceOfWord(doc, hit.First);
            if (weight > 0 && hit.Cue.Category == HelpCategory && Requested(doc, lexicon, hit))
            {
                weight = 0;
                notes.Add("asked for");
            }
            else if (ScareQuoted(doc, lexicon, hit.First))
            {
                weight *= weight > 0 ? ScareQuotedPositive : ScareQuotedNegative;
                notes.Add("scare quotes");
            }
            else if (weight > 0 && (sarcasticPost || sarcastic[sentence] || (ironic[sentence] && hit.Cue.Category == "gratitude")))
            {
                weight *= SarcasmFlip;
                notes.Add("sarcasm");
            }
            if (weight < 0 && mocking[sentence] && !notes.Contains("scare quotes"))
            {
                weight *= CriticsWordShare;
                notes.Add("critics' word");
            }
            if (notes.Count == 0)
            {
                result.Add(hit);
                continue;
            }
            result.Add(hit with { Weight = weight, Note = Renote(doc, hit, notes, weight) });
        }
        result.Sort((a, b) => a.First.CompareTo(b.First));
        return result;
    }

    private static string Renote(StanceDocument doc, Hit hit, List<string> notes, double weight)
    {
        var surface = doc.Text[doc.Words[hit.First].Start..doc.Words[hit.Last].End];
        var old = hit.Note;
        var open = old.LastIndexOf('(');
        var previous = open >= 0 ? old[(open + 1)..^1] : "";
        // keep the earlier notes (negated, intensified), drop the old weight
        var earlier = previous.Split(", ").Where(p => p.Length > 0 && !char.IsDigit(p[^1])).ToList();
        earlier.AddRange(notes);
        return string.Create(CultureInfo.InvariantCulture,
            $"{surface} ({string.Join(", ", earlier)}, {(weight > 0 ? "+" : "")}{weight:0.#})");
    }

    private static Hit Synthetic(StanceDocument doc, int word, double weight, string category, string text)
    {
        var note = string.Create(CultureInfo.InvariantCulture, $"{text.Trim()} ({category}, {(weight > 0 ? "+" : "")}{weight:0.#})");
        return new Hit(word, word, new Cue([doc.Words[word].Folded], weight, category, text), weight, note);
    }

    /// <summary>1–3 words in quotes, not a name (no capital after the first word): irony or the critics' word.</summary>
    private static bool ScareQuoted(StanceDocument doc, Lexicon lexicon, int word)
    {
        var length = doc.QuoteLength(word);
        if (length is < 1 or > 3) return false;
        var first = doc.QuoteStart(word);
        for (var j = first + 1; j < Math.Min(doc.Words.Count, first + length); j++)
            if (char.IsUpper(doc.Words[j].Surface[0])) return false;
        // a capitalised quote inside a sentence is a name («Роснефть», «Справедливая Россия»)
        if (char.IsUpper(doc.Words[first].Surface[0]) && first > 0
            && doc.SentenceOf(doc.Words[first - 1].Start) == doc.SentenceOf(doc.Words[first].Start)) return false;
        // a word quoted after a verb of saying or naming ("назвал «провокацией»", "called it a "success"") is reported, not mocked
        for (var j = first - 1; j >= Math.Max(0, first - 3); j--)
        {
            var f = doc.Words[j].Folded;
            if (NamingStems.Any(n => f.StartsWith(n, StringComparison.Ordinal))) return false;
            if (lexicon.ReportedSpeech.Any(r => r.Length > 0 && f.StartsWith(r[0], StringComparison.Ordinal))) return false;
        }
        if (first > 0 && doc.Text.AsSpan(doc.Words[first - 1].End, doc.Words[first].Start - doc.Words[first - 1].End).Contains(':')) return false;
        return true;
    }

    private static readonly string[] NamingStems =
        ["назва", "назыв", "охарактериз", "оценил", "call", "described", "describing", "term", "dubbed", "labell", "labeled", "said", "says", "деп", "атады", "атаған"];

    /// <summary>The help is asked for, not given ("обратился за помощью", "asked for help", "көмек сұрады").</summary>
    private static bool Requested(StanceDocument doc, Lexicon lexicon, Hit hit)
    {
        var words = doc.Words;
        if (RequestBefore.TryGetValue(lexicon.Language, out var stems))
        {
            for (var j = hit.First - 1; j >= Math.Max(0, hit.First - RequestWindow); j--)
            {
                if (!SameClause(doc, j, hit.First)) break;
                var f = words[j].Folded;
                foreach (var parts in stems)
                {
                    if (parts.Length == 1 ? f.StartsWith(parts[0], StringComparison.Ordinal)
                        : j + 1 < words.Count && f.StartsWith(parts[0], StringComparison.Ordinal) && words[j + 1].Folded.StartsWith(parts[1], StringComparison.Ordinal))
                        return true;
                }
            }
        }
        if (lexicon.Language == "ru" && hit.First > 0 && words[hit.First - 1].Folded == "за" && words[hit.First].Folded == "помощью")
            return true; // "за помощью": come for help
        for (var j = hit.Last + 1; j <= Math.Min(words.Count - 1, hit.Last + 2); j++)
        {
            if (!SameClause(doc, hit.Last, j)) break;
            var f = words[j].Folded;
            if (KazakhRequestAfter.Any(s => f.StartsWith(s, StringComparison.Ordinal))) return true;
            if (lexicon.Language == "en" && f is "needed" or "requested" or "sought") return true;
        }
        return false;
    }
}
