using System.Text;
using System.Text.Json;
using Portrayal.Corpus;

namespace Portrayal.Coding;

/// <summary>
/// Label Studio interchange (https://labelstud.io/guide/task_format): tasks out (a JSON array of <c>{"data": {...}}</c>,
/// one per unit, the coders being Label Studio's users) with a labelling config beside them, and Label Studio's JSON
/// export back as sheet rows (one per task and annotator; cancelled annotations ignored).
/// </summary>
public static class LabelStudio
{
    /// <summary>The labelling config: the post's text, a single stance choice and a free note.</summary>
    public const string LabelConfig = """
        <View>
          <Header value="How does this post portray $actor_name ($actor)?"/>
          <Text name="text" value="$text"/>
          <Choices name="stance" toName="text" choice="single" showInline="true" required="true">
            <Choice value="negative"/>
            <Choice value="neutral"/>
            <Choice value="positive"/>
          </Choices>
          <TextArea name="note" toName="text" rows="2" placeholder="Note (optional)"/>
        </View>

        """;

    public static bool IsJson(string path) => path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>tasks.json → tasks.label-config.xml.</summary>
    public static string ConfigPathFor(string tasksPath) => Path.ChangeExtension(tasksPath, ".label-config.xml");

    /// <summary>Writes one task per unit (the first row of each unit) and the labelling config beside the tasks; returns the config's path.</summary>
    public static string WriteTasks(string path, IReadOnlyList<SheetRow> rows, Func<string, string>? actorName = null)
    {
        var units = rows.GroupBy(r => r.Unit).Select(g => g.First()).OrderBy(r => r.Unit, StringComparer.Ordinal).ToList();
        using (var stream = File.Create(path))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (var r in units)
            {
                json.WriteStartObject();
                json.WriteStartObject("data");
                json.WriteString("text", r.Text);
                json.WriteString("actor", r.Actor);
                json.WriteString("actor_name", actorName?.Invoke(r.Actor) ?? r.Actor);
                json.WriteString("unit", r.Unit);
                json.WriteString("platform", r.Platform);
                json.WriteString("account", r.Account);
                json.WriteString("post_id", r.PostId);
                json.WriteString("url", r.Url);
                json.WriteString("published", r.Published);
                // how the unit was drawn travels with the task and comes back with its annotations
                foreach (var (name, value) in r.Drawn?.AsColumns() ?? []) json.WriteString(name, value);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        var config = ConfigPathFor(path);
        File.WriteAllText(config, LabelConfig, new UTF8Encoding(false));
        return config;
    }

    /// <summary>
    /// Reads Label Studio's JSON export: one row per task and annotation (coder = the annotator's email, else id),
    /// the stance from the annotation's choices (from_name "stance" when there are several), the note from a text
    /// area; cancelled annotations are skipped. The row's Line is the task's index in the export array.
    /// </summary>
    public static IReadOnlyList<SheetRow> ReadExport(string path)
    {
        if (!File.Exists(path)) throw new InputError("SH001", path, null, "the file does not exist.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InputError("LS001", path, e.LineNumber is { } l ? $"line {l + 1}" : null, $"not JSON: {e.Message}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new InputError("LS002", path, null, "a Label Studio JSON export is an array of tasks.");
            var rows = new List<SheetRow>();
            var index = -1;
            foreach (var task in document.RootElement.EnumerateArray())
            {
                index++;
                string Where() => Position(index);
                if (task.ValueKind != JsonValueKind.Object || !task.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
                    throw new InputError("LS003", path, Where(), "the task has no data object.");
                var (platform, account, postId, actor) = UnitOf(data);
                if (platform.Length == 0 || account.Length == 0 || postId.Length == 0 || actor.Length == 0)
                    throw new InputError("LS004", path, Where(), "data.unit (platform/account/post_id/actor) is missing: were the tasks written by `portrayal sample --out tasks.json`?");
                if (!task.TryGetProperty("annotations", out var annotations) || annotations.ValueKind != JsonValueKind.Array) continue;
                foreach (var annotation in annotations.EnumerateArray())
                {
                    if (annotation.TryGetProperty("was_cancelled", out var cancelled) && cancelled.ValueKind == JsonValueKind.True) continue;
                    var coder = CoderOf(annotation);
                    if (coder.Length == 0) throw new InputError("LS005", path, Where(), "an annotation has no completed_by.");
                    var (stance, note) = ResultOf(annotation, path, Where());
                    rows.Add(new SheetRow(Sampling.UnitOf(platform, account, postId, actor), coder, platform, account, postId, actor,
                        Text(data, "published"), Text(data, "url"), Text(data, "text"), stance, note, index) { Drawn = SheetDraw.Of(name => Text(data, name)) });
                }
            }
            return rows;
        }
    }

    /// <summary>How an error names a task: its index in the export array.</summary>
    public static string Position(int index) => $"task {index}";

    private static string Text(JsonElement data, string name) =>
        data.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString() ?? "",
            JsonValueKind.Number => v.GetRawText(),
            _ => "",
        } : "";

    /// <summary>The unit from the task's own fields, else from data.unit (platform/account/post_id/actor; the post id may hold slashes).</summary>
    private static (string Platform, string Account, string PostId, string Actor) UnitOf(JsonElement data)
    {
        var (platform, account, postId, actor) = (Text(data, "platform"), Text(data, "account"), Text(data, "post_id"), Text(data, "actor"));
        if (platform.Length > 0 && account.Length > 0 && postId.Length > 0 && actor.Length > 0) return (platform, account, postId, actor);
        var unit = Text(data, "unit").Split('/');
        if (unit.Length < 4) return ("", "", "", "");
        return (unit[0], unit[1], string.Join('/', unit[2..^1]), unit[^1]);
    }

    private static string CoderOf(JsonElement annotation)
    {
        if (!annotation.TryGetProperty("completed_by", out var by)) return "";
        return by.ValueKind switch
        {
            JsonValueKind.Number => by.GetRawText(),
            JsonValueKind.String => by.GetString() ?? "",
            JsonValueKind.Object => by.TryGetProperty("email", out var email) && email.ValueKind == JsonValueKind.String && email.GetString() is { Length: > 0 } e
                ? e
                : by.TryGetProperty("id", out var id) ? id.ToString() : "",
            _ => "",
        };
    }

    private static (string Stance, string Note) ResultOf(JsonElement annotation, string path, string where)
    {
        if (!annotation.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Array) return ("", "");
        var choices = new List<(string From, List<string> Values)>();
        var notes = new List<string>();
        foreach (var item in result.EnumerateArray())
        {
            if (!item.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Object) continue;
            var from = item.TryGetProperty("from_name", out var f) ? f.GetString() ?? "" : "";
            if (value.TryGetProperty("choices", out var c) && c.ValueKind == JsonValueKind.Array)
                choices.Add((from, c.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() ?? "" : x.GetRawText()).ToList()));
            else if (value.TryGetProperty("text", out var t))
                notes.AddRange(t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => x.GetString() ?? "") : [t.GetString() ?? ""]);
        }
        var chosen = choices.FirstOrDefault(c => c.From == "stance");
        if (chosen.Values is null && choices.Count > 0) chosen = choices[0];
        var values = chosen.Values ?? [];
        if (values.Count > 1)
            throw new InputError("SH003", path, where, $"{values.Count} stances chosen ({string.Join(", ", values)}): choose one of {string.Join(", ", StanceLabels.All)}.");
        var stance = values.Count == 1 ? values[0].Trim().ToLowerInvariant() : "";
        return (stance, string.Join(" ", notes).Trim());
    }
}
