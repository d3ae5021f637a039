using System.Globalization;
using Portrayal.Statistics;
using Portrayal.Tables;

namespace Portrayal.Reports;

/// <summary>The key findings as sentences with their figures, shared by the HTML report, the summary and the terminal.</summary>
public static class Findings
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Percent(double share) => double.IsNaN(share) ? "–" : (share * 100).ToString("0.0", C) + "%";

    public static string Interval(Proportion p) => double.IsNaN(p.Share) ? "–" : Interval(p.Low, p.High);

    /// <summary>"65.1–85.8%": an interval on a share, from a Wilson or a bootstrap interval.</summary>
    public static string Interval(double low, double high) =>
        double.IsNaN(low) ? "–" : $"{(low * 100).ToString("0.0", C)}–{(high * 100).ToString("0.0", C)}%";

    /// <summary>"47 (77.0%, 95% CI 65.1–85.8%)".</summary>
    public static string CountWithInterval(Proportion p) => $"{p.Count} ({Percent(p.Share)}, 95% CI {Interval(p)})";

    public static IReadOnlyList<string> Sentences(StudyResults r)
    {
        var sentences = new List<string>();
        var mentioned = r.Actors.Where(a => a.Overall.Units > 0).ToList();
        if (mentioned.Count == 0)
        {
            sentences.Add($"None of the {r.Scope.PostsInPeriod} posts in the period mentioned any of the codebook's actors.");
            return sentences;
        }

        // The headline is the most discussed actor (the codebook's first on a tie): with a whole catalog, not Afghanistan by id order.
        var first = mentioned.OrderByDescending(a => a.Overall.Units).First();
        var v = r.Validated;
        if (v.Find(first.Actor)?.Validated is { } lead)
            sentences.Add(
                $"Of the {first.Overall.Units} posts that mentioned {Name(first)}, {Validated(lead, 0)} portrayed it negatively, {Validated(lead, 1)} " +
                $"neutrally and {Validated(lead, 2)} positively, validated on {lead.Coded} hand-coded posts drawn by design; the classifier alone " +
                $"gives {CountWithInterval(first.Overall.Negative)} negative, {CountWithInterval(first.Overall.Neutral)} neutral and " +
                $"{CountWithInterval(first.Overall.Positive)} positive.");
        else
            sentences.Add(
                $"Of the {first.Overall.Units} posts that mentioned {Name(first)}, {CountWithInterval(first.Overall.Negative)} portrayed it negatively, " +
                $"{CountWithInterval(first.Overall.Neutral)} neutrally and {CountWithInterval(first.Overall.Positive)} positively, as classified" +
                (v.Any ? $" (not validated: {v.Find(first.Actor)?.Why ?? "no drawn code"})." : " (not validated on this corpus: the intervals reflect sampling, not the classifier's errors)."));

        foreach (var actor in mentioned.OrderBy(a => a == first ? 0 : 1))
        {
            if (actor.ByPlatform.Count < 2) continue;
            var platforms = actor.ByPlatform.Select(p => v.Find(actor.Actor, Scopes.Platform, p.Slice)).ToList();
            if (platforms.All(p => p?.Validated is not null))
            {
                var parts = platforms.Select(p => $"{Platform(p!.Value!)} {Percent(p.Validated!.Shares[0].Share)} negative " +
                                                  $"(95% CI {Interval(p.Validated.Shares[0].Low, p.Validated.Shares[0].High)}, {p.Validated.Coded} codes of {p.Units})");
                var gaps = v.Differences.Where(d => d.Actor == actor.Actor).Select(d =>
                    $"{PlatformName(d.A)} minus {PlatformName(d.B)} {Points(d.ByLabel[0].Difference)} points (95% CI {Points(d.ByLabel[0].Low)} to {Points(d.ByLabel[0].High)})").ToList();
                sentences.Add($"By platform, validated, {Name(actor)} was portrayed: {string.Join("; ", parts)}." +
                              (gaps.Count > 0 ? $" Differences in the negative share: {string.Join("; ", gaps)}." : ""));
            }
            else
            {
                var parts = actor.ByPlatform.Select(p =>
                    $"{Platform(p.Slice)} {Percent(p.Negative.Share)} negative, {Percent(p.Positive.Share)} positive (n={p.Units})");
                var test = actor.PlatformTest is { } t ? " " + TestSentence(t, "platform") : "";
                sentences.Add($"By platform, as classified, {Name(actor)} was portrayed: {string.Join("; ", parts)}.{test}");
            }
            break;
        }

        var spike = r.VolumeSpikes.OrderByDescending(x => x.Score).FirstOrDefault();
        if (spike is not null)
        {
            var events = r.Events.Where(e => e.Date == spike.Day || e.Date == spike.Day.AddDays(-1)).Select(e => $"{e.Label} ({e.Date.ToString("d MMMM", C)})").ToList();
            sentences.Add(
                $"Posting peaked on {spike.Day.ToString("d MMMM yyyy", C)}: {spike.Count} posts against a baseline of " +
                $"{spike.Baseline.ToString("0.#", C)} a day (robust z {spike.Score.ToString("0.0", C)})" +
                (events.Count > 0 ? $", following: {string.Join("; ", events)}." : "."));
        }

        const int listed = 10;
        var rest = mentioned.Where(a => a != first).OrderByDescending(a => a.Overall.Units).ToList();
        var others = rest.Take(listed).Select(a => v.Find(a.Actor)?.Validated is { } est
            ? $"{Name(a)} in {a.Overall.Units} (validated on {est.Coded} codes: {Percent(est.Shares[0].Share)} negative, {Percent(est.Shares[1].Share)} neutral, " +
              $"{Percent(est.Shares[2].Share)} positive; as classified {Percent(a.Overall.Negative.Share)}, {Percent(a.Overall.Neutral.Share)}, {Percent(a.Overall.Positive.Share)})"
            : $"{Name(a)} in {a.Overall.Units} ({Percent(a.Overall.Negative.Share)} negative, {Percent(a.Overall.Neutral.Share)} neutral, {Percent(a.Overall.Positive.Share)} positive" +
              (v.Any ? ", as classified" : "") + ")").ToList();
        if (rest.Count > listed) others.Add($"and {rest.Count - listed} more actors, each in {rest[listed].Overall.Units} posts or fewer");
        if (others.Count > 0) sentences.Add($"Other actors were mentioned as follows: {string.Join("; ", others)}.");

        var pair = r.CoMentions.FirstOrDefault(c => c.Both > 0);
        if (pair is not null)
        {
            var a = r.Actors.First(x => x.Actor == pair.A);
            var b = r.Actors.First(x => x.Actor == pair.B);
            var ofA = Proportion.Wilson(pair.Both, pair.Both + pair.OnlyA);
            sentences.Add(
                $"{Capital(Name(a))} and {Name(b)} were most often discussed together: {pair.Both} posts mentioned both, " +
                $"{Percent(ofA.Share)} (95% CI {Interval(ofA)}) of the posts mentioning {Name(a)}." +
                (pair.Association is { } assoc ? " " + assoc.Sentence(Capital(Name(a)), Name(b)) : ""));
        }

        if (r.Narratives is { Narratives.Count: > 0 } nr)
        {
            var ranked = nr.Narratives.Where(n => n.Overall.Count > 0).OrderByDescending(n => n.Overall.Count).ThenBy(n => n.Id, StringComparer.Ordinal).ToList();
            if (ranked.Count > 0)
                sentences.Add("Of the codebook's narratives, " + string.Join("; ", ranked.Select(n =>
                    $"\u201c{n.Label}\u201d appeared in {CountWithInterval(n.Overall)} of the posts")) + ".");
        }

        var without = r.Scope.PostsInPeriod - r.Scope.PostsWithActors;
        var share = Proportion.Wilson(without, r.Scope.PostsInPeriod);
        sentences.Add($"Most posts were not about these actors: {without} of {r.Scope.PostsInPeriod} ({Percent(share.Share)}) mentioned none of them.");
        return sentences;
    }

    /// <summary>"57.7% (95% CI 49.9–65.5%)": one label of a validated estimate.</summary>
    public static string Validated(Statistics.ValidatedEstimate e, int label) =>
        $"{Percent(e.Shares[label].Share)} (95% CI {Interval(e.Shares[label].Low, e.Shares[label].High)})";

    /// <summary>A difference of shares in percentage points, signed: "+12.3", "−4.0".</summary>
    public static string Points(double difference) => (100 * difference).ToString("+0.0;\u22120.0;0.0", C);

    /// <summary>
    /// What the reader must know before any figure: whether the shares are validated on drawn hand codes here, and if
    /// not, how accurate the classifier was where it was measured and how to start validating.
    /// </summary>
    public static (bool Validated, string Text) Banner(StudyResults r)
    {
        var v = r.Validated;
        if (v.Any)
        {
            var validated = v.Scopes.Count(s => s.Scope == Scopes.All && s.Validated is not null);
            var actors = v.Scopes.Count(s => s.Scope == Scopes.All);
            return (true,
                $"Validated on {v.DrawnCodedUnits} hand-coded (post, actor) units drawn by design ({v.Draws} draw{(v.Draws == 1 ? "" : "s")}): " +
                $"for {validated} of the {actors} actors every share below is first the validated estimate (classifier and coders combined; its 95% interval " +
                "holds whatever the classifier's accuracy), then the classifier's own, labelled as such." +
                (validated < actors ? " The others have too few drawn codes and show the classifier's shares only." : ""));
        }
        var measured = r.ClassifierAccuracy.Count > 0
            ? " On comparable social-media posts the classifier was right " + string.Join(", ", r.ClassifierAccuracy.Select(a =>
                $"{(100 * a.Accuracy).ToString("0", C)}% of the time in {Language(a.Language)} ({a.Posts} posts)")) + " (cross-validation of the shipped models)."
            : "";
        return (false,
            "These figures are not validated on this corpus: they come from the stance classifier alone, and their intervals reflect sampling only, " +
            "not the classifier's errors." + measured + " To validate them, draw units to hand-code: " +
            "`portrayal sample --coders NAME,NAME --n 200`, code the sheet, `portrayal sheet import` it and run again; `portrayal plan` says how many codes reach a given precision.");
    }

    private static string Language(string code) => code switch { "ru" => "Russian", "kk" => "Kazakh", "en" => "English", _ => code };

    /// <summary>
    /// "The difference is significant (…test, p = 0.004, Cramér's V = 0.31): more negative on YouTube than independence
    /// predicts (adjusted residual 3.1)." or "The difference is within chance (…)."
    /// </summary>
    public static string TestSentence(ContingencyResult t, string slice)
    {
        var significant = t.PValue < 0.05;
        var head = significant ? $"The {slice}s differ beyond chance" : $"The differences between {slice}s are within chance";
        var cells = t.DrivingCells.Take(3).Select(c =>
            $"{(c.Residual > 0 ? "more" : "fewer")} {c.Column} {(slice == "platform" ? Platform(c.Row) : "at " + c.Row)} than independence predicts ({c.Observed} against {c.Expected.ToString("0.0", C)} expected, adjusted residual {c.Residual.ToString("0.0", C)})").ToList();
        return $"{head}: {t.Method}" + (significant && cells.Count > 0 ? $" Driving the difference: {string.Join("; ", cells)}." : "");
    }

    /// <summary>An actor's name as it reads in a sentence ("the CSTO", "Russia").</summary>
    public static string Name(ActorTable a) => a.InSentence;

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>A platform's name as written: "Telegram", "YouTube".</summary>
    public static string PlatformName(string id) => Platform(id)["on ".Length..];

    public static string Platform(string id) => id switch
    {
        "telegram" => "on Telegram",
        "youtube" => "on YouTube",
        "instagram" => "on Instagram",
        _ => "on " + id,
    };
}
