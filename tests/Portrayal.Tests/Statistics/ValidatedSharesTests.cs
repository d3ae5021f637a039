using Portrayal.Statistics;
using Xunit;

namespace Portrayal.Tests.Statistics;

public class ValidatedSharesTests
{
    private static readonly string[] Stances = ["negative", "neutral", "positive"];

    // Student's t quantiles from R, qt(0.975, df), so the degrees of freedom are checked against an independent source.
    private const double T9 = 2.262157163;
    private const double T19 = 2.093024054;
    private const double T49 = 2.009575237;

    private static double[] OneHot(int label)
    {
        var coded = new double[3];
        coded[label] = 1;
        return coded;
    }

    private static DrawnCode Code(string key, int predicted, int truth, double pi, int stratumDrawn, string stratum = "all", string draw = "d1") =>
        new(key, draw, stratum, pi, stratumDrawn, predicted, OneHot(truth));

    /// <summary>A simple random sample of n codes from a domain of N units: predicted and true labels given in order.</summary>
    private static List<DrawnCode> Simple(int[] predicted, int[] truth, int units, string draw = "d1", string prefix = "u") =>
        predicted.Select((p, i) => Code($"{prefix}{i:D4}", p, truth[i], (double)predicted.Length / units, predicted.Length, draw: draw)).ToList();

    [Fact]
    public void A_simple_random_sample_gives_the_hand_computed_estimate_and_interval()
    {
        // 10 codes of 100 units (f = 0.1); the classifier says 30 / 45 / 25 over the 100.
        //   predicted 0 0 0 1 1 1 1 2 2 2
        //   coded     0 0 1 1 1 0 2 2 2 1
        // With equal probabilities the Hájek means are sample means and the design covariance is (1 − f)·s_yf/n, so
        // λ = Σₗ s(yₗ, fₗ) / Σₗ s²(fₗ) = (0.17778 + 0.04444 + 0.06667) / (0.23333 + 0.26667 + 0.23333) = 0.28889/0.73333 = 13/33.
        // negative: ȳ = 0.3, f̄ = 0.3 → θ̂ = λ·0.30 + 0.3 − λ·0.3 = 0.3; r = y − λf has s² = 0.17324, V = 0.9·s²/10 = 0.0155923.
        // neutral:  ȳ = 0.4, f̄ = 0.4 → θ̂ = λ·0.45 + 0.4 − λ·0.4 = 0.41970; V = 0.0245730.
        // positive: ȳ = 0.3, f̄ = 0.3 → θ̂ = λ·0.25 + 0.3 − λ·0.3 = 0.28030; V = 0.0155923. t(9) = 2.262157.
        // The floor 0.9·ẽ/10, ẽ = (t²/2)/(10 + t²) = 0.16925, is 0.0152329: just below, so it does not bind.
        var codes = Simple([0, 0, 0, 1, 1, 1, 1, 2, 2, 2], [0, 0, 1, 1, 1, 0, 2, 2, 2, 1], 100);
        var e = ValidatedShares.Estimate(Stances, codes, _ => true, new DomainCounts(100, [30, 45, 25]))!;
        Assert.Equal(13 / 33.0, e.Lambda, 12);
        Assert.Equal((10, 100, 1, false), (e.Coded, e.Units, e.Draws, e.Census));
        double[] share = [0.3, 0.4 + 13 / 33.0 * 0.05, 0.3 - 13 / 33.0 * 0.05];
        double[] variance = [0.015592286501377, 0.024573002754821, 0.015592286501377];
        for (var l = 0; l < 3; l++)
        {
            var s = e.Shares[l];
            Assert.Equal(share[l], s.Share, 12);
            Assert.Equal(Math.Sqrt(variance[l]), s.StandardError, 10);
            Assert.Equal(Math.Max(0, share[l] - T9 * s.StandardError), s.Low, 6);
            Assert.Equal(share[l] + T9 * s.StandardError, s.High, 6);
            Assert.Equal(new[] { 0.3, 0.45, 0.25 }[l], s.ClassifierShare, 12);
            Assert.Equal(new[] { 0.3, 0.4, 0.3 }[l], s.CodedShare, 12);
        }
        Assert.Equal(0.0, e["positive"].Low); // −0.0022, clipped
        Assert.Equal(1.0, e.Shares.Sum(s => s.Share), 12);
        Assert.Equal("prediction-powered estimate (PPI++, λ = 0.39) on 10 codes from 1 draw, Hájek-weighted by inclusion probability; 95% t interval (Satterthwaite degrees of freedom)", e.Method);
    }

    [Fact]
    public void A_perfect_classifier_gives_its_own_shares_with_a_narrow_interval_that_is_not_degenerate()
    {
        // 50 codes of 1,000 units, every code equal to the prediction: λ = 1, every residual 0, so the variance is the floor
        // (1 − 50/1000)·ẽ/50 with ẽ = (t²/2)/(50 + t²), t = t(49): as if about two disagreements had been seen.
        var predicted = Enumerable.Range(0, 50).Select(i => i % 5 == 0 ? 2 : i % 2).ToArray();
        var e = ValidatedShares.Estimate(Stances, Simple(predicted, predicted, 1000), _ => true, new DomainCounts(1000, [420, 380, 200]))!;
        var floor = 0.95 * (T49 * T49 / 2 / (50 + T49 * T49)) / 50;
        Assert.Equal(1.0, e.Lambda, 12);
        Assert.False(e.Census);
        foreach (var (s, f) in e.Shares.Zip([0.42, 0.38, 0.20]))
        {
            Assert.Equal(f, s.Share, 12);
            Assert.Equal(Math.Sqrt(floor), s.StandardError, 6);
            Assert.InRange(s.High - s.Low, 0.10, 0.11); // 2·t·SE = 0.1071
        }
    }

    [Fact]
    public void A_census_of_the_domain_gives_the_coded_shares_with_zero_width()
    {
        // Every one of the domain's 6 units is coded (two of them by coders who disagreed): the shares are known exactly.
        var codes = Simple([0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 2, 0], 6);
        codes[5] = codes[5] with { Coded = [0.5, 0, 0.5] };
        var e = ValidatedShares.Estimate(Stances, codes, _ => true, new DomainCounts(6, [2, 2, 2]))!;
        Assert.True(e.Census);
        double[] coded = [1.5 / 6, 3 / 6.0, 1.5 / 6];
        for (var l = 0; l < 3; l++)
        {
            var s = e.Shares[l];
            Assert.Equal(coded[l], s.Share, 12);
            Assert.Equal((s.Share, s.Share, 0.0), (s.Low, s.High, s.StandardError));
            Assert.Equal(coded[l], s.CodedShare, 12);
        }
        Assert.StartsWith("census of the domain: all 6 units coded", e.Method);
    }

    [Fact]
    public void A_classifier_that_says_one_label_everywhere_gets_no_weight_and_the_estimate_is_the_coded_one()
    {
        // Its predictions do not vary, so V(f̂) = 0 and λ = 0: the estimate is the design-weighted coded share.
        var truth = Enumerable.Range(0, 40).Select(i => i % 7 == 0 ? 2 : i % 3 == 0 ? 1 : 0).ToArray();
        var e = ValidatedShares.Estimate(Stances, Simple(Enumerable.Repeat(1, 40).ToArray(), truth, 2000), _ => true, new DomainCounts(2000, [0, 2000, 0]))!;
        Assert.Equal(0.0, e.Lambda);
        Assert.All(e.Shares, s => Assert.Equal(s.CodedShare, s.Share, 12));
        Assert.Equal(truth.Count(t => t == 0) / 40.0, e["negative"].Share, 12);
    }

    [Fact]
    public void A_classifier_that_guesses_gets_a_lambda_near_zero()
    {
        // Predictions independent of the codes: Cov(ŷ, f̂) is only noise, so λ is small and the estimate stays near the coded one.
        var rng = new Random(7);
        const int n = 2000, units = 100_000;
        var truth = Enumerable.Range(0, n).Select(_ => rng.Next(3)).ToArray();
        var guess = Enumerable.Range(0, n).Select(_ => rng.Next(3)).ToArray();
        var e = ValidatedShares.Estimate(Stances, Simple(guess, truth, units), _ => true, new DomainCounts(units, [50_000, 30_000, 20_000]))!;
        Assert.InRange(e.Lambda, 0, 0.1);
        Assert.All(e.Shares, s => Assert.InRange(s.Share - s.CodedShare, -0.02, 0.02));
    }

    [Fact]
    public void Codes_missing_from_a_stratum_raise_the_weight_of_the_ones_made()
    {
        // Two strata of 100 units, 10 drawn in each (π = 0.1). Only 5 of stratum a's draws are coded, so its codes stand for
        // 100/5 = 20 units each (π·m/n = 0.05), stratum b's for 10. The domain, units named x…, has 2 coded in a (negative) and
        // 3 in b (positive): 2·20 / (2·20 + 3·10) = 4/7 negative. Taking m_h as the domain's codes only (2 and 3) would give 1/2.
        var codes = new List<DrawnCode>();
        for (var i = 0; i < 5; i++) codes.Add(Code(i < 2 ? $"a/x{i}" : $"a/y{i}", 0, 0, 0.1, 10, "a"));
        for (var i = 0; i < 10; i++) codes.Add(Code(i < 3 ? $"b/x{i}" : $"b/y{i}", 2, 2, 0.1, 10, "b"));
        var e = ValidatedShares.Estimate(Stances, codes, c => c.Key.Contains("/x"), new DomainCounts(60, [25, 10, 25]))!;
        Assert.Equal(4 / 7.0, e["negative"].CodedShare, 12);
        Assert.Equal(3 / 7.0, e["positive"].CodedShare, 12);
        Assert.Equal(5, e.Coded);
        var whole = ValidatedShares.Estimate(Stances, codes, _ => true, new DomainCounts(200, [100, 0, 100]))!;
        Assert.Equal(0.5, whole["negative"].CodedShare, 12); // 5·20 / (5·20 + 10·10); unadjusted it would be 5/15
    }

    [Fact]
    public void Two_draws_are_combined_in_proportion_to_their_codes_in_the_domain()
    {
        // A classifier that says neutral everywhere (λ = 0), so the estimate is the codes'. Draw 1: 4 codes of 100 units,
        // 2 negative (0.5); draw 2: 6 codes, 1 negative (1/6). Weights 4/10 and 6/10 → 0.4·0.5 + 0.6/6 = 0.3.
        // Variances (1 − f)s²/n: draw 1 0.96·(1/3)/4 = 0.08, draw 2 0.94·(1/6)/6 = 0.0261111; combined 0.16·0.08 + 0.36·0.0261111 = 0.0222.
        // A third draw with no code in the domain gets weight 0.
        var codes = Simple([1, 1, 1, 1], [0, 0, 2, 2], 100, "d1", "a")
            .Concat(Simple([1, 1, 1, 1, 1, 1], [0, 1, 1, 2, 2, 2], 100, "d2", "b"))
            .Append(Code("elsewhere", 1, 0, 0.5, 1, draw: "d3")).ToList();
        var e = ValidatedShares.Estimate(Stances, codes, c => c.Key != "elsewhere", new DomainCounts(100, [0, 100, 0]))!;
        Assert.Equal((10, 2, 0.0), (e.Coded, e.Draws, e.Lambda));
        Assert.Equal(0.3, e["negative"].Share, 12);
        Assert.Equal(Math.Sqrt(0.0222), e["negative"].StandardError, 10);
        // t on Satterthwaite's degrees of freedom, not on 10 − 1: the parts 0.16·0.08 (4 codes) and 0.36·0.0261111 (6 codes)
        // give (Σv)²/Σ(v²/(m − 1)) = 0.0222² / (0.0128²/3 + 0.0094²/5) ≈ 6.82
        var degrees = 0.0222 * 0.0222 / (0.0128 * 0.0128 / 3 + 0.0094 * 0.0094 / 5);
        var t = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, degrees, 0.975);
        Assert.Equal(0.3 + t * Math.Sqrt(0.0222), e["negative"].High, 6);
        Assert.Contains("on 10 codes from 2 draws", e.Method);
    }

    [Fact]
    public void Strata_with_a_single_code_are_collapsed_so_their_variance_counts()
    {
        // One draw: strata s1 and s2 (50 units, 1 drawn each, π = 0.02), s3 (100 units, 4 drawn, π = 0.04); λ = 0.
        // Codes negative: s1 1, s2 0, s3 1 1 0 0. N̂ = 50 + 50 + 4·25 = 200, Ŷ = (50 + 50)/200 = 0.5, z = (y − 0.5)/200.
        // s1 and s2 form one stratum: z/π = ±0.125, Â = 0, V = 2/1·0.98·(2·0.125²) = 0.06125;
        // s3: z/π = ±0.0625, V = 4/3·0.96·(4·0.0625²) = 0.02. Total 0.08125.
        List<DrawnCode> codes =
        [
            Code("a", 1, 0, 0.02, 1, "s1"), Code("b", 1, 2, 0.02, 1, "s2"),
            Code("c", 1, 0, 0.04, 4, "s3"), Code("d", 1, 0, 0.04, 4, "s3"), Code("e", 1, 2, 0.04, 4, "s3"), Code("f", 1, 2, 0.04, 4, "s3"),
        ];
        var e = ValidatedShares.Estimate(Stances, codes, _ => true, new DomainCounts(200, [0, 200, 0]))!;
        Assert.Equal(0.5, e["negative"].Share, 12);
        Assert.Equal(Math.Sqrt(0.08125), e["negative"].StandardError, 10);
        Assert.Equal((0.0, 1.0), (e["negative"].Low, e["negative"].High)); // 0.5 ± t(5)·0.285 = ±0.73, clipped
    }

    [Fact]
    public void A_lone_single_code_stratum_joins_the_smallest_stratum()
    {
        // s1 (π = 0.02) has one code; it joins s2 (2 codes, π = 0.04) rather than s3 (4 codes). N̂ = 50 + 2·25 + 4·25 = 200,
        // Ŷ = (50 + 25 + 50)/200 = 0.625, z = (y − Ŷ)/200. {a, b, c}: z/π = 0.09375, −0.078125, 0.046875, Â = Σ(1 − π)z/π / Σ(1 − π)
        // = 0.0213362, V = 3/2·Σ(1 − π)(z/π − Â)² = 0.0228928; s3: z/π = 0.046875 or −0.078125, Â = −0.015625, V = 4/3·0.96·4·0.0625² = 0.02. Total 0.0428928
        // (joining s3 instead would give 0.0454250, dropping s1 0.035).
        List<DrawnCode> codes =
        [
            Code("a", 1, 0, 0.02, 1, "s1"), Code("b", 1, 2, 0.04, 2, "s2"), Code("c", 1, 0, 0.04, 2, "s2"),
            Code("d", 1, 0, 0.04, 4, "s3"), Code("e", 1, 0, 0.04, 4, "s3"), Code("f", 1, 2, 0.04, 4, "s3"), Code("g", 1, 2, 0.04, 4, "s3"),
        ];
        var e = ValidatedShares.Estimate(Stances, codes, _ => true, new DomainCounts(200, [0, 200, 0]))!;
        Assert.Equal(Math.Sqrt(0.0428927801724138), e["negative"].StandardError, 10);
    }

    [Fact]
    public void The_difference_of_two_domains_has_the_variance_of_both()
    {
        // One simple random sample of 40 codes from 1,000 units, 20 from telegram and 20 from youtube. Each domain has its own λ;
        // under simple random sampling the linearised variables of two disjoint domains are uncorrelated (each sums to 0
        // over the sample), so V(A − B) = V(A) + V(B); t on min(20, 20) − 1 = 19 degrees of freedom.
        var rng = new Random(3);
        var codes = new List<DrawnCode>();
        for (var i = 0; i < 40; i++)
        {
            var truth = rng.Next(3);
            var predicted = rng.NextDouble() < 0.6 ? truth : rng.Next(3);
            codes.Add(Code($"{(i % 2 == 0 ? "tg" : "yt")}/{i:D3}", predicted, truth, 0.04, 40));
        }
        DomainCounts telegram = new(600, [200, 300, 100]), youtube = new(400, [100, 200, 100]);
        Func<DrawnCode, bool> inA = c => c.Key.StartsWith("tg", StringComparison.Ordinal), inB = c => c.Key.StartsWith("yt", StringComparison.Ordinal);
        var a = ValidatedShares.Estimate(Stances, codes, inA, telegram)!;
        var b = ValidatedShares.Estimate(Stances, codes, inB, youtube)!;
        var d = ValidatedShares.Difference(Stances, codes, inA, telegram, inB, youtube)!;
        for (var l = 0; l < 3; l++)
        {
            Assert.Equal(a.Shares[l].Share - b.Shares[l].Share, d[l].Difference, 12);
            Assert.Equal(a.Shares[l].StandardError * a.Shares[l].StandardError + b.Shares[l].StandardError * b.Shares[l].StandardError,
                d[l].StandardError * d[l].StandardError, 12);
            Assert.Equal(d[l].Difference - T19 * d[l].StandardError, d[l].Low, 6);
            Assert.Equal(d[l].Difference + T19 * d[l].StandardError, d[l].High, 6);
        }
        Assert.Null(ValidatedShares.Difference(Stances, codes, inA, telegram, _ => false, youtube));
    }

    [Fact]
    public void A_domain_without_codes_has_no_estimate()
    {
        var codes = Simple([0, 1], [0, 1], 100);
        Assert.Null(ValidatedShares.Estimate(Stances, codes, _ => false, new DomainCounts(50, [10, 20, 20])));
    }

    [Fact]
    public void Shares_sum_to_one_when_none_is_clipped()
    {
        var rng = new Random(11);
        var truth = Enumerable.Range(0, 120).Select(_ => rng.Next(3)).ToArray();
        var predicted = truth.Select(t => rng.NextDouble() < 0.65 ? t : rng.Next(3)).ToArray();
        var e = ValidatedShares.Estimate(Stances, Simple(predicted, truth, 5000), _ => true, new DomainCounts(5000, [1800, 2000, 1200]))!;
        Assert.All(e.Shares, s => Assert.InRange(s.Share, 0.01, 0.99));
        Assert.Equal(1.0, e.Shares.Sum(s => s.Share), 12);
        Assert.Equal(1.0, e.Shares.Sum(s => s.CodedShare), 12);
        Assert.InRange(e.Lambda, 0.01, 0.99);
    }

    [Fact]
    public void More_codes_are_needed_for_a_narrower_interval()
    {
        var rng = new Random(5);
        var truth = Enumerable.Range(0, 100).Select(_ => rng.Next(3)).ToArray();
        var predicted = truth.Select(t => rng.NextDouble() < 0.65 ? t : rng.Next(3)).ToArray();
        var e = ValidatedShares.Estimate(Stances, Simple(predicted, truth, 10_000), _ => true, new DomainCounts(10_000, [3300, 3400, 3300]))!;
        var half = (e["negative"].High - e["negative"].Low) / 2;
        Assert.Equal(0, ValidatedShares.AdditionalCodes(e, 0, half * 1.01));
        Assert.Equal(0, ValidatedShares.AdditionalCodes(e, 0, 0.5));
        var needed = new[] { 0.08, 0.05, 0.03, 0.02, 0.01 }.Select(h => ValidatedShares.AdditionalCodes(e, 0, h)).ToArray();
        Assert.True(needed.Zip(needed.Skip(1)).All(p => p.First < p.Second), string.Join(", ", needed));
        // Halving the half-width needs about four times the codes (a little less: the finite population correction and t shrink).
        var quarter = ValidatedShares.AdditionalCodes(e, 0, half / 2) + 100;
        Assert.InRange(quarter, 350, 400);
        Assert.True(ValidatedShares.AdditionalCodes(e, 0, 0.0001) <= 10_000 - 100);
    }

    [Fact]
    public void Codes_for_a_prior_are_the_fewest_that_reach_the_half_width()
    {
        // Residual variance 0.35 (accuracy 0.65), 10,000 units, ±5 points: about 1.96²·0.35/0.05² = 538 without the finite
        // population correction, 1/(0.05²/(1.96²·0.35) + 1/10,000) ≈ 510 with it. The answer m is the least with
        // t(m − 1)·√(0.35·(1/m − 1/N)) ≤ 0.05.
        var m = ValidatedShares.CodesForPrior(0.35, 10_000, 0.05);
        double Half(int codes) => MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, codes - 1, 0.975) * Math.Sqrt(0.35 * (1.0 / codes - 1.0 / 10_000));
        Assert.InRange(m, 505, 520);
        Assert.True(Half(m) <= 0.05 && Half(m - 1) > 0.05, $"{m}: {Half(m):0.00000}, {m - 1}: {Half(m - 1):0.00000}");
        Assert.True(ValidatedShares.CodesForPrior(0.35, 10_000, 0.03) > m);
        Assert.Equal(300, ValidatedShares.CodesForPrior(0.35, 300, 0.001));
        Assert.Equal(0, ValidatedShares.CodesForPrior(0, 300, 0.05));
    }

    [Fact]
    public void Inconsistent_codes_are_refused()
    {
        var domain = new DomainCounts(100, [30, 40, 30]);
        var twice = Simple([0, 1], [0, 1], 100).Append(Code("u0000", 0, 0, 0.02, 2)).ToList();
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => ValidatedShares.Estimate(Stances, twice, _ => true, domain)).Message);
        var tooMany = Enumerable.Range(0, 3).Select(i => Code($"u{i}", 0, 0, 0.02, 2)).ToList();
        Assert.Throws<ArgumentException>(() => ValidatedShares.Estimate(Stances, tooMany, _ => true, domain));
        var badShares = new List<DrawnCode> { new("u", "d", "all", 0.1, 1, 0, [0.5, 0.2, 0.2]) };
        Assert.Throws<ArgumentException>(() => ValidatedShares.Estimate(Stances, badShares, _ => true, domain));
        Assert.Throws<ArgumentException>(() => ValidatedShares.Estimate(Stances, Simple([0], [0], 100), _ => true, new DomainCounts(100, [30, 40])));
    }
}
