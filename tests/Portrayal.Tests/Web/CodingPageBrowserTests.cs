using Portrayal.Coding;
using Microsoft.Playwright;
using Portrayal.Pipeline;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Web;

/// <summary>The coding page in headless Debian chromium through Playwright (no browser download).</summary>
[Collection("Console")]
public class CodingPageBrowserTests
{
    private static async Task<(IPlaywright, IBrowser)> Launch()
    {
        var executable = Chromium.Executable
            ?? throw new InvalidOperationException("chromium is not on PATH and PORTRAYAL_REQUIRE_SERVICES=1 requires it: apt-get install chromium");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = executable, Args = Chromium.Args, Headless = true });
        return (playwright, browser);
    }

    [ChromiumFact]
    public async Task A_coder_codes_three_units_with_the_keyboard_and_a_reload_keeps_the_progress()
    {
        using var tmp = ServeWorkspace.Create();
        var (app, url, _) = await ServeWorkspace.Start(tmp.Path);
        await using var __ = app;
        var (playwright, browser) = await Launch();
        using var ___ = playwright;
        await using var ____ = browser;
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);

        await page.GotoAsync(url + "/");
        await page.FillAsync("#coder-name", "tester");
        await page.ClickAsync("#coder-go");
        var progress = page.Locator("#progress");
        await Assertions.Expect(progress).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^0 of \d+ coded$"));
        var total = int.Parse((await progress.TextContentAsync())!.Split(' ')[2]);
        Assert.True(total >= 4);
        await Assertions.Expect(page.Locator("#text mark").First).ToBeVisibleAsync();   // the actor's mention highlighted

        var keys = new[] { "1", "3", "2" };
        for (var i = 0; i < keys.Length; i++)
        {
            await page.Keyboard.PressAsync(keys[i]);
            await Assertions.Expect(progress).ToHaveTextAsync($"{i + 1} of {total} coded");
        }

        await page.ReloadAsync();
        await Assertions.Expect(progress).ToHaveTextAsync($"3 of {total} coded");
        var codes = CodedSample.Load(tmp.File("coded.csv"))!.Codes;
        Assert.Equal(["negative", "positive", "neutral"], codes.Select(c => c.Stance));
        Assert.All(codes, c => Assert.Equal("tester", c.Coder));
        Assert.Equal(3, codes.Select(c => (c.PostId, c.Actor)).Distinct().Count());
        Assert.Empty(errors);
    }

    [ChromiumFact]
    public async Task Hostile_post_text_is_shown_as_text_and_never_runs()
    {
        using var tmp = ServeWorkspace.Create();
        var (app, url, _) = await ServeWorkspace.Start(tmp.Path);
        await using var __ = app;
        var (playwright, browser) = await Launch();
        using var ___ = playwright;
        await using var ____ = browser;
        var page = await browser.NewPageAsync();

        await page.GotoAsync(url + "/browse");
        await Assertions.Expect(page.Locator("#b-rows tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#b-rows td", new() { HasTextString = "<img src=x onerror" }).First).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("#b-rows img, #b-rows script").CountAsync());
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.pwned"));
    }
}
