using Portrayal.Corpus;

namespace Portrayal.Storage;

/// <summary>Opens the store a <see cref="StoreLocation"/> names: the one place a concrete store is constructed.</summary>
public static class Stores
{
    /// <summary>Whether the location already holds a Portrayal store (an SQLite file, or a database with Portrayal's schema).</summary>
    public static bool Exists(StoreLocation location) => location.Kind switch
    {
        StoreKind.Sqlite => File.Exists(location.Target),
        _ => throw NoPostgres(location),
    };

    /// <summary>Opens the store, creating it (and bringing its schema up to date) when it is missing.</summary>
    public static ICorpusStore Open(StoreLocation location) => location.Kind switch
    {
        StoreKind.Sqlite => new SqliteStore(location.Target),
        _ => throw NoPostgres(location),
    };

    private static InputError NoPostgres(StoreLocation location) =>
        new("ST011", location.Display, null, "PostgreSQL stores are not supported by this build: use an SQLite file.");
}
