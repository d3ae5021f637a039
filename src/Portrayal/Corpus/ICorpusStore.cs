namespace Portrayal.Corpus;

/// <summary>
/// Where a workspace keeps its posts and analysis: SQLite by default, PostgreSQL for a team, one contract. Writes come
/// in batches (a file's posts, a slice of the analysis), never one round trip per post. Reads stream; a read may be
/// enumerated while an analysis writer of the same store is open (it sees the posts as they were before that analysis).
/// </summary>
public interface ICorpusStore : IDisposable
{
    /// <summary>Opens a transaction for one imported file; nothing is visible or kept until Commit.</summary>
    IImportBatch BeginImport();

    /// <summary>Streams stored posts in id order without loading the corpus into memory.</summary>
    IEnumerable<StoredPost> ReadPosts();

    long CountPosts();

    /// <summary>Streams the posts a filter selects, in time order (then id).</summary>
    IEnumerable<StoredPost> QueryPosts(PostFilter filter);

    /// <summary>Every post's key and content hash, ordered by key: what <see cref="PostHashes.Corpus"/> fingerprints.</summary>
    IEnumerable<PostKey> ReadPostKeys();

    /// <summary>Replaces every mention, stance and narrative hit with a fresh analysis, written batch by batch and kept only on Commit.</summary>
    IAnalysisWriter BeginAnalysis();

    /// <summary>Streams one row per (post, actor) with the stance the classifier gave.</summary>
    IEnumerable<ActorStanceRow> ReadActorStances();

    IEnumerable<(long PostId, Mention Mention)> ReadMentions();

    /// <summary>Streams the narratives found in each post by the last analysis, in post order.</summary>
    IEnumerable<NarrativeHitRow> ReadNarrativeHits();

    /// <summary>The latest recorded run, or null when the store was never analysed.</summary>
    RunManifest? LastRun();

    void RecordRun(RunManifest manifest);

    /// <summary>Keeps a draw of units for hand coding (a new analysis leaves draws alone); a draw whose id is already stored is left as it is.</summary>
    void RecordDraw(DrawRecord draw);

    /// <summary>Every recorded draw with its units, oldest first.</summary>
    IReadOnlyList<DrawRecord> ReadDraws();
}

/// <summary>
/// A draw of (post, actor) units for hand coding, kept so that every estimate knows how each code was drawn: its design
/// (simple, stratified, uncertainty), the fields it was stratified by, its seed and time, how many units the frame had,
/// and for each unit drawn its stratum and inclusion probability.
/// </summary>
public sealed record DrawRecord(
    string Id, DateTimeOffset DrawnAt, int Seed, string Design, IReadOnlyList<string> Strata, int FrameUnits, IReadOnlyList<DrawnUnit> Units);

/// <summary>
/// One unit of a draw (<paramref name="Key"/>: platform/account/post_id/actor): its stratum, how many units that stratum
/// had and how many it drew, the probability the design gave it of being drawn, and its place in the coding order.
/// </summary>
public sealed record DrawnUnit(string Key, string Stratum, int StratumUnits, int StratumDrawn, double InclusionProbability, int Order);

public enum UpsertOutcome { Added, Updated, Unchanged }

/// <summary>
/// One post to store. <paramref name="InsertOnly"/> never overwrites a stored post; <paramref name="Adopts"/> names a
/// provisional account (comments filed under <c>video:ID</c> before their video arrived) whose posts move to this post's account.
/// </summary>
public sealed record PostUpsert(Post Post, bool InsertOnly = false, string? Adopts = null);

public interface IImportBatch : IDisposable
{
    /// <summary>Adds each post, updates it when its content changed, or leaves it, in order; one outcome per post.</summary>
    IReadOnlyList<UpsertOutcome> Upsert(IReadOnlyList<PostUpsert> posts);

    void Commit();
}

/// <summary>What the analysis found in one post: the language it identified (null when the source gave one), mentions, stances, narratives.</summary>
public sealed record PostAnalysis(
    long PostId, string? IdentifiedLanguage, IReadOnlyList<Mention> Mentions, IReadOnlyList<ActorStance> Stances, IReadOnlyList<NarrativeHit> Narratives);

/// <summary>The stance toward one actor in one post.</summary>
public sealed record ActorStance(string Actor, StanceResult Stance);

/// <summary>A narrative whose query the post satisfies, with the words that satisfied it.</summary>
public sealed record NarrativeHit(string Narrative, IReadOnlyList<string> Evidence);

public interface IAnalysisWriter : IDisposable
{
    void Write(IReadOnlyList<PostAnalysis> batch);
    void Commit();
}

/// <summary>A post's identity (platform, account, native id) and the hash of its content.</summary>
public sealed record PostKey(string Platform, string Account, string NativeId, string ContentHash);

/// <summary>
/// Which posts to list: platform, account (its id or its name, case-insensitive), a time range (inclusive from,
/// exclusive to, both instants) and language (the identified one, else the source's).
/// </summary>
public sealed record PostFilter
{
    public string? Platform { get; init; }
    public string? Account { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? Until { get; init; }
    public string? Lang { get; init; }
}

/// <summary>A post as stored, with its row id.</summary>
public sealed record StoredPost(long Id, Post Post);

/// <summary>One (post, actor) unit with its stance, for the statistics.</summary>
public sealed record ActorStanceRow(
    long PostId, string Platform, string Account, string? AccountName, string NativeId, DateTimeOffset PublishedAt,
    string? Lang, string Actor, string Label, double Confidence, string Method, IReadOnlyList<string> Evidence,
    string Text, string? Url, long? Views, long? Likes, long? Forwards = null, string? HeldOutLabel = null);

/// <summary>One narrative found in one post, with the words that satisfied its query.</summary>
public sealed record NarrativeHitRow(long PostId, string Narrative, IReadOnlyList<string> Evidence);

/// <summary>What a run used and produced, recorded so every figure can be traced to its inputs.</summary>
public sealed record RunManifest(
    DateTimeOffset StartedAt, string ToolVersion, string CodebookHash, string CorpusHash,
    string MentionMethod, string StanceMethod, long Posts, long Mentions);
