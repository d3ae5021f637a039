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
