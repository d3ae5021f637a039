using System.Text.Json;

namespace Portrayal.Corpus;

/// <summary>JSON Lines input as the scripting commands and the labelled stance files share it: one object per line.</summary>
public static class JsonLines
{
    /// <summary>
    /// Each non-blank line's object with its line number (valid until the next line is read). A line that is not JSON,
    /// or not an object, is an <see cref="InputError"/> with <paramref name="code"/> naming the line and column.
    /// </summary>
    public static IEnumerable<(JsonElement Object, int Line)> Read(TextReader reader, string file, string code)
    {
        var line = 0;
        while (reader.ReadLine() is { } raw)
        {
            line++;
            if (string.IsNullOrWhiteSpace(raw)) continue;
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(raw);
            }
            catch (JsonException e)
            {
                throw new InputError(code, file, $"line {line}, column {(e.BytePositionInLine ?? 0) + 1}", "not a JSON object: " + Clean(e.Message), e);
            }
            using (doc)
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InputError(code, file, $"line {line}", "each line must be a JSON object.");
                yield return (doc.RootElement, line);
            }
        }
    }

    /// <summary>Where a JSON error is in a file: its line and byte, when the reader knows them.</summary>
    public static string? Position(JsonException e) =>
        e.LineNumber is { } l ? $"line {l + 1}, byte {(e.BytePositionInLine ?? 0) + 1}" : null;

    /// <summary>System.Text.Json appends its own position to its messages; ours is in the error already.</summary>
    public static string Clean(string message)
    {
        var i = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (i > 0 ? message[..i] : message).TrimEnd(' ', '.');
    }

    /// <summary>A string field (a number as its text), null when absent or null; any other value is an error with <paramref name="code"/>.</summary>
    public static string? String(JsonElement o, string name, string file, int line, string code) =>
        o.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.Null => null,
            _ => throw new InputError(code, file, $"line {line}", $"field '{name}' must be a string."),
        } : null;
}
