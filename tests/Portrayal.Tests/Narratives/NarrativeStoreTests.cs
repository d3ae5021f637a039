using Dapper;
using Microsoft.Data.Sqlite;
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
using Xunit;

namespace Portrayal.Tests.Narratives;

public class NarrativeStoreTests
{
    private const string Book = """
        title: Test
        actors:
          - id: csto
            names: {ru: [ОДКБ], kk: [ҰҚШҰ], en: [CSTO]}
          - id: russia
            names: {ru: [Россия], kk: [Ресей], en: [Russia]}
        narratives:
          - id: csto-help
            query: 'actor:csto NEAR/3 (помощь OR көмек)'
          - id: russia-troops
            query: 'actor:russia AND (десант* OR әскер*)'
          - id: no-query
            label: Written down, no query yet
        """;

    [Fact]
    public void Analysis_stores_each_hit_with_its_evidence_and_a_new_analysis_replaces_them()
    {
        using var tmp = new TempDir();
        var book = CodebookLoader.Parse(Book, "codebook.yaml");
        using var store = new SqliteStore(tmp.File("s.db"));
        new ImportRunner(store).Import([Paths.Fixture("telegram"), Paths.Fixture("youtube")]);
        var analysis = new Analysis(new AliasMatcher(book), new LexiconStance(), new LanguageIdentifier(), NarrativeSet.Compile(book));

        var first = analysis.Run(store);
        var hits = store.ReadNarrativeHits().ToList();
        var second = analysis.Run(store);

        Assert.Equal(2, first.NarrativeHits);
        Assert.Equal(first, second);
        Assert.Equal(hits.Select(h => (h.PostId, h.Narrative, string.Join('|', h.Evidence))),
            store.ReadNarrativeHits().Select(h => (h.PostId, h.Narrative, string.Join('|', h.Evidence))));
        var posts = store.ReadPosts().ToDictionary(p => p.Id, p => p.Post.Text);
        var help = Assert.Single(hits, h => h.Narrative == "csto-help");
        Assert.StartsWith("ОДКБ в Казахстане: помощь", posts[help.PostId]);
        Assert.Equal(["ОДКБ", "помощь"], help.Evidence);
        var troops = Assert.Single(hits, h => h.Narrative == "russia-troops");
        Assert.Equal(["Ресейдің", "десантшылары"], troops.Evidence);

        using var c = new SqliteConnection($"Data Source={tmp.File("s.db")};Pooling=False");
        c.Open();
        Assert.Equal("[\"Ресейдің\",\"десантшылары\"]", c.ExecuteScalar<string>("SELECT evidence FROM narrative_hits WHERE narrative = 'russia-troops'"));
    }

    [Fact]
    public void A_broken_narrative_query_stops_the_run_before_anything_is_imported()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("codebook.yaml"), Book.Replace("(десант* OR әскер*)", "(десант* OR"));
        Directory.CreateDirectory(tmp.File("data/telegram"));
        File.Copy(Paths.Fixture("telegram", "result.json"), tmp.File("data/telegram/result.json"));

        var e = Assert.Throws<InputError>(() => new StudyRunner(TimeProvider.System).Run(Workspace.Open(tmp.Path)));

        Assert.Equal("NQ001", e.Code);
        Assert.StartsWith("line 11, narrative 'russia-troops', query column", e.Position);
        Assert.False(File.Exists(tmp.File("portrayal.db")));
    }
}
