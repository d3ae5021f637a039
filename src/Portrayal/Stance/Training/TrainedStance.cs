using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Portrayal.Corpus;

namespace Portrayal.Stance.Training;

/// <summary>How a model was trained: recorded in the model file and printed by `portrayal eval stance`.</summary>
public sealed record TrainingInfo
{
    public string Command { get; init; } = "";
    public List<TrainingSource> Sources { get; init; } = [];
    public string Learner { get; init; } = "";
    public string TrainedAt { get; init; } = "";
    public int Examples { get; init; }
    /// <summary>Cross-validation figures measured before the final fit, by slice (dataset or language).</summary>
    public List<CrossValidationFigure> CrossValidation { get; init; } = [];

    /// <summary>
    /// For each workspace unit the model was trained on (platform/account/post_id/actor), the label the cross-validation
    /// model that did not see it gave (cross-prediction, Zrnic &amp; Candès 2024): what validated estimates use on those units.
    /// </summary>
    public SortedDictionary<string, string> HeldOut { get; init; } = new(StringComparer.Ordinal);
}

public sealed record TrainingSource(string Path, string Format, string Sha256, int Examples, double Weight = 1);

public sealed record CrossValidationFigure(string Slice, int Folds, int Examples, double Accuracy, double MacroF1, double F1PN,
    double F1Negative = 0, double F1Neutral = 0, double F1Positive = 0);

/// <summary>
/// A trained target-aware model: a linear maximum-entropy model over named features (<see cref="StanceFeatures"/>),
/// with a temperature that calibrates its probabilities. The weights are read back from ML.NET after training and kept
/// with their feature names, so classifying needs no ML.NET pipeline and the evidence is the words whose features
/// pushed most toward the label.
/// </summary>
public sealed class TrainedStance : IStanceClassifier
{
    public const string Format = "portrayal.stance-model";
    public const int FormatVersion = 1;

    private readonly Dictionary<string, int> _index;
    private readonly float[] _weights; // feature-major: [feature * 3 + label]
    private readonly StanceFeatures _features;

    public TrainedStance(string name, IReadOnlyList<string> languages, FeatureOptions options, IReadOnlyList<string> featureNames,
        float[] weights, float[] biases, double temperature, TrainingInfo info, double[]? offsets = null)
    {
        if (weights.Length != featureNames.Count * 3) throw new ArgumentException("three weights per feature are needed", nameof(weights));
        Name = name;
        Languages = languages;
        Options = options;
        FeatureNames = featureNames;
        _weights = weights;
        Biases = biases;
        Temperature = temperature;
        Offsets = offsets ?? [0, 0, 0];
        Info = info;
        _index = new Dictionary<string, int>(featureNames.Count, StringComparer.Ordinal);
        for (var i = 0; i < featureNames.Count; i++) _index[featureNames[i]] = i;
        _features = new StanceFeatures(options, options.LexiconFeatures ? SharedLexicon : null);
    }

    internal static readonly LexiconStance SharedLexicon = new();

    public string Name { get; }
    public IReadOnlyList<string> Languages { get; }
    public FeatureOptions Options { get; }
    public IReadOnlyList<string> FeatureNames { get; }
    public float[] Biases { get; }
    public double Temperature { get; }
    /// <summary>Added to the logits before the temperature: the decision offsets chosen by cross-validation for macro-F1.</summary>
    public double[] Offsets { get; }
    public TrainingInfo Info { get; }

    public string? HeldOutLabel(string unitKey) => Info.HeldOut.GetValueOrDefault(unitKey);

    /// <summary>The same model with the temperature and decision offsets fitted on out-of-fold predictions.</summary>
    public TrainedStance Calibrated(double temperature, double[] offsets) =>
        new(Name, Languages, Options, FeatureNames, _weights, Biases, temperature, Info, offsets);

    /// <summary>Probabilities of negative, neutral, positive, and the features of the model found (with their weight rows).</summary>
    public (double[] Probabilities, List<(Feature Feature, int Row)> Used) Probabilities(StanceDocument doc, IReadOnlyList<Mention> targets, string? targetType = null) =>
        Score(_features.Extract(doc, targets, targetType));

    /// <summary>Scores features already extracted with this model's options (cross-validation extracts them once for every fold).</summary>
    public (double[] Probabilities, List<(Feature Feature, int Row)> Used) Score(IReadOnlyCollection<Feature> features)
    {
        var logits = new double[] { Biases[0], Biases[1], Biases[2] };
        var used = new List<(Feature, int)>(features.Count);
        foreach (var f in features)
        {
            if (!_index.TryGetValue(f.Name, out var i)) continue;
            for (var k = 0; k < 3; k++) logits[k] += _weights[i * 3 + k] * f.Value;
            used.Add((f, i));
        }
        for (var k = 0; k < 3; k++) logits[k] += Offsets[k];
        return (Softmax(logits, Temperature), used);
    }

    public StanceResult Classify(StanceDocument doc, IReadOnlyList<Mention> targets) => Classify(doc, targets, null);

    /// <summary>
    /// Classifies with a known target type (RuSentNE's PERSON, PROFESSION, ...); otherwise the catalog's type of the
    /// actor. A post that names the actor more than once is read once per mention, as the model was trained (one
    /// marked mention per example), and the probabilities are averaged (on 7 held-out project posts and the sample's
    /// coded units this did better than reading all mentions at once: the sample's macro-F1 0.625 → 0.651).
    /// </summary>
    public StanceResult Classify(StanceDocument doc, IReadOnlyList<Mention> targets, string? targetType)
    {
        var each = targets.Select(t => Probabilities(doc, [t], targetType)).ToList();
        var p = Enumerable.Range(0, 3).Select(k => each.Average(x => x.Probabilities[k])).ToArray();
        var best = ArgMax(p);
        var label = StanceLabels.All[best];
        // evidence: the words whose features moved the winner most above the other two labels, over every reading
        var byWord = new Dictionary<int, double>();
        foreach (var (f, row) in each.SelectMany(x => x.Used))
        {
            if (f.Word < 0 || f.Word >= doc.Words.Count || IsFunctionWord(doc.Words[f.Word].Folded)) continue;
            double Push(int k) => _weights[row * 3 + k] * f.Value;
            var margin = Push(best) - (Push((best + 1) % 3) + Push((best + 2) % 3)) / 2;
            byWord[f.Word] = byWord.GetValueOrDefault(f.Word) + margin / each.Count;
        }
        var evidence = byWord.Where(w => w.Value > 0.05).OrderByDescending(w => w.Value).Take(4)
            .Select(w => string.Create(CultureInfo.InvariantCulture, $"{doc.Words[w.Key].Surface} (+{w.Value:0.0} {label})"))
            .ToList();
        return new StanceResult(label, Math.Round(p[best], 3), Name, evidence, Math.Round(p[2] - p[0], 3));
    }

    private static readonly HashSet<string> FunctionWords = new(StringComparer.Ordinal)
    {
        "в", "во", "на", "с", "со", "к", "ко", "о", "об", "от", "до", "по", "за", "из", "у", "и", "а", "но", "или", "что", "как",
        "это", "этот", "эта", "эти", "все", "всё", "для", "при", "так", "его", "её", "ее", "их", "она", "они", "оно", "он", "мы",
        "вы", "был", "была", "были", "было", "бы", "же", "ли", "то", "там", "тут", "уже", "ещё", "еще", "который", "которые",
        "the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "by", "for", "from", "with", "that", "this", "these",
        "those", "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its", "their", "they", "he", "she",
        "his", "her", "as", "but", "which", "who", "whom", "will", "would",
        "және", "мен", "бен", "пен", "бұл", "осы", "сол", "ол", "олар", "деп", "үшін", "да", "де", "та", "те", "бір", "екен",
        "еді", "біз", "сен", "ғой", "қой", "ма", "ме",
    };

    /// <summary>Words too common to be shown as evidence (a negator such as не / not / жоқ is kept: it decides).</summary>
    private static bool IsFunctionWord(string folded) => folded.Length <= 1 || FunctionWords.Contains(folded) || folded.All(char.IsDigit);

    /// <summary>The index of the largest of three scores in label order; ties go to the earlier label.</summary>
    public static int ArgMax(IReadOnlyList<double> p) => p[0] >= p[1] && p[0] >= p[2] ? 0 : p[1] >= p[2] ? 1 : 2;

    public static double[] Softmax(double[] logits, double temperature)
    {
        var max = logits.Max();
        var e = logits.Select(l => Math.Exp((l - max) / temperature)).ToArray();
        var sum = e.Sum();
        return e.Select(x => x / sum).ToArray();
    }

    // ---- the model file: gzip-compressed JSON with the weights next to their feature names ----

    private sealed record FileShape
    {
        [JsonPropertyName("format")] public string Format { get; init; } = "";
        [JsonPropertyName("version")] public int Version { get; init; }
        [JsonPropertyName("name")] public string Name { get; init; } = "";
        [JsonPropertyName("languages")] public List<string> Languages { get; init; } = [];
        [JsonPropertyName("features")] public string Features { get; init; } = "";
        [JsonPropertyName("options")] public FeatureOptions Options { get; init; } = new();
        [JsonPropertyName("lexicon")] public string Lexicon { get; init; } = "";
        [JsonPropertyName("labels")] public List<string> Labels { get; init; } = [];
        [JsonPropertyName("biases")] public float[] Biases { get; init; } = [];
        [JsonPropertyName("temperature")] public double Temperature { get; init; } = 1;
        [JsonPropertyName("offsets")] public double[] Offsets { get; init; } = [0, 0, 0];
        [JsonPropertyName("training")] public TrainingInfo Training { get; init; } = new();
        [JsonPropertyName("feature_names")] public List<string> FeatureNames { get; init; } = [];
        [JsonPropertyName("weights")] public float[] Weights { get; init; } = [];
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
        JsonSerializer.Serialize(gzip, new FileShape
        {
            Format = Format, Version = FormatVersion, Name = Name, Languages = [.. Languages], Features = StanceFeatures.Version,
            Options = Options, Lexicon = Options.LexiconFeatures ? Stance.Lexicon.BuiltInHash : "", Labels = [.. StanceLabels.All], Biases = Biases, Temperature = Temperature, Offsets = Offsets, Training = Info,
            FeatureNames = [.. FeatureNames], Weights = _weights,
        }, Json);
    }

    public static TrainedStance Load(string path)
    {
        if (!File.Exists(path)) throw new InputError("MD001", path, null, "model file not found.");
        using var file = File.OpenRead(path);
        return Load(file, path);
    }

    public static TrainedStance Load(Stream stream, string name)
    {
        FileShape? shape;
        try
        {
            using var gzip = new GZipStream(stream, CompressionMode.Decompress);
            shape = JsonSerializer.Deserialize<FileShape>(gzip, Json);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException)
        {
            throw new InputError("MD002", name, null, "not a Portrayal stance model (expected gzip-compressed JSON written by `portrayal train`).", e);
        }
        if (shape is null || shape.Format != Format)
            throw new InputError("MD002", name, null, "not a Portrayal stance model (its format field is missing).");
        if (shape.Version != FormatVersion || shape.Features != StanceFeatures.Version)
            throw new InputError("MD003", name, null,
                $"model format {shape.Version} with features {shape.Features}; this version reads format {FormatVersion} with {StanceFeatures.Version}: retrain it with `portrayal train`.");
        if (shape.Options.LexiconFeatures && shape.Lexicon != Stance.Lexicon.BuiltInHash)
            throw new InputError("MD006", name, null,
                "the model was trained with another version of the built-in cue lexicon, whose hits are among its features: retrain it with `portrayal train` (the command is in the file).");
        if (!shape.Labels.SequenceEqual(StanceLabels.All) || shape.Biases.Length != 3 || shape.Weights.Length != shape.FeatureNames.Count * 3)
            throw new InputError("MD004", name, null, "the model's labels, biases or weights do not fit together: the file is damaged.");
        return new TrainedStance(shape.Name, shape.Languages, shape.Options, shape.FeatureNames, shape.Weights, shape.Biases, shape.Temperature, shape.Training, shape.Offsets);
    }

    /// <summary>The models shipped inside the library, one per language (trained by `portrayal train`, see docs/STANCE.md).</summary>
    public static TrainedStance? LoadBuiltIn(string language)
    {
        var resource = $"Portrayal.Stance.Models.stance-{language}.model.json.gz";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource);
        return stream is null ? null : Load(stream, $"(built-in) stance-{language}.model.json.gz");
    }
}
