using System.Text.Json;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Cli;

/// <summary>`portrayal import` then `portrayal posts`, through the real command line, reading what it prints.</summary>
[Collection("Console")]
public class PostsCommandTests
{
    private static (int Exit, string Out) Cli(params string[] args)
    {
        var (exit, output, _) = CliRunner.Run(args);
        return (exit, output);
    }

    /// <summary>A workspace with a codebook whose period is 5–6 January 2022 (Almaty time) and the fixtures imported.</summary>
    private static TempDir Workspace()
    {
        var tmp = new TempDir();
        File.WriteAllText(tmp.File("codebook.yaml"), """
            title: Test
            period: {from: 2022-01-05, to: 2022-01-06}
            timezone: "+06:00"
            actors:
              - id: csto
                name: CSTO
                names: {ru: [ОДКБ], kk: [ҰҚШҰ], en: [CSTO]}
            """);
        Assert.Equal(0, Cli("import", Paths.Fixture("telegram"), Paths.Fixture("youtube"), Paths.Fixture("instagram"), "--workspace", tmp.Path).Exit);
        return tmp;
    }

    [Fact]
    public void Count_prints_the_number_alone_and_filters_combine()
    {
        using var tmp = Workspace();

        Assert.Equal("9", Cli("posts", "--workspace", tmp.Path, "--count").Out.Trim());
        Assert.Equal("3", Cli("posts", "--workspace", tmp.Path, "--count", "--platform", "telegram").Out.Trim());
        Assert.Equal("2", Cli("posts", "--workspace", tmp.Path, "--count", "--account", "almaty_test").Out.Trim());
        // Days are the codebook's (Almaty, +06:00): 04:00 UTC on 6 January is 10:00 there.
        Assert.Equal("1", Cli("posts", "--workspace", tmp.Path, "--count", "--platform", "telegram", "--from", "2022-01-06", "--to", "2022-01-06").Out.Trim());
        Assert.Equal("3", Cli("posts", "--workspace", tmp.Path, "--count", "--lang", "kk").Out.Trim()); // identified on the fly
    }

    [Fact]
    public void Jsonl_lists_every_field_and_flags_posts_outside_the_period()
    {
        using var tmp = Workspace();

        var lines = Cli("posts", "--workspace", tmp.Path, "--format", "jsonl", "--platform", "telegram").Out
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

        Assert.Equal(3, lines.Count);
        var first = lines[0];
        Assert.Equal("1600000001", first.GetProperty("account").GetString());
        Assert.Equal("2022-01-05T16:10:00+00:00", first.GetProperty("published").GetString());
        Assert.Equal(15230, first.GetProperty("views").GetInt64());
        Assert.Equal("https://example.kz/news/1", first.GetProperty("links")[0].GetString());
        Assert.True(first.GetProperty("in_period").GetBoolean());
        Assert.Contains(lines, l => !l.GetProperty("in_period").GetBoolean());
    }

    [Fact]
    public void Csv_opens_in_a_spreadsheet_with_Cyrillic_intact_and_formulas_neutralised()
    {
        using var tmp = Workspace();
        File.WriteAllText(tmp.File("hostile.jsonl"), "");
        var hostile = """
            {"name": "Hostile", "type": "public_channel", "id": 99, "messages": [
              {"id": 1, "type": "message", "date_unixtime": "1641376800", "text": "=HYPERLINK(\"http://evil.example\",\"ОДКБ\")"}]}
            """;
        Directory.CreateDirectory(tmp.File("h"));
        File.WriteAllText(tmp.File("h/result.json"), hostile);
        Assert.Equal(0, Cli("import", tmp.File("h"), "--workspace", tmp.Path).Exit);

        var csv = Cli("posts", "--workspace", tmp.Path, "--format", "csv", "--account", "Hostile").Out;

        Assert.StartsWith("\uFEFFplatform,account,account_name,id,", csv);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"ОДКБ\"\")\"", csv);
    }

    [Fact]
    public void A_bad_day_is_an_error_naming_the_option()
    {
        using var tmp = Workspace();
        var (exit, _, err) = CliRunner.Run("posts", "--workspace", tmp.Path, "--from", "5 January");

        Assert.Equal(2, exit);
        Assert.Contains("--from", err);
    }
}
