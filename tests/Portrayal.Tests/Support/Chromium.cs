using Xunit;

namespace Portrayal.Tests.Support;

/// <summary>The Debian chromium on PATH (never a downloaded browser), with the arguments docs/STACK.md lists.</summary>
public static class Chromium
{
    public static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    public static string? Executable =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => new[] { "chromium", "chromium-browser" }.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    public static bool ServicesRequired => Environment.GetEnvironmentVariable("PORTRAYAL_REQUIRE_SERVICES") == "1";
}

/// <summary>
/// A test in headless Chromium: skipped with the reason when chromium is not on PATH, unless PORTRAYAL_REQUIRE_SERVICES=1
/// (CI), where it runs and fails.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Executable is null && !Chromium.ServicesRequired)
            Skip = "chromium is not on PATH (install Debian's: apt-get install chromium); set PORTRAYAL_REQUIRE_SERVICES=1 to make this a failure.";
    }
}
