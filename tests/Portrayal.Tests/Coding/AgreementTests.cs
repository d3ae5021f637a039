using Portrayal.Coding;
using Portrayal.Corpus;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Coding;

/// <summary>Krippendorff's alpha and Cohen's kappa against published worked examples; the bootstrap is reproducible.</summary>
public class AgreementTests
{
    /// <summary>
    /// Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for Communication,
    /// University of Pennsylvania (https://repository.upenn.edu/asc_papers/43), section E, "Nominal data, any number
    /// of observers, missing data": observers A–D, units 1–12, '.' a missing value. Published: α nominal = 0.743,
    /// ordinal = 0.815, interval = 0.849, ratio = 0.797.
    /// </summary>
    private static readonly string?[][] Krippendorff2011 =
    [
        ["1", "2", "3", "3", "2", "1", "4", "1", "2", null, null, null],  // A
        ["1", "2", "3", "3", "2", "2", "4", "1", "2", "5", null, "3"],    // B
        [null, "3", "3", "3", "2", "3", "4", "2", "2", "5", "1", null],   // C
        ["1", "2", "3", "3", "2", "4", "4", "1", "2", "5", "1", null],    // D
    ];

    private static List<CodeValue> KrippendorffCodes() =>
        [.. Krippendorff2011.SelectMany((row, coder) => row.Select((v, unit) => (v, unit))
            .Where(x => x.v is not null)
            .Select(x => new CodeValue($"u{x.unit + 1:00}", "ABCD"[coder].ToString(), "v", x.v!, 0)))];

    private static List<int[]> KrippendorffUnits() =>
        Enumerable.Range(0, 12).Select(u => Krippendorff2011.Select(row => row[u]).Where(v => v is not null).Select(v => int.Parse(v!) - 1).ToArray()).ToList();

    [Theory]
    [InlineData(AlphaMetric.Nominal, 0.743)]
    [InlineData(AlphaMetric.Ordinal, 0.815)]
    [InlineData(AlphaMetric.Interval, 0.849)]
    [InlineData(AlphaMetric.Ratio, 0.797)]
    public void Alpha_matches_Krippendorffs_worked_example(AlphaMetric metric, double published)
    {
        double[] scale = [1, 2, 3, 4, 5];
        Assert.Equal(published, Agreement.Alpha(KrippendorffUnits(), scale, metric), 3);
    }

    [Fact]
    public void Compute_reads_long_form_codes_and_leaves_out_units_coded_once()
    {
        var result = Assert.Single(Agreement.Compute(KrippendorffCodes(), seed: 7));
        Assert.Equal(0.743, result.Nominal.Value, 3);
        Assert.Equal(0.815, result.Ordinal!.Value.Value, 3);   // numeric values: ordered by number
        Assert.Equal(11, result.Units);                            // unit 12 was coded by B alone
        Assert.Equal(4, result.Coders);
        Assert.Equal(40, result.PairableValues);                   // Krippendorff's n = 40
        Assert.Equal(6, result.Kappas.Count);                      // every pair of four coders
        Assert.True(result.Nominal.Low < result.Nominal.Value && result.Nominal.Value <= result.Nominal.High);
        // Units 2 (C: 3), 6 (1, 2, 3, 4) and 8 (C: 2) are the disagreements.
        Assert.Equal(["u02", "u06", "u08"], result.Disagreements.Select(d => d.Unit));
    }

    /// <summary>
    /// Cohen's kappa, worked example of easycalculation.com ("Cohen's kappa index", 20 patients, two doctors):
    /// both yes 12, B yes A no 2, B no A yes 4, both no 2; p_o = 0.7, p_e = 0.62, κ = 0.08 / 0.38 = 0.21.
    /// And Wikipedia's "Cohen's kappa" example 1 (50 grant proposals: 20 yes/yes, 5 A yes B no, 10 A no B yes, 15 no/no): κ = 0.4.
    /// </summary>
    [Fact]
    public void Kappa_matches_published_examples()
    {
        var doctors = Pairs(("yes", "yes", 12), ("no", "yes", 2), ("yes", "no", 4), ("no", "no", 2));
        Assert.Equal(0.08 / 0.38, Agreement.CohenKappa(doctors), 9);
        Assert.Equal(0.21, Agreement.CohenKappa(doctors), 2);

        var proposals = Pairs(("yes", "yes", 20), ("yes", "no", 5), ("no", "yes", 10), ("no", "no", 15));
        Assert.Equal(0.4, Agreement.CohenKappa(proposals), 9);
    }

    private static List<(string, string)> Pairs(params (string A, string B, int Count)[] cells) =>
        [.. cells.SelectMany(c => Enumerable.Repeat((c.A, c.B), c.Count))];

    [Fact]
    public void The_same_seed_gives_the_same_intervals_and_another_seed_other_ones()
    {
        var a = Agreement.Compute(KrippendorffCodes(), seed: 3).Single();
        var b = Agreement.Compute(KrippendorffCodes(), seed: 3).Single();
        var c = Agreement.Compute(KrippendorffCodes(), seed: 4).Single();
        Assert.Equal(a.Nominal, b.Nominal);
        Assert.Equal(a.Kappas.Select(k => k.Kappa), b.Kappas.Select(k => k.Kappa));
        Assert.NotEqual(a.Nominal, c.Nominal);
    }

    [Fact]
    public void Stance_values_are_ordered_negative_neutral_positive()
    {
        Assert.Equal(StanceLabels.All, Agreement.OrderOf(["positive", "negative", "neutral"]));
        Assert.Null(Agreement.OrderOf(["red", "blue"]));
        // Negative against positive is a bigger disagreement than negative against neutral.
        List<CodeValue> Codes(string second) =>
        [
            new("1", "a", "s", "negative", 0), new("1", "b", "s", second, 0),
            new("2", "a", "s", "neutral", 0), new("2", "b", "s", "neutral", 0),
            new("3", "a", "s", "positive", 0), new("3", "b", "s", "positive", 0),
            new("4", "a", "s", "negative", 0), new("4", "b", "s", "negative", 0),
        ];
        var near = Agreement.Compute(Codes("neutral")).Single();
        var far = Agreement.Compute(Codes("positive")).Single();
        Assert.Equal(near.Nominal.Value, far.Nominal.Value, 9);
        Assert.True(near.Ordinal!.Value.Value > far.Ordinal!.Value.Value);
    }

    [Fact]
    public void A_bad_row_is_an_error_naming_the_file_and_line()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("codes.csv"), "unit,coder,variable,value\n1,a,s,x\n1,,s,y\n");
        var e = Assert.Throws<InputError>(() => Agreement.ReadLong(tmp.File("codes.csv")));
        Assert.Contains("codes.csv", e.ToString());
        Assert.Contains("line 3", e.ToString());
    }
}
