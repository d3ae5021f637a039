using System.Globalization;
using Portrayal.Corpus;

namespace Portrayal.Coding;

/// <summary>One row of a coding sheet: a (post, actor) unit for one coder, stance and note left for the coder.</summary>
public sealed record SheetRow(
    string Unit, string Coder, string Platform, string Account, string PostId, string Actor,
    string Published, string Url, string Text, string Stance, string Note, int Line = 0);

/// <summary>What to draw: n units, strata, the share every coder codes, the coders, the seed.</summary>
public sealed record SampleOptions(int N, IReadOnlyList<string> Stratify, double Overlap, IReadOnlyList<string> Coders, int Seed)
{
    /// <summary>
    /// Active learning: within each stratum take the units the classifier is least sure of (lowest confidence)
    /// instead of a random draw, leaving out <see cref="Exclude"/> (units already coded).
    /// </summary>
    public bool Uncertain { get; init; }

    /// <summary>Units (<see cref="Sampling.UnitOf"/>) not to propose again.</summary>
    public IReadOnlySet<string> Exclude { get; init; } = new HashSet<string>();
}

/// <summary>
/// A reproducible sample of (post, actor) units for hand coding: units sorted by key, strata allocated in proportion
/// to their size by largest remainder, drawn with a seeded shuffle; an overlap share is coded by every coder (for
/// agreement), the rest dealt out between the coders in turn.
/// </summary>
public static class Sampling
{
    public static readonly IReadOnlyList<string> StrataFields = ["platform", "account", "actor", "lang"];

    public static string UnitOf(string platform, string account, string postId, string actor) => $"{platform}/{account}/{postId}/{actor}";

    public static IReadOnlyList<SheetRow> Draw(IEnumerable<ActorStanceRow> rows, SampleOptions options)
    {
        if (options.N <= 0) throw new ArgumentOutOfRangeException(nameof(options), "n must be positive");
        if (options.Coders.Count == 0) throw new ArgumentException("at least one coder", nameof(options));
        if (options.Overlap is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(options), "overlap is a share between 0 and 1");
        var units = rows.GroupBy(r => UnitOf(r.Platform, r.Account, r.NativeId, r.Actor)).Select(g => g.First())
            .Where(r => !options.Exclude.Contains(UnitOf(r.Platform, r.Account, r.NativeId, r.Actor)))
            .OrderBy(r => UnitOf(r.Platform, r.Account, r.NativeId, r.Actor), StringComparer.Ordinal).ToList();
        var random = new Random(options.Seed);
        var strata = units.GroupBy(r => StratumOf(r, options.Stratify)).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Key: g.Key, Units: g.ToList())).ToList();
        var sizes = Allocate(strata.Select(s => s.Units.Count).ToList(), Math.Min(options.N, units.Count));
        var chosen = new List<ActorStanceRow>();
        for (var i = 0; i < strata.Count; i++)
        {
            var pool = strata[i].Units.ToArray();
            random.Shuffle(pool);
            // a stable sort after the shuffle: equally unsure units still come in the seed's order
            chosen.AddRange(options.Uncertain ? pool.OrderBy(r => r.Confidence).Take(sizes[i]) : pool.Take(sizes[i]));
        }
        var order = chosen.ToArray();
        random.Shuffle(order);
        var overlap = (int)Math.Round(options.Overlap * order.Length, MidpointRounding.AwayFromZero);
        var sheet = new List<SheetRow>();
        for (var i = 0; i < order.Length; i++)
        {
            var coders = i < overlap ? options.Coders : [options.Coders[(i - overlap) % options.Coders.Count]];
            foreach (var coder in coders) sheet.Add(RowOf(order[i], coder));
        }
        return sheet.OrderBy(r => options.Coders.ToList().IndexOf(r.Coder)).ThenBy(r => r.Unit, StringComparer.Ordinal).ToList();
    }

    private static SheetRow RowOf(ActorStanceRow r, string coder) => new(
        UnitOf(r.Platform, r.Account, r.NativeId, r.Actor), coder, r.Platform, r.Account, r.NativeId, r.Actor,
        r.PublishedAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), r.Url ?? "", r.Text, "", "");

    public static string StratumOf(ActorStanceRow r, IReadOnlyList<string> fields) => string.Join("|", fields.Select(f => f switch
    {
        "platform" => r.Platform,
        "account" => r.Account,
        "actor" => r.Actor,
        "lang" => r.Lang ?? "unknown",
        _ => throw new ArgumentException($"cannot stratify by {f}"),
    }));

    /// <summary>Largest-remainder (Hamilton) allocation of n over strata in proportion to their sizes; ties go to the earlier stratum.</summary>
    public static int[] Allocate(IReadOnlyList<int> sizes, int n)
    {
        var total = sizes.Sum();
        var result = new int[sizes.Count];
        if (total == 0) return result;
        var quotas = sizes.Select(s => (double)n * s / total).ToArray();
        for (var i = 0; i < sizes.Count; i++) result[i] = (int)Math.Floor(quotas[i]);
        var left = n - result.Sum();
        foreach (var i in Enumerable.Range(0, sizes.Count).OrderByDescending(i => quotas[i] - result[i]).ThenBy(i => i).Take(left))
            result[i]++;
        return result;
    }
}
