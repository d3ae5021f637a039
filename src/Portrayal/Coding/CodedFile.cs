using Portrayal.Corpus;
using System.Text;
using CsvHelper;

namespace Portrayal.Coding;

/// <summary>One code as the server writes it: the six columns of coded.csv and the optional narratives, note and time.</summary>
public sealed record ServedCode(
    string Platform, string Account, string PostId, string Actor, string Coder, string Stance,
    IReadOnlyList<string> Narratives, string Note, DateTimeOffset CodedAt);

/// <summary>
/// coded.csv read with every column and rewritten with one code replaced or appended (one row per unit and coder):
/// <c>platform,account,post_id,actor,coder,stance</c> first, then <c>narratives,note,coded_at</c> and any other columns
/// the file had, kept as they were. Readers of the six columns ignore the rest.
/// </summary>
public static class CodedFile
{
    public static readonly IReadOnlyList<string> Keys = ["platform", "account", "post_id", "actor", "coder"];
    public static readonly IReadOnlyList<string> Columns = ["platform", "account", "post_id", "actor", "coder", "stance", "narratives", "note", "coded_at"];

    /// <summary>Every row as column → value; an absent file is no rows.</summary>
    public static (List<string> Header, List<Dictionary<string, string>> Rows) Read(string path)
    {
        var rows = new List<Dictionary<string, string>>();
        if (!File.Exists(path)) return ([.. Columns], rows);
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        using var csv = CsvReader.Create(reader, new CsvReaderOptions { TrackLineNumbers = true }, leaveOpen: false);
        var header = csv.Headers.Select(h => h.Trim()).ToList();
        while (csv.Read())
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Count; i++) row[header[i]] = i < csv.FieldCount ? csv.GetString(i) : "";
            if (row.Values.All(v => v.Trim().Length == 0)) continue;
            rows.Add(row);
        }
        return (header, rows);
    }

    /// <summary>Replaces the unit and coder's row or appends it; the file is written to a temporary file and moved into place.</summary>
    public static void Save(string path, ServedCode code) => Merge(path, [new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["platform"] = code.Platform, ["account"] = code.Account, ["post_id"] = code.PostId, ["actor"] = code.Actor,
        ["coder"] = code.Coder, ["stance"] = code.Stance, ["narratives"] = string.Join(';', code.Narratives),
        ["note"] = code.Note, ["coded_at"] = code.CodedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
    }]);

    /// <summary>
    /// Merges rows (column → value, the five key columns required) into the file: a row of the same unit and coder is
    /// updated in the columns given and keeps the others, a new one is appended. Returns (added, replaced with another stance).
    /// </summary>
    public static (int Added, int Replaced) Merge(string path, IEnumerable<Dictionary<string, string>> updates)
    {
        var (header, rows) = Read(path);
        var pending = updates.ToList();
        // the columns it had, then any new one an update brings (a sheet's draw columns), in the order first met
        var columns = Columns.Concat(header.Where(h => !Columns.Contains(h))).ToList();
        foreach (var k in pending.SelectMany(u => u.Keys))
            if (!columns.Contains(k)) columns.Add(k);
        string KeyOf(Dictionary<string, string> r) => string.Join('\u001f', Keys.Select(k => Unquote(r.GetValueOrDefault(k, "").Trim())));
        var at = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++) at[KeyOf(rows[i])] = i;
        var (added, replaced) = (0, 0);
        foreach (var update in pending)
        {
            var key = KeyOf(update);
            if (at.TryGetValue(key, out var i))
            {
                if (update.TryGetValue("stance", out var stance) && Unquote(rows[i].GetValueOrDefault("stance", "").Trim()) != stance) replaced++;
                foreach (var (k, v) in update) rows[i][k] = v;
            }
            else
            {
                at[key] = rows.Count;
                rows.Add(new Dictionary<string, string>(update, StringComparer.Ordinal));
                added++;
            }
        }
        var text = new StringBuilder(string.Join(',', columns)).Append('\n');
        foreach (var r in rows) text.Append(CsvText.Row(columns.Select(c => r.GetValueOrDefault(c, "")))).Append('\n');
        var temp = path + ".tmp";
        File.WriteAllText(temp, text.ToString(), new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
        return (added, replaced);
    }

    /// <summary>A value CsvText neutralised (a leading apostrophe before = + - @) read back as written.</summary>
    public static string Unquote(string value) => value.Length > 1 && value[0] == '\'' && value[1] is '=' or '+' or '-' or '@' ? value[1..] : value;
}
