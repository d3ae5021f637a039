using Portrayal.Codebook;
using Portrayal.Corpus;

namespace Portrayal.Narratives;

/// <summary>A codebook narrative with its parsed query.</summary>
public sealed record CompiledNarrative(Narrative Narrative, NarrativeQuery Query);

/// <summary>The codebook's narrative queries, parsed and checked once, evaluated on each post after mentions and stance.</summary>
public sealed class NarrativeSet
{
    /// <summary>Versioned name of the narrative stage, for run records.</summary>
    public const string MethodName = "narratives.query.v1";

    private NarrativeSet(IReadOnlyList<CompiledNarrative> narratives) => Narratives = narratives;

    /// <summary>Narratives that have a query, in codebook order (those without one are listed but never found).</summary>
    public IReadOnlyList<CompiledNarrative> Narratives { get; }

    /// <summary>
    /// Parses every narrative's query; a broken query, an actor the codebook does not define or a repeated narrative id is
    /// an <see cref="InputError"/> naming the codebook, the line and the column in the query.
    /// </summary>
    public static NarrativeSet Compile(Codebook.Codebook codebook)
    {
        var list = new List<CompiledNarrative>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var n in codebook.Narratives)
        {
            if (!seen.TryAdd(n.Id, n.Line))
                throw new InputError("NQ008", codebook.Path, $"line {n.Line}", $"narrative id '{n.Id}' is used twice (also on line {seen[n.Id]}); ids must be unique.");
            if (string.IsNullOrWhiteSpace(n.Query)) continue;
            var position = $"line {n.Line}, narrative '{n.Id}'";
            var query = NarrativeQuery.Parse(n.Query, codebook.Path, position);
            query.CheckActors(codebook.Actors.Select(a => a.Id), codebook.Path, position);
            list.Add(new CompiledNarrative(n, query));
        }
        return new NarrativeSet(list);
    }

    public IReadOnlyList<NarrativeHit> Evaluate(QueryDocument doc)
    {
        List<NarrativeHit>? hits = null;
        foreach (var n in Narratives)
            if (n.Query.Evaluate(doc) is { } match)
                (hits ??= []).Add(new NarrativeHit(n.Narrative.Id, match.Evidence));
        return hits ?? (IReadOnlyList<NarrativeHit>)[];
    }
}
