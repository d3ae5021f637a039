using System.Globalization;
using Portrayal.Corpus;

namespace Portrayal.Coding;

/// <summary>One drawn unit that has codes: the draw, the unit's stratum and inclusion probability in it, and its coders' labels.</summary>
public sealed record CodedDrawUnit(DrawRecord Draw, DrawnUnit Unit, IReadOnlyList<HumanCode> Codes)
{
    /// <summary>The coders' labels as shares in <see cref="StanceLabels.All"/> order: one coder's label is a one-hot vector, two coders who disagree share it.</summary>
    public double[] Shares()
    {
        var shares = new double[StanceLabels.All.Count];
        foreach (var c in Codes) shares[StanceLabels.IndexOf(c.Stance)] += 1.0 / Codes.Count;
        return shares;
    }
}

/// <summary>
/// The workspace's codes joined to its draws: which codes can enter design-based estimates (their unit is in a recorded
/// draw, with a known inclusion probability) and which cannot (codes entered outside any draw: they still train and
/// check the classifier). Draws come from the store; a draw the store does not know (a rebuilt store, a workspace
/// copied without it) is rebuilt from the draw columns the codes carry from their sheet.
/// </summary>
public sealed class DrawnCodes
{
    private DrawnCodes(IReadOnlyList<DrawRecord> draws, IReadOnlyList<CodedDrawUnit> units, int notDrawn, int uncoded)
    {
        Draws = draws;
        Units = units;
        NotDrawnUnits = notDrawn;
        UncodedDrawnUnits = uncoded;
    }

    /// <summary>The draws with at least one coded unit, oldest first.</summary>
    public IReadOnlyList<DrawRecord> Draws { get; }

    /// <summary>One entry per (draw, coded unit); a unit drawn twice appears once per draw.</summary>
    public IReadOnlyList<CodedDrawUnit> Units { get; }

    /// <summary>Coded units in no draw: left out of the estimates.</summary>
    public int NotDrawnUnits { get; }

    /// <summary>Drawn units nobody has coded yet (only known for draws the store recorded).</summary>
    public int UncodedDrawnUnits { get; }

    /// <summary>
    /// A simple or stratified draw repeated with the same seed and strata but more units (what `plan --out` does) keeps
    /// every unit it drew before: the draws of such a chain are one sample, the union of their units, each stratum's
    /// inclusion probability that of its largest draw. Draws whose units do not nest (the corpus changed in between) and
    /// uncertainty draws stay separate, independent draws.
    /// </summary>
    private static IEnumerable<DrawRecord> Extended(IEnumerable<DrawRecord> records)
    {
        foreach (var chain in records.GroupBy(d => d.Design is Designs.Simple or Designs.Stratified ? $"{d.Design}\u001f{string.Join(',', d.Strata)}\u001f{d.Seed}" : "\u001e" + d.Id))
        {
            var list = chain.OrderBy(d => d.Units.Count).ThenBy(d => d.DrawnAt).ToList();
            var complete = list.Where(d => d.FrameUnits > 0).ToList();
            var nested = complete.Zip(complete.Skip(1)).All(p => p.First.Units.Select(u => u.Key).ToHashSet(StringComparer.Ordinal)
                .IsSubsetOf(p.Second.Units.Select(u => u.Key)));
            if (list.Count == 1 || !nested)
            {
                foreach (var d in list) yield return d;
                continue;
            }
            var latest = list[^1];
            var largest = list.SelectMany(d => d.Units).GroupBy(u => u.Stratum, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.MaxBy(u => u.StratumDrawn)!, StringComparer.Ordinal);
            var units = new Dictionary<string, DrawnUnit>(StringComparer.Ordinal);
            foreach (var u in list.SelectMany(d => d.Units))
            {
                var s = largest[u.Stratum];
                units[u.Key] = u with { StratumUnits = s.StratumUnits, StratumDrawn = s.StratumDrawn, InclusionProbability = (double)s.StratumDrawn / s.StratumUnits };
            }
            yield return latest with { Units = units.Values.OrderBy(u => u.Order).ToList(), FrameUnits = list.Max(d => d.FrameUnits) };
        }
    }

    public static DrawnCodes Of(CodedSample? coded, IReadOnlyList<DrawRecord> stored)
    {
        var codes = coded?.Codes ?? [];
        var byUnit = codes.GroupBy(c => c.Unit, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<HumanCode>)g.GroupBy(c => c.Coder, StringComparer.Ordinal).Select(c => c.Last()).ToList(), StringComparer.Ordinal);
        var draws = stored.ToDictionary(d => d.Id, StringComparer.Ordinal);
        // draws the store lacks, from the columns their codes carry (only the coded units are known of them)
        foreach (var group in codes.Where(c => c.Drawn is not null && !draws.ContainsKey(c.Drawn.Draw)).GroupBy(c => c.Drawn!.Draw, StringComparer.Ordinal))
        {
            var first = group.First().Drawn!;
            var units = group.GroupBy(c => c.Unit, StringComparer.Ordinal).Select(g => g.First())
                .Select(c => new DrawnUnit(c.Unit, c.Drawn!.Stratum, c.Drawn.StratumUnits, c.Drawn.StratumDrawn, c.Drawn.InclusionProbability, 0)).ToList();
            var at = DateTimeOffset.TryParse(first.DrawnAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : DateTimeOffset.UnixEpoch;
            draws[group.Key] = new DrawRecord(group.Key, at, first.Seed, first.Design,
                first.Strata.Split(',', StringSplitOptions.RemoveEmptyEntries), 0, units);
        }
        var result = new List<CodedDrawUnit>();
        var drawn = new HashSet<string>(StringComparer.Ordinal);
        draws = Extended(draws.Values).ToDictionary(d => d.Id, StringComparer.Ordinal);
        var uncoded = 0;
        foreach (var draw in draws.Values.OrderBy(d => d.DrawnAt).ThenBy(d => d.Id, StringComparer.Ordinal))
        foreach (var unit in draw.Units)
        {
            drawn.Add(unit.Key);
            if (byUnit.TryGetValue(unit.Key, out var unitCodes)) result.Add(new CodedDrawUnit(draw, unit, unitCodes));
            else uncoded++;
        }
        var used = result.Select(r => r.Draw).Distinct().ToList();
        return new DrawnCodes(used, result, byUnit.Keys.Count(k => !drawn.Contains(k)), uncoded);
    }
}
