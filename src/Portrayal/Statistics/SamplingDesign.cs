using Portrayal.Corpus;

namespace Portrayal.Statistics;

/// <summary>How units are drawn for hand coding: one simple random sample, a stratified one, or one with probability proportional to the classifier's uncertainty.</summary>
public enum DesignKind
{
    Simple,
    Stratified,
    Uncertainty,
}

/// <summary>A unit of the frame: its key (unique), its stratum label, the classifier's confidence in its label (0..1).</summary>
public sealed record FrameUnit(string Key, string Stratum, double Confidence);

/// <summary>What to draw: the design, how many units, the seed (and, optionally, explicit per-stratum sizes).</summary>
public sealed record DesignOptions(DesignKind Kind, int N, int Seed)
{
    /// <summary>Explicit per-stratum sizes (used by <c>plan</c> to add codes where they are needed); when given, <see cref="N"/> is ignored.</summary>
    public IReadOnlyDictionary<string, int>? Allocation { get; init; }

    /// <summary>Share of the uncertainty design's size measure that is uniform (Zrnic &amp; Candès 2024 mix with uniform to bound the weights).</summary>
    public double UniformMix { get; init; } = 0.5;
}

/// <summary>
/// Probability samples of a frame for hand coding, drawn so that every unit's inclusion probability is known and the
/// estimates built on the codes (<see cref="ValidatedShares"/>) are design-unbiased whatever the classifier's accuracy.
/// <para>
/// <b>Simple</b>: one stratum "all", a simple random sample without replacement, π = n/N. <b>Stratified</b>: every
/// non-empty stratum first gets min(2, N_h) units (so each is covered and its variance can be estimated), the rest goes
/// in proportion to N_h by largest remainder, never above N_h; a simple random sample in each, π = n_h/N_h.
/// <b>Uncertainty</b> ("active statistical inference", Zrnic &amp; Candès 2024, <i>ICML</i>, arXiv:2403.03208): the same
/// strata and allocation, then within a stratum a πps sample whose size measure mixes a uniform share with √(1 − confidence)
/// (the residual y − f is non-zero only where the classifier errs, and its standard deviation grows with the uncertainty;
/// the uniform share bounds the weights 1/π). Units are selected by Pareto πps sampling (Rosén 1997, "On sampling with
/// probability proportional to size", <i>J. Statist. Plann. Inference</i> 62:159), a fixed-size order sampling whose
/// actual inclusion probabilities are very close to the targets. Never "the n most uncertain", which would leave the
/// confident units a zero probability and the estimates no design basis.
/// </para>
/// <para>
/// Deterministic: the frame is sorted by key (ordinal) first, so its order does not matter; every random number comes from
/// <see cref="DiscreteSampling.Generator"/>: each stratum has its own stream, seeded with <see cref="DesignOptions.Seed"/> and
/// the stratum's name, so a simple or stratified draw repeated with more units in a stratum keeps the units it drew before
/// and adds to them (`plan` extends a draw that way); the coding order comes from the seed's own stream. The coding order is a random permutation, so a coder who stops part-way has coded a
/// random subset of each stratum (what <see cref="ValidatedShares"/>'s nonresponse adjustment assumes).
/// </para>
/// </summary>
public static class SamplingDesign
{
    /// <summary>The one stratum of the simple design.</summary>
    public const string AllStratum = "all";

    /// <summary>Units every non-empty stratum gets before the proportional allocation (two, so its variance is estimable).</summary>
    public const int MinimumPerStratum = 2;

    /// <summary>The drawn units, in coding order.</summary>
    public static IReadOnlyList<DrawnUnit> Draw(IReadOnlyList<FrameUnit> frame, DesignOptions options)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Allocation is null && options.N <= 0)
            throw new ArgumentException($"The sample size must be positive, not {options.N}.", nameof(options));
        if (options.Kind == DesignKind.Uncertainty && (options.UniformMix is <= 0 or > 1 || double.IsNaN(options.UniformMix)))
            throw new ArgumentException($"The uniform share of the size measure must be above 0 (else confident units could never be drawn) and at most 1, not {options.UniformMix}.", nameof(options));

        // Frames usually come in key order already (the store's order): one pass checks the order, the keys and the
        // confidences; only a frame out of order is copied and sorted.
        IReadOnlyList<FrameUnit> sorted = frame;
        if (!CheckedInOrder(frame))
        {
            sorted = frame.OrderBy(u => u.Key, StringComparer.Ordinal).ToArray();
            CheckedInOrder(sorted);
        }

        // The units keep the key order inside their stratum, the strata come in ordinal order.
        List<(string Name, IReadOnlyList<FrameUnit> Units)> strata;
        if (options.Kind == DesignKind.Simple) strata = sorted.Count == 0 ? [] : [(AllStratum, sorted)];
        else
        {
            var byName = new Dictionary<string, List<FrameUnit>>(StringComparer.Ordinal);
            foreach (var u in sorted)
            {
                if (!byName.TryGetValue(u.Stratum, out var list)) byName[u.Stratum] = list = [];
                list.Add(u);
            }
            strata = byName.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, (IReadOnlyList<FrameUnit>)p.Value)).ToList();
        }
        var sizes = Sizes(strata.Select(s => (s.Name, s.Units.Count)).ToList(), options);

        var drawn = new List<(FrameUnit Unit, string Stratum, int StratumUnits, int StratumDrawn, double Pi)>();
        for (var h = 0; h < strata.Count; h++)
        {
            var (name, units) = strata[h];
            var n = sizes[h];
            if (n == 0) continue;
            var rng = DiscreteSampling.Generator(StreamSeed(options.Seed, name));
            if (options.Kind == DesignKind.Uncertainty)
            {
                var pi = InclusionProbabilities(units.Select(u => u.Confidence).ToArray(), n, options.UniformMix);
                foreach (var i in ParetoSample(rng, pi, n)) drawn.Add((units[i], name, units.Count, n, pi[i]));
            }
            else
            {
                var pi = (double)n / units.Count;
                foreach (var i in SimpleSample(rng, units.Count, n)) drawn.Add((units[i], name, units.Count, n, pi));
            }
        }

        // The coding order: a Fisher–Yates shuffle written out rather than Random.Shuffle, whose algorithm the runtime may change.
        var order = SimpleSample(DiscreteSampling.Generator(options.Seed), drawn.Count, drawn.Count);
        var result = new DrawnUnit[drawn.Count];
        for (var i = 0; i < drawn.Count; i++)
        {
            var d = drawn[i];
            result[order[i]] = new DrawnUnit(d.Unit.Key, d.Stratum, d.StratumUnits, d.StratumDrawn, d.Pi, order[i]);
        }
        return result;
    }

    /// <summary>Largest-remainder (Hamilton) allocation of n over strata in proportion to their sizes; ties go to the earlier stratum.</summary>
    public static int[] Allocate(IReadOnlyList<int> sizes, int n)
    {
        var total = sizes.Sum(s => (long)s);
        var result = new int[sizes.Count];
        if (total == 0) return result;
        var quotas = sizes.Select(s => (double)n * s / total).ToArray();
        for (var i = 0; i < sizes.Count; i++) result[i] = (int)Math.Floor(quotas[i]);
        var left = n - result.Sum();
        foreach (var i in Enumerable.Range(0, sizes.Count).OrderByDescending(i => quotas[i] - result[i]).ThenBy(i => i).Take(left))
            result[i]++;
        return result;
    }

    /// <summary>
    /// The stratified designs' allocation: min(<paramref name="minimum"/>, N_h) units to every non-empty stratum, the rest in
    /// proportion to N_h by largest remainder, a stratum never given more than its units (its excess goes to the others in
    /// proportion to their sizes, repeatedly). n above the frame's size is the whole frame.
    /// </summary>
    /// <param name="names">The strata's names, for the error message.</param>
    /// <exception cref="ArgumentException">n is too small to give every stratum its minimum; the message says what to do.</exception>
    public static int[] AllocateCovering(IReadOnlyList<int> sizes, int n, IReadOnlyList<string>? names = null, int minimum = MinimumPerStratum)
    {
        if (sizes.Any(s => s < 0)) throw new ArgumentException("Stratum sizes cannot be negative.", nameof(sizes));
        var total = sizes.Sum();
        n = Math.Min(n, total);
        var result = sizes.Select(s => Math.Min(minimum, s)).ToArray();
        var required = result.Sum();
        if (n < required)
        {
            var strata = sizes.Count(s => s > 0);
            throw new ArgumentException(
                $"{n} units cannot cover {strata} strata with {minimum} each: draw at least {required} or stratify by fewer fields" +
                (names is null ? "." : $" (strata: {string.Join(", ", names.Where((_, i) => sizes[i] > 0))})."));
        }
        var open = Enumerable.Range(0, sizes.Count).Where(h => sizes[h] > result[h]).ToList();
        var left = n - required;
        while (left > 0)
        {
            var share = Allocate(open.Select(h => sizes[h]).ToList(), left);
            var full = open.Where((h, j) => result[h] + share[j] >= sizes[h]).ToList();
            if (full.Count == 0)
            {
                for (var j = 0; j < open.Count; j++) result[open[j]] += share[j];
                break;
            }
            // Strata that would overflow are filled, and what is left is shared again among the others, so the excess
            // goes where the units are rather than to whichever stratum comes next.
            foreach (var h in full)
            {
                left -= sizes[h] - result[h];
                result[h] = sizes[h];
            }
            open = open.Except(full).ToList();
        }
        return result;
    }

    /// <summary>
    /// Target inclusion probabilities of the uncertainty design in one stratum: size sᵢ = mix/N + (1 − mix)·√uᵢ/Σ√u with
    /// uᵢ = max(0, 1 − confidenceᵢ) (uniform when no unit is uncertain), πᵢ = n·sᵢ, probabilities above 1 set to 1 and the
    /// excess shared by the others in proportion to their sizes, repeatedly, so that Σπ = n.
    /// </summary>
    public static double[] InclusionProbabilities(IReadOnlyList<double> confidences, int n, double uniformMix)
    {
        var count = confidences.Count;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, count);
        var roots = confidences.Select(c => Math.Sqrt(Math.Max(0, 1 - c))).ToArray();
        var rootSum = roots.Sum();
        var size = roots.Select(r => rootSum > 0 ? uniformMix / count + (1 - uniformMix) * r / rootSum : 1.0 / count).ToArray();
        var pi = new double[count];
        var certain = new bool[count];
        var certainCount = 0;
        while (true)
        {
            // All probabilities from the same state, then every one that reached 1 becomes a certainty unit at once.
            var freeSize = 0.0;
            for (var i = 0; i < count; i++) if (!certain[i]) freeSize += size[i];
            for (var i = 0; i < count; i++)
                if (!certain[i]) pi[i] = freeSize > 0 ? (n - certainCount) * size[i] / freeSize : 0;
            var capped = 0;
            for (var i = 0; i < count; i++)
            {
                if (certain[i] || pi[i] < 1) continue;
                pi[i] = 1;
                certain[i] = true;
                capped++;
            }
            if (capped == 0) break;
            certainCount += capped;
        }
        return pi;
    }

    private static int[] Sizes(IReadOnlyList<(string Name, int Units)> strata, DesignOptions options)
    {
        if (options.Allocation is { } given)
        {
            foreach (var (name, size) in given)
            {
                if (size < 0) throw new ArgumentException($"The allocation gives stratum \"{name}\" a negative size ({size}).", nameof(options));
                if (size > 0 && !strata.Any(s => s.Name == name))
                    throw new ArgumentException($"The allocation names stratum \"{name}\", which has no unit in the frame.", nameof(options));
            }
            // A plan made on an older frame may ask for more than a stratum now holds: it gets all its units.
            return strata.Select(s => Math.Min(s.Units, given.GetValueOrDefault(s.Name))).ToArray();
        }
        return options.Kind == DesignKind.Simple
            ? strata.Select(s => Math.Min(options.N, s.Units)).ToArray()
            : AllocateCovering(strata.Select(s => s.Units).ToList(), options.N, strata.Select(s => s.Name).ToList());
    }

    /// <summary>A stratum's own seed: the draw's seed mixed with a stable (FNV-1a) hash of the stratum's name.</summary>
    private static int StreamSeed(int seed, string stratum)
    {
        var h = 2166136261u ^ (uint)seed;
        foreach (var c in stratum) h = (h ^ c) * 16777619u;
        return (int)(h * 16777619u);
    }

    /// <summary>Whether the keys are in ordinal order; throws on a confidence outside [0, 1] or a key twice in a row.</summary>
    private static bool CheckedInOrder(IReadOnlyList<FrameUnit> frame)
    {
        var inOrder = true;
        for (var i = 0; i < frame.Count; i++)
        {
            var unit = frame[i];
            if (unit.Confidence is < 0 or > 1 || double.IsNaN(unit.Confidence))
                throw new ArgumentException($"The confidence of unit \"{unit.Key}\" must lie between 0 and 1, not {unit.Confidence}.", nameof(frame));
            if (i == 0) continue;
            var order = string.CompareOrdinal(frame[i - 1].Key, unit.Key);
            if (order == 0) throw new ArgumentException($"The unit \"{unit.Key}\" is twice in the frame.", nameof(frame));
            if (order > 0) inOrder = false;
        }
        return inOrder;
    }

    /// <summary>n of 0..count−1 by a partial Fisher–Yates shuffle (every subset of size n equally likely), the swapped positions kept in a dictionary so a draw costs n steps, not count.</summary>
    private static int[] SimpleSample(Random rng, int count, int n)
    {
        var moved = new Dictionary<int, int>();
        var chosen = new int[n];
        for (var i = 0; i < n; i++)
        {
            var j = i + rng.Next(count - i);
            chosen[i] = moved.GetValueOrDefault(j, j);
            moved[j] = moved.GetValueOrDefault(i, i);
        }
        return chosen;
    }

    /// <summary>
    /// Pareto πps sampling (Rosén 1997): with Uᵢ uniform, the ranking variable Qᵢ = [Uᵢ/(1 − Uᵢ)] / [πᵢ/(1 − πᵢ)]; the units with
    /// πᵢ = 1 are taken, and the n − (their number) others with the smallest Q.
    /// </summary>
    private static IEnumerable<int> ParetoSample(Random rng, double[] pi, int n)
    {
        var certain = new List<int>();
        var q = new List<double>(pi.Length);
        var index = new List<int>(pi.Length);
        for (var i = 0; i < pi.Length; i++)
        {
            var u = rng.NextDouble(); // drawn for every unit, certain or not, so one unit's probability leaves the others' numbers alone
            if (pi[i] >= 1) certain.Add(i);
            else if (pi[i] > 0)
            {
                q.Add(u / (1 - u) / (pi[i] / (1 - pi[i])));
                index.Add(i);
            }
        }
        // A primitive-keyed sort: ties in Q have probability zero, so its instability cannot change the sample.
        var keys = q.ToArray();
        var items = index.ToArray();
        Array.Sort(keys, items);
        return certain.Concat(items.Take(n - certain.Count)).Order();
    }
}
