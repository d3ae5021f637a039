using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Portrayal.Corpus;
using Portrayal.Text;

namespace Portrayal.Pipeline;

/// <summary>One post as `portrayal posts` lists it: the stored post, its language, and whether it is inside the study period.</summary>
public sealed record ListedPost(StoredPost Stored, string? Lang, bool? InPeriod);

/// <summary>
/// `portrayal posts`: a quick look at what was imported, filtered by platform, account, days and language. Days are
/// read in the codebook's time zone when the workspace has a codebook (UTC otherwise), and posts outside the
/// codebook's period are flagged, not hidden. Languages not yet identified by a run are identified on the fly.
/// </summary>
public sealed class PostListing(ICorpusStore store, Codebook.Codebook? codebook, Func<LanguageIdentifier>? languages = null)
{
    private LanguageIdentifier? _languages;

    public IEnumerable<ListedPost> Query(string? platform = null, string? account = null, DateOnly? from = null, DateOnly? to = null, string? lang = null)
    {
        var offset = codebook?.DayOffset ?? TimeSpan.Zero;
        var filter = new PostFilter
        {
            Platform = platform,
            Account = account,
            From = from is { } f ? new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), offset) : null,
            Until = to is { } t ? new DateTimeOffset(t.AddDays(1).ToDateTime(TimeOnly.MinValue), offset) : null,
        };
        foreach (var stored in store.QueryPosts(filter))
        {
            var postLang = stored.Post.Lang;
            if (lang is not null && postLang is null)
            {
                _languages ??= (languages ?? (() => new LanguageIdentifier()))();
                postLang = _languages.Identify(stored.Post.Text);
            }
            if (lang is not null && !string.Equals(postLang, lang, StringComparison.OrdinalIgnoreCase)) continue;
            yield return new ListedPost(stored, postLang, codebook?.InPeriod(stored.Post.PublishedAt));
        }
    }

    /// <summary>The JSONL shape of a listed post; fields may be added later, none removed or renamed.</summary>
    public sealed record PostLine(
        [property: JsonPropertyName("platform")] string Platform,
        [property: JsonPropertyName("account")] string Account,
        [property: JsonPropertyName("account_name")] string? AccountName,
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("kind")] string Kind,
        [property: JsonPropertyName("published")] string Published,
        [property: JsonPropertyName("edited")] string? Edited,
        [property: JsonPropertyName("lang")] string? Lang,
        [property: JsonPropertyName("in_period")] bool? InPeriod,
        [property: JsonPropertyName("author")] string? Author,
        [property: JsonPropertyName("url")] string? Url,
        [property: JsonPropertyName("views")] long? Views,
        [property: JsonPropertyName("likes")] long? Likes,
        [property: JsonPropertyName("forwards")] long? Forwards,
        [property: JsonPropertyName("comments")] long? Comments,
        [property: JsonPropertyName("parent_id")] string? ParentId,
        [property: JsonPropertyName("forwarded_from")] string? ForwardedFrom,
        [property: JsonPropertyName("links")] IReadOnlyList<string>? Links,
        [property: JsonPropertyName("source_file")] string? SourceFile,
        [property: JsonPropertyName("text")] string Text);

    public static PostLine Line(ListedPost listed)
    {
        var p = listed.Stored.Post;
        return new PostLine(p.Platform, p.Account, p.AccountName, p.NativeId, p.Kind, Time(p.PublishedAt), p.EditedAt is { } e ? Time(e) : null,
            listed.Lang, listed.InPeriod, p.Author, p.Url, p.Views, p.Likes, p.Forwards, p.Comments, p.ParentId, p.ForwardedFrom,
            p.Links, p.SourceFile, p.Text);
    }

    /// <summary>ISO 8601 with the offset the source gave.</summary>
    public static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static int WriteJsonl(IEnumerable<ListedPost> posts, TextWriter output)
    {
        var n = 0;
        foreach (var post in posts)
        {
            output.WriteLine(JsonSerializer.Serialize(Line(post), JsonlTools.Output));
            n++;
        }
        return n;
    }

    private static readonly string[] CsvHeader =
    [
        "platform", "account", "account_name", "id", "kind", "published", "edited", "lang", "in_period", "author", "url",
        "views", "likes", "forwards", "comments", "parent_id", "forwarded_from", "links", "source_file", "text",
    ];

    /// <summary>CSV for spreadsheets (write it with <see cref="CsvText.Utf8WithBom"/>): one row per post, formulas neutralised.</summary>
    public static int WriteCsv(IEnumerable<ListedPost> posts, TextWriter output)
    {
        output.Write(CsvText.Row(CsvHeader) + "\r\n");
        var n = 0;
        foreach (var post in posts)
        {
            var l = Line(post);
            string? N(long? v) => v?.ToString(CultureInfo.InvariantCulture);
            output.Write(CsvText.Row([
                l.Platform, l.Account, l.AccountName, l.Id, l.Kind, l.Published, l.Edited, l.Lang,
                l.InPeriod is { } ip ? (ip ? "true" : "false") : null, l.Author, l.Url, N(l.Views), N(l.Likes), N(l.Forwards),
                N(l.Comments), l.ParentId, l.ForwardedFrom, l.Links is { } links ? string.Join(' ', links) : null, l.SourceFile, l.Text,
            ]) + "\r\n");
            n++;
        }
        return n;
    }
}
