using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Locking;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Workflows;

/// <summary>How the two runners are kept apart.</summary>
public enum RunnerLock
{
    /// <summary>The sandbox's real lock: PostgreSQL advisory lock, SQLite lease row.</summary>
    Real,
    /// <summary>A lock that always grants: both runners work the same batch at once, and only the unique keys protect.</summary>
    AlwaysGrant,
}

/// <summary>
/// Two nodes, one database: two <see cref="WorkflowProgram"/>s with their own contexts and connections run the same
/// due steps again and again while a shared clock walks through every step of three workflows for 500 customers.
/// Every due step must be queued exactly once, every coupon issued once, every event recorded once — with the real lock,
/// and with a lock that lets both in at once (the unique keys alone).
/// </summary>
[TestFixture(DatabaseProvider.PostgreSql, RunnerLock.Real)]
[TestFixture(DatabaseProvider.PostgreSql, RunnerLock.AlwaysGrant)]
[TestFixture(DatabaseProvider.Sqlite, RunnerLock.Real)]
public sealed class TwoRunnerTests(DatabaseProvider provider, RunnerLock runnerLock)
{
    private const int Customers = 500;

    /// <summary>Two runners open many connections at once: give back the idle ones other fixtures' pools hold first.</summary>
    [SetUp]
    public void ReleaseIdleConnections() => Npgsql.NpgsqlConnection.ClearAllPools();

    private const int BatchSize = 150;
    private static readonly StoreId Store = new(1);
    private static readonly DateTime Start = new(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);

    private sealed class AlwaysGrantLock : IDistributedLock
    {
        public async Task<bool> TryRunExclusiveAsync(string resource, TimeSpan expiry, Func<CancellationToken, Task> action, CancellationToken cancellationToken = default)
        {
            await action(cancellationToken);
            return true;
        }
    }

    [Test]
    public async Task Two_runners_queue_every_due_step_coupon_and_event_exactly_once()
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new SandboxClock(Start, Start, () => Start);
        await WorkflowRunner.OpenTheGatesAsync(db.Database);
        await WorkflowRunner.SeedShoppersAsync(db.Database, Customers, Start, cartIdle: TimeSpan.FromHours(2));
        var secret = LinkSigner.NewSecret();
        Func<SandboxDatabase, IDistributedLock> lockFor = runnerLock == RunnerLock.Real ? d => SandboxLocks.For(d, clock) : _ => new AlwaysGrantLock();
        await using var a = new WorkflowRunner(db.Database, "runner-a", clock, lockFor, secret);
        await using var b = new WorkflowRunner(db.Database, "runner-b", clock, lockFor, secret);

        // The events that enroll, each delivered to both nodes at once (a replayed consumer): welcome and review request.
        await Task.WhenAll(Enumerable.Range(1, Customers).SelectMany(id => new[] { a, b }.Select(r => Task.Run(async () =>
        {
            await r.Workflows.Program.CustomerRegisteredAsync(Store, new CustomerId(id), Start);
            await r.Workflows.Program.OrderDeliveredAsync(Store, new CustomerId(id), id, Start);
        }))));

        var reports = new List<WorkflowRunReport>();
        // Abandoned cart: anchor Start−2h, steps at +1h/+24h/+72h; welcome: Start, +3d, +7d; review request: +7d, +14d.
        foreach (var at in new[] { TimeSpan.Zero, TimeSpan.FromDays(1), TimeSpan.FromDays(3), TimeSpan.FromDays(7), TimeSpan.FromDays(14) })
        {
            if (at > clock.Offset)
                await clock.AdvanceAsync(at - clock.Offset);
            for (var round = 0; round < 40; round++)
            {
                var both = await Task.WhenAll(Task.Run(() => a.Workflows.Run.RunAsync(BatchSize)), Task.Run(() => b.Workflows.Run.RunAsync(BatchSize)));
                reports.AddRange(both);
                if (!await AnyDueAsync(db.Database, clock.UtcNow))
                    break;
            }
        }

        await using var check = db.Database.CreateContext();
        var enrollments = await check.Enrollments.AsNoTracking().ToListAsync();
        var steps = new Dictionary<int, int>
        {
            [(int)WorkflowKind.AbandonedCart] = 3,
            [(int)WorkflowKind.Welcome] = 3,
            [(int)WorkflowKind.ReviewRequest] = 2,
        };
        Assert.That(enrollments.GroupBy(e => e.WorkflowId).ToDictionary(g => g.Key, g => g.Count()),
            Is.EquivalentTo(steps.ToDictionary(s => s.Key, _ => Customers)), "One enrollment per customer and workflow.");
        Assert.That(enrollments.Select(e => e.StateId).Distinct(), Is.EqualTo(new[] { (int)EnrollmentState.Completed }), "Every enrollment ran all its steps.");
        var controls = enrollments.Count(e => e.IsControl);
        Assert.That(controls, Is.GreaterThan(0).And.LessThan(enrollments.Count / 4), "The default 10 % control group is in play.");

        var expectedSent = enrollments.Where(e => !e.IsControl).Sum(e => steps[e.WorkflowId]);
        var expectedWithheld = enrollments.Where(e => e.IsControl).Sum(e => steps[e.WorkflowId]);
        var outbox = await check.Outbox.AsNoTracking().Select(m => new { Key = m.IdempotencyKey, m.TemplateName, m.TokensJson }).ToListAsync();
        Assert.That(outbox, Has.Count.EqualTo(expectedSent), "Every due step of a sent enrollment queued once.");
        Assert.That(outbox.Select(m => m.Key).Distinct().Count(), Is.EqualTo(outbox.Count));
        Assert.That(reports.Sum(r => r.Sent), Is.EqualTo(expectedSent), "Each runner counts only the emails it queued itself.");
        Assert.That(reports.Sum(r => r.Enrolled), Is.EqualTo(Customers), "Only the abandoned-cart scan enrolls during runs, each cart once.");

        var events = await check.WorkflowEvents.AsNoTracking().GroupBy(e => e.KindId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        Assert.That(events, Is.EquivalentTo(new Dictionary<int, int> { [(int)WorkflowEventKind.Sent] = expectedSent, [(int)WorkflowEventKind.Withheld] = expectedWithheld }));

        var coupons = await check.Coupons.AsNoTracking().ToListAsync();
        var couponSteps = enrollments.Count(e => !e.IsControl && e.WorkflowId == (int)WorkflowKind.AbandonedCart);
        Assert.That(coupons, Has.Count.EqualTo(couponSteps), "One coupon per sent third abandoned-cart step.");
        var mailedCodes = outbox.Where(m => m.TemplateName == WorkflowCatalog.TemplateName(WorkflowKind.AbandonedCart, 2))
            .Select(m => JsonSerializer.Deserialize<Dictionary<string, string>>(m.TokensJson)!["Retention.CouponCode"]).ToList();
        Assert.That(mailedCodes, Is.EquivalentTo(coupons.Select(c => c.Code)), "Each email carries the one coupon issued under its step's key.");
    }

    private static async Task<bool> AnyDueAsync(SandboxDatabase database, DateTime now) =>
        (await SandboxStores.Enrollments(database).DueAsync(now, 1)).Count > 0;
}
