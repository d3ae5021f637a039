using System.Globalization;
using Portrayal.Coding;
using Portrayal.Corpus;
using Portrayal.Statistics;
using Portrayal.Tables;

namespace Portrayal.Pipeline;

/// <summary>One actor's line of a coding plan: where its headline shares stand and how many more drawn codes reach the target.</summary>
public sealed record PlanLine(string Actor, string Name, int Units, int Coded, IReadOnlyList<(string Label, double? HalfWidth, int Additional)> Labels)
{
    /// <summary>The codes this actor needs: enough for its least precise label.</summary>
    public int Additional => Labels.Max(l => l.Additional);
}

/// <summary>A coding plan: per actor, the codes that bring every headline share to the target half-width, and the basis of the figures.</summary>
public sealed record CodingPlan(double Target, IReadOnlyList<PlanLine> Lines, double? AssumedAccuracy, string Basis)
{
    public int Additional => Lines.Sum(l => l.Additional);
}

/// <summary>
/// The validation loop of a study: draws of units to code by design (`sample`, `plan --out`), the validated shares
/// (`shares`, the report), and the plan of how many more codes reach a given precision (`plan`).
/// </summary>
public static class StudyValidation
{
    /// <summary>Without drawn codes a plan assumes the classifier is right this often (the shipped models on new posts, docs/STANCE.md).</summary>
    public const double PriorAccuracy = 0.65;

    /// <summary>The analysed (post, actor) units of the study's period: what its figures describe and draws are made from.</summary>
    public static List<ActorStanceRow> Units(Study study)
    {
        var codebook = study.RequireCodebook();
        return study.Store.ReadActorStances().Where(r => codebook.InPeriod(r.PublishedAt)).ToList();
    }

    public static ValidationResults Shares(Study study, IReadOnlyCollection<string>? scopes = null) =>
        ValidatedTables.Compute(Units(study), study.RequireCodebook(), CodedSample.Load(study.CodedPath), study.Store.ReadDraws(), scopes);

    /// <summary>Draws units for coding from the period's analysed units, records the draw in the store and returns it with its sheet rows.</summary>
    public static Draw Draw(Study study, SampleOptions options, DateTimeOffset now)
    {
        var coded = CodedSample.Load(study.CodedPath)?.Codes.Select(c => c.Unit).ToHashSet(StringComparer.Ordinal);
        var draw = Sampling.Draw(Units(study), options, now, coded);
        study.Store.RecordDraw(draw.Record);
        return draw;
    }

    /// <summary>How many more drawn codes bring each actor's shares to ± <paramref name="target"/>.</summary>
    public static CodingPlan Plan(Study study, double target, string? actor = null)
    {
        var codebook = study.RequireCodebook();
        var results = Shares(study, [Scopes.All]);
        var coded = CodedSample.Load(study.CodedPath);
        double? assumed = null;
        var basis = "the current variance of each validated share";
        var lines = new List<PlanLine>();
        foreach (var scope in results.Scopes.Where(s => actor is null || s.Actor == actor))
        {
            var name = codebook.Find(scope.Actor)?.Name ?? scope.Actor;
            if (scope.Validated is { } v)
            {
                lines.Add(new PlanLine(scope.Actor, name, scope.Units, v.Coded, StanceLabels.All.Select((l, i) =>
                    (l, (double?)(v.Shares[i].High - v.Shares[i].Low) / 2, ValidatedShares.AdditionalCodes(v, i, target))).ToList()));
                continue;
            }
            // no validated figure yet: the residual variance a classifier this accurate leaves (at most 1 − accuracy)
            assumed ??= MeasuredAccuracy(coded, study) ?? PriorAccuracy;
            var needed = ValidatedShares.CodesForPrior(1 - assumed.Value, scope.Units, target);
            lines.Add(new PlanLine(scope.Actor, name, scope.Units, 0, StanceLabels.All.Select(l => (l, (double?)null, needed)).ToList()));
        }
        if (assumed is not null)
            basis = $"the current variance of each validated share; for actors without one, a classifier right {(100 * assumed.Value).ToString("0", CultureInfo.InvariantCulture)}% of the time" +
                    (MeasuredAccuracy(coded, study) is null ? " (the shipped models on new posts; no codes here measure it yet)" : " (measured on this workspace's agreed codes)");
        return new CodingPlan(target, lines, assumed, basis);
    }

    /// <summary>The classifier's accuracy on the workspace's agreed codes, when at least 30 of them match analysed units.</summary>
    private static double? MeasuredAccuracy(CodedSample? coded, Study study)
    {
        if (coded is null) return null;
        var v = coded.Validate(study.Store.ReadActorStances());
        return v.Units >= 30 ? v.Accuracy : null;
    }

    /// <summary>
    /// The draw that carries out a plan. A simple or stratified latest draw is extended: the same seed and strata with
    /// more units per stratum, which keeps every unit drawn before (<see cref="Statistics.SamplingDesign"/>), so the codes
    /// already made and the new ones form one sample. An uncertainty draw cannot be extended that way: a new one is drawn
    /// with the next seed. With no draw yet, a first one stratified by platform and actor. The codes each actor needs are
    /// spread over its strata in proportion (every stratum at least two, so the draw covers the actor whole).
    /// </summary>
    public static SampleOptions PlanDraw(Study study, CodingPlan plan, IReadOnlyList<string> coders, double overlap, int? seed)
    {
        var latest = study.Store.ReadDraws().LastOrDefault();
        var strata = latest?.Strata ?? ["platform", "actor"];
        var uncertain = latest?.Design == Designs.Uncertainty;
        var extend = latest is not null && !uncertain && seed is null;
        var units = Units(study);
        var options = new SampleOptions(0, strata, overlap, coders, seed ?? (latest is null ? 1 : extend ? latest.Seed : latest.Seed + 1)) { Uncertain = uncertain };
        var allocation = new Dictionary<string, int>(StringComparer.Ordinal);
        var sizes = units.GroupBy(u => latest?.Design == Designs.Simple ? Statistics.SamplingDesign.AllStratum : Sampling.StratumOf(u, strata))
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        if (extend)
            foreach (var u in latest!.Units)
                allocation[u.Stratum] = Math.Max(allocation.GetValueOrDefault(u.Stratum), u.StratumDrawn);
        var needs = plan.Lines.Where(l => l.Additional > 0).ToDictionary(l => l.Actor, l => l.Additional, StringComparer.Ordinal);
        if (strata.Contains("actor") && latest?.Design != Designs.Simple)
        {
            foreach (var (actor, extra) in needs)
            {
                var mine = units.Where(u => u.Actor == actor).GroupBy(u => Sampling.StratumOf(u, strata)).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
                var counts = mine.Select(g => g.Count()).ToList();
                var shares = Statistics.SamplingDesign.Allocate(counts, Math.Min(extra, counts.Sum()));
                for (var i = 0; i < mine.Count; i++)
                    allocation[mine[i].Key] = Math.Min(counts[i], allocation.GetValueOrDefault(mine[i].Key) + Math.Max(shares[i], Math.Min(2, counts[i])));
            }
        }
        else if (needs.Count > 0)
        {
            // strata without the actor: enough more units over everything for the neediest actor's share of the corpus
            var n = needs.Max(x => (int)Math.Ceiling(x.Value * (double)units.Count / Math.Max(1, units.Count(u => u.Actor == x.Key))));
            var names = sizes.Keys.Order(StringComparer.Ordinal).ToList();
            var shares = Statistics.SamplingDesign.Allocate(names.Select(k => sizes[k]).ToList(), Math.Min(n, units.Count));
            for (var i = 0; i < names.Count; i++)
                allocation[names[i]] = Math.Min(sizes[names[i]], allocation.GetValueOrDefault(names[i]) + Math.Max(shares[i], Math.Min(2, sizes[names[i]])));
        }
        return options with { Allocation = allocation };
    }
}
