namespace Portrayal.Corpus;

/// <summary>Where a workspace keeps its posts and analysis; SQLite by default, PostgreSQL later, one contract.</summary>
public interface ICorpusStore : IDisposable
{
    /// <summary>Opens a transaction for one imported file; nothing is visible or kept until Commit.</summary>
    IImportBatch BeginImport();

    /// <summary>Streams stored posts in id order without loading the corpus into memory.</summary>
    IEnumerable<StoredPost> ReadPosts();

    long CountPosts();

    /// <summary>Streams the posts a filter selects, in time order (then id).</summary>
    IEnumerable<StoredPost> QueryPosts(PostFilter filter);

    /// <summary>A fingerprint of the stored corpus (every post's key and content), the same for the same posts in any order of import.</summary>
    string CorpusHash();

    /// <summary>Replaces every mention and stance with a fresh analysis, in one transaction.</summary>
    IAnalysisBatch BeginAnalysis();

    /// <summary>Streams one row per (post, actor) with the stance the classifier gave.</summary>
    IEnumerable<ActorStanceRow> ReadActorStances();

    IEnumerable<(long PostId, Mention Mention)> ReadMentions();

    /// <summary>Streams the narratives found in each post by the last analysis, in post order.</summary>
    IEnumerable<NarrativeHitRow> ReadNarrativeHits();

    /// <summary>The latest recorded run, or null when the store was never analysed.</summary>
    RunManifest? LastRun();

    void RecordRun(RunManifest manifest);

}

public enum UpsertOutcome { Added, Updated, Unchanged }

public interface IImportBatch : IDisposable
{
    /// <summary>Adds the post, updates it when its content changed, or leaves it; <paramref name="insertOnly"/> never overwrites.</summary>
    UpsertOutcome Upsert(Post post, bool insertOnly = false);

    /// <summary>Moves posts filed under a provisional account (comments whose video was not yet imported) to the real one.</summary>
    int Rehome(string platform, string fromAccount, string toAccount, string? accountName);

    void Commit();
}

public interface IAnalysisBatch : IDisposable
{
    void SetLanguage(long postId, string lang);
    void AddMention(long postId, Mention mention);
    void AddStance(long postId, string actor, StanceResult stance);
    /// <summary>A narrative whose query the post satisfies, with the words that satisfied it.</summary>
    void AddNarrativeHit(long postId, string narrative, IReadOnlyList<string> evidence);
    void Commit();
}

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
    string Text, string? Url, long? Views, long? Likes, long? Forwards = null);

/// <summary>One narrative found in one post, with the words that satisfied its query.</summary>
public sealed record NarrativeHitRow(long PostId, string Narrative, IReadOnlyList<string> Evidence);

/// <summary>What a run used and produced, recorded so every figure can be traced to its inputs.</summary>
public sealed record RunManifest(
    DateTimeOffset StartedAt, string ToolVersion, string CodebookHash, string CorpusHash,
    string MentionMethod, string StanceMethod, long Posts, long Mentions);
