using System.Net;
using Microsoft.AspNetCore.Builder;
using Npgsql;
using Retention.Core.Dashboard;
using Retention.Sandbox.Data;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Web;

namespace Retention.Sandbox.Tests.Web;

/// <summary>
/// The dashboard snapshot is a background build: on a store of a million customers single queries ran past the
/// connection's 30 s command timeout and the build failed (found by build/bench-load.sh). Here a one-second timeout and a
/// table lock held for three seconds make a query of the build wait longer than the connection allows.
/// </summary>
public sealed class DashboardSnapshotTimeoutTests
{
    [Test]
    public async Task Snapshot_build_outlasts_a_query_slower_than_the_connections_command_timeout()
    {
        await using var test = await TestDatabase.CreatePostgresAsync();
        var folder = TestDatabase.NewTempFolder();
        try
        {
            var options = SandboxOptions.Parse(new[]
            {
                "--pg", test.Database.ConnectionString, "--data", folder, "--customers", "200", "--as-of", "2026-02-01",
                "--urls", "http://127.0.0.1:0", "--workflow-interval", "0",
            }, out var error, _ => null) ?? throw new InvalidOperationException(error);
            var state = await SandboxSetup.PrepareAsync(options, NullLog.Instance);
            var impatient = new NpgsqlConnectionStringBuilder(test.Database.ConnectionString) { CommandTimeout = 1 }.ToString();
            state = state with { Database = SandboxDatabase.PostgreSql(impatient) };

            // Orders are read by every metrics query of the build; the lock is taken before the app starts its build.
            await using var blocker = new NpgsqlConnection(test.Database.ConnectionString);
            await blocker.OpenAsync();
            await using var transaction = await blocker.BeginTransactionAsync();
            await using (var lockOrders = new NpgsqlCommand("LOCK TABLE \"Orders\" IN ACCESS EXCLUSIVE MODE", blocker, transaction))
                await lockOrders.ExecuteNonQueryAsync();

            await using var app = SandboxWebApp.Build(options with { PostgresConnectionString = impatient }, state);
            await app.StartAsync();
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri(SandboxWebApp.Address(app)), Timeout = TimeSpan.FromMinutes(3) };
                var response = http.GetAsync("/api/admin/dashboard?store=1");
                await Task.Delay(TimeSpan.FromSeconds(3));
                Assert.That(response.IsCompleted, Is.False, "the build waits for the lock");
                await transaction.CommitAsync();

                using var answer = await response;
                Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), await answer.Content.ReadAsStringAsync());
                var snapshot = DashboardSnapshot.FromJson(await answer.Content.ReadAsStringAsync());
                Assert.That(snapshot!.Periods[0].Kpis[0].Value, Is.GreaterThan(0));
            }
            finally
            {
                await app.StopAsync();
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
