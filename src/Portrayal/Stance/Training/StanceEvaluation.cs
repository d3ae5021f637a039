using Portrayal.Corpus;
using System.Security.Cryptography;

namespace Portrayal.Stance.Training;

/// <summary>A classifier's prediction for one labelled example.</summary>
public sealed record StancePrediction(StanceExample Example, string Predicted, double Confidence, IReadOnlyList<string> Evidence);

public static class StanceEvaluation
{
    /// <summary>Classifies every example with the classifier and scores it against the labels.</summary>
    public static (StanceScores Scores, List<StancePrediction> Predictions) Evaluate(IStanceClassifier classifier, IEnumerable<StanceExample> examples)
    {
        var predictions = examples.AsParallel().AsOrdered().Select(e =>
        {
            var (doc, target) = StanceTrainer.Document(e);
            var r = classifier is TrainedStance t ? t.Classify(doc, [target], e.TargetType) : classifier.Classify(doc, [target]);
            return new StancePrediction(e, r.Label, r.Confidence, r.Evidence);
        }).ToList();
        return (StanceScores.Of(predictions.Select(p => (p.Example.Label, p.Predicted))), predictions);
    }

    public static string Sha256(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}

/// <summary>A labelled file given to `portrayal train` or `portrayal eval stance`.</summary>
public sealed record StanceSource(string Path, string Format, List<StanceExample> Examples)
{
    public static StanceSource Read(string path, string? format)
    {
        format ??= StanceExamples.Detect(path);
        return new StanceSource(path, format, StanceExamples.Read(path, format));
    }
}

/// <summary>
/// `portrayal train`: cross-validates the settings on the given sources (each scored on its own and together), fits the
/// temperature on the out-of-fold probabilities, then trains on everything and records how in the model.
/// </summary>
public static class StanceTraining
{
    /// <summary>The format name of a workspace's agreed codes given as training data (`train --workspace`).</summary>
    public const string CodedFormat = "coded";

    public sealed record Result(TrainedStance Model, List<CrossValidationFigure> CrossValidation);

    public static Result Run(IReadOnlyList<StanceSource> sources, StanceTrainer trainer, string name, IReadOnlyList<string> languages,
        int folds, string command, Func<DateTimeOffset> clock, Action<string>? log = null)
    {
        var all = sources.SelectMany(s => s.Examples).ToList();
        log?.Invoke($"featurizing {all.Count} examples");
        var data = trainer.Featurize(all);
        var figures = new List<CrossValidationFigure>();
        var temperature = 1.0;
        var offsets = new double[3];
        Dictionary<StanceExample, string>? oofLabels = null;
        if (folds < 2 && sources.Any(s => s.Format == CodedFormat))
            throw new InputError("TR005", "--cv", null,
                "training on a workspace's codes needs cross-validation (--cv 2 or more): estimates use, on each coded unit, the label of a model that did not see its code.");
        if (folds >= 2)
        {
            log?.Invoke($"{folds}-fold cross-validation, folds split by sentence");
            var raw = trainer.CrossValidate(data, folds);
            var bySource = new Dictionary<StanceExample, string>(ReferenceEqualityComparer.Instance);
            foreach (var s in sources) foreach (var e in s.Examples) bySource[e] = System.IO.Path.GetFileName(s.Path);
            // the offsets are fitted on the out-of-fold predictions of the files named by --tune-on (all when none)
            var tuneOn = trainer.Settings.TuneOn;
            var tuned = raw.Select((p, i) => tuneOn.Count == 0 || tuneOn.Contains(bySource[data[i].Example]) ? p : null!).ToArray();
            offsets = StanceTrainer.FitOffsets(data, tuned, trainer.Settings.Tune);
            log?.Invoke($"decision offsets negative {offsets[0]}, positive {offsets[2]} (chosen for out-of-fold {(trainer.Settings.Tune == "f1pn" ? "F1-PN" : "macro-F1")}{(tuneOn.Count > 0 ? " of " + string.Join(", ", tuneOn) : "")})");
            // the figures are honest about the offsets too: each fold is scored with offsets chosen on the other folds
            var fold = StanceTrainer.FoldOf(data, folds);
            var oof = new double[data.Count][];
            for (var k = 0; k < folds; k++)
            {
                var others = tuned.Select((p, i) => fold[i] == k ? null! : p).ToArray();
                var shifted = StanceTrainer.Shift(raw, StanceTrainer.FitOffsets(data, others, trainer.Settings.Tune));
                for (var i = 0; i < data.Count; i++) if (fold[i] == k) oof[i] = shifted[i];
            }
            CrossValidationFigure Figure(string slice, IEnumerable<int> rows)
            {
                var list = rows.ToList();
                var scores = StanceScores.Of(list.Select(i => (data[i].Example.Label, StanceTrainer.Predicted(oof[i]))));
                return new CrossValidationFigure(slice, folds, scores.Count, Math.Round(scores.Accuracy, 4), Math.Round(scores.MacroF1, 4), Math.Round(scores.F1PN, 4),
                    Math.Round(scores.F1(0), 4), Math.Round(scores.F1(1), 4), Math.Round(scores.F1(2), 4));
            }
            var indices = Enumerable.Range(0, data.Count).ToList();
            if (sources.Count > 1)
                foreach (var s in sources.Select(s => System.IO.Path.GetFileName(s.Path)).Distinct())
                    figures.Add(Figure(s, indices.Where(i => bySource[data[i].Example] == s)));
            foreach (var lang in data.Select(d => d.Example.Lang).Distinct().Order(StringComparer.Ordinal))
                if (data.Select(d => d.Example.Lang).Distinct().Count() > 1)
                    figures.Add(Figure("lang " + lang, indices.Where(i => data[i].Example.Lang == lang)));
            figures.Add(Figure("all", indices));
            temperature = StanceTrainer.FitTemperature(data, oof);
            oofLabels = new Dictionary<StanceExample, string>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < data.Count; i++) oofLabels[data[i].Example] = StanceTrainer.Predicted(oof[i]);
            log?.Invoke($"temperature {temperature} (fitted on the out-of-fold probabilities)");
        }
        // Codes of the workspace the model is trained on keep their out-of-fold labels: estimates must not use a
        // model's label on a unit whose code it learnt from.
        var heldOut = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (oofLabels is not null)
            foreach (var s in sources.Where(s => s.Format == CodedFormat))
                foreach (var e in s.Examples)
                    if (oofLabels.TryGetValue(e, out var label)) heldOut[e.Id] = label;
        var info = new TrainingInfo
        {
            HeldOut = heldOut,
            Command = command,
            Sources = sources.Select(s => new TrainingSource(s.Path, s.Format, StanceEvaluation.Sha256(s.Path), s.Examples.Count, s.Examples.Count > 0 ? s.Examples[0].Weight : 1)).ToList(),
            TrainedAt = clock().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            CrossValidation = figures,
        };
        log?.Invoke($"final fit on all {data.Count} examples");
        var model = trainer.Train(data, name, languages, info);
        return new Result(model.Calibrated(temperature, offsets), figures);
    }
}
