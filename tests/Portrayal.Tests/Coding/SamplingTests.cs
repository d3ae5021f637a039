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

    [Fact]
    public void Uncertain_sampling_proposes_the_least_confident_units_of_each_stratum_and_skips_coded_ones()
    {
        // confidence rises with the unit number, so the least sure units are the first of each stratum
        var units = Units().Select(r => r with { Confidence = 0.34 + r.PostId / 2000.0 }).ToList();
        var coded = new HashSet<string> { Sampling.UnitOf("telegram", "acc", "p001", "csto") };
        var rows = Sampling.Draw(units, Options() with { Uncertain = true, Exclude = coded });
        var chosen = rows.Select(r => r.Unit).Distinct().ToList();
        Assert.Equal(90, chosen.Count);
        Assert.DoesNotContain(coded.Single(), chosen);
        // telegram csto: 400 units, 40 drawn: the 40 least confident after p001 are p002 … p059 (every third is russia)
        var telegramCsto = rows.Where(r => r.Platform == "telegram" && r.Actor == "csto").Select(r => int.Parse(r.PostId[1..])).Distinct().ToList();
        Assert.Equal(40, telegramCsto.Count);
        Assert.True(telegramCsto.Max() < 62, $"the least confident telegram csto units end at p0{telegramCsto.Max()}");
        Assert.NotEqual(chosen.ToHashSet(), Sampling.Draw(units, Options()).Select(r => r.Unit).ToHashSet());
    }

    [Fact]
    public void The_same_seed_draws_the_same_units_in_any_input_order()
    {
        var a = Sampling.Draw(Units(), Options());
        var b = Sampling.Draw(Enumerable.Reverse(Units()), Options());
        var c = Sampling.Draw(Units(), Options(seed: 6));
        Assert.Equal(a, b);
        Assert.NotEqual(a.Select(r => r.Unit).ToHashSet(), c.Select(r => r.Unit).ToHashSet());
    }

    [Fact]
    public void Strata_get_their_proportional_share_and_the_overlap_is_coded_by_every_coder()
    {
        var rows = Sampling.Draw(Units(), Options());
        var units = rows.GroupBy(r => r.Unit).ToList();
        Assert.Equal(90, units.Count);
        // telegram: 400 csto, 200 russia; youtube: 200 csto, 100 russia → 40, 20, 20, 10 of 90.
        Assert.Equal(40, units.Count(u => u.First().Platform == "telegram" && u.First().Actor == "csto"));
        Assert.Equal(20, units.Count(u => u.First().Platform == "telegram" && u.First().Actor == "russia"));
        Assert.Equal(20, units.Count(u => u.First().Platform == "youtube" && u.First().Actor == "csto"));
        Assert.Equal(10, units.Count(u => u.First().Platform == "youtube" && u.First().Actor == "russia"));
        Assert.Equal(18, units.Count(u => u.Select(r => r.Coder).Order().SequenceEqual(["alice", "bob"])));  // 20% of 90
        Assert.Equal(72, units.Count(u => u.Count() == 1));
        Assert.Equal(36, rows.Count(r => r.Coder == "alice") - 18);                                        // the rest split evenly
    }

    [Fact]
    public void Largest_remainder_allocation_gives_the_leftover_to_the_largest_remainders()
    {
        Assert.Equal([4, 3, 3], Sampling.Allocate([5, 3, 3], 10));
        Assert.Equal([2, 1, 1], Sampling.Allocate([50, 30, 20], 4)); // quotas 2.0, 1.2, 0.8
    }

    [Theory]
    [InlineData("sheet.csv")]
    [InlineData("sheet.xlsx")]
    public void A_filled_sheet_round_trips_into_coded_csv_and_importing_twice_changes_nothing(string name)
    {
        using var tmp = new TempDir();
        var rows = Sampling.Draw(Units(), Options()).ToList();
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
    }

    [Fact]
    public void An_unknown_stance_is_rejected_with_its_line()
    {
        using var tmp = new TempDir();
        var rows = Sampling.Draw(Units(), Options()).Take(3).Select(r => r with { Stance = "neutral" }).ToList();
        rows[2] = rows[2] with { Stance = "hostile" };
        CodingSheet.Write(tmp.File("sheet.csv"), rows);
        var e = Assert.Throws<InputError>(() => CodingSheet.Import(tmp.File("sheet.csv"), tmp.File("coded.csv")));
        Assert.Equal("line 4", e.Position);
        Assert.Contains("hostile", e.Message);
        Assert.False(File.Exists(tmp.File("coded.csv")));
    }
}
