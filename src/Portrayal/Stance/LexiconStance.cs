using System.Globalization;
using Portrayal.Corpus;
using Portrayal.Text;

namespace Portrayal.Stance;

/// <summary>
/// The transparent baseline: weighted cue words near the target, flipped by negation, strengthened by
/// intensifiers, damped across a contrast ("но", "бірақ", "but"), in questions and in the target's own
/// reported speech, and given to whichever mentioned actor stands nearest to them. The deciding cues are the evidence.
/// </summary>
public sealed partial class LexiconStance : IStanceClassifier
{
    private const double Threshold = 0.25;
    // Criticism is mostly implicit in this genre (irony, rhetorical questions), so weak negative evidence already counts;
    // on the development halves of RuSentNE-2023 and NewsMTSC weak positive evidence paid as well, so both stand as low.
    private const double NegativeThreshold = 0.25;
    private const int NegationWindow = 3;
    // How far from a cue of harm suffered ("погибли", "victims") the one it befalls stands.
    private const int HarmWindow = 3;
    // How far after the target a verb of blame or praise may stand for the target to be its subject.
    private const int VoicerWindow = 5;
    // How much blame and praise say of whoever voices them, and violence of whoever suffers it (against 1 for its object / doer).
    private const double BlamerShare = 0;
    private const double PraiserShare = 0.8;
    private const double VictimShare = 0.1;

    // Categories whose cues are acts aimed at someone: their object is who they portray.
    private static readonly HashSet<string> Blame = new(StringComparer.Ordinal) { "accusation", "criticism" };
    private static readonly HashSet<string> Approval = new(StringComparer.Ordinal) { "praise" };
    private static readonly HashSet<string> Harming = new(StringComparer.Ordinal) { "violence" };
    private const string HarmSuffered = "harm";
    // Languages where the subject comes before the verb and the object after it, so word order tells doer from object.
    private static readonly HashSet<string> SubjectVerbObject = new(StringComparer.Ordinal) { "ru", "en" };
    private static readonly HashSet<string> EnglishPassiveAuxiliaries = new(StringComparer.Ordinal)
        { "was", "were", "been", "being", "is", "are", "be", "get", "gets", "got", "getting", "gotten" };

    private readonly IReadOnlyList<Lexicon> _lexicons;
    // Each language's cues apart: a Kazakh stem (дос) would otherwise fire inside a Russian word (доступ), a Russian one (сообща) inside another (сообщает).
    private readonly Dictionary<Lexicon, CueIndex> _indexes = new(ReferenceEqualityComparer.Instance);

    private sealed class CueIndex
    {
        public CueIndex(Lexicon lexicon)
        {
            ByFirstPrefix = lexicon.Cues
                .Where(c => c.Prefixes.Length > 0)
                .GroupBy(c => c.Prefixes[0], StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            BySpan = ByFirstPrefix.GetAlternateLookup<ReadOnlySpan<char>>();
            MaxPrefix = ByFirstPrefix.Count == 0 ? 0 : ByFirstPrefix.Keys.Max(k => k.Length);
        }

        public Dictionary<string, List<Cue>> ByFirstPrefix { get; }
        /// <summary>The same index looked up by a span of the word, so trying each prefix length allocates nothing.</summary>
        public Dictionary<string, List<Cue>>.AlternateLookup<ReadOnlySpan<char>> BySpan { get; }
        public int MaxPrefix { get; }
    }

    public LexiconStance(IReadOnlyList<Lexicon>? lexicons = null)
    {
        _lexicons = lexicons ?? Lexicon.BuiltIn.Select(Lexicon.LoadBuiltIn).ToList();
        foreach (var lexicon in _lexicons) _indexes[lexicon] = new CueIndex(lexicon);
    }

    public string Name => "stance.lexicon.v2";

    private sealed record Hit(int First, int Last, Cue Cue, double Weight, string Note);

    /// <summary>One cue's contribution toward a target: its weighted score, category and first word.</summary>
    public readonly record struct CueContribution(double Contribution, string Category, int Word, string Note);

    /// <summary>Every cue's contribution toward the target's mentions (the sum is the score); features for the trained models too.</summary>
    public List<CueContribution> Contributions(StanceDocument doc, IReadOnlyList<Mention> targets)
    {
        if (targets.Count == 0) throw new ArgumentException("at least one target mention is needed", nameof(targets));
        var lexicon = LexiconFor(doc);
        var hits = doc.Memo(this, () => Hits(doc, lexicon));
        var actor = targets[0].Actor;
        var onlyActor = doc.Mentions.All(m => m.Actor == actor);
        // where each mention of the target voices blame or praise: a property of the mention, not of the cue
        var voiced = targets.Select(t => Voiced(doc, lexicon, hits, t, doc.WordSpan(t).Last, doc.SentenceOf(t.Start))).ToArray();
        var contributions = new List<CueContribution>();
        foreach (var hit in hits)
        {
            // each cue counts once, toward the nearest mention of the target
            var factor = targets.Select((t, k) => Factor(doc, lexicon, hit, t, voiced[k], onlyActor)).Max();
            var contribution = hit.Weight * factor;
            if (contribution != 0) contributions.Add(new CueContribution(contribution, hit.Cue.Category, hit.First, hit.Note));
        }
        return contributions;
    }

    public StanceResult Classify(StanceDocument doc, IReadOnlyList<Mention> targets)
    {
        var contributions = Contributions(doc, targets);
        var score = contributions.Sum(c => c.Contribution);
        var label = score <= -NegativeThreshold ? StanceLabels.Negative : score >= Threshold ? StanceLabels.Positive : StanceLabels.Neutral;
        var confidence = label == StanceLabels.Neutral
            ? 0.5 + 0.4 * (1 - Math.Abs(score) / Threshold)
            : 0.5 + 0.45 * Math.Tanh((Math.Abs(score) - Threshold) / 1.5 + 0.3);
        var decisive = contributions
            .Where(e => label == StanceLabels.Neutral || Math.Sign(e.Contribution) == (label == StanceLabels.Positive ? 1 : -1))
            .OrderByDescending(e => Math.Abs(e.Contribution))
            .Take(4)
            .Select(e => e.Note)
            .ToList();
        return new StanceResult(label, Math.Round(confidence, 3), Name, decisive, Math.Round(score, 3));
    }

    /// <summary>Another actor this close to the target (in words) shares its cues (RuSentNE-2023 F1-PN 0.348 → 0.354, both halves alike).</summary>
    private const int NounPhraseGap = 2;

    private double Factor(StanceDocument doc, Lexicon lexicon, Hit hit, Mention target, (int From, double Share) voiced, bool onlyActor)
    {
        var (targetFirst, targetLast) = doc.WordSpan(target);
        if (hit.First <= targetLast && targetFirst <= hit.Last) return 0; // the name itself is no cue
        var targetSentence = doc.SentenceOf(target.Start);
        var hitSentence = doc.SentenceOf(doc.Words[hit.First].Start);
        var sentenceGap = Math.Abs(hitSentence - targetSentence);
        double factor = sentenceGap switch
        {
            0 => 1.0,
            1 => onlyActor ? 0.6 : 0.4,
            _ => onlyActor ? 0.3 : 0,
        };
        var distance = Gap(hit, targetFirst, targetLast);
        // A later sentence that names no actor goes on about the last one named ("ОТГ выразила солидарность. Ни одного
        // самолёта."): if that is the target, the cue counts as near it, from the start of its sentence.
        if (hitSentence != targetSentence && Topic(doc, hit, hitSentence) == target.Actor)
        {
            factor = Math.Max(factor, sentenceGap == 1 ? 0.6 : 0.4);
            distance = Math.Max(0, hit.First - doc.WordAt(doc.Sentences[hitSentence].Start));
        }
        if (factor == 0) return 0;
        factor /= 1 + distance / 6.0;

        // A cue nearer to another actor in its own sentence is about that actor, unless it is an act aimed at the
        // target that the other actor does ("China praised the CSTO": the CSTO is its object, China its subject), or
        // the other actor is named within two words of the target: in its own noun phrase ("президент России Путин")
        // or beside it ("Россия и Китай осудили"), what is said of one is said of both.
        var aimedAtTarget = targetFirst > hit.Last && IsAimed(lexicon, hit);
        foreach (var other in doc.Mentions)
        {
            if (other.Actor == target.Actor) continue;
            if (doc.SentenceOf(other.Start) != hitSentence) continue;
            var (of, ol) = doc.WordSpan(other);
            if ((of > targetLast ? of - targetLast : targetFirst - ol) <= NounPhraseGap) continue;
            if (aimedAtTarget && ol < hit.First) continue;
            var od = Gap(hit, of, ol);
            if (od >= 0 && od < distance)
            {
                factor *= 0.25;
                break;
            }
        }
        // a cue in another clause of the sentence ("X прибыл, а Y провалился") is less about the target
        if (sentenceGap == 0 && !SameClause(doc, Math.Min(hit.Last, targetLast), Math.Max(hit.First, targetFirst))) factor *= 0.5;
        if (sentenceGap == 0 && ContrastBetween(doc, lexicon, Math.Min(hit.Last, targetLast), Math.Max(hit.First, targetFirst)))
            factor *= 0.5;
        if (sentenceGap == 0)
        {
            factor *= RoleShare(doc, lexicon, hit, targetFirst, targetLast);
            if (voiced.From >= 0 && hit.First >= voiced.From) factor *= voiced.Share;
        }
        if (sentenceGap == 0 && IsSpeaker(doc, lexicon, targetLast)) factor *= 0.5;
        if (IsQuestion(doc, hitSentence)) factor *= 0.5;
        return factor;
    }

    /// <summary>The actor a sentence naming none is about: the last one named before it, else the first after (null if it names one itself).</summary>
    private static string? Topic(StanceDocument doc, Hit hit, int hitSentence)
    {
        if (doc.Sentences.Count == 0) return null;
        string? last = null, next = null;
        var lastStart = -1;
        var nextStart = int.MaxValue;
        foreach (var m in doc.Mentions)
        {
            var sentence = doc.SentenceOf(m.Start);
            if (sentence == hitSentence) return null;
            if (sentence < hitSentence && m.Start > lastStart)
            {
                last = m.Actor;
                lastStart = m.Start;
            }
            if (sentence > hitSentence && m.Start < nextStart)
            {
                next = m.Actor;
                nextStart = m.Start;
            }
        }
        // a post that opens before naming anyone ("Где была эта организация …? … ОДКБ") is about the first actor it names
        return last ?? next;
    }

    /// <summary>
    /// Whom a cue of violence or harm portrays, in the target's own sentence: violence its doer, not its victim
    /// ("убийство журналиста", "X was killed"), harm suffered ("погибли журналисты", "the victims") nobody it befalls.
    /// Word order tells the doer (before the verb) from the object (after it), and a passive form ("убит", "was
    /// attacked") turns it round; Kazakh puts both before the verb, so there only harm suffered is read.
    /// </summary>
    private static double RoleShare(StanceDocument doc, Lexicon lexicon, Hit hit, int targetFirst, int targetLast)
    {
        var category = hit.Cue.Category;
        // harm suffered says little of anyone else either (on RuSentNE-2023 nine in ten targets near it are neutral)
        if (category == HarmSuffered) return Gap(hit, targetFirst, targetLast) <= HarmWindow ? 0 : 0.5;
        if (!Harming.Contains(category) || !SubjectVerbObject.Contains(lexicon.Language)) return 1;
        var isObject = targetFirst > hit.Last || Passive(doc, lexicon, hit);
        return isObject ? VictimShare : 1;
    }

    /// <summary>
    /// Where the target voices blame or praise of someone else ("Китай обвинил США во лжи", "X praised Y"): from that
    /// verb on, the sentence is what the blame or praise says of its object and says little of the one voicing it. The
    /// verb must follow the target closely with no other actor between (else that actor is its subject) and be active
    /// ("X был обвинён", "X was accused" blame X himself). Returns the verb's first word and the voicer's share, or -1.
    /// </summary>
    private static (int From, double Share) Voiced(StanceDocument doc, Lexicon lexicon, List<Hit> hits, Mention target, int targetLast, int targetSentence)
    {
        if (!SubjectVerbObject.Contains(lexicon.Language)) return (-1, 1);
        foreach (var h in hits)
        {
            if (h.First <= targetLast) continue;
            if (h.First - targetLast > VoicerWindow || doc.SentenceOf(doc.Words[h.First].Start) != targetSentence) break;
            var blame = Blame.Contains(h.Cue.Category);
            if (!blame && !Approval.Contains(h.Cue.Category)) continue;
            if (Passive(doc, lexicon, h)) return (-1, 1);
            var between = doc.Mentions.Any(m => m.Actor != target.Actor && doc.WordSpan(m).First > targetLast && doc.WordSpan(m).First < h.First);
            return between ? (-1, 1) : (h.First, blame ? BlamerShare : PraiserShare);
        }
        return (-1, 1);
    }

    /// <summary>A cue of blame, praise or violence: an act aimed at someone, read by word order.</summary>
    private static bool IsAimed(Lexicon lexicon, Hit hit) =>
        SubjectVerbObject.Contains(lexicon.Language)
        && (Blame.Contains(hit.Cue.Category) || Approval.Contains(hit.Cue.Category) || Harming.Contains(hit.Cue.Category));

    /// <summary>A passive or reflexive verb form in the cue: its subject is the one the act is aimed at.</summary>
    private static bool Passive(StanceDocument doc, Lexicon lexicon, Hit hit)
    {
        if (lexicon.Language == "en")
        {
            // "was criticized", "were attacked and beaten"
            for (var j = hit.First - 1; j >= Math.Max(0, hit.First - 3) && SameClause(doc, j, hit.First); j--)
                if (EnglishPassiveAuxiliaries.Contains(doc.Words[j].Folded)) return true;
            return false;
        }
        for (var j = hit.First; j <= hit.Last; j++)
            if (RussianPassive().IsMatch(doc.Words[j].Folded)) return true;
        return false;
    }

    // Reflexive -ся/-сь, short passive participles (обвинён, осуждена, уличены) and long ones (обвиняемый, осуждённого).
    [System.Text.RegularExpressions.GeneratedRegex("(ся|сь|[аяе]н|[аяе]н[аоы]|(нн|ем|им)(ый|ий|ая|ое|ые|ого|ому|ым|ом|ой|ую|ых|ыми))$")]
    private static partial System.Text.RegularExpressions.Regex RussianPassive();

    /// <summary>Words between a cue and a mention (negative when they overlap).</summary>
    private static int Gap(Hit hit, int first, int last) => hit.First > last ? hit.First - last : first - hit.Last;

    private Lexicon LexiconFor(StanceDocument doc) =>
        _lexicons.FirstOrDefault(l => l.Language == doc.Lang)
        ?? _lexicons.FirstOrDefault(l => l.Language == (TextFolding.IsCyrillic(doc.Text) ? "ru" : "en"))
        ?? _lexicons[0];

    /// <summary>Every cue in the text, longest first at each word, with negation and intensifiers applied.</summary>
    private List<Hit> Hits(StanceDocument doc, Lexicon lexicon)
    {
        var hits = new List<Hit>();
        var words = doc.Words;
        var index = _indexes[lexicon];
        var maxPrefix = index.MaxPrefix;
        for (var i = 0; i < words.Count; i++)
        {
            var best = BestCue(index.BySpan, maxPrefix, words, i);
            if (best is null) continue;
            var last = i + best.Prefixes.Length - 1;
            var weight = best.Weight;
            var notes = new List<string>();
            if (weight != 0)
            {
                if (Negated(doc, lexicon, i, last, best))
                {
                    weight = -weight * 0.8;
                    notes.Add("negated");
                }
                if (i > 0 && lexicon.Intensifiers.Contains(words[i - 1].Folded) && SameClause(doc, i - 1, i))
                {
                    weight *= 1.5;
                    notes.Add("intensified");
                }
            }
            var surface = doc.Text[words[i].Start..words[last].End];
            var note = string.Create(CultureInfo.InvariantCulture,
                $"{surface} ({(notes.Count > 0 ? string.Join(", ", notes) + ", " : "")}{(weight > 0 ? "+" : "")}{weight:0.#})");
            hits.Add(new Hit(i, last, best, weight, note));
            i = last;
        }
        return Social(doc, lexicon, hits);
    }

    private static Cue? BestCue(Dictionary<string, List<Cue>>.AlternateLookup<ReadOnlySpan<char>> cuesByFirstPrefix, int maxPrefix, IReadOnlyList<Token> words, int i)
    {
        var w = words[i].Folded;
        Cue? best = null;
        var bestLength = 0;
        for (var n = Math.Min(w.Length, maxPrefix); n >= 2; n--)
        {
            if (!cuesByFirstPrefix.TryGetValue(w.AsSpan(0, n), out var cues)) continue;
            foreach (var cue in cues)
            {
                if (i + cue.Prefixes.Length > words.Count) continue;
                var ok = true;
                for (var k = 1; k < cue.Prefixes.Length && ok; k++)
                    ok = words[i + k].Folded.StartsWith(cue.Prefixes[k], StringComparison.Ordinal);
                var length = cue.Prefixes.Sum(p => p.Length) + cue.Prefixes.Length * 100;
                if (ok && length > bestLength)
                {
                    best = cue;
                    bestLength = length;
                }
            }
        }
        return best;
    }

    private static bool Negated(StanceDocument doc, Lexicon lexicon, int first, int last, Cue cue)
    {
        var words = doc.Words;
        // a negation spelled inside the cue itself ("не уйдут", "ничего не сделал") is already in its weight
        if (cue.Prefixes.Any(p => lexicon.Negators.Contains(p))) return false;
        for (var j = first - 1; j >= Math.Max(0, first - NegationWindow); j--)
        {
            if (!SameClause(doc, j, first)) break;
            var f = words[j].Folded;
            if (lexicon.Negators.Contains(f) || f.EndsWith("n't", StringComparison.Ordinal)) return true;
        }
        for (var j = last + 1; j <= Math.Min(words.Count - 1, last + 2); j++)
        {
            if (!SameClause(doc, last, j)) break;
            if (lexicon.NegatorsAfter.Contains(words[j].Folded)) return true;
        }
        var lastWord = words[last].Folded;
        var prefix = cue.Prefixes[^1];
        if (lexicon.VerbNegationSuffixes.Length > 0 && lastWord.Length > prefix.Length)
        {
            var rest = lastWord.AsSpan(prefix.Length);
            foreach (var s in lexicon.VerbNegationSuffixes)
            {
                // a verb ending must follow (көмектес-пе-ді, қолда-ма-йды, -ма-ған), so the instrumental -мен is no negation
                if (rest.StartsWith(s, StringComparison.Ordinal)
                    && (rest.Length == s.Length || "дйғгсу".Contains(rest[s.Length]))) return true;
            }
        }
        return false;
    }

    /// <summary>No clause punctuation (, ; : — ( ) between two words.</summary>
    private static bool SameClause(StanceDocument doc, int a, int b)
    {
        if (a > b) (a, b) = (b, a);
        var from = doc.Words[a].End;
        var to = doc.Words[b].Start;
        for (var k = from; k < to; k++)
            if (doc.Text[k] is ',' or ';' or ':' or '—' or '–' or '(' or ')' or '.' or '!' or '?') return false;
        return true;
    }

    private static bool ContrastBetween(StanceDocument doc, Lexicon lexicon, int from, int to)
    {
        for (var j = from + 1; j < to; j++)
            foreach (var c in lexicon.Contrast)
                if (c.Length > 0 && doc.Words[j].Folded == c[0]) return true;
        return false;
    }

    /// <summary>The target is the one speaking ("Кремль заявил, что…"): its own words say little of how it is portrayed.</summary>
    private static bool IsSpeaker(StanceDocument doc, Lexicon lexicon, int targetLast)
    {
        for (var j = targetLast + 1; j <= Math.Min(doc.Words.Count - 1, targetLast + 2); j++)
            foreach (var r in lexicon.ReportedSpeech)
                if (r.Length > 0 && doc.Words[j].Folded.StartsWith(r[0], StringComparison.Ordinal)) return true;
        return false;
    }

    private static bool IsQuestion(StanceDocument doc, int sentence)
    {
        var (_, end) = doc.Sentences.Count > 0 ? doc.Sentences[sentence] : (0, 0);
        return end > 0 && doc.Text[end - 1] == '?';
    }
}
