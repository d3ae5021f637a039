using System.Text;
using Portrayal.Corpus;
using SharpCompress.Compressors.Xz;

namespace Portrayal.Import;

/// <summary>Counts of one import, per file and in total.</summary>
public sealed record ImportSummary(IReadOnlyList<FileImport> Files, IReadOnlyList<string> Unrecognised)
{
    public int Added => Files.Sum(f => f.Added);
    public int Updated => Files.Sum(f => f.Updated);
    public int Unchanged => Files.Sum(f => f.Unchanged);
    public int Skipped => Files.Sum(f => f.Skipped);
    public int Rejected => Files.Sum(f => f.Rejected);
}

public sealed record FileImport(string Path, string Importer, int Added, int Updated, int Unchanged, int Skipped, int Rejected);

/// <summary>Options of an import; the defaults refuse a file with any bad record.</summary>
public sealed record ImportOptions
{
    /// <summary>Import the good records of a file with bad ones, writing the bad ones to <see cref="RejectsFile"/>.</summary>
    public bool SkipBad { get; init; }
    public string? RejectsFile { get; init; }
}

/// <summary>Finds export files under the given paths, recognises each by content and imports it in one transaction.</summary>
public sealed class ImportRunner(ICorpusStore store, IReadOnlyList<IImporter>? importers = null)
{
    private const int ProbeBytes = 64 * 1024;
    private readonly IReadOnlyList<IImporter> _importers = importers ?? Importers.All;

    public ImportSummary Import(IEnumerable<string> paths, ImportOptions? options = null, IProgress<string>? progress = null)
    {
        options ??= new ImportOptions();
        var files = new List<(string Path, string Root, IImporter Importer, int Order)>();
        var unrecognised = new List<string>();
        foreach (var path in paths)
        {
            var root = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            foreach (var file in Enumerate(path))
            {
                var (importer, probe) = Detect(file);
                if (importer is null) unrecognised.Add(file);
                else files.Add((file, root, importer, importer.Order(probe!)));
            }
        }

        var videoChannels = new Dictionary<string, (string, string?)>(StringComparer.Ordinal);
        var results = new List<FileImport>();
        foreach (var (file, root, importer, _) in files.OrderBy(f => f.Order).ThenBy(f => f.Path, StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            progress?.Report(relative);
            results.Add(ImportFile(file, relative, importer, videoChannels, options));
        }
        return new ImportSummary(results, unrecognised);
    }

    private FileImport ImportFile(string file, string relative, IImporter importer,
        Dictionary<string, (string, string?)> videoChannels, ImportOptions options)
    {
        int added = 0, updated = 0, unchanged = 0, skipped = 0, rejected = 0;
        var context = new ImportContext(file, relative, videoChannels);
        using var batch = store.BeginImport();
        using (var stream = Open(file))
        {
            foreach (var record in importer.Read(stream, context))
            {
                switch (record)
                {
                    case Imported i:
                        switch (batch.Upsert(i.Post))
                        {
                            case UpsertOutcome.Added: added++; break;
                            case UpsertOutcome.Updated: updated++; break;
                            default: unchanged++; break;
                        }
                        break;
                    case Skipped:
                        skipped++;
                        break;
                    case Rejected r when options.SkipBad:
                        rejected++;
                        if (options.RejectsFile is { } rejects)
                            File.AppendAllText(rejects, $"{file}\t{r.Position}\t{r.Reason}\n", Encoding.UTF8);
                        break;
                    case Rejected r:
                        throw context.Error("IMP004", r.Position, r.Reason);
                }
            }
        }
        batch.Commit();
        return new FileImport(relative, importer.Name, added, updated, unchanged, skipped, rejected);
    }

    private static IEnumerable<string> Enumerate(string path)
    {
        if (File.Exists(path)) return [path];
        if (!Directory.Exists(path)) throw new InputError("IMP005", path, null, "no such file or folder.");
        return Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal);
    }

    private (IImporter? Importer, FileProbe? Probe) Detect(string file)
    {
        var ext = Path.GetExtension(file).ToLowerInvariant();
        if (ext is not (".json" or ".xz" or ".jsonl" or ".ndjson")) return (null, null);
        string head;
        using (var stream = Open(file))
        {
            var buffer = new byte[ProbeBytes];
            var n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            head = Encoding.UTF8.GetString(buffer, 0, n);
        }
        var probe = new FileProbe(file, head);
        return (_importers.FirstOrDefault(i => i.Recognises(probe)), probe);
    }

    /// <summary>Opens a file, decompressing .xz (instaloader's --compress-json) on the fly.</summary>
    internal static Stream Open(string file)
    {
        var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (!file.EndsWith(".xz", StringComparison.OrdinalIgnoreCase)) return stream;
        try
        {
            return new XZStream(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            stream.Dispose();
            throw new InputError("IMP006", file, null, $"not a readable .xz file: {e.Message}", e);
        }
    }
}
