using Dapper;
using Microsoft.Data.Sqlite;
using Portrayal.Corpus;
using Portrayal.Storage;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Storage;

/// <summary>The store contract on the embedded SQLite file, and its schema migrations.</summary>
public sealed class SqliteStoreTests : StoreContractTests
{
    private readonly TempDir _tmp = new();

    protected override ICorpusStore CreateEmpty() => Stores.Open(new StoreLocation(StoreKind.Sqlite, _tmp.File("store.db")));

    protected override ICorpusStore Reopen() => CreateEmpty();

    public override void Dispose() => _tmp.Dispose();

    /// <summary>The schema of version 2 as Portrayal wrote it, with one post and its mention.</summary>
    private static void WriteVersion2(string path)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        c.Execute("""
            CREATE TABLE posts (
              id INTEGER PRIMARY KEY,
              platform TEXT NOT NULL, account TEXT NOT NULL, account_name TEXT, native_id TEXT NOT NULL,
              kind TEXT NOT NULL, published_utc TEXT NOT NULL, utc_offset_minutes INTEGER NOT NULL,
              edited_utc TEXT, text TEXT NOT NULL, author TEXT, url TEXT,
              lang_source TEXT, lang TEXT,
              views INTEGER, likes INTEGER, forwards INTEGER, comments INTEGER,
              parent_id TEXT, forwarded_from TEXT, source_file TEXT, raw TEXT,
              content_hash TEXT NOT NULL, links TEXT,
              UNIQUE (platform, account, native_id));
            CREATE INDEX posts_native ON posts(platform, native_id);
            CREATE TABLE mentions (
              post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
              actor TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
              alias TEXT NOT NULL, surface TEXT NOT NULL, sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL);
            CREATE INDEX mentions_post ON mentions(post_id);
            CREATE TABLE stances (
              post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
              actor TEXT NOT NULL, label TEXT NOT NULL, confidence REAL NOT NULL, method TEXT NOT NULL,
              evidence TEXT NOT NULL, score REAL NOT NULL,
              PRIMARY KEY (post_id, actor));
            CREATE TABLE runs (
              id INTEGER PRIMARY KEY, started_utc TEXT NOT NULL, tool_version TEXT NOT NULL,
              codebook_hash TEXT NOT NULL, corpus_hash TEXT NOT NULL, mention_method TEXT NOT NULL,
              stance_method TEXT NOT NULL, posts INTEGER NOT NULL, mentions INTEGER NOT NULL);
            INSERT INTO posts (platform, account, native_id, kind, published_utc, utc_offset_minutes, text, content_hash)
              VALUES ('telegram', '1', '10', 'post', '2022-01-06T10:00:00Z', 360, 'ОДКБ пришла на помощь.', 'h');
            INSERT INTO mentions VALUES (1, 'csto', 0, 4, 'ОДКБ', 'ОДКБ', 0, 22);
            PRAGMA user_version = 2;
            """);
    }

    [Fact]
    public void A_version_2_store_is_migrated_keeping_its_posts_and_analysis()
    {
        var path = _tmp.File("old.db");
        WriteVersion2(path);

        using (var store = Stores.Open(new StoreLocation(StoreKind.Sqlite, path)))
        {
            Assert.Equal("ОДКБ пришла на помощь.", Assert.Single(store.ReadPosts()).Post.Text);
            Assert.Equal("csto", Assert.Single(store.ReadMentions()).Mention.Actor);
            Assert.Empty(store.ReadNarrativeHits());
        }
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        Assert.Equal(SqliteStore.SchemaVersion, c.ExecuteScalar<long>("PRAGMA user_version"));
        Assert.Equal(1L, c.ExecuteScalar<long>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'narrative_hits'"));
    }

    [Fact]
    public void A_store_written_by_a_newer_Portrayal_is_refused_and_left_untouched()
    {
        var path = _tmp.File("new.db");
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            c.Execute($"CREATE TABLE posts (id INTEGER PRIMARY KEY); PRAGMA user_version = {SqliteStore.SchemaVersion + 1};");
        }
        var e = Assert.Throws<InputError>(() => Stores.Open(new StoreLocation(StoreKind.Sqlite, path)));
        Assert.Equal("ST001", e.Code);
        Assert.Contains("newer Portrayal", e.Message);
    }
}
