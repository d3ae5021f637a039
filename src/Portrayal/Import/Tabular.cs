using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsvHelper;

namespace Portrayal.Import;

/// <summary>One data row of a delimited file: its values and the line it starts on; or a row the CSV reader found malformed.</summary>
internal abstract record TableRow(long Line);
internal sealed record CsvValues(long Line, string[] Fields) : TableRow(Line);
internal sealed record CsvMalformed(long Line, string Problem) : TableRow(Line);

/// <summary>
/// Streams a delimited file row by row with CsvHelper 34: the separator is sniffed among <c>,</c> <c>;</c> tab and
/// <c>|</c> from the first lines (quotes respected; an Excel <c>sep=;</c> line is honoured), line numbers count the
/// lines inside quoted fields, and badly quoted records are reported with their line instead of being guessed at.
/// </summary>
internal sealed class DelimitedTable
{
    /// <summary>A record longer than this is refused (guards against an unclosed quote swallowing a large file).</summary>
    private const int MaxRecordBytes = 16 << 20;

    private readonly CsvReader _csv;
    private readonly Queue<CsvMalformedRecord> _malformed = new();
    private readonly ImportContext _context;
    private readonly DetectedEncoding _encoding;

    public DelimitedTable(TextReader reader, ImportContext context, DetectedEncoding encoding, char? separator = null)
    {
        _context = context;
        _encoding = encoding;
        _csv = CsvReader.Create(reader, new CsvReaderOptions
        {
            Separator = separator,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = m => _malformed.Enqueue(m),
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MaxRecordSize = MaxRecordBytes,
        }, leaveOpen: false);
        Header = Guard(() => _csv.Headers.Select(h => h.Trim()).ToArray(), 1);
    }

    public string[] Header { get; }
    public char Separator => _csv.Separator;

    /// <summary>The rows after the header; a malformed record comes as <see cref="CsvMalformed"/> in its place.</summary>
    public IEnumerable<TableRow> Rows()
    {
        using (_csv)
        {
            long line = 1;
            while (true)
            {
                var more = Guard(() => _csv.Read(), line);
                while (_malformed.TryDequeue(out var m))
                    yield return new CsvMalformed(m.LineNumber, Describe(m.Reason));
                if (!more) yield break;
                line = _csv.LineNumber;
                var fields = new string[_csv.FieldCount];
                for (var i = 0; i < fields.Length; i++) fields[i] = _csv.GetString(i);
                yield return new CsvValues(line, fields);
            }
        }
    }

    /// <summary>The rows as values, or as a rejection with its line when malformed or not as wide as the header.</summary>
    public IEnumerable<(CsvValues? Values, Rejected? Bad)> CheckedRows()
    {
        foreach (var row in Rows())
        {
            if (row is CsvMalformed bad) yield return (null, new Rejected($"line {bad.Line}", bad.Problem));
            else if (row is CsvValues { Fields.Length: var n } values && n != Header.Length)
                yield return (null, new Rejected($"line {values.Line}", $"{n} fields where the header has {Header.Length}"));
            else yield return ((CsvValues)row, null);
        }
    }

    private T Guard<T>(Func<T> read, long line)
    {
        try
        {
            return read();
        }
        catch (DecoderFallbackException e)
        {
            throw DecodingErrors.Of(_context, _encoding, $"after line {line}", e);
        }
        catch (CsvFormatException e)
        {
            throw _context.Error("IMP011", e.LineNumber > 0 ? $"line {e.LineNumber}" : $"after line {line}", $"malformed CSV: {e.Message}", e);
        }
    }

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.UnterminatedQuote => "malformed CSV: a quoted field is never closed (the rest of the file would be one value)",
        CsvMalformedReason.StrayQuote => "malformed CSV: a quote inside an unquoted field (quote the field and double the quote)",
        CsvMalformedReason.TextAfterClosingQuote => "malformed CSV: text after a closing quote",
        CsvMalformedReason.LineBreakInQuotes => "malformed CSV: a line break inside quotes",
        CsvMalformedReason.TrailingEscape => "malformed CSV: an escape character at the end of the input",
        _ => $"malformed CSV: {reason}",
    };

    /// <summary>The header of a file's head, for recognition; null when it does not parse as a delimited table of 2+ columns.</summary>
    public static string[]? HeaderOf(string headText, string extension)
    {
        try
        {
            var firstLines = headText.Length > 16384 ? headText[..16384] : headText;
            using var csv = CsvReader.Create(new StringReader(firstLines), new CsvReaderOptions
            {
                Separator = extension == ".tsv" ? '\t' : null,
                MalformedData = CsvMalformedDataHandling.Recover,
            }, leaveOpen: false);
            var header = csv.Headers.Select(h => h.Trim()).ToArray();
            return header.Length >= 2 ? header : null;
        }
        catch (Exception e) when (e is CsvFormatException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }
}

/// <summary>Parsing of the values tabular exports write: times in their many spellings, counts, JSON fields by path.</summary>
internal static partial class TableValues
{
    public const string TimeFormats = "ISO 8601 with or without an offset, Unix seconds or milliseconds, dd.MM.yyyy HH:mm[:ss] or yyyy-MM-dd HH:mm:ss";

    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IsoLike();

    [GeneratedRegex(@"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ ,T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DottedDay();

    [GeneratedRegex(@"^(\d{9,14})(?:\.(\d{1,6}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex UnixDigits();

    /// <summary>
    /// A time as exports write it. Unix times: 9–11 digits are seconds (optionally with a fraction, as 4CAT's NDJSON
    /// writes them), 12–14 are milliseconds. Times without an offset are read at <paramref name="naiveOffset"/>.
    /// </summary>
    public static bool TryParseTime(string? text, TimeSpan naiveOffset, out DateTimeOffset time)
    {
        time = default;
        var s = text?.Trim();
        if (string.IsNullOrEmpty(s)) return false;
        try
        {
            if (UnixDigits().Match(s) is { Success: true } unix)
            {
                var digits = unix.Groups[1].Value;
                var whole = long.Parse(digits, CultureInfo.InvariantCulture);
                if (digits.Length <= 11)
                {
                    var fraction = unix.Groups[2].Success ? double.Parse("0." + unix.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
                    time = DateTimeOffset.FromUnixTimeMilliseconds(whole * 1000 + (long)Math.Round(fraction * 1000));
                    return true;
                }
                if (unix.Groups[2].Success) return false;
                time = DateTimeOffset.FromUnixTimeMilliseconds(whole);
                return true;
            }
            if (IsoLike().Match(s) is { Success: true } iso)
            {
                var local = new DateTime(Int(iso, 1), Int(iso, 2), Int(iso, 3), Int(iso, 4), Int(iso, 5), Int(iso, 6), DateTimeKind.Unspecified);
                if (iso.Groups[7].Success)
                    local = local.AddTicks(long.Parse(iso.Groups[7].Value.PadRight(7, '0')[..7], CultureInfo.InvariantCulture));
                time = new DateTimeOffset(local, Offset(iso.Groups[8].Value, naiveOffset));
                return true;
            }
            if (DottedDay().Match(s) is { Success: true } dotted)
            {
                var local = new DateTime(Int(dotted, 3), Int(dotted, 2), Int(dotted, 1), Int(dotted, 4), Int(dotted, 5), Int(dotted, 6), DateTimeKind.Unspecified);
                time = new DateTimeOffset(local, naiveOffset);
                return true;
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            // a month 13 or an offset past ±14 h: not a time
        }
        return false;

        static int Int(Match m, int group) => m.Groups[group].Success ? int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
    }

    private static TimeSpan Offset(string designator, TimeSpan naive)
    {
        if (designator.Length == 0) return naive;
        if (designator is "Z" or "z" || designator.Equals("UTC", StringComparison.OrdinalIgnoreCase)) return TimeSpan.Zero;
        var sign = designator[0] == '-' ? -1 : 1;
        var digits = designator[1..].Replace(":", "", StringComparison.Ordinal);
        var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
        var minutes = digits.Length >= 4 ? int.Parse(digits[2..4], CultureInfo.InvariantCulture) : 0;
        return sign * new TimeSpan(hours, minutes, 0);
    }

    /// <summary>A count: digits, with thin-space or comma thousands separators, or a float with no fraction as pandas writes ints beside blanks ("1203.0"). Blank is null.</summary>
    public static bool TryParseCount(string? text, out long? count)
    {
        count = null;
        var s = text?.Trim().Replace("\u00A0", "", StringComparison.Ordinal).Replace("\u202F", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(s)) return true;
        if (long.TryParse(s, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n) && n >= 0)
        {
            count = n;
            return true;
        }
        if (decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d) && d <= long.MaxValue)
        {
            count = (long)d;
            return true;
        }
        return false;
    }

    /// <summary>A JSON value as text: strings as they are, numbers and booleans as written, null as null; objects and arrays as JSON.</summary>
    public static string? AsText(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => v.GetRawText(),
    };

    /// <summary>A field by name, or by a dotted path into nested objects ("user.screen_name").</summary>
    public static bool TryGetPath(JsonElement e, string path, out JsonElement value)
    {
        if (e.TryGetProperty(path, out value)) return true;
        value = e;
        foreach (var part in path.Split('.'))
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(part, out value)) return false;
        }
        return true;
    }

    /// <summary>A row as a JSON object of header → value, kept as the post's raw record.</summary>
    public static string RawJson(string[] header, string[] fields)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length && i < fields.Length; i++)
                if (seen.Add(header[i])) w.WriteString(header[i], fields[i]);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads NDJSON/JSONL lines with their numbers, decoding strictly.</summary>
    /// <summary>The lines of a JSONL file as JSON objects (the caller disposes each), or a rejection naming the line.</summary>
    public static IEnumerable<(long Line, JsonDocument? Doc, Rejected? Bad)> JsonObjects(TextReader reader, ImportContext context, DetectedEncoding encoding)
    {
        foreach (var (line, text) in Lines(reader, context, encoding))
        {
            var (doc, problem) = FourCat.ParseLine(text);
            if (doc is null) yield return (line, null, new Rejected($"line {line}", problem!));
            else if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                yield return (line, null, new Rejected($"line {line}", "a line is not a JSON object"));
            }
            else yield return (line, doc, null);
        }
    }

    public static IEnumerable<(long Line, string Text)> Lines(TextReader reader, ImportContext context, DetectedEncoding encoding)
    {
        long number = 0;
        while (true)
        {
            string? line;
            try
            {
                line = reader.ReadLine();
            }
            catch (DecoderFallbackException e)
            {
                throw DecodingErrors.Of(context, encoding, $"line {number + 1}", e);
            }
            if (line is null) yield break;
            number++;
            if (!string.IsNullOrWhiteSpace(line)) yield return (number, line);
        }
    }

    /// <summary>True when the head's first non-blank line is a complete JSON object (a JSONL/NDJSON file).</summary>
    public static JsonElement? FirstJsonLine(string head)
    {
        using var lines = new StringReader(head);
        string? line;
        while ((line = lines.ReadLine()) is not null && string.IsNullOrWhiteSpace(line)) { }
        if (line is null || !line.TrimStart().StartsWith('{')) return null;
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
