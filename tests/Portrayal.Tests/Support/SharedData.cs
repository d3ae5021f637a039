using Xunit;

namespace Portrayal.Tests.Support;

/// <summary>
/// The public data beside the project (../shared/data: real export samples nobody here wrote). Read in place, never
/// copied. PORTRAYAL_SHARED_DATA overrides where it is looked for.
/// </summary>
public static class SharedData
{
    public static string? Root
    {
        get
        {
            var candidates = new[]
            {
                Environment.GetEnvironmentVariable("PORTRAYAL_SHARED_DATA"),
                Path.Combine(Paths.RepositoryRoot, "..", "shared", "data"),
                "/work/shared/data",
            };
            return candidates.Where(c => !string.IsNullOrEmpty(c)).Select(c => Path.GetFullPath(c!)).FirstOrDefault(Directory.Exists);
        }
    }

    public static string Path_(params string[] parts) => Path.Combine([Root ?? throw new InvalidOperationException("no shared data"), .. parts]);
}

/// <summary>A test on ../shared/data, skipped with the reason when that folder is not beside the checkout.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (SharedData.Root is null)
            Skip = "../shared/data (the real export samples) is not beside this checkout; set PORTRAYAL_SHARED_DATA to run this test.";
    }
}

/// <summary>Tests that swap the process's standard output run one at a time.</summary>
[CollectionDefinition("Console", DisableParallelization = true)]
public sealed class ConsoleCollection;
