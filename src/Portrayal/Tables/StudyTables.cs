using Portrayal.Corpus;
using Portrayal.Statistics;

namespace Portrayal.Tables;

/// <summary>Stance counts toward one actor in one slice (all posts, a platform, an account, a day).</summary>
public sealed record StanceSplit(string Slice, int Units, Proportion Negative, Proportion Neutral, Proportion Positive)
{
    public Proportion this[string label] => label switch
    {
        StanceLabels.Negative => Negative,
        StanceLabels.Positive => Positive,
        _ => Neutral,
    };

    public static StanceSplit Of(string slice, IReadOnlyCollection<string> labels)
    {
        var n = labels.Count;
        return new StanceSplit(slice, n,
            Proportion.Wilson(labels.Count(l => l == StanceLabels.Negative), n),
            Proportion.Wilson(labels.Count(l => l == StanceLabels.Neutral), n),
            Proportion.Wilson(labels.Count(l => l == StanceLabels.Positive), n));
    }
}

/// <summary>Everything computed about one actor.</summary>
public sealed record ActorTable(
    string Actor, string Name, string InSentence, StanceSplit Overall, IReadOnlyList<StanceSplit> ByPlatform, IReadOnlyList<StanceSplit> ByAccount,
    IReadOnlyList<ExamplePost> Examples)
{
    /// <summary>Does stance differ between platforms (platform × stance, chi-square or exact test)? Null with fewer than two platforms.</summary>
    public ContingencyResult? PlatformTest { get; init; }

    /// <summary>The same between accounts.</summary>
    public ContingencyResult? AccountTest { get; init; }

    /// <summary>Stance shares weighted by views, likes and forwards, where the platform gave them.</summary>
    public IReadOnlyList<WeightedShares> Weighted { get; init; } = [];

    /// <summary>The classifier against the coders' agreed codes of this actor's units; null without a coded sample.</summary>
    public Coding.Validation? Check { get; init; }


    /// <summary>Days when posts mentioning the actor rose far above their recent baseline.</summary>
    public IReadOnlyList<Spike> Spikes { get; init; } = [];
}

/// <summary>A post behind a figure, shown in the report as evidence.</summary>
public sealed record ExamplePost(string Actor, string Label, double Confidence, string Platform, string Account, DateTimeOffset PublishedAt,
    string Text, string? Url, IReadOnlyList<string> Evidence);

/// <summary>Posts per day, in total and mentioning each actor (by stance).</summary>
public sealed record DayRow(DateOnly Day, int Posts, IReadOnlyDictionary<string, int> ActorPosts, IReadOnlyDictionary<string, (int Negative, int Neutral, int Positive)> ActorStances);

public sealed record CoMention(string A, string B, int Both, int OnlyA, int OnlyB, double Jaccard)
{
    /// <summary>Lift, PMI and the test of co-occurrence above chance over the period's posts.</summary>
    public CoMentionAssociation? Association { get; init; }
}

/// <summary>The scope of a study: what was analysed.</summary>
public sealed record StudyScope(
    string Title, int Posts, int PostsInPeriod, int PostsWithActors, IReadOnlyList<(string Platform, int Posts, int Accounts)> Platforms,
    IReadOnlyList<(string Lang, int Posts)> Languages, DateOnly? From, DateOnly? To, DateOnly? FirstDay, DateOnly? LastDay);

/// <summary>All tables of a run, computed once here and only rendered by Reports.</summary>
public sealed record StudyResults(
    StudyScope Scope, IReadOnlyList<ActorTable> Actors, IReadOnlyList<DayRow> Days, IReadOnlyList<CoMention> CoMentions,
    IReadOnlyList<Codebook.StudyEvent> Events, RunManifest Manifest)
{
    /// <summary>Days when the volume of all posts rose far above its recent baseline.</summary>
    public IReadOnlyList<Spike> VolumeSpikes { get; init; } = [];

    public SpikeOptions SpikeRule { get; init; } = new();

    /// <summary>The classifier's accuracy on posts like these where it was measured (the shipped models' cross-validation on social-media posts); empty when unknown.</summary>
    public IReadOnlyList<Stance.MeasuredAccuracy> ClassifierAccuracy { get; init; } = [];

    /// <summary>Every share validated on the drawn hand codes (classifier and coders combined), and what the reader must know about those codes.</summary>
    public ValidationResults Validated { get; init; } = new([], [], 0, 0, 0, 0, 0, []);

    /// <summary>The classifier checked against the coded sample's agreed codes; null when the workspace has no coded sample.</summary>
    public Coding.Validation? Validation { get; init; }

    /// <summary>The codebook's narratives: prevalence, by platform and day, the stance toward their actors within the hits.</summary>
    public Narratives.NarrativeResults? Narratives { get; init; }

    /// <summary>Topics discovered in the period's posts (what no narrative wrote down); null when there are too few posts.</summary>
    public Narratives.TopicResults? Topics { get; init; }

    /// <summary>Coders of the coded sample, and how many units they coded and disagreed on.</summary>
    public (IReadOnlyList<string> Coders, int Units, int Disagreements)? Coding { get; init; }
}
