using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Retention.Sandbox.Data;
using Retention.Sandbox.Farm;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Farm;

/// <summary>Nodes starting together on one database: the setup lock lets one build, and <c>--no-seed</c> never builds.</summary>
[TestFixture, Category("Farm"), NonParallelizable]
public sealed class NodeSetupTests
{
    private sealed class Lines : ILogger
    {
        public ConcurrentQueue<string> Messages { get; } = new();
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Enqueue(formatter(state, exception));
    }

    private static SandboxOptions Options(string connectionString, string node, string folder, params string[] extra) => SandboxOptions.Parse(
        ["--pg", connectionString, "--node", node, "--customers", "60", "--as-of", "2026-03-02", "--data", Path.Combine(folder, node), .. extra], out _, _ => null)!;

    [Test]
    public async Task Four_nodes_starting_at_once_on_a_missing_database_build_it_once_and_all_serve_the_same_data()
    {
        var server = TestPostgres.ConnectionString();
        var name = "retention_setup_" + Guid.NewGuid().ToString("N")[..12];
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
        var folder = TestDatabase.NewTempFolder();
        var log = new Lines();
        try
        {
            var states = await Task.WhenAll(Enumerable.Range(1, 4).Select(i =>
                Task.Run(() => NodeSetup.PrepareAsync(NodeSetup.Named(Options(connectionString, "s" + i, folder)), log))));

            Assert.That(log.Messages.Count(m => m.StartsWith("Building the sandbox database", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(states.Count(s => s.Loaded), Is.EqualTo(1), "One start loaded the data, the other three reused it.");
            Assert.That(states.Select(s => s.LoadedUtc).Distinct().Count(), Is.EqualTo(1), "All four serve the data of that one load.");
            await using var db = SandboxDatabase.PostgreSql(connectionString).CreateContext();
            Assert.That(await db.Customers.CountAsync(), Is.EqualTo(60));
        }
        finally
        {
            await FarmCluster.DropAsync(server, name);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task A_no_seed_node_waits_for_the_data_and_never_builds_it()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        var folder = TestDatabase.NewTempFolder();
        var log = new Lines();
        try
        {
            var waiting = Task.Run(() => NodeSetup.PrepareAsync(Options(database.Database.ConnectionString, "late", folder, "--no-seed"), log));
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.That(waiting.IsCompleted, Is.False, "With an empty schema a --no-seed node waits.");

            var built = await NodeSetup.PrepareAsync(Options(database.Database.ConnectionString, "first", folder), log);
            var reused = await waiting.WaitAsync(TimeSpan.FromMinutes(1));
            Assert.That((built.Loaded, reused.Loaded, reused.LoadedUtc), Is.EqualTo((true, false, built.LoadedUtc)));
            Assert.That(log.Messages.Count(m => m.StartsWith("Building the sandbox database", StringComparison.Ordinal)), Is.EqualTo(1));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestCase("--customers", "61", "--customers 60", "--customers 61")]
    [TestCase("--seed", "7", "--seed 20240601", "--seed 7")]
    [TestCase("--as-of", "2026-03-03", "--as-of 2026-03-02T00:00:00Z", "--as-of 2026-03-03T00:00:00Z")]
    public async Task A_node_asking_for_other_seed_options_than_the_data_was_made_with_refuses_in_one_line_and_changes_nothing(
        string option, string value, string made, string asked)
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        var folder = TestDatabase.NewTempFolder();
        var log = new Lines();
        try
        {
            var first = await NodeSetup.PrepareAsync(Options(database.Database.ConnectionString, "first", folder), log);
            var before = await ContentsAsync(database.Database);

            var refused = Assert.ThrowsAsync<SandboxSetupException>(() =>
                NodeSetup.PrepareAsync(Options(database.Database.ConnectionString, "late", folder, option, value), log));

            Assert.That(refused!.Message, Does.StartWith("retention: node late: ").And.Contain(made).And.Contain(asked).And.Not.Contain("\n"));
            Assert.That(await ContentsAsync(database.Database), Is.EqualTo(before), "Nothing in the database changed.");
            Assert.That(log.Messages.Count(m => m.StartsWith("Building the sandbox database", StringComparison.Ordinal)), Is.EqualTo(1), "Only the first node built.");
            Assert.That((await SandboxSetup.TryReuseAsync(database.Database))?.LoadedUtc, Is.EqualTo(first.LoadedUtc));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The meta rows and the row counts of the store's tables.</summary>
    private static async Task<string> ContentsAsync(SandboxDatabase database)
    {
        await using var db = database.CreateContext();
        var meta = await db.Meta.AsNoTracking().OrderBy(m => m.Name).Select(m => m.Name + "=" + m.Value).ToListAsync();
        return string.Join("; ", meta) + $"; customers {await db.Customers.CountAsync()}, orders {await db.Orders.CountAsync()}, ledger {await db.Ledger.CountAsync()}";
    }
}
