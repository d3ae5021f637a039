using Portrayal.Corpus;
using Portrayal.Storage;

namespace Portrayal.Pipeline;

/// <summary>A study folder: codebook.yaml, exports under data/, the store (a file in the folder by default), and out/ for the report.</summary>
public sealed record Workspace(string Directory, string CodebookPath, string DataDirectory, StoreLocation Store, string OutDirectory)
{
    public const string CodebookFile = "codebook.yaml";
    public const string DataFolder = "data";
    public const string StoreFile = "portrayal.db";
    public const string OutFolder = "out";

    /// <param name="store">--store: an SQLite file or a PostgreSQL URL / connection string; default PORTRAYAL_STORE, else DIR/portrayal.db.</param>
    public static Workspace Open(string directory, string? store = null, string? codebook = null, string? output = null)
    {
        if (!System.IO.Directory.Exists(directory))
            throw new InputError("WS001", directory, null, "the workspace folder does not exist.");
        var dir = Path.GetFullPath(directory);
        return new Workspace(dir,
            codebook ?? Path.Combine(dir, CodebookFile),
            Path.Combine(dir, DataFolder),
            StoreLocation.Parse(store, Path.Combine(dir, StoreFile)),
            output ?? Path.Combine(dir, OutFolder));
    }
}
