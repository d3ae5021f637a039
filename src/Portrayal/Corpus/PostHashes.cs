using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Portrayal.Corpus;

/// <summary>
/// The fingerprints every store computes the same way: a post's content hash (tells an edited post from an unchanged
/// one on re-import) and the corpus hash a run records (the same posts give the same hash in any order of import, on
/// any backend).
/// </summary>
public static class PostHashes
{
    /// <summary>Hash of everything an updated export can change: 32 hex digits of SHA-256.</summary>
    public static string Content(Post p)
    {
        var s = string.Join('\u001f', p.Text, p.Kind, p.AccountName, Utc(p.PublishedAt), p.PublishedAt.Offset.TotalMinutes,
            p.EditedAt is { } e ? Utc(e) : "", p.Author, p.Url, p.Lang, p.Views, p.Likes, p.Forwards, p.Comments,
            p.ParentId, p.ForwardedFrom, p.Links is { } l ? string.Join(' ', l) : "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)))[..32];
    }

    /// <summary>SHA-256 over every post's key and content hash, in key order (ordinal, as <see cref="ICorpusStore.ReadPostKeys"/> yields them).</summary>
    public static string Corpus(IEnumerable<PostKey> keys)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var k in keys)
            hash.AppendData(Encoding.UTF8.GetBytes($"{k.Platform}\u001f{k.Account}\u001f{k.NativeId}\u001f{k.ContentHash}\n"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The corpus hash of a store.</summary>
    public static string Corpus(ICorpusStore store) => Corpus(store.ReadPostKeys());

    /// <summary>A time as stored and hashed: UTC to the second, ISO 8601 with Z.</summary>
    public static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
