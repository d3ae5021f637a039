using MathNet.Numerics.Statistics;

namespace Portrayal.Statistics;

/// <summary>Percentile bootstrap intervals (Efron &amp; Tibshirani 1993, <i>An Introduction to the Bootstrap</i>, ch. 13), shared by the share estimators.</summary>
internal static class Bootstrap
{
    /// <summary>The central <see cref="Proportion.Confidence"/> interval of the replicates, with R's default quantile (type 7).</summary>
    public static (double Low, double High) PercentileInterval(List<double> replicates)
    {
        if (replicates.Count == 0) return (double.NaN, double.NaN);
        var sorted = replicates.ToArray();
        Array.Sort(sorted);
        var tail = (1 - Proportion.Confidence) / 2;
        return (SortedArrayStatistics.QuantileCustom(sorted, tail, QuantileDefinition.R7),
            SortedArrayStatistics.QuantileCustom(sorted, 1 - tail, QuantileDefinition.R7));
    }
}
