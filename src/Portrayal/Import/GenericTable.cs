using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Portrayal.Corpus;

namespace Portrayal.Import;

/// <summary>
/// The column map of generic CSV/TSV/JSONL files: which column holds each post field, written on the command line as
/// <c>--map text=message,time=created_at,account=channel,id=msg_id</c>.
/// </summary>
public static class ColumnMap
{
    /// <summary>The post fields a map can name. text and time are required.</summary>
    public static IReadOnlyList<string> Fields { get; } =
        ["text", "time", "account", "id", "author", "url", "lang", "parent", "views", "likes", "forwards", "comments", "platform", "account_name"];

    public static IReadOnlyList<string> Required { get; } = ["text", "time"];

    /// <summary>Parses "field=column,field=column"; a column may be a dotted path into JSONL objects ("user.name").</summary>
    /// <exception cref="InputError">IMP015, naming what is wrong with the map.</exception>
    public static IReadOnlyDictionary<string, string> Parse(string spec)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0 || eq == part.Length - 1)
                throw Error($"'{part}' is not field=column (e.g. text=message).");
            var field = part[..eq].Trim().ToLowerInvariant();
            var column = part[(eq + 1)..].Trim();
            if (!Fields.Contains(field))
                throw Error($"unknown field '{field}'; the fields are {string.Join(", ", Fields)}.");
            if (column.Length == 0) throw Error($"field '{field}' names no column.");
            if (!map.TryAdd(field, column)) throw Error($"field '{field}' is given twice.");
        }
        var missing = Required.Where(r => !map.ContainsKey(r)).ToList();
        if (missing.Count > 0)
            throw Error($"the map must name the {string.Join(" and ", missing)} column{(missing.Count > 1 ? "s" : "")} (e.g. --map text=message,time=created_at).");
        return map;

        static InputError Error(string message) => new("IMP015", "--map", null, message);
    }
}

/// <summary>
/// Generic CSV, TSV and JSONL files read through a column map (<see cref="ImportOptions.Map"/>). Recognised only when a
/// map is given and the file's header (or first JSON object) has at least one mapped column, so it never takes files
/// that the real formats recognise (it comes last) or files the map is not about; a recognised file that lacks some
/// mapped columns is refused naming them.
/// <para>Required: text and time. Times: ISO 8601 with or without an offset, Unix seconds or milliseconds,
/// "dd.MM.yyyy HH:mm(:ss)", "yyyy-MM-dd HH:mm:ss"; times without an offset are read at
/// <see cref="ImportOptions.NaiveTimeOffset"/> (default UTC). Without an account column the account is the file name
/// without its extension. Without an id column the id is <c>sha256:</c> and the first 16 hex digits of the SHA-256 of
/// account, the time in UTC (ISO 8601) and the text (NFC), one per line: re-importing the same rows gives the same ids,
/// while an edited text makes a new post. Platform: the platform column, else <c>--platform</c>, else "generic".
/// A row with a parent is a comment.</para>
/// </summary>
public sealed class GenericTable : IImporter
{
    public string Name => "import.generic-table.v1";
    public int Order(FileProbe probe) => 50;

    public bool Recognises(FileProbe probe)
    {
        if (probe.Options.Map is not { Count: > 0 } map) return false;
        // A table file given with a map is ours even when none of the mapped columns is there: reading it then says
        // which columns are missing, instead of leaving the file aside in silence.
        if (probe.Extension is ".csv" or ".tsv" or ".jsonl" or ".ndjson" or ".txt") return true;
        var head = TextDecoding.DecodeHead(probe.HeadBytes, probe.Options.Encoding);
        if (head.TrimStart().StartsWith('{'))
            return TableValues.FirstJsonLine(head) is { } first && map.Values.Any(path => TableValues.TryGetPath(first, path, out _));
        return DelimitedTable.HeaderOf(head, probe.Extension) is { } header
               && map.Values.Any(column => header.Contains(column, StringComparer.OrdinalIgnoreCase));
    }

    public IEnumerable<ImportRecord> Read(Stream stream, ImportContext context)
    {
        var map = context.Options.Map is { Count: > 0 } m ? m : throw context.Error("IMP015", null, "generic CSV/JSONL needs a column map (--map text=...,time=...).");
        var reader = TextDecoding.Open(stream, context, out var encoding);
        var first = reader.Peek();
        while (first is ' ' or '\t' or '\r' or '\n')
        {
            reader.Read();
            first = reader.Peek();
        }
        return first == '{' ? ReadJsonl(reader, map, context, encoding) : ReadCsv(reader, map, context, encoding);
    }

    private static IEnumerable<ImportRecord> ReadCsv(TextReader reader, IReadOnlyDictionary<string, string> map, ImportContext context, DetectedEncoding encoding)
    {
        var table = new DelimitedTable(reader, context, encoding, context.RelativePath.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : null);
        var header = table.Header;
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++) index.TryAdd(header[i], i);
        var missing = map.Where(kv => !index.ContainsKey(kv.Value)).ToList();
        if (missing.Count > 0)
            throw context.Error("IMP010", "line 1",
                $"the map names {Describe(missing)} not in the header; the file's columns are {string.Join(", ", header.Select(h => $"'{h}'"))} (separator '{(table.Separator == '\t' ? "\\t" : table.Separator.ToString())}', {encoding.Name}).");
        var columnOf = map.ToDictionary(kv => kv.Key, kv => index[kv.Value], StringComparer.Ordinal);
        var stem = FileStem(context.RelativePath);
        foreach (var (checkedRow, bad) in table.CheckedRows())
        {
            if (bad is not null)
            {
                yield return bad;
                continue;
            }
            var values = checkedRow!;
            yield return FromRow(
                field => columnOf.TryGetValue(field, out var i) && values.Fields[i].Length > 0 ? values.Fields[i] : null,
                field => $"line {values.Line}, column '{map[field]}'",
                () => TableValues.RawJson(header, values.Fields), stem, context);
        }
    }

    private static IEnumerable<ImportRecord> ReadJsonl(TextReader reader, IReadOnlyDictionary<string, string> map, ImportContext context, DetectedEncoding encoding)
    {
        var stem = FileStem(context.RelativePath);
        var checkedFirst = false;
        var unseen = map.Where(kv => !ColumnMap.Required.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        long lastLine = 0;
        foreach (var (line, doc, bad) in TableValues.JsonObjects(reader, context, encoding))
        {
            if (bad is not null)
            {
                yield return bad;
                continue;
            }
            using (doc)
            {
                var item = doc!.RootElement;
                lastLine = line;
                if (!checkedFirst)
                {
                    // text and time must be in every object; optional fields may be absent from some (sparse JSONL).
                    checkedFirst = true;
                    var missing = map.Where(kv => ColumnMap.Required.Contains(kv.Key) && !TableValues.TryGetPath(item, kv.Value, out _)).ToList();
                    if (missing.Count > 0)
                        throw context.Error("IMP010", $"line {line}",
                            $"the map names {Describe(missing)} not in the first object; its fields are {string.Join(", ", item.EnumerateObject().Select(p => $"'{p.Name}'"))}.");
                }
                foreach (var (field, path) in unseen.ToList())
                    if (TableValues.TryGetPath(item, path, out _)) unseen.Remove(field);
                yield return FromRow(
                    field => map.TryGetValue(field, out var path) && TableValues.TryGetPath(item, path, out var v) && TableValues.AsText(v) is { Length: > 0 } s ? s : null,
                    field => $"line {line}, field '{map[field]}'",
                    () => item.GetRawText(), stem, context);
            }
        }
        if (unseen.Count > 0)
            throw context.Error("IMP010", $"line {lastLine}", $"the map names {Describe(unseen.ToList())} found in no line of the file.");
    }

    private static string Describe(List<KeyValuePair<string, string>> missing) =>
        (missing.Count == 1 ? "column " : "columns ") + string.Join(", ", missing.Select(kv => $"'{kv.Value}' (for {kv.Key})"));

    private static ImportRecord FromRow(Func<string, string?> get, Func<string, string> place, Func<string> raw, string stem, ImportContext context)
    {
        var text = get("text");
        if (string.IsNullOrWhiteSpace(text)) return new Skipped("empty text");
        var timeText = get("time");
        if (timeText is null) return new Rejected(place("time"), "has no time");
        if (!TableValues.TryParseTime(timeText, context.Options.NaiveTimeOffset ?? TimeSpan.Zero, out var published))
            return new Rejected(place("time"), $"'{timeText}' is not a time ({TableValues.TimeFormats})");
        var counts = new long?[4];
        string[] countFields = ["views", "likes", "forwards", "comments"];
        for (var i = 0; i < countFields.Length; i++)
        {
            if (!TableValues.TryParseCount(get(countFields[i]), out counts[i]))
                return new Rejected(place(countFields[i]), $"'{get(countFields[i])}' is not a whole number");
        }
        text = text.Normalize(NormalizationForm.FormC);
        var account = get("account") ?? stem;
        var parent = get("parent");
        return new Imported(new Post
        {
            Platform = get("platform")?.Trim().ToLowerInvariant() ?? context.Options.Platform ?? "generic",
            Account = account,
            AccountName = get("account_name"),
            NativeId = get("id") ?? HashId(account, published, text),
            PublishedAt = published,
            Text = text,
            Kind = parent is null ? PostKinds.Post : PostKinds.Comment,
            Author = get("author"),
            Url = get("url"),
            Lang = get("lang")?.Trim().ToLowerInvariant(),
            Views = counts[0],
            Likes = counts[1],
            Forwards = counts[2],
            Comments = counts[3],
            ParentId = parent,
            Raw = raw(),
            SourceFile = context.RelativePath,
        });
    }

    /// <summary>The id of a row without one: stable across re-imports of the same account, instant and text.</summary>
    public static string HashId(string account, DateTimeOffset time, string text)
    {
        var key = $"{account}\n{time.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}\n{text.Normalize(NormalizationForm.FormC)}";
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
    }

    /// <summary>"exports/tengri.csv" → "tengri"; "a.zip!/b/posts.jsonl.xz" → "posts".</summary>
    internal static string FileStem(string relativePath)
    {
        var name = relativePath.Replace('\\', '/');
        name = name[(name.LastIndexOfAny(['/', '!']) + 1)..];
        if (name.EndsWith(".xz", StringComparison.OrdinalIgnoreCase)) name = name[..^3];
        var stem = Path.GetFileNameWithoutExtension(name);
        return stem.Length > 0 ? stem : name;
    }
}

/// <summary>Fixed UTC offsets as given on the command line for times written without one.</summary>
public static class TimeOffsets
{
    /// <summary>"+06:00", "+0600", "+6", "-03:30", "UTC" or "Z".</summary>
    /// <exception cref="InputError">IMP016 when the text is not an offset.</exception>
    public static TimeSpan Parse(string text)
    {
        var s = text.Trim();
        if (s is "Z" or "z" || s.Equals("UTC", StringComparison.OrdinalIgnoreCase) || s.Equals("GMT", StringComparison.OrdinalIgnoreCase)) return TimeSpan.Zero;
        if (s.StartsWith("UTC", StringComparison.OrdinalIgnoreCase)) s = s[3..];
        var m = System.Text.RegularExpressions.Regex.Match(s, @"^([+-])(\d{1,2})(?::?(\d{2}))?$");
        if (m.Success)
        {
            var hours = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            var minutes = m.Groups[3].Success ? int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            var offset = new TimeSpan(hours, minutes, 0);
            if (hours <= 14 && minutes < 60 && offset <= TimeSpan.FromHours(14))
                return m.Groups[1].Value == "-" ? -offset : offset;
        }
        throw new InputError("IMP016", "--timezone", null,
            $"'{text}' is not a UTC offset; give one like +06:00 (Almaty in January 2022), +05:00, -03:30 or UTC. Zone names are not taken: an offset is fixed, and Kazakhstan's changed on 1 March 2024.");
    }
}
