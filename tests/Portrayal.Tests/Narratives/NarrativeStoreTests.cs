using Dapper;
using Microsoft.Data.Sqlite;
using Portrayal.Codebook;
using Portrayal.Corpus;
using Portrayal.Import;
using Portrayal.Mentions;
using Portrayal.Narratives;
using Portrayal.Pipeline;
using Portrayal.Stance;
using Portrayal.Storage;
using Portrayal.Tests.Support;
using Portrayal.Text;
using Xunit;

namespace Portrayal.Tests.Narratives;

public class NarrativeStoreTests
{
    private const string Book = """
        title: Test
        actors:
          - id: csto
            names: {ru: [ОДКБ], kk: [ҰҚШҰ], en: [CSTO]}
          - id: russia
            names: {ru: [Россия], kk: [Ресей], en: [Russia]}
        narratives:
          - id: csto-help
            query: 'actor:csto NEAR/3 (помощь OR көмек)'
          - id: russia-troops
            query: 'actor:russia AND (десант* OR әскер*)'
          - id: no-query
            label: Written down, no query yet
        """;

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
    public void A_version_2_store_is_migrated_to_version_3_keeping_its_posts_and_analysis()
    {
        using var tmp = new TempDir();
        var path = tmp.File("old.db");
        WriteVersion2(path);

        using (var store = new SqliteStore(path))
        {
            Assert.Equal("ОДКБ пришла на помощь.", Assert.Single(store.ReadPosts()).Post.Text);
            Assert.Equal("csto", Assert.Single(store.ReadMentions()).Mention.Actor);
            Assert.Empty(store.ReadNarrativeHits());
        }
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        Assert.Equal(3L, c.ExecuteScalar<long>("PRAGMA user_version"));
        Assert.Equal(1L, c.ExecuteScalar<long>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'narrative_hits'"));
    }

    [Fact]
    public void Analysis_stores_each_hit_with_its_evidence_and_a_new_analysis_replaces_them()
    {
        using var tmp = new TempDir();
        var book = CodebookLoader.Parse(Book, "codebook.yaml");
        using var store = new SqliteStore(tmp.File("s.db"));
        new ImportRunner(store).Import([Paths.Fixture("telegram"), Paths.Fixture("youtube")]);
        var analysis = new Analysis(new AliasMatcher(book), new LexiconStance(), new LanguageIdentifier(), NarrativeSet.Compile(book));

        var first = analysis.Run(store);
        var hits = store.ReadNarrativeHits().ToList();
        var second = analysis.Run(store);

        Assert.Equal(2, first.NarrativeHits);
        Assert.Equal(first, second);
        Assert.Equal(hits.Select(h => (h.PostId, h.Narrative, string.Join('|', h.Evidence))),
            store.ReadNarrativeHits().Select(h => (h.PostId, h.Narrative, string.Join('|', h.Evidence))));
        var posts = store.ReadPosts().ToDictionary(p => p.Id, p => p.Post.Text);
        var help = Assert.Single(hits, h => h.Narrative == "csto-help");
        Assert.StartsWith("ОДКБ в Казахстане: помощь", posts[help.PostId]);
        Assert.Equal(["ОДКБ", "помощь"], help.Evidence);
        var troops = Assert.Single(hits, h => h.Narrative == "russia-troops");
        Assert.Equal(["Ресейдің", "десантшылары"], troops.Evidence);

        using var c = new SqliteConnection($"Data Source={tmp.File("s.db")};Pooling=False");
        c.Open();
        Assert.Equal("[\"Ресейдің\",\"десантшылары\"]", c.ExecuteScalar<string>("SELECT evidence FROM narrative_hits WHERE narrative = 'russia-troops'"));
    }

    [Fact]
    public void A_broken_narrative_query_stops_the_run_before_anything_is_imported()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("codebook.yaml"), Book.Replace("(десант* OR әскер*)", "(десант* OR"));
        Directory.CreateDirectory(tmp.File("data/telegram"));
        File.Copy(Paths.Fixture("telegram", "result.json"), tmp.File("data/telegram/result.json"));

        var e = Assert.Throws<InputError>(() => new StudyRunner(TimeProvider.System).Run(Workspace.Open(tmp.Path)));

        Assert.Equal("NQ001", e.Code);
        Assert.StartsWith("line 11, narrative 'russia-troops', query column", e.Position);
        Assert.False(File.Exists(tmp.File("portrayal.db")));
    }
}
