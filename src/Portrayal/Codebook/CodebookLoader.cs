using System.Globalization;
using System.Security.Cryptography;
using Portrayal.Corpus;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Portrayal.Codebook;

/// <summary>Reads and validates codebook.yaml; every mistake is reported with its line.</summary>
public static class CodebookLoader
{
    private static readonly string[] Languages = ["en", "ru", "kk"];

    public static Codebook Load(string path)
    {
        if (!File.Exists(path)) throw new InputError("CB001", path, null, "codebook not found.");
        var bytes = File.ReadAllBytes(path);
        return Parse(new StreamReader(new MemoryStream(bytes), detectEncodingFromByteOrderMarks: true).ReadToEnd(), path,
            Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>
    /// Parses a codebook. With <c>extends: catalog</c> its actors start from the built-in catalog: an actor given by id
    /// alone (or by <c>catalog: ID</c> / an ISO code under another id) takes the catalog's names, and whatever the
    /// codebook adds (names, proxies, exclusions, a display name) is added to them; <c>replace: true</c> drops the
    /// catalog's aliases. With <c>extends: catalog</c> and no <c>actors:</c> list, every catalog actor is used.
    /// </summary>
    public static Codebook Parse(string yaml, string path, string hash = "")
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new InputError("CB002", path, $"line {e.Start.Line}, column {e.Start.Column}", $"not valid YAML: {e.InnerException?.Message ?? e.Message}", e);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new InputError("CB002", path, "line 1", "the codebook must be a YAML mapping with 'actors:'.");
        var reader = new Reader(path);

        var extends = reader.String(root, "extends");
        if (extends is not null && extends != "catalog")
            throw reader.Error(root.Children[new YamlScalarNode("extends")], "CB009", $"'extends: {extends}' is unknown: the built-in actor list is 'extends: catalog'.");
        var catalog = extends is null ? null : ActorCatalog.Default;
        if (catalog is not null) hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(hash + catalog.Hash)));

        var actors = new List<Actor>();
        var actorsNode = reader.Sequence(root, "actors");
        if (actorsNode is null && catalog is null) throw reader.Error(root, "CB004", "the codebook has no 'actors:' list (or 'extends: catalog' to use the built-in one).");
        if (actorsNode is null) actors.AddRange(catalog!.Actors);
        foreach (var node in actorsNode ?? [])
            actors.Add(reader.Actor(node, catalog));
        reader.CheckUnique(actors);

        var narratives = new List<Narrative>();
        foreach (var node in reader.Sequence(root, "narratives") ?? [])
        {
            var m = reader.Mapping(node, "a narrative");
            var id = reader.RequiredString(m, "id");
            var concerns = reader.StringList(m, "actors");
            foreach (var a in concerns)
                if (actors.All(x => x.Id != a))
                    throw reader.Error(m, "CB007", $"narrative '{id}' names actor '{a}', which the codebook does not define.");
            var line = (int)(m.Children.TryGetValue(new YamlScalarNode("query"), out var q) ? q.Start.Line : m.Start.Line);
            narratives.Add(new Narrative(id, reader.String(m, "label") ?? id, reader.String(m, "description"), reader.String(m, "query"), concerns)
            {
                Line = line,
            });
        }

        var events = new List<StudyEvent>();
        foreach (var node in reader.Sequence(root, "events") ?? [])
        {
            var m = reader.Mapping(node, "an event");
            events.Add(new StudyEvent(reader.Date(m, "date") ?? throw reader.Error(m, "CB005", "an event needs a 'date:'."),
                reader.RequiredString(m, "label")));
        }

        var period = root.Children.TryGetValue(new YamlScalarNode("period"), out var p) ? reader.Mapping(p, "period") : null;
        var offset = TimeSpan.Zero;
        if (reader.String(root, "timezone") is { } tz)
        {
            var text = tz.StartsWith("UTC", StringComparison.OrdinalIgnoreCase) ? tz[3..] : tz;
            if (!TimeSpan.TryParseExact(text.TrimStart('+'), [@"hh\:mm", "hh"], CultureInfo.InvariantCulture, out offset))
                throw reader.Error(root, "CB005", $"timezone '{tz}' is not an offset such as +06:00.");
            if (text.StartsWith('-')) offset = -offset;
        }

        return new Codebook
        {
            Path = path,
            Hash = hash,
            Title = reader.String(root, "title") ?? "Untitled study",
            From = period is null ? null : reader.Date(period, "from"),
            To = period is null ? null : reader.Date(period, "to"),
            DayOffset = offset,
            UseProxies = reader.Bool(root, "proxies") ?? false,
            Actors = actors,
            Narratives = narratives,
            Events = events.OrderBy(e => e.Date).ToList(),
            Exclusions = reader.Aliases(root, "exclude", null, AliasKind.Name, caseSensitive: false),
        };
    }

    private sealed class Reader(string path)
    {
        public InputError Error(YamlNode node, string code, string message) =>
            new(code, path, $"line {node.Start.Line}", message);

        public YamlMappingNode Mapping(YamlNode node, string what) =>
            node as YamlMappingNode ?? throw Error(node, "CB002", $"expected {what} as a mapping (key: value lines).");

        public YamlSequenceNode? Sequence(YamlMappingNode m, string key)
        {
            if (!m.Children.TryGetValue(new YamlScalarNode(key), out var v)) return null;
            return v as YamlSequenceNode ?? throw Error(v, "CB002", $"'{key}' must be a list.");
        }

        public string? String(YamlMappingNode m, string key)
        {
            if (!m.Children.TryGetValue(new YamlScalarNode(key), out var v)) return null;
            return v is YamlScalarNode s ? s.Value : throw Error(v, "CB002", $"'{key}' must be a single value.");
        }

        public string RequiredString(YamlMappingNode m, string key) =>
            String(m, key) is { Length: > 0 } s ? s : throw Error(m, "CB005", $"'{key}:' is missing.");

        public bool? Bool(YamlMappingNode m, string key) => String(m, key) switch
        {
            null => null,
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            var other => throw Error(m.Children[new YamlScalarNode(key)], "CB002", $"'{key}' must be true or false, not '{other}'."),
        };

        public DateOnly? Date(YamlMappingNode m, string key)
        {
            var s = String(m, key);
            if (s is null) return null;
            return DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d
                : throw Error(m.Children[new YamlScalarNode(key)], "CB005", $"'{key}: {s}' is not a date like 2022-01-05.");
        }

        public List<string> StringList(YamlMappingNode m, string key)
        {
            if (!m.Children.TryGetValue(new YamlScalarNode(key), out var v)) return [];
            if (v is YamlScalarNode one) return [one.Value ?? ""];
            if (v is not YamlSequenceNode seq) throw Error(v, "CB002", $"'{key}' must be a list.");
            return seq.Select(n => n is YamlScalarNode s ? s.Value ?? "" : throw Error(n, "CB002", $"'{key}' must list plain values.")).ToList();
        }

        /// <summary>Aliases given either as a list, or per language as a mapping (en: [...], ru: [...], kk: [...]).</summary>
        public List<Alias> Aliases(YamlMappingNode m, string key, string? actorId, AliasKind kind, bool caseSensitive)
        {
            var result = new List<Alias>();
            if (!m.Children.TryGetValue(new YamlScalarNode(key), out var v)) return result;
            void AddAll(YamlNode node, string? lang)
            {
                IEnumerable<YamlNode> items = node switch
                {
                    YamlSequenceNode seq => seq,
                    YamlScalarNode s => [s],
                    _ => throw Error(node, "CB002", $"'{key}' must list names."),
                };
                foreach (var item in items)
                {
                    if (item is not YamlScalarNode s || string.IsNullOrWhiteSpace(s.Value))
                        throw Error(item, "CB006", $"an empty or nested alias under '{key}'{(actorId is null ? "" : $" of actor '{actorId}'")}.");
                    result.Add(new Alias(s.Value.Trim(), lang, kind, caseSensitive, (int)item.Start.Line));
                }
            }
            if (v is YamlMappingNode perLanguage)
            {
                foreach (var (langNode, list) in perLanguage.Children)
                {
                    var lang = (langNode as YamlScalarNode)?.Value ?? "";
                    if (!Languages.Contains(lang))
                        throw Error(langNode, "CB008", $"'{lang}' is not a language code the matcher knows (en, ru, kk).");
                    AddAll(list, lang);
                }
            }
            else AddAll(v, null);
            return result;
        }

        public Actor Actor(YamlNode node, ActorCatalog? catalog = null)
        {
            var m = Mapping(node, "an actor");
            var id = RequiredString(m, "id");
            if (!System.Text.RegularExpressions.Regex.IsMatch(id, "^[a-z][a-z0-9_-]*$"))
                throw Error(m, "CB005", $"actor id '{id}' must be lower-case letters, digits, '-' or '_'.");
            Actor? template = null;
            if (String(m, "catalog") is { } from)
            {
                var known = catalog ?? ActorCatalog.Default;
                template = known.Find(from) ?? throw Error(m.Children[new YamlScalarNode("catalog")], "CB009",
                    $"'catalog: {from}' is not in the built-in catalog (ids such as russia, csto, or ISO codes such as RU, RUS).");
            }
            else if (catalog is not null) template = catalog.Find(id);

            var aliases = new List<Alias>();
            if (template is not null && Bool(m, "replace") != true) aliases.AddRange(template.Aliases);
            aliases.AddRange(Aliases(m, "names", id, AliasKind.Name, false));
            aliases.AddRange(Aliases(m, "abbreviations", id, AliasKind.Abbreviation, true));
            aliases.AddRange(Aliases(m, "metonyms", id, AliasKind.Metonym, false));
            aliases.AddRange(Aliases(m, "adjectives", id, AliasKind.Adjective, false));
            aliases.AddRange(Aliases(m, "proxies", id, AliasKind.Proxy, false));
            // case_sensitive: true makes every alias of the actor match with its capitals only (Того, Чад); a list names some of them.
            if (m.Children.TryGetValue(new YamlScalarNode("case_sensitive"), out var cs) && cs is YamlScalarNode { Value: "true" or "yes" })
                aliases = aliases.Select(a => a with { CaseSensitive = true }).ToList();
            else
            {
                var caseSensitive = StringList(m, "case_sensitive").ToHashSet(StringComparer.Ordinal);
                aliases = aliases.Select(a => caseSensitive.Contains(a.Text) ? a with { CaseSensitive = true } : a).ToList();
            }
            aliases = aliases.DistinctBy(a => (a.Text, a.Lang, a.Kind)).ToList();
            if (aliases.All(a => a.Kind == AliasKind.Proxy))
                throw Error(m, "CB006", catalog is null && template is null
                    ? $"actor '{id}' has no names: give at least one under 'names:' (or 'extends: catalog' to take them from the built-in catalog)."
                    : $"actor '{id}' is not in the built-in catalog and has no names: give them under 'names:', or 'catalog: ID' to take another entry's.");
            var name = String(m, "name") ?? template?.Name ?? id;
            var exclusions = (template?.Exclusions ?? []).Concat(Aliases(m, "exclude", id, AliasKind.Name, false)).ToList();
            return new Actor(id, name, aliases, exclusions)
            {
                InSentence = String(m, "in_sentence") ?? (String(m, "name") is null ? template?.InSentence : null) ?? name,
                Iso = StringList(m, "iso") is { Count: > 0 } iso ? iso : template?.Iso ?? [],
            };
        }

        public void CheckUnique(List<Actor> actors)
        {
            var seenIds = new HashSet<string>();
            foreach (var a in actors)
                if (!seenIds.Add(a.Id))
                    throw new InputError("CB003", path, $"line {a.Aliases[0].Line}", $"actor id '{a.Id}' is defined twice. Remove one.");
            var owner = new Dictionary<string, (string Actor, int Line)>(StringComparer.Ordinal);
            foreach (var a in actors)
            foreach (var alias in a.Aliases)
            {
                var key = alias.CaseSensitive ? alias.Text : Text.TextFolding.Fold(alias.Text);
                if (owner.TryGetValue(key, out var first) && first.Actor != a.Id)
                    throw new InputError("CB003", path, $"line {alias.Line}",
                        $"alias '{alias.Text}' appears under two actors ({first.Actor} on line {first.Line}, {a.Id}). Remove one.");
                owner.TryAdd(key, (a.Id, alias.Line));
            }
        }
    }
}
