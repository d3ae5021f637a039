using System.Globalization;
using CsvHelper;
using Portrayal.Corpus;
using Portrayal.Statistics;

namespace Portrayal.Coding;

/// <summary>One code in long form: a coder's value of one variable for one unit (what R's irr and Python's krippendorff take).</summary>
public sealed record CodeValue(string Unit, string Coder, string Variable, string Value, int Line);

/// <summary>The level of measurement alpha compares values at (Krippendorff 2011, section C: difference functions).</summary>
public enum AlphaMetric { Nominal, Ordinal, Interval, Ratio }

/// <summary>A coefficient with its percentile bootstrap interval over units.</summary>
public readonly record struct Estimate(double Value, double Low, double High);

/// <summary>Cohen's kappa for one pair of coders over the units both coded.</summary>
public sealed record PairKappa(string CoderA, string CoderB, int Units, double ObservedAgreement, Estimate Kappa);

/// <summary>A unit the coders coded differently, with every coder's value, for adjudication.</summary>
public sealed record Disagreement(string Unit, IReadOnlyList<(string Coder, string Value)> Codes);

/// <summary>The reliability of one variable.</summary>
public sealed record VariableAgreement(
    string Variable, int Units, int Coders, int PairableValues, Estimate Nominal, Estimate? Ordinal,
    IReadOnlyList<string>? Order, IReadOnlyList<PairKappa> Kappas, IReadOnlyList<Disagreement> Disagreements);

/// <summary>
/// Inter-coder agreement: Krippendorff's alpha (any number of coders, missing codes allowed, units with fewer than two
/// codes set aside) computed from the coincidence matrix as in Krippendorff (2011) "Computing Krippendorff's
/// Alpha-Reliability", and Cohen's (1960) kappa per pair of coders; both with percentile bootstrap intervals over units.
/// </summary>
public static class Agreement
{
    public const int Replicates = 1000;

    /// <summary>
    /// Alpha over units given as lists of the values the coders gave (missing codes left out). Values are indices into
    /// <paramref name="scale"/>, the numeric value of each category (its rank for ordinal data, any number for nominal).
    /// NaN when fewer than two pairable values or no variation at all.
    /// </summary>
    public static double Alpha(IReadOnlyList<int[]> units, IReadOnlyList<double> scale, AlphaMetric metric)
    {
        var v = scale.Count;
        var o = new double[v, v];
        foreach (var unit in units)
        {
            var m = unit.Length;
            if (m < 2) continue;
            for (var i = 0; i < m; i++)
            for (var j = 0; j < m; j++)
                if (i != j) o[unit[i], unit[j]] += 1.0 / (m - 1);
        }
        var nc = new double[v];
        for (var c = 0; c < v; c++)
        for (var k = 0; k < v; k++)
            nc[c] += o[c, k];
        var n = nc.Sum();
        if (n < 2) return double.NaN;
        double observed = 0, expected = 0;
        for (var c = 0; c < v; c++)
        for (var k = 0; k < v; k++)
        {
            if (c == k) continue;
            var d = Delta(c, k, scale, nc, metric);
            observed += o[c, k] * d;
            expected += nc[c] * nc[k] * d;
        }
        if (expected == 0) return double.NaN;
        return 1 - (n - 1) * observed / expected;
    }

    /// <summary>The squared difference between categories c and k (Krippendorff 2011, metric δ²).</summary>
    private static double Delta(int c, int k, IReadOnlyList<double> scale, double[] nc, AlphaMetric metric)
    {
        switch (metric)
        {
            case AlphaMetric.Nominal:
                return 1;
            case AlphaMetric.Interval:
                return Math.Pow(scale[c] - scale[k], 2);
            case AlphaMetric.Ratio:
                var sum = scale[c] + scale[k];
                return sum == 0 ? 0 : Math.Pow((scale[c] - scale[k]) / sum, 2);
            default:
                // Ordinal: the categories are ranked by scale; sum the marginals from c to k, less half of the two ends.
                var (low, high) = scale[c] <= scale[k] ? (c, k) : (k, c);
                double between = 0;
                for (var g = 0; g < scale.Count; g++)
                    if (scale[g] >= scale[low] && scale[g] <= scale[high]) between += nc[g];
                return Math.Pow(between - (nc[c] + nc[k]) / 2, 2);
        }
    }

    /// <summary>Cohen's kappa for two coders' paired values: (p_o − p_e) / (1 − p_e), with p_e from each coder's own marginals.</summary>
    public static double CohenKappa(IReadOnlyList<(string A, string B)> pairs)
    {
        if (pairs.Count == 0) return double.NaN;
        var n = (double)pairs.Count;
        var observed = pairs.Count(p => p.A == p.B) / n;
        var a = pairs.GroupBy(p => p.A).ToDictionary(g => g.Key, g => g.Count() / n);
        var b = pairs.GroupBy(p => p.B).ToDictionary(g => g.Key, g => g.Count() / n);
        var expected = a.Sum(kv => kv.Value * b.GetValueOrDefault(kv.Key));
        return expected == 1 ? double.NaN : (observed - expected) / (1 - expected);
    }

    /// <summary>Agreement per variable, in variable order; the same seed gives the same intervals.</summary>
    public static IReadOnlyList<VariableAgreement> Compute(IEnumerable<CodeValue> codes, int seed = 1)
    {
        var result = new List<VariableAgreement>();
        foreach (var variable in codes.GroupBy(c => c.Variable).OrderBy(g => g.Key, StringComparer.Ordinal))
            result.Add(ComputeVariable(variable.Key, variable.ToList(), seed));
        return result;
    }

    private static VariableAgreement ComputeVariable(string variable, List<CodeValue> codes, int seed)
    {
        var values = codes.Select(c => c.Value).Distinct(StringComparer.Ordinal).ToList();
        var order = OrderOf(values);
        var categories = order ?? values.Order(StringComparer.Ordinal).ToList();
        var index = categories.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var scale = categories.Select((_, i) => (double)i).ToList();

        var byUnit = codes.GroupBy(c => c.Unit).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Unit: g.Key, Codes: g.OrderBy(c => c.Coder, StringComparer.Ordinal).ToList())).ToList();
        var pairable = byUnit.Where(u => u.Codes.Count >= 2).ToList();
        var units = pairable.Select(u => u.Codes.Select(c => index[c.Value]).ToArray()).ToList();
        var coders = codes.Select(c => c.Coder).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        var nominal = WithInterval(units, u => Alpha(u, scale, AlphaMetric.Nominal), seed);
        Estimate? ordinal = order is null ? null : WithInterval(units, u => Alpha(u, scale, AlphaMetric.Ordinal), seed);

        var kappas = new List<PairKappa>();
        for (var i = 0; i < coders.Count; i++)
        for (var j = i + 1; j < coders.Count; j++)
        {
            var (a, b) = (coders[i], coders[j]);
            var pairs = new List<(string, string)>();
            foreach (var (_, unitCodes) in byUnit)
            {
                var va = unitCodes.FirstOrDefault(c => c.Coder == a);
                var vb = unitCodes.FirstOrDefault(c => c.Coder == b);
                if (va is not null && vb is not null) pairs.Add((va.Value, vb.Value));
            }
            var observed = pairs.Count == 0 ? double.NaN : pairs.Count(p => p.Item1 == p.Item2) / (double)pairs.Count;
            kappas.Add(new PairKappa(a, b, pairs.Count, observed, WithInterval(pairs, CohenKappa, seed)));
        }

        var disagreements = pairable.Where(u => u.Codes.Select(c => c.Value).Distinct(StringComparer.Ordinal).Count() > 1)
            .Select(u => new Disagreement(u.Unit, u.Codes.Select(c => (c.Coder, c.Value)).ToList())).ToList();
        return new VariableAgreement(variable, pairable.Count, coders.Count, units.Sum(u => u.Length), nominal, ordinal,
            order, kappas, disagreements);
    }

    /// <summary>The order of the values for ordinal alpha: the stance scale, or numeric order; null when the values have none.</summary>
    public static IReadOnlyList<string>? OrderOf(IReadOnlyCollection<string> values)
    {
        if (values.All(StanceLabels.IsValid)) return StanceLabels.All.ToList();
        var numbers = new List<(string Value, double Number)>();
        foreach (var v in values)
        {
            if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return null;
            numbers.Add((v, d));
        }
        return numbers.OrderBy(x => x.Number).Select(x => x.Value).ToList();
    }

    /// <summary>The statistic with a 95% percentile interval over <see cref="Replicates"/> resamples of the units.</summary>
    public static Estimate WithInterval<T>(IReadOnlyList<T> units, Func<IReadOnlyList<T>, double> statistic, int seed)
    {
        var value = statistic(units);
        if (units.Count == 0) return new Estimate(value, double.NaN, double.NaN);
        var random = new Random(seed);
        var replicates = new List<double>(Replicates);
        var resample = new T[units.Count];
        for (var r = 0; r < Replicates; r++)
        {
            for (var i = 0; i < resample.Length; i++) resample[i] = units[random.Next(units.Count)];
            var x = statistic(resample);
            if (!double.IsNaN(x)) replicates.Add(x);
        }
        var (low, high) = Bootstrap.PercentileInterval(replicates);
        return new Estimate(value, low, high);
    }

    /// <summary>The workspace's coded.csv as long-form codes: unit platform/account/post_id/actor, variable stance.</summary>
    public static IReadOnlyList<CodeValue> FromCodedSample(CodedSample sample) =>
        sample.Codes.Select(c => new CodeValue($"{c.Platform}/{c.Account}/{c.PostId}/{c.Actor}", c.Coder, "stance", c.Stance, c.Line)).ToList();

    /// <summary>Reads <c>unit,coder,variable,value</c>; an empty value is a missing code. A bad row is an error naming its line.</summary>
    public static IReadOnlyList<CodeValue> ReadLong(string path)
    {
        if (!File.Exists(path)) throw new InputError("AG001", path, null, "the file does not exist.");
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        using var csv = CsvReader.Create(reader, new CsvReaderOptions { TrackLineNumbers = true }, leaveOpen: false);
        var header = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToList();
        string[] required = ["unit", "coder", "variable", "value"];
        var missing = required.Where(r => !header.Contains(r)).ToList();
        if (missing.Count > 0)
            throw new InputError("AG002", path, "line 1", $"the header lacks {string.Join(", ", missing)} (expected unit,coder,variable,value).");
        var at = required.ToDictionary(r => r, r => header.IndexOf(r));
        var codes = new List<CodeValue>();
        var seen = new Dictionary<(string, string, string), CodeValue>();
        while (csv.Read())
        {
            var line = (int)csv.LineNumber;
            string Field(string name) => at[name] < csv.FieldCount ? csv.GetString(at[name]).Trim() : "";
            var (unit, coder, variable, value) = (Field("unit"), Field("coder"), Field("variable"), Field("value"));
            if (unit.Length == 0 && coder.Length == 0 && variable.Length == 0 && value.Length == 0) continue;
            if (unit.Length == 0 || coder.Length == 0 || variable.Length == 0)
                throw new InputError("AG003", path, $"line {line}", "unit, coder and variable must not be empty.");
            if (value.Length == 0) continue;
            var code = new CodeValue(unit, coder, variable, value, line);
            if (seen.TryGetValue((unit, coder, variable), out var earlier))
            {
                if (earlier.Value != value)
                    throw new InputError("AG004", path, $"line {line}", $"{coder} coded {variable} of {unit} twice, differently ('{earlier.Value}' on line {earlier.Line}, '{value}').");
                continue;
            }
            seen[(unit, coder, variable)] = code;
            codes.Add(code);
        }
        return codes;
    }
}
