using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Browser;

/// <summary>
/// One sandbox and one Chromium for a browser fixture: the fixture prepares (seeds and arranges) its sandbox, the base
/// starts it and the browser, and stops both at the end.
/// </summary>
public abstract class BrowserFixture
{
    protected SandboxServer Server { get; set; } = null!;
    protected SandboxBrowser Browser { get; private set; } = null!;
    protected string BaseUrl => Server.BaseAddress;

    /// <summary>The fixture's sandbox, seeded and arranged, not started yet.</summary>
    protected abstract Task<SandboxServer> PrepareAsync();

    /// <summary>What the fixture does once the sandbox listens and the browser runs.</summary>
    protected virtual Task StartedAsync() => Task.CompletedTask;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Server = await PrepareAsync();
        await Server.StartAsync();
        Browser = await SandboxBrowser.LaunchAsync();
        await StartedAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (Browser != null) await Browser.DisposeAsync();
        if (Server != null) await Server.DisposeAsync();
    }
}
