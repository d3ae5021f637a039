using Portrayal.Corpus;

namespace Portrayal.Narratives;

/// <summary>What satisfied a query in one post: the words (and actor mentions, and phrases) that made it true, in text order.</summary>
public sealed record QueryMatch(IReadOnlyList<string> Evidence);

/// <summary>
/// A narrative query, parsed once and evaluated on any number of posts. The language:
/// <list type="bullet">
/// <item>words match their inflected forms (Russian cases, Kazakh suffix chains, English possessives and plurals), as actor aliases do;</item>
/// <item>a final * is a prefix of the folded word (неэффективн*); words in capitals are abbreviations matched with those capitals;</item>
/// <item>"exact phrases" (also «…» and “…”): consecutive words, each matched like a term;</item>
/// <item>a NEAR/n b: within n words of each other (n-1 words between at most), in either order, anywhere in the post;
/// sides are words, phrases, actor: terms, or OR-groups and NEARs of them;</item>
/// <item>actor:ID (the post mentions it), stance:LABEL (some mentioned actor has that stance), stance:ID=LABEL,
/// lang:kk, platform:telegram, account:NAME (id or name), kind:comment;</item>
/// <item>NOT binds tightest, then NEAR, then AND (also implied between two operands side by side), then OR; parentheses group;
/// operators are written in capitals.</item>
/// </list>
/// </summary>
public sealed class NarrativeQuery
{
    private NarrativeQuery(string text, QueryNode root)
    {
        Text = text;
        Root = root;
        var fields = Nodes(root).OfType<FieldNode>().ToList();
        Actors = fields.Where(f => f.Actor is not null).Select(f => f.Actor!).Distinct().ToList();
        NeedsAnalysis = fields.Any(f => f.Field is "actor" or "stance");
        NeedsLanguage = fields.Any(f => f.Field == "lang");
    }

    /// <summary>Parses a query; a mistake is an <see cref="InputError"/> (NQ001…) naming the column.</summary>
    public static NarrativeQuery Parse(string text, string source = "query", string? position = null) =>
        new(text, QueryParser.Parse(text, source, position));

    public string Text { get; }
    public QueryNode Root { get; }
    /// <summary>Actor ids the query names (actor: and stance:ID=), to check against a codebook.</summary>
    public IReadOnlyList<string> Actors { get; }
    /// <summary>The query has actor: or stance: terms, which need the mentions and stances of an analysis.</summary>
    public bool NeedsAnalysis { get; }
    public bool NeedsLanguage { get; }

    /// <summary>Fails with the column of the first actor id the codebook does not define.</summary>
    public void CheckActors(IEnumerable<string> known, string source = "query", string? position = null)
    {
        var ids = known.ToHashSet(StringComparer.Ordinal);
        foreach (var f in Nodes(Root).OfType<FieldNode>())
            if (f.Actor is { } a && !ids.Contains(a))
                throw new InputError("NQ007", source, position is null ? $"column {f.Column}" : $"{position}, query column {f.Column}",
                    $"actor '{a}' is not in the codebook; its actors are {string.Join(", ", ids.Order(StringComparer.Ordinal))}.");
    }

    private static IEnumerable<QueryNode> Nodes(QueryNode node)
    {
        yield return node;
        IEnumerable<QueryNode> children = node switch
        {
            AndNode a => a.Operands,
            OrNode o => o.Operands,
            NotNode n => [n.Operand],
            NearNode n => [n.Left, n.Right],
            _ => [],
        };
        foreach (var c in children)
        foreach (var d in Nodes(c))
            yield return d;
    }

    /// <summary>The match with its evidence, or null when the query is not satisfied.</summary>
    public QueryMatch? Evaluate(QueryDocument doc)
    {
        var evidence = new List<(int Start, int End)>();
        if (!Eval(Root, doc, evidence)) return null;
        var words = evidence.Distinct().OrderBy(e => e.Start).ThenBy(e => e.End)
            .Select(e => doc.Text[e.Start..e.End]).Distinct(StringComparer.Ordinal).ToList();
        return new QueryMatch(words);
    }

    public bool IsMatch(QueryDocument doc) => Evaluate(doc) is not null;

    /// <summary>A run of words satisfying a positional node, and the character spans that satisfied it.</summary>
    private readonly record struct Span(int First, int Last, (int Start, int End)[] Parts);

    private static bool Eval(QueryNode node, QueryDocument doc, List<(int, int)> evidence)
    {
        switch (node)
        {
            case AndNode and:
            {
                var mine = new List<(int, int)>();
                foreach (var operand in and.Operands)
                    if (!Eval(operand, doc, mine)) return false;
                evidence.AddRange(mine);
                return true;
            }
            case OrNode any when !QueryParser.IsPositional(any):
            {
                var found = false;
                foreach (var operand in any.Operands) found |= Eval(operand, doc, evidence);
                return found;
            }
            case NotNode not:
                return !Eval(not.Operand, doc, []);
            case FieldNode { Field: not "actor" } field:
                return Field(field, doc);
            default:
            {
                var spans = Spans(node, doc);
                foreach (var s in spans) evidence.AddRange(s.Parts);
                return spans.Count > 0;
            }
        }
    }

    private static bool Field(FieldNode f, QueryDocument doc) => f.Field switch
    {
        "lang" => string.Equals(doc.Lang, f.Value, StringComparison.OrdinalIgnoreCase),
        "platform" => string.Equals(doc.Platform, f.Value, StringComparison.OrdinalIgnoreCase),
        "kind" => string.Equals(doc.Kind, f.Value, StringComparison.OrdinalIgnoreCase),
        "account" => string.Equals(doc.Account, f.Value, StringComparison.OrdinalIgnoreCase)
                     || string.Equals(doc.AccountName, f.Value, StringComparison.OrdinalIgnoreCase),
        "stance" => f.Actor is { } actor
            ? doc.Stances.TryGetValue(actor, out var label) && label == f.Value
            : doc.Stances.Values.Contains(f.Value),
        _ => throw new InvalidOperationException("unknown field " + f.Field),
    };

    private static List<Span> Spans(QueryNode node, QueryDocument doc)
    {
        var words = doc.Words;
        var result = new List<Span>();
        switch (node)
        {
            case TermNode term:
                foreach (var i in Positions(term.Word, doc))
                    result.Add(new Span(i, i, [(words[i].Token.Start, words[i].Token.End)]));
                break;
            case PhraseNode phrase:
                foreach (var i in Positions(phrase.Words[0], doc))
                {
                    if (i + phrase.Words.Count > words.Length) continue;
                    var ok = true;
                    for (var k = 1; k < phrase.Words.Count && ok; k++) ok = phrase.Words[k].Matches(words[i + k]);
                    if (ok)
                    {
                        var last = i + phrase.Words.Count - 1;
                        result.Add(new Span(i, last, [(words[i].Token.Start, words[last].Token.End)]));
                    }
                }
                break;
            case FieldNode { Field: "actor" } actor:
                foreach (var m in doc.Mentions)
                {
                    if (m.Actor != actor.Actor) continue;
                    int first = -1, last = -1;
                    for (var i = 0; i < words.Length; i++)
                    {
                        if (words[i].Token.End <= m.Start || words[i].Token.Start >= m.End) continue;
                        if (first < 0) first = i;
                        last = i;
                    }
                    if (first >= 0) result.Add(new Span(first, last, [(m.Start, m.End)]));
                }
                break;
            case OrNode group:
                foreach (var operand in group.Operands) result.AddRange(Spans(operand, doc));
                break;
            case NearNode near:
            {
                var left = Spans(near.Left, doc);
                if (left.Count == 0) break;
                var right = Spans(near.Right, doc);
                foreach (var a in left)
                foreach (var b in right)
                {
                    // Words apart: 1 for neighbours. Overlapping spans (one word read twice) do not count.
                    var gap = b.First > a.Last ? b.First - a.Last : a.First > b.Last ? a.First - b.Last : 0;
                    if (gap >= 1 && gap <= near.Distance)
                        result.Add(new Span(Math.Min(a.First, b.First), Math.Max(a.Last, b.Last), [.. a.Parts, .. b.Parts]));
                }
                break;
            }
            default:
                throw new InvalidOperationException($"{node.GetType().Name} has no word positions");
        }
        return result;
    }

    /// <summary>Positions of the words a query word matches: a lookup per form, or a scan for a wildcard or abbreviation.</summary>
    private static IEnumerable<int> Positions(QueryWord word, QueryDocument doc)
    {
        var words = doc.Words;
        if (word.IsPrefix)
        {
            for (var i = 0; i < words.Length; i++)
                if (word.Matches(words[i])) yield return i;
            yield break;
        }
        var found = new SortedSet<int>();
        foreach (var form in word.Forms)
            if (doc.Index.TryGetValue(form, out var list))
                foreach (var i in list)
                    if (word.Matches(words[i])) found.Add(i);
        foreach (var i in found) yield return i;
    }
}
