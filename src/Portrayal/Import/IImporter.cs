using Portrayal.Corpus;

namespace Portrayal.Import;

/// <summary>Reads one export format. A new format is one new file implementing this and one line in <see cref="Importers"/>.</summary>
public interface IImporter
{
    /// <summary>Versioned name recorded in the run manifest, e.g. "import.telegram-desktop.v1".</summary>
    string Name { get; }

    /// <summary>Lower runs first: YouTube videos before comments so comments find their channel.</summary>
    int Order(FileProbe probe);

    /// <summary>Recognises the format by content (the decompressed head of the file), not only by name.</summary>
    bool Recognises(FileProbe probe);

    /// <summary>Yields one record per item in the file, streaming.</summary>
    IEnumerable<ImportRecord> Read(Stream stream, ImportContext context);
}

/// <summary>What a format detector can see of a file: its path (or zip entry name), the first 64 KiB as bytes, and those bytes read as UTF-8.</summary>
public sealed record FileProbe(string Path, string Head, byte[] HeadBytes)
{
    /// <summary>The import's options: a column map makes generic CSV/JSONL recognisable, an encoding overrides detection.</summary>
    public ImportOptions Options { get; init; } = new();

    public string Extension => System.IO.Path.GetExtension(Path.EndsWith(".xz", StringComparison.OrdinalIgnoreCase) ? Path[..^3] : Path).ToLowerInvariant();
}

/// <summary>Shared state of one import run: the file being read and what earlier files taught (video → channel).</summary>
public sealed class ImportContext
{
    public ImportContext(string file, string relativePath, Dictionary<string, (string Channel, string? Title)> videoChannels, ImportOptions? options = null,
        Dictionary<string, (string Account, string? AccountName, string Shortcode)>? instagramPosts = null)
    {
        File = file;
        RelativePath = relativePath;
        VideoChannels = videoChannels;
        Options = options ?? new ImportOptions();
        InstagramPosts = instagramPosts ?? new(StringComparer.Ordinal);
    }

    /// <summary>The file as error messages name it (a zip entry as "archive.zip!/inner.json").</summary>
    public string File { get; }
    public string RelativePath { get; }
    public Dictionary<string, (string Channel, string? Title)> VideoChannels { get; }

    /// <summary>Instagram posts read in this run by file stem (folder/2022-01-06_14-06-41_UTC), for their comments files.</summary>
    public Dictionary<string, (string Account, string? AccountName, string Shortcode)> InstagramPosts { get; }

    public ImportOptions Options { get; }

    public InputError Error(string code, string? position, string message, Exception? inner = null) =>
        new(code, File, position, message, inner);
}

/// <summary>What an importer made of one item: a post, a deliberate skip, or a rejection with its place.</summary>
public abstract record ImportRecord;
/// <param name="InsertOnly">A partial record (a search result's cut description) that must not overwrite a fuller one already stored.</param>
public sealed record Imported(Post Post, bool InsertOnly = false) : ImportRecord
{
    /// <summary>A provisional account whose posts belong to this post's account (comments imported before their video).</summary>
    public string? Adopts { get; init; }
}
public sealed record Skipped(string Reason) : ImportRecord;
public sealed record Rejected(string Position, string Reason) : ImportRecord;

/// <summary>The registered importers, in the order detection tries them.</summary>
public static class Importers
{
    public static IReadOnlyList<IImporter> All { get; } =
    [
        new TelegramExport(),
        new YouTubeApi(),
        new Instaloader(),
        new TwitterApiV2(),
        new FourCat(),
        new GenericTable(),
    ];
}
