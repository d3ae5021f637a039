using Portrayal.Coding;
using Portrayal.Corpus;
using Portrayal.Pipeline;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Coding;

/// <summary>Reproducible stratified samples, overlap for every coder, and coding sheets back into coded.csv.</summary>
public class SamplingTests
{
    /// <summary>600 telegram units and 300 youtube units, each about csto or russia.</summary>
    private static List<ActorStanceRow> Units() =>
        [.. Enumerable.Range(0, 900).Select(i => new ActorStanceRow(i, i < 600 ? "telegram" : "youtube", "acc", null, $"p{i:000}",
            DateTimeOffset.UnixEpoch.AddDays(i), "ru", i % 3 == 0 ? "russia" : "csto", "neutral", 0.5, "t", [], $"text {i}", null, null, null))];

    private static SampleOptions Options(int seed = 5) => new(90, ["platform", "actor"], 0.2, ["alice", "bob"], seed);

    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2022-02-01T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static IReadOnlyList<SheetRow> Rows(IEnumerable<ActorStanceRow> units, SampleOptions options) => Sampling.Draw(units, options, At).Rows;

    [Fact]
    public void Uncertainty_sampling_draws_more_of_the_unsure_units_and_records_every_units_probability()
    {
        // confidence rises with the unit number, so the least sure units are the first of each stratum
        var units = Units().Select(r => r with { Confidence = 0.34 + int.Parse(r.NativeId[1..]) / 1400.0 }).ToList();
        var draw = Sampling.Draw(units, Options() with { Uncertain = true }, At);
        Assert.Equal("uncertainty", draw.Record.Design);
        Assert.Equal(90, draw.Record.Units.Count);
        var telegramCsto = draw.Record.Units.Where(u => u.Stratum == "telegram|csto").ToList();
        Assert.Equal(39, telegramCsto.Count); // two per stratum first, the other 82 in proportion
        // the least sure half of the stratum is drawn more often than the surer half, over many draws
        static int Number(string key) => int.Parse(key.Split('/')[2][1..]);
        var unsure = Enumerable.Range(1, 100).Average(seed => Sampling.Draw(units, Options(seed) with { Uncertain = true }, At).Record.Units
            .Count(u => u.Stratum == "telegram|csto" && Number(u.Key) < 300));
        Assert.InRange(unsure, 39 * 0.51, 39 * 0.6); // a simple draw averages 19.5: half
        var first = telegramCsto.MinBy(u => int.Parse(u.Key.Split('/')[2][1..]))!;
        var last = telegramCsto.MaxBy(u => int.Parse(u.Key.Split('/')[2][1..]))!;
        Assert.True(first.InclusionProbability > last.InclusionProbability);
        Assert.All(draw.Rows, r => Assert.Equal(draw.Record.Id, r.Drawn!.Draw));
    }

    [Fact]
    public void Units_already_coded_are_drawn_but_left_out_of_the_sheet()
    {
        var all = Sampling.Draw(Units(), Options(), At);
        var coded = all.Record.Units.Take(5).Select(u => u.Key).ToHashSet();
        var again = Sampling.Draw(Units(), Options(), At, coded);
        Assert.Equal(all.Record.Id, again.Record.Id);
        Assert.Equal(all.Record.Units, again.Record.Units);
        Assert.Equal(5, again.AlreadyCoded);
        Assert.DoesNotContain(again.Rows, r => coded.Contains(r.Unit));
    }

    [Fact]
    public void The_same_seed_draws_the_same_units_in_any_input_order()
    {
        var a = Rows(Units(), Options());
        var b = Rows(Enumerable.Reverse(Units()), Options());
        var c = Rows(Units(), Options(seed: 6));
        Assert.Equal(a, b);
        Assert.NotEqual(a.Select(r => r.Unit).ToHashSet(), c.Select(r => r.Unit).ToHashSet());
        Assert.Equal(Sampling.Draw(Units(), Options(), At).Record.Id, Sampling.Draw(Units(), Options(), At.AddDays(1)).Record.Id);
    }

    [Fact]
    public void Strata_get_their_proportional_share_and_the_overlap_is_coded_by_every_coder()
    {
        var draw = Sampling.Draw(Units(), Options(), At);
        var units = draw.Rows.GroupBy(r => r.Unit).ToList();
        Assert.Equal(90, units.Count);
        // telegram: 400 csto, 200 russia; youtube: 200 csto, 100 russia → two each first, then 82 in proportion
        // (36.4, 18.2, 18.2, 9.1 → largest remainder 37, 18, 18, 9): 39, 20, 20, 11 of 90.
        Assert.Equal(39, units.Count(u => u.First().Platform == "telegram" && u.First().Actor == "csto"));
        Assert.Equal(20, units.Count(u => u.First().Platform == "telegram" && u.First().Actor == "russia"));
        Assert.Equal(20, units.Count(u => u.First().Platform == "youtube" && u.First().Actor == "csto"));
        Assert.Equal(11, units.Count(u => u.First().Platform == "youtube" && u.First().Actor == "russia"));
        Assert.Equal(39 / 400.0, units.First(u => u.First().Platform == "telegram" && u.First().Actor == "csto").First().Drawn!.InclusionProbability, 12);
        Assert.Equal(18, units.Count(u => u.Select(r => r.Coder).Order().SequenceEqual(["alice", "bob"])));  // 20% of 90
        Assert.Equal(72, units.Count(u => u.Count() == 1));
        Assert.Equal(36, draw.Rows.Count(r => r.Coder == "alice") - 18);                                        // the rest split evenly
        // each coder's rows come in the draw's random order, not sorted by unit
        var alice = draw.Rows.Where(r => r.Coder == "alice").Select(r => r.Unit).ToList();
        Assert.NotEqual(alice.Order(StringComparer.Ordinal), alice);
    }

    [Fact]
    public void Too_few_units_for_the_strata_is_a_clear_error()
    {
        var e = Assert.Throws<InputError>(() => Sampling.Draw(Units(), Options() with { N = 5 }, At));
        Assert.Equal("SA005", e.Code);
    }

    [Theory]
    [InlineData("sheet.csv")]
    [InlineData("sheet.xlsx")]
    public void A_filled_sheet_round_trips_into_coded_csv_and_importing_twice_changes_nothing(string name)
    {
        using var tmp = new TempDir();
        var rows = Rows(Units(), Options()).ToList();
        rows[0] = rows[0] with { Text = "=HYPERLINK(\"http://x\")" };
        CodingSheet.Write(tmp.File(name), rows);

        // The coders fill the sheet (every row but the last): read it, fill it, write it back.
        var read = CodingSheet.Read(tmp.File(name));
        Assert.Equal(rows.Count, read.Count);
        Assert.Equal(rows[1].Unit, read[1].Unit);
        Assert.StartsWith(name.EndsWith(".csv") ? "'=HYPERLINK" : "=HYPERLINK", read[0].Text);
        var filled = read.Select((r, i) => i == read.Count - 1 ? r : r with { Stance = StanceLabels.All[i % 3] }).ToList();
        CodingSheet.Write(tmp.File(name), filled);

        var coded = tmp.File("coded.csv");
        Assert.Equal((rows.Count - 1, 0, 1), CodingSheet.Import(tmp.File(name), coded));
        Assert.Equal((0, 0, 1), CodingSheet.Import(tmp.File(name), coded));
        var sample = CodedSample.Load(coded)!;
        Assert.Equal(rows.Count - 1, sample.Codes.Count);
        Assert.Equal(filled[1].Stance, sample.Codes[1].Stance);
        Assert.Equal(filled[1].PostId, sample.Codes[1].PostId);
        // how each unit was drawn travels from the sheet into coded.csv with its code
        Assert.Equal(rows[1].Drawn, sample.Codes[1].Drawn);
    }

    [Fact]
    public void An_unknown_stance_is_rejected_with_its_line()
    {
        using var tmp = new TempDir();
        var rows = Rows(Units(), Options()).Take(3).Select(r => r with { Stance = "neutral" }).ToList();
        rows[2] = rows[2] with { Stance = "hostile" };
        CodingSheet.Write(tmp.File("sheet.csv"), rows);
        var e = Assert.Throws<InputError>(() => CodingSheet.Import(tmp.File("sheet.csv"), tmp.File("coded.csv")));
        Assert.Equal("line 4", e.Position);
        Assert.Contains("hostile", e.Message);
        Assert.False(File.Exists(tmp.File("coded.csv")));
    }
}
