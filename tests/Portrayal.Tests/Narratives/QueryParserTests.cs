using Portrayal.Corpus;
using Portrayal.Narratives;
using Xunit;

namespace Portrayal.Tests.Narratives;

public class QueryParserTests
{
    /// <summary>The tree as a compact string: (AND a b), (OR a b), (NOT a), (NEAR/3 a b), "phrase", field:value.</summary>
    private static string Show(QueryNode node) => node switch
    {
        TermNode t => t.Word.ToString(),
        PhraseNode p => "\"" + string.Join(' ', p.Words) + "\"",
        FieldNode { Field: "stance", Actor: { } a } f => $"stance:{a}={f.Value}",
        FieldNode f => $"{f.Field}:{f.Value}",
        AndNode a => "(AND " + string.Join(' ', a.Operands.Select(Show)) + ")",
        OrNode o => "(OR " + string.Join(' ', o.Operands.Select(Show)) + ")",
        NotNode n => "(NOT " + Show(n.Operand) + ")",
        NearNode n => $"(NEAR/{n.Distance} {Show(n.Left)} {Show(n.Right)})",
        _ => throw new ArgumentException(node.GetType().Name),
    };

    [Theory]
    [InlineData("a OR b AND c", "(OR a (AND b c))")]
    [InlineData("a AND b OR c", "(OR (AND a b) c)")]
    [InlineData("(a OR b) AND c", "(AND (OR a b) c)")]
    [InlineData("a b c", "(AND a b c)")]                                   // implicit AND
    [InlineData("a b OR c", "(OR (AND a b) c)")]
    [InlineData("NOT a AND b", "(AND (NOT a) b)")]
    [InlineData("a NOT b", "(AND a (NOT b))")]
    [InlineData("NOT NOT a", "(NOT (NOT a))")]
    [InlineData("a NEAR/3 b AND c", "(AND (NEAR/3 a b) c)")]
    [InlineData("a NEAR/3 b OR c NEAR/2 d", "(OR (NEAR/3 a b) (NEAR/2 c d))")]
    [InlineData("a NEAR/3 (b OR c)", "(NEAR/3 a (OR b c))")]
    [InlineData("a NEAR/3 b NEAR/1 c", "(NEAR/1 (NEAR/3 a b) c)")]
    [InlineData("((a))", "a")]
    [InlineData("неэффективн* OR \"paper tiger\"", "(OR неэффективн* \"paper tiger\")")]
    [InlineData("«цветная революция» “colour revolution”", "(AND \"цветная революция\" \"colour revolution\")")]
    [InlineData("\"30 жыл*\"", "\"30 жыл*\"")]
    [InlineData("actor:CSTO AND lang:KK AND platform:telegram", "(AND actor:csto lang:kk platform:telegram)")]
    [InlineData("stance:negative OR stance:csto=Positive", "(OR stance:negative stance:csto=positive)")]
    [InlineData("actor:csto NEAR/5 помощь", "(NEAR/5 actor:csto помощь)")]
    [InlineData("U.S.", "\"U S\"")]                                        // a word with dots is the phrase of its parts
    [InlineData("and or not", "(AND and or not)")]                         // operators are written in capitals
    public void Precedence_parentheses_and_implicit_and(string query, string tree)
    {
        Assert.Equal(tree, Show(QueryParser.Parse(query)));
    }

    [Theory]
    [InlineData("(a OR b", "NQ003", 8, "expected ')' after 'b' to close the '(' at column 1")]
    [InlineData("actor:csto AND (неэф* OR бумаж* OR Ош", "NQ003", 38, "expected ')' after 'Ош'")]
    [InlineData("a OR b)", "NQ003", 7, "')' closes no '('")]
    [InlineData("a AND", "NQ001", 6, "after 'AND', found the end of the query")]
    [InlineData("a OR OR b", "NQ001", 6, "after 'OR', found 'OR'")]
    [InlineData("", "NQ001", 1, "the query is empty")]
    [InlineData("a AND ()", "NQ001", 8, "empty parentheses")]
    [InlineData("\"paper tiger", "NQ002", 1, "no closing \"")]
    [InlineData("a NEAR b", "NQ004", 3, "NEAR needs a distance")]
    [InlineData("a NEAR/x b", "NQ004", 8, "'x' is not a distance")]
    [InlineData("a NEAR/0 b", "NQ004", 8, "'0' is not a distance")]
    [InlineData("lang:kk NEAR/3 b", "NQ004", 1, "'lang:kk' is not one")]
    [InlineData("a NEAR/3 NOT b", "NQ004", 10, "a NOT is not one")]
    [InlineData("a NEAR/3 (b AND c)", "NQ004", 11, "an AND-group is not one")]
    [InlineData("*эффективн", "NQ005", 1, "at the end of a word")]
    [InlineData("не*эффективн", "NQ005", 3, "at the end of a word only")]
    [InlineData("а*", "NQ005", 2, "at least two letters")]
    [InlineData("colour:red", "NQ006", 1, "'colour:' is not a field")]
    [InlineData("a AND actor:", "NQ006", 13, "'actor:' needs a value")]
    [InlineData("stance:angry", "NQ006", 8, "'angry' is not a stance")]
    [InlineData("stance:csto=cross", "NQ006", 13, "'cross' is not a stance")]
    [InlineData("a AND ---", "NQ009", 7, "no letters or digits")]
    public void Mistakes_name_their_column(string query, string code, int column, string message)
    {
        var e = Assert.Throws<InputError>(() => QueryParser.Parse(query));
        Assert.Equal(code, e.Code);
        Assert.Equal($"column {column}", e.Position);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_codebook_query_error_names_the_file_line_narrative_and_column()
    {
        var book = Codebook.CodebookLoader.Parse("""
            actors:
              - id: csto
                names: {ru: [ОДКБ]}
            narratives:
              - id: ok
                query: 'actor:csto AND бесполезн*'
              - id: broken
                label: Broken
                query: 'actor:csto AND (бесполезн* OR бумаж*'
            """, "codebook.yaml");

        var e = Assert.Throws<InputError>(() => NarrativeSet.Compile(book));

        Assert.Equal("NQ003", e.Code);
        Assert.Equal("codebook.yaml (line 9, narrative 'broken', query column 37): expected ')' after 'бумаж*' to close the '(' at column 16, found the end of the query. [NQ003]",
            e.ToString());
    }

    [Fact]
    public void An_actor_the_codebook_does_not_define_is_an_error()
    {
        var book = Codebook.CodebookLoader.Parse("""
            actors:
              - id: csto
                names: {ru: [ОДКБ]}
            narratives:
              - id: n
                query: 'actor:csto OR stance:nato=negative'
            """, "codebook.yaml");

        var e = Assert.Throws<InputError>(() => NarrativeSet.Compile(book));

        Assert.Equal("NQ007", e.Code);
        Assert.Equal("line 6, narrative 'n', query column 15", e.Position);
        Assert.Contains("actor 'nato'", e.Message);
    }

    [Fact]
    public void Narrative_ids_are_unique()
    {
        var book = Codebook.CodebookLoader.Parse("""
            actors:
              - id: csto
                names: {ru: [ОДКБ]}
            narratives:
              - id: n
                query: 'a'
              - id: n
                query: 'b'
            """, "codebook.yaml");

        var e = Assert.Throws<InputError>(() => NarrativeSet.Compile(book));

        Assert.Equal("NQ008", e.Code);
        Assert.Contains("also on line 6", e.Message);
    }
}
