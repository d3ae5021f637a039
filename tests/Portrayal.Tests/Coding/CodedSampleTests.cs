using Portrayal.Coding;
using Portrayal.Corpus;
using Portrayal.Pipeline;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Coding;

/// <summary>The workspace's coded sample: agreed codes become the reference, disagreements are set aside, the classifier is checked.</summary>
public class CodedSampleTests
{
    private static ActorStanceRow Row(string post, string actor, string label) =>
        new(1, "telegram", "100", null, post, DateTimeOffset.UnixEpoch, "ru", actor, label, 0.9, "test", [], "", null, null, null);

    [Fact]
    public void Agreed_codes_are_the_reference_and_the_classifier_is_scored_against_them()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("coded.csv"), """
            platform,account,post_id,actor,coder,stance
            telegram,100,1,csto,a,negative
            telegram,100,1,csto,b,negative
            telegram,100,2,csto,a,positive
            telegram,100,2,csto,b,positive
            telegram,100,3,russia,a,neutral
            telegram,100,3,russia,b,Neutral
            telegram,100,4,russia,a,negative
            telegram,100,4,russia,b,neutral
            """);

        var sample = CodedSample.Load(tmp.File("coded.csv"))!;
        var validation = sample.Validate([Row("1", "csto", "negative"), Row("2", "csto", "neutral"), Row("3", "russia", "neutral"), Row("4", "russia", "negative")]);

        Assert.Equal(["a", "b"], sample.Coders);
        Assert.Equal(3, sample.Reference.Count);
        Assert.Equal(("telegram", "100", "4", "russia"), Assert.Single(sample.Disagreements));
        Assert.Equal(3, validation.Units);
        Assert.Equal(2 / 3.0, validation.Accuracy, 9);
        Assert.Equal(1, validation.Confusion[2, 1]); // coded positive, classified neutral
        Assert.Equal(0.5, validation.Precision(1), 9); // neutral: one right of two
        Assert.Equal(0.0, validation.Recall(2), 9);
    }

    [Fact]
    public void A_bad_stance_in_the_coded_sample_names_its_line()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("coded.csv"), "platform,account,post_id,actor,coder,stance\ntelegram,100,1,csto,a,negative\ntelegram,100,1,csto,b,hostile\n");

        var error = Assert.Throws<InputError>(() => CodedSample.Load(tmp.File("coded.csv")));

        Assert.Equal(("CS002", "line 3"), (error.Code, error.Position));
        Assert.Contains("'hostile'", error.Message);
    }

    [Fact]
    public void The_samples_two_coders_agree_on_172_of_198_units()
    {
        var sample = CodedSample.Load(Path.Combine(Paths.Sample, "coded.csv"))!;

        Assert.Equal(172, sample.Reference.Count);
        Assert.Equal(26, sample.Disagreements.Count);
    }
}
