using CsvHelper;
using Portrayal.Corpus;

namespace Portrayal.Coding;

/// <summary>One human code: a coder's stance toward an actor in one post, and how the unit was drawn when it came from a draw's sheet.</summary>
public sealed record HumanCode(string Platform, string Account, string PostId, string Actor, string Coder, string Stance, int Line)
{
    public SheetDraw? Drawn { get; init; }

    /// <summary>The unit's key, platform/account/post_id/actor.</summary>
    public string Unit => Sampling.UnitOf(Platform, Account, PostId, Actor);
}

/// <summary>
/// The workspace's coded sample (coded.csv: <c>platform,account,post_id,actor,coder,stance</c>, one row per code),
/// reduced to one reference label per (post, actor) unit: the label when every coder of the unit agrees. Units where
/// coders disagree are listed for adjudication and left out of the reference, so the classifier is checked only
/// against codes people agree on.
/// </summary>
public sealed class CodedSample
{
    public const string FileName = "coded.csv";

    private CodedSample(IReadOnlyList<HumanCode> codes)
    {
        Codes = codes;
        var units = codes.GroupBy(c => (c.Platform, c.Account, c.PostId, c.Actor)).ToList();
        Reference = units.Where(g => g.Select(c => c.Stance).Distinct().Count() == 1)
            .ToDictionary(g => g.Key, g => g.First().Stance);
        Disagreements = units.Where(g => g.Select(c => c.Stance).Distinct().Count() > 1).Select(g => g.Key).ToList();
        Coders = codes.Select(c => c.Coder).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<HumanCode> Codes { get; }
    public IReadOnlyList<string> Coders { get; }
    public IReadOnlyDictionary<(string Platform, string Account, string PostId, string Actor), string> Reference { get; }
    public IReadOnlyList<(string Platform, string Account, string PostId, string Actor)> Disagreements { get; }

    /// <summary>Reads coded.csv; null when the workspace has none. A bad row is an error naming its line.</summary>
    public static CodedSample? Load(string path)
    {
        if (!File.Exists(path)) return null;
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        using var csv = CsvReader.Create(reader, new CsvReaderOptions { TrackLineNumbers = true }, leaveOpen: false);
        var header = csv.Headers.Select(h => h.Trim()).ToList();
        string[] required = ["platform", "account", "post_id", "actor", "coder", "stance"];
        var missing = required.Where(r => !header.Contains(r, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
            throw new InputError("CS001", path, "line 1", $"the header lacks {string.Join(", ", missing)} (expected platform,account,post_id,actor,coder,stance).");
        var at = header.Select((h, i) => (h, i)).GroupBy(x => x.h, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        var codes = new List<HumanCode>();
        while (csv.Read())
        {
            var line = (int)csv.LineNumber;
            string Field(string name) => at.TryGetValue(name, out var i) && i < csv.FieldCount ? CodedFile.Unquote(csv.GetString(i).Trim()) : "";
            var stance = Field("stance").ToLowerInvariant();
            if (!StanceLabels.IsValid(stance))
                throw new InputError("CS002", path, $"line {line}", $"stance '{stance}' is not one of {string.Join(", ", StanceLabels.All)}.");
            codes.Add(new HumanCode(Field("platform"), Field("account"), Field("post_id"), Field("actor"), Field("coder"), stance, line)
            {
                Drawn = SheetDraw.Of(Field),
            });
        }
        return new CodedSample(codes);
    }

    /// <summary>
    /// The classifier against the reference: a 3×3 confusion matrix (rows: the coders' label, columns: the classifier's,
    /// in <see cref="StanceLabels.All"/> order) over the reference units the store has a stance for.
    /// </summary>
    public Validation Validate(IEnumerable<ActorStanceRow> stances)
    {
        var predicted = new Dictionary<(string, string, string, string), string>();
        foreach (var s in stances) predicted[(s.Platform, s.Account, s.NativeId, s.Actor)] = s.Label;
        var labels = StanceLabels.All;
        var matrix = new int[labels.Count, labels.Count];
        var matched = 0;
        foreach (var (unit, truth) in Reference)
        {
            if (!predicted.TryGetValue(unit, out var guess)) continue;
            matrix[StanceLabels.IndexOf(truth), StanceLabels.IndexOf(guess)]++;
            matched++;
        }
        return new Validation(matrix, matched, Reference.Count, Disagreements.Count);
    }
}

/// <summary>The classifier checked against the agreed human codes.</summary>
public sealed record Validation(int[,] Confusion, int Units, int ReferenceUnits, int Disagreements)
{
    public double Accuracy => Units == 0 ? double.NaN : Enumerable.Range(0, 3).Sum(i => Confusion[i, i]) / (double)Units;

    public double Precision(int label)
    {
        var column = Enumerable.Range(0, 3).Sum(i => Confusion[i, label]);
        return column == 0 ? double.NaN : Confusion[label, label] / (double)column;
    }

    public double Recall(int label)
    {
        var row = Enumerable.Range(0, 3).Sum(j => Confusion[label, j]);
        return row == 0 ? double.NaN : Confusion[label, label] / (double)row;
    }

    public double F1(int label)
    {
        var (p, r) = (Precision(label), Recall(label));
        return double.IsNaN(p) || double.IsNaN(r) || p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double MacroF1 => Enumerable.Range(0, 3).Average(F1);
}
