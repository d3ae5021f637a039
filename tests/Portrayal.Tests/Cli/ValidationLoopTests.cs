using System.Globalization;
using System.Text.Json;
using Portrayal.Coding;
using Portrayal.Tests.Narratives;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Cli;

/// <summary>
/// The validation loop through the real command line: run → sample → (a coder fills the sheet) → sheet import → run →
/// shares and plan; then plan --out draws more, and the estimates use every code of the extended draw.
/// </summary>
[Collection("Console")]
public class ValidationLoopTests
{
    /// <summary>The coder codes every row of the sheet as the sample's authors intended the post (the key).</summary>
    private static void Fill(string sheet)
    {
        var key = KeyPost.ReadSample().SelectMany(p => p.Actors.Select(a => (Unit: Sampling.UnitOf(p.Platform, p.Account, p.PostId, a.Key), Stance: a.Value)))
            .ToDictionary(x => x.Unit, x => x.Stance);
        CodingSheet.Write(sheet, CodingSheet.Read(sheet).Select(r => r with { Stance = key[r.Unit] }).ToList());
    }

    private static List<JsonElement> Shares(string workspace)
    {
        var (exit, output, err) = CliRunner.Run("shares", "--workspace", workspace, "--format", "jsonl");
        Assert.True(exit == 0, err);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    [Fact]
    public void Codes_drawn_by_sample_validate_the_shares_and_plan_says_how_many_more_are_needed()
    {
        using var tmp = SampleWorkspace.Analysed();
        var before = Shares(tmp.Path);
        Assert.Equal(6 * 3, before.Count);
        Assert.All(before, l => Assert.Equal(JsonValueKind.Null, l.GetProperty("validated").ValueKind));

        var sample = CliRunner.Run("sample", "--workspace", tmp.Path, "--n", "60", "--seed", "1", "--coders", "ana", "--out", tmp.File("sheet.csv"));
        Assert.True(sample.Exit == 0, sample.Err);
        Assert.Contains("Drew 60 of 198 units (stratified by platform, actor, seed 1)", sample.Out);
        var sheet = CodingSheet.Read(tmp.File("sheet.csv"));
        Assert.All(sheet, r => Assert.InRange(r.Drawn!.InclusionProbability, 0.01, 1));
        Fill(tmp.File("sheet.csv"));
        var import = CliRunner.Run("sheet", "import", tmp.File("sheet.csv"), "--workspace", tmp.Path);
        Assert.True(import.Exit == 0, import.Err);
        Assert.True(CliRunner.Run("run", tmp.Path, "--out", tmp.File("out")).Exit == 0);

        var after = Shares(tmp.Path);
        var csto = after.Single(l => l.GetProperty("actor").GetString() == "csto" && l.GetProperty("label").GetString() == "negative");
        Assert.Equal("all", csto.GetProperty("scope").GetString());
        Assert.Equal(67, csto.GetProperty("n").GetInt32());
        Assert.Equal(0.6269, csto.GetProperty("classifier").GetProperty("share").GetDouble(), 4);
        var validated = csto.GetProperty("validated");
        Assert.InRange(validated.GetProperty("coded").GetInt32(), 10, 30);
        Assert.True(validated.GetProperty("low").GetDouble() < validated.GetProperty("share").GetDouble());
        Assert.InRange(41 / 67.0, validated.GetProperty("low").GetDouble(), validated.GetProperty("high").GetDouble()); // the key's share
        Assert.StartsWith("prediction-powered estimate", validated.GetProperty("method").GetString());
        Assert.All(after, l => Assert.Equal(JsonValueKind.Object, l.GetProperty("validated").ValueKind));
        var report = File.ReadAllText(tmp.File("out/summary.md"));
        Assert.Contains("> Validated on 60 hand-coded (post, actor) units drawn by design (1 draw)", report);

        var plan = CliRunner.Run("plan", "--workspace", tmp.Path, "--half-width", "0.05");
        Assert.True(plan.Exit == 0, plan.Err);
        var more = int.Parse(System.Text.RegularExpressions.Regex.Match(plan.Out, @"In all (\d+) more drawn codes").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(more > 0, plan.Out);
    }

    [Fact]
    public void Plan_out_extends_the_draw_so_old_and_new_codes_make_one_sample()
    {
        using var tmp = SampleWorkspace.Analysed();
        Assert.Equal(0, CliRunner.Run("sample", "--workspace", tmp.Path, "--n", "40", "--stratify", "actor", "--coders", "ana", "--out", tmp.File("first.csv")).Exit);
        Fill(tmp.File("first.csv"));
        Assert.Equal(0, CliRunner.Run("sheet", "import", tmp.File("first.csv"), "--workspace", tmp.Path).Exit);
        var narrow = Shares(tmp.Path).Single(l => l.GetProperty("actor").GetString() == "csto" && l.GetProperty("label").GetString() == "negative");

        var plan = CliRunner.Run("plan", "--workspace", tmp.Path, "--half-width", "0.1", "--out", tmp.File("second.csv"));
        Assert.True(plan.Exit == 0, plan.Err);
        Assert.Matches(@"Drew \d+ of 198 units \(stratified by actor, seed 1\): draw d-[0-9a-f]{10}; 40 of them already coded, their codes count\.", plan.Out);
        var second = CodingSheet.Read(tmp.File("second.csv"));
        var first = CodingSheet.Read(tmp.File("first.csv")).Select(r => r.Unit).ToHashSet();
        Assert.DoesNotContain(second, r => first.Contains(r.Unit)); // the units already coded are kept in the draw, not coded again
        Fill(tmp.File("second.csv"));
        Assert.Equal(0, CliRunner.Run("sheet", "import", tmp.File("second.csv"), "--workspace", tmp.Path).Exit);

        var lines = Shares(tmp.Path);
        var csto = lines.Single(l => l.GetProperty("actor").GetString() == "csto" && l.GetProperty("label").GetString() == "negative");
        var v = csto.GetProperty("validated");
        Assert.True(v.GetProperty("coded").GetInt32() > narrow.GetProperty("validated").GetProperty("coded").GetInt32());
        Assert.Contains("from 1 draw", v.GetProperty("method").GetString()); // one extended sample, not two independent draws
        Assert.True(v.GetProperty("high").GetDouble() - v.GetProperty("low").GetDouble()
                    < narrow.GetProperty("validated").GetProperty("high").GetDouble() - narrow.GetProperty("validated").GetProperty("low").GetDouble());
    }

    [Fact]
    public void Codes_made_outside_any_draw_are_left_out_of_the_estimates_and_the_reader_is_told()
    {
        using var tmp = SampleWorkspace.Analysed();
        File.Copy(Path.Combine(Paths.Sample, "coded.csv"), tmp.File("coded.csv"));
        // the sample's coded.csv: every unit coded by two coders, 100 of them drawn by design; without the draw columns none counts
        var lines = File.ReadAllLines(tmp.File("coded.csv"));
        File.WriteAllLines(tmp.File("undrawn.csv"), lines.Select(l => string.Join(',', l.Split(',').Take(6))));
        File.Copy(tmp.File("undrawn.csv"), tmp.File("coded.csv"), overwrite: true);
        Assert.All(Shares(tmp.Path), l => Assert.Equal(JsonValueKind.Null, l.GetProperty("validated").ValueKind));
        var table = CliRunner.Run("shares", "--workspace", tmp.Path);
        Assert.Contains("198 coded units are in no recorded draw (coded outside a sample)", table.Out);
    }

    [Fact]
    public void A_model_trained_on_the_workspaces_codes_is_read_through_its_held_out_labels_on_those_units()
    {
        using var tmp = SampleWorkspace.Analysed();
        File.Copy(Path.Combine(Paths.Sample, "coded.csv"), tmp.File("coded.csv"));
        var refused = CliRunner.Run("train", "--workspace", tmp.Path, "--cv", "0", "--out", tmp.File("m.model.json.gz"));
        Assert.Equal(2, refused.Exit);
        Assert.Contains("[TR005]", refused.Err);

        var train = CliRunner.Run("train", "--workspace", tmp.Path, "--cv", "3", "--out", tmp.File("m.model.json.gz"));
        Assert.True(train.Exit == 0, train.Err);
        var model = Portrayal.Stance.Training.TrainedStance.Load(tmp.File("m.model.json.gz"));
        Assert.Equal(172, model.Info.HeldOut.Count); // every agreed unit, with the label of the fold that did not see it
        Assert.All(model.Info.HeldOut.Values, label => Assert.Contains(label, Portrayal.Corpus.StanceLabels.All));

        Assert.Equal(0, CliRunner.Run("run", tmp.Path, "--model", tmp.File("m.model.json.gz"), "--out", tmp.File("out")).Exit);
        var table = CliRunner.Run("shares", "--workspace", tmp.Path);
        Assert.Matches(@"The classifier was trained on \d+ of the drawn codes; on those units the estimates use the label of a cross-validation model", table.Out);
    }
}
