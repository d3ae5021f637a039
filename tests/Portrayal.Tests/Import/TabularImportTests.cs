using System.Text;
using Portrayal.Corpus;
using Portrayal.Import;
using Portrayal.Storage;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Import;

/// <summary>4CAT exports, generic CSV/TSV/JSONL through a column map, and the encoding detection they share.</summary>
public class TabularImportTests
{
    private const string R1 = "Совет коллективной безопасности ОДКБ принял решение направить в Казахстан миротворческие силы на ограниченный срок.";
    private const string R2 = "Российские десантники прибыли в Алматы.\nМиротворцы ОДКБ будут охранять аэропорт и стратегические объекты, сообщает \"Интерфакс\".";
    private const string K1 = "Алматыда төтенше жағдай режимі енгізілді, қалада коменданттық сағат күшінде.";

    private static readonly IReadOnlyDictionary<string, string> CsvMap =
        ColumnMap.Parse("text=message,time=created_at,account=channel,id=msg_id,views=views");

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

    // ---- generic CSV / TSV / JSONL ----

    [Fact]
    public void Generic_csv_with_a_map_reads_offsets_quotes_and_line_breaks()
    {
        using var tmp = new TempDir();
        var (store, summary) = ImportInto(tmp, new ImportOptions { Map = CsvMap }, Paths.Fixture("csv", "kz-posts.csv"));
        using var _ = store;

        Assert.Equal("import.generic-table.v1", summary.Files.Single().Importer);
        Assert.Equal(3, summary.Added);
        var posts = Posts(store);
        Assert.Equal(R1, posts["501"].Text);
        Assert.Equal(R2, posts["502"].Text);
        Assert.Equal(K1, posts["503"].Text);
        Assert.Equal("generic", posts["501"].Platform);
        Assert.Equal("qazaq_news_test", posts["503"].Account);
        Assert.Equal(Utc(1, 5, 21, 15), posts["501"].PublishedAt);
        Assert.Equal(TimeSpan.FromHours(6), posts["501"].PublishedAt.Offset); // the source's own offset is kept
        Assert.Equal(41200, posts["501"].Views);
        Assert.Null(posts["503"].Views); // blank: unknown
    }

    /// <summary>The same Russian CSV written in the encodings exports arrive in; the text must come out exactly.</summary>
    [Theory]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16le-bom")]
    [InlineData("utf-16le")]
    [InlineData("utf-16be-bom")]
    [InlineData("windows-1251")]
    [InlineData("koi8-r")]
    public void Generic_csv_in_any_common_encoding_gives_exact_cyrillic(string encoding)
    {
        TextDecoding.EnsureCodePages();
        var csv = "msg_id,channel,created_at,message,views\r\n" +
                  $"501,almaty_today_test,2022-01-06T03:15:00+06:00,{R1},41200\r\n" +
                  $"502,almaty_today_test,2022-01-07T11:40:00+06:00,\"{R2.Replace("\"", "\"\"")}\",38950\r\n";
        byte[] bytes = encoding switch
        {
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)],
            "utf-16le-bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(csv)],
            "utf-16le" => Encoding.Unicode.GetBytes(csv),
            "utf-16be-bom" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(csv)],
            _ => Encoding.GetEncoding(encoding).GetBytes(csv),
        };
        using var tmp = new TempDir();
        File.WriteAllBytes(tmp.File("posts.csv"), bytes);

        var (store, summary) = ImportInto(tmp, new ImportOptions { Map = CsvMap }, tmp.File("posts.csv"));
        using var _ = store;

        Assert.Equal(2, summary.Added);
        var posts = Posts(store);
        Assert.Equal(R1, posts["501"].Text);
        Assert.Equal(R2, posts["502"].Text);
        Assert.Equal(38950, posts["502"].Views);
    }

    [Fact]
    public void The_encoding_option_overrides_detection()
    {
        TextDecoding.EnsureCodePages();
        using var tmp = new TempDir();
        // CP866 text that the statistics would also get right; read as KOI8-R on purpose, it must come out as KOI8-R says.
        var csv = $"msg_id,channel,created_at,message\n1,c,2022-01-06 10:00:00,{R1}\n";
        File.WriteAllBytes(tmp.File("posts.csv"), Encoding.GetEncoding(866).GetBytes(csv));
        var map = ColumnMap.Parse("text=message,time=created_at,account=channel,id=msg_id");

        var (store, _) = ImportInto(tmp, new ImportOptions { Map = map, Encoding = "cp866" }, tmp.File("posts.csv"));
        using (store) Assert.Equal(R1, Posts(store)["1"].Text);

        File.Delete(tmp.File("store.db"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var (store2, _) = ImportInto(tmp, new ImportOptions { Map = map, Encoding = "koi8-r" }, tmp.File("posts.csv"));
        using (store2) Assert.Equal(Encoding.GetEncoding(20866).GetString(Encoding.GetEncoding(866).GetBytes(R1)), Posts(store2)["1"].Text);
    }

    [Fact]
    public void Semicolon_csv_with_cyrillic_headers_and_day_first_times_reads_naive_times_at_the_given_offset()
    {
        using var tmp = new TempDir();
        var map = ColumnMap.Parse("text=текст,time=дата,account=канал,id=id,views=просмотры");
        var (store, summary) = ImportInto(tmp, new ImportOptions { Map = map, NaiveTimeOffset = TimeSpan.FromHours(6) },
            Paths.Fixture("csv", "kz-posts-semicolon.csv"));
        using var _ = store;

        Assert.Equal(3, summary.Added);
        var posts = Posts(store);
        Assert.Equal(R2, posts["502"].Text);
        Assert.Equal(K1, posts["503"].Text);
        Assert.Equal(Utc(1, 5, 21, 15), posts["501"].PublishedAt); // 06.01.2022 03:15 in Almaty (+06:00)
        Assert.Equal(Utc(1, 5, 19, 5), posts["503"].PublishedAt);
        Assert.Equal(41200, posts["501"].Views); // "41 200"
    }

    [Fact]
    public void Tab_separated_file_with_naive_times_defaults_to_utc()
    {
        using var tmp = new TempDir();
        var map = ColumnMap.Parse("text=message,time=created_at,account=channel,id=msg_id,likes=likes");
        var (store, summary) = ImportInto(tmp, new ImportOptions { Map = map, Platform = "telegram" }, Paths.Fixture("csv", "kz-posts.tsv"));
        using var _ = store;

        Assert.Equal(3, summary.Added);
        var posts = Posts(store);
        Assert.Equal(R2, posts["502"].Text);
        Assert.Equal(Utc(1, 6, 3, 15), posts["501"].PublishedAt);
        Assert.Equal(812, posts["501"].Likes);
        Assert.Equal("telegram", posts["501"].Platform);
    }

    [Fact]
    public void Generic_jsonl_with_dotted_paths_and_unix_milliseconds()
    {
        using var tmp = new TempDir();
        var map = ColumnMap.Parse("text=text,time=date,id=id,account=chat.username,account_name=chat.title,parent=reply_to,views=stats.views");
        var (store, summary) = ImportInto(tmp, new ImportOptions { Map = map }, Paths.Fixture("csv", "kz-posts.jsonl"));
        using var _ = store;

        Assert.Equal(3, summary.Added);
        var posts = Posts(store);
        Assert.Equal(R2, posts["9002"].Text);
        Assert.Equal(K1, posts["9003"].Text);
        Assert.Equal("almaty_today_test", posts["9001"].Account);
        Assert.Equal("Алматы сегодня", posts["9001"].AccountName);
        Assert.Equal(Utc(1, 5, 21, 15), posts["9001"].PublishedAt);
        Assert.Equal("9001", posts["9002"].ParentId);
        Assert.Equal(PostKinds.Comment, posts["9002"].Kind);
        Assert.Equal(PostKinds.Post, posts["9001"].Kind);
        Assert.Equal(41200, posts["9001"].Views);
        Assert.Null(posts["9003"].Views);
    }

    [Fact]
    public void Without_a_map_generic_files_are_left_alone_and_4cat_files_stay_4cat_with_one()
    {
        using var tmp = new TempDir();
        var (store, summary) = ImportInto(tmp, new ImportOptions(), Paths.Fixture("csv", "kz-posts.csv"), Paths.Fixture("csv", "kz-posts.jsonl"));
        using (store)
        {
            Assert.Equal(0, summary.Added);
            Assert.Equal(2, summary.Unrecognised.Count);
        }

        using var tmp2 = new TempDir();
        var (store2, summary2) = ImportInto(tmp2, new ImportOptions { Map = ColumnMap.Parse("text=body,time=timestamp") },
            Paths.Fixture("4cat", "telegram-almaty_today_test.csv"));
        using var _ = store2;
        Assert.Equal("import.4cat.v1", summary2.Files.Single().Importer);
    }

    // ---- errors ----

    [Fact]
    public void A_map_that_fits_none_of_a_csv_files_columns_is_an_error_not_a_silent_skip()
    {
        using var tmp = new TempDir();
        var map = ColumnMap.Parse("text=body,time=created");

        var error = Assert.Throws<InputError>(() => ImportInto(tmp, new ImportOptions { Map = map }, Paths.Fixture("csv", "kz-posts.csv")).Store.Dispose());

        Assert.Equal("IMP010", error.Code);
        Assert.Contains("'body' (for text)", error.Message);
    }

    [Fact]
    public void A_map_naming_a_missing_column_is_refused_naming_the_column_and_the_file()
    {
        using var tmp = new TempDir();
        var map = ColumnMap.Parse("text=message,time=created_at,account=chanel");

        var error = Assert.Throws<InputError>(() => ImportInto(tmp, new ImportOptions { Map = map }, Paths.Fixture("csv", "kz-posts.csv")).Store.Dispose());

        Assert.Equal("IMP010", error.Code);
        Assert.EndsWith("kz-posts.csv", error.File);
        Assert.Contains("'chanel' (for account)", error.Message);
        Assert.Contains("'channel'", error.Message); // the columns the file does have
        Assert.DoesNotContain("'created_at' (for", error.Message);
    }

    [Fact]
    public void A_row_with_a_bad_time_refuses_the_file_naming_line_and_column()
    {
        using var tmp = new TempDir();
        using var store = new SqliteStore(tmp.File("store.db"));
        var map = ColumnMap.Parse("text=message,time=created_at,account=channel,id=msg_id");

        var error = Assert.Throws<InputError>(() => new ImportRunner(store).Import([Paths.Fixture("csv", "bad-time.csv")], new ImportOptions { Map = map }));

        Assert.Equal("IMP004", error.Code);
        Assert.Equal("line 3, column 'created_at'", error.Position);
        Assert.Contains("'32.01.2022 10:00' is not a time", error.Message);
        Assert.Equal(0, store.CountPosts()); // row 601 was read first, and rolled back with the file
    }

    [Fact]
    public void With_skip_bad_the_good_rows_import_and_the_bad_one_is_listed()
    {
        using var tmp = new TempDir();
        var map = ColumnMap.Parse("text=message,time=created_at,account=channel,id=msg_id");
        var options = new ImportOptions { Map = map, SkipBad = true, RejectsFile = tmp.File("rejects.tsv") };

        var (store, summary) = ImportInto(tmp, options, Paths.Fixture("csv", "bad-time.csv"));
        using var _ = store;

        Assert.Equal((2, 1), (summary.Added, summary.Rejected));
        Assert.Equal(["601", "603"], Posts(store).Keys.Order());
        Assert.Equal(Utc(1, 5, 21, 45), Posts(store)["601"].PublishedAt);
        var rejects = File.ReadAllLines(tmp.File("rejects.tsv"));
        Assert.Contains("\tline 3, column 'created_at'\t", Assert.Single(rejects));
    }

    [Fact]
    public void An_unclosed_quote_is_a_rejected_record_with_its_line()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("posts.csv"),
            "msg_id,channel,created_at,message\n1,a,2022-01-06 10:00:00,ОДКБ\n2,a,2022-01-06 11:00:00,\"Токаев\n3,a,2022-01-06 12:00:00,Алматы\n");
        using var store = new SqliteStore(tmp.File("store.db"));

        var error = Assert.Throws<InputError>(() => new ImportRunner(store).Import([tmp.File("posts.csv")],
            new ImportOptions { Map = ColumnMap.Parse("text=message,time=created_at,id=msg_id") }));

        Assert.Equal("line 3", error.Position);
        Assert.Contains("never closed", error.Message);
    }

    [Fact]
    public void Reimporting_a_file_without_ids_adds_nothing_the_second_time()
    {
        using var tmp = new TempDir();
        var options = new ImportOptions { Map = ColumnMap.Parse("text=message,time=created_at") };
        var (store, first) = ImportInto(tmp, options, Paths.Fixture("csv", "kz-posts.csv"));
        using var _ = store;

        var again = new ImportRunner(store).Import([Paths.Fixture("csv", "kz-posts.csv")], options);

        Assert.Equal(3, first.Added);
        Assert.Equal((0, 0, 3), (again.Added, again.Updated, again.Unchanged));
        var post = store.ReadPosts().Select(p => p.Post).Single(p => p.Text == K1);
        Assert.Equal("kz-posts", post.Account); // no account column: the file name
        Assert.Equal(GenericTable.HashId("kz-posts", Utc(1, 5, 19, 5), K1), post.NativeId);
        Assert.StartsWith("sha256:", post.NativeId);
    }

    [Fact]
    public void Bytes_invalid_in_the_detected_encoding_stop_the_import_and_ask_for_the_encoding()
    {
        TextDecoding.EnsureCodePages();
        using var tmp = new TempDir();
        // 70 KiB of ASCII rows (so the first 64 KiB look like UTF-8), then a Windows-1251 row.
        var ascii = new StringBuilder("msg_id,channel,created_at,message\n");
        for (var i = 1; ascii.Length < 70_000; i++) ascii.Append($"{i},a,2022-01-06 10:00:00,CSTO troops arrive in Almaty\n");
        byte[] bytes = [.. Encoding.ASCII.GetBytes(ascii.ToString()), .. Encoding.GetEncoding(1251).GetBytes("99999,a,2022-01-06 11:00:00,ОДКБ\n")];
        File.WriteAllBytes(tmp.File("posts.csv"), bytes);
        using var store = new SqliteStore(tmp.File("store.db"));

        var error = Assert.Throws<InputError>(() => new ImportRunner(store).Import([tmp.File("posts.csv")],
            new ImportOptions { Map = ColumnMap.Parse("text=message,time=created_at,id=msg_id") }));

        Assert.Equal("IMP013", error.Code);
        Assert.Contains("not valid utf-8", error.Message);
        Assert.Contains("--encoding", error.Message);
        Assert.Equal(0, store.CountPosts());
    }

    [Theory]
    [InlineData("text=message,time", "'time' is not field=column")]
    [InlineData("text=message,when=created_at", "unknown field 'when'")]
    [InlineData("text=message", "must name the time column")]
    [InlineData("text=message,time=a,text=b", "'text' is given twice")]
    public void A_malformed_map_is_a_clear_error(string spec, string expected)
    {
        var error = Assert.Throws<InputError>(() => ColumnMap.Parse(spec));
        Assert.Equal("IMP015", error.Code);
        Assert.Equal("--map", error.File);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void The_cli_exits_2_on_a_malformed_map_and_imports_with_a_good_one()
    {
        using var tmp = new TempDir();
        var stderr = Console.Error;
        var captured = new StringWriter();
        Console.SetError(captured);
        int bad;
        try
        {
            bad = Portrayal.Cli.Program.Main(["import", Paths.Fixture("csv", "kz-posts.csv"), "--workspace", tmp.Path, "--map", "text=message;time=created_at"]);
        }
        finally
        {
            Console.SetError(stderr);
        }
        Assert.Equal(2, bad);
        Assert.Contains("--map", captured.ToString());

        Assert.Equal(2, Portrayal.Cli.Program.Main(["import", Paths.Fixture("csv", "kz-posts.tsv"), "--workspace", tmp.Path,
            "--map", "text=message,time=created_at", "--timezone", "Asia/Almaty"]));

        var ok = Portrayal.Cli.Program.Main(["import", Paths.Fixture("csv", "kz-posts.tsv"), "--workspace", tmp.Path,
            "--map", "text=message,time=created_at,account=channel,id=msg_id", "--timezone", "+06:00", "--platform", "Telegram"]);
        Assert.Equal(0, ok);
        using var store = new SqliteStore(Path.Combine(tmp.Path, "portrayal.db"));
        var post = Posts(store)["501"];
        Assert.Equal(Utc(1, 5, 21, 15), post.PublishedAt);
        Assert.Equal("telegram", post.Platform);
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
