using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.WebUi.Tests;

/// <summary>
/// The pages in Debian's chromium, driven by Playwright, against a real supernetd: states, every action by
/// clicking (with JavaScript on and off), live updates without a reload, the auth prompt, the following log view,
/// nothing fetched from elsewhere, and a screenshot of each page.
/// </summary>
public sealed class BrowserTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private const float Deadline = 60_000;

    private readonly WebUiDaemon _daemon = WebUiDaemon.Start();
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        // A missing browser is a broken test machine, never a reason to skip (.ci/run installs it).
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium");
        // A loaded 2-core machine: every wait has a deadline well past Playwright's defaults, never a fixed sleep.
        Assertions.SetDefaultExpectTimeout(Deadline);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"], Timeout = 2 * Deadline });
    }

    [Fact]
    public async Task The_table_shows_each_state_with_its_colour_and_uptime()
    {
        var page = await Page();
        await page.GotoAsync(_daemon.BaseUrl + "/");
        await Assertions.Expect(Row(page, "sleeper").Locator(".state")).ToHaveTextAsync("RUNNING");
        await Assertions.Expect(Row(page, "sleeper").Locator(".state")).ToHaveClassAsync(new Regex("running"));
        await Assertions.Expect(Row(page, "sleeper")).ToContainTextAsync(new Regex(@"pid \d+, uptime \d+:\d\d:\d\d"));
        await Assertions.Expect(Row(page, "idle").Locator(".state")).ToHaveTextAsync("STOPPED");
        await Assertions.Expect(Row(page, "idle").Locator(".state")).ToHaveClassAsync(new Regex("nominal"));
        // Retried, not read once: the live refresh replaces the row, and a detached element's computed style is "".
        await Assertions.Expect(Row(page, "sleeper").Locator(".state")).ToHaveCSSAsync("background-color", "rgb(26, 127, 55)");
        await page.ScreenshotAsync(new() { Path = Docs("webui-status.png") });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Every_action_works_by_clicking(bool javaScript)
    {
        var page = await Page(javaScript);
        await page.GotoAsync(_daemon.BaseUrl + "/");

        await Click(page, "sleeper", "stop", "Process sleeper stopped");
        await Assertions.Expect(Row(page, "sleeper").Locator(".state")).ToHaveTextAsync("STOPPED");
        Assert.Equal("STOPPED", _daemon.State("sleeper"));

        await Click(page, "sleeper", "start", "Process sleeper started");
        await Assertions.Expect(Row(page, "sleeper").Locator(".state")).ToHaveTextAsync("RUNNING");

        var pid = _daemon.Pid("sleeper");
        await Click(page, "sleeper", "restart", "Process sleeper restarted");
        Assert.NotEqual(pid, _daemon.Pid("sleeper"));

        await Click(page, "printer", "clearlog", "Log for printer cleared");
        if (javaScript)
        {
            await page.ScreenshotAsync(new() { Path = Docs("webui-message.png") });
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Stop all" }).ClickAsync();
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("All stopped at");
        await Assertions.Expect(page.Locator("#processes .state.running")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Restart all" }).ClickAsync();
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("All restarted at");
        await Assertions.Expect(page.Locator("#processes .state.running")).ToHaveCountAsync(3);

        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("Page refreshed at");
    }

    [Fact]
    public async Task Nothing_is_fetched_from_anywhere_else()
    {
        var page = await Page();
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);
        await page.GotoAsync(_daemon.BaseUrl + "/");
        await Row(page, "printer").GetByRole(AriaRole.Link, new() { Name = "Tail" }).ClickAsync();
        await Assertions.Expect(page.Locator("#following")).ToBeVisibleAsync();
        await page.GotoAsync(_daemon.BaseUrl + "/");
        // The live table's own poll counts as a request of the page too.
        await page.WaitForRequestAsync(_daemon.BaseUrl + "/index.html");

        Assert.Contains(requested, url => url.EndsWith("/RPC2", StringComparison.Ordinal));
        Assert.All(requested, url => Assert.StartsWith(_daemon.BaseUrl + "/", url));
    }

    [Fact]
    public async Task The_table_follows_changes_made_elsewhere_without_a_reload()
    {
        var page = await Page();
        await page.GotoAsync(_daemon.BaseUrl + "/");
        await page.EvaluateAsync("() => window.sameDocument = true");

        Assert.Contains("stopped", _daemon.Run.Ctl("stop", "sleeper").Output);
        await Assertions.Expect(Row(page, "sleeper").Locator(".state")).ToHaveTextAsync("STOPPED");
        Assert.Contains("started", _daemon.Run.Ctl("start", "idle").Output);
        await Assertions.Expect(Row(page, "idle").Locator(".state")).ToHaveTextAsync("RUNNING");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"));
    }

    [Fact]
    public async Task Credentials_are_required_and_accepted()
    {
        await using var anonymous = await _browser.NewContextAsync();
        await AssertRefused(anonymous);
        var denied = await anonymous.APIRequest.GetAsync(_daemon.BaseUrl + "/", new() { Timeout = Deadline });
        Assert.Equal(401, denied.Status);
        Assert.Equal("Basic realm=\"default\"", denied.Headers["www-authenticate"]);

        await using var wrong = await _browser.NewContextAsync(new() { HttpCredentials = new() { Username = WebUiDaemon.User, Password = "nope" } });
        await AssertRefused(wrong);

        var page = await Page();
        var allowed = await page.GotoAsync(_daemon.BaseUrl + "/");
        Assert.Equal(200, allowed!.Status);
        await Assertions.Expect(page.Locator("#processes")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_tail_view_receives_new_lines_without_a_gap_or_a_repeat()
    {
        var page = await Page();
        await page.GotoAsync(_daemon.BaseUrl + "/");
        await Row(page, "printer").GetByRole(AriaRole.Link, new() { Name = "Tail" }).ClickAsync();
        await Assertions.Expect(page).ToHaveTitleAsync("Supervisor tail of process printer");
        await Assertions.Expect(page.Locator("#following")).ToBeVisibleAsync();

        var shown = Numbers(await page.Locator("#log").TextContentAsync());
        var last = shown.DefaultIfEmpty(0).Max();
        await Assertions.Expect(page.Locator("#log")).ToContainTextAsync($"line {last + 3} <b>x</b>");
        // Where the page's own text meets what the script appended, every line is there exactly once.
        var followed = Numbers(await page.Locator("#log").TextContentAsync());
        Assert.Equal(Enumerable.Range(followed[0], followed.Count), followed);
        // The escape arrives as a character reference an XML parser would refuse; the view shows the character.
        await page.WaitForFunctionAsync("s => document.getElementById('log').textContent.includes(s)", $"line {last + 3} <b>x</b> \u001b[0m\n");
        await page.ScreenshotAsync(new() { Path = Docs("webui-tail.png") });

        Assert.Contains("cleared", _daemon.Run.Ctl("clear", "printer").Output);
        // A cleared log: the view says so and goes on from the new file's start.
        await page.WaitForFunctionAsync(@"() => /==> File truncated <==\n(.*\n)*line \d+ <b>x<\/b>/.test(document.getElementById('log').textContent)");
    }

    private static List<int> Numbers(string? log) =>
        Regex.Matches(log ?? "", @"line (\d+) ").Select(m => int.Parse(m.Groups[1].Value)).ToList();

    /// <summary>
    /// Headless chromium either shows the 401 answer or, having no (more) credentials to offer, ends the navigation
    /// with ERR_INVALID_AUTH_CREDENTIALS; either way the status table never appears.
    /// </summary>
    private async Task AssertRefused(IBrowserContext context)
    {
        context.SetDefaultNavigationTimeout(Deadline);
        var page = await context.NewPageAsync();
        try
        {
            Assert.Equal(401, (await page.GotoAsync(_daemon.BaseUrl + "/"))!.Status);
        }
        catch (PlaywrightException e)
        {
            Assert.Contains("ERR_INVALID_AUTH_CREDENTIALS", e.Message);
        }
        Assert.Equal(0, await page.Locator("#processes").CountAsync());
    }

    private async Task<IPage> Page(bool javaScript = true)
    {
        var context = await _browser.NewContextAsync(new()
        {
            JavaScriptEnabled = javaScript,
            HttpCredentials = new() { Username = WebUiDaemon.User, Password = WebUiDaemon.Password },
            ViewportSize = new() { Width = 900, Height = 420 },
        });
        context.SetDefaultTimeout(Deadline);
        context.SetDefaultNavigationTimeout(Deadline);
        return await context.NewPageAsync();
    }

    private static ILocator Row(IPage page, string name) => page.Locator($"#processes tr[data-name='{name}']");

    private static async Task Click(IPage page, string program, string action, string message)
    {
        await Row(page, program).Locator($"a.act-{action}").ClickAsync();
        await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync(message);
    }

    private static string Docs(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SuperNet.sln")))
            {
                return Path.Combine(dir.FullName, "docs", name);
            }
        }
        throw new InvalidOperationException("no SuperNet.sln above " + AppContext.BaseDirectory);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        _daemon.Dispose();
    }
}
