using System.Text;
using System.Text.Json;
using Portrayal.Corpus;

namespace Portrayal.Import;

/// <summary>
/// Twitter/X API v2 as twarc2 saves it: JSONL, one response page per line ({"data": [tweets], "includes": {"users",
/// "tweets"}, "meta"}), or a single page as JSON, or twarc2's flattened lines (one tweet with its "author" inlined).
/// Only the tweets in "data" are the collection; "includes" supplies authors and the tweets they retweet or edit.
/// An edited tweet is keyed by the first id of its edit history, so a later export with the newer version updates it.
/// </summary>
public sealed class TwitterApiV2 : IImporter
{
    public string Name => "import.twitter-api-v2.v1";
    public int Order(FileProbe probe) => 40;

    public bool Recognises(FileProbe probe)
    {
        var head = probe.Head.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return head.StartsWith('{')
               && head.Contains("\"text\"", StringComparison.Ordinal)
               && (head.Contains("\"author_id\"", StringComparison.Ordinal) || head.Contains("\"edit_history_tweet_ids\"", StringComparison.Ordinal))
               && (head.StartsWith("{\"data\"", StringComparison.Ordinal) || head.Contains("\"data\": [", StringComparison.Ordinal)
                   || head.Contains("\"data\":[", StringComparison.Ordinal) || head.Contains("\"__twarc\"", StringComparison.Ordinal));
    }

    public IEnumerable<ImportRecord> Read(Stream stream, ImportContext context)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var text = new StringBuilder();
        long lineNumber = 0, firstLine = 0;
        var depth = 0;
        bool? jsonLines = null;
        // twarc2 writes one page per line; a page saved from the API by hand is pretty-printed over many lines. The first
        // record decides: a line that closes itself means JSONL, where a broken line is one bad record and no more.
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (text.Length == 0)
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                firstLine = lineNumber;
            }
            text.Append(line).Append('\n');
            depth += BraceBalance(line);
            jsonLines ??= depth == 0;
            if (depth > 0 && jsonLines == false) continue;
            foreach (var record in ReadPage(text.ToString(), firstLine, context)) yield return record;
            text.Clear();
            depth = 0;
        }
        if (text.Length > 0)
            foreach (var record in ReadPage(text.ToString(), firstLine, context)) yield return record;
    }

    /// <summary>Net count of { over } outside strings on one line.</summary>
    private static int BraceBalance(string line)
    {
        var balance = 0;
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (inString)
            {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            }
            else if (c == '"') inString = true;
            else if (c == '{') balance++;
            else if (c == '}') balance--;
        }
        return balance;
    }

    private static IEnumerable<ImportRecord> ReadPage(string json, long line, ImportContext context)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return [new Rejected($"line {line + (e.LineNumber ?? 0)}", $"the JSON is malformed: {JsonLines.Clean(e.Message)}")];
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return [new Rejected($"line {line}", "a line is not a JSON object")];
            try
            {
                if (root.TryGetProperty("data", out var data))
                {
                    if (data.ValueKind == JsonValueKind.Object) data = JsonDocument.Parse($"[{data.GetRawText()}]").RootElement;
                    if (data.ValueKind != JsonValueKind.Array) throw new FieldError("data", $"expected an array of tweets, found {JsonFields.Describe(data)}");
                    var includes = new Includes(JsonFields.Object(root, "includes"));
                    return data.EnumerateArray().Select((t, i) => Tweet(t, includes, $"line {line}, data[{i}]", context)).ToList();
                }
                if (root.TryGetProperty("id", out _) && root.TryGetProperty("text", out _))
                    return [Tweet(root, new Includes(null), $"line {line}", context)];
                return [new Skipped("page without tweets")];
            }
            catch (FieldError e)
            {
                return [new Rejected($"line {line}", e.Message)];
            }
        }
    }

    private sealed class Includes
    {
        public Dictionary<string, JsonElement> Users { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, JsonElement> Tweets { get; } = new(StringComparer.Ordinal);

        public Includes(JsonElement? includes)
        {
            if (includes is not { } inc) return;
            Index(inc, "users", Users);
            Index(inc, "tweets", Tweets);
        }

        private static void Index(JsonElement inc, string name, Dictionary<string, JsonElement> into)
        {
            if (!inc.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array) return;
            foreach (var item in list.EnumerateArray())
                if (item.ValueKind == JsonValueKind.Object && JsonFields.String(item, "id") is { } id)
                    into[id] = item.Clone();
        }
    }

    private static ImportRecord Tweet(JsonElement t, Includes includes, string position, ImportContext context)
    {
        try
        {
            if (t.ValueKind != JsonValueKind.Object) return new Rejected(position, "a tweet is not a JSON object");
            var id = JsonFields.RequiredString(t, "id");
            var authorId = JsonFields.String(t, "author_id")
                           ?? (JsonFields.Object(t, "author") is { } a ? JsonFields.String(a, "id") : null)
                           ?? throw new FieldError("author_id", "is missing");
            var user = includes.Users.TryGetValue(authorId, out var u) ? u : JsonFields.Object(t, "author");
            var username = user is { } us ? JsonFields.String(us, "username") : null;
            var created = JsonFields.Time(t, "created_at") ?? throw new FieldError("created_at", "is missing");

            // Edits: key by the first version's id; the first version's time is the publication time when the page has it.
            var history = t.TryGetProperty("edit_history_tweet_ids", out var h) && h.ValueKind == JsonValueKind.Array
                ? h.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
                : [];
            var key = history.Count > 0 ? history[0] : id;
            DateTimeOffset published = created;
            DateTimeOffset? edited = null;
            if (key != id)
            {
                edited = created;
                if (includes.Tweets.TryGetValue(key, out var first) && JsonFields.Time(first, "created_at") is { } firstTime) published = firstTime;
            }

            var referenced = References(t);
            var retweeted = referenced.GetValueOrDefault("retweeted");
            var text = FullText(t);
            string? forwardedFrom = null;
            var kind = PostKinds.Post;
            if (retweeted is not null)
            {
                kind = PostKinds.Repost;
                if (includes.Tweets.TryGetValue(retweeted, out var original))
                {
                    var originalAuthor = JsonFields.String(original, "author_id") is { } oa && includes.Users.TryGetValue(oa, out var ou)
                        ? JsonFields.String(ou, "username")
                        : null;
                    forwardedFrom = originalAuthor;
                    text = (originalAuthor is null ? "RT: " : $"RT @{originalAuthor}: ") + FullText(original);
                }
            }
            else if (referenced.ContainsKey("replied_to")) kind = PostKinds.Reply;

            var metrics = JsonFields.Object(t, "public_metrics");
            long? Metric(string name) => metrics is { } m ? JsonFields.Count(m, name) : null;
            var lang = JsonFields.String(t, "lang");
            return new Imported(new Post
            {
                Platform = Platforms.Twitter,
                Account = authorId,
                AccountName = username,
                NativeId = key,
                Kind = kind,
                PublishedAt = published,
                EditedAt = edited,
                Text = text.Normalize(NormalizationForm.FormC),
                Author = user is { } us2 ? JsonFields.String(us2, "name") ?? username : null,
                Url = username is null ? null : $"https://twitter.com/{username}/status/{id}",
                Lang = lang is null or "und" or "qst" or "qme" or "zxx" or "qam" or "qct" or "qht" ? null : lang,
                Views = Metric("impression_count"),
                Likes = Metric("like_count"),
                Forwards = Metric("retweet_count") is { } rt ? rt + (Metric("quote_count") ?? 0) : null,
                Comments = Metric("reply_count"),
                ParentId = referenced.GetValueOrDefault("replied_to") ?? retweeted,
                ForwardedFrom = forwardedFrom,
                Links = Links(t),
                Raw = t.GetRawText(),
                SourceFile = context.RelativePath,
            });
        }
        catch (FieldError e)
        {
            return new Rejected(position, e.Message);
        }
    }

    /// <summary>Long tweets carry their whole text in note_tweet; "text" is then cut.</summary>
    private static string FullText(JsonElement t) =>
        (JsonFields.Object(t, "note_tweet") is { } note ? JsonFields.String(note, "text") : null) ?? JsonFields.String(t, "text") ?? "";

    private static Dictionary<string, string> References(JsonElement t)
    {
        var refs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!t.TryGetProperty("referenced_tweets", out var list) || list.ValueKind != JsonValueKind.Array) return refs;
        foreach (var r in list.EnumerateArray())
            if (r.ValueKind == JsonValueKind.Object && JsonFields.String(r, "type") is { } type && JsonFields.String(r, "id") is { } id)
                refs.TryAdd(type, id);
        return refs;
    }

    /// <summary>Expanded URLs of the tweet's links, without the links to its own media.</summary>
    private static List<string>? Links(JsonElement t)
    {
        if (JsonFields.Object(t, "entities") is not { } entities || !entities.TryGetProperty("urls", out var urls) || urls.ValueKind != JsonValueKind.Array)
            return null;
        var links = urls.EnumerateArray()
            .Where(u => u.ValueKind == JsonValueKind.Object && !u.TryGetProperty("media_key", out _))
            .Select(u => JsonFields.String(u, "expanded_url") ?? JsonFields.String(u, "url"))
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return links.Count > 0 ? links : null;
    }
}
