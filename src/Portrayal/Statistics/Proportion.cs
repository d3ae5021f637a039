using MathNet.Numerics.Distributions;

namespace Portrayal.Statistics;

/// <summary>A share of a total with its Wilson score interval (the interval that behaves at small counts and near 0 or 1).</summary>
public readonly record struct Proportion(int Count, int Total, double Share, double Low, double High)
{
    public const double Confidence = 0.95;
    private static readonly double Z = Normal.InvCDF(0, 1, 1 - (1 - Confidence) / 2);

    public static Proportion Wilson(int count, int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, total);
        if (total == 0) return new Proportion(0, 0, double.NaN, double.NaN, double.NaN);
        var n = (double)total;
        var p = count / n;
        var z2 = Z * Z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var half = Z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        return new Proportion(count, total, p, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
