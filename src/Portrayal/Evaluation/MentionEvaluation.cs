using System.Text.Json;
using Portrayal.Corpus;
using Portrayal.Mentions;

namespace Portrayal.Evaluation;

/// <summary>One sentence of a mention gold set with the mentions marked by hand.</summary>
public sealed record GoldSentence(string Id, string Lang, string Text, IReadOnlyList<GoldMention> Mentions, string? Note, string File, int Line);

public sealed record GoldMention(string Actor, int Start, int End, string Surface);

/// <summary>Precision and recall of one slice (a language, or all).</summary>
public sealed record MentionScore(string Slice, int Sentences, int Gold, int Predicted, int TruePositives)
{
    public double Precision => Predicted == 0 ? 1 : TruePositives / (double)Predicted;
    public double Recall => Gold == 0 ? 1 : TruePositives / (double)Gold;
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>A wrong or missed mention, for the analyst to read.</summary>
public sealed record MentionError(string Kind, GoldSentence Sentence, string Actor, int Start, int End);

public sealed record MentionEvaluationResult(IReadOnlyList<MentionScore> ByLanguage, MentionScore Overall, IReadOnlyList<MentionError> Errors,
    IReadOnlyList<string> Actors);

/// <summary>
/// Scores a matcher against a gold set: a predicted mention is right when a gold mention of the same actor overlaps
/// it (each gold mention counts once). Only the actors the gold set marks are scored: a matcher with the whole
/// catalog is not penalised for finding Mongolia in a set that does not mark Mongolia.
/// </summary>
public static class MentionEvaluation
{
    public static IReadOnlyList<GoldSentence> ReadGold(string path)
    {
        if (!File.Exists(path)) throw new InputError("EV001", path, null, "gold file not found.");
        var sentences = new List<GoldSentence>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var r = doc.RootElement;
                var text = r.GetProperty("text").GetString() ?? "";
                var mentions = new List<GoldMention>();
                if (r.TryGetProperty("mentions", out var ms))
                    foreach (var m in ms.EnumerateArray())
                    {
                        var g = new GoldMention(m.GetProperty("actor").GetString()!, m.GetProperty("start").GetInt32(), m.GetProperty("end").GetInt32(),
                            m.TryGetProperty("surface", out var s) ? s.GetString() ?? "" : "");
                        if (g.Start < 0 || g.End > text.Length || g.Start >= g.End)
                            throw new InputError("EV002", path, $"line {lineNumber}", $"mention {g.Actor} {g.Start}–{g.End} lies outside the text.");
                        if (g.Surface.Length > 0 && text[g.Start..g.End] != g.Surface)
                            throw new InputError("EV002", path, $"line {lineNumber}", $"mention {g.Actor} at {g.Start}–{g.End} reads '{text[g.Start..g.End]}', not '{g.Surface}'.");
                        mentions.Add(g);
                    }
                sentences.Add(new GoldSentence(r.GetProperty("id").GetString() ?? $"line {lineNumber}",
                    r.TryGetProperty("lang", out var l) ? l.GetString() ?? "?" : "?", text, mentions,
                    r.TryGetProperty("note", out var n) ? n.GetString() : null, path, lineNumber));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InputError("EV002", path, $"line {lineNumber}", $"not a gold line {{\"id\",\"lang\",\"text\",\"mentions\":[{{\"actor\",\"start\",\"end\"}}]}}: {e.Message}", e);
            }
        }
        return sentences;
    }

    public static MentionEvaluationResult Evaluate(IMentionMatcher matcher, IReadOnlyList<GoldSentence> gold)
    {
        var actors = gold.SelectMany(s => s.Mentions).Select(m => m.Actor).ToHashSet(StringComparer.Ordinal);
        var errors = new List<MentionError>();
        var tallies = new Dictionary<string, (int Sentences, int Gold, int Predicted, int Tp)>(StringComparer.Ordinal);
        foreach (var sentence in gold)
        {
            var predicted = matcher.Find(sentence.Text).Where(m => actors.Contains(m.Actor)).ToList();
            var unmatched = sentence.Mentions.ToList();
            var tp = 0;
            foreach (var p in predicted)
            {
                var hit = unmatched.FirstOrDefault(g => g.Actor == p.Actor && g.Start < p.End && p.Start < g.End);
                if (hit is not null)
                {
                    unmatched.Remove(hit);
                    tp++;
                }
                else errors.Add(new MentionError("false", sentence, p.Actor, p.Start, p.End));
            }
            errors.AddRange(unmatched.Select(g => new MentionError("missed", sentence, g.Actor, g.Start, g.End)));
            var t = tallies.GetValueOrDefault(sentence.Lang);
            tallies[sentence.Lang] = (t.Sentences + 1, t.Gold + sentence.Mentions.Count, t.Predicted + predicted.Count, t.Tp + tp);
        }
        var byLanguage = tallies.OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new MentionScore(t.Key, t.Value.Sentences, t.Value.Gold, t.Value.Predicted, t.Value.Tp)).ToList();
        var overall = new MentionScore("all", byLanguage.Sum(s => s.Sentences), byLanguage.Sum(s => s.Gold), byLanguage.Sum(s => s.Predicted),
            byLanguage.Sum(s => s.TruePositives));
        return new MentionEvaluationResult(byLanguage, overall, errors, actors.Order(StringComparer.Ordinal).ToList());
    }
}
