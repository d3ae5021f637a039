using System.Text.Json;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Cli;

/// <summary>The stable scripting commands, through the real command line.</summary>
public class JsonlCommandTests
{
    private static int Cli(params string[] args) => Portrayal.Cli.Program.Main(args);

    private static List<JsonElement> Lines(string path) =>
        File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Fact]
    public void Mentions_writes_one_line_per_mention_with_UTF16_offsets()
    {
        using var tmp = new TempDir();
        File.WriteAllLines(tmp.File("posts.jsonl"),
        [
            """{"id":"a","text":"🇰🇿 Ресейдің әскері мен ҰҚШҰ-ның бітімгерлері келді.","lang":"kk"}""",
            """{"id":"b","text":"Nothing about actors here."}""",
        ]);

        Assert.Equal(0, Cli("mentions", "--codebook", Paths.SampleCodebook, "--in", tmp.File("posts.jsonl"), "--out", tmp.File("m.jsonl")));

        var lines = Lines(tmp.File("m.jsonl"));
        Assert.Equal(2, lines.Count);
        Assert.Equal("a", lines[0].GetProperty("id").GetString());
        Assert.Equal("russia", lines[0].GetProperty("actor").GetString());
        Assert.Equal(5, lines[0].GetProperty("start").GetInt32()); // the flag is four UTF-16 units and a space
        Assert.Equal(13, lines[0].GetProperty("end").GetInt32());
        Assert.Equal("Ресей", lines[0].GetProperty("alias").GetString());
        Assert.Equal("csto", lines[1].GetProperty("actor").GetString());
    }

    [Fact]
    public void Stance_classifies_every_actor_or_the_given_target()
    {
        using var tmp = new TempDir();
        File.WriteAllLines(tmp.File("items.jsonl"),
        [
            """{"id":"1","text":"ОДКБ — бесполезная организация, зато Турция показала себя надёжным союзником."}""",
            """{"id":"2","text":"The Kremlin was not helpful at all.","target":"Kremlin"}""",
            """{"id":"3","text":"Mr Smith praised the deal.","start":0,"end":8}""",
        ]);

        Assert.Equal(0, Cli("stance", "--codebook", Paths.SampleCodebook, "--in", tmp.File("items.jsonl"), "--out", tmp.File("p.jsonl")));

        var lines = Lines(tmp.File("p.jsonl"));
        Assert.Equal(["1/csto/negative", "1/turkey/positive", "2/russia/negative", "3//positive"],
            lines.Select(l => $"{l.GetProperty("id").GetString()}/{(l.TryGetProperty("actor", out var a) ? a.GetString() : "")}/{l.GetProperty("label").GetString()}"));
        Assert.All(lines, l => Assert.InRange(l.GetProperty("confidence").GetDouble(), 0, 1));
    }

    [Fact]
    public void Stance_keeps_the_input_order_across_batches_and_stops_at_a_bad_item_after_writing_those_before_it()
    {
        using var tmp = new TempDir();
        var items = Enumerable.Range(0, 600).Select(i => i % 2 == 0
            ? $$"""{"id":"{{i}}","text":"Россия помогла Казахстану.","target":"Россия","lang":"ru"}"""
            : $$"""{"id":"{{i}}","text":"The EU failed the protesters.","target":"EU","lang":"en"}""").ToList();
        File.WriteAllLines(tmp.File("items.jsonl"), items);
        Assert.Equal(0, Cli("stance", "--in", tmp.File("items.jsonl"), "--out", tmp.File("p.jsonl"), "--model", "lexicon"));
        var lines = Lines(tmp.File("p.jsonl"));
        Assert.Equal(Enumerable.Range(0, 600).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), lines.Select(l => l.GetProperty("id").GetString()));
        Assert.All(lines.Where((_, i) => i % 2 == 0), l => Assert.Equal("positive", l.GetProperty("label").GetString()));
        Assert.All(lines.Where((_, i) => i % 2 == 1), l => Assert.Equal("negative", l.GetProperty("label").GetString()));

        // item 300 has a span outside its text: the 300 before it are written, then the command fails (exit code 2)
        items[300] = """{"id":"300","text":"short","start":2,"end":40}""";
        File.WriteAllLines(tmp.File("items.jsonl"), items);
        Assert.Equal(2, Cli("stance", "--in", tmp.File("items.jsonl"), "--out", tmp.File("p.jsonl"), "--model", "lexicon"));
        Assert.Equal(300, Lines(tmp.File("p.jsonl")).Count);
    }

    [Fact]
    public void Stance_without_a_codebook_works_on_target_strings()
    {
        using var tmp = new TempDir();
        File.WriteAllLines(tmp.File("items.jsonl"), ["""{"id":"x","text":"Ankara offered reliable support.","target":"Ankara"}"""]);

        Assert.Equal(0, Cli("stance", "--in", tmp.File("items.jsonl"), "--out", tmp.File("p.jsonl")));

        Assert.Equal("positive", Lines(tmp.File("p.jsonl"))[0].GetProperty("label").GetString());
    }

    [Fact]
    public void Stance_takes_the_lexicon_a_trained_model_file_or_an_ONNX_model_by_model()
    {
        using var tmp = new TempDir();
        File.WriteAllLines(tmp.File("items.jsonl"), ["""{"id":"x","text":"They thanked the CSTO for its help.","target":"CSTO","lang":"en"}"""]);
        string Method(string model)
        {
            Assert.Equal(0, Cli("stance", "--in", tmp.File("items.jsonl"), "--out", tmp.File("p.jsonl"), "--model", model));
            return Lines(tmp.File("p.jsonl"))[0].GetProperty("method").GetString()!;
        }

        Assert.Equal("stance.lexicon.v2", Method("lexicon"));
        Assert.Equal("stance.onnx:tiny-stance", Method(Paths.Fixture("onnx", "tiny-stance.onnx")));
        Assert.Equal("positive", Lines(tmp.File("p.jsonl"))[0].GetProperty("label").GetString());
        Assert.Equal(2, Cli("stance", "--in", tmp.File("items.jsonl"), "--out", tmp.File("p.jsonl"), "--model", tmp.File("missing.model.json.gz")));
    }

    [Fact]
    public void Train_writes_a_model_that_eval_stance_and_stance_read()
    {
        using var tmp = new TempDir();
        var train = Path.Combine(Paths.RepositoryRoot, "data", "stance", "kk-train.jsonl");
        var test = Path.Combine(Paths.RepositoryRoot, "data", "stance", "kk-test.jsonl");
        Assert.Equal(0, Cli("train", train, "--cv", "0", "--name", "stance.cli-test.kk.v1", "--out", tmp.File("kk.model.json.gz")));
        Assert.True(File.Exists(tmp.File("kk.model.json.gz")));

        File.WriteAllLines(tmp.File("items.jsonl"), ["""{"id":"x","text":"Ресей бізге ешқандай көмек берген жоқ.","target":"Ресей","lang":"kk"}"""]);
        Assert.Equal(0, Cli("stance", "--in", tmp.File("items.jsonl"), "--out", tmp.File("p.jsonl"), "--model", tmp.File("kk.model.json.gz")));
        Assert.Equal("stance.cli-test.kk.v1", Lines(tmp.File("p.jsonl"))[0].GetProperty("method").GetString());

        Assert.Equal(2, Cli("train", train, test, "--weights", "1", "--cv", "0"));
    }

    [Fact]
    public void Train_fits_its_decision_offsets_on_the_files_tune_on_names_and_refuses_a_file_it_was_not_given()
    {
        using var tmp = new TempDir();
        var kk = Path.Combine(Paths.RepositoryRoot, "data", "stance", "kk-train.jsonl");
        var posts = Path.Combine(Paths.RepositoryRoot, "data", "stance", "posts2-train.jsonl");
        Assert.Equal(0, Cli("train", kk, posts, "--cv", "3", "--tune-on", "posts2-train.jsonl", "--out", tmp.File("m.model.json.gz")));
        var model = Portrayal.Stance.Training.TrainedStance.Load(tmp.File("m.model.json.gz"));
        Assert.EndsWith("decision offsets for macro-F1 on posts2-train.jsonl", model.Info.Learner);

        Assert.Equal(2, Cli("train", kk, "--cv", "3", "--tune-on", "posts2-train.jsonl"));
    }

    [Fact]
    public void A_broken_input_line_exits_with_code_2()
    {
        using var tmp = new TempDir();
        File.WriteAllLines(tmp.File("posts.jsonl"), ["""{"id":"a","text":"ok"}""", """{"id":"b","text": """]);

        Assert.Equal(2, Cli("mentions", "--codebook", Paths.SampleCodebook, "--in", tmp.File("posts.jsonl"), "--out", tmp.File("m.jsonl")));
    }
}
