using Portrayal.Statistics;
using Xunit;

namespace Portrayal.Tests.Statistics;

public class ContingencyAnalysisTests
{
    private static readonly string[] Stances = ["negative", "neutral", "positive"];

    [Fact]
    public void A_large_table_gets_chi_square_and_names_the_cells_that_drive_it()
    {
        // R's ?chisq.test party-identification table (gender × party); Xsq$stdres: Democrat ±4.50, Independent ±0.70,
        // Republican ∓5.32, so four cells pass 1.96 and the Independent column does not.
        int[,] m = { { 762, 327, 468 }, { 484, 239, 477 } };
        var r = ContingencyAnalysis.Analyse(m, ["F", "M"], ["Democrat", "Independent", "Republican"]);
        Assert.Equal(ContingencyTestKind.ChiSquare, r.Test);
        Assert.Equal(2.953589e-07, r.PValue, 12);
        Assert.Equal(4, r.DrivingCells.Count);
        Assert.DoesNotContain(r.DrivingCells, c => c.Column == "Independent");
        Assert.Equal(("F", "Republican"), (r.DrivingCells[0].Row, r.DrivingCells[0].Column)); // largest |residual| first
        Assert.Equal(-5.3159455, r.DrivingCells[0].Residual, 7);
        Assert.Equal(468, r.DrivingCells[0].Observed);
        Assert.Equal(
            "Pearson's chi-square test: χ²(2, n = 2,757) = 30.07, p < 0.001, Cramér's V = 0.10; chi-square was used because " +
            "every expected count is at least 5 (the smallest is 246.4).", r.Method);
    }

    [Fact]
    public void A_sparse_2x2_table_gets_Fisher_and_says_why()
    {
        // TeaTasting: every expected count is 2 → Fisher's exact test, R's p = 0.4857.
        var r = ContingencyAnalysis.Analyse(new[,] { { 3, 1 }, { 1, 3 } }, ["milk first", "tea first"], ["guessed milk", "guessed tea"]);
        Assert.Equal(ContingencyTestKind.FisherExact, r.Test);
        Assert.Equal(0.4857, r.PValue, 4);
        Assert.Equal(
            "Fisher's exact test (two-sided): n = 8, p = 0.486, Cramér's V = 0.50; an exact test was used because 4 of the 4 " +
            "expected counts are below 5 (the smallest is 2.0), too few for the chi-square approximation.", r.Method);
    }

    [Fact]
    public void A_sparse_larger_table_gets_the_exact_Freeman_Halton_test()
    {
        // R's Job table: fisher.test(Job) = 0.7827.
        int[,] job = { { 1, 3, 10, 6 }, { 2, 3, 10, 7 }, { 1, 6, 14, 12 }, { 0, 1, 9, 11 } };
        var r = ContingencyAnalysis.Analyse(job, ["<15k", "15-25k", "25-40k", ">40k"], ["VeryD", "LittleD", "ModerateS", "VeryS"]);
        Assert.Equal(ContingencyTestKind.FreemanHaltonExact, r.Test);
        Assert.Equal(0.7827, r.PValue, 4);
        Assert.StartsWith("Fisher–Freeman–Halton exact test (every table with the same margins enumerated): n = 96, p = 0.783", r.Method);
        Assert.Contains("an exact test was used because 8 of the 16 expected counts are below 5", r.Method);
    }

    [Fact]
    public void Beyond_the_enumeration_limit_it_uses_Monte_Carlo_and_reports_replicates_and_seed()
    {
        int[,] job = { { 1, 3, 10, 6 }, { 2, 3, 10, 7 }, { 1, 6, 14, 12 }, { 0, 1, 9, 11 } };
        var options = new ContingencyOptions(Replicates: 5_000, Seed: 42, MaxExactSteps: 100);
        var r = ContingencyAnalysis.Analyse(job, ["a", "b", "c", "d"], ["w", "x", "y", "z"], options);
        var again = ContingencyAnalysis.Analyse(job, ["a", "b", "c", "d"], ["w", "x", "y", "z"], options);
        Assert.Equal(ContingencyTestKind.FreemanHaltonMonteCarlo, r.Test);
        Assert.Equal(r.PValue, again.PValue);
        Assert.InRange(r.PValue, 0.7827 - 0.02, 0.7827 + 0.02);
        Assert.Contains("by Monte Carlo (5,000 random tables with the same margins, seed 42)", r.Method);
        Assert.Contains("and the table is too large to enumerate every table", r.Method);
    }

    [Fact]
    public void Empty_rows_and_columns_are_dropped_and_named()
    {
        int[,] t = { { 30, 20, 10 }, { 0, 0, 0 }, { 10, 20, 30 } };
        var r = ContingencyAnalysis.Analyse(t, ["telegram", "vk", "youtube"], Stances);
        Assert.Equal(["telegram", "youtube"], r.RowLabels);
        Assert.Equal(["vk"], r.DroppedRows);
        Assert.Equal(2, r.Counts.GetLength(0));
        Assert.Equal(ContingencyTestKind.ChiSquare, r.Test);
        Assert.EndsWith("; left out: vk (no units).", r.Method);
    }

    [Fact]
    public void A_table_with_one_non_empty_row_is_not_tested()
    {
        var r = ContingencyAnalysis.Analyse(new[,] { { 5, 3, 1 }, { 0, 0, 0 } }, ["telegram", "vk"], Stances);
        Assert.Equal(ContingencyTestKind.None, r.Test);
        Assert.True(double.IsNaN(r.PValue));
        Assert.Equal("No test of independence: only one row (telegram) has units; left out: vk (no units).", r.Method);
    }

    [Fact]
    public void Labels_must_match_the_table()
    {
        Assert.Throws<ArgumentException>(() => ContingencyAnalysis.Analyse(new[,] { { 1, 2 }, { 3, 4 } }, ["a"], ["x", "y"]));
    }
}
