using System.Text.Json;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Cli;

/// <summary>`portrayal query` through the real command line on the fixtures, before and after `portrayal run`.</summary>
[Collection("Console")]
public class QueryCommandTests
{
    private static (int Exit, string Out, string Err) Cli(params string[] args) => CliRunner.Run(args);

    /// <summary>A workspace with a two-actor codebook and the Telegram, YouTube and Instagram fixtures under data/.</summary>
    private static TempDir Workspace()
    {
        var tmp = new TempDir();
        File.WriteAllText(tmp.File("codebook.yaml"), """
            title: Test
            timezone: "+06:00"
            actors:
              - id: csto
                name: CSTO
                names: {ru: [ОДКБ], kk: [ҰҚШҰ], en: [CSTO]}
              - id: russia
                name: Russia
                names: {ru: [Россия], kk: [Ресей], en: [Russia]}
            narratives:
              - id: csto-help
                query: 'actor:csto NEAR/3 (помощь OR көмек)'
            """);
        Paths.CopyFixtures(tmp.File("data"), "telegram", "youtube", "instagram");
        return tmp;
    }

    [Fact]
    public void Count_prints_the_number_of_matching_posts_alone()
    {
        using var tmp = Workspace();
        Assert.Equal(0, Cli("import", tmp.File("data"), "--workspace", tmp.Path).Exit);

        // Words need no analysis. ОДКБ: a Telegram post, the video, a comment and an Instagram post.
        Assert.Equal("4", Cli("query", "ОДКБ", "--workspace", tmp.Path, "--count").Out.Trim());
        Assert.Equal("1", Cli("query", "ОДКБ AND (Армения OR Армении)", "--workspace", tmp.Path, "--count").Out.Trim());
        Assert.Equal("3", Cli("query", "ОДКБ NOT platform:youtube OR Ресей", "--workspace", tmp.Path, "--count").Out.Trim());

        var before = Cli("query", "actor:csto", "--workspace", tmp.Path, "--count");
        Assert.Equal(2, before.Exit);                                               // no analysis yet: an error, not a silent 0
        Assert.Contains("[NQ010]", before.Err);

        Assert.Equal(0, Cli("run", tmp.Path, "--out", tmp.File("out")).Exit);
        Assert.Equal("4", Cli("query", "actor:csto", "--workspace", tmp.Path, "--count").Out.Trim());
        Assert.Equal("1", Cli("query", "actor:csto NEAR/3 помощь", "--workspace", tmp.Path, "--count").Out.Trim());
        Assert.Equal("1", Cli("query", "actor:russia AND lang:kk", "--workspace", tmp.Path, "--count").Out.Trim());
        Assert.Equal("0", Cli("query", "stance:csto=positive AND NOT actor:csto", "--workspace", tmp.Path, "--count").Out.Trim());
    }

    [Fact]
    public void Jsonl_lists_each_post_with_the_words_that_matched()
    {
        using var tmp = Workspace();
        Assert.Equal(0, Cli("import", tmp.File("data"), "--workspace", tmp.Path).Exit);

        var lines = Cli("query", "ОДКБ NEAR/3 помощь", "--workspace", tmp.Path, "--format", "jsonl").Out
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

        var hit = Assert.Single(lines);
        Assert.Equal("youtube", hit.GetProperty("platform").GetString());
        Assert.Equal(["ОДКБ", "помощь"], hit.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()));
        Assert.StartsWith("ОДКБ в Казахстане: помощь или ловушка?", hit.GetProperty("text").GetString());
    }

    [Fact]
    public void A_broken_query_exits_2_naming_its_column()
    {
        using var tmp = Workspace();
        Assert.Equal(0, Cli("import", tmp.File("data"), "--workspace", tmp.Path).Exit);

        var broken = Cli("query", "actor:csto AND (помощь OR", "--workspace", tmp.Path, "--count");
        Assert.Equal(2, broken.Exit);
        Assert.Equal("", broken.Out);
        Assert.Contains("query (column 26): expected a word, a phrase or '(' after 'OR', found the end of the query. [NQ001]", broken.Err);

        var unknown = Cli("query", "actor:nato", "--workspace", tmp.Path, "--count");
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("column 1", unknown.Err);
        Assert.Contains("actor 'nato' is not in the codebook", unknown.Err);
    }

    [Fact]
    public void Narratives_prints_each_narratives_share_after_a_run()
    {
        using var tmp = Workspace();
        Assert.Equal(0, Cli("import", tmp.File("data"), "--workspace", tmp.Path).Exit);
        var before = Cli("narratives", "--workspace", tmp.Path);
        Assert.Equal(2, before.Exit);
        Assert.Contains("[WS004]", before.Err);

        Assert.Equal(0, Cli("run", tmp.Path, "--out", tmp.File("out")).Exit);
        var md = Cli("narratives", "--workspace", tmp.Path, "--format", "markdown");
        var table = Cli("narratives", "--workspace", tmp.Path, "--by", "day");

        Assert.Equal(0, md.Exit);
        Assert.Contains("| csto-help | 1 of 9 | 11.1% (2.0–43.5%) |", md.Out);
        Assert.Equal(0, table.Exit);
        Assert.Contains("csto-help", table.Out);
        Assert.Equal("", table.Err);

        File.AppendAllText(tmp.File("codebook.yaml"), "\n  - id: later\n    query: 'ловушка'\n");
        var stale = Cli("narratives", "--workspace", tmp.Path);
        Assert.Equal(0, stale.Exit);
        Assert.Contains("the codebook changed since the last `portrayal run`", stale.Err);
    }
}
