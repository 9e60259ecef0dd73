using Microsoft.AspNetCore.Builder;
using Retention.Sandbox.Data;
using Retention.Sandbox.Web;

namespace Retention.Sandbox.Tests.Infrastructure;

/// <summary>
/// The sandbox web app in-process on a free port over a freshly seeded SQLite demo store in a temporary folder: prepare
/// (the store can still be changed), start, and dispose (server stopped, folder deleted).
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly SandboxOptions _options;
    private WebApplication? _app;

    private SandboxServer(string folder, SandboxOptions options, SandboxState state)
    {
        Folder = folder;
        _options = options;
        State = state;
    }

    public string Folder { get; }
    public SandboxState State { get; }

    /// <summary>The running app's services (a scope gives a request's WorkflowProgram, the clock, the link signer).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("Start the server first.");

    /// <summary>The base address once started, e.g. http://127.0.0.1:41777.</summary>
    public string BaseAddress => _app is null ? throw new InvalidOperationException("Start the server first.") : SandboxWebApp.Address(_app);

    /// <summary>Seeds a demo store of <paramref name="customers"/> customers with history up to <paramref name="asOf"/>.</summary>
    public static async Task<SandboxServer> PrepareAsync(int customers, string asOf = "2026-02-01")
    {
        var folder = TestDatabase.NewTempFolder();
        var options = SandboxOptions.Parse(new[]
        {
            "--data", folder, "--customers", customers.ToString(System.Globalization.CultureInfo.InvariantCulture), "--as-of", asOf,
            "--urls", "http://127.0.0.1:0",
            // Tests run the workflows themselves (advance the clock, run once); a timer would change the outbox under them.
            "--workflow-interval", "0",
        }, out _, _ => null)!;
        return new SandboxServer(folder, options, await SandboxSetup.PrepareAsync(options, NullLog.Instance));
    }

    public async Task<SandboxServer> StartAsync()
    {
        _app = SandboxWebApp.Build(_options, State);
        await _app.StartAsync();
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app != null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
