using System.Globalization;
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
        Paths.CopyFixtures(data, "telegram", "youtube", "instagram");
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
        Assert.Equal(15, first.Count); // report, summary, and 13 exports (narratives.csv: the sample codebook has narratives; too few posts for topics)
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

/// <summary>The statistics of the report on the bundled sample: validated shares, tests, co-mention association, validity.</summary>
public class SampleReportTests
{
    private static readonly Lazy<string> Out = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), "portrayal-sample-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        File.Copy(Paths.SampleCodebook, Path.Combine(dir, "codebook.yaml"));
        File.Copy(Path.Combine(Paths.Sample, "coded.csv"), Path.Combine(dir, "coded.csv"));
        Paths.CopyTree(Path.Combine(Paths.Sample, "data"), Path.Combine(dir, "data"));
        new StudyRunner(new FixedClock(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero))).Run(Workspace.Open(dir));
        return Path.Combine(dir, "out");
    });

    [Fact]
    public void The_summary_leads_with_the_validated_headline_share_and_tests_the_platform_difference()
    {
        var summary = File.ReadAllText(Path.Combine(Out.Value, "summary.md"));

        Assert.Contains("> Validated on 100 hand-coded (post, actor) units drawn by design (1 draw)", summary);
        Assert.Matches(@"Of the 67 posts that mentioned the CSTO, \d+\.\d% \(95% CI \d+\.\d–\d+\.\d%\) portrayed it negatively, .* validated on 27 hand-coded posts drawn by design; the classifier alone gives 42 \(62\.7%", summary);
        Assert.Contains("The differences between platforms are within chance: Fisher–Freeman–Halton exact test", summary);
        Assert.Contains("The CSTO and Russia appear together in 26 of 455 posts, 2.9 times as often as if they were mentioned independently", summary);
    }

    [Fact]
    public void The_report_counts_every_narrative_with_its_interval_and_lists_topics_with_a_query_to_paste()
    {
        var html = System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(Out.Value, "report.html"))); // ü is written &#252;
        var summary = File.ReadAllText(Path.Combine(Out.Value, "summary.md"));

        foreach (var label in new[] { "The CSTO has proven ineffective over its 30 years", "Türkiye as a positive influence, even a replacement ally" })
            Assert.Contains($"<h3>{label}</h3>", html);
        Assert.Matches(@"\u201cThe CSTO has proven ineffective over its 30 years\u201d appeared in \d+ \(\d+\.\d%, 95% CI", summary);
        Assert.Contains("<h2>Topics found in the posts</h2>", html);
        Assert.Equal(6, System.Text.RegularExpressions.Regex.Matches(html, "<h3>Topic \\d:").Count);
        Assert.Contains("Suggested query: <code>(", html);
    }

    [Fact]
    public void The_report_shows_the_classifier_against_the_coders_and_the_co_mention_network()
    {
        var html = File.ReadAllText(Path.Combine(Out.Value, "report.html"));

        Assert.Contains("198 (post, actor) units were coded by aigerim and dmitry; they disagreed on 26 (13.1%)", html);
        Assert.Contains("On the 172 units the coders agree on, the classifier's accuracy is", html);
        Assert.Contains("98 coded units are in no recorded draw (coded outside a sample)", html);
        Assert.Contains("<h3>Per actor</h3>", html);
        // stance, daily volume, network, narratives, and stance by day for each actor with at least 10 posts (all six in the sample)
        var charts = System.Text.RegularExpressions.Regex.Matches(html, "<svg").Count;
        Assert.Equal(4 + 6, charts);
        Assert.Contains("CSTO: stance day by day", html);

        var coMentions = File.ReadAllLines(Path.Combine(Out.Value, "tables", "co_mentions.csv"));
        var cstoRussia = coMentions.Single(l => l.StartsWith("csto,russia,", StringComparison.Ordinal)).Split(',');
        Assert.Equal("26", cstoRussia[2]);
        Assert.StartsWith("2.94", cstoRussia[7]); // lift: 26 / (67 × 60 / 455)
        var matrix = File.ReadAllLines(Path.Combine(Out.Value, "tables", "co_mention_matrix.csv"));
        Assert.Equal("actor,csto,russia,usa,turkey,eu,china", matrix[0]); // most mentioned first; ReadAllLines drops the BOM
        Assert.StartsWith("csto,67,26,", matrix[1]);
    }

    [Fact]
    public void Every_actors_validated_negative_share_covers_the_share_in_the_authors_key()
    {
        // the sample's key says what stance each post was written with; the validated intervals come from the classifier and
        // the 100 drawn units of coded.csv (stratified by platform and actor, seed 1), not from the key
        var key = Narratives.KeyPost.ReadSample().SelectMany(p => p.Actors).GroupBy(a => a.Key)
            .ToDictionary(g => g.Key, g => g.Count(a => a.Value == "negative") / (double)g.Count());
        var rows = File.ReadAllLines(Path.Combine(Out.Value, "tables", "validated.csv")).Skip(1)
            .Select(l => l.Split(',')).Where(c => c[1] == "all" && c[3] == "negative").ToList();
        Assert.Equal(6, rows.Count);
        foreach (var c in rows)
        {
            double D(int i) => double.Parse(c[i], CultureInfo.InvariantCulture);
            Assert.InRange(key[c[0]], D(9), D(10));
            Assert.True(D(10) - D(9) < 0.45, $"{c[0]}: an interval of {D(9)}–{D(10)} says little");
        }
    }
}
