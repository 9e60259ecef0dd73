using Microsoft.Playwright;

namespace Retention.Sandbox.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright, headless. The browser is never downloaded: build/test.sh installs the
/// Debian package, and a missing browser fails the test (it does not skip), so CI cannot pass without the UI tested.
/// </summary>
public sealed class SandboxBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    public IBrowser Browser { get; }

    private SandboxBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    /// <summary>Where screenshots go: test-output/screenshots at the repository root, kept after the run for people to look at.</summary>
    public static string ScreenshotFolder
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Retention.Plugin.sln"))) dir = dir.Parent;
            var folder = Path.Combine(dir?.FullName ?? Path.GetTempPath(), "test-output", "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public static async Task<SandboxBrowser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
            Assert.Fail($"{ChromiumPath} is missing: install Debian's chromium package (build/test.sh does).");
        var playwright = await Playwright.CreateAsync();
        // Playwright gives each launch a fresh temporary profile. The closed network here refuses Chromium's background
        // connections; these flags keep it from trying.
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = new[]
            {
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            },
        });
        return new SandboxBrowser(playwright, browser);
    }

    /// <summary>A fresh page at a desktop size, failing the test on any script error the page raises.</summary>
    public async Task<IPage> NewPageAsync(IList<string> scriptErrors, int width = 1280, int height = 900)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        page.PageError += (_, message) => scriptErrors.Add(message);
        return page;
    }

    /// <summary>Saves a full-page screenshot as test-output/screenshots/<paramref name="name"/>.png and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Out.WriteLine($"screenshot: {path}");
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}
