using System.Globalization;
using System.Text;
using System.Text.Json;
using Portrayal.Corpus;

namespace Portrayal.Import;

/// <summary>
/// Telegram Desktop's machine-readable export, streamed message by message: one chat or channel (result.json with
/// "messages"), or a whole account ("chats" → "list" → each chat's "messages", and "left_chats" likewise).
/// </summary>
public sealed class TelegramExport : IImporter
{
    public string Name => "import.telegram-desktop.v2";
    public int Order(FileProbe probe) => 10;

    public bool Recognises(FileProbe probe) =>
        (probe.Head.Contains("\"messages\"", StringComparison.Ordinal)
         && (probe.Head.Contains("\"date_unixtime\"", StringComparison.Ordinal)
             || probe.Head.Contains("_channel\"", StringComparison.Ordinal)
             || probe.Head.Contains("_group\"", StringComparison.Ordinal)
             || probe.Head.Contains("_chat\"", StringComparison.Ordinal)))
        || (probe.Head.Contains("\"personal_information\"", StringComparison.Ordinal) && probe.Head.Contains("\"about\"", StringComparison.Ordinal));

    public IEnumerable<ImportRecord> Read(Stream stream, ImportContext context)
    {
        var messages = new JsonArrayStream(stream,
            ["messages"],
            ["chats", "list", JsonArrayStream.Each, "messages"],
            ["left_chats", "list", JsonArrayStream.Each, "messages"]);
        while (true)
        {
            JsonDocument doc;
            long line;
            try
            {
                if (!messages.TryNext(out doc, out line)) break;
            }
            catch (JsonException e)
            {
                throw context.Error("IMP001", JsonLines.Position(e), $"the JSON is malformed: {JsonLines.Clean(e.Message)}", e);
            }
            using (doc)
            {
                yield return ReadMessage(doc.RootElement, messages.Header, line, context);
            }
        }
        if (!messages.SawArray)
            throw context.Error("IMP002", null, "no \"messages\" array: this is not a Telegram Desktop chat or account export.");
    }

    private static ImportRecord ReadMessage(JsonElement m, Dictionary<string, JsonElement> header, long line, ImportContext context)
    {
        var position = $"line {line}";
        try
        {
            if (m.ValueKind != JsonValueKind.Object) return new Rejected(position, "a message is not a JSON object");
            var id = m.TryGetProperty("id", out var idValue) && idValue.ValueKind == JsonValueKind.Number
                ? idValue.GetRawText()
                : throw new FieldError("id", idValue.ValueKind == JsonValueKind.Undefined ? "is missing" : $"expected a number, found {JsonFields.Describe(idValue)}");
            position = $"line {line}, message {id}";
            var type = JsonFields.String(m, "type") ?? "message";
            if (type == "service") return new Skipped("service message");
            if (type != "message") return new Skipped($"{type} message");

            if (!header.TryGetValue("id", out var chatId))
                throw new FieldError("id", "of the chat is missing (it must come before \"messages\")");
            var account = chatId.ValueKind == JsonValueKind.Number ? chatId.GetRawText() : chatId.GetString() ?? "";
            var accountName = header.TryGetValue("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            var chatType = header.TryGetValue("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;

            var text = Text(m);
            if (string.IsNullOrWhiteSpace(text)) return new Skipped($"{MediaKind(m)} without text");

            return new Imported(new Post
            {
                Platform = Platforms.Telegram,
                Account = account,
                AccountName = accountName,
                NativeId = id,
                Kind = PostKinds.Post,
                PublishedAt = Time(m, "date_unixtime", "date"),
                EditedAt = m.TryGetProperty("edited_unixtime", out _) || m.TryGetProperty("edited", out _)
                    ? Time(m, "edited_unixtime", "edited")
                    : null,
                Text = text.Normalize(NormalizationForm.FormC),
                Author = JsonFields.String(m, "from") ?? JsonFields.String(m, "author"),
                Url = chatType is "public_channel" or "public_supergroup" && header.TryGetValue("username", out var u) && u.ValueKind == JsonValueKind.String
                    ? $"https://t.me/{u.GetString()}/{id}"
                    : null,
                Views = JsonFields.Count(m, "views"),
                Forwards = JsonFields.Count(m, "forwards"),
                Likes = Reactions(m),
                ParentId = m.TryGetProperty("reply_to_message_id", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetRawText() : null,
                ForwardedFrom = JsonFields.String(m, "forwarded_from"),
                Links = Links(m),
                Raw = m.GetRawText(),
                SourceFile = context.RelativePath,
            });
        }
        catch (FieldError e)
        {
            throw context.Error("IMP003", position, e.Message);
        }
    }

    /// <summary>
    /// The message text: "text" as a string or an array of strings and entity objects (text_entities only when "text"
    /// is absent); a poll's question and answers, a checklist's title and items, which are text someone wrote.
    /// </summary>
    internal static string Text(JsonElement m)
    {
        var text = "";
        if (m.TryGetProperty("text", out var value))
        {
            text = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString() ?? "",
                JsonValueKind.Array => Join(value),
                JsonValueKind.Null => "",
                _ => throw new FieldError("text", $"expected a string or an array, found {JsonFields.Describe(value)}"),
            };
        }
        else if (m.TryGetProperty("text_entities", out var entities) && entities.ValueKind == JsonValueKind.Array)
            text = Join(entities);
        foreach (var (field, title) in new[] { ("poll", "question"), ("todo_list", "title") })
        {
            if (JsonFields.Object(m, field) is not { } o) continue;
            var parts = new List<string>();
            if (JsonFields.String(o, title) is { } q) parts.Add(q);
            if (o.TryGetProperty("answers", out var answers) && answers.ValueKind == JsonValueKind.Array)
                parts.AddRange(answers.EnumerateArray().Select(a => a.ValueKind == JsonValueKind.Object ? JsonFields.String(a, "text") : null).OfType<string>());
            text = string.Join('\n', new[] { text }.Concat(parts).Where(p => p.Length > 0));
        }
        return text;
    }

    private static string Join(JsonElement parts)
    {
        var sb = new StringBuilder();
        foreach (var part in parts.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.String) sb.Append(part.GetString());
            else if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String) sb.Append(t.GetString());
        }
        return sb.ToString();
    }

    /// <summary>Hrefs of text_link entities and the URLs of link entities, in order, without repeats.</summary>
    private static List<string>? Links(JsonElement m)
    {
        var source = m.TryGetProperty("text_entities", out var e) && e.ValueKind == JsonValueKind.Array ? e
            : m.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.Array ? t
            : default;
        if (source.ValueKind != JsonValueKind.Array) return null;
        var links = new List<string>();
        foreach (var entity in source.EnumerateArray())
        {
            if (entity.ValueKind != JsonValueKind.Object) continue;
            var link = JsonFields.String(entity, "type") switch
            {
                "text_link" => JsonFields.String(entity, "href"),
                "link" => JsonFields.String(entity, "text"),
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(link) && !links.Contains(link)) links.Add(link);
        }
        return links.Count > 0 ? links : null;
    }

    /// <summary>What a message without text carries, for the skip count ("sticker without text").</summary>
    private static string MediaKind(JsonElement m)
    {
        if (JsonFields.String(m, "media_type") is { } media) return media.Replace('_', ' ');
        foreach (var (field, label) in new[]
                 {
                     ("photo", "photo"), ("contact_information", "contact"), ("location_information", "location"), ("place_name", "location"),
                     ("game_title", "game"), ("giveaway_information", "giveaway"), ("giveaway_results", "giveaway"),
                     ("invoice_information", "invoice"), ("file", "file"),
                 })
            if (m.TryGetProperty(field, out _)) return label;
        return "message";
    }

    /// <summary>Sum of reaction counts; null when the export has no reactions field (not zero: the platform did not say).</summary>
    private static long? Reactions(JsonElement m)
    {
        if (!m.TryGetProperty("reactions", out var reactions) || reactions.ValueKind != JsonValueKind.Array) return null;
        long total = 0;
        foreach (var r in reactions.EnumerateArray())
            total += JsonFields.Count(r, "count") ?? 0;
        return total;
    }

    /// <summary>Prefers the unambiguous Unix time; the local "date" field has no offset and is read as UTC only as a fallback.</summary>
    private static DateTimeOffset Time(JsonElement m, string unixField, string localField)
    {
        var unix = JsonFields.String(m, unixField);
        if (unix is not null)
        {
            return long.TryParse(unix, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : throw new FieldError(unixField, $"'{unix}' is not a Unix time");
        }
        return JsonFields.Time(m, localField) ?? throw new FieldError(unixField, "is missing (and so is '" + localField + "')");
    }

}
