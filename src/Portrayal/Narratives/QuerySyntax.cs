using System.Globalization;
using Portrayal.Corpus;
using Portrayal.Text;

namespace Portrayal.Narratives;

/// <summary>A node of a parsed query; <see cref="Column"/> (1-based) is where it starts in the query text.</summary>
public abstract record QueryNode(int Column);

/// <summary>One word: matched in its inflected forms, or as a prefix when written with a final * (wildcard).</summary>
public sealed record TermNode(QueryWord Word, int Column) : QueryNode(Column);

/// <summary>Words that must follow each other ("paper tiger", «цветная революция»), each matched like a term.</summary>
public sealed record PhraseNode(IReadOnlyList<QueryWord> Words, string Text, int Column) : QueryNode(Column);

/// <summary>
/// A field term: <c>actor:ID</c> (the post mentions the actor), <c>lang:</c>, <c>platform:</c>, <c>account:</c>,
/// <c>kind:</c>, and <c>stance:LABEL</c> (some actor of the post has that stance) or <c>stance:ID=LABEL</c>.
/// </summary>
public sealed record FieldNode(string Field, string Value, string? Actor, int Column) : QueryNode(Column);

public sealed record AndNode(IReadOnlyList<QueryNode> Operands, int Column) : QueryNode(Column);

public sealed record OrNode(IReadOnlyList<QueryNode> Operands, int Column) : QueryNode(Column);

public sealed record NotNode(QueryNode Operand, int Column) : QueryNode(Column);

/// <summary>Both sides within <see cref="Distance"/> words of each other, in either order.</summary>
public sealed record NearNode(QueryNode Left, QueryNode Right, int Distance, int Column) : QueryNode(Column);

/// <summary>
/// A query word compiled for matching, read the way the actor matcher reads aliases: folded (lower case, ё → е), every
/// Russian case form generated from the word as written (помощь → помощи, помощью), a text word matching also through
/// the bases its Kazakh suffixes or English possessive and plural leave (көмегі → көмек, Russia's → russia); a word
/// with Kazakh letters also matches its 2021 Latin spelling. A word in capitals (ОДКБ, АҚШ, US) is an abbreviation: not
/// declined, and matched only where the text writes those capitals (US is not "us", АҚШ is not "ақша"). A final * makes
/// a prefix of the folded word (неэффективн* → неэффективный, неэффективность).
/// </summary>
public sealed class QueryWord
{
    private readonly HashSet<string> _forms = new(StringComparer.Ordinal);
    private readonly List<string> _prefixes = [];
    private readonly List<string> _capitals = [];

    internal QueryWord(string surface, bool prefix)
    {
        Surface = surface;
        Folded = TextFolding.Fold(surface);
        IsPrefix = prefix;
        IsAbbreviation = !prefix && surface.Count(char.IsLetter) >= 2 && !surface.Any(char.IsLower);
        var kazakh = TextFolding.IsCyrillic(Folded) && Folded.AsSpan().IndexOfAny("әғқңөұүһі") >= 0;
        var latin = kazakh || IsAbbreviation && TextFolding.IsCyrillic(Folded) ? KazakhLatin.Folded(surface) : null;
        if (IsAbbreviation)
        {
            _capitals.Add(surface);
            if (latin is not null) _capitals.Add(KazakhLatin.Transliterate(surface));
        }
        if (prefix)
        {
            _prefixes.Add(Folded);
            if (latin is not null) _prefixes.Add(latin);
            return;
        }
        if (TextFolding.IsCyrillic(Folded) && !IsAbbreviation) _forms.UnionWith(RussianForms.Of(Folded));
        else _forms.Add(Folded);
        if (!TextFolding.IsCyrillic(Folded) && !IsAbbreviation) AddEnglishPlural(Folded);
        if (latin is not null) _forms.Add(latin);
    }

    /// <summary>The word as written, without its wildcard.</summary>
    public string Surface { get; }
    public string Folded { get; }
    public bool IsPrefix { get; }
    public bool IsAbbreviation { get; }

    /// <summary>The exact forms a text word (or one of its bases) must equal; empty for a wildcard.</summary>
    public IReadOnlyCollection<string> Forms => _forms;

    public override string ToString() => IsPrefix ? Surface + "*" : Surface;

    private void AddEnglishPlural(string w)
    {
        if (w.Length < 3 || !w.All(c => c is >= 'a' and <= 'z')) return;
        if (w.EndsWith('y') && !"aeiou".Contains(w[^2])) _forms.Add(w[..^1] + "ies"); // ally → allies
        else if (w.EndsWith('s') || w.EndsWith('x') || w.EndsWith("ch", StringComparison.Ordinal) || w.EndsWith("sh", StringComparison.Ordinal))
            _forms.Add(w + "es");                                                     // crisis is left alone: crises
    }

    internal bool Matches(DocumentWord word)
    {
        if (_capitals.Count > 0 && !_capitals.Exists(c => word.Token.Surface.StartsWith(c, StringComparison.Ordinal))) return false;
        if (IsPrefix)
        {
            foreach (var key in word.Keys)
            foreach (var p in _prefixes)
                if (key.StartsWith(p, StringComparison.Ordinal)) return true;
            return false;
        }
        foreach (var key in word.Keys)
            if (_forms.Contains(key)) return true;
        return false;
    }
}

/// <summary>
/// Reads a query into its tree. Precedence from tight to loose: NOT, NEAR/n, AND (also implicit between adjacent
/// operands), OR; parentheses group. Operators are written in capitals (lower-case and, or, not are words).
/// Every mistake is an <see cref="InputError"/> naming the column.
/// </summary>
public sealed class QueryParser
{
    /// <summary>Field names a query may use before a colon.</summary>
    public static readonly IReadOnlyList<string> Fields = ["actor", "lang", "platform", "account", "kind", "stance"];

    private enum Kind { Word, Phrase, And, Or, Not, Near, Open, Close, End }

    private readonly record struct Lexeme(Kind Kind, string Text, int Column, int Distance = 0);

    private readonly string _query;
    private readonly string _source;
    private readonly string? _position;
    private readonly List<Lexeme> _lexemes;
    private int _next;

    private QueryParser(string query, string source, string? position)
    {
        _query = query;
        _source = source;
        _position = position;
        _lexemes = Lex();
    }

    /// <summary>Parses a query; errors name <paramref name="source"/> (a file, or "query") and the column, after <paramref name="position"/> when given ("line 14").</summary>
    public static QueryNode Parse(string query, string source = "query", string? position = null)
    {
        var parser = new QueryParser(query, source, position);
        if (parser.Peek.Kind == Kind.End) throw parser.Error("NQ001", 1, "the query is empty.");
        var root = parser.ParseOr();
        var rest = parser.Peek;
        if (rest.Kind == Kind.Close) throw parser.Error("NQ003", rest.Column, "')' closes no '('.");
        if (rest.Kind != Kind.End) throw parser.Error("NQ001", rest.Column, $"unexpected {Describe(rest)}.");
        return root;
    }

    private InputError Error(string code, int column, string message) =>
        new(code, _source, _position is null ? $"column {column}" : $"{_position}, query column {column}", message);

    private Lexeme Peek => _lexemes[_next];

    private Lexeme Take() => _lexemes[_next++];

    private static string Describe(Lexeme l) => l.Kind switch
    {
        Kind.End => "the end of the query",
        Kind.Phrase => $"the phrase \"{l.Text}\"",
        Kind.Word => $"'{l.Text}'",
        _ => $"'{l.Text}'",
    };

    private QueryNode ParseOr()
    {
        var first = ParseAnd();
        if (Peek.Kind != Kind.Or) return first;
        var operands = new List<QueryNode> { first };
        while (Peek.Kind == Kind.Or)
        {
            var op = Take();
            operands.Add(ParseAnd(op));
        }
        return new OrNode(operands, first.Column);
    }

    private static bool StartsOperand(Kind k) => k is Kind.Word or Kind.Phrase or Kind.Open or Kind.Not;

    private QueryNode ParseAnd(Lexeme? after = null)
    {
        var first = ParseNear(after);
        var operands = new List<QueryNode> { first };
        while (true)
        {
            if (Peek.Kind == Kind.And)
            {
                var op = Take();
                operands.Add(ParseNear(op));
            }
            else if (StartsOperand(Peek.Kind)) operands.Add(ParseNear()); // implicit AND between adjacent operands
            else break;
        }
        return operands.Count == 1 ? first : new AndNode(operands, first.Column);
    }

    private QueryNode ParseNear(Lexeme? after = null)
    {
        var left = ParseUnary(after);
        while (Peek.Kind == Kind.Near)
        {
            var op = Take();
            CheckPositional(left, op);
            var right = ParseUnary(op);
            CheckPositional(right, op);
            left = new NearNode(left, right, op.Distance, left.Column);
        }
        return left;
    }

    /// <summary>NEAR measures words apart, so its sides must be made of words: terms, phrases, actor: terms, NEARs and OR-groups of them.</summary>
    private void CheckPositional(QueryNode node, Lexeme op)
    {
        if (IsPositional(node)) return;
        throw Error("NQ004", node.Column,
            $"{op.Text} joins words, phrases, actor: terms or OR-groups of them; {Snippet(node)} is not one (use AND for that).");
    }

    internal static bool IsPositional(QueryNode node) => node switch
    {
        TermNode or PhraseNode or NearNode => true,
        FieldNode f => f.Field == "actor",
        OrNode o => o.Operands.All(IsPositional),
        _ => false,
    };

    private string Snippet(QueryNode node)
    {
        var start = node.Column - 1;
        var text = _query[start..].Split(' ', 2)[0];
        return node switch
        {
            NotNode => "a NOT",
            AndNode => "an AND-group",
            _ => $"'{text}'",
        };
    }

    private QueryNode ParseUnary(Lexeme? after = null)
    {
        if (Peek.Kind == Kind.Not)
        {
            var op = Take();
            return new NotNode(ParseUnary(op), op.Column);
        }
        return ParsePrimary(after);
    }

    private QueryNode ParsePrimary(Lexeme? after)
    {
        var l = Peek;
        switch (l.Kind)
        {
            case Kind.Word:
                Take();
                return Word(l);
            case Kind.Phrase:
                Take();
                return Phrase(l);
            case Kind.Open:
            {
                Take();
                if (Peek.Kind == Kind.Close) throw Error("NQ001", Peek.Column, "empty parentheses: put a word, a phrase or a group inside.");
                var inner = ParseOr();
                if (Peek.Kind != Kind.Close)
                {
                    var last = _lexemes[_next - 1];
                    throw Error("NQ003", Peek.Column,
                        $"expected ')' after {Describe(last)} to close the '(' at column {l.Column}, found {Describe(Peek)}.");
                }
                Take();
                return inner;
            }
            default:
                var what = after is { } a ? $"after '{a.Text}'" : "here";
                if (l.Kind == Kind.Close && after is null) throw Error("NQ003", l.Column, "')' closes no '('.");
                throw Error("NQ001", l.Column, $"expected a word, a phrase or '(' {what}, found {Describe(l)}.");
        }
    }

    private QueryNode Word(Lexeme l)
    {
        var text = l.Text;
        var colon = text.IndexOf(':');
        if (colon > 0)
        {
            var field = text[..colon].ToLowerInvariant();
            var value = text[(colon + 1)..];
            if (!Fields.Contains(field))
                throw Error("NQ006", l.Column, $"'{text[..colon]}:' is not a field; fields are {string.Join(", ", Fields.Select(f => f + ":"))}.");
            if (value.Length == 0) throw Error("NQ006", l.Column + colon + 1, $"'{field}:' needs a value, e.g. {Example(field)}.");
            if (field == "stance")
            {
                var eq = value.IndexOf('=');
                var actor = eq >= 0 ? value[..eq].ToLowerInvariant() : null;
                var label = (eq >= 0 ? value[(eq + 1)..] : value).ToLowerInvariant();
                if (actor is { Length: 0 }) throw Error("NQ006", l.Column + colon + 1, "'stance:=' needs an actor id before '=', e.g. stance:csto=negative.");
                if (!StanceLabels.IsValid(label))
                    throw Error("NQ006", l.Column + colon + 1 + (eq + 1),
                        $"'{label}' is not a stance; stances are {string.Join(", ", StanceLabels.All)}.");
                return new FieldNode(field, label, actor, l.Column);
            }
            return new FieldNode(field, field is "account" ? value : value.ToLowerInvariant(), field == "actor" ? value.ToLowerInvariant() : null, l.Column);
        }
        var words = Words(text, l.Column);
        return words.Count == 1 ? new TermNode(words[0], l.Column) : new PhraseNode(words, text, l.Column);
    }

    private static string Example(string field) => field switch
    {
        "actor" => "actor:csto",
        "lang" => "lang:kk",
        "platform" => "platform:telegram",
        "account" => "account:almaty_news",
        "kind" => "kind:comment",
        _ => "stance:negative or stance:csto=negative",
    };

    private PhraseNode Phrase(Lexeme l)
    {
        var words = Words(l.Text, l.Column + 1);
        if (words.Count == 0) throw Error("NQ009", l.Column, "the phrase has no words in it.");
        return new PhraseNode(words, l.Text, l.Column);
    }

    /// <summary>The words of a term or phrase as the tokenizer reads them; a * may end a word.</summary>
    private List<QueryWord> Words(string text, int column)
    {
        var words = new List<QueryWord>();
        var tokens = Tokenizer.Words(text);
        foreach (var t in tokens)
        {
            var star = t.End < text.Length && text[t.End] == '*';
            if (star && t.Surface.Length < 2)
                throw Error("NQ005", column + t.End, $"'{t.Surface}*' is too short: a wildcard needs at least two letters before the *.");
            words.Add(new QueryWord(t.Surface, star));
        }
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '*') continue;
            var ends = tokens.Any(t => t.End == i);
            if (!ends)
                throw Error("NQ005", column + i, i == 0 || char.IsWhiteSpace(text[i - 1])
                    ? "a wildcard * goes at the end of a word (неэффективн*), not on its own or before it."
                    : "a wildcard * goes at the end of a word only.");
            if (i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]) && !char.IsPunctuation(text[i + 1]))
                throw Error("NQ005", column + i, "a wildcard * goes at the end of a word only.");
        }
        if (words.Count == 0) throw Error("NQ009", column, $"'{text}' has no letters or digits to match.");
        return words;
    }

    private List<Lexeme> Lex()
    {
        var list = new List<Lexeme>();
        var s = _query;
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var column = i + 1;
            if (c == '(')
            {
                list.Add(new Lexeme(Kind.Open, "(", column));
                i++;
                continue;
            }
            if (c == ')')
            {
                list.Add(new Lexeme(Kind.Close, ")", column));
                i++;
                continue;
            }
            if (c is '"' or '«' or '“' or '„')
            {
                var close = c switch { '«' => '»', '“' => '”', '„' => '“', _ => '"' };
                var end = s.IndexOf(close, i + 1);
                if (end < 0) throw Error("NQ002", column, $"the phrase opened with {c} here has no closing {close}.");
                list.Add(new Lexeme(Kind.Phrase, s[(i + 1)..end], column));
                i = end + 1;
                continue;
            }
            var start = i;
            while (i < s.Length && !char.IsWhiteSpace(s[i]) && s[i] is not ('(' or ')' or '"' or '«' or '»' or '“' or '”' or '„')) i++;
            var text = s[start..i];
            list.Add(text switch
            {
                "AND" => new Lexeme(Kind.And, text, column),
                "OR" => new Lexeme(Kind.Or, text, column),
                "NOT" => new Lexeme(Kind.Not, text, column),
                _ when text.StartsWith("NEAR", StringComparison.Ordinal) && (text.Length == 4 || text[4] == '/') => Near(text, column),
                _ => new Lexeme(Kind.Word, text, column),
            });
        }
        list.Add(new Lexeme(Kind.End, "", s.Length + 1));
        return list;
    }

    private Lexeme Near(string text, int column)
    {
        if (text.Length <= 5)
            throw Error("NQ004", column, "NEAR needs a distance in words: NEAR/3 means within three words, in either order.");
        if (!int.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > 100)
            throw Error("NQ004", column + 5, $"'{text[5..]}' is not a distance: write NEAR/n with n a whole number of words from 1 to 100.");
        return new Lexeme(Kind.Near, text, column, n);
    }
}
