using System.Text.Json;
using Portrayal.Corpus;
using Portrayal.Import;
using Portrayal.Storage;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Import;

public class ImportTests
{
    private static (SqliteStore Store, ImportSummary Summary) ImportInto(TempDir tmp, params string[] paths)
    {
        var store = new SqliteStore(tmp.File("store.db"));
        return (store, new ImportRunner(store).Import(paths));
    }

    [Fact]
    public void Telegram_export_yields_channel_posts_with_entity_text_views_reactions_and_edits()
    {
        using var tmp = new TempDir();
        var (store, summary) = ImportInto(tmp, Paths.Fixture("telegram"));
        using var _ = store;

        Assert.Equal(3, summary.Added);
        Assert.Equal(2, summary.Skipped); // the pinned-message service entry and the photo without caption
        var posts = store.ReadPosts().Select(p => p.Post).ToList();
        var first = posts.Single(p => p.NativeId == "2");
        Assert.Equal("telegram", first.Platform);
        Assert.Equal("1600000001", first.Account);
        Assert.Equal("Алматы Жаңалықтары", first.AccountName);
        Assert.Equal("Срочно: ОДКБ одобрила отправку миротворцев в Казахстан. #Казахстан подробнее", first.Text);
        Assert.Equal(15230, first.Views);
        Assert.Equal(52, first.Likes);
        Assert.Equal(new DateTimeOffset(2022, 1, 5, 16, 10, 0, TimeSpan.Zero), first.PublishedAt);
        var edited = posts.Single(p => p.NativeId == "3");
        Assert.Equal(new DateTimeOffset(2022, 1, 6, 4, 5, 0, TimeSpan.Zero), edited.EditedAt);
        Assert.Equal("Qazaq Times", edited.ForwardedFrom);
        Assert.Null(edited.Likes); // no reactions field: unknown, not zero
        Assert.Equal("2", posts.Single(p => p.NativeId == "5").ParentId);
    }

    [Fact]
    public void YouTube_videos_and_comment_threads_link_replies_to_their_parent_and_the_channel()
    {
        using var tmp = new TempDir();
        var (store, summary) = ImportInto(tmp, Paths.Fixture("youtube"));
        using var _ = store;

        Assert.Equal(4, summary.Added);
        var posts = store.ReadPosts().Select(p => p.Post).ToDictionary(p => p.NativeId);
        var video = posts["Xk3v9QpL2aB"];
        Assert.Equal(PostKinds.Video, video.Kind);
        Assert.StartsWith("ОДКБ в Казахстане: помощь или ловушка?\n\nРазбираем", video.Text);
        Assert.Equal(48211, video.Views);
        Assert.Equal("ru", video.Lang);
        var top = posts["UgzK3q9dLx0bWvFq7rT2aAABAg"];
        Assert.Equal("UCtestchannel0000000001a", top.Account); // the thread carries no channel: learnt from the video
        Assert.Equal("Xk3v9QpL2aB", top.ParentId);
        Assert.NotNull(top.EditedAt);
        var reply = posts["UgzK3q9dLx0bWvFq7rT2aAABAg.9WkN2xQ1pLe9WkP0aB3cDe"];
        Assert.Equal(PostKinds.Reply, reply.Kind);
        Assert.Equal("UgzK3q9dLx0bWvFq7rT2aAABAg", reply.ParentId);
        Assert.Equal("https://www.youtube.com/watch?v=Xk3v9QpL2aB&lc=UgzK3q9dLx0bWvFq7rT2aAABAg.9WkN2xQ1pLe9WkP0aB3cDe", reply.Url);
    }

    [Fact]
    public void Instaloader_json_and_json_xz_both_import()
    {
        using var tmp = new TempDir();
        var (store, summary) = ImportInto(tmp, Paths.Fixture("instagram"));
        using var _ = store;

        Assert.Equal(2, summary.Added);
        var posts = store.ReadPosts().Select(p => p.Post).ToDictionary(p => p.NativeId);
        Assert.Equal("Түркия бауырларымызға рақмет! 🇹🇷🇰🇿", posts["CYbXyZ9k0Lm"].Text);
        Assert.Equal("almaty_test", posts["CYaBcD1e2Fg"].Account);
        Assert.Equal(1203, posts["CYaBcD1e2Fg"].Likes);
        Assert.Equal("https://www.instagram.com/p/CYaBcD1e2Fg/", posts["CYaBcD1e2Fg"].Url);
    }

    [Fact]
    public void Importing_the_same_exports_twice_adds_nothing_the_second_time()
    {
        using var tmp = new TempDir();
        var (store, _) = ImportInto(tmp, Paths.Fixture("telegram"), Paths.Fixture("youtube"), Paths.Fixture("instagram"));
        using var s = store;
        var again = new ImportRunner(store).Import([Paths.Fixture("telegram"), Paths.Fixture("youtube"), Paths.Fixture("instagram")]);

        Assert.Equal(0, again.Added);
        Assert.Equal(0, again.Updated);
        Assert.Equal(9, again.Unchanged);
        Assert.Equal(9, store.CountPosts());
    }

    [Fact]
    public void An_updated_export_updates_changed_posts_and_adds_new_ones()
    {
        using var tmp = new TempDir();
        var dir = Directory.CreateDirectory(tmp.File("tg")).FullName;
        File.Copy(Paths.Fixture("telegram", "result.json"), Path.Combine(dir, "result.json"));
        using var store = new SqliteStore(tmp.File("store.db"));
        new ImportRunner(store).Import([dir]);

        var json = File.ReadAllText(Path.Combine(dir, "result.json"))
            .Replace("\"views\": 15230", "\"views\": 20000", StringComparison.Ordinal)
            .Replace("\"id\": 5,", "\"id\": 6,", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(dir, "result.json"), json);
        var second = new ImportRunner(store).Import([dir]);

        Assert.Equal((1, 1, 1), (second.Added, second.Updated, second.Unchanged));
        Assert.Equal(20000, store.ReadPosts().Single(p => p.Post.NativeId == "2").Post.Views);
    }

    [Fact]
    public void A_truncated_export_is_refused_with_its_file_and_line_and_the_store_is_unchanged()
    {
        using var tmp = new TempDir();
        using var store = new SqliteStore(tmp.File("store.db"));
        new ImportRunner(store).Import([Paths.Fixture("instagram")]);
        var before = PostHashes.Corpus(store);

        var error = Assert.Throws<InputError>(() => new ImportRunner(store).Import([Paths.Fixture("malformed", "result.json")]));

        Assert.EndsWith("result.json", error.File);
        Assert.Matches(@"^line \d+", error.Position);
        Assert.Equal("IMP001", error.Code);
        Assert.Equal(before, PostHashes.Corpus(store));
        Assert.Equal(2, store.CountPosts());
    }

    [Fact]
    public void A_field_of_the_wrong_type_names_the_field_and_message_and_nothing_of_the_file_is_kept()
    {
        using var tmp = new TempDir();
        using var store = new SqliteStore(tmp.File("store.db"));

        var error = Assert.Throws<InputError>(() => new ImportRunner(store).Import([Paths.Fixture("malformed", "wrong-type.json")]));

        Assert.Contains("date_unixtime", error.Message);
        Assert.Contains("message 3", error.Position);
        Assert.Equal(0, store.CountPosts()); // message 2 was read before the bad one, and rolled back with it
    }

    [Fact]
    public void Large_exports_stream_through_small_buffers_with_correct_line_numbers()
    {
        using var tmp = new TempDir();
        var messages = Enumerable.Range(1, 3000).Select(i => new
        {
            id = i, type = "message", date = "2022-01-05T10:00:00", date_unixtime = (1641376800 + i).ToString(),
            from = "Big", text = $"Сообщение номер {i}: " + new string('ж', i % 400),
        });
        var path = tmp.File("result.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new { name = "Big", type = "public_channel", id = 42, messages },
            new JsonSerializerOptions { WriteIndented = true }));
        using var store = new SqliteStore(tmp.File("store.db"));

        var summary = new ImportRunner(store).Import([path]);

        Assert.Equal(3000, summary.Added);
        Assert.Equal("Сообщение номер 2999: " + new string('ж', 2999 % 400), store.ReadPosts().Single(p => p.Post.NativeId == "2999").Post.Text);
    }
}
