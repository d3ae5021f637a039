using System.CommandLine;
using System.Globalization;
using Portrayal.Stance.Training;
using Spectre.Console;

namespace Portrayal.Cli.Commands;

/// <summary>`portrayal train DATA... [--format F] --out MODEL [--lang ru,kk] [--cv 5] [settings]`: a target-aware stance model.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var data = new Argument<string[]>("data") { Description = "Labelled files: RuSentNE-2023 (.csv), NewsMTSC (.jsonl) or the project's JSONL ({\"text\",\"target\"|\"start\",\"end\",\"label\",\"lang\"}).", Arity = ArgumentArity.ZeroOrMore };
        var workspace = new Option<string?>("--workspace") { Description = "Also train on a workspace's agreed codes (coded.csv), toward each unit's first mention of its actor." };
        var format = new Option<string?>("--format") { Description = "rusentne, newsmtsc or jsonl for every file (default: read from each file's first line)." };
        var output = new Option<string?>("--out") { Description = "Where to write the model (.model.json.gz); without it only the cross-validation is run." };
        var name = new Option<string?>("--name") { Description = "The model's versioned name, recorded with every prediction (default: stance.trained.<langs>.v1)." };
        var langs = new Option<string?>("--lang") { Description = "Languages the model is for, comma-separated (default: those of the data)." };
        var weights = new Option<string?>("--weights") { Description = "How much each data file's examples count, comma-separated in the order of the files (default: 1 each), e.g. to let a small in-domain set count beside a large news set." };
        var keep = new Option<string?>("--keep-lang") { Description = "Train only on the examples in these languages, comma-separated (default: all)." };
        var folds = new Option<int>("--cv") { Description = "Folds of the cross-validation run first (0: none).", DefaultValueFactory = _ => 5 };
        var l2 = new Option<float>("--l2") { Description = "L2 regularisation.", DefaultValueFactory = _ => new LearnerSettings().L2 };
        var l1 = new Option<float>("--l1") { Description = "L1 regularisation.", DefaultValueFactory = _ => new LearnerSettings().L1 };
        var tune = new Option<string>("--tune") { Description = "What the decision offsets maximise: macro (macro-F1) or f1pn (mean F1 of negative and positive).", DefaultValueFactory = _ => "macro" };
        tune.AcceptOnlyFromAmong("macro", "f1pn");
        var tuneOn = new Option<string?>("--tune-on") { Description = "Fit the decision offsets on these data files only, comma-separated file names (default: all), e.g. the in-domain files of a model trained mostly on news." };
        var minCount = new Option<int>("--min-count") { Description = "Examples a feature must occur in.", DefaultValueFactory = _ => new LearnerSettings().MinCount };
        var window = new Option<int>("--window") { Description = "Words each side of the target read as its context.", DefaultValueFactory = _ => new FeatureOptions().Window };
        var stem = new Option<int>("--stem") { Description = "Letters a Cyrillic word is cut to.", DefaultValueFactory = _ => new FeatureOptions().StemLength };
        var grams = new Option<int>("--char-grams") { Description = "Character n-gram length in the window (0: none).", DefaultValueFactory = _ => new FeatureOptions().CharGrams };
        var noLexicon = new Option<bool>("--no-lexicon") { Description = "Leave out the cue-lexicon features." };
        var noBag = new Option<bool>("--no-sentence-bag") { Description = "Leave out the bag of the sentence's words." };
        var embeddings = new Option<double>("--embeddings") { Description = "English: weight of the MiniLM sentence-vector features (0: none)." };
        var embeddingWindow = new Option<int>("--embedding-window") { Description = "With --embeddings: a fourth view, the words within this many of the target (0: none)." };
        var tokenEmbeddings = new Option<double>("--token-embeddings") { Description = "English: weight of the MiniLM token-vector features, five views of one reading of the target's sentence (0: none)." };
        var tokenWindow = new Option<int>("--token-window") { Description = "With --token-embeddings: tokens each side of the target in the nearby view.", DefaultValueFactory = _ => new FeatureOptions().TokenWindow };
        var raw = new Option<bool>("--no-normalize") { Description = "Keep feature values as they are instead of scaling each example to unit length." };
        var command = new Command("train", "Train a target-aware stance model from labelled files, cross-validated first; the model file records how it was made.")
        {
            data, workspace, format, output, name, langs, keep, weights, folds, l2, l1, tune, tuneOn, minCount, window, stem, grams, noLexicon, noBag, raw, embeddings, embeddingWindow, tokenEmbeddings, tokenWindow,
        };
        command.SetAction(parse => Program.Guard(() =>
        {
            var sources = parse.GetValue(data)!.Select(p => StanceSource.Read(p, parse.GetValue(format))).ToList();
            if (parse.GetValue(weights) is { } w)
            {
                var given = w.Split(',', StringSplitOptions.TrimEntries).Select(x =>
                    double.TryParse(x, System.Globalization.NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 ? v
                    : throw new Corpus.InputError("TR003", "--weights", null, $"'{x}' is not a positive number.")).ToList();
                if (given.Count != sources.Count) throw new Corpus.InputError("TR003", "--weights", null, $"{given.Count} weights for {sources.Count} data files.");
                sources = sources.Select((s, i) => s with { Examples = s.Examples.Select(e => e with { Weight = given[i] }).ToList() }).ToList();
            }
            if (parse.GetValue(workspace) is { } dir)
            {
                using var study = Pipeline.Study.Open(Pipeline.Workspace.Open(dir), Pipeline.StudyNeeds.Codebook | Pipeline.StudyNeeds.Store);
                var units = Coding.CodedUnit.Load(study.Store, study.Codebook!, study.CodedPath);
                sources.Add(new StanceSource(study.CodedPath, StanceTraining.CodedFormat, units.Select(u => u.AsExample()).ToList()));
            }
            if (sources.Count == 0) throw new Corpus.InputError("TR002", "train", null, "give labelled files, --workspace, or both.");
            if (parse.GetValue(keep) is { } kept)
            {
                var only = kept.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
                sources = sources.Select(s => s with { Examples = s.Examples.Where(e => only.Contains(e.Lang)).ToList() }).Where(s => s.Examples.Count > 0).ToList();
            }
            var options = new FeatureOptions
            {
                Window = parse.GetValue(window), StemLength = parse.GetValue(stem), CharGrams = parse.GetValue(grams),
                LexiconFeatures = !parse.GetValue(noLexicon), SentenceBag = !parse.GetValue(noBag), Normalize = !parse.GetValue(raw), Embeddings = parse.GetValue(embeddings), EmbeddingWindow = parse.GetValue(embeddingWindow),
                TokenEmbeddings = parse.GetValue(tokenEmbeddings), TokenWindow = parse.GetValue(tokenWindow),
            };
            var tuneFiles = parse.GetValue(tuneOn)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Path.GetFileName).Select(n => n!).ToList() ?? [];
            var sourceNames = sources.Select(s => Path.GetFileName(s.Path)).ToHashSet(StringComparer.Ordinal);
            foreach (var f in tuneFiles.Where(f => !sourceNames.Contains(f)))
                throw new Corpus.InputError("TR004", "--tune-on", null, $"'{f}' is not one of the data files ({string.Join(", ", sourceNames)}).");
            var settings = new LearnerSettings { L2 = parse.GetValue(l2), L1 = parse.GetValue(l1), MinCount = parse.GetValue(minCount), Tune = parse.GetValue(tune)!, TuneOn = tuneFiles };
            var languages = parse.GetValue(langs)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList()
                ?? sources.SelectMany(s => s.Examples).Select(e => e.Lang).Distinct().Order(StringComparer.Ordinal).ToList();
            var modelName = parse.GetValue(name) ?? $"stance.trained.{string.Join("-", languages)}.v1";
            var commandLine = "portrayal " + string.Join(' ', parse.Tokens.Select(t => t.Value.Contains(' ') ? $"\"{t.Value}\"" : t.Value));
            var result = StanceTraining.Run(sources, new StanceTrainer(options, settings), modelName, languages, parse.GetValue(folds),
                commandLine, () => DateTimeOffset.UtcNow, m => Console.Error.WriteLine(m));
            if (result.CrossValidation.Count > 0)
            {
                var table = new Table().Border(TableBorder.Simple).AddColumns("slice", "folds", "examples", "accuracy", "macro-F1", "F1-PN", "F1 neg", "F1 neu", "F1 pos");
                foreach (var c in table.Columns.Skip(1)) c.RightAligned();
                foreach (var f in result.CrossValidation)
                    table.AddRow(Markup.Escape(f.Slice), I(f.Folds), I(f.Examples), P(f.Accuracy), P(f.MacroF1), P(f.F1PN), P(f.F1Negative), P(f.F1Neutral), P(f.F1Positive));
                var console = Program.Stdout();
                console.MarkupLine($"cross-validation of {Markup.Escape(modelName)}: {Markup.Escape(settings.Describe())}");
                console.Write(table);
            }
            if (parse.GetValue(output) is { } path)
            {
                result.Model.Save(path);
                Console.Out.WriteLine($"{result.Model.Name}: {result.Model.FeatureNames.Count} features, temperature {result.Model.Temperature.ToString(CultureInfo.InvariantCulture)}, written to {path}");
            }
            return 0;
        }));
        return command;
    }

    private static string I(int n) => n.ToString(CultureInfo.InvariantCulture);
    private static string P(double p) => p.ToString("0.000", CultureInfo.InvariantCulture);
}
