using System.Text.Json;
using Portrayal.Pipeline;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Reports;

public class RunAndReportTests
{
    private static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    /// <summary>A workspace with the sample's codebook, the test fixtures and one hostile post.</summary>
    private static Workspace MakeWorkspace(TempDir tmp)
    {
        File.Copy(Paths.SampleCodebook, tmp.File("codebook.yaml"));
        var data = Directory.CreateDirectory(tmp.File("data")).FullName;
        Paths.CopyFixtures(data, "telegram", "youtube", "instagram");
        var hostile = new
        {
            name = "Hostile <b>channel</b>", type = "public_channel", id = 1700000002,
            messages = new object[]
            {
                new
                {
                    id = 10, type = "message", date = "2022-01-06T12:00:00", date_unixtime = "1641448800",
                    text = "<script>alert('x')</script> ОДКБ — бесполезная организация. =HYPERLINK(\"http://evil\")",
                },
            },
        };
        var hostileDir = Directory.CreateDirectory(Path.Combine(data, "telegram-hostile")).FullName;
        File.WriteAllText(Path.Combine(hostileDir, "result.json"), JsonSerializer.Serialize(hostile));
        return Workspace.Open(tmp.Path);
    }

    [Fact]
    public void Run_writes_the_report_and_summary_with_the_studys_first_finding()
    {
        using var tmp = new TempDir();
        var outcome = new StudyRunner(Clock).Run(MakeWorkspace(tmp));

        var html = File.ReadAllText(tmp.File("out/report.html"));
        var summary = File.ReadAllText(tmp.File("out/summary.md"));
        var csto = outcome.Results.Actors.Single(a => a.Actor == "csto");
        Assert.Equal(5, csto.Overall.Units); // Telegram, the video, a comment, Instagram and the hostile post
        Assert.Contains($"Of the {csto.Overall.Units} posts that mentioned the CSTO, ", summary);
        Assert.Contains("portrayed it negatively", summary);
        Assert.Contains("<svg", html);               // charts are inline
        Assert.DoesNotContain("src=\"http", html);    // and nothing is fetched
        Assert.Contains("Fuel-price protests begin in Zhanaozen", html);
    }

    [Fact]
    public void Post_text_is_escaped_in_the_report()
    {
        using var tmp = new TempDir();
        new StudyRunner(Clock).Run(MakeWorkspace(tmp));

        var html = File.ReadAllText(tmp.File("out/report.html"));
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html);
        Assert.DoesNotContain("<b>channel</b>", html);
    }

    [Fact]
    public void Running_twice_gives_the_same_figures_and_no_duplicate_posts()
    {
        using var tmp = new TempDir();
        var ws = MakeWorkspace(tmp);
        var first = new StudyRunner(Clock).Run(ws);
        var firstSummary = File.ReadAllText(tmp.File("out/summary.md"));
        var second = new StudyRunner(Clock).Run(ws);

        Assert.Equal(0, second.Import.Added);
        Assert.Equal(first.Import.Added, second.Import.Unchanged);
        Assert.Equal(first.Analysis, second.Analysis);
        Assert.Equal(firstSummary, File.ReadAllText(tmp.File("out/summary.md")));
        Assert.Equal(first.Results.Actors.Select(a => a.Overall), second.Results.Actors.Select(a => a.Overall));
    }

    [Fact]
    public void A_broken_codebook_is_reported_with_its_line()
    {
        using var tmp = new TempDir();
        var ws = MakeWorkspace(tmp);
        File.WriteAllText(ws.CodebookPath, "actors:\n  - id: csto\n    names: [ОДКБ]\n  - id: russia\n    names: [Россия, ОДКБ]\n");

        var error = Assert.Throws<Corpus.InputError>(() => new StudyRunner(Clock).Run(ws));

        Assert.Equal("CB003", error.Code);
        Assert.Equal("line 5", error.Position);
        Assert.Contains("'ОДКБ' appears under two actors", error.Message);
    }
}
