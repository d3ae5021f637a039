using Portrayal.Corpus;
using Xunit;

namespace Portrayal.Tests.Storage;

/// <summary>
/// The store contract, written once and run against every backend (one subclass each): what import, analysis and
/// every command rely on, whichever store a workspace points at.
/// </summary>
public abstract class StoreContractTests : IDisposable
{
    /// <summary>A new, empty store of the backend under test.</summary>
    protected abstract ICorpusStore CreateEmpty();

    /// <summary>The same store opened again, as a second command (or process) would.</summary>
    protected abstract ICorpusStore Reopen();

    public abstract void Dispose();

    protected static Post P(string id, string text, string platform = "telegram", string account = "100", string time = "2022-01-06T10:00:00+06:00",
        long? views = null, long? likes = null) => new()
    {
        Platform = platform, Account = account, NativeId = id, PublishedAt = DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture),
        Text = text, Views = views, Likes = likes,
    };

    protected static PostUpsert U(Post post) => new(post);

    protected static IReadOnlyList<UpsertOutcome> Import(ICorpusStore store, params PostUpsert[] posts)
    {
        using var batch = store.BeginImport();
        var outcomes = batch.Upsert(posts);
        batch.Commit();
        return outcomes;
    }

    private static PostAnalysis Analysed(long id, string actor, string label, string? lang = null, params NarrativeHit[] hits) =>
        new(id, lang, [new Mention(actor, 0, 4, "ОДКБ", "ОДКБ", 0, 10)],
            [new ActorStance(actor, new StanceResult(label, 0.8, "stance.test.v1", ["помогла"], 0.5))], hits);

    [Fact]
    public void A_batch_reports_each_post_as_added_updated_or_unchanged_and_importing_twice_adds_nothing()
    {
        using var store = CreateEmpty();
        Assert.Equal([UpsertOutcome.Added, UpsertOutcome.Added], Import(store, U(P("1", "ОДКБ пришла")), U(P("2", "Россия"))));
        Assert.Equal([UpsertOutcome.Unchanged, UpsertOutcome.Updated, UpsertOutcome.Added],
            Import(store, U(P("1", "ОДКБ пришла")), U(P("2", "Россия (исправлено)")), U(P("3", "Китай"))));
        Assert.Equal(3, store.CountPosts());
        Assert.Equal("Россия (исправлено)", store.ReadPosts().Single(p => p.Post.NativeId == "2").Post.Text);
    }

    [Fact]
    public void Insert_only_never_overwrites_and_an_uncommitted_batch_leaves_nothing()
    {
        using var store = CreateEmpty();
        Import(store, U(P("1", "first")));
        Assert.Equal([UpsertOutcome.Unchanged], Import(store, new PostUpsert(P("1", "partial copy"), InsertOnly: true)));
        using (var batch = store.BeginImport())
            batch.Upsert([new PostUpsert(P("9", "never committed"))]);
        Assert.Equal(["first"], store.ReadPosts().Select(p => p.Post.Text));
    }

    [Fact]
    public void A_post_keeps_every_field_and_a_missing_count_stays_null_not_zero()
    {
        using var store = CreateEmpty();
        var post = P("7", "Текст «в кавычках»\nи перевод строки", views: 1200, likes: null) with
        {
            AccountName = "Канал", Author = "автор", Url = "https://t.me/c/7", Lang = "ru", ParentId = "6", ForwardedFrom = "Другой",
            EditedAt = DateTimeOffset.Parse("2022-01-07T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            Links = ["https://example.org/a", "https://example.org/b"], Kind = PostKinds.Comment, Forwards = 0,
        };
        Import(store, U(post));
        var back = Assert.Single(store.ReadPosts()).Post;
        Assert.Equal(post with { Raw = null, SourceFile = null }, back with { Raw = null, SourceFile = null, Links = post.Links });
        Assert.Equal(post.Links, back.Links);
        Assert.Null(back.Likes);
        Assert.Equal(0, back.Forwards);
        Assert.Equal(TimeSpan.FromHours(6), back.PublishedAt.Offset);
    }

    [Fact]
    public void Where_ids_are_platform_wide_a_comment_filed_early_moves_to_the_channel_that_adopts_it()
    {
        using var store = CreateEmpty();
        Import(store, U(P("c1", "comment", platform: "youtube", account: "video:v1")));
        Assert.Equal([UpsertOutcome.Added], Import(store, new PostUpsert(P("v1", "the video", platform: "youtube", account: "UC1") with { AccountName = "Channel" }, Adopts: "video:v1")));
        Assert.All(store.ReadPosts(), p => Assert.Equal("UC1", p.Post.Account));
        // the same comment exported again under its channel is found, not duplicated
        Assert.NotEqual(UpsertOutcome.Added, Assert.Single(Import(store, U(P("c1", "comment", platform: "youtube", account: "UC1") with { AccountName = "Channel" }))));
        Assert.Equal(2, store.CountPosts());
    }

    [Fact]
    public void The_corpus_hash_is_the_same_for_the_same_posts_in_any_order_and_changes_with_an_edit()
    {
        using var store = CreateEmpty();
        Import(store, U(P("2", "b")), U(P("1", "a")), U(P("x", "c", account: "200")));
        var first = PostHashes.Corpus(store);
        Assert.Equal(["100/1", "100/2", "200/x"], store.ReadPostKeys().Select(k => $"{k.Account}/{k.NativeId}"));
        Import(store, U(P("1", "a (edited)")));
        Assert.NotEqual(first, PostHashes.Corpus(store));
        Import(store, U(P("1", "a")));
        Assert.Equal(first, PostHashes.Corpus(store));
    }

    [Fact]
    public void Filters_select_by_platform_account_name_time_and_language_in_time_order()
    {
        using var store = CreateEmpty();
        Import(store,
            U(P("1", "one", time: "2022-01-06T12:00:00Z") with { Lang = "ru", AccountName = "Almaty News" }),
            U(P("2", "two", time: "2022-01-05T12:00:00Z") with { Lang = "kk", AccountName = "Almaty News" }),
            U(P("3", "three", platform: "youtube", account: "UC", time: "2022-01-04T12:00:00Z")));
        Assert.Equal(["2", "1"], store.QueryPosts(new PostFilter { Platform = "TELEGRAM" }).Select(p => p.Post.NativeId));
        Assert.Equal(["2", "1"], store.QueryPosts(new PostFilter { Account = "almaty news" }).Select(p => p.Post.NativeId));
        Assert.Equal(["1"], store.QueryPosts(new PostFilter { Lang = "ru" }).Select(p => p.Post.NativeId));
        var from = DateTimeOffset.Parse("2022-01-05T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(["2"], store.QueryPosts(new PostFilter { From = from, Until = from.AddDays(1) }).Select(p => p.Post.NativeId));
    }

    [Fact]
    public void An_analysis_replaces_the_previous_one_on_commit_and_an_unfinished_one_leaves_it()
    {
        using var store = CreateEmpty();
        Import(store, U(P("1", "ОДКБ помогла")), U(P("2", "ОДКБ ушла") with { Lang = "ru" }));
        var ids = store.ReadPosts().Select(p => p.Id).ToList();
        using (var writer = store.BeginAnalysis())
        {
            writer.Write([Analysed(ids[0], "csto", "positive", lang: "ru", new NarrativeHit("help", ["ОДКБ", "помогла"]))]);
            writer.Write([Analysed(ids[1], "csto", "negative")]);
            writer.Commit();
        }
        Assert.Equal(["positive", "negative"], store.ReadActorStances().Select(r => r.Label));
        Assert.Equal(["ОДКБ", "помогла"], Assert.Single(store.ReadNarrativeHits()).Evidence);
        Assert.Equal("ru", store.ReadActorStances().First().Lang);

        using (var writer = store.BeginAnalysis())
            writer.Write([Analysed(ids[0], "russia", "neutral")]); // disposed without commit
        Assert.Equal(["csto", "csto"], store.ReadActorStances().Select(r => r.Actor));

        using (var writer = store.BeginAnalysis())
        {
            writer.Write([Analysed(ids[1], "china", "neutral")]);
            writer.Commit();
        }
        var row = Assert.Single(store.ReadActorStances());
        Assert.Equal(("china", "2", "ОДКБ ушла", 0.8, "stance.test.v1"), (row.Actor, row.NativeId, row.Text, row.Confidence, row.Method));
        Assert.Equal(["помогла"], row.Evidence);
        Assert.Equal(4, Assert.Single(store.ReadMentions()).Mention.End);
        Assert.Empty(store.ReadNarrativeHits());
    }

    [Fact]
    public void Posts_can_be_read_while_an_analysis_is_being_written()
    {
        using var store = CreateEmpty();
        Import(store, Enumerable.Range(1, 600).Select(i => new PostUpsert(P(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "ОДКБ"))).ToArray());
        using var writer = store.BeginAnalysis();
        var read = 0;
        foreach (var post in store.ReadPosts())
        {
            writer.Write([Analysed(post.Id, "csto", "neutral", lang: "ru")]);
            read++;
        }
        writer.Commit();
        Assert.Equal(600, read);
        Assert.Equal(600, store.ReadActorStances().Count());
    }

    [Fact]
    public void Runs_are_recorded_and_the_latest_is_read_back_by_another_opening_of_the_store()
    {
        using (var store = CreateEmpty())
        {
            Assert.Null(store.LastRun());
            Import(store, U(P("1", "a")));
            var t = DateTimeOffset.Parse("2022-02-01T08:30:00Z", System.Globalization.CultureInfo.InvariantCulture);
            store.RecordRun(new RunManifest(t, "0.1.0", "book1", PostHashes.Corpus(store), "mentions.v1", "stance.v1", 1, 0));
            store.RecordRun(new RunManifest(t.AddHours(1), "0.1.0", "book2", PostHashes.Corpus(store), "mentions.v1", "stance.v1", 1, 0));
        }
        using var again = Reopen();
        var last = again.LastRun()!;
        Assert.Equal(("book2", 1L), (last.CodebookHash, last.Posts));
        Assert.Equal(DateTimeOffset.Parse("2022-02-01T09:30:00Z", System.Globalization.CultureInfo.InvariantCulture), last.StartedAt);
        Assert.Equal(1, again.CountPosts());
    }

    [Fact]
    public void Draws_are_kept_with_their_units_across_analyses_and_recording_one_twice_changes_nothing()
    {
        var at = DateTimeOffset.Parse("2022-02-01T08:30:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var draw = new DrawRecord("d-1a2b", at, 7, "stratified", ["platform", "actor"], 198,
        [
            new DrawnUnit("telegram/100/1/csto", "telegram|csto", 25, 10, 0.4, 1),
            new DrawnUnit("youtube/UC/v/csto", "youtube|csto", 23, 9, 9 / 23.0, 0),
        ]);
        using (var store = CreateEmpty())
        {
            store.RecordDraw(draw);
            store.RecordDraw(draw with { Seed = 8 });
            using (var writer = store.BeginAnalysis()) writer.Commit();
        }
        using var again = Reopen();
        var back = Assert.Single(again.ReadDraws());
        Assert.Equal((draw.Id, draw.DrawnAt, 7, "stratified", 198), (back.Id, back.DrawnAt, back.Seed, back.Design, back.FrameUnits));
        Assert.Equal(["platform", "actor"], back.Strata);
        Assert.Equal(["youtube/UC/v/csto", "telegram/100/1/csto"], back.Units.Select(u => u.Key));
        Assert.Equal(draw.Units[1], back.Units[0]);
    }

    [Fact]
    public void A_held_out_label_is_stored_with_its_stance()
    {
        using var store = CreateEmpty();
        Import(store, U(P("1", "ОДКБ помогла")));
        var id = store.ReadPosts().Single().Id;
        using (var writer = store.BeginAnalysis())
        {
            writer.Write([new PostAnalysis(id, "ru", [], [new ActorStance("csto", new StanceResult("positive", 0.9, "m", [], 1) { HeldOutLabel = "neutral" })], [])]);
            writer.Commit();
        }
        Assert.Equal(("positive", "neutral"), store.ReadActorStances().Select(r => (r.Label, r.HeldOutLabel)).Single());
    }
}
