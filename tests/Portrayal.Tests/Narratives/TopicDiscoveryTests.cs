using Portrayal.Narratives;
using Xunit;
using Xunit.Abstractions;

namespace Portrayal.Tests.Narratives;

public class TopicDiscoveryTests(ITestOutputHelper output)
{
    private static readonly string[] FuelOpenings =
    [
        "Цены на газ на заправках снова выросли,", "Литр бензина подорожал за одну ночь,", "Сжиженный газ для машин стоит вдвое дороже,",
        "Водители жалуются на цены на топливо,", "На автозаправке в Жанаозене нет дешёвого газа,",
    ];
    private static readonly string[] FuelEndings =
    [
        "тариф на автогаз подняли без предупреждения.", "стоимость топлива бьёт по водителям такси.", "очереди на заправках растут.",
        "бензин и газ дорожают каждый месяц.", "цена литра газа выросла до ста двадцати тенге.", "на заправке кончился дешёвый бензин.",
        "водители считают каждый литр топлива.", "газовое топливо больше не по карману.",
    ];
    private static readonly string[] FootballOpenings =
    [
        "Сборная по футболу выиграла матч,", "Нападающий забил гол в добавленное время,", "Болельщики заполнили стадион до отказа,",
        "Тренер команды остался доволен игрой,", "Вратарь отразил пенальти в конце матча,",
    ];
    private static readonly string[] FootballEndings =
    [
        "команда поднялась в таблице чемпионата.", "футболисты благодарили болельщиков на стадионе.", "второй гол забил молодой нападающий.",
        "тренер похвалил вратаря после матча.", "следующий матч чемпионата пройдёт на выезде.", "болельщики пели гимн команды весь матч.",
        "судья не засчитал гол из офсайда.", "футбольный сезон продолжается на новом стадионе.",
    ];

    /// <summary>40 short posts about fuel and gas prices, then 40 about football, in Russian, each a different sentence.</summary>
    public static IReadOnlyList<TopicDocument> TwoThemes()
    {
        var docs = new List<TopicDocument>();
        var start = new DateTimeOffset(2022, 1, 2, 9, 0, 0, TimeSpan.Zero);
        void Add(string text, string platform) =>
            docs.Add(new TopicDocument(docs.Count + 1, platform, "acc", null, (docs.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                start.AddHours(docs.Count * 7), "ru", text));
        foreach (var o in FuelOpenings)
        foreach (var e in FuelEndings)
            Add($"{o} {e}", "telegram");
        foreach (var o in FootballOpenings)
        foreach (var e in FootballEndings)
            Add($"{o} {e}", docs.Count % 2 == 0 ? "youtube" : "instagram");
        return docs;
    }

    private static DateOnly Day(DateTimeOffset t) => DateOnly.FromDateTime(t.UtcDateTime);

    private static readonly HashSet<string> FuelWords = ["газ", "бензин", "цен", "топлив", "заправк", "литр", "водител", "автогаз", "тариф", "стоимост", "дорожа", "подорожа", "газов", "дешев", "очеред"];
    private static readonly HashSet<string> FootballWords = ["футбол", "матч", "гол", "команд", "напада", "вратар", "стадион", "болельщик", "тренер", "чемпионат", "сборн", "футболист", "игр", "пенальт", "судья", "сезон", "футбольн"];

    [Fact]
    public void Two_clearly_different_themes_come_out_as_two_topics_and_each_post_under_its_own()
    {
        var docs = TwoThemes();
        var r = TopicDiscovery.Run(docs, new TopicOptions { Topics = 2, Seed = 7 }, Day);

        foreach (var t in r.Topics)
            output.WriteLine($"topic {t.Number}: {string.Join(", ", t.Terms.Select(x => x.Term))} | {t.SuggestedQuery} | NPMI {t.Coherence:0.00}");
        Assert.Equal(2, r.K);
        Assert.Equal(80, r.Documents);
        var fuel = r.Topics.Single(t => t.Terms.Take(5).Count(x => FuelWords.Contains(x.Term)) >= 4);
        var football = r.Topics.Single(t => t.Terms.Take(5).Count(x => FootballWords.Contains(x.Term)) >= 4);
        Assert.NotEqual(fuel.Number, football.Number);
        Assert.DoesNotContain(fuel.Terms, x => FootballWords.Contains(x.Term));
        Assert.DoesNotContain(football.Terms, x => FuelWords.Contains(x.Term));
        for (var i = 0; i < 80; i++)
            Assert.Equal(i < 40 ? fuel.Number : football.Number, r.MainTopic[i] + 1);
        Assert.Equal(40, fuel.Share.Count);
        Assert.Equal([("telegram", 0)], football.ByPlatform.Where(p => p.Slice == "telegram").Select(p => (p.Slice, p.Share.Count)));
        Assert.All(fuel.Representative, p => Assert.True(p.PostId <= 40));
    }

    [Fact]
    public void The_suggested_query_parses_and_finds_its_topics_posts()
    {
        var docs = TwoThemes();
        var r = TopicDiscovery.Run(docs, new TopicOptions { Topics = 2, Seed = 7 }, Day);

        foreach (var t in r.Topics)
        {
            var query = NarrativeQuery.Parse(t.SuggestedQuery);
            var own = Enumerable.Range(0, 80).Where(i => r.MainTopic[i] + 1 == t.Number).ToList();
            var found = own.Count(i => query.IsMatch(new QueryDocument(docs[i].Text)));
            var foreign = Enumerable.Range(0, 80).Except(own).Count(i => query.IsMatch(new QueryDocument(docs[i].Text)));
            output.WriteLine($"{t.SuggestedQuery}: {found} of {own.Count} own posts, {foreign} others");
            Assert.True(found >= own.Count * 0.9, $"{t.SuggestedQuery} finds {found} of {own.Count}");
            Assert.Equal(0, foreign);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_topics()
    {
        var docs = TwoThemes();
        var options = new TopicOptions { MinTopics = 2, MaxTopics = 4, Seed = 11 };

        var a = TopicDiscovery.Run(docs, options, Day);
        var b = TopicDiscovery.Run(docs, options, Day);

        Assert.Equal(a.K, b.K);
        Assert.Equal(a.Candidates, b.Candidates);
        Assert.Equal(a.MainTopic, b.MainTopic);
        Assert.Equal(a.Topics.Select(t => string.Join(' ', t.Terms.Select(x => $"{x.Term}:{x.Weight:R}"))),
            b.Topics.Select(t => string.Join(' ', t.Terms.Select(x => $"{x.Term}:{x.Weight:R}"))));
        Assert.Equal(a.Weights.SelectMany(w => w), b.Weights.SelectMany(w => w));
    }

    [Fact]
    public void Without_a_number_of_topics_k_is_chosen_by_coherence_within_the_range()
    {
        var r = TopicDiscovery.Run(TwoThemes(), new TopicOptions { MinTopics = 2, MaxTopics = 5, Seed = 3 }, Day);

        Assert.Equal([2, 3, 4, 5], r.Candidates.Select(c => c.K));
        Assert.Equal(r.Candidates.MaxBy(c => c.Coherence)!.K, r.K);
        Assert.Equal(r.K, r.Topics.Count);
        Assert.Contains("NPMI", r.Method);
    }

    [Fact]
    public void Normalisation_stems_Russian_bases_Kazakh_and_drops_stop_words_numbers_and_links()
    {
        var ml = new Microsoft.ML.MLContext(1);
        var text = TopicText.Build([
            ("Цены на газ и бензин: https://t.me/x @news 2022 это всё", "ru"),
            ("Ресейдің әскері және Ресей туралы: әскер, бақылау", "kk"),
            ("The CSTO's troops and protesters", "en"),
        ], ml);

        Assert.Equal(["цен", "газ", "бензин"], text.Documents[0].Terms);              // на, и, это, всё: stop words; 2022, the link, the handle: gone
        // және, туралы: Kazakh stop words; a base is taken only when the corpus has it as a word (ресей, әскер; not бақыла)
        Assert.Equal(["ресей", "әскер", "ресей", "әскер", "бақылау"], text.Documents[1].Terms);
        Assert.Equal(["csto", "troop", "protester"], text.Documents[2].Terms);       // the, and: English stop words
        Assert.Equal("цены", text.Display("цен"));
    }

    [Theory]
    [InlineData("цены", "цен")]
    [InlineData("ценах", "цен")]
    [InlineData("бензина", "бензин")]
    [InlineData("футболисты", "футболист")]
    [InlineData("подорожал", "подорожа")]
    [InlineData("организация", "организац")]
    [InlineData("бесполезность", "бесполезн")]
    [InlineData("газ", "газ")]
    public void The_Russian_stemmer_reduces_forms_to_one_stem(string word, string stem)
    {
        Assert.Equal(stem, RussianStemmer.Stem(word));
    }
}
