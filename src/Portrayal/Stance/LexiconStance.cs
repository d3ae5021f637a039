using System.Globalization;
using Portrayal.Corpus;
using Portrayal.Text;

namespace Portrayal.Stance;

/// <summary>
/// The transparent baseline: weighted cue words near the target, flipped by negation, strengthened by
/// intensifiers, damped across a contrast ("но", "бірақ", "but"), in questions and in the target's own
/// reported speech, and given to whichever mentioned actor stands nearest to them. The deciding cues are the evidence.
/// </summary>
public sealed class LexiconStance : IStanceClassifier
{
    private const double Threshold = 0.6;
    // Criticism is mostly implicit in this genre (irony, rhetorical questions), so weaker negative evidence already counts.
    private const double NegativeThreshold = 0.45;
    private const int NegationWindow = 3;

    private readonly IReadOnlyList<Lexicon> _lexicons;
    // Each language's cues apart: a Kazakh stem (дос) would otherwise fire inside a Russian word (доступ), a Russian one (сообща) inside another (сообщает).
    private readonly Dictionary<Lexicon, CueIndex> _indexes = new(ReferenceEqualityComparer.Instance);

    private sealed class CueIndex(Lexicon lexicon)
    {
        public Dictionary<string, List<Cue>> ByFirstPrefix { get; } = lexicon.Cues
            .Where(c => c.Prefixes.Length > 0)
            .GroupBy(c => c.Prefixes[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        public int MaxPrefix => ByFirstPrefix.Count == 0 ? 0 : ByFirstPrefix.Keys.Max(k => k.Length);
    }

    public LexiconStance(IReadOnlyList<Lexicon>? lexicons = null)
    {
        _lexicons = lexicons ?? Lexicon.BuiltIn.Select(Lexicon.LoadBuiltIn).ToList();
        foreach (var lexicon in _lexicons) _indexes[lexicon] = new CueIndex(lexicon);
    }

    public string Name => "stance.lexicon.v1";

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
        var contributions = new List<CueContribution>();
        foreach (var hit in hits)
        {
            // each cue counts once, toward the nearest mention of the target
            var factor = targets.Max(t => Factor(doc, lexicon, hit, t, onlyActor));
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

    private double Factor(StanceDocument doc, Lexicon lexicon, Hit hit, Mention target, bool onlyActor)
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
        if (factor == 0) return 0;
        var distance = Gap(hit, targetFirst, targetLast);
        factor /= 1 + distance / 6.0;

        // A cue nearer to another actor in its own sentence is about that actor.
        foreach (var other in doc.Mentions)
        {
            if (other.Actor == target.Actor) continue;
            if (doc.SentenceOf(other.Start) != hitSentence) continue;
            var (of, ol) = doc.WordSpan(other);
            var od = Gap(hit, of, ol);
            if (od >= 0 && od < distance)
            {
                factor *= 0.25;
                break;
            }
        }
        if (sentenceGap == 0 && ContrastBetween(doc, lexicon, Math.Min(hit.Last, targetLast), Math.Max(hit.First, targetFirst)))
            factor *= 0.5;
        if (sentenceGap == 0 && IsSpeaker(doc, lexicon, targetLast)) factor *= 0.5;
        if (IsQuestion(doc, hitSentence)) factor *= 0.5;
        return factor;
    }

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
            var best = BestCue(index.ByFirstPrefix, maxPrefix, words, i);
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
        return hits;
    }

    private static Cue? BestCue(Dictionary<string, List<Cue>> cuesByFirstPrefix, int maxPrefix, IReadOnlyList<Token> words, int i)
    {
        var w = words[i].Folded;
        Cue? best = null;
        var bestLength = 0;
        for (var n = Math.Min(w.Length, maxPrefix); n >= 2; n--)
        {
            if (!cuesByFirstPrefix.TryGetValue(w[..n], out var cues)) continue;
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
