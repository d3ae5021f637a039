namespace Portrayal.Corpus;

/// <summary>One post, comment or video as imported from an export; fields the platform did not supply stay null.</summary>
public sealed record Post
{
    public required string Platform { get; init; }
    /// <summary>The account whose corpus the post belongs to (Telegram channel id, YouTube channel id, Instagram username).</summary>
    public required string Account { get; init; }
    public string? AccountName { get; init; }
    /// <summary>The platform's own id of the post (message id, video or comment id, shortcode).</summary>
    public required string NativeId { get; init; }
    /// <summary>Publication time with the offset the source gave (UTC when the source gives UTC).</summary>
    public required DateTimeOffset PublishedAt { get; init; }
    public required string Text { get; init; }
    public string Kind { get; init; } = PostKinds.Post;
    public string? Author { get; init; }
    public string? Url { get; init; }
    public string? Lang { get; init; }
    public DateTimeOffset? EditedAt { get; init; }
    public long? Views { get; init; }
    public long? Likes { get; init; }
    public long? Forwards { get; init; }
    public long? Comments { get; init; }
    /// <summary>Native id of the post this one replies to (a comment's parent, a video for a top-level comment).</summary>
    public string? ParentId { get; init; }
    public string? ForwardedFrom { get; init; }
    /// <summary>Links the post carries (Telegram text_link hrefs, URLs in entities), in order of appearance.</summary>
    public IReadOnlyList<string>? Links { get; init; }
    /// <summary>The source record as it was read (JSON), kept so nothing is lost.</summary>
    public string? Raw { get; init; }
    /// <summary>Source file path relative to the import root.</summary>
    public string? SourceFile { get; init; }

    public string Key => $"{Platform}/{Account}/{NativeId}";
}

public static class PostKinds
{
    public const string Post = "post";
    public const string Video = "video";
    public const string Comment = "comment";
    public const string Reply = "reply";
    /// <summary>A share of someone else's post (a retweet).</summary>
    public const string Repost = "repost";
}

public static class Platforms
{
    public const string Telegram = "telegram";
    public const string YouTube = "youtube";
    public const string Instagram = "instagram";
    public const string Twitter = "twitter";

    /// <summary>Platforms whose post ids are unique across the whole platform, not just within an account.</summary>
    public static bool HasGlobalIds(string platform) => platform is YouTube or Instagram or Twitter;
}

