using Portrayal.Statistics;
using Xunit;

namespace Portrayal.Tests.Statistics;

public class ContingencyTests
{
    // R's ?chisq.test example, from Agresti (2007) p. 39: party identification by gender.
    // M <- as.table(rbind(c(762, 327, 468), c(484, 239, 477)))
    private static readonly int[,] PartyByGender = { { 762, 327, 468 }, { 484, 239, 477 } };

    // R's ?fisher.test examples.
    private static readonly int[,] TeaTasting = { { 3, 1 }, { 1, 3 } };           // matrix(c(3, 1, 1, 3), nrow = 2)
    private static readonly int[,] Convictions = { { 2, 15 }, { 10, 3 } };        // matrix(c(2, 10, 15, 3), nrow = 2)

    // Job <- matrix(c(1,2,1,0, 3,3,6,1, 10,10,14,9, 6,7,12,11), 4, 4) (column-major), Agresti (2002) p. 57.
    private static readonly int[,] Job = { { 1, 3, 10, 6 }, { 2, 3, 10, 7 }, { 1, 6, 14, 12 }, { 0, 1, 9, 11 } };

    // MP6 <- rbind(...), the 6th example of Mehta & Patel's JASA paper, also in ?fisher.test.
    private static readonly int[,] MP6 =
    {
        { 1, 2, 2, 1, 1, 0, 1 }, { 2, 0, 0, 2, 3, 0, 0 }, { 0, 1, 1, 1, 2, 7, 3 }, { 1, 1, 2, 0, 0, 0, 1 }, { 0, 1, 1, 1, 1, 0, 0 },
    };

    [Fact]
    public void Chi_square_matches_R_on_the_party_identification_table()
    {
        // R 4.x, chisq.test(M) prints "X-squared = 30.07, df = 2, p-value = 2.954e-07"; Xsq$p.value is 2.953589e-07
        // (output of the ?chisq.test example as rendered in R Markdown, found with code search).
        var t = Contingency.ChiSquare(PartyByGender);
        Assert.Equal(30.07, t.Statistic, 2);
        Assert.Equal(2, t.DegreesOfFreedom);
        Assert.Equal(2.953589e-07, t.PValue, 12);
    }

    [Fact]
    public void Expected_counts_and_adjusted_residuals_match_R()
    {
        // Xsq$expected:  F 703.6714 319.6453 533.6834 / M 542.3286 246.3547 411.3166
        // Xsq$stdres:    F 4.5020535 0.6994517 -5.3159455 / M -4.5020535 -0.6994517 5.3159455
        // (same source as above; the stdres also in the chisq.posthoc.test example on rdrr.io, and rounded in Agresti,
        // Categorical Data Analysis, 2nd ed., Table 3.2: 4.50, 0.70, -5.32 / -4.50, -0.70, 5.32).
        var t = Contingency.ChiSquare(PartyByGender);
        double[,] expected = { { 703.6714, 319.6453, 533.6834 }, { 542.3286, 246.3547, 411.3166 } };
        double[,] stdres = { { 4.5020535, 0.6994517, -5.3159455 }, { -4.5020535, -0.6994517, 5.3159455 } };
        for (var i = 0; i < 2; i++)
        for (var j = 0; j < 3; j++)
        {
            Assert.Equal(expected[i, j], t.Expected[i, j], 4);
            Assert.Equal(stdres[i, j], t.StandardizedResiduals[i, j], 7);
        }
    }

    [Fact]
    public void Cramers_V_matches_a_published_value()
    {
        // confintr::cramersv(mtcars[c("am", "vs")]) = 0.1683451 (confintr reference page,
        // https://mayer79.github.io/confintr/reference/cramersv.html); table(mtcars$am, mtcars$vs) = 12 7 / 6 7.
        Assert.Equal(0.1683451, Contingency.ChiSquare(new[,] { { 12, 7 }, { 6, 7 } }).CramersV, 7);
    }

    [Fact]
    public void Cramers_V_of_the_party_table_follows_from_its_chi_square()
    {
        // V = sqrt(X² / (n (min(r, c) - 1))) = sqrt(30.07 / (2757 × 1)) = 0.1044 with R's printed X-squared and n = 2757.
        Assert.Equal(Math.Sqrt(30.07 / 2757), Contingency.ChiSquare(PartyByGender).CramersV, 4);
    }

    [Theory]
    // TeaTasting: R prints p-value = 0.4857 (two-sided), 0.2429 (alternative = "greater", also in ?fisher.test's comment),
    // 0.9857 ("less"); Convictions: 0.0005367 (two-sided), 0.0004652 ("less"). Printed R output quoted in the README of
    // Paradigm4/superfunpack (fisher_test_p_value) and in R Markdown outputs found with code search.
    [InlineData("tea", Alternative.TwoSided, 0.4857)]
    [InlineData("tea", Alternative.Greater, 0.2429)]
    [InlineData("tea", Alternative.Less, 0.9857)]
    [InlineData("convictions", Alternative.TwoSided, 0.0005367)]
    [InlineData("convictions", Alternative.Less, 0.0004652)]
    public void Fisher_2x2_matches_R(string table, Alternative alternative, double expected)
    {
        var t = table == "tea" ? TeaTasting : Convictions;
        var p = Contingency.Fisher2x2(t, alternative).PValue;
        Assert.Equal(expected, p, expected < 0.001 ? 7 : 4);
    }

    [Fact]
    public void Fisher_two_sided_tea_tasting_is_the_exact_fraction()
    {
        // Hypergeometric probabilities of 0..4 correct: 1, 16, 36, 16, 1 (/70); tables no more probable than 3 correct:
        // 0, 1, 3, 4 → (1 + 16 + 16 + 1) / 70 = 34/70 = 0.4857143.
        Assert.Equal(34.0 / 70, Contingency.Fisher2x2(TeaTasting).PValue, 12);
    }

    [Fact]
    public void Freeman_Halton_exact_matches_R_on_the_job_satisfaction_table()
    {
        // fisher.test(Job) # 0.7827, in ?fisher.test and its printed output ("p-value = 0.7827").
        var t = Contingency.FreemanHaltonExact(Job);
        Assert.NotNull(t);
        Assert.Equal(0.7827, t.PValue, 4);
        Assert.Equal(ExactMethod.FreemanHaltonExact, t.Method);
    }

    [Fact]
    public void Freeman_Halton_exact_matches_R_on_Mehta_and_Patels_table()
    {
        // fisher.test(MP6) p-value = 0.03929 (the ?fisher.test example; value as quoted from R in a public Python test
        // suite's comment, "R: fisher.test(MP6) p-value = 0.03929", found with code search).
        var t = Contingency.FreemanHaltonExact(MP6);
        Assert.NotNull(t);
        Assert.Equal(0.03929, t.PValue, 5);
    }

    [Fact]
    public void Freeman_Halton_on_a_2x2_table_is_Fisher_two_sided()
    {
        Assert.Equal(Contingency.Fisher2x2(TeaTasting).PValue, Contingency.FreemanHaltonExact(TeaTasting)!.PValue, 12);
        Assert.Equal(Contingency.Fisher2x2(Convictions).PValue, Contingency.FreemanHaltonExact(Convictions)!.PValue, 12);
    }

    [Fact]
    public void Monte_Carlo_is_near_the_exact_p_and_repeats_with_its_seed()
    {
        // fisher.test(Job, simulate.p.value = TRUE, B = 1e5) is "also close to 0.78" (?fisher.test); with 20,000 tables the
        // standard error is sqrt(0.78 × 0.22 / 20000) = 0.003, so 0.01 is over three standard errors.
        var a = Contingency.FreemanHaltonMonteCarlo(Job, 20_000, seed: 7);
        var b = Contingency.FreemanHaltonMonteCarlo(Job, 20_000, seed: 7);
        Assert.InRange(a.PValue, 0.7827 - 0.01, 0.7827 + 0.01);
        Assert.Equal(a.PValue, b.PValue);
        Assert.Equal(20_000, a.Replicates);
        Assert.Equal(7, a.Seed);
    }

    [Fact]
    public void Monte_Carlo_finds_a_strong_association_as_strong()
    {
        // Convictions two-sided exact p = 0.0005367: with 10,000 tables about 5 are as extreme, p ≈ (1 + 5) / 10001.
        var p = Contingency.FreemanHaltonMonteCarlo(Convictions, 10_000, seed: 1).PValue;
        Assert.InRange(p, 1.0 / 10_001, 0.0025);
    }

    [Fact]
    public void Exact_enumeration_agrees_with_brute_force_on_random_small_tables()
    {
        // Brute force: every table with the margins, probabilities from the multivariate hypergeometric formula, summed
        // when no more probable than the observed (R's rule). The network enumeration must give the same p.
        var rng = new Random(12345);
        for (var round = 0; round < 60; round++)
        {
            var r = rng.Next(2, 5);
            var c = rng.Next(2, 5);
            var t = new int[r, c];
            for (var i = 0; i < r; i++)
            for (var j = 0; j < c; j++)
                t[i, j] = rng.Next(0, r * c <= 6 ? 10 : r * c <= 9 ? 6 : 4); // small enough for brute force
            if (RowOrColumnEmpty(t)) continue;
            var brute = BruteForceP(t);
            var network = Contingency.FreemanHaltonExact(t)!.PValue;
            Assert.True(Math.Abs(brute - network) < 1e-9, $"round {round}: brute force {brute}, network {network}");
        }
    }

    [Fact]
    public void Exact_gives_up_beyond_its_work_limit_and_Exact_falls_back_to_Monte_Carlo()
    {
        Assert.Null(Contingency.FreemanHaltonExact(Job, maxSteps: 10));
        var t = Contingency.Exact(Job, replicates: 2_000, seed: 3, maxSteps: 10);
        Assert.Equal(ExactMethod.FreemanHaltonMonteCarlo, t.Method);
        Assert.Equal(2_000, t.Replicates);
    }

    [Fact]
    public void Negative_counts_and_empty_margins_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Contingency.ChiSquare(new[,] { { 1, -1 }, { 2, 3 } }));
        Assert.Throws<ArgumentException>(() => Contingency.ChiSquare(new[,] { { 0, 0 }, { 2, 3 } }));
    }

    private static bool RowOrColumnEmpty(int[,] t)
    {
        for (var i = 0; i < t.GetLength(0); i++)
            if (Enumerable.Range(0, t.GetLength(1)).Sum(j => t[i, j]) == 0) return true;
        for (var j = 0; j < t.GetLength(1); j++)
            if (Enumerable.Range(0, t.GetLength(0)).Sum(i => t[i, j]) == 0) return true;
        return false;
    }

    private static double BruteForceP(int[,] observed)
    {
        var r = observed.GetLength(0);
        var c = observed.GetLength(1);
        var rows = Enumerable.Range(0, r).Select(i => Enumerable.Range(0, c).Sum(j => observed[i, j])).ToArray();
        var cols = Enumerable.Range(0, c).Select(j => Enumerable.Range(0, r).Sum(i => observed[i, j])).ToArray();
        var n = rows.Sum();
        double LnF(int x) => MathNet.Numerics.SpecialFunctions.FactorialLn(x);
        var k = rows.Sum(LnF) + cols.Sum(LnF) - LnF(n);
        double LogP(int[,] t) => k - t.Cast<int>().Sum(LnF);
        var limit = LogP(observed) + Math.Log(1 + 1e-7);
        var p = 0.0;
        var t = new int[r, c];
        var rowLeft = (int[])rows.Clone();
        var colLeft = (int[])cols.Clone();

        void Fill(int cell)
        {
            if (cell == r * c)
            {
                var lp = LogP(t);
                if (lp <= limit) p += Math.Exp(lp);
                return;
            }
            var i = cell / c;
            var j = cell % c;
            var lo = j == c - 1 ? rowLeft[i] : 0;
            if (i == r - 1) lo = colLeft[j];
            var hi = Math.Min(rowLeft[i], colLeft[j]);
            if (j == c - 1) hi = Math.Min(hi, rowLeft[i]);
            for (var v = lo; v <= hi; v++)
            {
                if (j == c - 1 && v != rowLeft[i]) continue;
                if (i == r - 1 && v != colLeft[j]) continue;
                t[i, j] = v;
                rowLeft[i] -= v;
                colLeft[j] -= v;
                Fill(cell + 1);
                rowLeft[i] += v;
                colLeft[j] += v;
            }
        }

        Fill(0);
        return p;
    }
}
