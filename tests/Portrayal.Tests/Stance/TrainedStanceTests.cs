using Portrayal.Coding;
using Portrayal.Corpus;
using Portrayal.Stance;
using Portrayal.Stance.Training;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Stance;

public class StanceExampleReaderTests
{
    [Fact]
    public void RuSentNE_is_read_as_published_with_its_quoting_offsets_and_labels()
    {
        var examples = StanceExamples.Read(Paths.Fixture("stance", "rusentne-small.csv"));
        Assert.Equal(8, examples.Count);
        Assert.All(examples, e => Assert.Equal("ru", e.Lang));
        Assert.Equal(["positive", "negative", "neutral", "negative"], examples.Take(4).Select(e => e.Label));
        var quoted = examples[3];
        Assert.StartsWith("«Мы не допустим вмешательства»", quoted.Text);
        Assert.Contains("\"цветные революции\"", quoted.Text);
        Assert.Equal("США", quoted.Target);
        Assert.Equal("COUNTRY", quoted.TargetType);
        // one sentence with two targets: one group, so never split across folds
        Assert.Equal(examples[5].Group, examples[6].Group);
    }

    [Fact]
    public void A_RuSentNE_label_outside_minus_one_to_one_names_its_line()
    {
        var e = Assert.Throws<InputError>(() => StanceExamples.Read(Paths.Fixture("stance", "rusentne-bad-label.csv")));
        Assert.Equal("SE005", e.Code);
        Assert.Equal("line 3", e.Position);
        Assert.Contains("'positive'", e.Message);
    }

    [Fact]
    public void NewsMTSC_gives_one_example_per_target_with_polarity_mapped()
    {
        var examples = StanceExamples.Read(Paths.Fixture("stance", "newsmtsc-small.jsonl"));
        Assert.Equal(4, examples.Count);
        Assert.Equal(["The senator", "the president", "the agency", "China"], examples.Select(e => e.Target));
        Assert.Equal(["neutral", "positive", "negative", "neutral"], examples.Select(e => e.Label));
        Assert.All(examples, e => Assert.Equal("en", e.Lang));
    }

    [Fact]
    public void The_project_format_finds_the_target_in_the_text_and_accepts_numeric_labels()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "items.jsonl");
        File.WriteAllLines(path,
        [
            """{"id":"a","lang":"kk","text":"Ресей бізге көмектеспеді.","target":"Ресей","label":"-1"}""",
            """{"id":"b","text":"Turkey sent aid.","start":0,"end":6,"label":"positive"}""",
        ]);
        var examples = StanceExamples.Read(path);
        Assert.Equal(("Ресей", "negative", "kk"), (examples[0].Target, examples[0].Label, examples[0].Lang));
        Assert.Equal(("Turkey", "positive", "en"), (examples[1].Target, examples[1].Label, examples[1].Lang));

        File.WriteAllLines(path, ["""{"id":"a","text":"Ресей бізге көмектеспеді.","target":"Қытай","label":"negative"}"""]);
        var e = Assert.Throws<InputError>(() => StanceExamples.Read(path));
        Assert.Equal(("SE004", "line 1"), (e.Code, e.Position));
    }

    [Fact]
    public void Scare_quotes_are_told_from_quoted_statements()
    {
        var doc = new StanceDocument("Спасибо ОДКБ за «помощь». Песков: \"Мы не допустим никаких цветных революций\".", "ru", []);
        int Word(string w) => doc.Words.ToList().FindIndex(t => t.Surface == w);
        Assert.Equal(1, doc.QuoteLength(Word("помощь")));
        Assert.Equal(6, doc.QuoteLength(Word("допустим")));
        Assert.Equal(0, doc.QuoteLength(Word("Спасибо")));
        Assert.Equal(0, doc.QuoteLength(Word("Песков")));
        Assert.Equal(Word("Мы"), doc.QuoteStart(Word("революций")));
        Assert.Equal(Word("Песков"), doc.QuoteStart(Word("Песков")));
    }

    [Fact]
    public void F1_PN_is_the_mean_F1_of_the_two_polar_classes()
    {
        var scores = StanceScores.Of([
            ("negative", "negative"), ("negative", "neutral"), ("neutral", "neutral"), ("neutral", "neutral"),
            ("positive", "positive"), ("positive", "negative"),
        ]);
        // negative: P 1/2, R 1/2 → F1 0.5; positive: P 1, R 1/2 → F1 2/3; neutral: P 2/3, R 1 → 0.8
        Assert.Equal((0.5 + 2.0 / 3) / 2, scores.F1PN, 6);
        Assert.Equal((0.5 + 2.0 / 3 + 0.8) / 3, scores.MacroF1, 6);
        Assert.Equal(4.0 / 6, scores.Accuracy, 6);
    }
}

public class TrainedStanceTests
{
    private static readonly string KazakhTrain = Path.Combine(Paths.RepositoryRoot, "data", "stance", "kk-train.jsonl");
    private static readonly string KazakhTest = Path.Combine(Paths.RepositoryRoot, "data", "stance", "kk-test.jsonl");

    private static TrainedStance TrainKazakh(int folds = 0) =>
        StanceTraining.Run([StanceSource.Read(KazakhTrain, null)], new StanceTrainer(new FeatureOptions(), new LearnerSettings()),
            "stance.test.kk.v1", ["kk"], folds, "test", () => new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero)).Model;

    [Fact]
    public void A_trained_model_beats_the_lexicon_on_held_out_Kazakh_and_survives_a_round_trip_through_its_file()
    {
        var model = TrainKazakh();
        var test = StanceExamples.Read(KazakhTest);
        var (trained, predictions) = StanceEvaluation.Evaluate(model, test);
        var (lexicon, _) = StanceEvaluation.Evaluate(new LexiconStance(), test);
        Assert.True(trained.MacroF1 > lexicon.MacroF1 + 0.05, $"trained {trained.MacroF1:0.000} vs lexicon {lexicon.MacroF1:0.000}");

        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "kk.model.json.gz");
        model.Save(path);
        var loaded = TrainedStance.Load(path);
        var (again, predictionsAgain) = StanceEvaluation.Evaluate(loaded, test);
        Assert.Equal(predictions.Select(p => (p.Predicted, p.Confidence)), predictionsAgain.Select(p => (p.Predicted, p.Confidence)));
        Assert.Equal("test", loaded.Info.Command);
        Assert.Equal(StanceEvaluation.Sha256(KazakhTrain), Assert.Single(loaded.Info.Sources).Sha256);
    }

    [Fact]
    public void Evidence_names_words_of_the_text_and_the_confidence_is_a_probability()
    {
        var model = TrainKazakh();
        const string text = "Ресей бізге ешқандай көмек берген жоқ, тек уәде берді.";
        var target = new Mention("russia", 0, 5, "Ресей", "Ресей", 0, text.Length);
        var result = model.Classify(new StanceDocument(text, "kk", [target]), [target]);
        Assert.Equal("negative", result.Label);
        Assert.InRange(result.Confidence, 0.34, 1.0);
        Assert.NotEmpty(result.Evidence);
        Assert.All(result.Evidence, e => Assert.Contains(e.Split(' ')[0], text));
    }

    [Fact]
    public void A_post_naming_the_actor_twice_is_read_once_per_mention_and_the_readings_averaged()
    {
        var model = TrainedStance.LoadBuiltIn("ru")!;
        const string text = "Россия прислала десантников по просьбе Токаева. Через неделю Россия вывела войска, как и обещала, и за это ей спасибо.";
        var first = new Mention("russia", 0, 6, "Россия", "Россия", 0, text.Length);
        var at = text.IndexOf("Россия вывела", StringComparison.Ordinal);
        var second = new Mention("russia", at, at + 6, "Россия", "Россия", 0, text.Length);
        var doc = new StanceDocument(text, "ru", [first, second]);
        var p1 = model.Probabilities(doc, [first]).Probabilities;
        var p2 = model.Probabilities(doc, [second]).Probabilities;
        var mean = Enumerable.Range(0, 3).Select(k => (p1[k] + p2[k]) / 2).ToArray();
        var both = model.Classify(doc, [first, second]);
        Assert.Equal(StanceLabels.All[TrainedStance.ArgMax(mean)], both.Label);
        Assert.Equal(Math.Round(mean.Max(), 3), both.Confidence);
        Assert.NotEqual(p1.Max(), p2.Max()); // the two readings differ: the second mention sits in the thanks
    }

    [Fact]
    public void Cross_validation_keeps_a_sentences_targets_in_one_fold_and_records_its_figures()
    {
        var examples = StanceExamples.Read(KazakhTrain);
        var trainer = new StanceTrainer(new FeatureOptions(), new LearnerSettings());
        var data = trainer.Featurize(examples);
        var folds = StanceTrainer.FoldOf(data, 5);
        foreach (var group in data.Select((d, i) => (d.Example.Group, Fold: folds[i])).GroupBy(x => x.Group))
            Assert.Single(group.Select(x => x.Fold).Distinct());

        var model = TrainKazakh(folds: 3);
        var all = Assert.Single(model.Info.CrossValidation, f => f.Slice == "all");
        Assert.Equal(examples.Count, all.Examples);
        Assert.InRange(all.MacroF1, 0.4, 1.0);
        Assert.InRange(model.Temperature, 0.4, 4.0);
    }

    [Fact]
    public void A_model_trained_with_another_cue_lexicon_is_refused_rather_than_read_with_shifted_features()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "kk.model.json.gz");
        TrainKazakh().Save(path);
        string json;
        using (var gz = new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress))
            json = new StreamReader(gz).ReadToEnd();
        Assert.Contains(Lexicon.BuiltInHash, json);
        using (var gz = new System.IO.Compression.GZipStream(File.Create(path), System.IO.Compression.CompressionLevel.Fastest))
        using (var w = new StreamWriter(gz))
            w.Write(json.Replace(Lexicon.BuiltInHash, new string('0', 64)));
        var e = Assert.Throws<InputError>(() => TrainedStance.Load(path));
        Assert.Equal("MD006", e.Code);
        Assert.Contains("retrain", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_refused_with_its_name()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "model.json.gz");
        File.WriteAllText(path, "{\"weights\": []}");
        var e = Assert.Throws<InputError>(() => TrainedStance.Load(path));
        Assert.Equal(("MD002", path), (e.Code, e.File));
    }
}
