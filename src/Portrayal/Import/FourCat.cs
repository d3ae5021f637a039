using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Portrayal.Corpus;

namespace Portrayal.Import;

/// <summary>
/// 4CAT (digitalmethodsinitiative/4cat) dataset exports, in its two shapes:
/// <list type="bullet">
/// <item>CSV with 4CAT's mapped columns: <c>id, thread_id, author, body, timestamp</c> ("YYYY-MM-DD HH:MM:SS", UTC),
/// <c>unix_timestamp</c>, and each datasource's extras. The Telegram datasource's columns (from its <c>map_item</c>) are
/// <c>id</c> ("channel-messageid"), <c>thread_id</c> and <c>chat</c> (the channel's username, else its id),
/// <c>author, author_username, author_name, author_is_bot, body, body_markdown, is_reply, reply_to, views, reactions</c>
/// (the emoji repeated once per reaction), <c>timestamp, unix_timestamp, timestamp_edited, unix_timestamp_edited,
/// author_forwarded_from_name, author_forwarded_from_username, author_forwarded_from_id, ...,
/// link_title, link_description, link_attached, attachment_type, attachment_data, attachment_filename</c>.
/// Other datasources are read by the common columns plus <c>subject, url, likes, comments/num_comments,
/// shares/forwards, views/plays</c> where present.</item>
/// <item>NDJSON, the raw items 4CAT collected, one JSON object per line. Telegram's are Telethon <c>Message</c> objects
/// serialised by 4CAT (<c>_type, id, date</c> as Unix seconds, <c>message, views, forwards, replies, reactions,
/// reply_to, fwd_from, edit_date, media, _chat, _sender, _forward</c>, plus <c>4CAT_metadata</c>), mapped here as 4CAT's
/// own <c>map_item</c> does. Lines already in 4CAT's mapped shape (id, body, timestamp) are read like CSV rows.
/// Other datasources' raw items (e.g. Zeeschuimer imports with <c>__import_meta</c>) are refused with a hint to export
/// the dataset as CSV.</item>
/// </list>
/// Platform: "telegram" for the Telegram datasource (and "tiktok" for TikTok's columns), else <c>--platform</c>, else "4cat".
/// Account: the channel (<c>thread_id</c>) for Telegram, the author elsewhere. For Telegram the native id is the message
/// number (4CAT's "channel-" prefix removed), so the CSV and NDJSON of one dataset land on the same posts; note that
/// 4CAT names a channel by username where Telegram Desktop's export uses its numeric id, so the two imports of one channel
/// make two accounts.
/// </summary>
public sealed partial class FourCat : IImporter
{
    public string Name => "import.4cat.v1";
    public int Order(FileProbe probe) => 40;

    public bool Recognises(FileProbe probe)
    {
        var head = TextDecoding.DecodeHead(probe.HeadBytes, probe.Options.Encoding);
        if (head.TrimStart().StartsWith('{')) return LooksLike4CatNdjson(head);
        return DelimitedTable.HeaderOf(head, probe.Extension) is { } header && IsFourCatHeader(header);
    }

    /// <summary>4CAT's mapped columns: every datasource has id, thread_id, body and a timestamp.</summary>
    private static bool IsFourCatHeader(IReadOnlyCollection<string> header) =>
        header.Contains("id") && header.Contains("thread_id") && header.Contains("body")
        && (header.Contains("timestamp") || header.Contains("unix_timestamp"));

    [GeneratedRegex("\"(4CAT_metadata|__import_meta)\"\\s*:")]
    private static partial Regex FourCatKeys();

    [GeneratedRegex("^\\s*\\{\\s*\"_type\"\\s*:\\s*\"Message\"")]
    private static partial Regex TelethonMessage();

    private static bool LooksLike4CatNdjson(string head)
    {
        if (FourCatKeys().IsMatch(head)) return true;
        if (TelethonMessage().IsMatch(head) && head.Contains("\"_chat\"", StringComparison.Ordinal)) return true;
        // Already-mapped 4CAT items, one per line.
        return TableValues.FirstJsonLine(head) is { } first && first.TryGetProperty("thread_id", out _)
            && first.TryGetProperty("body", out _) && first.TryGetProperty("id", out _)
            && (first.TryGetProperty("timestamp", out _) || first.TryGetProperty("unix_timestamp", out _));
    }

    public IEnumerable<ImportRecord> Read(Stream stream, ImportContext context)
    {
        var reader = TextDecoding.Open(stream, context, out var encoding);
        var first = reader.Peek();
        while (first is ' ' or '\t' or '\r' or '\n')
        {
            reader.Read();
            first = reader.Peek();
        }
        return first == '{' ? ReadNdjson(reader, context, encoding) : ReadCsv(reader, context, encoding);
    }

    private IEnumerable<ImportRecord> ReadCsv(TextReader reader, ImportContext context, DetectedEncoding encoding)
    {
        var table = new DelimitedTable(reader, context, encoding, context.RelativePath.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : null);
        var header = table.Header;
        if (!IsFourCatHeader(header))
            throw context.Error("IMP014", "line 1", $"not a 4CAT export: the header lacks {string.Join(", ", new[] { "id", "thread_id", "body", "timestamp" }.Where(c => !header.Contains(c)))}.");
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++) index.TryAdd(header[i], i);
        var source = DatasourceOf(index.Keys);
        foreach (var (checkedRow, bad) in table.CheckedRows())
        {
            if (bad is not null)
            {
                yield return bad;
                continue;
            }
            var values = checkedRow!;
            string? Get(string column) => index.TryGetValue(column, out var i) ? values.Fields[i] : null;
            yield return Map(Get, source, $"line {values.Line}", "column", () => TableValues.RawJson(header, values.Fields), context);
        }
    }

    private static string? DatasourceOf(IEnumerable<string> columns)
    {
        var set = columns.ToHashSet(StringComparer.Ordinal);
        if (set.Contains("chat") && (set.Contains("author_is_bot") || set.Contains("author_forwarded_from_name"))) return Platforms.Telegram;
        if (set.Contains("tiktok_url")) return "tiktok";
        return null;
    }

    private IEnumerable<ImportRecord> ReadNdjson(TextReader reader, ImportContext context, DetectedEncoding encoding)
    {
        foreach (var (line, doc, bad) in TableValues.JsonObjects(reader, context, encoding))
        {
            if (bad is not null)
            {
                yield return bad;
                continue;
            }
            using (doc)
            {
                var item = doc!.RootElement;
                if (IsTelethonMessage(item))
                {
                    yield return TelegramItem(item, item.GetRawText(), line, context);
                    continue;
                }
                if (item.TryGetProperty("body", out _) && item.TryGetProperty("id", out _)
                    && (item.TryGetProperty("timestamp", out _) || item.TryGetProperty("unix_timestamp", out _)))
                {
                    var keys = item.EnumerateObject().Select(p => p.Name).ToList();
                    yield return Map(name => item.TryGetProperty(name, out var v) ? TableValues.AsText(v) : null,
                        DatasourceOf(keys), $"line {line}", "field", () => item.GetRawText(), context);
                    continue;
                }
                var platform = JsonFields.Object(item, "__import_meta") is { } meta && meta.TryGetProperty("source_platform", out var sp) && sp.ValueKind == JsonValueKind.String
                    ? sp.GetString()
                    : null;
                throw context.Error("IMP014", $"line {line}",
                    $"4CAT NDJSON of {(platform is null ? "an unknown datasource" : $"datasource '{platform}'")} holds that platform's raw items, which this importer does not map (it maps Telegram's); download the dataset from 4CAT as CSV and import that.");
            }
        }
    }

    internal static (JsonDocument? Doc, string? Problem) ParseLine(string text)
    {
        try
        {
            return (JsonDocument.Parse(text), null);
        }
        catch (JsonException e)
        {
            return (null, $"not valid JSON: {JsonLines.Clean(e.Message)}");
        }
    }

    private static bool IsTelethonMessage(JsonElement item) =>
        (item.TryGetProperty("_type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "Message")
        || (item.TryGetProperty("_chat", out _) && item.TryGetProperty("message", out _) && item.TryGetProperty("date", out _));

    /// <summary>A row of 4CAT's mapped columns (from CSV or a mapped NDJSON line).</summary>
    private static ImportRecord Map(Func<string, string?> get, string? datasource, string position, string what, Func<string> raw, ImportContext context)
    {
        string? Value(string column) => get(column) is { Length: > 0 } v ? v : null;
        string Place(string column) => $"{position}, {what} '{column}'";

        var timeColumn = Value("unix_timestamp") is not null ? "unix_timestamp" : "timestamp";
        var timeText = Value(timeColumn);
        if (timeText is null) return new Rejected(Place("timestamp"), "has no time");
        if (!TableValues.TryParseTime(timeText, TimeSpan.Zero, out var published))
            return new Rejected(Place(timeColumn), $"'{timeText}' is not a time ({TableValues.TimeFormats})");

        var id = Value("id");
        if (id is null) return new Rejected(Place("id"), "is empty");
        var body = get("body") ?? "";
        var telegram = datasource == Platforms.Telegram;
        var platform = datasource ?? context.Options.Platform ?? "4cat";

        long? Count(string column, out Rejected? error)
        {
            error = null;
            if (TableValues.TryParseCount(get(column), out var n)) return n;
            error = new Rejected(Place(column), $"'{get(column)}' is not a whole number");
            return null;
        }

        if (telegram)
        {
            var thread = Value("thread_id") ?? Value("chat") ?? "unknown";
            var messageId = id.StartsWith(thread + "-", StringComparison.Ordinal) ? id[(thread.Length + 1)..] : id;
            if (string.IsNullOrWhiteSpace(body)) return new Skipped("media without a caption");
            var views = Count("views", out var viewsError);
            if (viewsError is not null) return viewsError;
            DateTimeOffset? edited = null;
            var editColumn = Value("unix_timestamp_edited") is not null ? "unix_timestamp_edited" : "timestamp_edited";
            if (Value(editColumn) is { } editText)
            {
                if (!TableValues.TryParseTime(editText, TimeSpan.Zero, out var e)) return new Rejected(Place(editColumn), $"'{editText}' is not a time");
                edited = e;
            }
            return new Imported(new Post
            {
                Platform = Platforms.Telegram,
                Account = thread,
                NativeId = messageId,
                PublishedAt = published,
                EditedAt = edited,
                Text = body.Normalize(NormalizationForm.FormC),
                Author = Value("author_username") ?? Value("author_name") ?? Value("author"),
                Url = TelegramUrl(thread, messageId),
                Views = views,
                Likes = Value("reactions") is { } reactions ? new StringInfo(reactions).LengthInTextElements : null,
                ParentId = Value("reply_to"),
                ForwardedFrom = Value("author_forwarded_from_name") ?? Value("author_forwarded_from_username"),
                Links = Value("link_attached") is { } link ? [link] : null,
                Raw = raw(),
                SourceFile = context.RelativePath,
            });
        }

        var subject = Value("subject");
        var text = subject is null || body.StartsWith(subject, StringComparison.Ordinal) ? body : subject + "\n\n" + body;
        if (string.IsNullOrWhiteSpace(text)) return new Skipped("empty body");
        var account = Value("author") ?? Value("thread_id");
        if (account is null) return new Rejected(Place("author"), "is empty and so is 'thread_id': the post has no account");
        var viewsColumn = get("views") is not null ? "views" : "plays";
        var commentsColumn = get("comments") is not null ? "comments" : "num_comments";
        var sharesColumn = get("shares") is not null ? "shares" : "forwards";
        var counts = new long?[4];
        string[] columns = [viewsColumn, "likes", commentsColumn, sharesColumn];
        for (var i = 0; i < columns.Length; i++)
        {
            counts[i] = Count(columns[i], out var error);
            if (error is not null) return error;
        }
        return new Imported(new Post
        {
            Platform = platform,
            Account = account,
            NativeId = id,
            PublishedAt = published,
            Text = text.Normalize(NormalizationForm.FormC),
            Author = Value("author"),
            Url = Value("url") ?? Value("tiktok_url") ?? Value("permalink"),
            Views = counts[0],
            Likes = counts[1],
            Comments = counts[2],
            Forwards = counts[3],
            Raw = raw(),
            SourceFile = context.RelativePath,
        });
    }

    private static string? TelegramUrl(string channel, string messageId) =>
        channel.All(char.IsAsciiDigit) || channel == "unknown" ? null : $"https://t.me/{channel}/{messageId}";

    /// <summary>A Telethon message as 4CAT's Telegram datasource serialises it, mapped as its map_item does.</summary>
    private static ImportRecord TelegramItem(JsonElement m, string line, long number, ImportContext context)
    {
        var position = $"line {number}";
        try
        {
            var id = m.TryGetProperty("id", out var idValue) && idValue.ValueKind == JsonValueKind.Number
                ? idValue.GetRawText()
                : throw new FieldError("id", idValue.ValueKind == JsonValueKind.Undefined ? "is missing" : $"expected a number, found {JsonFields.Describe(idValue)}");
            position = $"line {number}, message {id}";
            var chat = JsonFields.Object(m, "_chat");
            string thread;
            if (chat is { } c)
            {
                thread = JsonFields.String(c, "username")
                         ?? (c.TryGetProperty("id", out var cid) && cid.ValueKind == JsonValueKind.Number ? cid.GetRawText() : null)
                         ?? (JsonFields.String(c, "title") is { } title ? Regex.Replace(title, @"\s", "") : "unknown");
            }
            else if (JsonFields.Object(m, "_chat_peer") is { } peer)
            {
                thread = peer.TryGetProperty("chats", out var chats) && chats.ValueKind == JsonValueKind.Array && chats.GetArrayLength() > 0
                         && JsonFields.String(chats[0], "username") is { } u
                    ? u
                    : peer.TryGetProperty("channel_id", out var ch) ? ch.GetRawText() : "unknown";
            }
            else thread = "unknown";

            var text = JsonFields.String(m, "message") ?? "";
            if (string.IsNullOrWhiteSpace(text)) return new Skipped("media without a caption");

            var sender = JsonFields.Object(m, "_sender");
            string? fullName = null;
            if (sender is { } s)
            {
                fullName = $"{JsonFields.String(s, "first_name")} {JsonFields.String(s, "last_name")}".Trim();
                if (fullName.Length == 0) fullName = null;
            }
            var author = (sender is { } s1 ? JsonFields.String(s1, "username") : null)
                         ?? fullName
                         ?? (sender is { } s2 ? JsonFields.String(s2, "title") : null)
                         ?? JsonFields.String(m, "post_author");

            string? forwardedFrom = null;
            if (JsonFields.Object(m, "_forward") is { } fwd && JsonFields.Object(fwd, "_chat") is { } fchat)
                forwardedFrom = JsonFields.String(fchat, "title") ?? JsonFields.String(fchat, "username");
            if (forwardedFrom is null && JsonFields.Object(m, "fwd_from") is { } fwdFrom)
                forwardedFrom = JsonFields.String(fwdFrom, "from_name");

            string? parent = null;
            if (JsonFields.Object(m, "reply_to") is { } reply && reply.TryGetProperty("reply_to_msg_id", out var rid) && rid.ValueKind == JsonValueKind.Number)
                parent = rid.GetRawText();

            long? likes = null;
            if (JsonFields.Object(m, "reactions") is { } reactions && reactions.TryGetProperty("results", out var results)
                && results.ValueKind == JsonValueKind.Array && results.GetArrayLength() > 0)
            {
                likes = 0;
                foreach (var r in results.EnumerateArray()) likes += JsonFields.Count(r, "count") ?? 0;
            }

            string? link = null;
            if (JsonFields.Object(m, "media") is { } media && JsonFields.Object(media, "webpage") is { } page)
                link = JsonFields.String(page, "url");

            return new Imported(new Post
            {
                Platform = Platforms.Telegram,
                Account = thread,
                AccountName = chat is { } ct ? JsonFields.String(ct, "title") : null,
                NativeId = id,
                PublishedAt = UnixTime(m, "date") ?? throw new FieldError("date", "is missing"),
                EditedAt = UnixTime(m, "edit_date"),
                Text = text.Normalize(NormalizationForm.FormC),
                Author = author,
                Url = TelegramUrl(thread, id),
                Views = JsonFields.Count(m, "views"),
                Forwards = JsonFields.Count(m, "forwards"),
                Comments = JsonFields.Object(m, "replies") is { } replies ? JsonFields.Count(replies, "replies") : null,
                Likes = likes,
                ParentId = parent,
                ForwardedFrom = forwardedFrom,
                Links = link is null ? null : [link],
                Raw = line,
                SourceFile = context.RelativePath,
            });
        }
        catch (FieldError e)
        {
            return new Rejected(position, e.Message);
        }
    }

    /// <summary>4CAT writes Telethon's datetimes as Unix seconds, usually a float (1641380400.0).</summary>
    private static DateTimeOffset? UnixTime(JsonElement m, string name)
    {
        if (!m.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var seconds))
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
        throw new FieldError(name, $"expected Unix seconds, found {JsonFields.Describe(v)}");
    }
}
