using System.Text.Json;
using System.Xml.Linq;
using Parquet.Serialization;
using Portrayal.Exports;
using Portrayal.Pipeline;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Reports;

/// <summary>The files `run` and `report` write beside the report: tables, units, network; and their determinism.</summary>
public class ExportTests
{
    /// <summary>A workspace with the sample's codebook, some fixtures and a post written to attack spreadsheets.</summary>
    private static Workspace MakeWorkspace(string dir)
    {
        File.Copy(Paths.SampleCodebook, Path.Combine(dir, "codebook.yaml"));
        var data = Directory.CreateDirectory(Path.Combine(dir, "data")).FullName;
        foreach (var folder in new[] { "telegram", "youtube", "instagram" })
        {
            var target = Directory.CreateDirectory(Path.Combine(data, folder)).FullName;
            foreach (var f in Directory.GetFiles(Paths.Fixture(folder))) File.Copy(f, Path.Combine(target, Path.GetFileName(f)));
        }
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(data, "hostile")).FullName, "result.json"), """
            {"name": "Формулы", "type": "public_channel", "id": 77, "messages": [
              {"id": 1, "type": "message", "date_unixtime": "1641448800", "text": "=cmd|' /C calc'!A0 ОДКБ пришла, Россия тоже."}]}
            """);
        return Workspace.Open(dir);
    }

    private static Dictionary<string, byte[]> Files(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f).Replace('\\', '/'), File.ReadAllBytes);

    [Fact]
    public void The_same_corpus_and_codebook_give_byte_identical_files_apart_from_the_run_time()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        new StudyRunner(new FixedClock(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero))).Run(MakeWorkspace(a.Path));
        new StudyRunner(new FixedClock(new DateTimeOffset(2026, 11, 29, 8, 30, 0, TimeSpan.Zero))).Run(MakeWorkspace(b.Path));

        var first = Files(a.File("out"));
        var second = Files(b.File("out"));

        Assert.Equal(first.Keys.Order(), second.Keys.Order());
        Assert.Equal(9, first.Count);
        foreach (var (name, bytes) in first)
        {
            if (name == "report.html")
            {
                string WithoutRunTime(byte[] html) => System.Text.RegularExpressions.Regex.Replace(
                    System.Text.Encoding.UTF8.GetString(html), @"2026-11-2\d \d\d:\d\d:\d\d UTC", "RUN TIME");
                Assert.Equal(WithoutRunTime(bytes), WithoutRunTime(second[name]));
                Assert.NotEqual(bytes, second[name]); // the run time is in the manifest, and only that differs
            }
            else Assert.True(bytes.AsSpan().SequenceEqual(second[name]), $"{name} differs between two runs");
        }
    }

    [Fact]
    public void Report_regenerates_everything_from_the_store_without_analysing_again()
    {
        using var tmp = new TempDir();
        var ws = MakeWorkspace(tmp.Path);
        new StudyRunner(TimeProvider.System).Run(ws);
        var before = Files(tmp.File("out"));
        Directory.Delete(tmp.File("out"), recursive: true);
        Directory.Delete(tmp.File("data"), recursive: true); // nothing left to import: only the store can give the report

        Assert.Equal(0, Portrayal.Cli.Program.Main(["report", "--workspace", tmp.Path]));

        var after = Files(tmp.File("out"));
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (name, bytes) in before) Assert.True(bytes.AsSpan().SequenceEqual(after[name]), $"{name} differs");
    }

    [Fact]
    public void Csv_exports_open_in_spreadsheets_with_Cyrillic_intact_and_formulas_neutralised()
    {
        using var tmp = new TempDir();
        new StudyRunner(TimeProvider.System).Run(MakeWorkspace(tmp.Path));

        var units = File.ReadAllText(tmp.File("out/tables/units.csv"));
        Assert.StartsWith("\uFEFFplatform,account,account_name,post_id,", units);
        Assert.Contains(",Формулы,", units);
        Assert.Contains("\"'=cmd|' /C calc'!A0 ОДКБ пришла, Россия тоже.\"", units);
        Assert.DoesNotContain(",=cmd", units);
        var stance = File.ReadAllLines(tmp.File("out/tables/stance.csv"));
        Assert.Contains(stance, l => l.StartsWith("csto,CSTO,all,all,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Parquet_json_and_gexf_hold_the_same_units_and_tables()
    {
        using var tmp = new TempDir();
        var outcome = new StudyRunner(TimeProvider.System).Run(MakeWorkspace(tmp.Path));

        var parquet = (await ParquetSerializer.DeserializeAsync<ParquetUnit>(tmp.File("out/tables/units.parquet"))).Data;
        Assert.Equal(outcome.Analysis.Units, parquet.Count);
        Assert.Contains(parquet, u => u.AccountName == "Формулы" && u.Actor == "csto");

        using var json = JsonDocument.Parse(File.ReadAllText(tmp.File("out/tables/results.json")));
        var csto = json.RootElement.GetProperty("actors").EnumerateArray().Single(a => a.GetProperty("id").GetString() == "csto");
        var overall = outcome.Results.Actors.Single(a => a.Actor == "csto").Overall;
        Assert.Equal(overall.Units, csto.GetProperty("overall").GetProperty("units").GetInt32());
        Assert.Equal(overall.Negative.Count, csto.GetProperty("overall").GetProperty("negative").GetProperty("count").GetInt32());

        var gexf = XDocument.Load(tmp.File("out/tables/co_mentions.gexf"));
        XNamespace ns = "http://gexf.net/1.3";
        var edge = gexf.Descendants(ns + "edge").Single(e => (string?)e.Attribute("source") == "csto" && (string?)e.Attribute("target") == "russia");
        var both = outcome.Results.CoMentions.Single(c => c.A == "csto" && c.B == "russia").Both;
        Assert.Equal(both.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)edge.Attribute("weight"));
        Assert.True(both >= 1); // the spreadsheet-attacking post mentions both
    }
}
