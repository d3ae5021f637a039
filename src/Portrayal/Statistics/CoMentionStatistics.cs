namespace Portrayal.Statistics;

/// <summary>
/// How often two actors are mentioned in the same unit (post) over <see cref="Units"/> units, against chance:
/// the four counts; Jaccard = both / (units mentioning either); <see cref="ExpectedBoth"/> = n·P(A)·P(B), the count if the
/// two were mentioned independently; lift = P(A and B) / (P(A) P(B)) = both / expected; PMI = log₂ lift (pointwise mutual
/// information, Church &amp; Hanks 1990, <i>Computational Linguistics</i> 16:22), 0 at independence, −∞ when never together;
/// and Fisher's exact test on the 2×2 table [both, only A; only B, neither] (see <see cref="Contingency.Fisher2x2"/>), by
/// default one-sided for co-occurrence above chance (odds ratio &gt; 1), the claim "discussed in tandem" makes.
/// Lift and PMI are NaN when either actor is never mentioned.
/// </summary>
public sealed record CoMentionAssociation(
    string A, string B, int Units, int Both, int OnlyA, int OnlyB, int Neither,
    double Jaccard, double ExpectedBoth, double Lift, double Pmi, double PValue, Alternative Alternative)
{
    /// <summary>Units mentioning A (with or without B).</summary>
    public int WithA => Both + OnlyA;

    /// <summary>Units mentioning B (with or without A).</summary>
    public int WithB => Both + OnlyB;

    /// <summary>
    /// The finding as a sentence with its figures, e.g. "The CSTO and Russia appear together in 40 of 1,000 posts, 3.1 times
    /// as often as if they were mentioned independently (12.9 expected; one-sided Fisher's exact test for co-occurrence above
    /// chance, p &lt; 0.001); Jaccard 0.25."
    /// </summary>
    public string Sentence(string nameA, string nameB, string units = "posts")
    {
        var test = Alternative switch
        {
            Alternative.Greater => "one-sided Fisher's exact test for co-occurrence above chance",
            Alternative.Less => "one-sided Fisher's exact test for co-occurrence below chance",
            _ => "two-sided Fisher's exact test",
        };
        var howOften = double.IsNaN(Lift) ? "although one of them is never mentioned"
            : Lift >= 1 ? $"{StatFormat.Fixed(Lift, 1)} times as often as if they were mentioned independently"
            : $"{StatFormat.Fixed(Lift, 2)} times as often as if they were mentioned independently, that is less often";
        var s = $"{nameA} and {nameB} appear together in {StatFormat.Count(Both)} of {StatFormat.Count(Units)} {units}, {howOften} " +
                $"({StatFormat.Fixed(ExpectedBoth, 1)} expected; {test}, {StatFormat.P(PValue)}); Jaccard {StatFormat.Fixed(Jaccard, 2)}.";
        return s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
    }
}

/// <summary>Co-mention statistics for a pair of actors over N units; see <see cref="CoMentionAssociation"/> for what each figure means.</summary>
public static class CoMentionStatistics
{
    /// <param name="both">Units mentioning both actors.</param>
    /// <param name="onlyA">Units mentioning A but not B.</param>
    /// <param name="onlyB">Units mentioning B but not A.</param>
    /// <param name="units">All units considered (including those mentioning neither).</param>
    /// <param name="alternative">Direction of the test; the default asks whether they co-occur more than chance.</param>
    public static CoMentionAssociation Of(string a, string b, int both, int onlyA, int onlyB, int units, Alternative alternative = Alternative.Greater)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(both);
        ArgumentOutOfRangeException.ThrowIfNegative(onlyA);
        ArgumentOutOfRangeException.ThrowIfNegative(onlyB);
        var neither = units - both - onlyA - onlyB;
        if (neither < 0) throw new ArgumentOutOfRangeException(nameof(units), $"{units} units cannot hold {both} + {onlyA} + {onlyB} mentioning the actors.");
        var withA = both + onlyA;
        var withB = both + onlyB;
        var union = both + onlyA + onlyB;
        var jaccard = union == 0 ? 0 : (double)both / union;
        var expected = units == 0 ? 0 : (double)withA * withB / units;
        var lift = withA == 0 || withB == 0 ? double.NaN : both * (double)units / ((double)withA * withB);
        var pmi = double.IsNaN(lift) ? double.NaN : Math.Log2(lift);
        var p = units == 0 ? 1 : Contingency.Fisher2x2(new[,] { { both, onlyA }, { onlyB, neither } }, alternative).PValue;
        return new CoMentionAssociation(a, b, units, both, onlyA, onlyB, neither, jaccard, expected, lift, pmi, p, alternative);
    }
}
