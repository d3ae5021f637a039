using System.IO.Compression;
using Portrayal.Corpus;
using SharpCompress.Compressors.Xz;

namespace Portrayal.Import;

/// <summary>One file to import: a file on disk or an entry of a .zip archive, opened (and decompressed) on demand.</summary>
public sealed class ImportSource
{
    private readonly Func<Stream> _openRaw;

    internal ImportSource(string display, string relativePath, Func<Stream> openRaw)
    {
        Display = display;
        RelativePath = relativePath;
        _openRaw = openRaw;
    }

    /// <summary>What error messages name: the path, or "archive.zip!/inner/result.json" for a zip entry.</summary>
    public string Display { get; }

    /// <summary>The path relative to the import root, stored with each post.</summary>
    public string RelativePath { get; }

    /// <summary>Opens the content, decompressing .xz (instaloader's --compress-json) recognised by its magic bytes.</summary>
    public Stream Open()
    {
        var raw = _openRaw();
        var buffered = raw.CanSeek ? raw : new BufferedStream(raw, 1 << 16);
        Span<byte> magic = stackalloc byte[6];
        var n = buffered.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        if (buffered.CanSeek) buffered.Seek(-n, SeekOrigin.Current);
        else
        {
            buffered.Dispose();
            buffered = _openRaw();
        }
        if (n < 6 || !magic.SequenceEqual(XzMagic)) return buffered;
        try
        {
            return new XZStream(buffered);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            buffered.Dispose();
            throw new InputError("IMP006", Display, null, $"not a readable .xz file: {e.Message}", e);
        }
    }

    private static ReadOnlySpan<byte> XzMagic => [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00];
}

/// <summary>Limits that keep a hostile archive (a zip bomb) from filling memory or disk.</summary>
public sealed record ArchiveLimits
{
    public int MaxEntries { get; init; } = 100_000;
    /// <summary>Uncompressed bytes of all entries of one archive together.</summary>
    public long MaxTotalBytes { get; init; } = 64L << 30;
    /// <summary>Uncompressed size over compressed size above which an entry (over 1 MiB) is refused; real exports compress 5–30×.</summary>
    public double MaxRatio { get; init; } = 200;
}

/// <summary>Expands the paths given to an import into sources: files, folders (recursively, hidden files skipped) and .zip archives.</summary>
internal sealed class SourceEnumerator(ArchiveLimits limits) : IDisposable
{
    private readonly List<IDisposable> _open = [];

    public IEnumerable<ImportSource> Expand(string path)
    {
        if (File.Exists(path))
        {
            var root = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            return FromFile(path, root);
        }
        if (!Directory.Exists(path)) throw new InputError("IMP005", path, null, "no such file or folder.");
        return Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(path, f).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')))
            .Order(StringComparer.Ordinal)
            .SelectMany(f => FromFile(f, path));
    }

    private IEnumerable<ImportSource> FromFile(string file, string root)
    {
        var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
        if (!IsZip(file)) return [new ImportSource(file, relative, () => OpenFile(file))];
        return FromZip(file, relative);
    }

    private static FileStream OpenFile(string file) =>
        new(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);

    private static bool IsZip(string file)
    {
        Span<byte> magic = stackalloc byte[4];
        using var s = OpenFile(file);
        return s.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
    }

    private List<ImportSource> FromZip(string file, string relative)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(OpenFile(file), ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException e)
        {
            throw new InputError("IMP007", file, null, $"not a readable .zip archive: {e.Message}", e);
        }
        _open.Add(archive);
        var entries = archive.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
        if (entries.Count > limits.MaxEntries)
            throw new InputError("IMP008", file, null, $"the archive has {entries.Count:N0} files, more than the limit of {limits.MaxEntries:N0}; unpack it and import the folder.");
        var total = entries.Sum(e => e.Length);
        if (total > limits.MaxTotalBytes)
            throw new InputError("IMP008", file, null, $"the archive would unpack to {total:N0} bytes, more than the limit of {limits.MaxTotalBytes:N0}.");
        var budget = new ArchiveBudget(limits.MaxTotalBytes);
        var sources = new List<ImportSource>();
        foreach (var entry in entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            var name = entry.FullName.Replace('\\', '/');
            if (name.Split('/').Any(part => part.StartsWith('.') || part == "__MACOSX")) continue;
            var display = $"{file}!/{name}";
            if (entry.Length > 1 << 20 && entry.Length > limits.MaxRatio * Math.Max(1, entry.CompressedLength))
                throw new InputError("IMP008", display, null,
                    $"refused: it would unpack from {entry.CompressedLength:N0} to {entry.Length:N0} bytes ({entry.Length / (double)Math.Max(1, entry.CompressedLength):N0}:1), the shape of a zip bomb.");
            var declared = entry.Length;
            sources.Add(new ImportSource(display, $"{relative}!/{name}", () => new BoundedStream(entry.Open(), declared, budget, display)));
        }
        return sources;
    }

    public void Dispose()
    {
        foreach (var d in _open) d.Dispose();
    }

    internal sealed class ArchiveBudget(long bytes)
    {
        public long Remaining = bytes;
    }

    /// <summary>Refuses to read past an entry's declared size or the archive's budget, whatever the entry's header claims.</summary>
    private sealed class BoundedStream(Stream inner, long declared, ArchiveBudget budget, string display) : Stream
    {
        private long _read;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            _read += n;
            budget.Remaining -= n;
            if (_read > declared)
                throw new InputError("IMP008", display, $"byte {_read:N0}", $"the entry unpacks to more than the {declared:N0} bytes its header declares; refused.");
            if (budget.Remaining < 0)
                throw new InputError("IMP008", display, $"byte {_read:N0}", "the archive unpacks to more than the import limit; refused.");
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => declared;
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
