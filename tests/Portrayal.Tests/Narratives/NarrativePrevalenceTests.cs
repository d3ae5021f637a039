using Portrayal.Codebook;
using Portrayal.Corpus;
using Portrayal.Mentions;
using Portrayal.Narratives;
using Portrayal.Pipeline;
using Portrayal.Stance;
using Portrayal.Statistics;
using Portrayal.Storage;
using Portrayal.Tests.Support;
using Portrayal.Text;
using Xunit;

namespace Portrayal.Tests.Narratives;

public class NarrativePrevalenceTests
{
    private const string Book = """
        title: Test
        period: {from: 2022-01-05, to: 2022-01-06}
        timezone: "+06:00"
        actors:
          - id: csto
            name: CSTO
            names: {ru: [ОДКБ]}
        narratives:
          - id: useless
            label: "The CSTO | useless"
            actors: [csto]
            query: 'actor:csto AND бесполезн*'
          - id: unwritten
            label: No query yet
        """;

    private static Post P(string platform, string id, string utc, string text) => new()
    {
        Platform = platform, Account = platform + "-account", NativeId = id,
        PublishedAt = DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), Text = text, Lang = "ru",
    };

    private static (SqliteStore Store, Codebook.Codebook Book) Analysed(TempDir tmp)
    {
        var book = CodebookLoader.Parse(Book, "codebook.yaml", "hash-1");
        var store = new SqliteStore(tmp.File("s.db"));
        using (var batch = store.BeginImport())
        {
            batch.Upsert([new PostUpsert(P("telegram", "1", "2022-01-05T20:00:00Z", "ОДКБ бесполезна."))]); // 6 January in Almaty (+06:00)
            batch.Upsert([new PostUpsert(P("telegram", "2", "2022-01-05T10:00:00Z", "ОДКБ помогла, спасибо."))]);
            batch.Upsert([new PostUpsert(P("youtube", "3", "2022-01-05T09:00:00Z", "Бесполезная ОДКБ, как в Карабахе."))]);
            batch.Upsert([new PostUpsert(P("youtube", "4", "2022-01-06T09:00:00Z", "Погода в Алматы."))]);
            batch.Upsert([new PostUpsert(P("instagram", "5", "2022-01-08T09:00:00Z", "ОДКБ бесполезна."))]); // after the period
            batch.Commit();
        }
        var analysis = new Analysis(new AliasMatcher(book), new LexiconStance(), new LanguageIdentifier(), NarrativeSet.Compile(book)).Run(store);
        store.RecordRun(new RunManifest(DateTimeOffset.UnixEpoch, "test", book.Hash, PostHashes.Corpus(store), "m", "s", analysis.Posts, analysis.Mentions));
        return (store, book);
    }

    [Fact]
    public void Shares_of_the_periods_posts_by_platform_and_by_day_in_the_codebooks_time_zone()
    {
        using var tmp = new TempDir();
        var (store, book) = Analysed(tmp);
        using var _ = store;

        var r = NarrativeStatistics.Compute(store, book);

        Assert.Equal(4, r.PostsInPeriod);
        Assert.True(r.Analysed);
        Assert.False(r.CodebookChanged);
        Assert.Equal(["useless", "unwritten"], r.Narratives.Select(n => n.Id));
        var n = r.Narratives[0];
        Assert.Equal(Proportion.Wilson(2, 4), n.Overall);                                   // the Instagram hit is outside the period
        Assert.Equal([("telegram", Proportion.Wilson(1, 2)), ("youtube", Proportion.Wilson(1, 2))],
            n.ByPlatform.Select(p => (p.Slice, p.Share)));
        Assert.Equal([(new DateOnly(2022, 1, 5), Proportion.Wilson(1, 2)), (new DateOnly(2022, 1, 6), Proportion.Wilson(1, 2))],
            n.ByDay.Select(d => (d.Day, d.Share)));
        var csto = Assert.Single(n.Stances);
        Assert.Equal(2, csto.Mentioned);
        Assert.Equal(0, csto.NotMentioned);
        var labels = store.ReadActorStances().Where(s => s.NativeId is "1" or "3").Select(s => s.Label).ToList();
        Assert.Equal(labels.Count(l => l == StanceLabels.Negative), csto.Negative);
        Assert.Equal(["1", "3"], n.Examples.Select(e => e.NativeId).Order());
        Assert.All(n.Examples, e => Assert.Contains("ОДКБ", e.Evidence));
        Assert.Equal(Proportion.Wilson(0, 4), r.Narratives[1].Overall);
    }

    [Fact]
    public void Hits_from_a_run_with_another_codebook_are_flagged()
    {
        using var tmp = new TempDir();
        var (store, book) = Analysed(tmp);
        using var _ = store;

        var changed = NarrativeStatistics.Compute(store, book with { Hash = "hash-2" });

        Assert.True(changed.CodebookChanged);
    }

    [Fact]
    public void Markdown_tables_carry_counts_shares_and_intervals()
    {
        using var tmp = new TempDir();
        var (store, book) = Analysed(tmp);
        using var _ = store;
        var r = NarrativeStatistics.Compute(store, book);

        var md = NarrativeTables.Markdown(r);
        var byDay = NarrativeTables.MarkdownByDay(r);

        Assert.Equal("50.0% (15.0–85.0%)", NarrativeTables.Share(Proportion.Wilson(2, 4)));
        Assert.Contains("| narrative | posts | share (95% CI) | telegram | youtube |", md);
        Assert.Contains("| The CSTO \\| useless | 2 of 4 | 50.0% (15.0–85.0%) | 1 of 2, 50.0% (9.5–90.5%) | 1 of 2, 50.0% (9.5–90.5%) |", md);
        Assert.Contains("| 2022-01-06 | 2 | 1 (50.0% (9.5–90.5%)) | 0 (0.0% (0.0–65.8%)) |", byDay);
    }
}
