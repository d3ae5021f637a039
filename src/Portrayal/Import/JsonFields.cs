using System.Globalization;
using System.Text.Json;

namespace Portrayal.Import;

/// <summary>Typed reads of JSON fields that report the field name when the type is wrong.</summary>
internal static class JsonFields
{
    public static string? String(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw new FieldError(name, $"expected a string, found {Describe(v)}");
    }

    public static string RequiredString(JsonElement e, string name) =>
        String(e, name) ?? throw new FieldError(name, "is missing");

    /// <summary>A count that may be written as a number or, as the YouTube API does, as a string of digits.</summary>
    public static long? Count(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)) return n;
        if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s)) return s;
        throw new FieldError(name, $"expected a whole number, found {Describe(v)}");
    }

    public static DateTimeOffset? Time(JsonElement e, string name)
    {
        var s = String(e, name);
        if (s is null) return null;
        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : throw new FieldError(name, $"'{s}' is not a date and time");
    }

    public static JsonElement? Object(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    public static string Describe(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => $"the text \"{Truncate(v.GetString() ?? "", 40)}\"",
        JsonValueKind.Number => $"the number {v.GetRawText()}",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
        _ => "null",
    };

    private static string Truncate(string s, int n) => s.Length <= n ? s : s[..n] + "…";
}

/// <summary>A field of a record has the wrong type or is missing; the importer adds the record's place.</summary>
internal sealed class FieldError(string field, string problem) : Exception($"field '{field}' {problem}")
{
    public string Field { get; } = field;
}
