using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Portrayal.Corpus;
using Portrayal.Statistics;

namespace Portrayal.Coding;

/// <summary>How a unit of a coding sheet was drawn: the draw, its design and seed, when, the unit's stratum and inclusion probability.</summary>
public sealed record SheetDraw(
    string Draw, string Design, string Strata, int Seed, string DrawnAt, string Stratum, int StratumUnits, int StratumDrawn, double InclusionProbability)
{
    /// <summary>The sheet's and coded.csv's columns for it, after the sheet's own.</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["draw", "design", "strata", "seed", "drawn_at", "stratum", "stratum_units", "stratum_drawn", "inclusion_probability"];

    public IReadOnlyList<string> Cells() =>
    [
        Draw, Design, Strata, Seed.ToString(CultureInfo.InvariantCulture), DrawnAt, Stratum, StratumUnits.ToString(CultureInfo.InvariantCulture),
        StratumDrawn.ToString(CultureInfo.InvariantCulture), InclusionProbability.ToString("R", CultureInfo.InvariantCulture),
    ];

    /// <summary>The draw columns of a sheet or coded.csv row, or null when the row was not drawn (or they are incomplete).</summary>
    public static SheetDraw? Of(Func<string, string?> field)
    {
        string? F(string name) => field(name)?.Trim() is { Length: > 0 } v ? v : null;
        if (F("draw") is not { } draw || F("stratum") is not { } stratum) return null;
        if (!int.TryParse(F("stratum_units"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var units)
            || !int.TryParse(F("stratum_drawn"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var drawn)
            || !double.TryParse(F("inclusion_probability"), NumberStyles.Float, CultureInfo.InvariantCulture, out var pi)
            || pi is <= 0 or > 1 || drawn < 1 || units < drawn)
            return null;
        _ = int.TryParse(F("seed"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed);
        return new SheetDraw(draw, F("design") ?? "", F("strata") ?? "", seed, F("drawn_at") ?? "", stratum, units, drawn, pi);
    }

    /// <summary>The draw's columns as a coded.csv row's values.</summary>
    public IEnumerable<KeyValuePair<string, string>> AsColumns() => Columns.Zip(Cells(), (k, v) => KeyValuePair.Create(k, v));
}

/// <summary>One row of a coding sheet: a (post, actor) unit for one coder, stance and note left for the coder, and how the unit was drawn.</summary>
public sealed record SheetRow(
    string Unit, string Coder, string Platform, string Account, string PostId, string Actor,
    string Published, string Url, string Text, string Stance, string Note, int Line = 0)
{
    public SheetDraw? Drawn { get; init; }
}

/// <summary>What to draw: n units, strata, the share every coder codes, the coders, the seed.</summary>
public sealed record SampleOptions(int N, IReadOnlyList<string> Stratify, double Overlap, IReadOnlyList<string> Coders, int Seed)
{
    /// <summary>
    /// Draw with probability proportional to the classifier's uncertainty (within each stratum; active statistical
    /// inference, Zrnic &amp; Candès 2024) instead of a simple random draw: more of the units the classifier is unsure of,
    /// each with its known inclusion probability, so estimates stay unbiased.
    /// </summary>
    public bool Uncertain { get; init; }

    /// <summary>Units to draw per stratum (from `portrayal plan`), instead of <see cref="N"/> allocated in proportion.</summary>
    public IReadOnlyDictionary<string, int>? Allocation { get; init; }

    /// <summary>The design's name, recorded with the draw.</summary>
    public string Design => Uncertain ? Designs.Uncertainty : Stratify.Count == 0 ? Designs.Simple : Designs.Stratified;
}

/// <summary>The designs a draw can have, by the names the sheet, coded.csv and the store record.</summary>
public static class Designs
{
    public const string Simple = "simple";
    public const string Stratified = "stratified";
    public const string Uncertainty = "uncertainty";
}

/// <summary>A draw: its record (kept in the store), the coding sheet's rows, and how many drawn units were already coded.</summary>
public sealed record Draw(DrawRecord Record, IReadOnlyList<SheetRow> Rows, int AlreadyCoded);

/// <summary>
/// Draws (post, actor) units for hand coding by a known design (<see cref="SamplingDesign"/>: simple random, stratified, or
/// proportional to the classifier's uncertainty), so that every code carries its inclusion probability and estimates
/// combining classifier and coders stay design-unbiased. The units come in a seeded random order; an overlap share is
/// coded by every coder (for agreement), the rest dealt out between the coders in turn. Units already coded are drawn like
/// any other (their codes count) but left out of the sheet.
/// </summary>
public static class Sampling
{
    public static readonly IReadOnlyList<string> StrataFields = ["platform", "account", "actor", "lang"];

    public static string UnitOf(string platform, string account, string postId, string actor) => $"{platform}/{account}/{postId}/{actor}";

    /// <param name="frame">The analysed (post, actor) units that estimates describe (the period's).</param>
    /// <param name="coded">Units that already have a code (left out of the sheet, their codes reused).</param>
    public static Draw Draw(IEnumerable<ActorStanceRow> frame, SampleOptions options, DateTimeOffset drawnAt, IReadOnlySet<string>? coded = null)
    {
        if (options.N <= 0 && options.Allocation is null) throw new ArgumentOutOfRangeException(nameof(options), "n must be positive");
        if (options.Coders.Count == 0) throw new ArgumentException("at least one coder", nameof(options));
        if (options.Overlap is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(options), "overlap is a share between 0 and 1");
        var units = new Dictionary<string, ActorStanceRow>(StringComparer.Ordinal);
        foreach (var r in frame) units.TryAdd(UnitOf(r.Platform, r.Account, r.NativeId, r.Actor), r);
        var kind = options.Uncertain ? DesignKind.Uncertainty : options.Stratify.Count == 0 ? DesignKind.Simple : DesignKind.Stratified;
        var frameUnits = units.Select(u => new FrameUnit(u.Key, StratumOf(u.Value, options.Stratify), u.Value.Confidence)).ToList();
        IReadOnlyList<DrawnUnit> drawn;
        try
        {
            drawn = SamplingDesign.Draw(frameUnits, new DesignOptions(kind, options.N, options.Seed) { Allocation = options.Allocation });
        }
        catch (ArgumentException e)
        {
            throw new InputError("SA005", "--n", null, e.Message);
        }
        var record = new DrawRecord(IdOf(options, drawn), drawnAt, options.Seed, options.Design, options.Stratify, units.Count, drawn);

        var when = drawnAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var order = drawn.OrderBy(d => d.Order).Where(d => coded is null || !coded.Contains(d.Key)).ToList();
        var overlap = (int)Math.Round(options.Overlap * order.Count, MidpointRounding.AwayFromZero);
        var sheet = new List<SheetRow>();
        for (var i = 0; i < order.Count; i++)
        {
            var d = order[i];
            var info = new SheetDraw(record.Id, record.Design, string.Join(',', record.Strata), record.Seed, when, d.Stratum, d.StratumUnits, d.StratumDrawn, d.InclusionProbability);
            var coders = i < overlap ? options.Coders : [options.Coders[(i - overlap) % options.Coders.Count]];
            foreach (var coder in coders) sheet.Add(RowOf(units[d.Key], coder) with { Drawn = info });
        }
        // each coder's rows in the draw's random order, so a coder who stops half way has coded a random half
        var rank = options.Coders.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        return new Draw(record, sheet.OrderBy(r => rank[r.Coder]).ToList(), drawn.Count - order.Count);
    }

    /// <summary>The same draw gets the same id wherever and whenever it is made (design, strata, seed and its units).</summary>
    private static string IdOf(SampleOptions options, IReadOnlyList<DrawnUnit> drawn)
    {
        var text = new StringBuilder($"{options.Design}\u001f{string.Join(',', options.Stratify)}\u001f{options.Seed}\n");
        foreach (var d in drawn.OrderBy(d => d.Key, StringComparer.Ordinal)) text.Append(d.Key).Append('\n');
        return "d-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..10];
    }

    private static SheetRow RowOf(ActorStanceRow r, string coder) => new(
        UnitOf(r.Platform, r.Account, r.NativeId, r.Actor), coder, r.Platform, r.Account, r.NativeId, r.Actor,
        r.PublishedAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), r.Url ?? "", r.Text, "", "");

    public static string StratumOf(ActorStanceRow r, IReadOnlyList<string> fields) => fields.Count == 0 ? SamplingDesign.AllStratum : string.Join("|", fields.Select(f => f switch
    {
        "platform" => r.Platform,
        "account" => r.Account,
        "actor" => r.Actor,
        "lang" => r.Lang ?? "unknown",
        _ => throw new ArgumentException($"cannot stratify by {f}"),
    }));
}
