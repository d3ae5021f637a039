namespace Portrayal.Tests.Support;

/// <summary>Where the fixtures, the repository and the bundled sample are, and scratch folders that clean up after themselves.</summary>
public static class Paths
{
    public static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string Fixture(params string[] parts) => Path.Combine([Fixtures, .. parts]);

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Portrayal.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Sample => Path.Combine(RepositoryRoot, "samples", "kazakhstan-2022");
    public static string SampleCodebook => Path.Combine(Sample, "codebook.yaml");

    /// <summary>Copies a folder with everything below it.</summary>
    public static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        foreach (var d in Directory.GetDirectories(from)) CopyTree(d, Path.Combine(to, Path.GetFileName(d)));
    }

    /// <summary>Puts fixture folders (telegram, youtube, ...) under a workspace's data folder, each in a folder of its name.</summary>
    public static void CopyFixtures(string dataDirectory, params string[] folders)
    {
        foreach (var folder in folders) CopyTree(Fixture(folder), Path.Combine(dataDirectory, folder));
    }
}

/// <summary>A temporary folder deleted when the test ends.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "portrayal-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
