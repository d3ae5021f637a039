using System.Globalization;

namespace Portrayal.Statistics;

/// <summary>Numbers as the method sentences print them: invariant culture, p-values as APA does (p &lt; 0.001, else three decimals).</summary>
internal static class StatFormat
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string P(double p) => p < 0.001 ? "p < 0.001" : "p = " + p.ToString("0.000", C);

    public static string Fixed(double x, int decimals) => x.ToString("F" + decimals.ToString(C), C);

    public static string Count(long n) => n.ToString("N0", C);
}
