using System.Reflection;
using Portrayal.Coding;
using Portrayal.Corpus;
using Portrayal.Import;
using Portrayal.Mentions;
using Portrayal.Narratives;
using Portrayal.Reports;
using Portrayal.Stance;
using Portrayal.Statistics;
using Portrayal.Tables;
using Portrayal.Text;

namespace Portrayal.Pipeline;

/// <summary>What a run did, for the command line to print.</summary>
public sealed record RunOutcome(ImportSummary Import, AnalysisSummary Analysis, StudyResults Results, IReadOnlyList<string> Written);

/// <summary>Progress of a run, stage by stage.</summary>
public sealed record RunProgress(string Stage, string Detail, int Done = 0, int Total = 0);

/// <summary>The main job: import a workspace's exports, find mentions, classify stance, compute the tables, write the report.</summary>
public sealed class StudyRunner(TimeProvider clock, IStanceClassifier? stance = null)
{
    public static string ToolVersion { get; } =
        typeof(StudyRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Needs of a run: a codebook whose queries compile and a data/ folder, checked before the store is touched.</summary>
    public const StudyNeeds Needs = StudyNeeds.Narratives | StudyNeeds.Exports;

    /// <summary>Opens the workspace as a study with the run's needs, runs, and closes it.</summary>
    public RunOutcome Run(Workspace workspace, IProgress<RunProgress>? progress = null)
    {
        using var study = Study.Open(workspace, Needs);
        return Run(study, progress);
    }

    public RunOutcome Run(Study study, IProgress<RunProgress>? progress = null)
    {
        var started = clock.GetUtcNow();
        var codebook = study.RequireCodebook();
        var narratives = study.Narratives ?? NarrativeSet.Compile(codebook);
        var store = study.Store;
        progress?.Report(new RunProgress("import", "reading exports"));
        var import = new ImportRunner(store).Import([study.Workspace.DataDirectory], progress: new Progress(progress, "import"));

        var matcher = new AliasMatcher(codebook);
        var classifier = stance ?? new DefaultStance();
        var total = (int)store.CountPosts();
        progress?.Report(new RunProgress("analyse", "mentions, stance and narratives", 0, total));
        var analysis = new Analysis(matcher, classifier, new LanguageIdentifier(), narratives)
            .Run(store, new AnalysisProgress(progress, total));

        var manifest = new RunManifest(started, ToolVersion, codebook.Hash, PostHashes.Corpus(store), matcher.Name, classifier.Name,
            analysis.Posts, analysis.Mentions);
        study.Record(manifest);
        progress?.Report(new RunProgress("statistics", "computing tables"));
        var (results, written) = Report(study, study.Workspace.OutDirectory,
            () => progress?.Report(new RunProgress("report", "writing report")));
        return new RunOutcome(import, analysis, results, written);
    }

    /// <summary>
    /// The tables, report, summary and exports of an analysed study: what `run` ends with, and all that `report` does
    /// (it reuses the stored analysis and the manifest of the run that made it).
    /// </summary>
    public static (StudyResults Results, IReadOnlyList<string> Written) Report(Study study, string outDirectory, Action? writing = null)
    {
        var store = study.Store;
        var codebook = study.RequireCodebook();
        var manifest = study.LastRun ?? throw new InvalidOperationException("the study has no run to report");
        var coded = CodedSample.Load(study.CodedPath);
        var results = StudyStatistics.Compute(store, codebook, manifest, coded) with
        {
            Narratives = codebook.Narratives.Count > 0 ? Narratives.NarrativeStatistics.Compute(store, codebook) : null,
            Topics = ReportTopics(store, codebook),
        };
        writing?.Invoke();
        var written = ReportWriter.Write(results, study.Workspace.CodebookPath, outDirectory).ToList();
        var units = store.ReadActorStances().Where(r => codebook.InPeriod(r.PublishedAt)).Select(Exports.ExportUnit.Of);
        written.AddRange(Exports.StudyExports.Write(results, units, outDirectory));
        return (results, written);
    }

    /// <summary>Posts below this are too few for topics worth reading; `portrayal topics` still runs on them.</summary>
    public const int MinPostsForTopics = 100;

    /// <summary>Topics for the report: a fixed number (choosing it by coherence is `portrayal topics --k-range`), seeded, so the report stays reproducible.</summary>
    public const int ReportTopicCount = 6;

    private static Narratives.TopicResults? ReportTopics(ICorpusStore store, Codebook.Codebook codebook)
    {
        var documents = Narratives.TopicCorpus.Read(store, codebook);
        if (documents.Count < MinPostsForTopics) return null;
        return Narratives.TopicDiscovery.Run(documents, new Narratives.TopicOptions { Topics = ReportTopicCount }, codebook.DayOf);
    }

    private sealed class Progress(IProgress<RunProgress>? inner, string stage) : IProgress<string>
    {
        public void Report(string value) => inner?.Report(new RunProgress(stage, value));
    }

    private sealed class AnalysisProgress(IProgress<RunProgress>? inner, int total) : IProgress<int>
    {
        public void Report(int value) => inner?.Report(new RunProgress("analyse", "mentions, stance and narratives", value, total));
    }
}
