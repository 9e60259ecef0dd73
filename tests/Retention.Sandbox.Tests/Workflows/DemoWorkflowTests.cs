using Microsoft.EntityFrameworkCore;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Workflows;

/// <summary>
/// The demo store and the workflows: the seed's history is closed, the first run picks up the carts abandoned in the last days
/// (the scan's window), and advancing the sandbox clock plays their sequence out.
/// </summary>
public sealed class DemoWorkflowTests
{
    private string _folder = null!;

    [SetUp]
    public void NewFolder() => _folder = TestDatabase.NewTempFolder();

    [TearDown]
    public void RemoveFolder()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_folder is not null)
            Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Demo_carts_abandoned_in_the_last_days_are_enrolled_on_the_first_run_and_advancing_the_clock_sends_their_next_emails()
    {
        var options = SandboxOptions.Parse(["--data", _folder, "--customers", "3000", "--as-of", "2026-03-02"], out _, _ => null)!;
        var state = await SandboxSetup.PrepareAsync(options, NullLog.Instance);
        var clock = new SandboxClock(state.AsOfUtc, state.LoadedUtc, () => state.LoadedUtc);
        await using var runner = new WorkflowRunner(state.Database, "demo", clock, d => SandboxLocks.For(d, clock), LinkSigner.NewSecret());
        HashSet<int> recentlyReminded;
        await using (var seeded = state.Database.CreateContext())
        {
            Assert.That(await seeded.Enrollments.CountAsync(e => e.StateId == (int)EnrollmentState.Active), Is.EqualTo(0), "The demo's workflow history is closed: nothing of it is due.");
            // A cart reminded in the history's last week is inside the workflow's re-entry time: its customer waits.
            var reentry = state.AsOfUtc.AddHours(9).AddDays(-WorkflowCatalog.Default(WorkflowKind.AbandonedCart).ReentryDays);
            recentlyReminded = (await seeded.Enrollments.Where(e => e.WorkflowId == (int)WorkflowKind.AbandonedCart && e.EnrolledUtc >= reentry)
                .Select(e => e.CustomerId).ToListAsync()).ToHashSet();
        }

        // The demo's day starts at midnight, inside the default quiet hours (21–8): the morning is when its emails go out.
        await clock.AdvanceAsync(TimeSpan.FromHours(9));
        var expected = (await IdleCartsAsync(state.Database, clock.UtcNow)).Where(c => !recentlyReminded.Contains(c)).ToList();
        await RunUntilQuietAsync(runner, clock);
        var firstEmails = await SentAsync(state.Database, WorkflowCatalog.TemplateName(WorkflowKind.AbandonedCart, 0));
        await clock.AdvanceAsync(TimeSpan.FromDays(1));
        await RunUntilQuietAsync(runner, clock);
        var secondEmails = await SentAsync(state.Database, WorkflowCatalog.TemplateName(WorkflowKind.AbandonedCart, 1));

        await using var db = state.Database.CreateContext();
        var enrolled = await db.Enrollments.Where(e => e.WorkflowId == (int)WorkflowKind.AbandonedCart && e.EnrolledUtc >= state.AsOfUtc).Select(e => e.CustomerId).ToListAsync();
        Assert.That(expected, Is.Not.Empty, "The demo has carts idle within the scan's window.");
        Assert.That(enrolled, Is.EquivalentTo(expected));
        var consenting = await db.NewsletterSubscriptions.Select(s => s.CustomerId).ToListAsync();
        Assert.That(firstEmails, Is.Not.Empty);
        Assert.That(firstEmails.Except(consenting), Is.Empty, "Only customers who consented get a marketing email.");
        Assert.That(secondEmails, Is.Not.Empty, "A day later the reminders go to the carts still waiting.");
        Assert.That(secondEmails.Except(firstEmails.Concat(enrolled)), Is.Empty);
    }

    /// <summary>Customers with an address whose cart last changed within the scan's window [now − 1 h − 3 d, now − 1 h].</summary>
    private static async Task<List<int>> IdleCartsAsync(SandboxDatabase database, DateTime now)
    {
        var idleUntil = now.AddHours(-1);
        var from = idleUntil.AddDays(-WorkflowScans.AbandonedCartCatchUpDays);
        await using var db = database.CreateContext();
        var carts = await db.CartItems.GroupBy(c => c.CustomerId).Select(g => new { Customer = g.Key, Last = g.Max(c => c.UpdatedOnUtc) }).ToListAsync();
        var reachable = (await db.Customers.Where(c => c.Email != null && !c.Deleted).Select(c => c.Id).ToListAsync()).ToHashSet();
        return carts.Where(c => c.Last >= from && c.Last <= idleUntil && reachable.Contains(c.Customer)).Select(c => c.Customer).ToList();
    }

    private static async Task RunUntilQuietAsync(WorkflowRunner runner, SandboxClock clock)
    {
        for (var run = 0; run < 10; run++)
        {
            await runner.Workflows.Run.RunAsync();
            if ((await SandboxStores.Enrollments(runner.Database).DueAsync(clock.UtcNow, 1)).Count == 0)
                return;
        }
    }

    private static async Task<List<int>> SentAsync(SandboxDatabase database, string template)
    {
        await using var db = database.CreateContext();
        return await db.Outbox.Where(m => m.TemplateName == template).Select(m => m.CustomerId).ToListAsync();
    }
}
