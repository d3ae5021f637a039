using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;
using Portrayal.Corpus;

namespace Portrayal.Stance;

/// <summary>
/// An external stance classifier: a team's fine-tuned transformer exported to ONNX, run with ONNX Runtime on the CPU.
/// The model file comes with a sidecar (<c>model.onnx.json</c> or <c>model.json</c> beside it) that says how to feed it:
/// <code>
/// {
///   "name": "my-finetuned-rubert",
///   "labels": ["negative", "neutral", "positive"],   // the order of the output's logits
///   "tokenizer": "wordpiece", "vocab": "vocab.txt", "lowercase": true, "max_length": 128,
///   "target_marking": "pair",                         // or "markers", with "markers": ["&lt;t&gt;", "&lt;/t&gt;"]
///   "inputs": { "input_ids": "input_ids", "attention_mask": "attention_mask", "token_type_ids": "token_type_ids" },
///   "output": "logits"
/// }
/// </code>
/// "pair" feeds the BERT sentence pair ([CLS] sentence [SEP] target [SEP], token types 0 then 1); "markers" wraps the
/// target in the sentence between the two marker tokens, which must be entries of the vocab. The text fed is the
/// sentence holding the mention. Evidence is the winning probability and the words of that sentence whose removal
/// lowers it most (occlusion: one extra run of the model per word, for sentences of at most 32 words).
/// </summary>
public sealed class OnnxStance : IStanceClassifier, IDisposable
{
    /// <summary>Sentences longer than this get no occlusion evidence (one model run per word is too dear).</summary>
    public const int MaxOcclusionWords = 32;
    private const int EvidenceWords = 3;
    /// <summary>A target mentioned in many sentences is judged in at most this many of them.</summary>
    private const int MaxSentences = 8;

    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly string _modelPath;
    private readonly string[] _labels;
    private readonly int _negative, _positive;
    private readonly int _maxLength;
    private readonly bool _markers;
    private readonly int _open, _close;
    private readonly string _inputIds, _attentionMask;
    private readonly string? _tokenTypeIds;
    private readonly string _output;
    /// <summary>A model exported with a fixed sequence length is fed exactly that many tokens, padded; 0 when the length is free.</summary>
    private readonly int _fixedLength;

    private OnnxStance(InferenceSession session, BertTokenizer tokenizer, string modelPath, Sidecar sidecar, int open, int close)
    {
        var fixedLength = session.InputMetadata[sidecar.InputIds].Dimensions is { Length: 2 } dims && dims[1] > 0 ? dims[1] : 0;
        _session = session;
        _tokenizer = tokenizer;
        _modelPath = modelPath;
        _labels = sidecar.Labels;
        _negative = Array.IndexOf(_labels, StanceLabels.Negative);
        _positive = Array.IndexOf(_labels, StanceLabels.Positive);
        _fixedLength = fixedLength;
        _maxLength = fixedLength > 0 ? Math.Min(fixedLength, sidecar.MaxLength) : sidecar.MaxLength;
        _markers = sidecar.Markers is not null;
        _open = open;
        _close = close;
        _inputIds = sidecar.InputIds;
        _attentionMask = sidecar.AttentionMask;
        _tokenTypeIds = sidecar.TokenTypeIds;
        _output = sidecar.Output;
        ModelName = sidecar.Name;
    }

    /// <summary>The model's name from its sidecar.</summary>
    public string ModelName { get; }

    public string Name => "stance.onnx:" + ModelName;

    /// <summary>
    /// Opens an ONNX stance model and its sidecar and checks that they agree (input and output names, element types,
    /// output width, vocab). Throws <see cref="InputError"/> (ONNX001…ONNX009) naming the file at fault.
    /// </summary>
    public static OnnxStance Load(string modelPath)
    {
        var full = Path.GetFullPath(modelPath);
        if (!File.Exists(full)) throw new InputError("ONNX001", modelPath, null, "ONNX model file not found.");
        var sidecarPath = new[] { full + ".json", Path.ChangeExtension(full, ".json") }.FirstOrDefault(File.Exists)
            ?? throw new InputError("ONNX002", modelPath, null,
                $"no sidecar describing the model: expected {Path.GetFileName(full)}.json or {Path.GetFileNameWithoutExtension(full)}.json beside it.");
        var sidecar = Sidecar.Read(sidecarPath, Path.GetFileNameWithoutExtension(full));

        var vocabPath = Path.Combine(Path.GetDirectoryName(full)!, sidecar.Vocab);
        if (!File.Exists(vocabPath)) throw new InputError("ONNX005", sidecarPath, "\"vocab\"", $"vocab file {vocabPath} not found.");
        var vocab = File.ReadLines(vocabPath).Select((token, i) => (token: token.TrimEnd('\r'), i))
            .GroupBy(x => x.token).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        foreach (var special in new[] { "[UNK]", "[CLS]", "[SEP]", "[PAD]" })
            if (!vocab.ContainsKey(special)) throw new InputError("ONNX005", vocabPath, null, $"the vocab has no {special} entry.");
        int open = -1, close = -1;
        if (sidecar.Markers is { } markers)
        {
            if (!vocab.TryGetValue(markers[0], out open) || !vocab.TryGetValue(markers[1], out close))
                throw new InputError("ONNX005", vocabPath, null, $"the target markers \"{markers[0]}\" and \"{markers[1]}\" must both be vocab entries.");
        }
        BertTokenizer tokenizer;
        try
        {
            tokenizer = BertTokenizer.Create(vocabPath, new BertOptions { LowerCaseBeforeTokenization = sidecar.Lowercase });
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or IOException)
        {
            throw new InputError("ONNX005", vocabPath, null, "not a usable WordPiece vocab: " + e.Message, e);
        }

        InferenceSession session;
        try
        {
            session = new InferenceSession(full);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InputError("ONNX006", modelPath, null, "ONNX Runtime cannot load the model: " + e.Message, e);
        }
        try
        {
            Check(session, sidecar, modelPath, sidecarPath);
        }
        catch
        {
            session.Dispose();
            throw;
        }
        return new OnnxStance(session, tokenizer, full, sidecar, open, close);
    }

    private static void Check(InferenceSession session, Sidecar sidecar, string modelPath, string sidecarPath)
    {
        var given = new[] { sidecar.InputIds, sidecar.AttentionMask, sidecar.TokenTypeIds }.OfType<string>().ToList();
        var modelInputs = session.InputMetadata;
        foreach (var name in given)
        {
            if (!modelInputs.TryGetValue(name, out var meta))
                throw new InputError("ONNX007", modelPath, null,
                    $"the sidecar {Path.GetFileName(sidecarPath)} names input \"{name}\", which the model does not have (its inputs: {string.Join(", ", modelInputs.Keys)}).");
            if (meta.ElementType != typeof(long))
                throw new InputError("ONNX007", modelPath, null, $"model input \"{name}\" holds {meta.ElementType.Name}, not int64.");
            if (meta.Dimensions.Length != 2)
                throw new InputError("ONNX007", modelPath, null, $"model input \"{name}\" has {meta.Dimensions.Length} dimension(s); expected 2 (batch, tokens).");
        }
        var unfed = modelInputs.Keys.Where(k => !given.Contains(k)).ToList();
        if (unfed.Count > 0)
            throw new InputError("ONNX007", modelPath, null,
                $"the model needs input(s) {string.Join(", ", unfed)} that the sidecar {Path.GetFileName(sidecarPath)} does not map (under \"inputs\").");
        if (!session.OutputMetadata.TryGetValue(sidecar.Output, out var output))
            throw new InputError("ONNX008", modelPath, null,
                $"the sidecar {Path.GetFileName(sidecarPath)} names output \"{sidecar.Output}\", which the model does not have (its outputs: {string.Join(", ", session.OutputMetadata.Keys)}).");
        if (output.ElementType != typeof(float))
            throw new InputError("ONNX008", modelPath, null, $"model output \"{sidecar.Output}\" holds {output.ElementType.Name}, not float logits.");
        var width = output.Dimensions.Length > 0 ? output.Dimensions[^1] : -1;
        if (width > 0 && width != sidecar.Labels.Length)
            throw new InputError("ONNX009", modelPath, null,
                $"model output \"{sidecar.Output}\" has {width} values per text but the sidecar {Path.GetFileName(sidecarPath)} lists {sidecar.Labels.Length} labels.");
    }

    public StanceResult Classify(StanceDocument document, IReadOnlyList<Mention> targets)
    {
        if (targets.Count == 0) throw new ArgumentException("at least one target mention is needed", nameof(targets));
        // Each sentence holding the target is judged toward the mention in it; the most decided sentence speaks.
        var candidates = targets
            .OrderBy(m => m.Start)
            .GroupBy(m => document.SentenceOf(m.Start))
            .Take(MaxSentences)
            .Select(g => (Mention: g.First(), Sentence: document.SentenceSpan(g.First())))
            .Select(c => (c.Mention, c.Sentence, Probabilities: Run(document.Text, c.Sentence, c.Mention, null)))
            .ToList();
        var best = candidates
            .OrderByDescending(c => Decided(c.Probabilities))
            .ThenByDescending(c => c.Probabilities.Max())
            .First();

        var p = best.Probabilities;
        var winner = Array.IndexOf(p, p.Max());
        var label = _labels[winner];
        var score = (_positive >= 0 ? p[_positive] : 0) - (_negative >= 0 ? p[_negative] : 0);
        var evidence = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"onnx model {ModelName}: p({label})={p[winner]:0.00}"),
        };
        evidence.AddRange(Occlusion(document, best.Sentence, best.Mention, winner, p[winner]));
        return new StanceResult(label, Math.Round(p[winner], 3), Name, evidence, Math.Round(score, 3));
    }

    /// <summary>How far a sentence leans away from neutral (the larger of p(positive) and p(negative)).</summary>
    private double Decided(double[] p) => Math.Max(_positive >= 0 ? p[_positive] : 0, _negative >= 0 ? p[_negative] : 0);

    /// <summary>The words of the sentence (outside the mention) whose removal lowers the winning probability most.</summary>
    private IEnumerable<string> Occlusion(StanceDocument doc, (int Start, int End) sentence, Mention target, int winner, double p)
    {
        var words = doc.Words.Where(w => w.Start >= sentence.Start && w.End <= sentence.End).ToList();
        if (words.Count > MaxOcclusionWords) return [];
        return words
            .Where(w => w.End <= target.Start || w.Start >= target.End)
            .Select(w => (Word: w.Surface, Drop: p - Run(doc.Text, sentence, target, (w.Start, w.End))[winner]))
            .Where(x => x.Drop > 0.005)
            .OrderByDescending(x => x.Drop)
            .Take(EvidenceWords)
            .Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Word} (-{x.Drop:0.00} without it)"))
            .ToList();
    }

    /// <summary>Runs the model on one sentence toward one mention, optionally without one word; returns label probabilities.</summary>
    private double[] Run(string text, (int Start, int End) sentence, Mention target, (int Start, int End)? without)
    {
        string Piece(int from, int to)
        {
            if (without is { } w && w.Start >= from && w.End <= to) return string.Concat(text.AsSpan(from, w.Start - from), " ", text.AsSpan(w.End, to - w.End));
            return text[from..to];
        }
        var left = Encode(Piece(sentence.Start, target.Start));
        var mention = Encode(text[target.Start..target.End]);
        var right = Encode(Piece(target.End, sentence.End));

        List<long> ids;
        List<long> types;
        if (_markers)
        {
            if (mention.Count > _maxLength / 2) mention.RemoveRange(_maxLength / 2, mention.Count - _maxLength / 2);
            Fit(left, right, _maxLength - 4 - mention.Count);
            ids = [_tokenizer.ClassificationTokenId, .. left, _open, .. mention, _close, .. right, _tokenizer.SeparatorTokenId];
            types = Enumerable.Repeat(0L, ids.Count).ToList();
        }
        else
        {
            if (mention.Count > _maxLength / 4) mention.RemoveRange(_maxLength / 4, mention.Count - _maxLength / 4);
            Fit(left, right, _maxLength - 3 - 2 * mention.Count);
            List<long> first = [.. left, .. mention, .. right];
            ids = [_tokenizer.ClassificationTokenId, .. first, _tokenizer.SeparatorTokenId, .. mention, _tokenizer.SeparatorTokenId];
            types = [.. Enumerable.Repeat(0L, first.Count + 2), .. Enumerable.Repeat(1L, mention.Count + 1)];
        }

        var mask = Enumerable.Repeat(1L, ids.Count).ToList();
        var padding = Math.Max(0, _fixedLength - ids.Count);
        ids.AddRange(Enumerable.Repeat((long)_tokenizer.PaddingTokenId, padding));
        mask.AddRange(Enumerable.Repeat(0L, padding));
        types.AddRange(Enumerable.Repeat(0L, padding));

        long[] shape = [1, ids.Count];
        var names = new List<string> { _inputIds, _attentionMask };
        var values = new List<OrtValue>
        {
            OrtValue.CreateTensorValueFromMemory(ids.ToArray(), shape),
            OrtValue.CreateTensorValueFromMemory(mask.ToArray(), shape),
        };
        if (_tokenTypeIds is not null)
        {
            names.Add(_tokenTypeIds);
            values.Add(OrtValue.CreateTensorValueFromMemory(types.ToArray(), shape));
        }
        try
        {
            using var options = new RunOptions();
            using var results = _session.Run(options, names, values, [_output]);
            var logits = results[0].GetTensorDataAsSpan<float>();
            if (logits.Length != _labels.Length)
                throw new InputError("ONNX009", _modelPath, null,
                    $"model output \"{_output}\" gave {logits.Length} values for one text; the sidecar lists {_labels.Length} labels.");
            return Softmax(logits);
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    private List<long> Encode(string text) =>
        text.Length == 0 ? [] : _tokenizer.EncodeToIds(text, addSpecialTokens: false).Select(i => (long)i).ToList();

    /// <summary>Trims the tokens farthest from the target, on whichever side is longer, until both fit.</summary>
    private static void Fit(List<long> left, List<long> right, int budget)
    {
        budget = Math.Max(0, budget);
        while (left.Count + right.Count > budget)
        {
            if (left.Count >= right.Count) left.RemoveAt(0);
            else right.RemoveAt(right.Count - 1);
        }
    }

    private static double[] Softmax(ReadOnlySpan<float> logits)
    {
        var max = double.NegativeInfinity;
        foreach (var l in logits) max = Math.Max(max, l);
        var p = new double[logits.Length];
        double sum = 0;
        for (var i = 0; i < p.Length; i++) sum += p[i] = Math.Exp(logits[i] - max);
        for (var i = 0; i < p.Length; i++) p[i] /= sum;
        return p;
    }

    public void Dispose() => _session.Dispose();

    /// <summary>The sidecar's settings, checked.</summary>
    private sealed record Sidecar(string Name, string[] Labels, string Vocab, bool Lowercase, int MaxLength, string[]? Markers,
        string InputIds, string AttentionMask, string? TokenTypeIds, string Output)
    {
        public static Sidecar Read(string path, string defaultName)
        {
            JsonDocument json;
            try
            {
                json = JsonDocument.Parse(File.ReadAllText(path));
            }
            catch (JsonException e)
            {
                throw new InputError("ONNX003", path, e.LineNumber is { } line ? $"line {line + 1}" : null, "the sidecar is not valid JSON: " + e.Message, e);
            }
            using (json)
            {
                var root = json.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw Bad(path, null, "the sidecar must be a JSON object.");

                var labels = root.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Array
                    ? l.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : "").ToArray()
                    : throw Bad(path, "labels", "\"labels\" must be an array of the output's labels in order, e.g. [\"negative\", \"neutral\", \"positive\"].");
                if (labels.Length != StanceLabels.All.Count)
                    throw new InputError("ONNX004", path, "\"labels\"",
                        $"\"labels\" lists {labels.Length} label(s); a stance model has exactly {StanceLabels.All.Count}: {string.Join(", ", StanceLabels.All)} (in its output's order).");
                if (labels.Any(x => !StanceLabels.IsValid(x)) || labels.Distinct().Count() != labels.Length)
                    throw new InputError("ONNX004", path, "\"labels\"",
                        $"\"labels\" must name each of {string.Join(", ", StanceLabels.All)} once; got {string.Join(", ", labels.Select(x => $"\"{x}\""))}.");

                var tokenizer = Text(root, path, "tokenizer") ?? "wordpiece";
                if (tokenizer != "wordpiece") throw Bad(path, "tokenizer", $"tokenizer \"{tokenizer}\" is not supported; only \"wordpiece\" (a BERT vocab.txt) is.");
                var lowercase = true;
                if (root.TryGetProperty("lowercase", out var lc))
                    lowercase = lc.ValueKind switch
                    {
                        JsonValueKind.True => true,
                        JsonValueKind.False => false,
                        _ => throw Bad(path, "lowercase", "\"lowercase\" must be true or false."),
                    };
                var maxLength = 128;
                if (root.TryGetProperty("max_length", out var ml) && !(ml.TryGetInt32(out maxLength) && maxLength >= 8))
                    throw Bad(path, "max_length", "\"max_length\" must be a whole number of tokens, at least 8.");

                var marking = Text(root, path, "target_marking") ?? "pair";
                string[]? markers = null;
                if (marking == "markers")
                {
                    markers = root.TryGetProperty("markers", out var mk) && mk.ValueKind == JsonValueKind.Array && mk.GetArrayLength() == 2
                        && mk.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String && e.GetString()!.Length > 0)
                        ? mk.EnumerateArray().Select(e => e.GetString()!).ToArray()
                        : throw Bad(path, "markers", "\"target_marking\": \"markers\" needs \"markers\": the opening and closing marker tokens, e.g. [\"<t>\", \"</t>\"].");
                }
                else if (marking != "pair")
                    throw Bad(path, "target_marking", $"\"target_marking\" must be \"pair\" or \"markers\", not \"{marking}\".");

                if (!root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Object)
                    throw Bad(path, "inputs", "\"inputs\" must map input_ids, attention_mask (and optionally token_type_ids) to the model's input names.");
                var inputIds = Text(inputs, path, "input_ids") ?? throw Bad(path, "inputs", "\"inputs\" has no \"input_ids\".");
                var attentionMask = Text(inputs, path, "attention_mask") ?? throw Bad(path, "inputs", "\"inputs\" has no \"attention_mask\".");
                var tokenTypeIds = Text(inputs, path, "token_type_ids");
                foreach (var p in inputs.EnumerateObject())
                    if (p.Name is not ("input_ids" or "attention_mask" or "token_type_ids"))
                        throw Bad(path, "inputs", $"\"inputs\" has \"{p.Name}\"; only input_ids, attention_mask and token_type_ids are known.");

                return new Sidecar(Text(root, path, "name") ?? defaultName, labels, Text(root, path, "vocab") ?? "vocab.txt",
                    lowercase, maxLength, markers, inputIds, attentionMask, tokenTypeIds, Text(root, path, "output") ?? "logits");
            }
        }

        private static string? Text(JsonElement obj, string path, string property)
        {
            if (!obj.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            return v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0
                ? v.GetString()
                : throw Bad(path, property, $"\"{property}\" must be a non-empty string.");
        }

        private static InputError Bad(string path, string? property, string message) =>
            new("ONNX003", path, property is null ? null : $"\"{property}\"", message);
    }
}
