using Portrayal.Corpus;

namespace Portrayal.Storage;

/// <summary>The kinds of store Portrayal can open.</summary>
public enum StoreKind { Sqlite, Postgres }

/// <summary>
/// Where a workspace's store is: an SQLite file (the default, nothing to install) or a PostgreSQL database a team
/// shares. Parsed once from <c>--store</c> or the <c>PORTRAYAL_STORE</c> variable; <see cref="Stores.Open"/> is the
/// only place a concrete store is built from it.
/// </summary>
public sealed record StoreLocation(StoreKind Kind, string Target)
{
    /// <summary>The environment variable that points every command at a store when --store is not given.</summary>
    public const string Variable = "PORTRAYAL_STORE";

    /// <summary>
    /// A path is an SQLite file; <c>postgres://</c> or <c>postgresql://</c> URLs and key=value connection strings
    /// (<c>Host=…;Database=…</c>) are PostgreSQL. Null or empty falls back to <see cref="Variable"/>, then to <paramref name="defaultPath"/>.
    /// </summary>
    public static StoreLocation Parse(string? value, string defaultPath)
    {
        if (string.IsNullOrWhiteSpace(value)) value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value)) return new StoreLocation(StoreKind.Sqlite, Path.GetFullPath(defaultPath));
        value = value.Trim();
        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return new StoreLocation(StoreKind.Postgres, PostgresUrl(value));
        if (LooksLikeConnectionString(value))
            return new StoreLocation(StoreKind.Postgres, value);
        return new StoreLocation(StoreKind.Sqlite, Path.GetFullPath(value));
    }

    /// <summary>What messages name: the file's path, or the server and database without the password.</summary>
    public string Display => Kind == StoreKind.Sqlite ? Target : Redacted(Target);

    public override string ToString() => Display;

    private static bool LooksLikeConnectionString(string value) =>
        value.Contains('=') && value.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Any(part => part.Split('=', 2)[0].Trim().ToLowerInvariant() is "host" or "server");

    /// <summary>postgres://user:password@host:port/database?sslmode=… as Npgsql's key=value form.</summary>
    private static string PostgresUrl(string url)
    {
        Uri uri;
        try
        {
            uri = new Uri(url);
        }
        catch (UriFormatException e)
        {
            throw new InputError("ST010", "--store", null, $"'{Redacted(url)}' is not a PostgreSQL URL ({e.Message.TrimEnd('.')}): write postgres://user:password@host:5432/database.");
        }
        var parts = new List<string> { $"Host={uri.Host}" };
        if (!uri.IsDefaultPort && uri.Port > 0) parts.Add($"Port={uri.Port}");
        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0)
            throw new InputError("ST010", "--store", null, $"'{Redacted(url)}' names no database: write postgres://user:password@host:5432/database.");
        parts.Add($"Database={database}");
        if (uri.UserInfo.Length > 0)
        {
            var user = uri.UserInfo.Split(':', 2);
            parts.Add($"Username={Uri.UnescapeDataString(user[0])}");
            if (user.Length > 1) parts.Add($"Password={Uri.UnescapeDataString(user[1])}");
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]).ToLowerInvariant() switch
            {
                "sslmode" => "SSL Mode",
                "application_name" => "Application Name",
                "connect_timeout" => "Timeout",
                var k => k,
            };
            parts.Add($"{key}={(kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "")}");
        }
        return string.Join(';', parts);
    }

    /// <summary>A connection string or URL with its password replaced by ***.</summary>
    public static string Redacted(string target)
    {
        if (target.Contains("://", StringComparison.Ordinal))
            return System.Text.RegularExpressions.Regex.Replace(target, @"(://[^:/@]*:)[^@]*@", "$1***@");
        return string.Join(';', target.Split(';').Select(part =>
            part.Split('=', 2) is [var key, _] && key.Trim().Equals("password", StringComparison.OrdinalIgnoreCase) ? $"{key}=***" : part));
    }
}
