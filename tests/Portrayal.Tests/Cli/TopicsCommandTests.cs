using System.Diagnostics;
using System.Text.Json;
using Portrayal.Narratives;
using Portrayal.Tests.Narratives;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Cli;

/// <summary>`portrayal topics` through the command line, on the two-theme posts imported as generic JSONL.</summary>
[Collection("Console")]
public class TopicsCommandTests
{
    private static (int Exit, string Out, string Err) Cli(params string[] args) => CliRunner.Run(args);

    private static TempDir Workspace()
    {
        var tmp = new TempDir();
        File.WriteAllLines(tmp.File("posts.jsonl"), TopicDiscoveryTests.TwoThemes().Select(d => JsonSerializer.Serialize(new
        {
            id = d.NativeId, account = d.Platform + "_channel", time = d.PublishedAt.ToString("O"), text = d.Text, lang = "ru",
        })));
        Assert.Equal(0, Cli("import", tmp.File("posts.jsonl"), "--workspace", tmp.Path, "--map", "id=id,account=account,time=time,text=text,lang=lang",
            "--platform", "telegram").Exit);
        return tmp;
    }

    [Fact]
    public void Jsonl_gives_one_line_per_topic_with_a_query_that_parses()
    {
        using var tmp = Workspace();

        var run = Cli("topics", "--workspace", tmp.Path, "--k", "2", "--seed", "7", "--format", "jsonl");

        Assert.Equal(0, run.Exit);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal(2, l.GetProperty("k").GetInt32()));
        Assert.Equal(80, lines.Sum(l => l.GetProperty("share").GetProperty("posts").GetInt32()));
        var words = lines.Select(l => l.GetProperty("terms").EnumerateArray().Select(t => t.GetProperty("word").GetString()).ToList()).ToList();
        Assert.Contains(words, w => w.Contains("газ") && !w.Contains("матч"));
        Assert.Contains(words, w => w.Contains("матч") && !w.Contains("газ"));
        foreach (var l in lines) NarrativeQuery.Parse(l.GetProperty("query").GetString()!);
        Assert.Equal(3, lines[0].GetProperty("representative").GetArrayLength());
    }

    [Theory]
    [InlineData("ARG002", "--k", "1")]
    [InlineData("ARG002", "--k", "3", "--k-range", "2..4")]
    [InlineData("ARG002", "--k-range", "4..2")]
    [InlineData("ARG002", "--k-range", "three")]
    [InlineData("TP003", "--actor", "nato")]
    public void Bad_options_exit_2(string code, params string[] options)
    {
        using var tmp = Workspace();
        File.WriteAllText(tmp.File("codebook.yaml"), "actors:\n  - id: csto\n    names: {ru: [ОДКБ]}\n");

        var run = Cli(["topics", "--workspace", tmp.Path, .. options]);

        Assert.Equal(2, run.Exit);
        Assert.Contains($"[{code}]", run.Err);
    }

    /// <summary>LightLDA prints from native code to the process's standard output; as a real process, stdout must stay pure JSONL.</summary>
    [Fact]
    public async Task Native_LDA_output_does_not_reach_standard_output()
    {
        using var tmp = Workspace();
        var exe = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Portrayal.Cli.exe" : "Portrayal.Cli");
        var start = new ProcessStartInfo(exe, ["topics", "--workspace", tmp.Path, "--k", "2", "--format", "jsonl"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, await stderr);
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => JsonDocument.Parse(l));
    }
}
