using System.Text;
using CsvHelper;
using MiniExcelLibs;
using Portrayal.Corpus;

namespace Portrayal.Coding;

/// <summary>Coding sheets out (CSV with BOM and neutralised formulas, or XLSX) and filled codes back into coded.csv.</summary>
public static class CodingSheet
{
    /// <summary>The sheet's columns: the unit and what the coder needs, the stance and note to fill, then how the unit was drawn (<see cref="SheetDraw.Columns"/>).</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["unit", "coder", "platform", "account", "post_id", "actor", "published", "url", "text", "stance", "note", .. SheetDraw.Columns];

    private static string?[] Cells(SheetRow r) =>
        [r.Unit, r.Coder, r.Platform, r.Account, r.PostId, r.Actor, r.Published, r.Url, r.Text, r.Stance, r.Note,
         .. r.Drawn?.Cells() ?? SheetDraw.Columns.Select(_ => "")];

    public static void Write(string path, IReadOnlyList<SheetRow> rows)
    {
        if (IsXlsx(path))
        {
            var data = rows.Select(r => Columns.Zip(Cells(r)).ToDictionary(x => x.First, x => (object?)(x.Second ?? ""))).ToList();
            MiniExcel.SaveAs(path, data, sheetName: "coding", excelType: ExcelType.XLSX, overwriteFile: true);
            return;
        }
        using var writer = new StreamWriter(path, append: false, CsvText.Utf8WithBom);
        writer.Write(CsvText.Row(Columns) + "\r\n");
        foreach (var r in rows) writer.Write(CsvText.Row(Cells(r)) + "\r\n");
    }

    private static bool IsXlsx(string path) => path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a filled sheet; every row keeps its line (the spreadsheet row for XLSX).</summary>
    public static IReadOnlyList<SheetRow> Read(string path)
    {
        if (!File.Exists(path)) throw new InputError("SH001", path, null, "the file does not exist.");
        var records = new List<(int Line, Func<string, string?> Field)>();
        List<string> header;
        if (IsXlsx(path))
        {
            var rows = MiniExcel.Query(path, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            header = rows.Count > 0 ? rows[0].Keys.Select(k => k.Trim()).ToList() : [.. MiniExcel.GetColumns(path, useHeaderRow: true) ?? []];
            var line = 1;
            foreach (var row in rows)
            {
                line++;
                var copy = row.ToDictionary(kv => kv.Key.Trim(), kv => Convert.ToString(kv.Value, System.Globalization.CultureInfo.InvariantCulture));
                records.Add((line, name => copy.GetValueOrDefault(name)));
            }
        }
        else
        {
            using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            using var csv = CsvReader.Create(reader, new CsvReaderOptions { TrackLineNumbers = true }, leaveOpen: false);
            header = csv.Headers.Select(h => h.Trim()).ToList();
            var at = header.Select((h, i) => (h, i)).GroupBy(x => x.h).ToDictionary(g => g.Key, g => g.First().i);
            while (csv.Read())
            {
                var values = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i)).ToArray();
                records.Add(((int)csv.LineNumber, name => at.TryGetValue(name, out var i) && i < values.Length ? values[i] : null));
            }
        }
        string[] required = ["coder", "platform", "account", "post_id", "actor", "stance"];
        var missing = required.Where(r => !header.Contains(r)).ToList();
        if (missing.Count > 0)
            throw new InputError("SH002", path, "line 1", $"the header lacks {string.Join(", ", missing)} (a sheet from `portrayal sample` has {string.Join(",", Columns.Take(11))}, then how each unit was drawn).");
        var result = new List<SheetRow>();
        foreach (var (line, field) in records)
        {
            string F(string name) => Unquote(field(name)?.Trim() ?? "");
            var row = new SheetRow(F("unit"), F("coder"), F("platform"), F("account"), F("post_id"), F("actor"),
                F("published"), F("url"), field("text") ?? "", F("stance").ToLowerInvariant(), F("note"), line)
            { Drawn = SheetDraw.Of(F) };
            if (row.Coder.Length == 0 && row.PostId.Length == 0 && row.Stance.Length == 0) continue;
            result.Add(row);
        }
        return result;
    }

    /// <summary>CsvText prefixes formula-like cells with an apostrophe; an identifier read back loses it.</summary>
    private static string Unquote(string value) => value.StartsWith('\'') && value.Length > 1 && value[1] is '=' or '+' or '-' or '@' ? value[1..] : value;

    /// <summary>
    /// Appends the sheet's filled codes (a CSV or XLSX sheet, or Label Studio's JSON export) to coded.csv: the same unit and coder
    /// replaces its earlier stance (and note, when the sheet has one; the other columns, such as the narratives `portrayal serve`
    /// records, are kept), rows without a stance are left for later, an unknown stance is an error naming its line (its task in a
    /// JSON export). Returns (added, replaced, unfilled).
    /// </summary>
    public static (int Added, int Replaced, int Unfilled) Import(string sheetPath, string codedPath)
    {
        var json = LabelStudio.IsJson(sheetPath);
        var rows = json ? LabelStudio.ReadExport(sheetPath) : Read(sheetPath);
        string Where(SheetRow r) => json ? LabelStudio.Position(r.Line) : $"line {r.Line}";
        var filled = new List<SheetRow>();
        var unfilled = 0;
        foreach (var r in rows)
        {
            if (r.Stance.Length == 0) { unfilled++; continue; }
            if (!StanceLabels.IsValid(r.Stance))
                throw new InputError("SH003", sheetPath, Where(r), $"stance '{r.Stance}' is not one of {string.Join(", ", StanceLabels.All)}.");
            if (r.Coder.Length == 0 || r.Platform.Length == 0 || r.Account.Length == 0 || r.PostId.Length == 0 || r.Actor.Length == 0)
                throw new InputError("SH004", sheetPath, Where(r), "coder, platform, account, post_id and actor must not be empty.");
            filled.Add(r);
        }
        CodedSample.Load(codedPath); // an existing coded.csv with a bad row stops the import before anything is written
        var updates = filled.Select(r =>
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["platform"] = r.Platform, ["account"] = r.Account, ["post_id"] = r.PostId, ["actor"] = r.Actor, ["coder"] = r.Coder, ["stance"] = r.Stance,
            };
            if (r.Note.Length > 0) row["note"] = r.Note;
            foreach (var (k, v) in r.Drawn?.AsColumns() ?? []) row[k] = v;
            return row;
        });
        var (added, replaced) = CodedFile.Merge(codedPath, updates);
        return (added, replaced, unfilled);
    }
}
