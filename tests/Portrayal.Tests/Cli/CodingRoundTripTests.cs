using System.Globalization;
using System.Text.Json;
using Portrayal.Coding;
using Portrayal.Corpus;
using Portrayal.Storage;
using Portrayal.Tests.Coding;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Cli;

/// <summary>run → sample → (coders fill the sheet) → sheet import → agreement and validate, through the real command line.</summary>
[Collection("Console")]
public class CodingRoundTripTests
{
    [Fact]
    public void A_sheet_filled_by_two_coders_goes_back_in_and_agreement_and_validate_report_it()
    {
        using var tmp = SampleWorkspace.Analysed();
        var sample = CliRunner.Run("sample", "--workspace", tmp.Path, "--n", "20", "--stratify", "platform", "--overlap", "0.5", "--coders", "alice,bob", "--seed", "7", "--out", tmp.File("sheet.csv"));
        Assert.True(sample.Exit == 0, sample.Err);
        Assert.Contains("20 units, 30 rows for 2 coders", sample.Out);

        // The coders fill the sheet: alice always agrees with the classifier; bob too, except on the first two units both code.
        Dictionary<string, string> classifier;
        using (var db = new SqliteStore(tmp.File("portrayal.db")))
            classifier = db.ReadActorStances().GroupBy(r => Sampling.UnitOf(r.Platform, r.Account, r.NativeId, r.Actor)).ToDictionary(g => g.Key, g => g.First().Label);
        var rows = CodingSheet.Read(tmp.File("sheet.csv"));
        var shared = rows.GroupBy(r => r.Unit).Where(g => g.Count() == 2).Select(g => g.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(10, shared.Count);
        var disputed = shared.Take(2).ToHashSet();
        string Other(string stance) => StanceLabels.All[(StanceLabels.All.ToList().IndexOf(stance) + 1) % 3];
        var filled = rows.Select(r => r with
        {
            Stance = r.Coder == "bob" && disputed.Contains(r.Unit) ? Other(classifier[r.Unit]) : classifier[r.Unit],
        }).ToList();
        CodingSheet.Write(tmp.File("sheet.csv"), filled);

        var import = CliRunner.Run("sheet", "import", tmp.File("sheet.csv"), "--workspace", tmp.Path);
        Assert.True(import.Exit == 0, import.Err);
        Assert.Contains("30 codes added, 0 changed, 0 rows without a stance", import.Out);

        // Krippendorff's alpha (nominal) over the 10 units both coded, from the coincidence matrix of what was filled.
        var pairs = shared.Select(u => (A: filled.Single(r => r.Unit == u && r.Coder == "alice").Stance, B: filled.Single(r => r.Unit == u && r.Coder == "bob").Stance)).ToList();
        var values = pairs.SelectMany(p => new[] { p.A, p.B }).ToList();
        var n = values.Count;
        var observed = 2.0 * pairs.Count(p => p.A != p.B);                               // o_ck summed over c ≠ k (each pair counts both ways)
        var totals = values.GroupBy(v => v).Select(g => (double)g.Count()).ToList();
        var expected = (double)n * n - totals.Sum(t => t * t);                          // Σ_{c≠k} n_c n_k
        var alpha = 1 - (n - 1) * observed / expected;
        var agreement = CliRunner.Run("agreement", "--workspace", tmp.Path, "--format", "csv");
        Assert.True(agreement.Exit == 0, agreement.Err);
        var lines = agreement.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"stance,alpha_nominal,all,{alpha.ToString("0.000", CultureInfo.InvariantCulture)},", lines[1]);
        Assert.EndsWith(",10,20", lines[1]);

        var table = CliRunner.Run("agreement", "--workspace", tmp.Path);
        Assert.Equal(0, table.Exit);
        Assert.Contains("2 units to adjudicate", table.Out);
        foreach (var u in disputed)
            Assert.Contains($"{u}: alice={classifier[u]}, bob={Other(classifier[u])}", table.Out);

        var validate = CliRunner.Run("validate", "--workspace", tmp.Path);
        Assert.True(validate.Exit == 0, validate.Err);
        Assert.Contains("18 of 18 agreed units matched", validate.Out);
        Assert.Contains("2 units the coders disagree on left out", validate.Out);
    }

    [Fact]
    public void Label_studio_tasks_go_out_and_its_export_comes_back_in()
    {
        using var tmp = SampleWorkspace.Analysed();
        var sample = CliRunner.Run("sample", "--workspace", tmp.Path, "--n", "5", "--stratify", "", "--seed", "3", "--out", tmp.File("tasks.json"));
        Assert.True(sample.Exit == 0, sample.Err);
        Assert.Contains("5 Label Studio tasks", sample.Out);
        Assert.True(File.Exists(tmp.File("tasks.label-config.xml")));

        // What Label Studio exports once two users have labelled every task (one skipped the last).
        using var tasks = JsonDocument.Parse(File.ReadAllText(tmp.File("tasks.json")));
        var export = tasks.RootElement.EnumerateArray().Select((t, i) => new Dictionary<string, object>
        {
            ["id"] = i + 1,
            ["data"] = t.GetProperty("data"),
            ["annotations"] = new object[]
            {
                Annotation(3, "neutral", false),
                Annotation(new Dictionary<string, object> { ["id"] = 4, ["email"] = "bob@example.org" }, i == 4 ? "positive" : "neutral", i == 4),
            },
            ["predictions"] = Array.Empty<object>(),
        }).ToList();
        File.WriteAllText(tmp.File("export.json"), JsonSerializer.Serialize(export));

        var import = CliRunner.Run("sheet", "import", tmp.File("export.json"), "--workspace", tmp.Path);
        Assert.True(import.Exit == 0, import.Err);
        Assert.Contains("9 codes added, 0 changed", import.Out);
        var coded = File.ReadAllLines(tmp.File("coded.csv"));
        Assert.Equal(10, coded.Length);
        // columns: platform,account,post_id,actor,coder,stance, then narratives,note,coded_at
        var codes = coded.Skip(1).Select(l => l.Split(',')).Select(c => (Coder: c[4], Stance: c[5])).ToList();
        Assert.Equal(4, codes.Count(c => c == ("bob@example.org", "neutral")));
        Assert.Equal(5, codes.Count(c => c == ("3", "neutral")));
        // the draw went out with the tasks and came back with the codes
        var drawnCodes = CodedSample.Load(tmp.File("coded.csv"))!;
        Assert.All(drawnCodes.Codes, c => Assert.Equal(5 / 198.0, c.Drawn!.InclusionProbability, 12)); // a simple draw of 5 of the 198 units

    }

    private static object Annotation(object by, string stance, bool cancelled) => new Dictionary<string, object>
    {
        ["completed_by"] = by,
        ["was_cancelled"] = cancelled,
        ["result"] = cancelled ? Array.Empty<object>() : new object[]
        {
            new Dictionary<string, object>
            {
                ["from_name"] = "stance", ["to_name"] = "text", ["type"] = "choices",
                ["value"] = new Dictionary<string, object> { ["choices"] = new[] { stance } },
            },
        },
    };
}
