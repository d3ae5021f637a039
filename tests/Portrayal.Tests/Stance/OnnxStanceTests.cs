using System.Text.Json.Nodes;
using Portrayal.Corpus;
using Portrayal.Pipeline;
using Portrayal.Stance;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Stance;

/// <summary>OnnxStance on the tiny model tools/onnx/make_tiny_model.py writes (polar words pull the mean-pooled logits).</summary>
public class OnnxStanceTests
{
    private static readonly string Model = Paths.Fixture("onnx", "tiny-stance.onnx");
    private static readonly Lazy<OnnxStance> Classifier = new(() => OnnxStance.Load(Model));

    /// <summary>Classifies the stance toward every occurrence of <paramref name="target"/> in the text.</summary>
    private static StanceResult Classify(IStanceClassifier classifier, string text, string target)
    {
        var mentions = new List<Mention>();
        for (var i = text.IndexOf(target, StringComparison.Ordinal); i >= 0; i = text.IndexOf(target, i + 1, StringComparison.Ordinal))
            mentions.Add(new Mention("x", i, i + target.Length, target, target, 0, text.Length));
        return Analysis.Classify(classifier, text, "en", mentions).Single().Stance;
    }

    [Theory]
    [InlineData("They thanked the CSTO for its help.", "CSTO", "positive")]
    [InlineData("The CSTO is a reliable ally.", "CSTO", "positive")]
    [InlineData("The occupation by Russia must end.", "Russia", "negative")]
    [InlineData("The CSTO mission failed.", "CSTO", "negative")]
    [InlineData("CSTO troops arrived in Almaty on Friday.", "CSTO", "neutral")]
    [InlineData("Russia said the talks were held in Moscow.", "Russia", "neutral")]
    public void The_tiny_model_gets_clear_sentences_right(string text, string target, string expected)
    {
        Assert.Equal(expected, Classify(Classifier.Value, text, target).Label);
    }

    [Fact]
    public void Confidence_score_method_and_evidence_are_filled()
    {
        var stance = Classify(Classifier.Value, "They thanked the CSTO for its help.", "CSTO");
        Assert.Equal("stance.onnx:tiny-stance", stance.Method);
        Assert.InRange(stance.Confidence, 0.5, 1.0);
        Assert.True(stance.Score > 0.3, $"score {stance.Score}");
        Assert.StartsWith("onnx model tiny-stance: p(positive)=", stance.Evidence[0]);
        // occlusion: without "help" or "thanked" the positive probability drops most; the name itself is never evidence
        Assert.Contains(stance.Evidence, e => e.StartsWith("help (-", StringComparison.Ordinal));
        Assert.Contains(stance.Evidence, e => e.StartsWith("thanked (-", StringComparison.Ordinal));
        Assert.DoesNotContain(stance.Evidence, e => e.StartsWith("CSTO", StringComparison.Ordinal));
        Assert.True(stance.Evidence.Count <= 4);
    }

    [Fact]
    public void Each_sentence_is_judged_toward_its_own_mention_and_the_most_decided_one_speaks()
    {
        var stance = Classify(Classifier.Value, "CSTO troops arrived in Almaty. The people thanked the CSTO for its help.", "CSTO");
        Assert.Equal("positive", stance.Label);
        Assert.Contains(stance.Evidence, e => e.StartsWith("help", StringComparison.Ordinal));
    }

    [Fact]
    public void Long_sentences_get_no_occlusion_evidence()
    {
        var filler = string.Join(" ", Enumerable.Repeat("the", OnnxStance.MaxOcclusionWords));
        var stance = Classify(Classifier.Value, $"They thanked the CSTO for its help {filler}.", "CSTO");
        Assert.Single(stance.Evidence);
    }

    [Fact]
    public void Markers_mode_wraps_the_target_in_the_marker_tokens()
    {
        using var dir = new TempDir();
        var model = CopyModel(dir, sidecar =>
        {
            sidecar["target_marking"] = "markers";
            sidecar["markers"] = new JsonArray("<t>", "</t>");
            sidecar["name"] = "tiny-markers";
        });
        using var classifier = OnnxStance.Load(model);
        Assert.Equal("stance.onnx:tiny-markers", classifier.Name);
        Assert.Equal("negative", Classify(classifier, "The occupation by Russia must end.", "Russia").Label);
        Assert.Equal("positive", Classify(classifier, "They thanked the CSTO for its help.", "CSTO").Label);
    }

    [Fact]
    public void A_model_exported_with_a_fixed_length_is_fed_padded_input_and_agrees()
    {
        using var fixedLength = OnnxStance.Load(Paths.Fixture("onnx", "tiny-stance-fixed64.onnx"));
        foreach (var (text, target) in new[] { ("They thanked the CSTO for its help.", "CSTO"), ("The occupation by Russia must end.", "Russia") })
        {
            var free = Classify(Classifier.Value, text, target);
            var padded = Classify(fixedLength, text, target);
            Assert.Equal(free.Label, padded.Label);
            Assert.Equal(free.Confidence, padded.Confidence, 3);
        }
    }

    [Fact]
    public void A_missing_model_file_is_an_input_error_naming_it()
    {
        using var dir = new TempDir();
        var path = dir.File("nowhere.onnx");
        var error = Assert.Throws<InputError>(() => OnnxStance.Load(path));
        Assert.Equal("ONNX001", error.Code);
        Assert.Equal(path, error.File);
        Assert.Contains("not found", error.Message);
    }

    [Fact]
    public void A_model_without_a_sidecar_is_an_input_error()
    {
        using var dir = new TempDir();
        File.Copy(Model, dir.File("model.onnx"));
        var error = Assert.Throws<InputError>(() => OnnxStance.Load(dir.File("model.onnx")));
        Assert.Equal("ONNX002", error.Code);
        Assert.Contains("model.onnx.json", error.Message);
    }

    [Fact]
    public void A_sidecar_named_model_json_is_found_too()
    {
        using var dir = new TempDir();
        var model = CopyModel(dir, _ => { });
        File.Move(model + ".json", Path.ChangeExtension(model, ".json"));
        using var classifier = OnnxStance.Load(model);
        Assert.Equal("stance.onnx:tiny-stance", classifier.Name);
    }

    [Fact]
    public void A_sidecar_naming_an_output_the_model_lacks_is_an_input_error_naming_both()
    {
        using var dir = new TempDir();
        var model = CopyModel(dir, sidecar => sidecar["output"] = "scores");
        var error = Assert.Throws<InputError>(() => OnnxStance.Load(model));
        Assert.Equal("ONNX008", error.Code);
        Assert.Equal(model, error.File);
        Assert.Contains("\"scores\"", error.Message);
        Assert.Contains("logits", error.Message);
        Assert.Contains("tiny-stance.onnx.json", error.Message);
    }

    [Fact]
    public void Labels_of_the_wrong_length_are_an_input_error_naming_the_sidecar()
    {
        using var dir = new TempDir();
        var model = CopyModel(dir, sidecar => sidecar["labels"] = new JsonArray("negative", "positive"));
        var error = Assert.Throws<InputError>(() => OnnxStance.Load(model));
        Assert.Equal("ONNX004", error.Code);
        Assert.Equal(model + ".json", error.File);
        Assert.Contains("2 label(s)", error.Message);
    }

    [Fact]
    public void A_sidecar_naming_an_input_the_model_lacks_is_an_input_error()
    {
        using var dir = new TempDir();
        var model = CopyModel(dir, sidecar => sidecar["inputs"]!["token_type_ids"] = "token_type_ids");
        var error = Assert.Throws<InputError>(() => OnnxStance.Load(model));
        Assert.Equal("ONNX007", error.Code);
        Assert.Equal(model, error.File);
        Assert.Contains("token_type_ids", error.Message);
    }

    [Fact]
    public void A_sidecar_that_is_not_json_is_an_input_error()
    {
        using var dir = new TempDir();
        var model = CopyModel(dir, _ => { });
        File.WriteAllText(model + ".json", "{ \"labels\": [");
        var error = Assert.Throws<InputError>(() => OnnxStance.Load(model));
        Assert.Equal("ONNX003", error.Code);
        Assert.Equal(model + ".json", error.File);
    }

    [Fact]
    public void A_file_that_is_no_onnx_model_is_an_input_error()
    {
        using var dir = new TempDir();
        var model = CopyModel(dir, _ => { });
        File.WriteAllText(model, "not a model");
        var error = Assert.Throws<InputError>(() => OnnxStance.Load(model));
        Assert.Equal("ONNX006", error.Code);
        Assert.Equal(model, error.File);
    }

    /// <summary>Copies the tiny model, its vocab and an edited sidecar into a scratch folder; returns the model's path.</summary>
    private static string CopyModel(TempDir dir, Action<JsonObject> edit)
    {
        var model = dir.File("tiny-stance.onnx");
        File.Copy(Model, model);
        File.Copy(Paths.Fixture("onnx", "vocab.txt"), dir.File("vocab.txt"));
        var sidecar = JsonNode.Parse(File.ReadAllText(Model + ".json"))!.AsObject();
        edit(sidecar);
        File.WriteAllText(model + ".json", sidecar.ToJsonString());
        return model;
    }
}
