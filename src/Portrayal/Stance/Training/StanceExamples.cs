using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Portrayal.Corpus;

namespace Portrayal.Stance.Training;

/// <summary>
/// One labelled target: a text, the span of the target in it and the stance toward it. <see cref="Group"/> is the
/// text itself, so a sentence with two targets stays in one cross-validation fold.
/// </summary>
public sealed record StanceExample(string Id, string Text, int Start, int End, string Lang, string Label, string? TargetType = null, string? Actor = null)
{
    public string Group => Text;
    public string Target => Text[Start..End];

    /// <summary>How much the example counts in training (a source's weight); 1 unless `portrayal train --weights` says otherwise.</summary>
    public double Weight { get; init; } = 1;
}

/// <summary>The labelled formats `portrayal train` and `portrayal eval stance` read.</summary>
public static class StanceExamples
{
    public static readonly IReadOnlyList<string> Formats = ["rusentne", "newsmtsc", "jsonl"];

    /// <summary>Reads a file in the given format, or the one its content shows when <paramref name="format"/> is null.</summary>
    public static List<StanceExample> Read(string path, string? format = null)
    {
        if (!File.Exists(path)) throw new InputError("SE001", path, null, "file not found.");
        format ??= Detect(path);
        return format switch
        {
            "rusentne" => ReadRuSentNe(path),
            "newsmtsc" => ReadNewsMtsc(path),
            "jsonl" => ReadJsonl(path),
            _ => throw new InputError("SE002", path, null, $"unknown format '{format}': use {string.Join(", ", Formats)}."),
        };
    }

    /// <summary>RuSentNE-2023 as published: tab-separated with CSV quoting, labels -1/0/1 toward a marked entity.</summary>
    public static List<StanceExample> ReadRuSentNe(string path)
    {
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        using var csv = CsvReader.Create(reader, new CsvReaderOptions { Separator = '\t', TrackLineNumbers = true }, leaveOpen: false);
        var header = csv.Headers.Select(h => h.Trim()).ToList();
        string[] required = ["sentence", "entity", "entity_tag", "entity_pos_start_rel", "entity_pos_end_rel", "label"];
        var missing = required.Where(r => !header.Contains(r)).ToList();
        if (missing.Count > 0)
            throw new InputError("SE003", path, "line 1", $"not a labelled RuSentNE file: the header lacks {string.Join(", ", missing)}.");
        var at = required.ToDictionary(r => r, r => header.IndexOf(r));
        var examples = new List<StanceExample>();
        while (csv.Read())
        {
            var line = (int)csv.LineNumber;
            string F(string name) => at[name] < csv.FieldCount ? csv.GetString(at[name]) : "";
            var text = F("sentence");
            if (!int.TryParse(F("entity_pos_start_rel"), CultureInfo.InvariantCulture, out var start)
                || !int.TryParse(F("entity_pos_end_rel"), CultureInfo.InvariantCulture, out var end)
                || start < 0 || end > text.Length || start >= end)
                throw new InputError("SE004", path, $"line {line}", "the entity's offsets are not a span of the sentence.");
            var label = F("label").Trim() switch
            {
                "-1" => StanceLabels.Negative,
                "0" => StanceLabels.Neutral,
                "1" => StanceLabels.Positive,
                var other => throw new InputError("SE005", path, $"line {line}", $"label '{other}' is not -1, 0 or 1."),
            };
            examples.Add(new StanceExample($"rusentne:{line}", text, start, end, "ru", label, F("entity_tag").Trim()));
        }
        return examples;
    }

    /// <summary>NewsMTSC as published: one sentence per line with its targets; polarity 2.0 / 4.0 / 6.0.</summary>
    public static List<StanceExample> ReadNewsMtsc(string path)
    {
        var examples = new List<StanceExample>();
        foreach (var (o, line) in Lines(path))
        {
            var text = o.TryGetProperty("sentence_normalized", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()!
                : throw new InputError("SE006", path, $"line {line}", "not a NewsMTSC line: no 'sentence_normalized'.");
            if (!o.TryGetProperty("targets", out var targets) || targets.ValueKind != JsonValueKind.Array)
                throw new InputError("SE006", path, $"line {line}", "not a NewsMTSC line: no 'targets' array.");
            var k = 0;
            foreach (var t in targets.EnumerateArray())
            {
                k++;
                int Int(string name) => t.TryGetProperty(name, out var v) && v.TryGetInt32(out var n) ? n
                    : throw new InputError("SE006", path, $"line {line}, target {k}", $"'{name}' is missing or not a whole number.");
                var (start, end) = (Int("from"), Int("to"));
                if (start < 0 || end > text.Length || start >= end)
                    throw new InputError("SE004", path, $"line {line}, target {k}", "from/to are not a span of the sentence.");
                var polarity = t.TryGetProperty("polarity", out var p) && p.TryGetDouble(out var d) ? d : double.NaN;
                var label = polarity switch
                {
                    2.0 => StanceLabels.Negative,
                    4.0 => StanceLabels.Neutral,
                    6.0 => StanceLabels.Positive,
                    _ => throw new InputError("SE005", path, $"line {line}, target {k}", "polarity must be 2.0, 4.0 or 6.0."),
                };
                var id = t.TryGetProperty("Input.gid", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString()! : $"newsmtsc:{line}:{k}";
                examples.Add(new StanceExample(id, text, start, end, "en", label));
            }
        }
        return examples;
    }

    /// <summary>
    /// The project's own format, a stance input line with its label: {"id","text","lang","target"?,"start"?,"end"?,"actor"?,"label"}.
    /// Labels are negative / neutral / positive (or -1 / 0 / 1); without start/end the first occurrence of target is taken.
    /// </summary>
    public static List<StanceExample> ReadJsonl(string path)
    {
        var examples = new List<StanceExample>();
        Portrayal.Text.LanguageIdentifier? languages = null;
        foreach (var (o, line) in Lines(path))
        {
            string? Str(string name) => JsonLines.String(o, name, path, line, "SE007");
            var text = Str("text") ?? throw new InputError("SE007", path, $"line {line}", "field 'text' is missing.");
            var label = (Str("label") ?? throw new InputError("SE007", path, $"line {line}", "field 'label' is missing.")).Trim().ToLowerInvariant() switch
            {
                "negative" or "-1" => StanceLabels.Negative,
                "neutral" or "0" => StanceLabels.Neutral,
                "positive" or "1" => StanceLabels.Positive,
                var other => throw new InputError("SE005", path, $"line {line}", $"label '{other}' is not negative, neutral or positive."),
            };
            int start, end;
            if (o.TryGetProperty("start", out var s) && s.TryGetInt32(out start) && o.TryGetProperty("end", out var e) && e.TryGetInt32(out end))
            {
                if (start < 0 || end > text.Length || start >= end)
                    throw new InputError("SE004", path, $"line {line}", $"span {start}–{end} lies outside the text ({text.Length} characters).");
            }
            else
            {
                var target = Str("target") ?? throw new InputError("SE007", path, $"line {line}", "give the target as 'target' (its words in the text) or as 'start' and 'end'.");
                start = text.IndexOf(target, StringComparison.Ordinal);
                if (start < 0) throw new InputError("SE004", path, $"line {line}", $"target '{target}' does not occur in the text.");
                end = start + target.Length;
            }
            var id = Str("id") ?? $"{Path.GetFileName(path)}:{line}";
            var lang = Str("lang") ?? (languages ??= new Portrayal.Text.LanguageIdentifier()).Identify(text);
            examples.Add(new StanceExample(id, text, start, end, lang, label, Str("target_type"), Str("actor")));
        }
        return examples;
    }

    /// <summary>The format a file's first line shows.</summary>
    public static string Detect(string path)
    {
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        var first = reader.ReadLine() ?? "";
        if (first.StartsWith("sentence\t", StringComparison.Ordinal)) return "rusentne";
        if (first.Contains("\"sentence_normalized\"", StringComparison.Ordinal)) return "newsmtsc";
        if (first.TrimStart().StartsWith('{')) return "jsonl";
        throw new InputError("SE002", path, "line 1", "cannot tell the format: give --format rusentne, newsmtsc or jsonl.");
    }

    private static IEnumerable<(JsonElement Object, int Line)> Lines(string path)
    {
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        foreach (var item in JsonLines.Read(reader, path, "SE008")) yield return item;
    }
}
