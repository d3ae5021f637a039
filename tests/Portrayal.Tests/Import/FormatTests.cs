using System.IO.Compression;
using Portrayal.Corpus;
using Portrayal.Import;
using Portrayal.Storage;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Import;

/// <summary>The export formats beyond the first three: whole-account Telegram exports, YouTube search results, X/Twitter, archives.</summary>
public class FormatTests
{
    private static Dictionary<string, Post> Posts(SqliteStore store) =>
        store.ReadPosts().Select(p => p.Post).ToDictionary(p => $"{p.Platform}/{p.NativeId}");

    [Fact]
    public void A_whole_account_Telegram_export_yields_every_chat_with_its_own_account_links_and_poll_text()
    {
        using var tmp = new TempDir();
        using var store = new SqliteStore(tmp.File("store.db"));

        var summary = new ImportRunner(store).Import([Paths.Fixture("telegram-account")]);

        Assert.Equal(4, summary.Added);
        Assert.Equal([("photo without text", 1), ("service message", 1)], summary.SkipReasons);
        var posts = store.ReadPosts().Select(p => p.Post).ToList();
        var aktau = posts.Single(p => p.Account == "1700000002");
        Assert.Equal("Новости Актау", aktau.AccountName);
        Assert.Equal("Жители Жанаозена требуют снизить цену на газ. Видео с площади и https://example.kz/aktau/2", aktau.Text);
        Assert.Equal(["https://example.kz/aktau/video", "https://example.kz/aktau/2"], aktau.Links);
        var poll = posts.Single(p => p.Account == "1700000003" && p.NativeId == "3");
        Assert.Equal("ҰҚШҰ әскерлерінің келуін қалай бағалайсыз?\nДұрыс шешім\nҚажет емес еді", poll.Text);
        Assert.Equal("3", posts.Single(p => p.NativeId == "4").ParentId);
        Assert.Equal("Old Channel", posts.Single(p => p.Account == "1700000004").AccountName); // left chats count too
    }

    [Fact]
    public void A_search_result_is_replaced_by_the_full_video_and_never_overwrites_it()
    {
        using var tmp = new TempDir();
        using var store = new SqliteStore(tmp.File("store.db"));

        var first = new ImportRunner(store).Import([Paths.Fixture("youtube-search")]);
        var again = new ImportRunner(store).Import([Paths.Fixture("youtube-search")]);

        Assert.Equal(2, first.Added);   // two videos; the video search result added first, then updated by videos.list
        Assert.Equal(1, first.Updated);
        Assert.Equal(["search result that is not a video (youtube#channel)"], first.SkipReasons.Select(r => r.Reason));
        Assert.Equal((0, 0), (again.Added, again.Updated));
        var posts = Posts(store);
        var full = posts["youtube/Sr1Kz2022aa"];
        Assert.EndsWith("когда контингент покинет страну.", full.Text);
        Assert.Equal(30512, full.Views);
        var searchOnly = posts["youtube/Sr2Kz2022bb"];
        Assert.Equal("Qazaq Talk", searchOnly.AccountName);
        Assert.StartsWith("Қаңтар оқиғалары: ҰҚШҰ-ның рөлі", searchOnly.Text);
    }

    [Fact]
    public void Comments_imported_before_their_video_move_to_its_channel_when_the_video_arrives()
    {
        using var tmp = new TempDir();
        using var store = new SqliteStore(tmp.File("store.db"));

        var comments = new ImportRunner(store).Import([Paths.Fixture("youtube-orphans", "comment-threads.json")]);
        Assert.Equal(2, comments.Added);
        Assert.All(Posts(store).Values, p => Assert.Equal("video:Orph4nVid01", p.Account));

        var video = new ImportRunner(store).Import([Paths.Fixture("youtube-orphans", "video.json")]);
        var again = new ImportRunner(store).Import([Paths.Fixture("youtube-orphans")]);

        Assert.Equal(1, video.Added);
        Assert.Equal(3, store.CountPosts());
        Assert.All(Posts(store).Values, p => Assert.Equal("UCorphanchannel00000001", p.Account));
        Assert.Equal("Неделя в Центральной Азии", Posts(store)["youtube/UgOrphan2BBBBBBBBBBBBBBBB"].AccountName);
        Assert.Equal(0, again.Added);
    }

    [Fact]
    public void Twitter_pages_give_tweets_with_authors_retweets_replies_and_engagement()
    {
        using var tmp = new TempDir();
        using var store = new SqliteStore(tmp.File("store.db"));

        var summary = new ImportRunner(store).Import([Paths.Fixture("twitter", "search.jsonl")]);

        Assert.Equal(4, summary.Added);
        var posts = Posts(store);
        var original = posts["twitter/1479000000000000001"];
        Assert.Equal(("900000001", "astana_watch"), (original.Account, original.AccountName));
        Assert.Equal(new DateTimeOffset(2022, 1, 11, 9, 15, 0, TimeSpan.Zero), original.PublishedAt);
        Assert.Equal((120L, 44L, 7L, 15000L), (original.Likes!.Value, original.Forwards!.Value, original.Comments!.Value, original.Views!.Value));
        Assert.Equal(["https://example.kz/news/csto-withdrawal"], original.Links);
        Assert.Equal("https://twitter.com/astana_watch/status/1479000000000000001", original.Url);
        var retweet = posts["twitter/1479000000000000002"];
        Assert.Equal(PostKinds.Repost, retweet.Kind);
        Assert.Equal("astana_watch", retweet.ForwardedFrom);
        var reply = posts["twitter/1479000000000000003"];
        Assert.Equal((PostKinds.Reply, "1479000000000000001", "kk"), (reply.Kind, reply.ParentId, reply.Lang));
    }

    [Fact]
    public void An_edited_tweet_in_a_later_export_updates_the_first_version_instead_of_adding_a_second()
    {
        using var tmp = new TempDir();
        using var store = new SqliteStore(tmp.File("store.db"));
        new ImportRunner(store).Import([Paths.Fixture("twitter", "search.jsonl")]);

        var later = new ImportRunner(store).Import([Paths.Fixture("twitter", "edited-later.jsonl")]);

        Assert.Equal((0, 1), (later.Added, later.Updated));
        var edited = Posts(store)["twitter/1479000000000000004"];
        Assert.EndsWith("withdrawal starts on 13 January.", edited.Text);
        Assert.Equal(new DateTimeOffset(2022, 1, 11, 12, 0, 0, TimeSpan.Zero), edited.PublishedAt);
        Assert.Equal(new DateTimeOffset(2022, 1, 11, 12, 4, 0, TimeSpan.Zero), edited.EditedAt);
        Assert.Equal(33, edited.Likes);
    }

    [Fact]
    public void A_bad_line_in_a_twitter_file_is_refused_by_line_or_set_aside_with_skip_bad()
    {
        using var tmp = new TempDir();
        var lines = File.ReadAllLines(Paths.Fixture("twitter", "search.jsonl"));
        File.WriteAllLines(tmp.File("broken.jsonl"), [lines[0], "{\"data\": [{\"id\": \"1\", \"text\": \"cut off", lines[1]]);
        using var store = new SqliteStore(tmp.File("store.db"));

        var error = Assert.Throws<InputError>(() => new ImportRunner(store).Import([tmp.File("broken.jsonl")]));
        Assert.Equal(("IMP004", "line 2"), (error.Code, error.Position));
        Assert.Equal(0, store.CountPosts());

        var rejects = tmp.File("rejects.tsv");
        var summary = new ImportRunner(store).Import([tmp.File("broken.jsonl")], new ImportOptions { SkipBad = true, RejectsFile = rejects });
        Assert.Equal((4, 1), (summary.Added, summary.Rejected));
        Assert.Contains("line 2\tthe JSON is malformed", File.ReadAllText(rejects));
    }

    [Fact]
    public void A_zip_of_exports_imports_like_the_folder_and_names_entries_in_errors()
    {
        using var tmp = new TempDir();
        var zip = tmp.File("exports.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            archive.CreateEntryFromFile(Paths.Fixture("telegram", "result.json"), "tg/result.json");
            archive.CreateEntryFromFile(Paths.Fixture("youtube", "videos.json"), "yt/videos.json");
            archive.CreateEntryFromFile(Paths.Fixture("youtube", "comments-Xk3v9QpL2aB.json"), "yt/comments.json");
            archive.CreateEntryFromFile(Paths.Fixture("malformed", "result.json"), "bad/result.json");
        }
        using var store = new SqliteStore(tmp.File("store.db"));

        var error = Assert.Throws<InputError>(() => new ImportRunner(store).Import([zip]));

        Assert.EndsWith("exports.zip!/bad/result.json", error.File);
        Assert.Equal("IMP001", error.Code);
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Update)) archive.GetEntry("bad/result.json")!.Delete();
        var summary = new ImportRunner(store).Import([zip]);
        Assert.Equal(7, summary.Added + summary.Unchanged);
        Assert.Contains(store.ReadPosts(), p => p.Post.SourceFile == "exports.zip!/tg/result.json");
    }

    [Fact]
    public void A_zip_bomb_is_refused_before_it_is_unpacked()
    {
        using var tmp = new TempDir();
        var zip = tmp.File("bomb.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            using var entry = archive.CreateEntry("result.json", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++) entry.Write(zeros);
        }
        using var store = new SqliteStore(tmp.File("store.db"));

        var error = Assert.Throws<InputError>(() => new ImportRunner(store).Import([zip]));

        Assert.Equal("IMP008", error.Code);
        Assert.EndsWith("bomb.zip!/result.json", error.File);
        Assert.Contains("zip bomb", error.Message);
    }

    [Fact]
    public void A_file_that_claims_to_be_a_zip_but_is_not_gets_a_clear_error()
    {
        using var tmp = new TempDir();
        File.WriteAllBytes(tmp.File("broken.zip"), [.. "PK\u0003\u0004"u8, .. new byte[100]]);
        using var store = new SqliteStore(tmp.File("store.db"));

        var error = Assert.Throws<InputError>(() => new ImportRunner(store).Import([tmp.File("broken.zip")]));

        Assert.Equal("IMP007", error.Code);
        Assert.Contains("not a readable .zip archive", error.Message);
    }

    [Fact]
    public void Folders_import_recursively_by_content_whatever_the_file_names()
    {
        using var tmp = new TempDir();
        var deep = Directory.CreateDirectory(tmp.File("exports/2022/january/telegram")).FullName;
        File.Copy(Paths.Fixture("telegram", "result.json"), Path.Combine(deep, "channel-dump.txt"));
        File.WriteAllText(Path.Combine(deep, "notes.md"), "# notes, not an export");
        Directory.CreateDirectory(tmp.File("exports/.hidden"));
        File.Copy(Paths.Fixture("telegram", "result.json"), tmp.File("exports/.hidden/result.json"));
        using var store = new SqliteStore(tmp.File("store.db"));

        var summary = new ImportRunner(store).Import([tmp.File("exports")]);

        Assert.Equal(3, summary.Added);
        Assert.Single(summary.Unrecognised);
        Assert.EndsWith("notes.md", summary.Unrecognised[0]);
    }

    [Fact]
    public void Instaloader_comments_files_attach_comments_and_answers_to_their_post()
    {
        using var tmp = new TempDir();
        using var store = new SqliteStore(tmp.File("store.db"));

        var summary = new ImportRunner(store).Import([Paths.Fixture("instagram-comments")]);

        Assert.Equal(4, summary.Added); // the post, two comments and one answer
        Assert.Equal(["empty comment"], summary.SkipReasons.Select(r => r.Reason));
        var posts = Posts(store);
        var comment = posts["instagram/17912345678901234"];
        Assert.Equal(("almaty_test", PostKinds.Comment, "CYaBcD1e2Fg", "aru_zhan_"), (comment.Account, comment.Kind, comment.ParentId, comment.Author));
        Assert.Equal(new DateTimeOffset(2022, 1, 6, 15, 15, 0, TimeSpan.Zero), comment.PublishedAt);
        Assert.Equal(14, comment.Likes);
        Assert.Equal("https://www.instagram.com/p/CYaBcD1e2Fg/c/17912345678901234/", comment.Url);
        var answer = posts["instagram/17923456789012345"];
        Assert.Equal((PostKinds.Reply, "17912345678901234"), (answer.Kind, answer.ParentId));
        Assert.Equal("Бірақ әуежайды кім қорғады? Ойланып көріңіз.", answer.Text);
    }

    [Fact]
    public void A_comments_file_imported_alone_finds_its_post_beside_it_on_disk()
    {
        using var tmp = new TempDir();
        using var store = new SqliteStore(tmp.File("store.db"));

        new ImportRunner(store).Import([Paths.Fixture("instagram-comments", "almaty_test", "2022-01-06_14-06-41_UTC_comments.json")]);

        var posts = Posts(store);
        Assert.Equal(3, posts.Count); // two comments and one answer; the post itself was not imported
        Assert.All(posts.Values, p => Assert.Equal("almaty_test", p.Account));
        Assert.Equal("CYaBcD1e2Fg", posts["instagram/17912345678901234"].ParentId);
    }

    [Fact]
    public void A_post_without_a_required_field_is_refused_naming_the_field_and_the_item()
    {
        using var tmp = new TempDir();
        var json = File.ReadAllText(Paths.Fixture("youtube", "videos.json")).Replace("\"publishedAt\"", "\"published\"", StringComparison.Ordinal);
        File.WriteAllText(tmp.File("videos.json"), json);
        using var store = new SqliteStore(tmp.File("store.db"));

        var error = Assert.Throws<InputError>(() => new ImportRunner(store).Import([tmp.File("videos.json")]));

        Assert.Equal("IMP003", error.Code);
        Assert.Equal("items[0] (id Xk3v9QpL2aB)", error.Position);
        Assert.Contains("snippet.publishedAt", error.Message);
        Assert.Equal(0, store.CountPosts());
    }

    [SharedDataFact]
    public void The_real_export_samples_import_without_error_and_with_the_right_counts()
    {
        using var tmp = new TempDir();
        using var store = new SqliteStore(tmp.File("store.db"));

        var summary = new ImportRunner(store).Import([SharedData.Path_("import-samples")]);

        var byFile = summary.Files.ToDictionary(f => f.Path);
        // Tkonverter's synthetic exports: 87 and 45 entries; service, unsupported and text-less media are skipped.
        Assert.Equal((13, 74), (byFile["telegram-desktop/Tkonverter/result.json"].Added, byFile["telegram-desktop/Tkonverter/result.json"].Skipped));
        Assert.Equal((19, 26), (byFile["telegram-desktop/Tkonverter/result_group.json"].Added, byFile["telegram-desktop/Tkonverter/result_group.json"].Skipped));
        Assert.Equal(3, summary.Files.Where(f => f.Path.StartsWith("twitter-api-v2/", StringComparison.Ordinal)).Sum(f => f.Added));
        Assert.Equal(62, summary.Added);
        Assert.Equal(62, store.CountPosts());
        Assert.Equal(0, summary.Rejected);
        // Recorded comment pages whose video is not among the samples wait under a provisional account.
        Assert.Equal(5, store.ReadPosts().Count(p => p.Post.Account == "video:F1UP7wRCPH8"));
        var again = new ImportRunner(store).Import([SharedData.Path_("import-samples")]);
        Assert.Equal((0, 0), (again.Added, again.Updated));
    }
}
