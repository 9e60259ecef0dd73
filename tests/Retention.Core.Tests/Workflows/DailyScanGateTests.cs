using Retention.Core.Common;
using Retention.Core.Metrics;
using Retention.Core.Store;
using Retention.Core.Workflows;
using static Retention.Core.Tests.Workflows.TriggersHarness;

namespace Retention.Core.Tests.Workflows;

public class DailyScanGateTests
{
    private sealed class CountingGaps(double median) : IPurchaseGapQuery
    {
        public int Calls { get; private set; }

        public Task<PurchaseGapSummary> SummarizeAsync(CountedOrders scope, CancellationToken cancellationToken = default)
        {
            Calls++;
            return Task.FromResult(new PurchaseGapSummary(10, median));
        }
    }

    private static void Birthday(TriggersHarness h, int id, DateTime? on = null) => h.Store.CustomerList.Add(new CustomerFact
    {
        Id = id, Email = $"c{id}@example.com", DateOfBirth = new DateTime(1990, (on ?? T0).Month, (on ?? T0).Day), RegisteredInStoreId = 1, Active = true,
        CreatedOnUtc = T0.AddYears(-1), LastActivityDateUtc = T0,
    });

    private static int Birthdays(TriggersHarness h) => h.Stores.AllEnrollments.Count(e => e.Workflow == WorkflowKind.Birthday);

    [Test]
    public async Task A_gated_daily_scan_runs_once_a_day_and_again_the_next_day()
    {
        var gate = new DailyScanGate();
        var h = new TriggersHarness();
        await h.Engine.EnableAsync(WorkflowKind.Birthday);
        var program = WorkflowParts.Compose(h.Engine.Services() with { DailyScans = gate });
        Birthday(h, 1);

        await program.Run.RunAsync();
        Birthday(h, 2);
        h.Clock.UtcNow += TimeSpan.FromHours(1);
        await program.Run.RunAsync();
        Assert.That(Birthdays(h), Is.EqualTo(1), "the second run of the day does not scan birthdays again");

        h.Clock.UtcNow = h.Clock.UtcNow.Date.AddDays(1).AddHours(1);
        Birthday(h, 3, on: h.Clock.UtcNow);
        await program.Run.RunAsync();
        Assert.That(Birthdays(h), Is.EqualTo(2), "the next day's scan finds the birthday of that day");
    }

    [Test]
    public async Task Without_a_gate_every_run_scans()
    {
        var h = new TriggersHarness();
        await h.Engine.EnableAsync(WorkflowKind.Birthday);
        Birthday(h, 1);
        await h.Workflows.Run.RunAsync();
        Birthday(h, 2);
        await h.Workflows.Run.RunAsync();

        Assert.That(Birthdays(h), Is.EqualTo(2));
    }

    [Test]
    public async Task A_scan_that_filled_its_batch_stays_open_for_the_next_run()
    {
        var gate = new DailyScanGate();
        var h = new TriggersHarness();
        await h.Engine.EnableAsync(WorkflowKind.Birthday);
        var program = WorkflowParts.Compose(h.Engine.Services() with { DailyScans = gate });
        for (var id = 1; id <= 3; id++)
            Birthday(h, id);

        await program.Run.RunAsync(batchSize: 2);
        await program.Run.RunAsync(batchSize: 2);

        Assert.That(Birthdays(h), Is.EqualTo(3));
    }

    [Test]
    public async Task Win_back_defaults_use_the_hosts_purchase_gap_query_when_given()
    {
        var gaps = new CountingGaps(median: 20);
        var h = new TriggersHarness();
        var program = WorkflowParts.Compose(h.Engine.Services() with { PurchaseGaps = gaps });

        var defaults = await program.Scans.DormancyDefaultsAsync(Store1);

        Assert.That((gaps.Calls, defaults.StoreMedianDays, defaults.OneTimeBuyerDays), Is.EqualTo((1, 20d, 60)));
    }
}
