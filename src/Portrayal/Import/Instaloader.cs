using System.Text;
using System.Text.Json;
using Portrayal.Corpus;

namespace Portrayal.Import;

/// <summary>
/// Instagram as instaloader saves it: one JSON (or .json.xz) per post holding the GraphQL "node", and with --comments
/// a "_comments.json" beside it (a list of comments with their "answers"). A comments file finds its post by the file
/// name, among the posts of the same import or on disk beside it; without either its comments are filed under the
/// profile folder's name with no parent.
/// </summary>
public sealed class Instaloader : IImporter
{
    private const string CommentsSuffix = "_comments";

    public string Name => "import.instaloader.v2";
    public int Order(FileProbe probe) => IsComments(probe) ? 31 : 30;

    public bool Recognises(FileProbe probe) =>
        (probe.Head.Contains("\"node\"", StringComparison.Ordinal)
         && (probe.Head.Contains("\"shortcode\"", StringComparison.Ordinal) || probe.Head.Contains("\"instaloader\"", StringComparison.Ordinal)))
        || IsComments(probe);

    private static bool IsComments(FileProbe probe) =>
        probe.Head.TrimStart('\uFEFF', ' ', '\t', '\r', '\n').StartsWith('[')
        && probe.Head.Contains("\"created_at\"", StringComparison.Ordinal)
        && probe.Head.Contains("\"owner\"", StringComparison.Ordinal)
        && (probe.Head.Contains("\"answers\"", StringComparison.Ordinal) || Stem(probe.Path).EndsWith(CommentsSuffix, StringComparison.Ordinal));

    /// <summary>A path without .json / .json.xz.</summary>
    private static string Stem(string path)
    {
        if (path.EndsWith(".xz", StringComparison.OrdinalIgnoreCase)) path = path[..^3];
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? path[..^5] : path;
    }

    public IEnumerable<ImportRecord> Read(Stream stream, ImportContext context)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw context.Error("IMP001", JsonLines.Position(e), $"the JSON is malformed: {JsonLines.Clean(e.Message)}", e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind == JsonValueKind.Array)
            {
                foreach (var r in ReadComments(doc.RootElement, context)) yield return r;
                yield break;
            }
            ImportRecord record;
            try
            {
                record = ReadNode(doc.RootElement, context);
            }
            catch (FieldError e)
            {
                throw context.Error("IMP003", "node", e.Message);
            }
            yield return record;
        }
    }

    private static ImportRecord ReadNode(JsonElement root, ImportContext context)
    {
        var node = JsonFields.Object(root, "node") ?? throw new FieldError("node", "is missing");
        var typename = JsonFields.String(node, "__typename");
        var shortcode = JsonFields.RequiredString(node, "shortcode");
        var owner = JsonFields.Object(node, "owner") ?? throw new FieldError("owner", "is missing");
        var username = JsonFields.String(owner, "username") ?? throw new FieldError("owner.username", "is missing");
        var taken = JsonFields.Count(node, "taken_at_timestamp") ?? throw new FieldError("taken_at_timestamp", "is missing");
        context.InstagramPosts[Stem(context.RelativePath)] = (username, JsonFields.String(owner, "full_name") ?? username, shortcode);
        var caption = "";
        if (JsonFields.Object(node, "edge_media_to_caption") is { } cap && cap.TryGetProperty("edges", out var edges) && edges.ValueKind == JsonValueKind.Array)
        {
            caption = string.Join("\n", edges.EnumerateArray()
                .Select(e => JsonFields.Object(e, "node") is { } n ? JsonFields.String(n, "text") : null)
                .Where(t => t is not null));
        }
        if (string.IsNullOrWhiteSpace(caption)) return new Skipped("post without a caption");
        long? likes = JsonFields.Object(node, "edge_media_preview_like") is { } l ? JsonFields.Count(l, "count")
            : JsonFields.Object(node, "edge_liked_by") is { } lb ? JsonFields.Count(lb, "count") : null;
        long? comments = JsonFields.Object(node, "edge_media_to_comment") is { } c ? JsonFields.Count(c, "count") : null;
        return new Imported(new Post
        {
            Platform = Platforms.Instagram,
            Account = username,
            AccountName = JsonFields.String(owner, "full_name") ?? username,
            NativeId = shortcode,
            Kind = typename == "GraphVideo" ? PostKinds.Video : PostKinds.Post,
            PublishedAt = DateTimeOffset.FromUnixTimeSeconds(taken),
            Text = caption.Normalize(NormalizationForm.FormC),
            Author = username,
            Url = $"https://www.instagram.com/p/{shortcode}/",
            Views = JsonFields.Count(node, "video_view_count"),
            Likes = likes,
            Comments = comments,
            Raw = node.GetRawText(),
            SourceFile = context.RelativePath,
        });
    }

    private static List<ImportRecord> ReadComments(JsonElement comments, ImportContext context)
    {
        var post = PostOf(context);
        var records = new List<ImportRecord>();
        var index = 0;
        foreach (var comment in comments.EnumerateArray())
        {
            var position = $"[{index++}]";
            try
            {
                records.Add(Comment(comment, null, post, context));
                if (comment.TryGetProperty("answers", out var answers) && answers.ValueKind == JsonValueKind.Array)
                {
                    var parent = Id(comment);
                    var a = 0;
                    foreach (var answer in answers.EnumerateArray())
                    {
                        position = $"[{index - 1}].answers[{a++}]";
                        records.Add(Comment(answer, parent, post, context));
                    }
                }
            }
            catch (FieldError e)
            {
                records.Add(new Rejected(position, e.Message));
            }
        }
        return records;
    }

    /// <summary>The post a comments file belongs to: read earlier in this import, or the post file beside it on disk.</summary>
    private static (string Account, string? AccountName, string? Shortcode) PostOf(ImportContext context)
    {
        var stem = Stem(context.RelativePath);
        stem = stem.EndsWith(CommentsSuffix, StringComparison.Ordinal) ? stem[..^CommentsSuffix.Length] : stem;
        if (context.InstagramPosts.TryGetValue(stem, out var known)) return known;
        var fileStem = Stem(context.File);
        fileStem = fileStem.EndsWith(CommentsSuffix, StringComparison.Ordinal) ? fileStem[..^CommentsSuffix.Length] : fileStem;
        foreach (var sibling in new[] { fileStem + ".json", fileStem + ".json.xz" })
        {
            if (!File.Exists(sibling)) continue;
            try
            {
                using var stream = new ImportSource(sibling, sibling, () => File.OpenRead(sibling)).Open();
                using var doc = JsonDocument.Parse(stream);
                var node = JsonFields.Object(doc.RootElement, "node");
                var owner = node is { } n ? JsonFields.Object(n, "owner") : null;
                if (node is { } nd && owner is { } o && JsonFields.String(o, "username") is { } user && JsonFields.String(nd, "shortcode") is { } code)
                    return (user, JsonFields.String(o, "full_name") ?? user, code);
            }
            catch (Exception e) when (e is JsonException or FieldError or IOException or InputError)
            {
                // the post file is unreadable; its own import reports that
            }
        }
        var folder = Path.GetFileName(Path.GetDirectoryName(context.RelativePath.Replace('/', Path.DirectorySeparatorChar)) ?? "");
        return (string.IsNullOrEmpty(folder) ? "unknown-profile" : folder, null, null);
    }

    private static string Id(JsonElement comment) =>
        comment.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.Number or JsonValueKind.String
            ? (id.ValueKind == JsonValueKind.Number ? id.GetRawText() : id.GetString()!)
            : throw new FieldError("id", "is missing");

    private static ImportRecord Comment(JsonElement c, string? parent, (string Account, string? AccountName, string? Shortcode) post, ImportContext context)
    {
        if (c.ValueKind != JsonValueKind.Object) throw new FieldError("comment", "is not a JSON object");
        var id = Id(c);
        var text = JsonFields.String(c, "text") ?? "";
        if (string.IsNullOrWhiteSpace(text)) return new Skipped("empty comment");
        var created = JsonFields.Count(c, "created_at") ?? throw new FieldError("created_at", "is missing");
        var owner = JsonFields.Object(c, "owner");
        return new Imported(new Post
        {
            Platform = Platforms.Instagram,
            Account = post.Account,
            AccountName = post.AccountName,
            NativeId = id,
            Kind = parent is null ? PostKinds.Comment : PostKinds.Reply,
            PublishedAt = DateTimeOffset.FromUnixTimeSeconds(created),
            Text = text.Normalize(NormalizationForm.FormC),
            Author = owner is { } o ? JsonFields.String(o, "username") : null,
            Url = post.Shortcode is null ? null : $"https://www.instagram.com/p/{post.Shortcode}/c/{id}/",
            Likes = JsonFields.Count(c, "likes_count"),
            ParentId = parent ?? post.Shortcode,
            Raw = c.GetRawText(),
            SourceFile = context.RelativePath,
        });
    }
}
