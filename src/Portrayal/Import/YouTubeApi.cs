using System.Net;
using System.Text;
using System.Text.Json;
using Portrayal.Corpus;

namespace Portrayal.Import;

/// <summary>
/// YouTube Data API v3 responses saved as JSON: videos.list (title and description are the post text), search.list
/// (video results, kept only until the full video arrives), commentThreads.list (top-level comments and their
/// replies) and comments.list pages, and single video / commentThread / comment resources. A comment whose channel is
/// not known yet (the response omits it and its video was not imported) is filed under a provisional account
/// "video:ID" and moves to the channel when the video is imported, in this run or a later one.
/// </summary>
public sealed class YouTubeApi : IImporter
{
    private const string VideoList = "youtube#videoListResponse";
    private const string CommentThreadList = "youtube#commentThreadListResponse";
    private const string CommentList = "youtube#commentListResponse";
    private const string SearchList = "youtube#searchListResponse";
    private const string VideoResource = "youtube#video";
    private const string CommentThreadResource = "youtube#commentThread";
    private const string CommentResource = "youtube#comment";

    public string Name => "import.youtube-data-api-v3.v2";

    /// <summary>Search results first, then videos (which replace them), then comments, which find their channel in the videos.</summary>
    public int Order(FileProbe probe) =>
        Mentions(probe, SearchList) ? 19 : Mentions(probe, VideoList) || RootKind(probe) == VideoResource ? 20 : 21;

    public bool Recognises(FileProbe probe) =>
        Mentions(probe, VideoList) || Mentions(probe, CommentThreadList) || Mentions(probe, CommentList) || Mentions(probe, SearchList)
        || RootKind(probe) is VideoResource or CommentThreadResource or CommentResource;

    /// <summary>The "kind" of a single resource (an insert response): the first "kind" in the file, before any nested one.</summary>
    private static string? RootKind(FileProbe probe)
    {
        var head = probe.Head.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (!head.StartsWith('{')) return null;
        var i = head.IndexOf("\"kind\"", StringComparison.Ordinal);
        if (i < 0 || head.IndexOf('{', 1) is var nested and > 0 && nested < i) return null;
        var open = head.IndexOf('"', head.IndexOf(':', i) + 1);
        var close = open < 0 ? -1 : head.IndexOf('"', open + 1);
        return close < 0 ? null : head[(open + 1)..close];
    }

    /// <summary>The provisional account of comments whose video's channel is not known yet.</summary>
    public static string ProvisionalAccount(string videoId) => "video:" + videoId;

    private static bool Mentions(FileProbe probe, string kind) => probe.Head.Contains($"\"{kind}\"", StringComparison.Ordinal);

    public IEnumerable<ImportRecord> Read(Stream stream, ImportContext context)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw context.Error("IMP001", JsonLines.Position(e), $"the JSON is malformed: {JsonLines.Clean(e.Message)}", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            var kind = root.ValueKind == JsonValueKind.Object ? JsonFields.String(root, "kind") : null;
            IEnumerable<JsonElement> items;
            if (kind is VideoResource or CommentThreadResource or CommentResource) items = [root];
            else if (!root.TryGetProperty("items", out var list) || list.ValueKind != JsonValueKind.Array)
                throw context.Error("IMP003", null, "field 'items' is missing or not an array");
            else items = list.EnumerateArray();
            var index = 0;
            foreach (var item in items)
            {
                var position = $"items[{index++}]";
                List<ImportRecord> records;
                try
                {
                    records = kind switch
                    {
                        VideoList or VideoResource => [Video(item, context)],
                        SearchList => [SearchResult(item, context)],
                        CommentThreadList or CommentThreadResource => Thread(item, context),
                        CommentList or CommentResource => [Comment(item, JsonFields.String(Snippet(item), "videoId"), context)],
                        _ => throw context.Error("IMP002", null, $"unsupported response kind '{kind}'"),
                    };
                }
                catch (FieldError e)
                {
                    throw context.Error("IMP003", $"{position} ({Id(item)})", e.Message);
                }
                foreach (var r in records) yield return r;
            }
        }
    }

    private static string Id(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? $"id {id.GetString()}"
            : "no id";

    private static JsonElement Snippet(JsonElement item) =>
        JsonFields.Object(item, "snippet") ?? throw new FieldError("snippet", "is missing");

    private static ImportRecord Video(JsonElement item, ImportContext context)
    {
        var snippet = Snippet(item);
        var video = VideoPost(JsonFields.RequiredString(item, "id"), snippet, item, context, insertOnly: false);
        var stats = JsonFields.Object(item, "statistics");
        return video with
        {
            Post = video.Post with
            {
                Lang = Language(JsonFields.String(snippet, "defaultAudioLanguage") ?? JsonFields.String(snippet, "defaultLanguage")),
                Views = stats is { } s ? JsonFields.Count(s, "viewCount") : null,
                Likes = stats is { } s2 ? JsonFields.Count(s2, "likeCount") : null,
                Comments = stats is { } s3 ? JsonFields.Count(s3, "commentCount") : null,
            },
        };
    }

    /// <summary>A search.list result: a video with a cut description and no statistics, stored only when the full video is absent.</summary>
    private static ImportRecord SearchResult(JsonElement item, ImportContext context)
    {
        var idObject = JsonFields.Object(item, "id") ?? throw new FieldError("id", "is missing");
        var resultKind = JsonFields.String(idObject, "kind");
        if (resultKind != VideoResource) return new Skipped($"search result that is not a video ({resultKind ?? "no kind"})");
        var id = JsonFields.RequiredString(idObject, "videoId");
        var snippet = Snippet(item);
        return VideoPost(id, snippet, item, context, insertOnly: true);
    }

    /// <summary>
    /// A video as a post: title and description are its text. The channel is remembered for the comments that follow,
    /// and the video adopts comments filed under its provisional account. A search result (insert-only) keeps a channel
    /// learnt from videos.list, and its HTML-escaped title (&amp;quot; &amp;#39;) is decoded.
    /// </summary>
    private static Imported VideoPost(string id, JsonElement snippet, JsonElement item, ImportContext context, bool insertOnly)
    {
        var channel = JsonFields.RequiredString(snippet, "channelId");
        var channelTitle = JsonFields.String(snippet, "channelTitle");
        if (insertOnly) context.VideoChannels.TryAdd(id, (channel, channelTitle));
        else context.VideoChannels[id] = (channel, channelTitle);
        var title = JsonFields.String(snippet, "title") ?? "";
        var description = JsonFields.String(snippet, "description") ?? "";
        var text = description.Length == 0 ? title : title + "\n\n" + description;
        return new Imported(new Post
        {
            Platform = Platforms.YouTube,
            Account = channel,
            AccountName = channelTitle,
            NativeId = id,
            Kind = PostKinds.Video,
            PublishedAt = JsonFields.Time(snippet, "publishedAt") ?? throw new FieldError("snippet.publishedAt", "is missing"),
            Text = (insertOnly ? WebUtility.HtmlDecode(text) : text).Normalize(NormalizationForm.FormC),
            Author = channelTitle,
            Url = $"https://www.youtube.com/watch?v={id}",
            Raw = item.GetRawText(),
            SourceFile = context.RelativePath,
        }, insertOnly) { Adopts = ProvisionalAccount(id) };
    }

    private static List<ImportRecord> Thread(JsonElement item, ImportContext context)
    {
        var snippet = Snippet(item);
        var top = JsonFields.Object(snippet, "topLevelComment") ?? throw new FieldError("snippet.topLevelComment", "is missing");
        var videoId = JsonFields.String(snippet, "videoId");
        var channel = JsonFields.String(snippet, "channelId");
        var records = new List<ImportRecord> { Comment(top, videoId, context, channel) };
        if (JsonFields.Object(item, "replies") is { } replies && replies.TryGetProperty("comments", out var comments))
            foreach (var reply in comments.EnumerateArray())
                records.Add(Comment(reply, videoId, context, channel));
        return records;
    }

    private static ImportRecord Comment(JsonElement comment, string? videoId, ImportContext context, string? threadChannel = null)
    {
        var id = JsonFields.RequiredString(comment, "id");
        var s = JsonFields.Object(comment, "snippet") ?? throw new FieldError("snippet", "is missing");
        videoId = JsonFields.String(s, "videoId") ?? videoId;
        var parent = JsonFields.String(s, "parentId");
        var channel = threadChannel ?? JsonFields.String(s, "channelId");
        string? channelTitle = null;
        if (videoId is not null && context.VideoChannels.TryGetValue(videoId, out var known))
        {
            channel ??= known.Channel;
            channelTitle = known.Title;
        }
        if (channel is null)
            channel = videoId is null
                ? throw new FieldError("snippet.channelId", "is missing and so is snippet.videoId: the comment belongs to nothing")
                : ProvisionalAccount(videoId);
        var text = JsonFields.String(s, "textOriginal") ?? StripHtml(JsonFields.String(s, "textDisplay") ?? "");
        if (string.IsNullOrWhiteSpace(text)) return new Skipped("empty comment");
        var published = JsonFields.Time(s, "publishedAt") ?? throw new FieldError("snippet.publishedAt", "is missing");
        var updated = JsonFields.Time(s, "updatedAt");
        return new Imported(new Post
        {
            Platform = Platforms.YouTube,
            Account = channel,
            AccountName = channelTitle,
            NativeId = id,
            Kind = parent is null ? PostKinds.Comment : PostKinds.Reply,
            PublishedAt = published,
            EditedAt = updated is { } u && u > published ? u : null,
            Text = text.Normalize(NormalizationForm.FormC),
            Author = JsonFields.String(s, "authorDisplayName"),
            Url = videoId is null ? null : $"https://www.youtube.com/watch?v={videoId}&lc={id}",
            Likes = JsonFields.Count(s, "likeCount"),
            ParentId = parent ?? videoId,
            Raw = comment.GetRawText(),
            SourceFile = context.RelativePath,
        });
    }

    /// <summary>textDisplay is HTML; used only when textOriginal is absent (it is for other people's comments).</summary>
    private static string StripHtml(string html)
    {
        var sb = new StringBuilder(html.Length);
        var inTag = false;
        for (var i = 0; i < html.Length; i++)
        {
            var c = html[i];
            if (c == '<')
            {
                inTag = true;
                if (html.AsSpan(i).StartsWith("<br", StringComparison.OrdinalIgnoreCase)) sb.Append('\n');
            }
            else if (c == '>') inTag = false;
            else if (!inTag) sb.Append(c);
        }
        return WebUtility.HtmlDecode(sb.ToString());
    }

    private static string? Language(string? code) => code is null ? null : code.Split('-')[0].ToLowerInvariant() switch
    {
        "ru" => "ru",
        "kk" => "kk",
        "en" => "en",
        "zxx" or "und" => null,
        var other => other,
    };
}
