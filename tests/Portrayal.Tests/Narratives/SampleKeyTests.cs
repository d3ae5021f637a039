using System.Globalization;
using Xunit;
using Xunit.Abstractions;

namespace Portrayal.Tests.Narratives;

/// <summary>
/// Every narrative query of the sample codebook against the posts the sample's authors wrote for it (key/*.jsonl):
/// recall and precision per narrative are printed in the test output and held above a floor.
/// </summary>
public class SampleKeyTests(SampleStudyFixture sample, ITestOutputHelper output) : IClassFixture<SampleStudyFixture>
{
    public const double RecallFloor = 0.85;
    public const double PrecisionFloor = 0.80;

    public sealed record Score(string Narrative, int Key, int Found, int Right, IReadOnlyList<string> Missed, IReadOnlyList<string> Wrong)
    {
        public double Recall => Key == 0 ? double.NaN : (double)Right / Key;
        public double Precision => Found == 0 ? double.NaN : (double)Right / Found;
    }

    public static IReadOnlyList<Score> Evaluate(SampleStudyFixture sample)
    {
        var keyByPost = sample.Key.ToDictionary(k => k.Key);
        var found = sample.Hits.GroupBy(h => h.Narrative)
            .ToDictionary(g => g.Key, g => g.Select(h => sample.Posts[h.PostId].Key).ToHashSet());
        return sample.Codebook.Narratives.Select(n =>
        {
            var expected = sample.Key.Where(k => k.Narratives.Contains(n.Id)).Select(k => k.Key).ToHashSet();
            var got = found.GetValueOrDefault(n.Id) ?? [];
            return new Score(n.Id, expected.Count, got.Count, got.Count(expected.Contains),
                expected.Except(got).Order(StringComparer.Ordinal).ToList(), got.Except(expected).Order(StringComparer.Ordinal).ToList());
        }).ToList();
    }

    [Fact]
    public void Every_key_post_is_in_the_store()
    {
        var stored = sample.Posts.Values.Select(p => p.Key).ToHashSet();
        Assert.Equal(455, sample.Key.Count);
        Assert.All(sample.Key, k => Assert.Contains(k.Key, stored));
    }

    [Fact]
    public void Each_sample_narrative_query_finds_the_posts_written_for_it()
    {
        var scores = Evaluate(sample);
        Assert.Equal(4, scores.Count);
        foreach (var s in scores)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Narrative,-26} key {s.Key,3}  found {s.Found,3}  right {s.Right,3}  recall {s.Recall:0.000}  precision {s.Precision:0.000}"));
            foreach (var m in s.Missed) output.WriteLine($"    missed {m}");
            foreach (var w in s.Wrong) output.WriteLine($"    wrong  {w}");
        }
        Assert.All(scores, s => Assert.True(s.Key > 0, $"{s.Narrative}: no key post"));
        Assert.All(scores, s => Assert.True(s.Recall >= RecallFloor, $"{s.Narrative}: recall {s.Recall:0.000} < {RecallFloor}"));
        Assert.All(scores, s => Assert.True(s.Precision >= PrecisionFloor, $"{s.Narrative}: precision {s.Precision:0.000} < {PrecisionFloor}"));
    }
}
