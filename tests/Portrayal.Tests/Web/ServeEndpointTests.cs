using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portrayal.Coding;
using Portrayal.Pipeline;
using Portrayal.Web;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Web;

/// <summary>`portrayal serve`'s endpoints on an in-process Kestrel at a free port.</summary>
[Collection("Console")]
public class ServeEndpointTests
{
    private static HttpClient Client(string url) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = new Uri(url) };

    private static async Task<JsonElement> Units(HttpClient client) =>
        JsonDocument.Parse(await client.GetStringAsync("/api/units")).RootElement;

    [Fact]
    public async Task A_posted_code_is_written_to_coded_csv_at_once_and_replaces_the_same_unit_and_coder()
    {
        using var tmp = ServeWorkspace.Create();
        var (app, url, token) = await ServeWorkspace.Start(tmp.Path);
        await using var _ = app;
        Assert.Null(token);
        using var client = Client(url);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/units")).StatusCode);   // no coder yet
        (await client.PostAsJsonAsync("/api/coder", new { name = "ann" })).EnsureSuccessStatusCode();
        var units = await Units(client);
        var total = units.GetProperty("total").GetInt32();
        Assert.True(total >= 3);
        Assert.Equal(0, units.GetProperty("coded").GetInt32());
        var first = units.GetProperty("units")[0].GetProperty("unit");
        var key = first.GetProperty("key").GetString()!;
        Assert.NotEmpty(first.GetProperty("mentions").EnumerateArray());

        var saved = await client.PostAsJsonAsync("/api/code", new { key, stance = "negative", narratives = new[] { "csto-help", "unknown" }, note = "=1+1 irony" });
        saved.EnsureSuccessStatusCode();
        var coded = tmp.File("coded.csv");
        var lines = File.ReadAllLines(coded);
        Assert.Equal("platform,account,post_id,actor,coder,stance,narratives,note,coded_at", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Contains(",ann,negative,csto-help,'=1+1 irony,", lines[1]);

        (await client.PostAsJsonAsync("/api/code", new { key, stance = "positive", note = "changed" })).EnsureSuccessStatusCode();
        var sample = CodedSample.Load(coded)!;
        var code = Assert.Single(sample.Codes);
        Assert.Equal(("ann", "positive"), (code.Coder, code.Stance));
        Assert.Equal(key, Sampling.UnitOf(code.Platform, code.Account, code.PostId, code.Actor));
        var again = await Units(client);
        Assert.Equal(1, again.GetProperty("coded").GetInt32());
        Assert.Equal("changed", again.GetProperty("units")[0].GetProperty("code").GetProperty("note").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/code", new { key, stance = "hostile" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/code", new { key = "x/y/z/w", stance = "neutral" })).StatusCode);
        Assert.Single(CodedSample.Load(coded)!.Codes);
    }

    [Fact]
    public async Task A_coder_with_rows_in_the_coding_sheet_codes_those_rows_and_others_every_unit()
    {
        using var tmp = ServeWorkspace.Create();
        using (var db = new Portrayal.Storage.SqliteStore(tmp.File("portrayal.db")))
            CodingSheet.Write(tmp.File("coding-sheet.csv"), Sampling.Draw(db.ReadActorStances(), new SampleOptions(2, [], 0, ["bea"], 1), DateTimeOffset.UnixEpoch).Rows);
        var (app, url, _) = await ServeWorkspace.Start(tmp.Path);
        await using var __ = app;
        using var bea = Client(url);
        (await bea.PostAsJsonAsync("/api/coder", new { name = "bea" })).EnsureSuccessStatusCode();
        Assert.Equal(2, (await Units(bea)).GetProperty("total").GetInt32());
        using var cid = Client(url);
        (await cid.PostAsJsonAsync("/api/coder", new { name = "cid" })).EnsureSuccessStatusCode();
        Assert.True((await Units(cid)).GetProperty("total").GetInt32() > 2);
    }

    [Fact]
    public async Task Off_loopback_every_request_needs_the_workspace_token_once_then_its_cookie()
    {
        using var tmp = ServeWorkspace.Create();
        var (app, url, token) = await ServeWorkspace.Start(tmp.Path, host: "0.0.0.0");
        await using var _ = app;
        Assert.NotNull(token);
        Assert.Equal(token, File.ReadAllText(tmp.File(CodingServer.TokenFile)).Trim());
        using var client = Client(url);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/?token=wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/coder", new { name = "eve" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/browse")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/?token=" + token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/browse")).StatusCode);   // the cookie now
        (await client.PostAsJsonAsync("/api/coder", new { name = "ann" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/units")).StatusCode);

        // The same token is kept across restarts of the workspace's server.
        Assert.Equal(token, CodingServer.TokenOf(tmp.Path, null));
    }

    [Fact]
    public async Task Browse_filters_by_actor_stance_narrative_and_day_with_the_machine_label_and_evidence()
    {
        using var tmp = ServeWorkspace.Create();
        var (app, url, _) = await ServeWorkspace.Start(tmp.Path);
        await using var __ = app;
        using var client = Client(url);
        var all = JsonDocument.Parse(await client.GetStringAsync("/api/browse")).RootElement;
        var csto = JsonDocument.Parse(await client.GetStringAsync("/api/browse?actor=csto")).RootElement;
        Assert.True(csto.GetProperty("total").GetInt32() is > 0 and var n && n < all.GetProperty("total").GetInt32());
        foreach (var u in csto.GetProperty("units").EnumerateArray())
        {
            Assert.Equal("csto", u.GetProperty("actor").GetString());
            Assert.Contains(u.GetProperty("machine").GetProperty("label").GetString(), new[] { "negative", "neutral", "positive" });
            Assert.True(u.GetProperty("machine").TryGetProperty("evidence", out _));
        }
        var day = all.GetProperty("days")[0].GetString();
        var byDay = JsonDocument.Parse(await client.GetStringAsync("/api/browse?day=" + day)).RootElement;
        Assert.All(byDay.GetProperty("units").EnumerateArray(), u => Assert.Equal(day, u.GetProperty("day").GetString()));
        var hits = JsonDocument.Parse(await client.GetStringAsync("/api/browse?narrative=csto-help")).RootElement;
        Assert.All(hits.GetProperty("units").EnumerateArray(), u => Assert.Contains("csto-help", u.GetProperty("narratives").EnumerateArray().Select(x => x.GetString())));
        // A reply carries its parent post as thread context.
        var russia = JsonDocument.Parse(await client.GetStringAsync("/api/browse?actor=russia&limit=2000")).RootElement;
        Assert.Contains(russia.GetProperty("units").EnumerateArray(), u =>
            u.GetProperty("parent").ValueKind == JsonValueKind.Object && u.GetProperty("parent").GetProperty("text").GetString() == ServeWorkspace.Hostile);
    }
}
