using System.Text;
using System.Text.Json;
using Portrayal.Corpus;

namespace Portrayal.Import;

/// <summary>Instagram posts as instaloader saves them: one JSON (or .json.xz) per post holding the GraphQL "node".</summary>
public sealed class Instaloader : IImporter
{
    public string Name => "import.instaloader.v1";
    public int Order(FileProbe probe) => 30;

    public bool Recognises(FileProbe probe) =>
        probe.Head.Contains("\"node\"", StringComparison.Ordinal)
        && (probe.Head.Contains("\"shortcode\"", StringComparison.Ordinal) || probe.Head.Contains("\"instaloader\"", StringComparison.Ordinal));

    public IEnumerable<ImportRecord> Read(Stream stream, ImportContext context)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw context.Error("IMP001", TelegramExport.JsonPosition(e), $"the JSON is malformed: {TelegramExport.Clean(e.Message)}", e);
        }
        using (doc)
        {
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
}
