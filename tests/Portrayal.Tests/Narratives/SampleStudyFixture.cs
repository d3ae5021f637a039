using System.Text.Json;
using Portrayal.Codebook;
using Portrayal.Corpus;
using Portrayal.Import;
using Portrayal.Mentions;
using Portrayal.Narratives;
using Portrayal.Pipeline;
using Portrayal.Stance;
using Portrayal.Storage;
using Portrayal.Tests.Support;
using Portrayal.Text;

namespace Portrayal.Tests.Narratives;

/// <summary>One post of the sample's authors' key: what it was written to contain.</summary>
public sealed record KeyPost(string Platform, string Account, string PostId, string Lang, IReadOnlyDictionary<string, string> Actors, IReadOnlyList<string> Narratives)
{
    public string Key => $"{Platform}/{Account}/{PostId}";

    public static IReadOnlyList<KeyPost> ReadSample() =>
        Directory.GetFiles(Path.Combine(Paths.Sample, "key"), "*.jsonl").Order(StringComparer.Ordinal)
            .SelectMany(File.ReadLines).Where(l => l.Length > 0).Select(l =>
            {
                var e = JsonDocument.Parse(l).RootElement;
                return new KeyPost(e.GetProperty("platform").GetString()!, e.GetProperty("account").GetString()!,
                    e.GetProperty("post_id").GetString()!, e.GetProperty("lang").GetString()!,
                    e.GetProperty("actors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
                    e.GetProperty("narratives").EnumerateArray().Select(n => n.GetString()!).ToList());
            }).ToList();
}

/// <summary>The bundled sample imported and analysed once (mentions, stance, narratives) for the tests of a class.</summary>
public sealed class SampleStudyFixture : IDisposable
{
    private readonly TempDir _tmp = new();

    public SampleStudyFixture()
    {
        Codebook = CodebookLoader.Load(Paths.SampleCodebook);
        StorePath = _tmp.File("sample.db");
        using var store = new SqliteStore(StorePath);
        new ImportRunner(store).Import([Path.Combine(Paths.Sample, "data")]);
        Summary = new Analysis(new AliasMatcher(Codebook), new LexiconStance(), new LanguageIdentifier(), NarrativeSet.Compile(Codebook)).Run(store);
        Posts = store.ReadPosts().ToDictionary(p => p.Id, p => p.Post);
        Hits = store.ReadNarrativeHits().ToList();
        Key = KeyPost.ReadSample();
    }

    public Codebook.Codebook Codebook { get; }
    public string StorePath { get; }
    public AnalysisSummary Summary { get; }
    public IReadOnlyDictionary<long, Post> Posts { get; }
    public IReadOnlyList<NarrativeHitRow> Hits { get; }
    public IReadOnlyList<KeyPost> Key { get; }

    public SqliteStore Open() => new(StorePath);

    public void Dispose() => _tmp.Dispose();
}
