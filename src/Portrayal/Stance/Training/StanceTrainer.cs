using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Portrayal.Corpus;
using Portrayal.Codebook;
using Portrayal.Mentions;

namespace Portrayal.Stance.Training;

/// <summary>Learner settings, chosen by cross-validation and recorded in the model.</summary>
public sealed record LearnerSettings
{
    public float L2 { get; init; } = 1f;
    public float L1 { get; init; } = 0.1f;
    /// <summary>A feature must occur in this many training examples to get a weight.</summary>
    public int MinCount { get; init; } = 2;
    /// <summary>Weigh each class inversely to its frequency, so the rarer polar classes are not swamped by neutral.</summary>
    public bool Balanced { get; init; } = true;
    /// <summary>What the decision offsets maximise out of fold: "macro" (macro-F1 over three classes) or "f1pn" (mean F1 of negative and positive).</summary>
    public string Tune { get; init; } = "macro";
    /// <summary>The data files (by name) whose out-of-fold predictions the offsets are fitted on; empty: all of them.</summary>
    public IReadOnlyList<string> TuneOn { get; init; } = [];

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"ML.NET LbfgsMaximumEntropy, L2 {L2}, L1 {L1}, features seen at least {MinCount}×{(Balanced ? ", balanced class weights" : "")}, decision offsets for {(Tune == "f1pn" ? "F1-PN" : "macro-F1")}{(TuneOn.Count > 0 ? " on " + string.Join(", ", TuneOn) : "")}");
}

/// <summary>A labelled example turned into features once, reused by every fold and the final fit.</summary>
public sealed record FeaturizedExample(StanceExample Example, List<Feature> Features);

/// <summary>
/// Trains <see cref="TrainedStance"/> models with ML.NET's L-BFGS maximum-entropy learner and measures them by k-fold
/// cross-validation with folds split by sentence (two targets of one sentence never straddle folds).
/// </summary>
public sealed class StanceTrainer(FeatureOptions options, LearnerSettings settings, int seed = 1)
{
    private static readonly Lazy<AliasMatcher> Catalog = new(() => new AliasMatcher(ActorCatalog.Default.AsCodebook()));

    public FeatureOptions Options => options;
    public LearnerSettings Settings => settings;

    /// <summary>The document a classifier sees for an example: the target as a mention, plus the catalog's actors elsewhere in the text.</summary>
    public static (StanceDocument Document, Mention Target) Document(StanceExample e)
    {
        var target = new Mention(e.Actor ?? "<target>", e.Start, e.End, e.Target, e.Target, 0, e.Text.Length);
        var others = Catalog.Value.Find(e.Text).Where(m => m.End <= e.Start || m.Start >= e.End);
        return (new StanceDocument(e.Text, e.Lang, [target, .. others]), target);
    }

    public List<FeaturizedExample> Featurize(IEnumerable<StanceExample> examples)
    {
        var extractor = new StanceFeatures(options, options.LexiconFeatures ? TrainedStance.SharedLexicon : null);
        return examples.AsParallel().AsOrdered().Select(e =>
        {
            var (doc, target) = Document(e);
            return new FeaturizedExample(e, extractor.Extract(doc, [target], e.TargetType));
        }).ToList();
    }

    public TrainedStance Train(IReadOnlyList<FeaturizedExample> data, string name, IReadOnlyList<string> languages, TrainingInfo info)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var d in data)
            foreach (var f in d.Features)
                counts[f.Name] = counts.GetValueOrDefault(f.Name) + 1;
        var names = counts.Where(c => c.Value >= settings.MinCount).Select(c => c.Key).OrderBy(n => n, StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>(names.Count, StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++) index[names[i]] = i;

        var perClass = new int[3];
        foreach (var d in data) perClass[StanceLabels.IndexOf(d.Example.Label)]++;
        var classWeight = perClass.Select(n => n == 0 ? 0f : settings.Balanced ? data.Count / (3f * n) : 1f).ToArray();

        var rows = data.Select(d =>
        {
            var pairs = d.Features.Where(f => index.ContainsKey(f.Name)).Select(f => (index[f.Name], f.Value)).OrderBy(p => p.Item1).ToArray();
            var label = StanceLabels.IndexOf(d.Example.Label);
            return new Row
            {
                Features = new VBuffer<float>(names.Count, pairs.Length, pairs.Select(p => p.Value).ToArray(), pairs.Select(p => p.Item1).ToArray()),
                Label = d.Example.Label,
                Weight = classWeight[label] * (float)d.Example.Weight,
            };
        }).ToList();

        var ml = new MLContext(seed);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Math.Max(1, names.Count));
        var view = ml.Data.LoadFromEnumerable(rows, schema);
        // the labels become keys in sorted order (negative, neutral, positive), which is the order of StanceLabels.All
        var pipeline = ml.Transforms.Conversion.MapValueToKey("LabelKey", nameof(Row.Label), keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = "LabelKey",
            FeatureColumnName = nameof(Row.Features),
            ExampleWeightColumnName = nameof(Row.Weight),
            L2Regularization = settings.L2,
            L1Regularization = settings.L1,
            OptimizationTolerance = 1e-6f,
            MaximumNumberOfIterations = 400,
        }));
        if (perClass.Any(n => n == 0)) throw new InputError("TR001", "training data", null, "every label (negative, neutral, positive) needs at least one example.");
        var model = pipeline.Fit(view).LastTransformer.Model;
        VBuffer<float>[] weights = [];
        model.GetWeights(ref weights, out var classes);
        if (classes != 3) throw new InvalidOperationException($"the learner returned {classes} classes: every class needs training examples.");
        var flat = new float[names.Count * 3];
        for (var k = 0; k < 3; k++)
        {
            var w = weights[k].DenseValues().ToArray();
            for (var i = 0; i < names.Count; i++) flat[i * 3 + k] = w[i];
        }
        // drop the features L1 zeroed in every class
        var keep = Enumerable.Range(0, names.Count).Where(i => flat[i * 3] != 0 || flat[i * 3 + 1] != 0 || flat[i * 3 + 2] != 0).ToList();
        var keptNames = keep.Select(i => names[i]).ToList();
        var keptWeights = keep.SelectMany(i => new[] { flat[i * 3], flat[i * 3 + 1], flat[i * 3 + 2] }).ToArray();
        return new TrainedStance(name, languages, options, keptNames, keptWeights, model.GetBiases().ToArray(), 1.0,
            info with { Learner = settings.Describe(), Examples = data.Count });
    }

    /// <summary>Out-of-fold probabilities of every example: fold = a stable hash of its sentence modulo k.</summary>
    public double[][] CrossValidate(IReadOnlyList<FeaturizedExample> data, int folds)
    {
        var fold = FoldOf(data, folds);
        var probabilities = new double[data.Count][];
        for (var k = 0; k < folds; k++)
        {
            var train = data.Where((_, i) => fold[i] != k).ToList();
            var model = Train(train, "cv", [], new TrainingInfo());
            for (var i = 0; i < data.Count; i++)
                if (fold[i] == k) probabilities[i] = model.Score(data[i].Features).Probabilities;
        }
        return probabilities;
    }

    /// <summary>
    /// Offsets on the negative and positive log-probabilities that maximise the out-of-fold macro-F1: balanced class
    /// weights move the decision toward the rare classes by a fixed amount; this sets the amount from the data.
    /// </summary>
    public static double[] FitOffsets(IReadOnlyList<FeaturizedExample> data, double[][] probabilities, string tune = "macro")
    {
        var rows = Enumerable.Range(0, data.Count).Where(i => probabilities[i] is not null).ToList();
        var logs = rows.Select(i => Logs(probabilities[i])).ToList();
        var gold = rows.Select(i => data[i].Example.Label).ToList();
        var best = (Score: -1.0, Offsets: new double[3]);
        for (var neg = -1.5; neg <= 1.5001; neg += 0.1)
        for (var pos = -1.5; pos <= 1.5001; pos += 0.1)
        {
            var scores = new StanceScores();
            for (var r = 0; r < logs.Count; r++)
            {
                var l = logs[r];
                scores.Add(gold[r], StanceLabels.All[TrainedStance.ArgMax([l[0] + neg, l[1], l[2] + pos])]);
            }
            // prefer small offsets among equals
            var score = (tune == "f1pn" ? scores.F1PN : scores.MacroF1) - 1e-4 * (Math.Abs(neg) + Math.Abs(pos));
            if (score > best.Score) best = (score, [Math.Round(neg, 2), 0, Math.Round(pos, 2)]);
        }
        return best.Offsets;
    }

    /// <summary>Out-of-fold probabilities with the decision offsets added to their logarithms.</summary>
    public static double[][] Shift(double[][] probabilities, double[] offsets) =>
        probabilities.Select(p => p is null ? null! : TrainedStance.Softmax(Logs(p).Select((x, k) => x + offsets[k]).ToArray(), 1)).ToArray();

    /// <summary>The temperature that minimises the log loss of out-of-fold probabilities (computed at temperature 1).</summary>
    public static double FitTemperature(IReadOnlyList<FeaturizedExample> data, double[][] probabilities)
    {
        var best = (T: 1.0, Loss: double.MaxValue);
        for (var t = 0.4; t <= 4.0001; t += 0.05)
        {
            double loss = 0;
            var n = 0;
            for (var i = 0; i < data.Count; i++)
            {
                if (probabilities[i] is not { } p) continue;
                var q = TrainedStance.Softmax(Logs(p), t);
                loss -= Math.Log(Math.Max(q[StanceLabels.IndexOf(data[i].Example.Label)], 1e-12));
                n++;
            }
            if (n > 0 && loss / n < best.Loss) best = (t, loss / n);
        }
        return Math.Round(best.T, 2);
    }

    public static string Predicted(double[] p) => StanceLabels.All[TrainedStance.ArgMax(p)];

    /// <summary>Log-probabilities, kept finite.</summary>
    private static double[] Logs(double[] p) => p.Select(x => Math.Log(Math.Max(x, 1e-12))).ToArray();

    /// <summary>Each example's fold: a stable hash of its sentence, so one sentence's targets share a fold.</summary>
    public static int[] FoldOf(IReadOnlyList<FeaturizedExample> data, int folds) =>
        data.Select(d => (int)(StableHash(d.Example.Group) % (uint)folds)).ToArray();

    public static uint StableHash(string s)
    {
        var h = 2166136261u;
        foreach (var c in s) h = (h ^ c) * 16777619u;
        return h;
    }

    private sealed class Row
    {
        public VBuffer<float> Features;
        public string Label = "";
        public float Weight;
    }
}
