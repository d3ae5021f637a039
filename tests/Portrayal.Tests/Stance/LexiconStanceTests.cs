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
        Assert.Equal("stance.lexicon.v2", stance.Method);
    }

    [Theory]
    [InlineData("Ресей бізге ешқандай көмек берген жоқ.", "Resei bızge eşqandai kömek bergen joq.", "russia", "negative")]
    [InlineData("ҰҚШҰ бітімгерлері тәртіпті қалпына келтіруге көмектесті, рахмет оларға.",
        "ŪQŞŪ bıtımgerlerı tärtıptı qalpyna keltıruge kömektestı, rahmet olarğa.", "csto", "positive")]
    public void Kazakh_in_the_Latin_alphabet_gets_the_same_cues_as_in_Cyrillic(string cyrillic, string latin, string actor, string expected)
    {
        var c = Classify(cyrillic, "kk")[actor];
        var l = Classify(latin, "kk")[actor];
        Assert.Equal(expected, c.Label);
        Assert.Equal(expected, l.Label);
        Assert.Equal(c.Confidence, l.Confidence);
        Assert.Contains(l.Evidence, e => e.StartsWith("kömek", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Россия и Китай провалили переговоры.", "ru")]
    [InlineData("Russia and China failed the talks.", "en")]
    public void An_actor_named_beside_the_target_does_not_draw_its_cue_away(string text, string lang)
    {
        var result = Classify(text, lang);
        Assert.Equal("negative", result["russia"].Label);
        Assert.Equal("negative", result["china"].Label);
        // the cue is nearer to China, but what is said of "Russia and China" is said of both: no share is lost to China
        Assert.True(result["russia"].Confidence > 0.8, $"confidence {result["russia"].Confidence}");
    }

    [Fact]
    public void A_stem_of_another_language_does_not_fire_inside_a_word()
    {
        // the Kazakh cue дос (friend) lies inside the Russian доступ (access)
        var stance = Classify("ОДКБ открыла доступ к складам.", "ru")["csto"];
        Assert.Equal("neutral", stance.Label);
        Assert.Empty(stance.Evidence);
    }

    [Theory]
    [InlineData("Китай обвинил США во лжи.", "ru")]
    [InlineData("China accused the USA of lying about the talks.", "en")]
    [InlineData("China sharply criticized the USA.", "en")]
    public void Blame_falls_on_its_object_not_on_who_voices_it(string text, string lang)
    {
        var result = Classify(text, lang);
        Assert.Equal("negative", result["usa"].Label);
        Assert.Equal("neutral", result["china"].Label);
    }

    [Theory]
    [InlineData("ОДКБ была раскритикована за бездействие.", "ru")]
    [InlineData("ОДКБ подверглась критике.", "ru")]
    [InlineData("The CSTO was criticized by everyone.", "en")]
    public void A_passive_blame_falls_on_its_subject(string text, string lang)
    {
        Assert.Equal("negative", Classify(text, lang)["csto"].Label);
    }

    [Fact]
    public void Praise_is_positive_toward_its_object()
    {
        Assert.Equal("positive", Classify("Турция похвалила ОДКБ за оперативность.", "ru")["csto"].Label);
        Assert.Equal("positive", Classify("China praised the CSTO.", "en")["csto"].Label);
    }

    [Theory]
    [InlineData("Погибли граждане Турции.", "ru", "turkey")]
    [InlineData("Среди пострадавших — граждане Китая.", "ru", "china")]
    [InlineData("American citizens were among the victims.", "en", "usa")]
    public void Harm_suffered_says_nothing_ill_of_the_victims(string text, string lang, string actor)
    {
        Assert.Equal("neutral", Classify(text, lang)[actor].Label);
    }

    [Theory]
    [InlineData("The USA bombed China.", "en")]
    [InlineData("США бомбили Китай.", "ru")]
    public void Violence_portrays_its_doer_not_its_victim(string text, string lang)
    {
        var result = Classify(text, lang);
        Assert.Equal("negative", result["usa"].Label);
        Assert.Equal("neutral", result["china"].Label);
    }

    [Fact]
    public void A_passive_form_makes_the_subject_the_victim_of_violence()
    {
        Assert.Equal("neutral", Classify("Chinese diplomats were attacked and beaten.", "en")["china"].Label);
    }

    [Theory]
    [InlineData("ҰҚШҰ бейбітшілік пен татулықты сақтады.", "positive")]
    [InlineData("ҰҚШҰ-ның жетістігі зор, жарайсың!", "positive")]
    [InlineData("ҰҚШҰ сәтсіз әрі дәрменсіз болды.", "negative")]
    [InlineData("ҰҚШҰ өтірік айтты, бұл масқара.", "negative")]
    [InlineData("ҰҚШҰ қазақ жеріне келді.", "neutral")] // қаза (death) is no cue inside қазақ
    [InlineData("ҰҚШҰ жалақы туралы ештеңе айтпады.", "neutral")] // nor жала (slander) inside жалақы (salary)
    public void Kazakh_cues(string text, string expected)
    {
        Assert.Equal(expected, Classify(text, "kk")["csto"].Label);
    }

    [Fact]
    public void Kazakh_harm_suffered_says_nothing_ill_of_the_victims()
    {
        Assert.Equal("neutral", Classify("Қытай азаматтары қаза тапты.", "kk")["china"].Label);
    }

    [Fact]
    public void A_cue_in_another_clause_counts_half()
    {
        var joined = Classify("ОДКБ прибыла когда погода была ужасной.", "ru")["csto"].Score;
        var apart = Classify("ОДКБ прибыла, когда погода была ужасной.", "ru")["csto"].Score;
        Assert.True(joined < 0);
        Assert.Equal(joined / 2, apart, 2);
    }

    // Social-media rules (LexiconStance.Social.cs); the sentences are written for the tests, not taken from any data.

    [Theory]
    [InlineData("Армения обратилась к ОДКБ за помощью.", "ru")]
    [InlineData("Бишкек просил ОДКБ о помощи, ответа пока нет.", "ru")]
    [InlineData("Армения ҰҚШҰ-дан көмек сұрады.", "kk")]
    [InlineData("Armenia asked the CSTO for help on Monday.", "en")]
    public void Help_asked_for_is_no_praise_of_the_one_asked(string text, string lang)
    {
        Assert.Equal("neutral", Classify(text, lang)["csto"].Label);
    }

    [Theory]
    [InlineData("Спасибо ОДКБ за «братскую» поддержку.", "ru")]
    [InlineData("ОДКБ оказала нам «помощь».", "ru")]
    [InlineData("The CSTO \"peacekeepers\" went home.", "en")]
    public void A_positive_cue_in_scare_quotes_is_irony(string text, string lang)
    {
        Assert.Equal("negative", Classify(text, lang)["csto"].Label);
    }

    [Fact]
    public void A_negative_cue_in_scare_quotes_counts_little_and_a_word_quoted_after_naming_counts_as_said()
    {
        var mocked = Classify("ОДКБ и «оккупация».", "ru")["csto"];
        Assert.Contains(mocked.Evidence, e => e.Contains("scare quotes", StringComparison.Ordinal));
        var named = Classify("Китай назвал действия США «провокацией».", "ru")["usa"];
        Assert.DoesNotContain(named.Evidence, e => e.Contains("scare quotes", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Евросоюз выразил обеспокоенность. Очень помогло 👏", "ru", "eu")]
    [InlineData("Ну да, ОДКБ нас очень защитила.", "ru", "csto")]
    [InlineData("The CSTO was a great help. Ten out of ten, would invite again.", "en", "csto")]
    public void Praise_with_a_sarcasm_marker_is_blame(string text, string lang, string actor)
    {
        Assert.Equal("negative", Classify(text, lang)[actor].Label);
    }

    [Theory]
    [InlineData("А где была ОДКБ, когда горел Ош?", "ru")]
    [InlineData("Where was the CSTO in 2010?", "en")]
    [InlineData("ҰҚШҰ 2010 жылы қайда болды?", "kk")]
    [InlineData("Где была эта организация в 2010 году? Сегодня ОДКБ снова проводит учения.", "ru")]
    public void A_rhetorical_where_was_question_is_blame(string text, string lang)
    {
        Assert.Equal("negative", Classify(text, lang)["csto"].Label);
    }

    [Fact]
    public void Mocking_the_critics_of_an_actor_favours_the_actor()
    {
        var stance = Classify("Для тех, кто кричал про оккупацию: ОДКБ пришли, помогли, ушли.", "ru")["csto"];
        Assert.Equal("positive", stance.Label);
    }

    [Fact]
    public void A_later_sentence_naming_no_actor_is_about_the_last_one_named()
    {
        var result = Classify("Турция выступила на саммите. Потом в Алматы прилетела ОДКБ. Прошла неделя. Спасибо, очень помогли.", "ru");
        Assert.Equal("positive", result["csto"].Label);
    }
}
