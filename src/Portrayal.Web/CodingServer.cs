using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Portrayal.Coding;
using Portrayal.Corpus;
using Portrayal.Pipeline;

namespace Portrayal.Web;

/// <summary>Which coding sheet the server deals out, and where it listens.</summary>
public sealed record ServeOptions(string SheetPath, string Host = "127.0.0.1", int Port = 5180, string? Token = null);

/// <summary>The code a coder posts for one unit.</summary>
public sealed record CodeRequest(string Key, string Stance, IReadOnlyList<string>? Narratives, string? Note);

/// <summary>The coder's name, asked on the first visit.</summary>
public sealed record CoderRequest(string Name);

/// <summary>
/// `portrayal serve`: a local web page to hand-code (post, actor) units and browse the machine's labels. Bound to
/// loopback by default; on any other address every request needs the workspace's token (<c>?token=</c> once, then a
/// cookie). Every code is written to coded.csv as soon as it is posted.
/// </summary>
public sealed class CodingServer
{
    public const string TokenFile = ".portrayal-token";
    public const string CoderCookie = "portrayal_coder";
    public const string TokenCookie = "portrayal_token";
    private static readonly Lock CodedLock = new();

    public static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>The workspace's token: the one given, else the one stored in .portrayal-token, else a new one stored there.</summary>
    public static string TokenOf(string workspace, string? given)
    {
        var path = Path.Combine(workspace, TokenFile);
        if (!string.IsNullOrWhiteSpace(given))
        {
            File.WriteAllText(path, given.Trim() + "\n");
            return given.Trim();
        }
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: >= 16 } stored) return stored;
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        File.WriteAllText(path, token + "\n");
        return token;
    }

    /// <summary>Builds the application; <see cref="WebApplication.StartAsync"/> or RunAsync serves it. Token is null on loopback.</summary>
    public static (WebApplication App, string? Token) Build(Study study, ServeOptions options)
    {
        var data = new CodingData(study, options.SheetPath);
        var token = IsLoopback(options.Host) ? null : TokenOf(study.Workspace.Directory, options.Token);
        var codedPath = study.CodedPath;

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        var host = options.Host.Contains(':') && !options.Host.StartsWith('[') ? $"[{options.Host}]" : options.Host;
        builder.WebHost.UseUrls($"http://{host}:{options.Port}");
        var app = builder.Build();

        app.Use(async (context, next) =>
        {
            context.Response.Headers["X-Content-Type-Options"] = "nosniff";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            if (token is null) { await next(context); return; }
            var given = context.Request.Query["token"].ToString();
            if (given.Length > 0 && Same(given, token))
            {
                context.Response.Cookies.Append(TokenCookie, token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", MaxAge = TimeSpan.FromDays(30) });
                await next(context);
                return;
            }
            if (context.Request.Cookies.TryGetValue(TokenCookie, out var cookie) && Same(cookie, token)) { await next(context); return; }
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("403: open the address `portrayal serve` printed (with ?token=).");
        });

        IResult Page() => StaticFile("index.html", "text/html; charset=utf-8");
        app.MapGet("/", Page);
        app.MapGet("/browse", Page);
        app.MapGet("/app.css", () => StaticFile("app.css", "text/css; charset=utf-8"));
        app.MapGet("/app.js", () => StaticFile("app.js", "text/javascript; charset=utf-8"));

        app.MapPost("/api/coder", (CoderRequest request, HttpResponse response) =>
        {
            var name = request.Name?.Trim() ?? "";
            if (name.Length is 0 or > 100 || name.Any(char.IsControl)) return Results.BadRequest(new { error = "a coder name of 1 to 100 characters" });
            response.Cookies.Append(CoderCookie, name, new CookieOptions { SameSite = SameSiteMode.Strict, Path = "/", MaxAge = TimeSpan.FromDays(365) });
            return Results.Ok(new { coder = name });
        });

        app.MapGet("/api/units", (HttpRequest request) =>
        {
            if (CoderOf(request) is not { } coder) return Results.BadRequest(new { error = "no coder: post a name to /api/coder first" });
            var units = data.UnitsFor(coder);
            var codes = CodesOf(codedPath, coder);
            return Results.Ok(new
            {
                coder,
                narratives = data.Narratives.Select(n => new { id = n.Id, label = n.Label }),
                total = units.Count,
                coded = units.Count(u => codes.ContainsKey(u.Key)),
                units = units.Select(u => new { unit = u, code = codes.GetValueOrDefault(u.Key) }),
            });
        });

        app.MapPost("/api/code", (CodeRequest request, HttpRequest http) =>
        {
            if (CoderOf(http) is not { } coder) return Results.BadRequest(new { error = "no coder" });
            if (!StanceLabels.IsValid(request.Stance ?? "")) return Results.BadRequest(new { error = $"stance must be one of {string.Join(", ", StanceLabels.All)}" });
            if (data.Find(request.Key ?? "") is not { } unit) return Results.NotFound(new { error = "no such unit" });
            var known = data.Narratives.Select(n => n.Id).ToHashSet();
            var narratives = (request.Narratives ?? []).Where(known.Contains).Distinct().ToList();
            var note = (request.Note ?? "").Replace("\r", " ").Replace("\n", " ").Trim();
            lock (CodedLock)
                CodedFile.Save(codedPath, new ServedCode(unit.Platform, unit.Account, unit.PostId, unit.Actor, coder, request.Stance!, narratives, note, DateTimeOffset.UtcNow));
            var units = data.UnitsFor(coder);
            var codes = CodesOf(codedPath, coder);
            return Results.Ok(new { total = units.Count, coded = units.Count(u => codes.ContainsKey(u.Key)) });
        });

        app.MapGet("/api/browse", (string? actor, string? stance, string? narrative, string? day, int? limit) =>
        {
            IEnumerable<UnitView> units = data.Units.Where(u => u.Machine is not null);
            if (!string.IsNullOrEmpty(actor)) units = units.Where(u => u.Actor == actor);
            if (!string.IsNullOrEmpty(stance)) units = units.Where(u => u.Machine!.Label == stance);
            if (!string.IsNullOrEmpty(narrative)) units = units.Where(u => u.Narratives.Contains(narrative));
            if (!string.IsNullOrEmpty(day)) units = units.Where(u => u.Day == day);
            var list = units.ToList();
            return Results.Ok(new
            {
                actors = data.Units.Select(u => new { id = u.Actor, name = u.ActorName }).DistinctBy(a => a.id).OrderBy(a => a.name, StringComparer.CurrentCulture),
                days = data.Units.Select(u => u.Day).Distinct().Order(StringComparer.Ordinal),
                narratives = data.Narratives.Select(n => new { id = n.Id, label = n.Label }),
                total = list.Count,
                units = list.Take(Math.Clamp(limit ?? 200, 1, 2000)),
            });
        });
        return (app, token);
    }

    /// <summary>One of the page's files, embedded in this assembly from wwwroot/.</summary>
    private static IResult StaticFile(string name, string contentType)
    {
        using var stream = typeof(CodingServer).Assembly.GetManifestResourceStream("Portrayal.Web.wwwroot." + name)
            ?? throw new InvalidOperationException($"wwwroot/{name} is not embedded in Portrayal.Web");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Results.Content(reader.ReadToEnd(), contentType);
    }

    private static string? CoderOf(HttpRequest request) =>
        request.Cookies.TryGetValue(CoderCookie, out var c) && c.Trim().Length > 0 ? c.Trim() : null;

    private static bool Same(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    /// <summary>The coder's codes in coded.csv by unit key.</summary>
    private static Dictionary<string, object> CodesOf(string codedPath, string coder)
    {
        lock (CodedLock)
        {
            var (_, rows) = CodedFile.Read(codedPath);
            var result = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var r in rows)
            {
                string F(string k) => CodedFile.Unquote(r.GetValueOrDefault(k, "").Trim());
                if (F("coder") != coder) continue;
                result[Coding.Sampling.UnitOf(F("platform"), F("account"), F("post_id"), F("actor"))] = new
                {
                    stance = F("stance"),
                    narratives = F("narratives").Split(';', StringSplitOptions.RemoveEmptyEntries),
                    note = F("note"),
                };
            }
            return result;
        }
    }
}
