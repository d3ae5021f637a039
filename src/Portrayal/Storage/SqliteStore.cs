using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Portrayal.Corpus;

namespace Portrayal.Storage;

/// <summary>The embedded default store: one SQLite file per workspace.</summary>
public sealed class SqliteStore : ICorpusStore
{
    public const int SchemaVersion = 4;
    private readonly SqliteConnection _connection;

    public SqliteStore(string path)
    {
        Path = path;
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        _connection.Open();
        Migrate();
    }

    public string Path { get; }

    private void Migrate()
    {
        _connection.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
        var version = _connection.ExecuteScalar<long>("PRAGMA user_version");
        if (version > SchemaVersion)
            throw new InputError("ST001", Path, null,
                $"this store was written by a newer Portrayal (schema {version}, this one knows {SchemaVersion}).");
        if (version == SchemaVersion) return;
        using var tx = _connection.BeginTransaction();
        // Version 1 lacked posts.links; version 2 lacked narrative_hits, version 3 the draws (created below like every
        // table) and stances.held_out_label.
        if (version == 1)
            _connection.Execute("ALTER TABLE posts ADD COLUMN links TEXT", transaction: tx);
        if (version is >= 1 and <= 3)
            _connection.Execute("ALTER TABLE stances ADD COLUMN held_out_label TEXT", transaction: tx);
        _connection.Execute("""
            CREATE TABLE IF NOT EXISTS posts (
              id INTEGER PRIMARY KEY,
              platform TEXT NOT NULL, account TEXT NOT NULL, account_name TEXT, native_id TEXT NOT NULL,
              kind TEXT NOT NULL, published_utc TEXT NOT NULL, utc_offset_minutes INTEGER NOT NULL,
              edited_utc TEXT, text TEXT NOT NULL, author TEXT, url TEXT,
              lang_source TEXT, lang TEXT,
              views INTEGER, likes INTEGER, forwards INTEGER, comments INTEGER,
              parent_id TEXT, forwarded_from TEXT, source_file TEXT, raw TEXT,
              content_hash TEXT NOT NULL, links TEXT,
              UNIQUE (platform, account, native_id));
            CREATE INDEX IF NOT EXISTS posts_native ON posts(platform, native_id);
            CREATE TABLE IF NOT EXISTS mentions (
              post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
              actor TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
              alias TEXT NOT NULL, surface TEXT NOT NULL, sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS mentions_post ON mentions(post_id);
            CREATE TABLE IF NOT EXISTS stances (
              post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
              actor TEXT NOT NULL, label TEXT NOT NULL, confidence REAL NOT NULL, method TEXT NOT NULL,
              evidence TEXT NOT NULL, score REAL NOT NULL, held_out_label TEXT,
              PRIMARY KEY (post_id, actor));
            CREATE TABLE IF NOT EXISTS narrative_hits (
              post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
              narrative TEXT NOT NULL, evidence TEXT NOT NULL,
              PRIMARY KEY (post_id, narrative));
            CREATE INDEX IF NOT EXISTS narrative_hits_narrative ON narrative_hits(narrative);
            CREATE TABLE IF NOT EXISTS runs (
              id INTEGER PRIMARY KEY, started_utc TEXT NOT NULL, tool_version TEXT NOT NULL,
              codebook_hash TEXT NOT NULL, corpus_hash TEXT NOT NULL, mention_method TEXT NOT NULL,
              stance_method TEXT NOT NULL, posts INTEGER NOT NULL, mentions INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS draws (
              id TEXT PRIMARY KEY, drawn_utc TEXT NOT NULL, seed INTEGER NOT NULL, design TEXT NOT NULL,
              strata TEXT NOT NULL, frame_units INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS drawn_units (
              draw_id TEXT NOT NULL REFERENCES draws(id) ON DELETE CASCADE, unit TEXT NOT NULL, stratum TEXT NOT NULL,
              stratum_units INTEGER NOT NULL, stratum_drawn INTEGER NOT NULL, inclusion_probability REAL NOT NULL,
              draw_order INTEGER NOT NULL,
              PRIMARY KEY (draw_id, unit));
            """, transaction: tx);
        _connection.Execute($"PRAGMA user_version = {SchemaVersion}", transaction: tx);
        tx.Commit();
    }

    public IImportBatch BeginImport() => new ImportBatch(_connection);

    public long CountPosts() => _connection.ExecuteScalar<long>("SELECT count(*) FROM posts");

    public IEnumerable<PostKey> ReadPostKeys()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT platform, account, native_id, content_hash FROM posts ORDER BY platform, account, native_id";
        using var r = cmd.ExecuteReader();
        while (r.Read()) yield return new PostKey(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3));
    }

    public IEnumerable<StoredPost> ReadPosts()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"SELECT {PostColumns} FROM posts ORDER BY id";
        using var reader = cmd.ExecuteReader();
        while (reader.Read()) yield return new StoredPost(reader.GetInt64(0), ReadPost(reader, 1));
    }

    public IEnumerable<StoredPost> QueryPosts(PostFilter filter)
    {
        var where = new List<string>();
        using var cmd = _connection.CreateCommand();
        void Add(string clause, string name, object value)
        {
            where.Add(clause);
            cmd.Parameters.AddWithValue(name, value);
        }
        if (filter.Platform is { } platform) Add("platform = $platform", "$platform", platform.ToLowerInvariant());
        if (filter.Account is { } account) Add("(account = $account OR lower(account_name) = lower($account))", "$account", account);
        if (filter.From is { } from) Add("published_utc >= $from", "$from", FormatUtc(from));
        if (filter.Until is { } until) Add("published_utc < $until", "$until", FormatUtc(until));
        if (filter.Lang is { } lang) Add("coalesce(lang, lang_source) = $lang", "$lang", lang);
        cmd.CommandText = $"SELECT {PostColumns} FROM posts" + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") +
                          " ORDER BY published_utc, id";
        using var reader = cmd.ExecuteReader();
        while (reader.Read()) yield return new StoredPost(reader.GetInt64(0), ReadPost(reader, 1));
    }

    private const string PostColumns =
        "id, platform, account, account_name, native_id, kind, published_utc, utc_offset_minutes, edited_utc, text, author, url, " +
        "coalesce(lang, lang_source), views, likes, forwards, comments, parent_id, forwarded_from, source_file, links";

    private static Post ReadPost(SqliteDataReader r, int o)
    {
        var offset = TimeSpan.FromMinutes(r.GetInt64(o + 6));
        return new Post
        {
            Platform = r.GetString(o),
            Account = r.GetString(o + 1),
            AccountName = NullableString(r, o + 2),
            NativeId = r.GetString(o + 3),
            Kind = r.GetString(o + 4),
            PublishedAt = DateTimeOffset.Parse(r.GetString(o + 5), System.Globalization.CultureInfo.InvariantCulture).ToOffset(offset),
            EditedAt = NullableString(r, o + 7) is { } e ? DateTimeOffset.Parse(e, System.Globalization.CultureInfo.InvariantCulture) : null,
            Text = r.GetString(o + 8),
            Author = NullableString(r, o + 9),
            Url = NullableString(r, o + 10),
            Lang = NullableString(r, o + 11),
            Views = NullableLong(r, o + 12),
            Likes = NullableLong(r, o + 13),
            Forwards = NullableLong(r, o + 14),
            Comments = NullableLong(r, o + 15),
            ParentId = NullableString(r, o + 16),
            ForwardedFrom = NullableString(r, o + 17),
            SourceFile = NullableString(r, o + 18),
            Links = NullableString(r, o + 19) is { } links ? JsonSerializer.Deserialize<string[]>(links) : null,
        };
    }

    private static string? NullableString(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
    private static long? NullableLong(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    public IAnalysisWriter BeginAnalysis() => new AnalysisWriter(_connection);

    public IEnumerable<ActorStanceRow> ReadActorStances()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = """
            SELECT s.post_id, p.platform, p.account, p.account_name, p.native_id, p.published_utc, p.utc_offset_minutes,
                   coalesce(p.lang, p.lang_source), s.actor, s.label, s.confidence, s.method, s.evidence, p.text, p.url, p.views, p.likes, p.forwards,
                   s.held_out_label
            FROM stances s JOIN posts p ON p.id = s.post_id
            ORDER BY s.post_id, s.actor
            """;
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            yield return new ActorStanceRow(
                r.GetInt64(0), r.GetString(1), r.GetString(2), NullableString(r, 3), r.GetString(4),
                DateTimeOffset.Parse(r.GetString(5), System.Globalization.CultureInfo.InvariantCulture)
                    .ToOffset(TimeSpan.FromMinutes(r.GetInt64(6))),
                NullableString(r, 7), r.GetString(8), r.GetString(9), r.GetDouble(10), r.GetString(11),
                JsonSerializer.Deserialize<string[]>(r.GetString(12)) ?? [],
                r.GetString(13), NullableString(r, 14), NullableLong(r, 15), NullableLong(r, 16), NullableLong(r, 17), NullableString(r, 18));
        }
    }

    public IEnumerable<(long PostId, Mention Mention)> ReadMentions()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = """SELECT post_id, actor, start, "end", alias, surface, sentence_start, sentence_end FROM mentions ORDER BY post_id, start""";
        using var r = cmd.ExecuteReader();
        while (r.Read())
            yield return (r.GetInt64(0), new Mention(r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.GetString(4), r.GetString(5), r.GetInt32(6), r.GetInt32(7)));
    }

    public IEnumerable<NarrativeHitRow> ReadNarrativeHits()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT post_id, narrative, evidence FROM narrative_hits ORDER BY post_id, narrative";
        using var r = cmd.ExecuteReader();
        while (r.Read())
            yield return new NarrativeHitRow(r.GetInt64(0), r.GetString(1), JsonSerializer.Deserialize<string[]>(r.GetString(2)) ?? []);
    }

    public RunManifest? LastRun()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT started_utc, tool_version, codebook_hash, corpus_hash, mention_method, stance_method, posts, mentions FROM runs ORDER BY id DESC LIMIT 1";
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        return new RunManifest(DateTimeOffset.Parse(r.GetString(0), System.Globalization.CultureInfo.InvariantCulture), r.GetString(1), r.GetString(2),
            r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt64(6), r.GetInt64(7));
    }

    public void RecordRun(RunManifest m) =>
        _connection.Execute("""
            INSERT INTO runs (started_utc, tool_version, codebook_hash, corpus_hash, mention_method, stance_method, posts, mentions)
            VALUES (@Started, @ToolVersion, @CodebookHash, @CorpusHash, @MentionMethod, @StanceMethod, @Posts, @Mentions)
            """, new
        {
            Started = FormatUtc(m.StartedAt), m.ToolVersion, m.CodebookHash, m.CorpusHash, m.MentionMethod, m.StanceMethod,
            m.Posts, m.Mentions,
        });

    public void RecordDraw(DrawRecord draw)
    {
        using var tx = _connection.BeginTransaction();
        var added = _connection.Execute(
            "INSERT OR IGNORE INTO draws (id, drawn_utc, seed, design, strata, frame_units) VALUES (@Id, @At, @Seed, @Design, @Strata, @FrameUnits)",
            new { draw.Id, At = FormatUtc(draw.DrawnAt), draw.Seed, draw.Design, Strata = JsonSerializer.Serialize(draw.Strata), draw.FrameUnits }, tx);
        if (added == 1)
            _connection.Execute("""
                INSERT INTO drawn_units (draw_id, unit, stratum, stratum_units, stratum_drawn, inclusion_probability, draw_order)
                VALUES (@Draw, @Key, @Stratum, @StratumUnits, @StratumDrawn, @InclusionProbability, @Order)
                """, draw.Units.Select(u => new { Draw = draw.Id, u.Key, u.Stratum, u.StratumUnits, u.StratumDrawn, u.InclusionProbability, u.Order }), tx);
        tx.Commit();
    }

    public IReadOnlyList<DrawRecord> ReadDraws()
    {
        var units = _connection.Query("SELECT draw_id, unit, stratum, stratum_units, stratum_drawn, inclusion_probability, draw_order FROM drawn_units ORDER BY draw_id, draw_order")
            .Select(r => ((string)r.draw_id, new DrawnUnit((string)r.unit, (string)r.stratum, (int)(long)r.stratum_units, (int)(long)r.stratum_drawn, (double)r.inclusion_probability, (int)(long)r.draw_order)))
            .ToLookup(x => x.Item1, x => x.Item2);
        return _connection.Query("SELECT id, drawn_utc, seed, design, strata, frame_units FROM draws ORDER BY drawn_utc, id")
            .Select(r => new DrawRecord((string)r.id, DateTimeOffset.Parse((string)r.drawn_utc, System.Globalization.CultureInfo.InvariantCulture),
                (int)(long)r.seed, (string)r.design, JsonSerializer.Deserialize<string[]>((string)r.strata) ?? [], (int)(long)r.frame_units,
                units[(string)r.id].ToList()))
            .ToList();
    }

    private static string FormatUtc(DateTimeOffset t) => PostHashes.Utc(t);

    public void Dispose() => _connection.Dispose();

    private sealed class ImportBatch : IImportBatch
    {
        private readonly SqliteTransaction _tx;
        private readonly SqliteCommand _find;
        private readonly SqliteCommand _insert;
        private readonly SqliteCommand _update;
        private readonly SqliteCommand _rehome;
        private readonly SqliteCommand _findGlobal;
        private bool _done;

        public ImportBatch(SqliteConnection connection)
        {
            _tx = connection.BeginTransaction();
            // Where the platform's ids are unique on their own (YouTube, Instagram, X), a post is found whatever account it was
            // filed under, so a comment imported before its video moves to the video's channel instead of being duplicated.
            // Two statements, each served by an index (an OR of the two would scan the table for every post).
            _find = Find(connection, "account = $account");
            _findGlobal = Find(connection, "1 = 1");
            _rehome = connection.CreateCommand();
            _rehome.Transaction = _tx;
            _rehome.CommandText = "UPDATE posts SET account = $to, account_name = coalesce($name, account_name) WHERE platform = $platform AND account = $from";
            foreach (var p in new[] { "$to", "$name", "$platform", "$from" }) _rehome.Parameters.Add(new SqliteParameter(p, null));

            string[] columns =
            [
                "platform", "account", "account_name", "native_id", "kind", "published_utc", "utc_offset_minutes", "edited_utc",
                "text", "author", "url", "lang_source", "views", "likes", "forwards", "comments", "parent_id", "forwarded_from",
                "source_file", "raw", "content_hash", "links",
            ];
            _insert = Prepared(connection, _tx,
                $"INSERT INTO posts ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "$" + c))})", columns);
            var settable = columns.Where(c => c is not ("platform" or "native_id")).ToArray();
            _update = Prepared(connection, _tx,
                $"UPDATE posts SET {string.Join(", ", settable.Select(c => $"{c} = ${c}"))}, lang = NULL WHERE id = $id",
                [.. columns, "id"]);
        }

        private SqliteCommand Find(SqliteConnection connection, string accountCondition)
        {
            var cmd = connection.CreateCommand();
            cmd.Transaction = _tx;
            cmd.CommandText = "SELECT id, content_hash, account FROM posts WHERE platform = $platform AND native_id = $native_id " +
                              $"AND {accountCondition} ORDER BY id LIMIT 1";
            cmd.Parameters.Add("$platform", SqliteType.Text);
            cmd.Parameters.Add("$native_id", SqliteType.Text);
            if (accountCondition.Contains("$account", StringComparison.Ordinal)) cmd.Parameters.Add("$account", SqliteType.Text);
            return cmd;
        }

        private static SqliteCommand Prepared(SqliteConnection connection, SqliteTransaction tx, string sql, string[] parameters)
        {
            var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = sql;
            foreach (var p in parameters) cmd.Parameters.Add(new SqliteParameter("$" + p, null));
            return cmd;
        }

        public IReadOnlyList<UpsertOutcome> Upsert(IReadOnlyList<PostUpsert> posts)
        {
            var outcomes = new UpsertOutcome[posts.Count];
            for (var i = 0; i < posts.Count; i++)
            {
                outcomes[i] = Upsert(posts[i].Post, posts[i].InsertOnly);
                if (posts[i].Adopts is { } provisional) Rehome(posts[i].Post.Platform, provisional, posts[i].Post.Account, posts[i].Post.AccountName);
            }
            return outcomes;
        }

        private UpsertOutcome Upsert(Post post, bool insertOnly)
        {
            var hash = PostHashes.Content(post);
            var global = Platforms.HasGlobalIds(post.Platform);
            var find = global ? _findGlobal : _find;
            find.Parameters["$platform"].Value = post.Platform;
            find.Parameters["$native_id"].Value = post.NativeId;
            if (!global) find.Parameters["$account"].Value = post.Account;
            long? id = null;
            string? existing = null, account = null;
            using (var r = find.ExecuteReader())
            {
                if (r.Read())
                {
                    id = r.GetInt64(0);
                    existing = r.GetString(1);
                    account = r.GetString(2);
                }
            }
            if (id is null)
            {
                Bind(_insert, post, hash);
                _insert.ExecuteNonQuery();
                return UpsertOutcome.Added;
            }
            if (insertOnly || (existing == hash && account == post.Account)) return UpsertOutcome.Unchanged;
            Bind(_update, post, hash);
            _update.Parameters["$id"].Value = id.Value;
            _update.ExecuteNonQuery();
            return UpsertOutcome.Updated;
        }

        private void Rehome(string platform, string fromAccount, string toAccount, string? accountName)
        {
            _rehome.Parameters["$to"].Value = toAccount;
            _rehome.Parameters["$name"].Value = (object?)accountName ?? DBNull.Value;
            _rehome.Parameters["$platform"].Value = platform;
            _rehome.Parameters["$from"].Value = fromAccount;
            _rehome.ExecuteNonQuery();
        }

        private static void Bind(SqliteCommand cmd, Post p, string hash)
        {
            void Set(string name, object? value) => cmd.Parameters["$" + name].Value = value ?? DBNull.Value;
            Set("platform", p.Platform);
            Set("account", p.Account);
            Set("account_name", p.AccountName);
            Set("native_id", p.NativeId);
            Set("kind", p.Kind);
            Set("published_utc", FormatUtc(p.PublishedAt));
            Set("utc_offset_minutes", (long)p.PublishedAt.Offset.TotalMinutes);
            Set("edited_utc", p.EditedAt is { } e ? FormatUtc(e) : null);
            Set("text", p.Text);
            Set("author", p.Author);
            Set("url", p.Url);
            Set("lang_source", p.Lang);
            Set("views", p.Views);
            Set("likes", p.Likes);
            Set("forwards", p.Forwards);
            Set("comments", p.Comments);
            Set("parent_id", p.ParentId);
            Set("forwarded_from", p.ForwardedFrom);
            Set("source_file", p.SourceFile);
            Set("raw", p.Raw);
            Set("content_hash", hash);
            Set("links", p.Links is { Count: > 0 } links ? JsonSerializer.Serialize(links) : null);
        }

        public void Commit()
        {
            _tx.Commit();
            _done = true;
        }

        public void Dispose()
        {
            if (!_done) _tx.Rollback();
            _find.Dispose();
            _findGlobal.Dispose();
            _insert.Dispose();
            _update.Dispose();
            _rehome.Dispose();
            _tx.Dispose();
        }
    }

    /// <summary>Evidence words stay readable in the database (Cyrillic and Kazakh letters not escaped).</summary>
    private static readonly JsonSerializerOptions EvidenceJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed class AnalysisWriter : IAnalysisWriter
    {
        private readonly SqliteTransaction _tx;
        private readonly SqliteCommand _lang;
        private readonly SqliteCommand _mention;
        private readonly SqliteCommand _stance;
        private readonly SqliteCommand _narrative;
        private bool _done;

        public AnalysisWriter(SqliteConnection connection)
        {
            _tx = connection.BeginTransaction();
            connection.Execute("DELETE FROM mentions; DELETE FROM stances; DELETE FROM narrative_hits;", transaction: _tx);
            _lang = Command(connection, "UPDATE posts SET lang = $lang WHERE id = $id", "$lang", "$id");
            _mention = Command(connection,
                """INSERT INTO mentions (post_id, actor, start, "end", alias, surface, sentence_start, sentence_end) VALUES ($p, $a, $s, $e, $al, $su, $ss, $se)""",
                "$p", "$a", "$s", "$e", "$al", "$su", "$ss", "$se");
            _stance = Command(connection,
                "INSERT INTO stances (post_id, actor, label, confidence, method, evidence, score, held_out_label) VALUES ($p, $a, $l, $c, $m, $ev, $sc, $h)",
                "$p", "$a", "$l", "$c", "$m", "$ev", "$sc", "$h");
            _narrative = Command(connection, "INSERT INTO narrative_hits (post_id, narrative, evidence) VALUES ($p, $n, $ev)", "$p", "$n", "$ev");
        }

        private SqliteCommand Command(SqliteConnection connection, string sql, params string[] names)
        {
            var cmd = connection.CreateCommand();
            cmd.Transaction = _tx;
            cmd.CommandText = sql;
            foreach (var n in names) cmd.Parameters.Add(new SqliteParameter(n, null));
            return cmd;
        }

        private static void Run(SqliteCommand cmd, params object[] values)
        {
            for (var i = 0; i < values.Length; i++) cmd.Parameters[i].Value = values[i];
            cmd.ExecuteNonQuery();
        }

        public void Write(IReadOnlyList<PostAnalysis> batch)
        {
            foreach (var post in batch)
            {
                var id = post.PostId;
                if (post.IdentifiedLanguage is { } lang) Run(_lang, lang, id);
                foreach (var m in post.Mentions) Run(_mention, id, m.Actor, m.Start, m.End, m.Alias, m.Surface, m.SentenceStart, m.SentenceEnd);
                foreach (var (actor, s) in post.Stances)
                    Run(_stance, id, actor, s.Label, s.Confidence, s.Method, JsonSerializer.Serialize(s.Evidence), s.Score, (object?)s.HeldOutLabel ?? DBNull.Value);
                foreach (var hit in post.Narratives) Run(_narrative, id, hit.Narrative, JsonSerializer.Serialize(hit.Evidence, EvidenceJson));
            }
        }

        public void Commit()
        {
            _tx.Commit();
            _done = true;
        }

        public void Dispose()
        {
            if (!_done) _tx.Rollback();
            _narrative.Dispose();
            _lang.Dispose();
            _mention.Dispose();
            _stance.Dispose();
            _tx.Dispose();
        }
    }
}
