using System.Globalization;
using Portrayal.Coding;
using Portrayal.Corpus;
using Portrayal.Statistics;

namespace Portrayal.Tables;

/// <summary>The scopes a share is given for: all of an actor's units, or those on one platform or of one account.</summary>
public static class Scopes
{
    public const string All = "all";
    public const string Platform = "platform";
    public const string Account = "account";
    public static readonly IReadOnlyList<string> Every = [All, Platform, Account];
}

/// <summary>
/// One actor's shares in one scope: how many units, how many of them the classifier gave each label (with Wilson
/// intervals, which reflect sampling only), and the validated shares (classifier and drawn codes together), or why
/// there are none.
/// </summary>
public sealed record ValidatedScope(string Actor, string Scope, string? Value, string? Name, int Units, int[] ClassifierCounts, ValidatedEstimate? Validated, string? Why)
{
    public Proportion Classifier(int label) => Proportion.Wilson(ClassifierCounts[label], Units);
}

/// <summary>An actor's validated share on platform A minus its share on platform B, per label, with 95% intervals.</summary>
public sealed record PlatformDifference(string Actor, string A, string B, IReadOnlyList<(string Label, double Difference, double Low, double High)> ByLabel);

/// <summary>Every validated figure of a study, and what the reader must know about the codes behind them.</summary>
public sealed record ValidationResults(
    IReadOnlyList<ValidatedScope> Scopes, IReadOnlyList<PlatformDifference> Differences, int Draws, int DrawnCodedUnits,
    int NotDrawnUnits, int UncodedDrawnUnits, int HeldOutUnits, IReadOnlyList<string> Notes)
{
    public ValidatedScope? Find(string actor, string scope = Tables.Scopes.All, string? value = null) =>
        Scopes.FirstOrDefault(s => s.Actor == actor && s.Scope == scope && s.Value == value);

    /// <summary>Whether any figure is validated.</summary>
    public bool Any => Scopes.Any(s => s.Validated is not null);
}

/// <summary>
/// The validated shares of a study: for every actor, overall, per platform and per account, the prediction-powered
/// estimate (<see cref="ValidatedShares"/>) from the classifier's labels on every unit and the codes of the units
/// recorded draws hold. A draw contributes to a scope only when it coded every stratum the scope's units fall in (a
/// stratum it never coded would be missing from the estimate, not estimated); on a unit the classifier was trained on,
/// its held-out label (the cross-prediction of a model that did not see the code) stands in for its label.
/// </summary>
public static class ValidatedTables
{
    /// <summary>Below this many drawn codes in a scope its validated figure would be noise; the scope says so instead.</summary>
    public const int MinCodes = 5;

    public static ValidationResults Compute(IReadOnlyList<ActorStanceRow> rows, Codebook.Codebook codebook, CodedSample? coded,
        IReadOnlyList<DrawRecord> draws, IReadOnlyCollection<string>? scopes = null)
    {
        scopes ??= Tables.Scopes.Every;
        var labels = StanceLabels.All;
        var drawn = DrawnCodes.Of(coded, draws);
        var byKey = new Dictionary<string, ActorStanceRow>(StringComparer.Ordinal);
        foreach (var r in rows) byKey[Sampling.UnitOf(r.Platform, r.Account, r.NativeId, r.Actor)] = r;
        string Predicted(ActorStanceRow r) => r.HeldOutLabel ?? r.Label;

        // the estimator's input: one code per (draw, unit) whose unit is still in the analysed period
        var codes = new List<(DrawnCode Code, ActorStanceRow Row)>();
        foreach (var u in drawn.Units)
            if (byKey.TryGetValue(u.Unit.Key, out var row))
                codes.Add((new DrawnCode(u.Unit.Key, u.Draw.Id, u.Unit.Stratum, u.Unit.InclusionProbability, u.Unit.StratumDrawn,
                    labels.ToList().IndexOf(Predicted(row)), u.Shares()), row));
        var dropped = drawn.Units.Count - codes.Count;

        // per draw, the strata (under its own stratification) that have at least one code: a scope is covered by the
        // draw when all of its units fall in such strata
        var drawFields = drawn.Draws.ToDictionary(d => d.Id, d => (IReadOnlyList<string>)d.Strata.ToList(), StringComparer.Ordinal);
        var codedStrata = codes.GroupBy(c => c.Code.Draw, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(c => c.Code.Stratum).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        bool Covers(string draw, IEnumerable<ActorStanceRow> units) =>
            codedStrata.TryGetValue(draw, out var strata) && units.All(r => strata.Contains(Sampling.StratumOf(r, drawFields[draw])));

        var notes = new List<string>();
        var results = new List<ValidatedScope>();
        var differences = new List<PlatformDifference>();
        var rowsOf = rows.ToLookup(r => r.Actor);
        foreach (var actor in codebook.Actors)
        {
            var mine = rowsOf[actor.Id].ToList();
            if (mine.Count == 0) continue;
            var domains = new List<(string Scope, string? Value, string? Name, List<ActorStanceRow> Units)>();
            if (scopes.Contains(Tables.Scopes.All)) domains.Add((Tables.Scopes.All, null, null, mine));
            if (scopes.Contains(Tables.Scopes.Platform))
                domains.AddRange(mine.GroupBy(r => r.Platform).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => (Tables.Scopes.Platform, (string?)g.Key, (string?)g.Key, g.ToList())));
            if (scopes.Contains(Tables.Scopes.Account))
                domains.AddRange(mine.GroupBy(r => (r.Platform, r.Account)).OrderBy(g => g.Key.Platform, StringComparer.Ordinal).ThenBy(g => g.Key.Account, StringComparer.Ordinal)
                    .Select(g => (Tables.Scopes.Account, (string?)g.Key.Account, (string?)$"{g.Key.Platform}: {g.First().AccountName ?? g.Key.Account}", g.ToList())));
            var estimates = new Dictionary<string, (Func<DrawnCode, bool> In, DomainCounts Counts, List<DrawnCode> Codes)>(StringComparer.Ordinal);
            foreach (var (scope, value, name, units) in domains)
            {
                var keys = units.Select(r => Sampling.UnitOf(r.Platform, r.Account, r.NativeId, r.Actor)).ToHashSet(StringComparer.Ordinal);
                var counts = labels.Select(l => units.Count(r => r.Label == l)).ToArray();
                var domain = new DomainCounts(units.Count, labels.Select(l => units.Count(r => Predicted(r) == l)).ToArray());
                bool In(DrawnCode c) => keys.Contains(c.Key);
                var covering = drawn.Draws.Where(d => Covers(d.Id, units)).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
                var usable = codes.Where(c => covering.Contains(c.Code.Draw)).Select(c => c.Code).ToList();
                var inDomain = usable.Count(In);
                ValidatedEstimate? estimate = null;
                string? why;
                if (codes.All(c => !keys.Contains(c.Code.Key))) why = "no drawn code";
                else if (inDomain == 0) why = "its strata were not all coded by one draw";
                else if (inDomain < MinCodes) why = $"{inDomain} drawn codes (at least {MinCodes} are needed)";
                else
                {
                    estimate = ValidatedShares.Estimate(labels, usable, In, domain);
                    why = estimate is null ? "no drawn code" : null;
                }
                results.Add(new ValidatedScope(actor.Id, scope, value, name, units.Count, counts, estimate, why));
                if (scope == Tables.Scopes.Platform && estimate is not null) estimates[value!] = (In, domain, usable);
            }
            var platforms = estimates.Keys.Order(StringComparer.Ordinal).ToList();
            for (var i = 0; i < platforms.Count; i++)
            for (var j = i + 1; j < platforms.Count; j++)
            {
                var (a, b) = (estimates[platforms[i]], estimates[platforms[j]]);
                var shared = a.Codes.Select(c => c.Draw).Intersect(b.Codes.Select(c => c.Draw)).ToHashSet(StringComparer.Ordinal);
                var both = a.Codes.Where(c => shared.Contains(c.Draw)).ToList();
                if (ValidatedShares.Difference(labels, both, a.In, a.Counts, b.In, b.Counts) is not { } diff) continue;
                differences.Add(new PlatformDifference(actor.Id, platforms[i], platforms[j],
                    labels.Select((l, k) => (l, diff[k].Difference, diff[k].Low, diff[k].High)).ToList()));
            }
        }

        if (drawn.NotDrawnUnits > 0)
            notes.Add($"{Count(drawn.NotDrawnUnits)} coded units are in no recorded draw (coded outside a sample): they check and train the classifier but are left out of the estimates.");
        if (dropped > 0)
            notes.Add($"{Count(dropped)} drawn and coded units are no longer among the analysed units of the period (the codebook or the corpus changed) and are left out.");
        if (drawn.UncodedDrawnUnits > 0)
            notes.Add($"{Count(drawn.UncodedDrawnUnits)} drawn units are not coded yet; each stratum's codes stand for its uncoded units (they were coded in a random order).");
        foreach (var d in drawn.Draws.Where(d => d.FrameUnits > 0 && d.FrameUnits != rows.Count))
            notes.Add($"Draw {d.Id} was made when the period had {Count(d.FrameUnits)} analysed units; it has {Count(rows.Count)} now: units added since could not be drawn, so draw again to cover them.");
        var heldOut = codes.Count(c => c.Row.HeldOutLabel is not null);
        if (heldOut > 0)
            notes.Add($"The classifier was trained on {Count(heldOut)} of the drawn codes; on those units the estimates use the label of a cross-validation model that did not see the code (cross-prediction).");
        return new ValidationResults(results, differences, drawn.Draws.Count, codes.Select(c => c.Code.Key).Distinct().Count(),
            drawn.NotDrawnUnits, drawn.UncodedDrawnUnits, heldOut, notes);
    }

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
