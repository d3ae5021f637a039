using Portrayal.Codebook;
using Portrayal.Mentions;
using Portrayal.Pipeline;
using Portrayal.Stance;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Stance;

public class LexiconStanceTests
{
    private static readonly AliasMatcher Matcher = new(CodebookLoader.Load(Paths.SampleCodebook));
    private static readonly LexiconStance Classifier = new();

    private static Dictionary<string, Corpus.StanceResult> Classify(string text, string lang) =>
        Analysis.Classify(Classifier, text, lang, Matcher.Find(text)).ToDictionary(x => x.Actor, x => x.Stance);

    [Theory]
    [InlineData("ОДКБ нам очень помогла, спасибо союзникам.", "ru", "positive")]
    [InlineData("ОДКБ нам ничем не помогла.", "ru", "negative")]
    [InlineData("ОДКБ прибыла в Алматы во второй половине дня.", "ru", "neutral")]
    [InlineData("ҰҚШҰ бізге көп көмектесті, рақмет.", "kk", "positive")]
    [InlineData("ҰҚШҰ бізге көмектескен жоқ.", "kk", "negative")]
    [InlineData("ҰҚШҰ бізге көмектеспеді.", "kk", "negative")]
    [InlineData("The CSTO was extremely helpful.", "en", "positive")]
    [InlineData("The CSTO was not helpful at all.", "en", "negative")]
    [InlineData("The CSTO is a useless paper tiger.", "en", "negative")]
    public void Stance_toward_the_CSTO(string text, string lang, string expected)
    {
        Assert.Equal(expected, Classify(text, lang)["csto"].Label);
    }

    [Fact]
    public void A_post_negative_about_one_actor_and_positive_about_another_gets_both_right()
    {
        var result = Classify("ОДКБ — бесполезная организация, зато Турция показала себя надёжным союзником.", "ru");
        Assert.Equal("negative", result["csto"].Label);
        Assert.Equal("positive", result["turkey"].Label);
    }

    [Fact]
    public void Evidence_names_the_deciding_words_and_the_negation()
    {
        var stance = Classify("ОДКБ нам ничем не помогла.", "ru")["csto"];
        Assert.Contains(stance.Evidence, e => e.StartsWith("помогла (negated", StringComparison.Ordinal));
        Assert.Equal("stance.lexicon.v1", stance.Method);
    }
}
