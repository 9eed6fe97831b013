using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit;

namespace Pvi.TestSupport;

/// <summary>
/// Headless Chromium of the OS package (Playwright's own download cannot work here) driving the
/// web console of the local run, a browser context per person, as people use it: they sign in at
/// the provider's page, click and type.
/// </summary>
public sealed class ConsoleBrowser : IAsyncLifetime
{
    public static readonly Uri Console = new("http://localhost:5600/");

    private IPlaywright _playwright = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PVI_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A person's own browser (cookies, storage), signed in at the provider as a demo user.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> SignInAsync(string demoUserName, string path = "/")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "nl-NL", TimezoneId = "Europe/Amsterdam", ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(Console, path).ToString());
        await SignInOnProviderPageAsync(page, demoUserName);
        return (context, page);
    }

    /// <summary>On the provider's sign-in page: the demo user's button, then back in the console once the page is interactive.</summary>
    public static async Task SignInOnProviderPageAsync(IPage page, string demoUserName)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = $"Aanmelden als {demoUserName}" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(Console.ToString(), StringComparison.Ordinal), new() { Timeout = 30_000 });
        await InteractiveAsync(page);
    }

    /// <summary>The page's circuit is up and its heading rendered (the console renders on the server, over a WebSocket).</summary>
    public static async Task InteractiveAsync(IPage page) =>
        await page.Locator("h1").First.WaitForAsync(new() { Timeout = 30_000 });

    /// <summary>axe-core on the page as it is now, WCAG 2.1 A and AA: the violations, each with its nodes, for the failure message.</summary>
    public static async Task<string> AccessibilityViolationsAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        return string.Join("\n", result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join("; ", v.Nodes.Select(n => string.Join(" ", n.Target)))}"));
    }

    /// <summary>Asserts that axe finds nothing on the page in its current state.</summary>
    public static async Task AssertAccessibleAsync(IPage page, string state)
    {
        var violations = await AccessibilityViolationsAsync(page);
        Assert.True(violations.Length == 0, $"axe on {state} ({page.Url}):\n{violations}");
    }

    /// <summary>A screenshot for the README (services/WebConsole/screenshots), made by the tests so that it stays current.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Repository.PathOf("services", "WebConsole", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    /// <summary>What the page showed when a test gave up on it (TestResults/console, not kept in the repository).</summary>
    public static async Task<string> FailureScreenshotAsync(IPage page, string what)
    {
        var folder = Repository.PathOf("TestResults", "console");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, string.Concat(what.Select(c => char.IsLetterOrDigit(c) ? c : '-')) + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Moves the keyboard focus with Tab until it is on the element, then presses the key there: a journey by keyboard alone.</summary>
    public static async Task TabToAndPressAsync(IPage page, ILocator target, string key = "Enter", int maxTabs = 80)
    {
        for (var i = 0; i < maxTabs; i++)
        {
            if (await target.EvaluateAsync<bool>("element => element === document.activeElement || element.contains(document.activeElement)"))
            {
                await page.Keyboard.PressAsync(key);
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        throw new InvalidOperationException($"The keyboard focus did not reach {target} within {maxTabs} tabs.");
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}
