namespace Portrayal.Codebook;

/// <summary>What a study looks for: actors with their names, narratives, dated events and the period.</summary>
public sealed record Codebook
{
    public required string Path { get; init; }
    /// <summary>SHA-256 of the file's bytes, recorded in every run manifest.</summary>
    public required string Hash { get; init; }
    public string Title { get; init; } = "Untitled study";
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    /// <summary>Offset used to assign posts to days (the study region's time zone); UTC when not given.</summary>
    public TimeSpan DayOffset { get; init; }
    public bool UseProxies { get; init; }
    public required IReadOnlyList<Actor> Actors { get; init; }
    public IReadOnlyList<Narrative> Narratives { get; init; } = [];
    public IReadOnlyList<StudyEvent> Events { get; init; } = [];
    /// <summary>Phrases that are never actor mentions, whichever actor they resemble.</summary>
    public IReadOnlyList<Alias> Exclusions { get; init; } = [];

    public Actor? Find(string id) => Actors.FirstOrDefault(a => a.Id == id);

    public DateOnly DayOf(DateTimeOffset t) => DateOnly.FromDateTime(t.ToOffset(DayOffset).DateTime);

    /// <summary>Whether a post's day (in the study's time zone) is inside the period; posts outside are kept but not analysed.</summary>
    public bool InPeriod(DateTimeOffset t)
    {
        var day = DayOf(t);
        return (From is not { } f || day >= f) && (To is not { } to || day <= to);
    }
}

public sealed record Actor(string Id, string Name, IReadOnlyList<Alias> Aliases, IReadOnlyList<Alias> Exclusions)
{
    /// <summary>How the actor reads inside a sentence ("the CSTO"); the name when not given.</summary>
    public string InSentence { get; init; } = Name;

    /// <summary>ISO 3166-1 alpha-2 and alpha-3 codes of a country from the catalog; empty for organisations.</summary>
    public IReadOnlyList<string> Iso { get; init; } = [];
}

public enum AliasKind { Name, Abbreviation, Metonym, Adjective, Proxy }

/// <summary>One way of naming an actor; Line is where the codebook gives it, for error messages.</summary>
public sealed record Alias(string Text, string? Lang, AliasKind Kind, bool CaseSensitive, int Line);

/// <summary>A narrative (frame) the study counts; the query is evaluated by the narratives stage.</summary>
public sealed record Narrative(string Id, string Label, string? Description, string? Query, IReadOnlyList<string> Actors)
{
    /// <summary>The codebook line of the query (of the narrative when it has none), for error messages.</summary>
    public int Line { get; init; }
}

/// <summary>A dated event of the study's timeline, drawn on daily charts.</summary>
public sealed record StudyEvent(DateOnly Date, string Label);
