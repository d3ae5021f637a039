using Portrayal.Statistics;
using Xunit;

namespace Portrayal.Tests.Statistics;

public class SamplingDesignTests
{
    /// <summary>Strata a (100 units), b (50), c (3), d (1); confidences spread over 0.35–0.95 by key.</summary>
    private static List<FrameUnit> Frame() =>
    [
        .. Stratum("a", 100), .. Stratum("b", 50), .. Stratum("c", 3), .. Stratum("d", 1),
    ];

    private static IEnumerable<FrameUnit> Stratum(string name, int units) =>
        Enumerable.Range(0, units).Select(i => new FrameUnit($"{name}/{i:D4}", name, 0.35 + 0.6 * (i * 37 % 101) / 100.0));

    [Fact]
    public void A_simple_sample_draws_n_units_from_one_stratum_with_equal_probability()
    {
        var drawn = SamplingDesign.Draw(Frame(), new DesignOptions(DesignKind.Simple, 20, Seed: 1));
        Assert.Equal(20, drawn.Count);
        Assert.Equal(20, drawn.Select(d => d.Key).Distinct().Count());
        Assert.All(drawn, d =>
        {
            Assert.Equal("all", d.Stratum);
            Assert.Equal((154, 20), (d.StratumUnits, d.StratumDrawn));
            Assert.Equal(20 / 154.0, d.InclusionProbability, 15);
        });
    }

    [Fact]
    public void A_sample_larger_than_the_frame_is_the_whole_frame()
    {
        var drawn = SamplingDesign.Draw(Frame(), new DesignOptions(DesignKind.Simple, 500, Seed: 1));
        Assert.Equal(154, drawn.Count);
        Assert.All(drawn, d => Assert.Equal(1.0, d.InclusionProbability));
        var stratified = SamplingDesign.Draw(Frame(), new DesignOptions(DesignKind.Stratified, 500, Seed: 1));
        Assert.Equal(154, stratified.Count);
        Assert.All(stratified, d => Assert.Equal(1.0, d.InclusionProbability));
    }

    [Fact]
    public void Every_stratum_gets_two_units_first_and_the_rest_goes_by_size()
    {
        // Sizes 100, 50, 3, 1 and n = 20: first 2, 2, 2, 1 (7 units); the other 13 in proportion to 100:50:3:1 of 154 →
        // quotas 8.44, 4.22, 0.25, 0.08 → 8, 4, 0, 0 and the one left to the largest remainder (a's 0.44) → 9, 4, 0, 0.
        Assert.Equal([11, 6, 2, 1], SamplingDesign.AllocateCovering([100, 50, 3, 1], 20));
        var drawn = SamplingDesign.Draw(Frame(), new DesignOptions(DesignKind.Stratified, 20, Seed: 3));
        var byStratum = drawn.GroupBy(d => d.Stratum).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal([11, 6, 2, 1], new[] { "a", "b", "c", "d" }.Select(s => byStratum[s].Count));
        Assert.All(byStratum["a"], d => Assert.Equal(11 / 100.0, d.InclusionProbability, 15));
        Assert.All(byStratum["c"], d => Assert.Equal((3, 2, 2 / 3.0), (d.StratumUnits, d.StratumDrawn, d.InclusionProbability)));
        Assert.All(byStratum["d"], d => Assert.Equal(1.0, d.InclusionProbability));
        Assert.All(drawn, d => Assert.StartsWith(d.Stratum + "/", d.Key));
    }

    [Fact]
    public void A_stratum_never_gets_more_than_its_units_and_its_excess_goes_to_the_others()
    {
        // Sizes 5 and 100, n = 80: 2 + 2 first, 76 left → quotas 3.62 and 72.38 → 4 and 72 (remainder to the first): the
        // first stratum would hold 6 of its 5 units, so it is filled (3 more) and the other takes the remaining 73.
        Assert.Equal([5, 75], SamplingDesign.AllocateCovering([5, 100], 80));
        // Sizes 0, 30, 1, 100, n = 10: 0, 2, 1, 2 first; 5 left over 30:100 → 1.15, 3.85 → 1, 3 and the remainder to the second → 1, 4.
        Assert.Equal([0, 3, 1, 6], SamplingDesign.AllocateCovering([0, 30, 1, 100], 10));
    }

    [Fact]
    public void Too_few_units_for_the_strata_is_an_error_that_says_what_to_do()
    {
        var frame = Enumerable.Range(0, 14).SelectMany(s => Enumerable.Range(0, 10)
            .Select(i => new FrameUnit($"s{s:D2}/{i}", $"s{s:D2}", 0.5))).ToList();
        var e = Assert.Throws<ArgumentException>(() => SamplingDesign.Draw(frame, new DesignOptions(DesignKind.Stratified, 20, Seed: 1)));
        Assert.StartsWith("20 units cannot cover 14 strata with 2 each: draw at least 28 or stratify by fewer fields", e.Message);
        Assert.Equal(28, SamplingDesign.Draw(frame, new DesignOptions(DesignKind.Uncertainty, 28, Seed: 1)).Count);
    }

    [Fact]
    public void Largest_remainder_ties_go_to_the_earlier_stratum()
    {
        Assert.Equal([1, 1, 0], SamplingDesign.Allocate([1, 1, 1], 2));
        Assert.Equal([3, 2], SamplingDesign.Allocate([50, 50], 5));
        Assert.Equal([0, 0], SamplingDesign.Allocate([0, 0], 5));
    }

    [Fact]
    public void The_same_seed_draws_the_same_units_whatever_the_order_of_the_frame()
    {
        foreach (var kind in Enum.GetValues<DesignKind>())
        {
            var options = new DesignOptions(kind, 30, Seed: 17);
            var a = SamplingDesign.Draw(Frame(), options);
            var shuffled = Frame();
            new Random(4).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shuffled));
            var b = SamplingDesign.Draw(shuffled, options);
            var c = SamplingDesign.Draw(Frame(), options with { Seed = 18 });
            Assert.Equal(a, b);
            Assert.NotEqual(a.Select(d => d.Key).Order(), c.Select(d => d.Key).Order());
        }
    }

    [Fact]
    public void A_known_seed_draws_known_units()
    {
        // Pins the generator and the order of its use: a change here changes every sheet drawn with a recorded seed.
        var drawn = SamplingDesign.Draw(Frame(), new DesignOptions(DesignKind.Stratified, 8, Seed: 42));
        Assert.Equal(8, drawn.Count);
        var keys = string.Join(" ", drawn.Select(d => d.Key));
        Assert.Equal(Pinned, keys);
        Assert.Equal([3, 2, 2, 1], new[] { "a", "b", "c", "d" }.Select(s => drawn.Count(d => d.Stratum == s)));
    }

    private const string Pinned = "a/0096 c/0001 b/0047 c/0002 a/0063 d/0000 b/0011 a/0040";

    [Fact]
    public void More_units_in_a_stratum_with_the_same_seed_keep_the_units_drawn_before()
    {
        // what lets `plan` extend a draw: a stratified draw asked again with larger strata is a superset of the first
        var first = SamplingDesign.Draw(Frame(), new DesignOptions(DesignKind.Stratified, 0, 9) { Allocation = new Dictionary<string, int> { ["a"] = 5, ["b"] = 2 } });
        var more = SamplingDesign.Draw(Frame(), new DesignOptions(DesignKind.Stratified, 0, 9) { Allocation = new Dictionary<string, int> { ["a"] = 20, ["b"] = 2, ["c"] = 2 } });
        Assert.Subset(more.Select(d => d.Key).ToHashSet(), first.Select(d => d.Key).ToHashSet());
        Assert.Equal(24, more.Count);
        Assert.All(more.Where(d => d.Stratum == "a"), d => Assert.Equal(0.2, d.InclusionProbability, 12));
    }

    [Fact]
    public void The_coding_order_is_a_random_permutation()
    {
        var drawn = SamplingDesign.Draw(Frame(), new DesignOptions(DesignKind.Uncertainty, 60, Seed: 5));
        Assert.Equal(Enumerable.Range(0, 60), drawn.Select(d => d.Order));
        // Coding order is not the key order nor grouped by stratum: the first 20 to be coded hold units of a and b.
        Assert.NotEqual(drawn.Select(d => d.Key).Order(StringComparer.Ordinal), drawn.Select(d => d.Key));
        Assert.True(drawn.Take(20).Select(d => d.Stratum).Distinct().Count() >= 2);
    }

    [Fact]
    public void Uncertain_units_get_larger_probabilities_that_sum_to_the_stratum_size()
    {
        double[] confidence = [0.9, 0.8, 0.6, 0.4, 1.0, 0.95, 0.5, 0.7];
        var pi = SamplingDesign.InclusionProbabilities(confidence, 3, 0.5);
        Assert.Equal(3.0, pi.Sum(), 12);
        // u = 1 − c; s = 0.5/8 + 0.5·√u/Σ√u; π = 3s. The confident unit (c = 1) keeps the uniform part only: 3·0.0625.
        var roots = confidence.Select(c => Math.Sqrt(1 - c)).ToArray();
        for (var i = 0; i < 8; i++) Assert.Equal(3 * (0.5 / 8 + 0.5 * roots[i] / roots.Sum()), pi[i], 12);
        Assert.Equal(0.1875, pi[4], 12);
        Assert.True(pi[3] > pi[2] && pi[2] > pi[0]);
        Assert.All(SamplingDesign.InclusionProbabilities([1.0, 1.0, 1.0, 1.0], 1, 0.5), p => Assert.Equal(0.25, p, 12));
        Assert.All(SamplingDesign.InclusionProbabilities(confidence, 2, 1.0), p => Assert.Equal(0.25, p, 12));
    }

    [Fact]
    public void Probabilities_above_one_become_certainties_and_those_units_are_always_drawn()
    {
        // Nine confident units and one with confidence 0, mix 0.1: s = 0.01 + 0.9 = 0.91 for it, 0.01 for the others;
        // n = 3 would give it π = 2.73, so it is certain and the other two draws are shared: 2·0.01/0.09 = 2/9 each.
        var frame = Enumerable.Range(0, 10).Select(i => new FrameUnit($"u{i}", "s", i == 7 ? 0 : 1)).ToList();
        var pi = SamplingDesign.InclusionProbabilities(frame.Select(u => u.Confidence).ToList(), 3, 0.1);
        Assert.Equal(1.0, pi[7]);
        Assert.All(pi.Where((_, i) => i != 7), p => Assert.Equal(2 / 9.0, p, 12));
        for (var seed = 1; seed <= 200; seed++)
        {
            var drawn = SamplingDesign.Draw(frame, new DesignOptions(DesignKind.Uncertainty, 3, seed) { UniformMix = 0.1 });
            Assert.Equal(3, drawn.Count);
            Assert.Contains(drawn, d => d.Key == "u7" && d.InclusionProbability == 1.0);
        }
    }

    [Fact]
    public void Pareto_sampling_draws_each_unit_about_as_often_as_its_target_probability()
    {
        // 2,000 seeds on one stratum of 8 units, n = 3. A frequency's Monte Carlo standard error is at most
        // √(0.25/2000) = 0.011; Pareto πps is not exactly πps (its inclusion probabilities differ from the targets by a
        // few thousandths at this size: at most 0.0033 here over 200,000 seeds), so the tolerance is 0.035, about three standard errors.
        double[] confidence = [0.9, 0.8, 0.6, 0.4, 1.0, 0.95, 0.5, 0.7];
        var frame = confidence.Select((c, i) => new FrameUnit($"u{i}", "s", c)).ToList();
        var target = SamplingDesign.InclusionProbabilities(confidence, 3, 0.5);
        var counts = new int[8];
        const int seeds = 2000;
        for (var seed = 1; seed <= seeds; seed++)
        {
            var drawn = SamplingDesign.Draw(frame, new DesignOptions(DesignKind.Uncertainty, 3, seed));
            Assert.Equal(3, drawn.Count);
            foreach (var d in drawn) counts[int.Parse(d.Key[1..], System.Globalization.CultureInfo.InvariantCulture)]++;
            Assert.All(drawn, d => Assert.Equal(target[int.Parse(d.Key[1..], System.Globalization.CultureInfo.InvariantCulture)], d.InclusionProbability, 12));
        }
        for (var i = 0; i < 8; i++) Assert.InRange((double)counts[i] / seeds, target[i] - 0.035, target[i] + 0.035);
    }

    [Fact]
    public void A_simple_random_sample_gives_every_unit_the_same_frequency()
    {
        var frame = Enumerable.Range(0, 10).Select(i => new FrameUnit($"u{i}", $"s{i % 2}", 0.5)).ToList();
        var counts = new int[10];
        for (var seed = 1; seed <= 2000; seed++)
            foreach (var d in SamplingDesign.Draw(frame, new DesignOptions(DesignKind.Simple, 4, seed)))
                counts[d.Key[1] - '0']++;
        Assert.All(counts, c => Assert.InRange(c / 2000.0, 0.4 - 0.035, 0.4 + 0.035));
    }

    [Fact]
    public void An_explicit_allocation_sets_the_size_of_each_stratum()
    {
        var options = new DesignOptions(DesignKind.Stratified, 0, Seed: 2) { Allocation = new Dictionary<string, int> { ["a"] = 5, ["c"] = 9 } };
        var drawn = SamplingDesign.Draw(Frame(), options);
        Assert.Equal(5, drawn.Count(d => d.Stratum == "a"));
        Assert.Equal(3, drawn.Count(d => d.Stratum == "c")); // capped at the stratum's 3 units
        Assert.DoesNotContain(drawn, d => d.Stratum is "b" or "d");
        var unknown = options with { Allocation = new Dictionary<string, int> { ["z"] = 1 } };
        Assert.Contains("\"z\"", Assert.Throws<ArgumentException>(() => SamplingDesign.Draw(Frame(), unknown)).Message);
    }

    [Fact]
    public void Duplicate_keys_and_a_zero_uniform_share_are_refused()
    {
        var twice = new List<FrameUnit> { new("x", "s", 0.5), new("x", "s", 0.6) };
        Assert.Throws<ArgumentException>(() => SamplingDesign.Draw(twice, new DesignOptions(DesignKind.Simple, 1, 1)));
        Assert.Throws<ArgumentException>(() => SamplingDesign.Draw(Frame(), new DesignOptions(DesignKind.Uncertainty, 10, 1) { UniformMix = 0 }));
    }
}
