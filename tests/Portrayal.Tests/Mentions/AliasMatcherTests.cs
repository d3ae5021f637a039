using Portrayal.Codebook;
using Portrayal.Mentions;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Mentions;

/// <summary>Rows in the language itself, so a linguist can add a case without touching code.</summary>
public class AliasMatcherTests
{
    private static readonly AliasMatcher Matcher = new(CodebookLoader.Load(Paths.SampleCodebook));

    [Theory]
    // Russian cases and multi-word names
    [InlineData("Миротворцы ОДКБ прибыли в Алматы.", "csto", "ОДКБ")]
    [InlineData("Решение приняли в России.", "russia", "России")]
    [InlineData("Казахстан остаётся союзником Россией не назовёшь.", "russia", "Россией")]
    [InlineData("Всё решили в Кремле, а не в Акорде.", "russia", "Кремле")]
    [InlineData("Кремлём управляется вся операция.", "russia", "Кремлём")]
    [InlineData("Российские десантники охраняют аэропорт.", "russia", "Российские")]
    [InlineData("Генсек Организации Договора о коллективной безопасности прилетел.", "csto", "Организации Договора о коллективной безопасности")]
    [InlineData("Заявление Соединённых Штатов было осторожным.", "usa", "Соединённых Штатов")]
    [InlineData("Позиция Соединенных Штатов Америки известна.", "usa", "Соединенных Штатов Америки")]
    [InlineData("Белого дома позиция не изменилась.", "usa", "Белого дома")]
    [InlineData("Представитель Евросоюза призвал к сдержанности.", "eu", "Евросоюза")]
    [InlineData("В Европейском союзе обеспокоены.", "eu", "Европейском союзе")]
    [InlineData("Из Пекина пришло короткое заявление.", "china", "Пекина")]
    [InlineData("Турции есть что предложить.", "turkey", "Турции")]
    // Kazakh case and possessive suffixes, with and without a hyphen
    [InlineData("Ресейдің әскері Алматыға келді.", "russia", "Ресейдің")]
    [InlineData("Біз Ресейден көмек сұраған жоқпыз.", "russia", "Ресейден")]
    [InlineData("ҰҚШҰ-ның бітімгерлері келді.", "csto", "ҰҚШҰ-ның")]
    [InlineData("ҰҚШҰ-ға жүгіну қажет болды ма?", "csto", "ҰҚШҰ-ға")]
    [InlineData("АҚШ-тың мәлімдемесі сабырлы болды.", "usa", "АҚШ-тың")]
    [InlineData("АҚШ-пен қарым-қатынас жақсы.", "usa", "АҚШ-пен")]
    [InlineData("Түркиямен достық нығая түсті.", "turkey", "Түркиямен")]
    [InlineData("Қытайдың үні шықпады.", "china", "Қытайдың")]
    [InlineData("Еуроодақтың өкілі сөз сөйледі.", "eu", "Еуроодақтың")]
    [InlineData("Еуроодағының ұстанымы белгілі.", "eu", "Еуроодағының")]
    [InlineData("Мәскеудің рұқсатынсыз ешнәрсе шешілмейді.", "russia", "Мәскеудің")]
    [InlineData("Ресейлік әскерилер әуежайда тұр.", "russia", "Ресейлік")]
    // English possessives and abbreviations with their capitals
    [InlineData("Russia's troops landed in Almaty.", "russia", "Russia's")]
    [InlineData("The CSTO's first real mission.", "csto", "CSTO's")]
    [InlineData("The US called for restraint.", "usa", "US")]
    [InlineData("Brussels urged calm.", "eu", "Brussels")]
    [InlineData("Turkey offered help through the Organization of Turkic States.", "turkey", "Turkey")]
    public void Finds_the_actor_in_an_inflected_form(string text, string actor, string surface)
    {
        var mention = Assert.Single(Matcher.Find(text), m => m.Actor == actor);
        Assert.Equal(surface, mention.Surface);
        Assert.Equal(surface, text[mention.Start..mention.End]);
    }

    [Theory]
    [InlineData("Курс евро вырос до 500 тенге.")]
    [InlineData("Европейские ценности здесь ни при чём.")]
    [InlineData("Встретимся у метро Китай-город.")]
    [InlineData("Закажу кофе американо и круассан.")]
    [InlineData("We roasted a turkey for the family.")]
    [InlineData("Russian salad is on every table at New Year.")]
    [InlineData("Let us know what you think.")]
    [InlineData("Банкоматта ақша жоқ, карталар істемейді.")]
    [InlineData("Есть ли свет в Алматы?")]
    [InlineData("Россыпь гильз на площади.")]
    [InlineData("Путин выступил на саммите.")] // a leader alone is a proxy, off by default
    public void Leaves_hard_negatives_alone(string text)
    {
        Assert.Empty(Matcher.Find(text));
    }

    [Fact]
    public void Proxies_count_only_when_switched_on()
    {
        var withProxies = new AliasMatcher(CodebookLoader.Load(Paths.SampleCodebook), useProxies: true);
        Assert.Equal("russia", Assert.Single(withProxies.Find("Путин выступил на саммите.")).Actor);
    }

    [Fact]
    public void Each_mention_keeps_its_sentence()
    {
        const string text = "Алматыда тыныш. Ресейдің әскері келді! Дүкендер ашылды.";
        var m = Assert.Single(Matcher.Find(text));
        Assert.Equal("Ресейдің әскері келді!", text[m.SentenceStart..m.SentenceEnd]);
    }

    [Fact]
    public void Several_actors_in_one_text_are_found_in_order()
    {
        var found = Matcher.Find("ОДКБ — это Россия, а США и ЕС только наблюдают.");
        Assert.Equal(["csto", "russia", "usa", "eu"], found.Select(m => m.Actor));
    }
}
