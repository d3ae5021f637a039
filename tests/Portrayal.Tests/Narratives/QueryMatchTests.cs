using Portrayal.Corpus;
using Portrayal.Narratives;
using Xunit;

namespace Portrayal.Tests.Narratives;

public class QueryMatchTests
{
    private static QueryMatch? Match(string query, string text, QueryDocument? doc = null) =>
        NarrativeQuery.Parse(query).Evaluate(doc ?? new QueryDocument(text));

    [Theory]
    [InlineData("ОДКБ NEAR/3 помощь", "Казахстан попросил помощи от ОДКБ.")]            // either order, declined
    [InlineData("ОДКБ NEAR/3 помощь", "ОДКБ оказала помощь Казахстану")]
    [InlineData("ОДКБ NEAR/3 помощь", "Помощью ОДКБ это не назовёшь")]
    [InlineData("ҰҚШҰ NEAR/2 көмек", "ҰҚШҰ-ның көмегі келді")]                         // Kazakh suffixes and к → г
    [InlineData("ҰҚШҰ NEAR/2 көмек", "көмекті ҰҚШҰ-дан сұрады")]
    [InlineData("Ресей NEAR/1 әскер", "Ресейдің әскері келді")]
    [InlineData("CSTO NEAR/3 help", "help from the CSTO's troops")]                      // English possessive
    [InlineData("ally", "Türkiye and its allies")]                                       // English plural
    [InlineData("Қарабақ", "ҰҚШҰ Qarabaqta bolmady")]                                     // Kazakh in the 2021 Latin alphabet
    [InlineData("неэффективн*", "Неэффективность ОДКБ очевидна")]
    [InlineData("көмек*", "ҰҚШҰ-ның көмегі")]                                            // a wildcard reads Kazakh bases too
    [InlineData("бесполезный", "эта бесполезная организация")]                          // adjectives decline
    [InlineData("Россия", "с Россией")]
    [InlineData("\"цветная революция\"", "очередной цветной революции")]                  // each phrase word inflects
    [InlineData("\"paper tig*\"", "a paper tiger for 30 years")]
    [InlineData("\"30 жыл*\"", "30 жылда не бітірді?")]
    [InlineData("Кремль", "Кремлём")]                                                    // ё folded
    public void Words_match_their_inflected_forms(string query, string text)
    {
        Assert.NotNull(Match(query, text));
    }

    [Theory]
    [InlineData("ОДКБ NEAR/3 помощь", "ОДКБ собрала совет, а через неделю пришла помощь")] // too far apart
    [InlineData("ОДКБ NEAR/1 помощь", "помощи от ОДКБ")]                                  // two words apart
    [InlineData("ОДКБ NEAR/3 ОДКБ", "ОДКБ заявила")]                                       // one word is not near itself
    [InlineData("Россия", "россыпь звёзд")]                                               // a shared stem is not a form
    [InlineData("АҚШ", "ақша жетпейді")]                                                  // capitals: an abbreviation
    [InlineData("US", "tell us the truth")]
    [InlineData("Ош", "это было ошибкой")]                                                // a plain word is no prefix
    [InlineData("\"цветная революция\"", "революция, но не цветная")]                    // a phrase keeps its order
    [InlineData("a NOT b", "a b")]
    [InlineData("бумаж* NOT тигр", "бумажный тигр")]
    public void Non_matches(string query, string text)
    {
        Assert.Null(Match(query, text));
    }

    [Fact]
    public void Evidence_lists_the_words_that_satisfied_the_query_in_text_order()
    {
        var m = Match("(бесполезн* OR тигр) AND Карабах NOT Крым", "Бесполезная, как в Карабахе, и бумажный тигр.");
        Assert.NotNull(m);
        Assert.Equal(["Бесполезная", "Карабахе", "тигр"], m.Evidence);

        var near = Match("ОДКБ NEAR/3 помощь OR Киргизия", "Казахстан попросил помощи от ОДКБ, а ОДКБ не ответила.");
        Assert.Equal(["помощи", "ОДКБ"], near!.Evidence);                                  // the pair within reach only

        var phrase = Match("\"paper tiger\"", "The CSTO is a paper tiger.");
        Assert.Equal(["paper tiger"], phrase!.Evidence);
    }

    private static readonly Mention Csto = new("csto", 0, 4, "ОДКБ", "ОДКБ", 0, 30);

    private static QueryDocument Analysed(string text, IReadOnlyList<Mention> mentions, Dictionary<string, string> stances) =>
        new(text, mentions, stances) { Lang = "ru", Platform = "telegram", Account = "1700000001", AccountName = "almaty_news", Kind = "post" };

    [Fact]
    public void Field_terms_read_the_analysis_and_the_post()
    {
        var text = "ОДКБ пришла на помощь, а Турция только позвонила.";
        var turkey = new Mention("turkey", 25, 31, "Турция", "Турция", 0, 49);
        var doc = Analysed(text, [Csto, turkey], new() { ["csto"] = "positive", ["turkey"] = "neutral" });

        Assert.NotNull(Match("actor:csto AND помощь", text, doc));
        Assert.Null(Match("actor:russia", text, doc));
        Assert.NotNull(Match("actor:csto NEAR/3 помощь", text, doc));                     // actor mentions have positions
        Assert.Null(Match("actor:turkey NEAR/1 помощь", text, doc));
        Assert.NotNull(Match("stance:positive", text, doc));                              // any mentioned actor
        Assert.NotNull(Match("stance:turkey=neutral", text, doc));
        Assert.Null(Match("stance:csto=negative", text, doc));
        Assert.Null(Match("stance:negative", text, doc));
        Assert.NotNull(Match("lang:ru platform:Telegram kind:post", text, doc));
        Assert.NotNull(Match("account:almaty_news AND account:1700000001 OR lang:kk", text, doc));
        Assert.Null(Match("lang:kk OR platform:youtube", text, doc));
        Assert.Equal(["ОДКБ", "помощь"], Match("actor:csto AND помощь", text, doc)!.Evidence);
    }

    [Fact]
    public void Without_an_analysis_actor_terms_match_nothing_but_words_still_match()
    {
        var doc = new QueryDocument("ОДКБ пришла на помощь");
        Assert.Null(Match("actor:csto", doc.Text, doc));
        Assert.NotNull(Match("ОДКБ AND помощь", doc.Text, doc));
        Assert.NotNull(Match("NOT actor:csto", doc.Text, doc));
    }
}
