using Npgsql;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Workflows;

/// <summary>
/// The sandbox clock as the nodes of a farm share it: several clocks over one database (each with its own connection
/// pool, as separate processes have), advanced at the same time.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class SharedClockTests(DatabaseProvider provider)
{
    private static readonly DateTime AsOf = new(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);
    private TestDatabase? _db;

    [SetUp]
    public async Task OpenAsync() => _db = await TestDatabase.CreateAsync(provider);

    [TearDown]
    public async Task CloseAsync() => await (_db?.DisposeAsync() ?? ValueTask.CompletedTask);

    /// <summary>The clock a process of its own would build: its own <see cref="SandboxDatabase"/> on the same data.</summary>
    private SandboxClock ProcessClock(string name)
    {
        var shared = _db!.Database;
        var own = provider == DatabaseProvider.PostgreSql
            ? SandboxDatabase.PostgreSql(new NpgsqlConnectionStringBuilder(shared.ConnectionString) { ApplicationName = name }.ToString())
            : SandboxDatabase.Sqlite(shared.SqliteFile!);
        return SandboxClock.For(new SandboxState { Database = own, Source = SandboxSetup.DemoSource, AsOfUtc = AsOf, LoadedUtc = DateTime.UtcNow });
    }

    [Test]
    public async Task Advances_made_at_once_on_two_nodes_all_count_and_a_node_started_later_begins_at_their_sum()
    {
        var first = ProcessClock("first");
        var second = ProcessClock("second");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var advances = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return await (i % 2 == 0 ? first : second).AdvanceAsync(TimeSpan.FromHours(1));
        })).ToList();
        gate.SetResult();
        await Task.WhenAll(advances);

        Assert.That(await SandboxClock.ReadOffsetAsync(_db!.Database), Is.EqualTo(TimeSpan.FromHours(20)), "Every advance is added to the stored offset.");
        Assert.That(ProcessClock("restarted").Offset, Is.EqualTo(TimeSpan.FromHours(20)), "A node started later begins at the stored time.");
        Assert.That(new[] { first.Offset, second.Offset }, Has.Some.EqualTo(TimeSpan.FromHours(20)), "The node that advanced last has the sum.");
    }

    [Test]
    public async Task A_node_follows_the_stored_offset_forward_and_never_back()
    {
        var mine = ProcessClock("mine");
        var other = ProcessClock("other");
        await other.AdvanceAsync(TimeSpan.FromDays(2));

        mine.Follow(await SandboxClock.ReadOffsetAsync(_db!.Database));
        Assert.That(mine.Offset, Is.EqualTo(TimeSpan.FromDays(2)));
        mine.Follow(TimeSpan.FromDays(1));
        Assert.That(mine.Offset, Is.EqualTo(TimeSpan.FromDays(2)), "A late read of an older offset moves nothing back.");

        await mine.AdvanceAsync(TimeSpan.FromHours(3));
        Assert.That((mine.Offset, await SandboxClock.ReadOffsetAsync(_db.Database)), Is.EqualTo((TimeSpan.FromHours(51), TimeSpan.FromHours(51))),
            "An advance on top of a followed offset adds to what is stored, not to what the node had.");
    }
}
