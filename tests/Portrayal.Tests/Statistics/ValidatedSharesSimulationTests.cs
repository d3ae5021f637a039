using Portrayal.Corpus;
using System.Globalization;
using System.Text;
using MathNet.Numerics.Distributions;
using Portrayal.Statistics;
using Xunit;
using Xunit.Abstractions;

namespace Portrayal.Tests.Statistics;

/// <summary>
/// The acceptance of <see cref="ValidatedShares"/>: on a synthetic corpus whose true labels are known, repeated draws of
/// 200 coded units under each design give 95% intervals that cover the true shares about 95% of the time, with a
/// classifier right about 2 times in 3. Print the tables with
/// <c>dotnet test --filter ValidatedSharesSimulationTests --logger "console;verbosity=detailed"</c> (docs/VALIDATION.md).
/// </summary>
public class ValidatedSharesSimulationTests(ITestOutputHelper output)
{
    private static readonly string[] Labels = ["negative", "neutral", "positive"];
    /// <summary>
    /// 500 draws per case (seeds 1–500): a coverage of 0.95 is then measured with a Monte Carlo standard error of
    /// √(0.95·0.05/500) = 0.0097, so the bands below are about ±3 standard errors per label and ±2 points pooled.
    /// PORTRAYAL_SIMULATION_DRAWS=12000 runs the longer check quoted in docs/VALIDATION.md (seeds 1–12,000, same code).
    /// </summary>
    private static readonly int Replications =
        int.TryParse(Environment.GetEnvironmentVariable("PORTRAYAL_SIMULATION_DRAWS"), NumberStyles.None, CultureInfo.InvariantCulture, out var draws) && draws > 0 ? draws : 500;
    private const int CorrectedReplicates = 200;

    /// <summary>The adjusted count's bootstrap costs a hundred times the validated estimate: it is run on the first 100 draws only (coverage ± 0.02).</summary>
    private static int CorrectedDraws => Math.Min(100, Replications);

    /// <summary>The corpus: fixed once (its own seed), so coverage is over repeated draws from one finite population, as in a study.</summary>
    private static readonly Lazy<Corpus> Population = new(() => Corpus.Make(seed: 20220105));

    [Fact]
    public void Simple_random_samples_give_intervals_at_their_nominal_level()
    {
        var corpus = Population.Value;
        var result = Run(corpus, "Simple random sample of 200", _ => true,
            seed => Codes(corpus, SamplingDesign.Draw(corpus.Frame, new DesignOptions(DesignKind.Simple, 200, seed)), "simple"));
        AssertCoverage(result);
        AssertNarrowerThanCodedOnly(result);
    }

    [Fact]
    public void Stratified_samples_give_intervals_at_their_nominal_level()
    {
        var corpus = Population.Value;
        var result = Run(corpus, "Stratified by platform × actor, 200", _ => true,
            seed => Codes(corpus, SamplingDesign.Draw(corpus.Frame, new DesignOptions(DesignKind.Stratified, 200, seed)), "stratified"));
        AssertCoverage(result);
        AssertNarrowerThanCodedOnly(result);
    }

    [Fact]
    public void Uncertainty_samples_give_intervals_at_their_nominal_level()
    {
        var corpus = Population.Value;
        var result = Run(corpus, "Uncertainty (πps on √(1 − confidence), mix 0.5) within platform × actor, 200", _ => true,
            seed => Codes(corpus, SamplingDesign.Draw(corpus.Frame, new DesignOptions(DesignKind.Uncertainty, 200, seed)), "uncertainty"));
        AssertCoverage(result);
        AssertNarrowerThanCodedOnly(result);
    }

    [Fact]
    public void One_actors_domain_under_the_stratified_design_gets_intervals_at_their_nominal_level()
    {
        var corpus = Population.Value;
        var result = Run(corpus, "Domain actor = csto, stratified by platform × actor, 200", key => Corpus.ActorOf(key) == "csto",
            seed => Codes(corpus, SamplingDesign.Draw(corpus.Frame, new DesignOptions(DesignKind.Stratified, 200, seed)), "stratified"));
        AssertCoverage(result);
        AssertNarrowerThanCodedOnly(result);
    }

    [Fact]
    public void Two_draws_combined_give_intervals_at_their_nominal_level()
    {
        var corpus = Population.Value;
        var result = Run(corpus, "Two draws: simple 100 + uncertainty 100 within platform × actor", _ => true,
            seed => [
                .. Codes(corpus, SamplingDesign.Draw(corpus.Frame, new DesignOptions(DesignKind.Simple, 100, seed)), "first"),
                .. Codes(corpus, SamplingDesign.Draw(corpus.Frame, new DesignOptions(DesignKind.Uncertainty, 100, 100_000 + seed)), "second"),
            ]);
        AssertCoverage(result);
        AssertNarrowerThanCodedOnly(result);
    }

    [Fact]
    public void The_synthetic_classifier_is_right_about_two_times_in_three_and_less_sure_when_wrong()
    {
        var units = Population.Value.Units.Values.ToList();
        var right = units.Where(u => u.Predicted == u.Truth).ToList();
        var wrong = units.Where(u => u.Predicted != u.Truth).ToList();
        Assert.Equal(20_000, units.Count);
        Assert.InRange(right.Count / (double)units.Count, 0.62, 0.68);
        Assert.True(right.Average(u => u.Confidence) > wrong.Average(u => u.Confidence) + 0.1);
        // neutral over-predicted: the classifier's neutral share is more than 5 points above the true one (about 0.50 for 0.40)
        Assert.True(units.Count(u => u.Predicted == 1) > units.Count(u => u.Truth == 1) + 1000);
    }

    private static void AssertCoverage(CaseResult result)
    {
        var pooled = result.Labels.Average(l => l.Validated.Coverage);
        Assert.True(pooled is >= 0.93 and <= 0.97, $"{result.Name}: pooled coverage {pooled:0.000}");
        foreach (var l in result.Labels)
            Assert.True(l.Validated.Coverage is >= 0.91 and <= 0.99, $"{result.Name}: {l.Label} coverage {l.Validated.Coverage:0.000}");
    }

    private static void AssertNarrowerThanCodedOnly(CaseResult result)
    {
        var validated = result.Labels.Average(l => l.Validated.Width);
        var codedOnly = result.Labels.Average(l => l.CodedOnly.Width);
        Assert.True(validated < codedOnly, $"{result.Name}: validated width {validated:0.000}, coded-only Wilson {codedOnly:0.000}");
    }

    private static List<DrawnCode> Codes(Corpus corpus, IReadOnlyList<DrawnUnit> drawn, string draw) =>
        drawn.Select(d =>
        {
            var unit = corpus.Units[d.Key];
            var coded = new double[Labels.Length];
            coded[unit.Truth] = 1;
            return new DrawnCode(d.Key, draw, d.Stratum, d.InclusionProbability, d.StratumDrawn, unit.Predicted, coded);
        }).ToList();

    /// <param name="Below">The interval lies wholly below the truth (the estimate too low).</param>
    private sealed record Interval(bool Covers, double Width, bool Below = false);

    private sealed record Summary(double Coverage, double Width, double Below = double.NaN)
    {
        public static Summary Of(IEnumerable<Interval> intervals)
        {
            var list = intervals.ToList();
            if (list.Count == 0) return new Summary(double.NaN, double.NaN);
            return new Summary(list.Count(i => i.Covers) / (double)list.Count, list.Average(i => i.Width), list.Count(i => i.Below) / (double)list.Count);
        }
    }

    /// <param name="Bias">Mean validated estimate minus the truth.</param>
    /// <param name="VarianceRatio">Mean estimated variance SE² over the variance of the estimates across draws: 1 when the variance formula is right.</param>
    private sealed record LabelResult(string Label, double Truth, Summary Validated, double Bias, double VarianceRatio, Summary Classifier, Summary CodedOnly, Summary Corrected);

    private sealed record CaseResult(string Name, IReadOnlyList<LabelResult> Labels, double MeanLambda, double MeanCodes);

    private CaseResult Run(Corpus corpus, string name, Func<string, bool> inDomain, Func<int, List<DrawnCode>> draw)
    {
        var domainUnits = corpus.Units.Values.Where(u => inDomain(u.Key)).ToList();
        var predicted = new int[Labels.Length];
        var truthCounts = new int[Labels.Length];
        foreach (var u in domainUnits)
        {
            predicted[u.Predicted]++;
            truthCounts[u.Truth]++;
        }
        var domain = new DomainCounts(domainUnits.Count, predicted);
        var truth = truthCounts.Select(c => (double)c / domainUnits.Count).ToArray();

        var validated = new Interval[Replications, Labels.Length];
        var estimates = new (double Share, double StandardError)[Replications, Labels.Length];
        var codedOnly = new Interval[Replications, Labels.Length];
        var corrected = new Interval[Replications, Labels.Length];
        var lambdas = new double[Replications];
        var coded = new double[Replications];
        Parallel.For(0, Replications, r =>
        {
            var seed = r + 1;
            var codes = draw(seed);
            var estimate = ValidatedShares.Estimate(Labels, codes, c => inDomain(c.Key), domain)!;
            lambdas[r] = estimate.Lambda;
            coded[r] = estimate.Coded;
            var inside = codes.Where(c => inDomain(c.Key)).ToList();
            var confusion = new int[Labels.Length, Labels.Length];
            foreach (var c in inside) confusion[Array.IndexOf(c.Coded, 1.0), c.Predicted]++;
            var adjusted = r < CorrectedDraws ? CorrectedShares.Estimate(Labels, predicted, confusion, CorrectedReplicates, seed) : null;
            for (var l = 0; l < Labels.Length; l++)
            {
                var v = estimate.Shares[l];
                validated[r, l] = new Interval(v.Low <= truth[l] && truth[l] <= v.High, v.High - v.Low, v.High < truth[l]);
                estimates[r, l] = (v.Share, v.StandardError);
                var wilson = Proportion.Wilson(inside.Count(c => c.Coded[l] == 1), inside.Count);
                codedOnly[r, l] = new Interval(wilson.Low <= truth[l] && truth[l] <= wilson.High, wilson.High - wilson.Low);
                if (adjusted?.Shares[l] is { } a) corrected[r, l] = new Interval(a.Low <= truth[l] && truth[l] <= a.High, a.High - a.Low);
            }
        });

        var labels = new List<LabelResult>();
        for (var l = 0; l < Labels.Length; l++)
        {
            var classifier = Proportion.Wilson(predicted[l], domain.Units);
            var column = (Interval[,] a) => Enumerable.Range(0, Replications).Select(r => a[r, l]);
            var shares = Enumerable.Range(0, Replications).Select(r => estimates[r, l].Share).ToArray();
            var meanSquaredError = Enumerable.Range(0, Replications).Average(r => estimates[r, l].StandardError * estimates[r, l].StandardError);
            labels.Add(new LabelResult(Labels[l], truth[l], Summary.Of(column(validated)), shares.Average() - truth[l],
                meanSquaredError / MathNet.Numerics.Statistics.Statistics.Variance(shares),
                new Summary(classifier.Low <= truth[l] && truth[l] <= classifier.High ? 1 : 0, classifier.High - classifier.Low),
                Summary.Of(column(codedOnly)), Summary.Of(column(corrected).Take(CorrectedDraws))));
        }
        var result = new CaseResult(name, labels, lambdas.Average(), coded.Average());
        output.WriteLine(Table(result, domain, corpus.Accuracy(inDomain)));
        return result;
    }

    private static string Table(CaseResult result, DomainCounts domain, double accuracy)
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(c, $"{result.Name}: {Replications} draws (seeds 1–{Replications}; adjusted count on the first {CorrectedDraws}), domain of " +
                        $"{domain.Units:N0} units with {result.MeanCodes:0} codes on average, classifier accuracy {accuracy:0.000}, mean λ {result.MeanLambda:0.00}");
        s.AppendLine("| label | true share | validated coverage | misses below / above | validated width | bias | SE²/variance | classifier Wilson coverage | coded-only Wilson coverage | coded-only width | adjusted count coverage | adjusted count width |");
        s.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var l in result.Labels)
            s.AppendLine(c, $"| {l.Label} | {l.Truth:0.000} | {l.Validated.Coverage:0.000} | {l.Validated.Below:0.000} / {1 - l.Validated.Coverage - l.Validated.Below:0.000} | {l.Validated.Width:0.000} | {Math.Round(l.Bias, 4) + 0.0:+0.0000;−0.0000;0.0000} | {l.VarianceRatio:0.00} | {l.Classifier.Coverage:0.000} | " +
                            $"{l.CodedOnly.Coverage:0.000} | {l.CodedOnly.Width:0.000} | {l.Corrected.Coverage:0.000} | {l.Corrected.Width:0.000} |");
        s.AppendLine(c, $"| pooled | | {result.Labels.Average(l => l.Validated.Coverage):0.000} | | {result.Labels.Average(l => l.Validated.Width):0.000} | | | " +
                        $"{result.Labels.Average(l => l.Classifier.Coverage):0.000} | {result.Labels.Average(l => l.CodedOnly.Coverage):0.000} | " +
                        $"{result.Labels.Average(l => l.CodedOnly.Width):0.000} | {result.Labels.Average(l => l.Corrected.Coverage):0.000} | {result.Labels.Average(l => l.Corrected.Width):0.000} |");
        return s.ToString();
    }

    private sealed record Unit(string Key, int Truth, int Predicted, double Confidence);

    /// <summary>
    /// 20,000 (post, actor) units in 2 platforms × 3 actors of unequal sizes, each stratum with its own true shares; a
    /// classifier with class-dependent errors (neutral over-predicted, accuracy about 0.65) whose confidence is lower when it
    /// is wrong.
    /// </summary>
    private sealed class Corpus
    {
        public required IReadOnlyList<FrameUnit> Frame { get; init; }
        public required IReadOnlyDictionary<string, Unit> Units { get; init; }

        public static string ActorOf(string key) => key.Split('/')[1];

        public double Accuracy(Func<string, bool> inDomain)
        {
            var units = Units.Values.Where(u => inDomain(u.Key)).ToList();
            return units.Count(u => u.Predicted == u.Truth) / (double)units.Count;
        }

        private static readonly (string Platform, string Actor, int Units, double[] Shares)[] Strata =
        [
            ("telegram", "csto", 6000, [0.55, 0.35, 0.10]),
            ("telegram", "russia", 4000, [0.40, 0.40, 0.20]),
            ("telegram", "china", 2000, [0.25, 0.50, 0.25]),
            ("youtube", "csto", 3500, [0.45, 0.35, 0.20]),
            ("youtube", "russia", 3000, [0.30, 0.45, 0.25]),
            ("youtube", "china", 1500, [0.20, 0.45, 0.35]),
        ];

        /// <summary>P(predicted | true): rows true negative, neutral, positive.</summary>
        private static readonly double[][] Errors =
        [
            [0.60, 0.32, 0.08],
            [0.13, 0.74, 0.13],
            [0.07, 0.37, 0.56],
        ];

        public static Corpus Make(int seed)
        {
            var rng = DiscreteSampling.Generator(seed);
            var units = new Dictionary<string, Unit>();
            var frame = new List<FrameUnit>();
            foreach (var (platform, actor, count, shares) in Strata)
                for (var i = 0; i < count; i++)
                {
                    var key = $"{platform}/{actor}/{i:D5}";
                    var truth = Pick(rng, shares);
                    var predicted = Pick(rng, Errors[truth]);
                    // The classifier's top probability lies in [1/3, 1]: mean about 0.78 when right, 0.60 when wrong.
                    var confidence = 1 / 3.0 + 2 / 3.0 * (predicted == truth ? Beta.Sample(rng, 4, 2) : Beta.Sample(rng, 2, 3));
                    units[key] = new Unit(key, truth, predicted, confidence);
                    frame.Add(new FrameUnit(key, $"{platform}|{actor}", confidence));
                }
            // In key order, as the store gives it: the design then checks the order instead of sorting 20,000 keys per draw.
            frame.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            return new Corpus { Frame = frame, Units = units };
        }

        private static int Pick(Random rng, double[] p)
        {
            var u = rng.NextDouble();
            for (var i = 0; i < p.Length - 1; i++)
            {
                if (u < p[i]) return i;
                u -= p[i];
            }
            return p.Length - 1;
        }
    }
}
