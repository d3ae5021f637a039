using Portrayal.Corpus;
using Portrayal.Text;

namespace Portrayal.Narratives;

/// <summary>A text word with the keys it is looked up by (<see cref="WordBases"/>), computed once per document.</summary>
internal readonly record struct DocumentWord(Token Token, string[] Keys);

/// <summary>
/// One post prepared for queries: its words (tokenised and folded once, whatever the number of queries), its actor
/// mentions, the stance toward each mentioned actor, and the fields a query can test.
/// </summary>
public sealed class QueryDocument
{
    private DocumentWord[]? _words;
    private Dictionary<string, List<int>>? _index;

    public QueryDocument(string text, IReadOnlyList<Mention>? mentions = null, IReadOnlyDictionary<string, string>? stances = null)
    {
        Text = text;
        Mentions = mentions ?? [];
        Stances = stances ?? new Dictionary<string, string>();
    }

    /// <summary>A stored post with its analysis (language as identified, mentions, stance per actor).</summary>
    public static QueryDocument Of(Post post, string? lang, IReadOnlyList<Mention> mentions, IReadOnlyDictionary<string, string> stances) =>
        new(post.Text, mentions, stances)
        {
            Lang = lang ?? post.Lang,
            Platform = post.Platform,
            Account = post.Account,
            AccountName = post.AccountName,
            Kind = post.Kind,
        };

    public string Text { get; }
    public IReadOnlyList<Mention> Mentions { get; }
    /// <summary>Stance label per actor id.</summary>
    public IReadOnlyDictionary<string, string> Stances { get; }
    public string? Lang { get; init; }
    public string? Platform { get; init; }
    public string? Account { get; init; }
    public string? AccountName { get; init; }
    public string? Kind { get; init; }

    internal DocumentWord[] Words => _words ??= Tokenizer.Words(Text).Select(t => new DocumentWord(t, WordBases.Keys(t.Folded))).ToArray();

    /// <summary>Word positions by every key, for terms without a wildcard: a lookup per generated form instead of a scan.</summary>
    internal Dictionary<string, List<int>> Index
    {
        get
        {
            if (_index is not null) return _index;
            _index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            var words = Words;
            for (var i = 0; i < words.Length; i++)
                foreach (var key in words[i].Keys)
                {
                    if (!_index.TryGetValue(key, out var list)) _index[key] = list = [];
                    if (list.Count == 0 || list[^1] != i) list.Add(i);
                }
            return _index;
        }
    }
}
