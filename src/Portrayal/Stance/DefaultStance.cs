using Portrayal.Corpus;
using Portrayal.Stance.Training;

namespace Portrayal.Stance;

/// <summary>
/// What `portrayal stance` and `run` use without --model: for each text, the best shipped classifier for its language
/// (chosen by the cross-validation table in docs/STANCE.md), the lexicon baseline where no model is shipped.
/// </summary>
public sealed class DefaultStance : IStanceClassifier
{
    private readonly Dictionary<string, IStanceClassifier> _byLanguage = new(StringComparer.Ordinal);
    private readonly LexiconStance _lexicon = TrainedStance.SharedLexicon;

    public DefaultStance()
    {
        foreach (var lang in Lexicon.BuiltIn)
            if (TrainedStance.LoadBuiltIn(lang) is { } model) _byLanguage[lang] = model;
        Name = "stance.default.v1 (" + string.Join(", ", Lexicon.BuiltIn.Select(l => $"{l}: {For(l).Name}")) + ")";
    }

    public string Name { get; }

    public IStanceClassifier For(string? lang) =>
        lang is not null && _byLanguage.TryGetValue(lang, out var c) ? c : _lexicon;

    public StanceResult Classify(StanceDocument document, IReadOnlyList<Mention> targets) =>
        For(document.Lang).Classify(document, targets);
}

/// <summary>How often a shipped model was right on social-media posts like a study's, in its own cross-validation.</summary>
public sealed record MeasuredAccuracy(string Language, string Model, double Accuracy, int Posts);

/// <summary>The shipped models' accuracy on the project's whole social-media posts (the posts* files), as their cross-validation measured it.</summary>
public static class ShippedAccuracy
{
    /// <summary>The name `run` records for <see cref="DefaultStance"/>: figures exist for its models only.</summary>
    public const string DefaultPrefix = "stance.default.";

    public static IReadOnlyList<MeasuredAccuracy> OnPosts()
    {
        var result = new List<MeasuredAccuracy>();
        foreach (var lang in Lexicon.BuiltIn)
        {
            if (TrainedStance.LoadBuiltIn(lang) is not { } model) continue;
            var slices = model.Info.CrossValidation.Where(f => f.Slice.StartsWith("posts", StringComparison.Ordinal)).ToList();
            var n = slices.Sum(f => f.Examples);
            if (n > 0) result.Add(new MeasuredAccuracy(lang, model.Name, slices.Sum(f => f.Accuracy * f.Examples) / n, n));
        }
        return result;
    }
}

/// <summary>Turns a --model value into a classifier: default, lexicon, a model file from `portrayal train`, or an ONNX model (.onnx with its sidecar).</summary>
public static class StanceClassifiers
{
    public static IStanceClassifier Resolve(string? model) => model switch
    {
        null or "" or "default" => new DefaultStance(),
        "lexicon" => new LexiconStance(),
        _ when model.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) => OnnxStance.Load(model),
        _ when File.Exists(model) || model.Contains(Path.DirectorySeparatorChar) || model.EndsWith(".gz", StringComparison.Ordinal)
            => TrainedStance.Load(model),
        _ => throw new InputError("MD005", "--model", null, $"'{model}' is neither a model file nor one of: default, lexicon."),
    };
}
