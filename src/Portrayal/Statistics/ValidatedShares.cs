using System.Globalization;
using MathNet.Numerics.Distributions;

namespace Portrayal.Statistics;

/// <summary>
/// One drawn unit with human codes: the draw it came from, its stratum in that draw, its inclusion probability, how many
/// units its stratum drew, the classifier's label index (0..K−1), and the coders' labels as shares (one coder: a one-hot
/// vector; two coders who disagree: 0.5/0.5).
/// </summary>
public sealed record DrawnCode(string Key, string Draw, string Stratum, double InclusionProbability, int StratumDrawn, int Predicted, double[] Coded);

/// <summary>The domain in the whole population: how many units and how many the classifier gave each label.</summary>
public sealed record DomainCounts(int Units, int[] Predicted);

/// <summary>One label's validated share with its interval and standard error, beside the design-weighted coded-only estimate and the classifier's share.</summary>
public sealed record ValidatedShare(string Label, double Share, double Low, double High, double StandardError, double CodedShare, double ClassifierShare);

/// <summary>The validated shares of one domain: the codes in it, its units, the power-tuning λ, the draws that contributed, whether every unit was coded, and the method in a sentence.</summary>
public sealed record ValidatedEstimate(IReadOnlyList<ValidatedShare> Shares, int Coded, int Units, double Lambda, int Draws, bool Census, string Method)
{
    public ValidatedShare this[string label] => Shares.First(s => s.Label == label);
}

/// <summary>
/// Label shares of a domain (all units about one actor, or about it on one platform) validated by human codes on a
/// probability sample: the classifier's labels on every unit combined with the codes, with intervals that hold at their
/// nominal level whatever the classifier's accuracy.
/// <para>
/// <b>Estimator.</b> Prediction-powered inference (Angelopoulos, Bates, Fannjiang, Jordan &amp; Zrnic 2023, "Prediction-powered
/// inference", <i>Science</i> 382:669) with power tuning (PPI++: Angelopoulos, Duchi &amp; Zrnic 2023, arXiv:2311.01453), in its
/// design-based form, the model-assisted difference estimator (Särndal, Swensson &amp; Wretman 1992, <i>Model Assisted Survey
/// Sampling</i>, ch. 6, and ch. 10 for domains). For label l, with yᵢₗ the coded share and fᵢₗ = 1{classifier said l},
/// the domain share θₗ = (1/N_d)Σ_d yᵢₗ is rewritten θₗ = λFₗ + (1/N_d)Σ_d (yᵢₗ − λfᵢₗ), where Fₗ, the classifier's share
/// over the whole domain, is known exactly. Only the second term needs the sample: Rₗ is its Hájek (ratio) estimate,
/// Σ_{s∩d} rᵢₗ/πᵢ / Σ_{s∩d} 1/πᵢ with rᵢₗ = yᵢₗ − λfᵢₗ, so θ̂ₗ = λFₗ + R̂ₗ = Ŷₗ + λ(Fₗ − f̂ₗ), Ŷₗ and f̂ₗ being the Hájek means of
/// y and f. It is design-consistent for any λ and any classifier (the classifier only changes the variance); λ = 0 is
/// the coded-only estimate, λ = 1 the difference estimator.
/// </para>
/// <para>
/// <b>One λ per domain</b> for all labels, chosen like PPI++ for a vector mean by minimising the trace of the covariance:
/// V(θ̂ₗ) = V(Ŷₗ) − 2λC(Ŷₗ, f̂ₗ) + λ²V(f̂ₗ) summed over l is least at λ = Σₗ C(Ŷₗ, f̂ₗ) / Σₗ V(f̂ₗ), estimated with the same
/// design formulas as the variance and clipped to [0, 1] (0 when the denominator is 0). Sharing λ keeps Σₗ θ̂ₗ =
/// λΣFₗ + (1 − λ) = 1 before clipping.
/// </para>
/// <para>
/// <b>Variance.</b> R̂ is linearised (Woodruff 1971, <i>JASA</i> 66:411; Särndal et al. ch. 5): zᵢ = 1{i∈d}(rᵢ − R̂)/N̂_d, N̂_d = Σ_{s∩d} 1/πᵢ. Within a
/// draw, the stratified without-replacement unequal-probability approximation (Hájek 1964, <i>Ann. Math. Statist.</i>
/// 35:1491; Rosén 1997; Deville 1999, <i>Survey Methodology</i> 25:193; Tillé 2006, <i>Sampling Algorithms</i>) is
/// V̂ = Σ_h m_h/(m_h − 1) Σ_{i∈s_h}(1 − πᵢ)(zᵢ/πᵢ − Â_h)², Â_h = Σ(1 − πᵢ)zᵢ/πᵢ / Σ(1 − πᵢ), which for a simple random sample
/// in the stratum is exactly (1 − n/N)N²s²_z/n. Every code of the draw enters, those outside the domain with zᵢ = 0
/// (the domain's sample size is random). Units with πᵢ = 1 are not random and are left out of the sum; strata with a
/// single code are collapsed into one, and a lone one joins the stratum with the fewest codes.
/// </para>
/// <para>
/// <b>Nonresponse.</b> A draw may be coded only in part. Within each (draw, stratum), m_h codes of n_h drawn units make
/// the inclusion probability πᵢ·m_h/n_h: the coded units are a random subset of the drawn ones because the coding order
/// is a random permutation (<see cref="SamplingDesign"/>). m_h counts every code of the stratum, in the domain or not.
/// </para>
/// <para>
/// <b>Several draws</b> (independent, each with its own seed; a unit may be in more than one): R̂ = Σ_k w_k R̂_k with
/// w_k ∝ m_kd, the draw's codes in the domain (0 for a draw without any), and V̂ = Σ_k w_k²V̂_k; λ is chosen on the
/// combined variances. λ̂ is then treated as fixed, as in PPI++: its own sampling error changes the variance only at order 1/m.
/// </para>
/// <para>
/// <b>Interval.</b> θ̂ ± t·SE, Student's t on max(1, m_d − 1) degrees of freedom (m_d the domain's codes over all draws),
/// point and interval clipped to [0, 1]. The variance is floored at (1 − m_d/N_d)·ẽ/m_eff, ẽ = (t²/2)/(m_eff + t²), m_eff
/// Kish's effective size (Σw)²/Σw² of the domain's codes: as if about two disagreements had been seen (in the spirit of
/// Agresti &amp; Coull 1998), so a classifier that agreed with every code still leaves an honest width. A census of the
/// domain (every unit coded) gives the coded shares themselves with zero width.
/// </para>
/// </summary>
public static class ValidatedShares
{
    public const double DefaultConfidence = 0.95;

    /// <summary>The validated shares of the domain, or null when no drawn code falls in it.</summary>
    /// <param name="labels">The labels, in the order of <see cref="DrawnCode.Coded"/>, <see cref="DrawnCode.Predicted"/> and <see cref="DomainCounts.Predicted"/>.</param>
    /// <param name="codes">Every code of every draw (also those outside the domain: they count for the nonresponse rate and the variance).</param>
    public static ValidatedEstimate? Estimate(IReadOnlyList<string> labels, IReadOnlyList<DrawnCode> codes, Func<DrawnCode, bool> inDomain,
        DomainCounts domain, double confidence = DefaultConfidence)
    {
        var layout = Layout.Of(labels, codes);
        var fit = Fit(layout, inDomain, domain, confidence);
        return fit?.Estimate(labels, confidence);
    }

    /// <summary>
    /// Per label, the difference of the validated shares of two domains (A minus B, e.g. telegram minus youtube) with its
    /// interval, or null when either domain has no code. Both estimates come from the same draws, so the variance is that
    /// of the difference of their linearised variables, which takes their covariance into account (domains may overlap);
    /// Student's t on max(1, min(m_A, m_B) − 1) degrees of freedom, the conservative end of Welch's range.
    /// </summary>
    public static (double Difference, double Low, double High, double StandardError)[]? Difference(IReadOnlyList<string> labels,
        IReadOnlyList<DrawnCode> codes, Func<DrawnCode, bool> inA, DomainCounts domainA, Func<DrawnCode, bool> inB, DomainCounts domainB,
        double confidence = DefaultConfidence)
    {
        var layout = Layout.Of(labels, codes);
        if (Fit(layout, inA, domainA, confidence) is not { } a || Fit(layout, inB, domainB, confidence) is not { } b) return null;
        var t = TQuantile(Math.Min(a.Codes, b.Codes), confidence);
        var result = new (double, double, double, double)[labels.Count];
        for (var l = 0; l < labels.Count; l++)
        {
            var variance = 0.0;
            for (var k = 0; k < layout.Draws.Length; k++)
            {
                var z = new double[layout.Draws[k].Codes.Length];
                if (!a.Census) a.AddResidual(k, l, 1, z);
                if (!b.Census) b.AddResidual(k, l, -1, z);
                variance += layout.Draws[k].Covariance(z, z);
            }
            variance = Math.Max(variance, a.Floor + b.Floor);
            var difference = a.Point(l) - b.Point(l);
            var se = Math.Sqrt(variance);
            result[l] = (difference, Math.Max(-1, difference - t * se), Math.Min(1, difference + t * se), se);
        }
        return result;
    }

    /// <summary>
    /// Codes still needed in the domain for the label's interval to have half-width <paramref name="targetHalfWidth"/>, from the
    /// current variance: the effective variance per code S² = SE²/(1/m_d − 1/N_d), and the m* with t·S·√(1/m* − 1/N_d) = h,
    /// i.e. m* = 1/((h/t)²/S² + 1/N_d), t on m* − 1 degrees of freedom. Assumes further codes are drawn like the current ones.
    /// </summary>
    public static int AdditionalCodes(ValidatedEstimate current, int labelIndex, double targetHalfWidth, double confidence = DefaultConfidence)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetHalfWidth);
        ArgumentOutOfRangeException.ThrowIfNegative(labelIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(labelIndex, current.Shares.Count);
        if (current.Census) return 0;
        var m = current.Coded;
        var n = current.Units;
        var perCode = 1.0 / m - 1.0 / n;
        if (perCode <= 0) return 0;
        var se = current.Shares[labelIndex].StandardError;
        var needed = CodesFor(se * se / perCode, n, targetHalfWidth, confidence);
        return Math.Max(0, (int)Math.Ceiling(needed - m - 1e-9));
    }

    /// <summary>
    /// Codes needed before any is made, from a prior residual variance per code (e.g. 1 − the classifier's expected
    /// accuracy, which bounds the variance of yₗ − fₗ), for an interval of half-width <paramref name="targetHalfWidth"/>.
    /// </summary>
    public static int CodesForPrior(double residualVariance, int domainUnits, double targetHalfWidth, double confidence = DefaultConfidence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(residualVariance);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(domainUnits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetHalfWidth);
        return (int)Math.Ceiling(CodesFor(residualVariance, domainUnits, targetHalfWidth, confidence) - 1e-9);
    }

    /// <summary>m* = 1/((h/t)²/S² + 1/N), iterated because t depends on m*: from the normal quantile, t only grows as m* falls, so the iteration climbs to the fixed point.</summary>
    private static double CodesFor(double perCodeVariance, int units, double halfWidth, double confidence)
    {
        if (perCodeVariance <= 0) return 0;
        var q = Normal.InvCDF(0, 1, 1 - (1 - confidence) / 2);
        var m = 0.0;
        for (var i = 0; i < 50; i++)
        {
            var next = 1 / (halfWidth / q * (halfWidth / q) / perCodeVariance + 1.0 / units);
            if (Math.Abs(next - m) < 1e-9) break;
            m = next;
            q = TQuantile((int)Math.Ceiling(m), confidence);
        }
        return Math.Min(m, units);
    }

    private static double TQuantile(int codes, double confidence) =>
        StudentT.InvCDF(0, 1, Math.Max(1, codes - 1), 1 - (1 - confidence) / 2);

    private static DomainFit? Fit(Layout layout, Func<DrawnCode, bool> inDomain, DomainCounts domain, double confidence)
    {
        ArgumentNullException.ThrowIfNull(inDomain);
        ArgumentNullException.ThrowIfNull(domain);
        if (confidence is <= 0 or >= 1 || double.IsNaN(confidence))
            throw new ArgumentOutOfRangeException(nameof(confidence), "The confidence level lies strictly between 0 and 1.");
        var k = layout.Labels;
        if (domain.Predicted.Length != k || domain.Predicted.Any(c => c < 0) || domain.Predicted.Sum() != domain.Units || domain.Units < 0)
            throw new ArgumentException($"The domain's classifier counts must be {k} non-negative numbers summing to its {domain.Units} units.", nameof(domain));
        var members = layout.Draws.Select(d => d.Codes.Select(inDomain).ToArray()).ToArray();
        var codes = members.Sum(m => m.Count(x => x));
        if (codes == 0) return null;
        var distinct = layout.Draws.SelectMany((d, j) => d.Codes.Where((_, i) => members[j][i]).Select(c => c.Key)).Distinct(StringComparer.Ordinal).Count();
        if (distinct > domain.Units)
            throw new ArgumentException($"{distinct} coded units fall in a domain of only {domain.Units} units.", nameof(domain));
        return new DomainFit(layout, members, domain, codes, distinct, confidence);
    }

    /// <summary>The codes arranged by draw, with their nonresponse-adjusted probabilities and the strata the variance is summed over.</summary>
    private sealed class Layout
    {
        public required int Labels { get; init; }
        public required DrawLayout[] Draws { get; init; }

        public static Layout Of(IReadOnlyList<string> labels, IReadOnlyList<DrawnCode> codes)
        {
            ArgumentNullException.ThrowIfNull(labels);
            ArgumentNullException.ThrowIfNull(codes);
            var k = labels.Count;
            if (k < 2) throw new ArgumentException("At least two labels are needed.", nameof(labels));
            foreach (var c in codes)
            {
                if (c.Coded is null || c.Coded.Length != k)
                    throw new ArgumentException($"Unit \"{c.Key}\" of draw \"{c.Draw}\" has {c.Coded?.Length ?? 0} coded shares for {k} labels.", nameof(codes));
                if (c.Coded.Any(x => x < 0 || double.IsNaN(x)) || Math.Abs(c.Coded.Sum() - 1) > 1e-6)
                    throw new ArgumentException($"The coded shares of unit \"{c.Key}\" of draw \"{c.Draw}\" must be non-negative and sum to 1.", nameof(codes));
                if (c.Predicted < 0 || c.Predicted >= k)
                    throw new ArgumentException($"Unit \"{c.Key}\" has predicted label {c.Predicted}, not one of the {k} labels.", nameof(codes));
                if (c.InclusionProbability is <= 0 or > 1 || double.IsNaN(c.InclusionProbability))
                    throw new ArgumentException($"Unit \"{c.Key}\" of draw \"{c.Draw}\" has inclusion probability {c.InclusionProbability}, not one in (0, 1].", nameof(codes));
            }
            var draws = codes.GroupBy(c => c.Draw, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => DrawLayout.Of(g.Key, g.OrderBy(c => c.Key, StringComparer.Ordinal).ToArray())).ToArray();
            return new Layout { Labels = k, Draws = draws };
        }
    }

    private sealed class DrawLayout
    {
        public required string Name { get; init; }
        public required DrawnCode[] Codes { get; init; }

        /// <summary>Inclusion probabilities adjusted for nonresponse, πᵢ·m_h/n_h.</summary>
        public required double[] Pi { get; init; }

        /// <summary>The variance's strata: indexes of the codes with π &lt; 1, singletons collapsed.</summary>
        public required int[][] Groups { get; init; }

        public static DrawLayout Of(string name, DrawnCode[] codes)
        {
            var pi = new double[codes.Length];
            var duplicate = codes.Select(c => c.Key).GroupBy(key => key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
                throw new ArgumentException($"Unit \"{duplicate.Key}\" is twice in draw \"{name}\": pass one code per unit and draw (two coders' labels as shares).");
            var strata = Enumerable.Range(0, codes.Length).GroupBy(i => codes[i].Stratum, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToArray()).ToList();
            var groups = new List<int[]>();
            foreach (var stratum in strata)
            {
                var drawn = codes[stratum[0]].StratumDrawn;
                var label = codes[stratum[0]].Stratum;
                if (stratum.Any(i => codes[i].StratumDrawn != drawn))
                    throw new ArgumentException($"The codes of stratum \"{label}\" of draw \"{name}\" disagree on how many units it drew.");
                if (stratum.Length > drawn)
                    throw new ArgumentException($"Stratum \"{label}\" of draw \"{name}\" has {stratum.Length} coded units but drew only {drawn}.");
                foreach (var i in stratum) pi[i] = codes[i].InclusionProbability * stratum.Length / drawn;
                var random = stratum.Where(i => pi[i] < 1).ToArray();
                if (random.Length > 0) groups.Add(random);
            }
            var singletons = groups.Where(g => g.Length == 1).ToList();
            var others = groups.Where(g => g.Length > 1).ToList();
            if (singletons.Count > 1) others.Add(singletons.SelectMany(g => g).ToArray());
            else if (singletons.Count == 1 && others.Count > 0)
            {
                var smallest = others.IndexOf(others.MinBy(g => g.Length)!);
                others[smallest] = [.. others[smallest], singletons[0][0]];
            }
            // a lone code with nothing to join cannot show its variance: the floor of the interval is what is left
            return new DrawLayout { Name = name, Codes = codes, Pi = pi, Groups = [.. others] };
        }

        /// <summary>Ĉ(Σa/π, Σb/π) = Σ_h m_h/(m_h − 1) Σ_{i∈s_h}(1 − πᵢ)(aᵢ/πᵢ − Â_h)(bᵢ/πᵢ − B̂_h), Â_h the (1 − π)-weighted mean of a/π.</summary>
        public double Covariance(double[] a, double[] b) => Groups.Sum(g => Covariance(g, a, b));

        /// <summary>Each stratum's share of V̂(Σa/π) with its number of codes: what Satterthwaite's degrees of freedom are made of.</summary>
        public IEnumerable<(double Variance, int Codes)> Parts(double[] a) => Groups.Select(g => (Covariance(g, a, a), g.Length));

        private double Covariance(int[] g, double[] a, double[] b)
        {
            {
                double weight = 0, meanA = 0, meanB = 0;
                foreach (var i in g)
                {
                    var q = 1 - Pi[i];
                    weight += q;
                    meanA += q * a[i] / Pi[i];
                    meanB += q * b[i] / Pi[i];
                }
                meanA /= weight;
                meanB /= weight;
                var sum = 0.0;
                foreach (var i in g) sum += (1 - Pi[i]) * (a[i] / Pi[i] - meanA) * (b[i] / Pi[i] - meanB);
                return (double)g.Length / (g.Length - 1) * sum;
            }
        }
    }

    /// <summary>One domain's Hájek means per draw, their linearised variables, the combined λ and variances.</summary>
    private sealed class DomainFit
    {
        private readonly Layout layout;
        private readonly DomainCounts domain;
        private readonly double[] drawWeight;
        private readonly double[][] codedMean; // [draw][label]
        private readonly double[][] predictedMean;
        private readonly double[][][] zCoded; // [draw][label][code]
        private readonly double[][][] zPredicted;
        private readonly double[] censusShares = [];

        public int Codes { get; }
        public int Distinct { get; }
        public int Draws { get; }
        public bool Census { get; }
        public double Lambda { get; }
        public double Floor { get; }
        public double EffectiveCodes { get; }

        public DomainFit(Layout layout, bool[][] members, DomainCounts domain, int codes, int distinct, double confidence)
        {
            this.layout = layout;
            this.domain = domain;
            Codes = codes;
            Distinct = distinct;
            var k = layout.Labels;
            var draws = layout.Draws;
            drawWeight = members.Select(m => (double)m.Count(x => x) / codes).ToArray();
            Draws = drawWeight.Count(w => w > 0);
            codedMean = new double[draws.Length][];
            predictedMean = new double[draws.Length][];
            zCoded = new double[draws.Length][][];
            zPredicted = new double[draws.Length][][];
            var sumSquaredWeights = 0.0;
            for (var d = 0; d < draws.Length; d++)
            {
                var draw = draws[d];
                var n = draw.Codes.Length;
                codedMean[d] = new double[k];
                predictedMean[d] = new double[k];
                zCoded[d] = Enumerable.Range(0, k).Select(_ => new double[n]).ToArray();
                zPredicted[d] = Enumerable.Range(0, k).Select(_ => new double[n]).ToArray();
                if (drawWeight[d] == 0) continue;
                var estimatedUnits = 0.0;
                for (var i = 0; i < n; i++)
                {
                    if (!members[d][i]) continue;
                    var w = 1 / draw.Pi[i];
                    estimatedUnits += w;
                    for (var l = 0; l < k; l++) codedMean[d][l] += w * draw.Codes[i].Coded[l];
                    predictedMean[d][draw.Codes[i].Predicted] += w;
                }
                for (var l = 0; l < k; l++)
                {
                    codedMean[d][l] /= estimatedUnits;
                    predictedMean[d][l] /= estimatedUnits;
                }
                for (var i = 0; i < n; i++)
                {
                    if (!members[d][i]) continue;
                    var unitWeight = drawWeight[d] / (draw.Pi[i] * estimatedUnits);
                    sumSquaredWeights += unitWeight * unitWeight;
                    for (var l = 0; l < k; l++)
                    {
                        zCoded[d][l][i] = (draw.Codes[i].Coded[l] - codedMean[d][l]) / estimatedUnits;
                        zPredicted[d][l][i] = ((draw.Codes[i].Predicted == l ? 1 : 0) - predictedMean[d][l]) / estimatedUnits;
                    }
                }
            }
            EffectiveCodes = 1 / sumSquaredWeights; // the unit weights sum to Σ_k w_k = 1

            Census = distinct == domain.Units;
            if (Census)
            {
                // Every unit is coded: the share is known, whatever the weights; a unit coded in several draws counts once, its codes averaged.
                censusShares = new double[k];
                var byUnit = draws.SelectMany((draw, d) => draw.Codes.Where((_, i) => members[d][i]))
                    .GroupBy(c => c.Key, StringComparer.Ordinal);
                foreach (var unit in byUnit)
                    for (var l = 0; l < k; l++)
                        censusShares[l] += unit.Average(c => c.Coded[l]) / distinct;
                return;
            }

            double covariance = 0, predictedVariance = 0;
            for (var l = 0; l < k; l++)
            for (var d = 0; d < draws.Length; d++)
            {
                if (drawWeight[d] == 0) continue;
                var w2 = drawWeight[d] * drawWeight[d];
                covariance += w2 * draws[d].Covariance(zCoded[d][l], zPredicted[d][l]);
                predictedVariance += w2 * draws[d].Covariance(zPredicted[d][l], zPredicted[d][l]);
            }
            Lambda = predictedVariance > 0 ? Math.Clamp(covariance / predictedVariance, 0, 1) : 0;

            var t = TQuantile(codes, confidence);
            var tailRate = t * t / 2 / (EffectiveCodes + t * t);
            Floor = Math.Max(0, 1 - (double)distinct / domain.Units) * tailRate / EffectiveCodes;
        }

        /// <summary>Σ_k w_k·Ŷ_k for the codes (λ = 0) or the predictions.</summary>
        private double Combined(double[][] means, int label)
        {
            var sum = 0.0;
            for (var d = 0; d < means.Length; d++) sum += drawWeight[d] * means[d][label];
            return sum;
        }

        public double CodedShare(int label) => Census ? censusShares[label] : Combined(codedMean, label);

        public double ClassifierShare(int label) => domain.Units == 0 ? double.NaN : (double)domain.Predicted[label] / domain.Units;

        /// <summary>θ̂ₗ = λFₗ + Σ_k w_k(Ŷ_kl − λf̂_kl), unclipped.</summary>
        public double Point(int label) => Census
            ? censusShares[label]
            : Lambda * ClassifierShare(label) + Combined(codedMean, label) - Lambda * Combined(predictedMean, label);

        /// <summary>Adds sign·w_k·(z^y − λz^f) of draw <paramref name="draw"/> into <paramref name="into"/>.</summary>
        public void AddResidual(int draw, int label, double sign, double[] into)
        {
            var w = sign * drawWeight[draw];
            if (w == 0) return;
            var y = zCoded[draw][label];
            var f = zPredicted[draw][label];
            for (var i = 0; i < into.Length; i++) into[i] += w * (y[i] - Lambda * f[i]);
        }

        public double Variance(int label) => VarianceAndDegrees(label).Variance;

        /// <summary>
        /// The variance and its degrees of freedom by Satterthwaite (1946), Σv_h)²/Σ(v_h²/(m_h − 1)) over the strata's parts
        /// v_h: with few codes per stratum the variance estimate is itself uncertain and t must be wider than on m − 1
        /// degrees of freedom (Korn &amp; Graubard 1999, <i>Analysis of Health Surveys</i>, 5.2). Never more than m − 1.
        /// </summary>
        public (double Variance, double Degrees) VarianceAndDegrees(int label)
        {
            if (Census) return (0, Math.Max(1, Codes - 1));
            double variance = 0, squares = 0;
            for (var d = 0; d < layout.Draws.Length; d++)
            {
                if (drawWeight[d] == 0) continue;
                var z = new double[layout.Draws[d].Codes.Length];
                AddResidual(d, label, 1, z);
                foreach (var (part, codes) in layout.Draws[d].Parts(z))
                {
                    variance += part;
                    squares += part * part / (codes - 1);
                }
            }
            var degrees = squares > 0 ? Math.Min(variance * variance / squares, Codes - 1) : Codes - 1;
            return (Math.Max(variance, Floor), Math.Max(1, degrees));
        }

        public ValidatedEstimate Estimate(IReadOnlyList<string> labels, double confidence)
        {
            var shares = new List<ValidatedShare>(labels.Count);
            for (var l = 0; l < labels.Count; l++)
            {
                var point = Point(l);
                var (variance, degrees) = VarianceAndDegrees(l);
                var t = StudentT.InvCDF(0, 1, degrees, 1 - (1 - confidence) / 2);
                var se = Math.Sqrt(variance);
                shares.Add(new ValidatedShare(labels[l], Math.Clamp(point, 0, 1), Math.Clamp(point - t * se, 0, 1), Math.Clamp(point + t * se, 0, 1),
                    se, CodedShare(l), ClassifierShare(l)));
            }
            return new ValidatedEstimate(shares, Codes, domain.Units, Lambda, Draws, Census, Describe(confidence));
        }

        private string Describe(double confidence)
        {
            var c = CultureInfo.InvariantCulture;
            var level = (confidence * 100).ToString("0.#", c) + "%";
            var draws = Draws == 1 ? "1 draw" : $"{Draws} draws";
            return Census
                ? $"census of the domain: all {StatFormat.Count(domain.Units)} units coded ({StatFormat.Count(Codes)} codes from {draws}); the shares are the coded shares"
                : $"prediction-powered estimate (PPI++, λ = {StatFormat.Fixed(Lambda, 2)}) on {StatFormat.Count(Codes)} codes from {draws}, " +
                  $"Hájek-weighted by inclusion probability; {level} t interval (Satterthwaite degrees of freedom)";
        }
    }
}
