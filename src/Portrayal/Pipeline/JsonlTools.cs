using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Portrayal.Corpus;
using Portrayal.Mentions;
using Portrayal.Stance;
using Portrayal.Text;

namespace Portrayal.Pipeline;

/// <summary>
/// The stable scripting formats: `portrayal mentions` and `portrayal stance` read one JSON object per line and
/// write one per result. Fields may be added to the output later; none will be removed or renamed.
/// </summary>
public static class JsonlTools
{
    /// <summary>How every JSONL line is written: Cyrillic as is, null fields left out.</summary>
    public static readonly JsonSerializerOptions Output = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public sealed record MentionLine(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("actor")] string Actor,
        [property: JsonPropertyName("start")] int Start,
        [property: JsonPropertyName("end")] int End,
        [property: JsonPropertyName("alias")] string Alias,
        [property: JsonPropertyName("text")] string Surface);

    public sealed record StanceLine(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("actor")] string? Actor,
        [property: JsonPropertyName("label")] string Label,
        [property: JsonPropertyName("confidence")] double Confidence,
        [property: JsonPropertyName("method")] string Method,
        [property: JsonPropertyName("evidence")] IReadOnlyList<string> Evidence);

    private sealed record Item(string Id, string Text, string? Lang, string? Actor, string? Target, int? Start, int? End);

    /// <summary>Writes every actor mention of every input line; returns the number of mentions.</summary>
    public static int Mentions(IMentionMatcher matcher, TextReader input, TextWriter output, string inputName)
    {
        var count = 0;
        foreach (var item in Read(input, inputName))
        foreach (var m in matcher.Find(item.Text))
        {
            output.WriteLine(JsonSerializer.Serialize(new MentionLine(item.Id, m.Actor, m.Start, m.End, m.Alias, m.Surface), Output));
            count++;
        }
        return count;
    }

    /// <summary>Classifies each item's target (actor id, target string or span), or every actor it mentions; returns the lines written.</summary>
    public static int Stance(IMentionMatcher? matcher, IStanceClassifier classifier, LanguageIdentifier languages,
        TextReader input, TextWriter output, string inputName)
    {
        var count = 0;
        // Items are classified a batch at a time on every core and written in input order; an error (in a line of the
        // input or in an item) is raised after the lines of the items before it are written, as one at a time would.
        foreach (var (batch, readError) in Batches(Read(input, inputName), 256))
        {
            var langs = batch.Select(item => item.Lang ?? languages.Identify(item.Text)).ToArray();
            var outcomes = batch.AsParallel().AsOrdered().Select((item, i) =>
            {
                try
                {
                    return (Lines: ClassifyItem(matcher, classifier, item, langs[i], inputName), Error: (InputError?)null);
                }
                catch (InputError error)
                {
                    return (Lines: (List<StanceLine>?)null, Error: error);
                }
            }).ToList();
            foreach (var (lines, error) in outcomes)
            {
                if (error is not null) throw error;
                foreach (var line in lines!)
                {
                    output.WriteLine(JsonSerializer.Serialize(line, Output));
                    count++;
                }
            }
            if (readError is not null) throw readError;
        }
        return count;
    }

    /// <summary>The items in batches; a reading error ends the last batch and comes with it.</summary>
    private static IEnumerable<(List<Item> Batch, InputError? Error)> Batches(IEnumerable<Item> items, int size)
    {
        using var e = items.GetEnumerator();
        var batch = new List<Item>(size);
        while (true)
        {
            InputError? error = null;
            try
            {
                if (!e.MoveNext()) break;
            }
            catch (InputError read)
            {
                error = read;
            }
            if (error is not null)
            {
                yield return (batch, error);
                yield break;
            }
            batch.Add(e.Current);
            if (batch.Count == size)
            {
                yield return (batch, null);
                batch = new List<Item>(size);
            }
        }
        if (batch.Count > 0) yield return (batch, null);
    }

    private static List<StanceLine> ClassifyItem(IMentionMatcher? matcher, IStanceClassifier classifier, Item item, string lang, string inputName)
    {
        var mentions = matcher?.Find(item.Text) ?? [];
        IEnumerable<(string? Actor, StanceResult Stance)> results;
        if (item.Start is { } s && item.End is { } e)
        {
            if (s < 0 || e > item.Text.Length || s >= e)
                throw new InputError("JL003", inputName, $"item {item.Id}", $"span {s}–{e} lies outside the text ({item.Text.Length} characters).");
            var actor = item.Actor ?? item.Target ?? mentions.FirstOrDefault(m => m.Start < e && s < m.End)?.Actor;
            results = [(actor, ClassifySpan(classifier, item.Text, lang, mentions, Span(item.Text, actor ?? "target", s, e)))];
        }
        else if ((item.Actor ?? item.Target) is { } wanted && mentions.Any(m => m.Actor == wanted))
        {
            var doc = new StanceDocument(item.Text, lang, mentions);
            results = [(wanted, classifier.Classify(doc, mentions.Where(m => m.Actor == wanted).ToList()))];
        }
        else if (item.Target is { } target && item.Text.IndexOf(target, StringComparison.OrdinalIgnoreCase) is var at and >= 0)
        {
            var actor = item.Actor ?? mentions.FirstOrDefault(m => m.Start < at + target.Length && at < m.End)?.Actor;
            results = [(actor, ClassifySpan(classifier, item.Text, lang, mentions, Span(item.Text, actor ?? "target", at, at + target.Length)))];
        }
        else if (item.Actor is not null || item.Target is not null)
        {
            if (matcher is null && item.Actor is not null)
                throw new InputError("JL004", inputName, $"item {item.Id}", $"actor '{item.Actor}' needs --codebook to be found in the text.");
            // the target is not in the text: nothing portrays it
            results = [(item.Actor ?? item.Target, new StanceResult(StanceLabels.Neutral, 0.5, classifier.Name, ["target not found in the text"], 0))];
        }
        else
        {
            if (matcher is null)
                throw new InputError("JL004", inputName, $"item {item.Id}", "no target given: --codebook is needed to find the actors in the text.");
            results = Analysis.Classify(classifier, item.Text, lang, mentions).Select(r => ((string?)r.Actor, r.Stance));
        }

        return results.Select(x => new StanceLine(item.Id, x.Actor, x.Stance.Label, x.Stance.Confidence, x.Stance.Method, x.Stance.Evidence)).ToList();
    }

    /// <summary>Stance toward a given span; the actor mentions outside it still draw away the cues nearer to them.</summary>
    private static StanceResult ClassifySpan(IStanceClassifier classifier, string text, string lang, IReadOnlyList<Mention> mentions, Mention span)
    {
        var others = mentions.Where(m => span.Start >= m.End || m.Start >= span.End);
        return classifier.Classify(new StanceDocument(text, lang, [span, .. others]), [span]);
    }

    private static Mention Span(string text, string actor, int start, int end)
    {
        var sentence = Tokenizer.SentenceAround(Tokenizer.Sentences(text), start, end);
        return new Mention(actor, start, end, text[start..end], text[start..end], sentence.Start, sentence.End);
    }

    private static IEnumerable<Item> Read(TextReader input, string inputName)
    {
        foreach (var (o, line) in JsonLines.Read(input, inputName, "JL001"))
        {
            string? Str(string name) => JsonLines.String(o, name, inputName, line, "JL002");
            int? Int(string name) => o.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
                ? v.TryGetInt32(out var n) ? n : throw new InputError("JL002", inputName, $"line {line}", $"field '{name}' must be a whole number.")
                : null;
            var id = Str("id") ?? throw new InputError("JL002", inputName, $"line {line}", "field 'id' is missing.");
            var text = Str("text") ?? throw new InputError("JL002", inputName, $"line {line}", "field 'text' is missing.");
            yield return new Item(id, text, Str("lang"), Str("actor"), Str("target"), Int("start"), Int("end"));
        }
    }
}
