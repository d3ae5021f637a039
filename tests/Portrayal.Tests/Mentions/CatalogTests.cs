using Portrayal.Codebook;
using Portrayal.Corpus;
using Portrayal.Evaluation;
using Portrayal.Mentions;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Mentions;

/// <summary>The built-in catalog, codebooks that extend it, and the matcher measured on the hand-marked gold set.</summary>
public class CatalogTests
{
    private static readonly AliasMatcher Catalog = new(ActorCatalog.Default.AsCodebook());

    private static string[] Found(string text) => Catalog.Find(text).Select(m => $"{m.Actor}:{m.Surface}").ToArray();

    [Theory]
    [InlineData("ru")]
    [InlineData("kk")]
    [InlineData("en")]
    public void On_the_gold_set_precision_and_recall_are_at_least_95_percent(string lang)
    {
        var gold = MentionEvaluation.ReadGold(Path.Combine(AppContext.BaseDirectory, "Gold", "mentions", $"gold-{lang}.jsonl"));
        Assert.True(gold.Count >= 100, $"the {lang} gold set has {gold.Count} sentences");

        var score = MentionEvaluation.Evaluate(Catalog, gold).Overall;

        Assert.True(score.Precision >= 0.95, $"{lang} precision {score.Precision:0.000}");
        Assert.True(score.Recall >= 0.95, $"{lang} recall {score.Recall:0.000}");
    }

    [Fact]
    public void The_catalog_holds_every_ISO_country_with_names_in_three_languages_and_the_organisations()
    {
        var catalog = ActorCatalog.Default;

        Assert.Equal(249, catalog.Actors.Count(a => a.Iso.Count > 0));
        Assert.Same(catalog.Find("kazakhstan"), catalog.Find("KZ"));
        Assert.Same(catalog.Find("kazakhstan"), catalog.Find("kaz"));
        var mongolia = catalog.Find("MN")!;
        Assert.Contains(mongolia.Aliases, a => a is { Lang: "kk", Text: "Моңғолия" });
        Assert.Contains(mongolia.Aliases, a => a is { Lang: "ru", Text: "Монголия" });
        foreach (var id in new[] { "un", "nato", "eu", "csto", "sco", "eaeu", "cis", "osce", "ots", "imf", "who" })
            Assert.NotNull(catalog.Find(id));
    }

    [Theory]
    [InlineData("Гуманитарный груз прибыл в Бишкек.", "kyrgyzstan:Бишкек")]          // груз shares a stem with Грузия, not a form
    [InlineData("Кроме того, цены на газ выросли.", "")]                              // того is not Togo
    [InlineData("Делегация Того прибыла в Астану.", "togo:Того|kazakhstan:Астану")]
    [InlineData("Санкции против Кубы продлили.", "cuba:Кубы")]                         // a case-sensitive name still declines
    [InlineData("Нұр-Сұлтанда ресми мәлімдеме жасалды.", "kazakhstan:Нұр-Сұлтанда")] // suffix after a hyphenated name
    [InlineData("Reseidiñ äskerlerı ketti, AQŞ-tyñ ükımetı ündemedı.", "russia:Reseidiñ|usa:AQŞ-tyñ")]
    [InlineData("Qazaqstan Türkiamen yntymaqtastyqty küşeitedı.", "kazakhstan:Qazaqstan|turkey:Türkiamen")]
    [InlineData("TURKEY OFFERS KAZAKHSTAN ANY HELP NEEDED", "turkey:TURKEY|kazakhstan:KAZAKHSTAN")]
    [InlineData("TELL US WHO GAVE THE ORDER TO SHOOT", "")]
    [InlineData("We had roast turkey and Russian salad.", "")]
    [InlineData("British Indian Ocean Territory", "british-indian-ocean-territory:British Indian Ocean Territory")]
    public void Catalog_matching_handles_inflection_guards_and_scripts(string text, string expected)
    {
        Assert.Equal(expected, string.Join('|', Found(text)));
    }

    [Fact]
    public void A_codebook_extending_the_catalog_takes_its_names_and_adds_its_own()
    {
        var codebook = CodebookLoader.Parse("""
            extends: catalog
            actors:
              - id: csto
              - id: russia
                proxies: {ru: [Путин]}
                exclude: [Москва-река]
              - id: turkiye
                catalog: TR
                name: Türkiye
              - id: kazakh-government
                names: {ru: [Правительство Казахстана], kk: [Қазақстан үкіметі]}
            """, "codebook.yaml");
        var matcher = new AliasMatcher(codebook, useProxies: true);

        Assert.Equal(["csto", "russia", "turkiye", "kazakh-government"], codebook.Actors.Select(a => a.Id));
        Assert.Equal("Türkiye", codebook.Find("turkiye")!.Name);
        var found = matcher.Find("Путин и ҰҚШҰ-ның бітімгерлері; Түркиямен келісім; Москва-река замёрзла.").Select(m => $"{m.Actor}:{m.Surface}");
        Assert.Equal(["russia:Путин", "csto:ҰҚШҰ-ның", "turkiye:Түркиямен"], found);
    }

    [Fact]
    public void A_codebook_that_extends_the_catalog_without_actors_uses_all_of_them_and_its_hash_covers_the_catalog()
    {
        var codebook = CodebookLoader.Parse("extends: catalog\n", "codebook.yaml", "abc");

        Assert.Equal(ActorCatalog.Default.Actors.Count, codebook.Actors.Count);
        Assert.NotEqual("abc", codebook.Hash);
    }

    [Theory]
    [InlineData("extends: atlas\nactors: []\n", "CB009", "line 1")]
    [InlineData("extends: catalog\nactors:\n  - id: x\n    catalog: ZZ\n", "CB009", "line 4")]
    [InlineData("extends: catalog\nactors:\n  - id: narnia\n", "CB006", "line 3")]
    public void Catalog_mistakes_in_a_codebook_name_the_line(string yaml, string code, string line)
    {
        var error = Assert.Throws<InputError>(() => CodebookLoader.Parse(yaml, "codebook.yaml"));
        Assert.Equal((code, line), (error.Code, error.Position));
    }
}

/// <summary>A study on the whole catalog: the sample's posts with a codebook that is only `extends: catalog`.</summary>
public class WholeCatalogStudyTests
{
    [Fact]
    public void The_whole_catalog_finds_the_sample_actors_as_the_sample_codebook_does_and_leads_with_the_most_discussed()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("codebook.yaml"), "title: Whole catalog\nperiod: {from: 2022-01-02, to: 2022-01-21}\ntimezone: \"+06:00\"\nextends: catalog\n");
        Paths.CopyTree(Path.Combine(Paths.Sample, "data"), tmp.File("data"));

        var outcome = new Portrayal.Pipeline.StudyRunner(new FixedClock(DateTimeOffset.UnixEpoch)).Run(Portrayal.Pipeline.Workspace.Open(tmp.Path));

        var units = outcome.Results.Actors.ToDictionary(a => a.Actor, a => a.Overall.Units);
        // the sample's own codebook finds the same numbers for its six actors (its README and key)
        Assert.Equal((67, 60, 22, 16, 15, 18), (units["csto"], units["russia"], units["usa"], units["eu"], units["china"], units["turkey"]));
        Assert.Equal("kazakhstan", outcome.Results.Actors[0].Actor); // most discussed first, not Afghanistan by id
        Assert.StartsWith("Of the 100 posts that mentioned Kazakhstan,", Portrayal.Reports.Findings.Sentences(outcome.Results)[0]);
    }
}
