using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Web;

/// <summary>
/// One seeded sandbox per workflow test class: prepared (the store can still be arranged), started with a visitor that
/// keeps cookies and never follows redirects, and stopped and deleted after the class.
/// </summary>
public abstract class WorkflowServerFixture
{
    protected SandboxServer Server { get; private set; } = null!;

    protected WorkflowWeb Web { get; private set; } = null!;

    protected async Task PrepareServerAsync(int customers) => Server = await SandboxServer.PrepareAsync(customers);

    protected async Task StartServerAsync()
    {
        await Server.StartAsync();
        Web = new WorkflowWeb(Server);
    }

    [OneTimeTearDown]
    public async Task StopServerAsync()
    {
        Web?.Dispose();
        if (Server != null) await Server.DisposeAsync();
    }
}
