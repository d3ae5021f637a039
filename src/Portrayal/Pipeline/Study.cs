using Portrayal.Corpus;
using Portrayal.Narratives;
using Portrayal.Storage;

namespace Portrayal.Pipeline;

/// <summary>What a command needs of a workspace before it can start; each missing piece is one error with one wording.</summary>
[Flags]
public enum StudyNeeds
{
    /// <summary>Nothing beyond the folder: the codebook is read when there is one, the store is created when missing.</summary>
    None = 0,
    /// <summary>codebook.yaml must exist (else its absence is the loader's error).</summary>
    Codebook = 1,
    /// <summary>The codebook's narrative queries are compiled before the store is touched, so a broken one changes nothing.</summary>
    Narratives = 2 | Codebook,
    /// <summary>The workspace must have a data/ folder of exports.</summary>
    Exports = 4,
    /// <summary>The store must already exist (something was imported).</summary>
    Store = 8,
    /// <summary>The store must hold an analysis (a `run` happened).</summary>
    Analysis = 16 | Store,
}

/// <summary>
/// A workspace opened once for a command: its folders, its codebook, its store (SQLite or PostgreSQL, opened here and
/// nowhere else) and the manifest of its last run. Every check a command needs is made here, with one message each.
/// </summary>
public sealed class Study : IDisposable
{
    private Study(Workspace workspace, Codebook.Codebook? codebook, NarrativeSet? narratives, ICorpusStore store)
    {
        Workspace = workspace;
        Codebook = codebook;
        Narratives = narratives;
        Store = store;
        LastRun = store.LastRun();
    }

    public Workspace Workspace { get; }

    /// <summary>The codebook, or null when the workspace has none and the command did not need one.</summary>
    public Codebook.Codebook? Codebook { get; }

    /// <summary>The codebook's narrative queries, compiled when the command asked for <see cref="StudyNeeds.Narratives"/>.</summary>
    public NarrativeSet? Narratives { get; }

    public ICorpusStore Store { get; }

    /// <summary>The manifest of the latest run, or null when the store was never analysed.</summary>
    public RunManifest? LastRun { get; private set; }

    /// <summary>The codebook the command cannot do without.</summary>
    public Codebook.Codebook RequireCodebook() => Codebook ?? Portrayal.Codebook.CodebookLoader.Load(Workspace.CodebookPath);

    /// <summary>The coded sample's file in this workspace (coded.csv).</summary>
    public string CodedPath => Path.Combine(Workspace.Directory, Coding.CodedSample.FileName);

    /// <summary>Records a run and makes it the study's last one.</summary>
    public void Record(RunManifest manifest)
    {
        Store.RecordRun(manifest);
        LastRun = manifest;
    }

    public static Study Open(Workspace workspace, StudyNeeds needs = StudyNeeds.None)
    {
        Codebook.Codebook? codebook = null;
        if ((needs & StudyNeeds.Codebook) != 0 || File.Exists(workspace.CodebookPath))
            codebook = Portrayal.Codebook.CodebookLoader.Load(workspace.CodebookPath);
        var narratives = (needs & StudyNeeds.Narratives) == StudyNeeds.Narratives ? NarrativeSet.Compile(codebook!) : null;
        if ((needs & StudyNeeds.Exports) != 0 && !Directory.Exists(workspace.DataDirectory))
            throw new InputError("WS002", workspace.DataDirectory, null, "the workspace has no data/ folder with exports to import.");
        if ((needs & StudyNeeds.Store) != 0 && !Stores.Exists(workspace.Store))
            throw new InputError("WS003", workspace.Store.Display, null, "no store here yet: run `portrayal import` or `portrayal run` first.");
        var store = Stores.Open(workspace.Store);
        try
        {
            var study = new Study(workspace, codebook, narratives, store);
            if ((needs & StudyNeeds.Analysis) == StudyNeeds.Analysis && study.LastRun is null)
                throw new InputError("WS004", workspace.Store.Display, null, "the posts were imported but never analysed: run `portrayal run` first.");
            return study;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    public void Dispose() => Store.Dispose();
}
