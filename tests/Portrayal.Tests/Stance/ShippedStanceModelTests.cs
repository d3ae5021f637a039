using Portrayal.Coding;
using Portrayal.Stance;
using Portrayal.Stance.Training;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Stance;

/// <summary>The models shipped inside the library (tools/stance-models/train.sh) and the default classifier that uses them.</summary>
public class ShippedStanceModelTests
{
    private static string Data(string file) => Path.Combine(Paths.RepositoryRoot, "data", "stance", file);

    [Theory]
    [InlineData("ru")]
    [InlineData("kk")]
    [InlineData("en")]
    public void Each_language_has_a_model_that_loads_with_the_current_lexicon_and_says_how_it_was_trained(string lang)
    {
        var model = TrainedStance.LoadBuiltIn(lang); // refuses (MD006) a model trained with another lexicon
        Assert.NotNull(model);
        Assert.Equal($"stance.trained.{lang}.v2", model.Name);
        Assert.StartsWith("portrayal train ", model.Info.Command);
        Assert.NotEmpty(model.Info.Sources);
        Assert.All(model.Info.Sources, s => Assert.Matches("^[0-9a-f]{64}$", s.Sha256));
        Assert.Contains(model.Info.CrossValidation, f => f.Slice == "all" && f.Folds == 5);
        // the held-out files are never trained on
        Assert.DoesNotContain(model.Info.Sources, s => s.Path.EndsWith("-test.jsonl", StringComparison.Ordinal));
    }

    [Fact]
    public void The_default_classifier_takes_each_languages_model_and_the_lexicon_elsewhere()
    {
        var classifier = new DefaultStance();
        Assert.Equal("stance.trained.ru.v2", classifier.For("ru").Name);
        Assert.Equal("stance.trained.kk.v2", classifier.For("kk").Name);
        Assert.Equal("stance.trained.en.v2", classifier.For("en").Name);
        Assert.Equal("stance.lexicon.v2", classifier.For("de").Name);
        Assert.Equal("stance.lexicon.v2", classifier.For(null).Name);
    }

    [Theory]
    [InlineData("kk", "kk-test.jsonl", 0.58)]
    [InlineData("ru", "posts-test.jsonl", 0.50)]
    public void The_shipped_model_holds_its_measured_accuracy_on_held_out_examples(string lang, string file, double floor)
    {
        var model = TrainedStance.LoadBuiltIn(lang)!;
        var examples = StanceExamples.Read(Data(file)).Where(e => e.Lang == lang).ToList();
        var (scores, _) = StanceEvaluation.Evaluate(model, examples);
        var (lexicon, _) = StanceEvaluation.Evaluate(new LexiconStance(), examples);
        Assert.True(scores.MacroF1 >= floor, $"macro-F1 {scores.MacroF1:0.000} on {examples.Count} held-out {lang} examples");
        Assert.True(scores.MacroF1 > lexicon.MacroF1, $"trained {scores.MacroF1:0.000} against the lexicon's {lexicon.MacroF1:0.000}");
    }
}
