using System.Security.Cryptography;

namespace Portrayal.Codebook;

/// <summary>
/// The built-in actor catalog (Catalog/catalog.yaml, embedded): every ISO 3166-1 country with its en/ru/kk names from
/// Debian's iso-codes, and the main international organisations, with hand-added everyday names, capitals, adjectives
/// and guards (tools/catalog/README.md says how it is made). A codebook takes actors from it with `extends: catalog`.
/// </summary>
public sealed class ActorCatalog
{
    private const string Resource = "Portrayal.Catalog.catalog.yaml";
    private static readonly Lazy<ActorCatalog> Lazy = new(Load);
    private readonly Dictionary<string, Actor> _byKey;

    private ActorCatalog(Codebook parsed, string hash)
    {
        Actors = parsed.Actors;
        Hash = hash;
        _byKey = new Dictionary<string, Actor>(StringComparer.OrdinalIgnoreCase);
        foreach (var a in Actors)
        {
            _byKey[a.Id] = a;
            foreach (var code in a.Iso) _byKey.TryAdd(code, a);
        }
    }

    public static ActorCatalog Default => Lazy.Value;

    public IReadOnlyList<Actor> Actors { get; }

    /// <summary>SHA-256 of the catalog file, folded into the hash of every codebook that extends it.</summary>
    public string Hash { get; }

    /// <summary>An actor by catalog id (russia, csto) or ISO code (RU, RUS), case-insensitive.</summary>
    public Actor? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>The whole catalog as a codebook (for evaluation and for `portrayal mentions --codebook catalog`).</summary>
    public Codebook AsCodebook() => new()
    {
        Path = "catalog (built in)",
        Hash = Hash,
        Title = "Built-in actor catalog",
        Actors = Actors,
    };

    private static ActorCatalog Load()
    {
        using var stream = typeof(ActorCatalog).Assembly.GetManifestResourceStream(Resource)
                           ?? throw new InvalidOperationException($"embedded resource {Resource} is missing from the build");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var yaml = new StreamReader(new MemoryStream(bytes)).ReadToEnd();
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return new ActorCatalog(CodebookLoader.Parse(yaml, "catalog.yaml (built in)", hash), hash);
    }
}
