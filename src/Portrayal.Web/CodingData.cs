using Portrayal.Coding;
using Portrayal.Corpus;
using Portrayal.Pipeline;

namespace Portrayal.Web;

/// <summary>A span of the post's text that names the unit's actor (UTF-16 offsets, as JavaScript strings count).</summary>
public sealed record Span(int Start, int End);

/// <summary>The post a reply answers, shown as thread context.</summary>
public sealed record ParentView(string Account, string Published, string Text, string? Url);

/// <summary>What the classifier said about the unit.</summary>
public sealed record MachineView(string Label, double Confidence, IReadOnlyList<string> Evidence);

/// <summary>One (post, actor) unit as the coding page shows it.</summary>
public sealed record UnitView(
    string Key, string Platform, string Account, string? AccountName, string PostId, string Actor, string ActorName,
    string Published, string Day, string? Url, string Text, IReadOnlyList<Span> Mentions, ParentView? Parent,
    MachineView? Machine, IReadOnlyList<string> Narratives);

/// <summary>
/// The analysed store read once when the server starts: every (post, actor) unit with its post, the actor's mentions,
/// the classifier's stance, the narratives found and the parent post; the coding sheet's rows per coder.
/// </summary>
public sealed class CodingData
{
    private readonly Dictionary<string, UnitView> _byKey;
    private readonly Dictionary<string, List<string>> _sheet;

    public CodingData(Study study, string? sheetPath)
    {
        var codebook = study.Codebook;
        Narratives = codebook?.Narratives.Select(n => (n.Id, n.Label)).ToList() ?? [];
        var store = study.Store;
        var posts = store.ReadPosts().ToList();
        var byId = posts.ToDictionary(p => p.Id);
        var byNative = new Dictionary<(string, string, string), StoredPost>();
        var byPlatformId = new Dictionary<(string, string), StoredPost>();
        foreach (var p in posts)
        {
            byNative[(p.Post.Platform, p.Post.Account, p.Post.NativeId)] = p;
            byPlatformId.TryAdd((p.Post.Platform, p.Post.NativeId), p);
        }
        var mentions = store.ReadMentions().GroupBy(m => (m.PostId, m.Mention.Actor))
            .ToDictionary(g => g.Key, g => g.Select(m => new Span(m.Mention.Start, m.Mention.End)).ToList());
        var hits = store.ReadNarrativeHits().GroupBy(h => h.PostId).ToDictionary(g => g.Key, g => g.Select(h => h.Narrative).ToList());
        string Day(DateTimeOffset t) => (codebook?.DayOf(t) ?? DateOnly.FromDateTime(t.UtcDateTime)).ToString("yyyy-MM-dd");
        static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture);

        UnitView View(StoredPost sp, string actor, ActorStanceRow? stance)
        {
            var p = sp.Post;
            ParentView? parent = null;
            if (p.ParentId is { } pid && pid != p.NativeId &&
                (byNative.TryGetValue((p.Platform, p.Account, pid), out var pp) || byPlatformId.TryGetValue((p.Platform, pid), out pp)))
                parent = new ParentView(pp.Post.AccountName ?? pp.Post.Account, Time(pp.Post.PublishedAt), pp.Post.Text, pp.Post.Url);
            return new UnitView(Sampling.UnitOf(p.Platform, p.Account, p.NativeId, actor), p.Platform, p.Account, p.AccountName, p.NativeId,
                actor, codebook?.Find(actor)?.Name ?? actor, Time(p.PublishedAt), Day(p.PublishedAt), p.Url, p.Text,
                mentions.GetValueOrDefault((sp.Id, actor)) ?? [], parent,
                stance is null ? null : new MachineView(stance.Label, stance.Confidence, stance.Evidence),
                hits.GetValueOrDefault(sp.Id) ?? []);
        }

        Units = store.ReadActorStances().Select(s => View(byId[s.PostId], s.Actor, s)).ToList();
        _byKey = Units.ToDictionary(u => u.Key);
        _sheet = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (sheetPath is not null && File.Exists(sheetPath))
        {
            foreach (var row in CodingSheet.Read(sheetPath))
            {
                var key = Sampling.UnitOf(row.Platform, row.Account, row.PostId, row.Actor);
                if (!_byKey.ContainsKey(key))
                {
                    if (!byNative.TryGetValue((row.Platform, row.Account, row.PostId), out var sp)) continue;
                    var unit = View(sp, row.Actor, null);
                    Units.Add(unit);
                    _byKey[key] = unit;
                }
                if (!_sheet.TryGetValue(row.Coder, out var list)) _sheet[row.Coder] = list = [];
                if (!list.Contains(key)) list.Add(key);
            }
        }
    }

    /// <summary>The codebook's narratives (id, label), for the checkboxes and the browse filter.</summary>
    public IReadOnlyList<(string Id, string Label)> Narratives { get; }

    /// <summary>Every (post, actor) unit the store analysed, in post order, and any sheet unit the store lacks a stance for.</summary>
    public List<UnitView> Units { get; }

    public UnitView? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>The coder's rows of the coding sheet; when the sheet has none for them, every unit of the store.</summary>
    public IReadOnlyList<UnitView> UnitsFor(string coder) =>
        _sheet.TryGetValue(coder, out var keys) && keys.Count > 0 ? keys.Select(k => _byKey[k]).ToList() : Units;
}
