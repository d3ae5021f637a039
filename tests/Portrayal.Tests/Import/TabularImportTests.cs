using System.Text;
using Portrayal.Corpus;
using Portrayal.Import;
using Portrayal.Storage;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Import;

/// <summary>4CAT exports, and the encoding detection and value parsing shared by the tabular importers.</summary>
public class TabularImportTests
{
    private const string R1 = "Совет коллективной безопасности ОДКБ принял решение направить в Казахстан миротворческие силы на ограниченный срок.";
    private const string R2 = "Российские десантники прибыли в Алматы.\nМиротворцы ОДКБ будут охранять аэропорт и стратегические объекты, сообщает \"Интерфакс\".";
    private const string K1 = "Алматыда төтенше жағдай режимі енгізілді, қалада коменданттық сағат күшінде.";

    private static (SqliteStore Store, ImportSummary Summary) ImportInto(TempDir tmp, ImportOptions options, params string[] paths)
    {
        var store = new SqliteStore(tmp.File("store.db"));
        return (store, new ImportRunner(store).Import(paths, options));
    }

    private static Dictionary<string, Post> Posts(SqliteStore store) =>
        store.ReadPosts().Select(p => p.Post).ToDictionary(p => p.NativeId);

    private static DateTimeOffset Utc(int month, int day, int hour, int minute, int second = 0) =>
        new(2022, month, day, hour, minute, second, TimeSpan.Zero);

    // ---- 4CAT ----

    [Fact]
    public void FourCat_telegram_csv_gives_channel_posts_with_utc_times_reactions_replies_and_forwards()
    {
        using var tmp = new TempDir();
        var (store, summary) = ImportInto(tmp, new ImportOptions(), Paths.Fixture("4cat", "telegram-almaty_today_test.csv"));
        using var _ = store;

        Assert.Equal("import.4cat.v1", summary.Files.Single().Importer);
        Assert.Equal(4, summary.Added);
        Assert.Equal(1, summary.Skipped); // the photo without a caption
        var posts = Posts(store);
        var first = posts["1201"]; // 4CAT's id "almaty_today_test-1201" is the channel and the message number
        Assert.Equal("telegram", first.Platform);
        Assert.Equal("almaty_today_test", first.Account);
        Assert.Equal("Токаев обратился к ОДКБ за помощью: по его словам, в Казахстан проникли «террористические банды», прошедшие подготовку за рубежом.", first.Text);
        Assert.Equal(Utc(1, 5, 21, 45, 12), first.PublishedAt);
        Assert.Equal(TimeSpan.Zero, first.PublishedAt.Offset);
        Assert.Equal(48213, first.Views);
        Assert.Equal(5, first.Likes); // "👍👍👍❤️❤️": five reactions, the hearts with their variation selector
        Assert.Equal("https://t.me/almaty_today_test/1201", first.Url);
        var kazakh = posts["1202"];
        Assert.Equal("ҰҚШҰ бітімгерлері Алматыға келе бастады.\nРесей десантшылары әуежай мен стратегиялық нысандарды күзетеді.", kazakh.Text);
        Assert.Equal(Utc(1, 6, 9, 2, 41), kazakh.EditedAt);
        Assert.Null(kazakh.Likes); // no reactions column value: unknown
        var forwarded = posts["1203"];
        Assert.Equal("1201", forwarded.ParentId);
        Assert.Equal("Kazinform Test", forwarded.ForwardedFrom);
        Assert.Equal(["https://example.org/csto-withdrawal"], posts["1205"].Links);
    }

    [Fact]
    public void FourCat_telegram_ndjson_maps_raw_telethon_messages_like_4cat_does()
    {
        using var tmp = new TempDir();
        var (store, summary) = ImportInto(tmp, new ImportOptions(), Paths.Fixture("4cat", "telegram-almaty_today_test.ndjson"));
        using var _ = store;

        Assert.Equal(4, summary.Added);
        Assert.Equal(("media without a caption", 1), summary.SkipReasons.Single());
        var posts = Posts(store);
        var kazakh = posts["1202"];
        Assert.Equal("telegram", kazakh.Platform);
        Assert.Equal("almaty_today_test", kazakh.Account);
        Assert.Equal("Алматы сегодня", kazakh.AccountName); // from \u-escaped JSON, as Python's json.dumps writes it
        Assert.Equal("ҰҚШҰ бітімгерлері Алматыға келе бастады.\nРесей десантшылары әуежай мен стратегиялық нысандарды күзетеді.", kazakh.Text);
        Assert.Equal(Utc(1, 6, 8, 30), kazakh.PublishedAt);
        Assert.Equal(Utc(1, 6, 9, 2, 41), kazakh.EditedAt);
        Assert.Equal(518, kazakh.Forwards);
        Assert.Equal(37, kazakh.Comments);
        Assert.Equal(5, posts["1201"].Likes); // 3 👍 + 2 ❤️
        Assert.Equal("1201", posts["1203"].ParentId);
        Assert.Equal("Kazinform Test", posts["1203"].ForwardedFrom);
        Assert.Equal(["https://example.org/csto-withdrawal"], posts["1205"].Links);
    }

    [Fact]
    public void FourCat_csv_and_ndjson_of_one_dataset_are_the_same_posts()
    {
        using var tmp = new TempDir();
        var (store, summary) = ImportInto(tmp, new ImportOptions(),
            Paths.Fixture("4cat", "telegram-almaty_today_test.ndjson"), Paths.Fixture("4cat", "telegram-almaty_today_test.csv"));
        using var _ = store;

        Assert.Equal(4, summary.Added); // the second file only updates or confirms them
        Assert.Equal(4, store.ReadPosts().Count(p => p.Post.Platform == "telegram"));
    }

    [Fact]
    public void FourCat_tiktok_csv_uses_the_author_as_account_and_its_counts()
    {
        using var tmp = new TempDir();
        var (store, summary) = ImportInto(tmp, new ImportOptions(), Paths.Fixture("4cat", "tiktok-jan2022.csv"));
        using var _ = store;

        Assert.Equal(2, summary.Added);
        var video = Posts(store)["7050123456789012345"];
        Assert.Equal("tiktok", video.Platform);
        Assert.Equal("qazaq_voice_test", video.Account);
        Assert.Equal("Алматы, 6 қаңтар: көшелерде әскери техника, ҰҚШҰ бітімгерлері келді #қаңтар #алматы", video.Text);
        Assert.Equal(Utc(1, 6, 12, 1, 40), video.PublishedAt);
        Assert.Equal((40210L, 2311L, 187L, 95L), (video.Views!.Value, video.Likes!.Value, video.Comments!.Value, video.Forwards!.Value));
        Assert.Equal("https://tiktok.com/@qazaq_voice_test/video/7050123456789012345", video.Url);
    }

    [Fact]
    public void FourCat_csv_of_an_unknown_datasource_takes_the_platform_option()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("dataset.csv"),
            "id,thread_id,timestamp,subject,body,author,url\n" +
            "t3_rx1,t3_rx1,2022-01-06 10:00:00,ОДКБ в Казахстане,Первые подразделения миротворцев уже в Алматы.,kz_observer,https://example.org/t3_rx1\n",
            new UTF8Encoding(false));
        var (store, _) = ImportInto(tmp, new ImportOptions { Platform = "reddit" }, tmp.File("dataset.csv"));
        using var s = store;

        var post = Posts(store)["t3_rx1"];
        Assert.Equal("reddit", post.Platform);
        Assert.Equal("kz_observer", post.Account);
        Assert.Equal("ОДКБ в Казахстане\n\nПервые подразделения миротворцев уже в Алматы.", post.Text);
    }

    // ---- values and encodings ----

    [Theory]
    [InlineData("2022-01-05T21:45:12Z", "2022-01-05T21:45:12+00:00")]
    [InlineData("2022-01-06T03:45:12+06:00", "2022-01-05T21:45:12+00:00")]
    [InlineData("2022-01-06T03:45:12.250+0600", "2022-01-05T21:45:12.25+00:00")]
    [InlineData("2022-01-06 03:45:12", "2022-01-05T21:45:12+00:00")] // naive: at the +06:00 given
    [InlineData("06.01.2022 03:45", "2022-01-05T21:45:00+00:00")]
    [InlineData("6.1.2022 03:45:12", "2022-01-05T21:45:12+00:00")]
    [InlineData("1641419112", "2022-01-05T21:45:12+00:00")]
    [InlineData("1641419112.0", "2022-01-05T21:45:12+00:00")]
    [InlineData("1641419112250", "2022-01-05T21:45:12.25+00:00")]
    public void Times_in_the_spellings_exports_use(string text, string utc)
    {
        Assert.True(TableValues.TryParseTime(text, TimeSpan.FromHours(6), out var time));
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), time);
    }

    [Theory]
    [InlineData("32.01.2022 10:00")]
    [InlineData("2022-13-01 10:00:00")]
    [InlineData("2022")]
    [InlineData("yesterday")]
    [InlineData("05/01/2022 10:00")]
    public void Not_times(string text) => Assert.False(TableValues.TryParseTime(text, TimeSpan.Zero, out _));

    public static TheoryData<string, int> CyrillicSamples()
    {
        string[] texts =
        [
            "Токаев", "ОДКБ", "Кремль молчит", "ОДКБ ВВОДИТ ВОЙСКА В КАЗАХСТАН",
            "id,author,text\n1,@tengrinews,Токаев\n2,@kursiv,ОДКБ\n",
            "Breaking: CSTO troops land in Almaty, says Токаев",
            "Қаңтар оқиғалары: ҰҚШҰ әскерлері елден кетті",
            "Президент Тоқаев ҰҚШҰ бітімгерлерін шақырды",
        ];
        var data = new TheoryData<string, int>();
        foreach (var codePage in new[] { 1251, 20866, 866 })
            foreach (var text in texts)
                data.Add(text, codePage);
        return data;
    }

    /// <summary>The 24 short samples UTF.Unknown 2.8.0 got 15 of and Ude.NetStandard 1.2.0 17 of (Kazakh letters the code page lacks become '?').</summary>
    [Theory]
    [MemberData(nameof(CyrillicSamples))]
    public void Short_single_byte_cyrillic_is_detected(string text, int codePage)
    {
        TextDecoding.EnsureCodePages();
        var detected = TextDecoding.Detect(Encoding.GetEncoding(codePage).GetBytes(text));
        Assert.Equal(codePage, detected.Encoding.CodePage);
    }

    [Fact]
    public void Utf8_utf16_and_latin_are_told_apart()
    {
        TextDecoding.EnsureCodePages();
        Assert.Equal(65001, TextDecoding.Detect(Encoding.UTF8.GetBytes("id,text\n1," + K1)).Encoding.CodePage);
        Assert.Equal(65001, TextDecoding.Detect("id,text\n1,plain ASCII"u8).Encoding.CodePage);
        Assert.Equal(1200, TextDecoding.Detect(Encoding.Unicode.GetBytes("Токаев заявил о завершении миссии ОДКБ")).Encoding.CodePage);
        Assert.Equal(1201, TextDecoding.Detect(Encoding.BigEndianUnicode.GetBytes("id;текст\n1;ОДКБ")).Encoding.CodePage);
        Assert.Equal(1252, TextDecoding.Detect(Encoding.GetEncoding(1252).GetBytes("Le café crème, die Größe, el niño")).Encoding.CodePage);
        // A UTF-8 head cut inside a two-byte letter is still UTF-8.
        var cut = Encoding.UTF8.GetBytes("ОДКБ")[..7];
        Assert.Equal(65001, TextDecoding.Detect(cut).Encoding.CodePage);
    }
}
