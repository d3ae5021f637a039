using System.Text;
using Portrayal.Corpus;

namespace Portrayal.Import;

/// <summary>Counts of one import, per file and in total.</summary>
public sealed record ImportSummary(IReadOnlyList<FileImport> Files, IReadOnlyList<string> Unrecognised)
{
    public int Added => Files.Sum(f => f.Added);
    public int Updated => Files.Sum(f => f.Updated);
    public int Unchanged => Files.Sum(f => f.Unchanged);
    public int Skipped => Files.Sum(f => f.Skipped);
    public int Rejected => Files.Sum(f => f.Rejected);

    /// <summary>Why records were skipped (service messages, media without a caption...), with counts, over all files.</summary>
    public IReadOnlyList<(string Reason, int Count)> SkipReasons =>
        Files.SelectMany(f => f.SkipReasons).GroupBy(r => r.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Sum(r => r.Value))).OrderByDescending(r => r.Item2).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
}

public sealed record FileImport(string Path, string Importer, int Added, int Updated, int Unchanged, int Skipped, int Rejected)
{
    public IReadOnlyDictionary<string, int> SkipReasons { get; init; } = new Dictionary<string, int>();
}

/// <summary>Options of an import; the defaults refuse a file with any bad record.</summary>
public sealed record ImportOptions
{
    /// <summary>Import the good records of a file with bad ones, writing the bad ones to <see cref="RejectsFile"/>.</summary>
    public bool SkipBad { get; init; }
    public string? RejectsFile { get; init; }

    /// <summary>For generic CSV/JSONL: which column holds each post field (text=message, time=created_at, account=channel...).</summary>
    public IReadOnlyDictionary<string, string>? Map { get; init; }

    /// <summary>Text encoding of CSV files when detection should be overridden (utf-8, utf-16, windows-1251...).</summary>
    public string? Encoding { get; init; }

    /// <summary>Platform to record for generic files that do not say (default "generic"; "4cat" for 4CAT exports of unknown datasources).</summary>
    public string? Platform { get; init; }

    /// <summary>Offset for times written without one (default UTC).</summary>
    public TimeSpan? NaiveTimeOffset { get; init; }

    public ArchiveLimits Limits { get; init; } = new();
}

/// <summary>Finds export files under the given paths (folders recursively, .zip archives included), recognises each by content and imports it in one transaction.</summary>
public sealed class ImportRunner(ICorpusStore store, IReadOnlyList<IImporter>? importers = null)
{
    private const int ProbeBytes = 64 * 1024;

    /// <summary>Posts handed to the store at a time: one round trip per batch, not per post.</summary>
    public const int UpsertBatch = 1000;
    private readonly IReadOnlyList<IImporter> _importers = importers ?? Importers.All;

    public ImportSummary Import(IEnumerable<string> paths, ImportOptions? options = null, IProgress<string>? progress = null)
    {
        options ??= new ImportOptions();
        using var enumerator = new SourceEnumerator(options.Limits);
        var files = new List<(ImportSource Source, IImporter Importer, int Order)>();
        var unrecognised = new List<string>();
        foreach (var path in paths)
        {
            foreach (var source in enumerator.Expand(path))
            {
                var (importer, probe) = Detect(source, options);
                if (importer is null) unrecognised.Add(source.Display);
                else files.Add((source, importer, importer.Order(probe)));
            }
        }

        var videoChannels = new Dictionary<string, (string, string?)>(StringComparer.Ordinal);
        var instagramPosts = new Dictionary<string, (string, string?, string)>(StringComparer.Ordinal);
        var results = new List<FileImport>();
        foreach (var (source, importer, _) in files.OrderBy(f => f.Order).ThenBy(f => f.Source.Display, StringComparer.Ordinal))
        {
            progress?.Report(source.RelativePath);
            results.Add(ImportFile(source, importer, videoChannels, instagramPosts, options));
        }
        return new ImportSummary(results, unrecognised);
    }

    private FileImport ImportFile(ImportSource source, IImporter importer, Dictionary<string, (string, string?)> videoChannels,
        Dictionary<string, (string, string?, string)> instagramPosts, ImportOptions options)
    {
        int added = 0, updated = 0, unchanged = 0, skipped = 0, rejected = 0;
        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var context = new ImportContext(source.Display, source.RelativePath, videoChannels, options, instagramPosts);
        using var batch = store.BeginImport();
        var pending = new List<PostUpsert>(UpsertBatch);
        void Flush()
        {
            foreach (var outcome in batch.Upsert(pending))
            {
                switch (outcome)
                {
                    case UpsertOutcome.Added: added++; break;
                    case UpsertOutcome.Updated: updated++; break;
                    default: unchanged++; break;
                }
            }
            pending.Clear();
        }
        using (var stream = source.Open())
        {
            foreach (var record in importer.Read(stream, context))
            {
                switch (record)
                {
                    case Imported i:
                        pending.Add(new PostUpsert(i.Post, i.InsertOnly, i.Adopts));
                        if (pending.Count == UpsertBatch) Flush();
                        break;
                    case Skipped s:
                        skipped++;
                        reasons[s.Reason] = reasons.GetValueOrDefault(s.Reason) + 1;
                        break;
                    case Rejected r when options.SkipBad:
                        rejected++;
                        if (options.RejectsFile is { } rejects)
                            File.AppendAllText(rejects, $"{source.Display}\t{r.Position}\t{r.Reason}\n", Encoding.UTF8);
                        break;
                    case Rejected r:
                        throw context.Error("IMP004", r.Position, r.Reason + " (--skip-bad imports the good records and lists the bad ones)");
                }
            }
        }
        Flush();
        batch.Commit();
        return new FileImport(source.RelativePath, importer.Name, added, updated, unchanged, skipped, rejected) { SkipReasons = reasons };
    }

    private (IImporter? Importer, FileProbe Probe) Detect(ImportSource source, ImportOptions options)
    {
        var buffer = new byte[ProbeBytes];
        int n;
        using (var stream = source.Open())
            n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        Array.Resize(ref buffer, n);
        var probe = new FileProbe(source.Display, Encoding.UTF8.GetString(buffer), buffer) { Options = options };
        return (_importers.FirstOrDefault(i => i.Recognises(probe)), probe);
    }
}
