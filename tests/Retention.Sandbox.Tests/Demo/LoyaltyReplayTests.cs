using Microsoft.EntityFrameworkCore;
using Retention.Core.Loyalty;
using Retention.Core.Tables;
using Retention.Sandbox.Data;
using Retention.Sandbox.Demo;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Demo;

/// <summary>The demo's loyalty history, replayed through the program: the same store always gives the same ledger, and the ledger adds up.</summary>
public sealed class LoyaltyReplayTests
{
    private static readonly DateTime AsOf = new(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc);

    private static async Task<(List<PointsEntryRow> Ledger, List<TierStandingRow> Standings)> ReplayAsync(TestDatabase db)
    {
        var content = DemoStoreGenerator.Generate(new DemoStoreSettings { AsOfUtc = AsOf, Customers = 250, Seed = 7 });
        await BulkLoader.LoadAsync(db.Database, content);
        var result = await LoyaltyReplay.RunAsync(db.Database, content, AsOf);
        await using var context = db.Database.CreateContext();
        var ledger = await context.Ledger.AsNoTracking().OrderBy(r => r.IdempotencyKey).ToListAsync();
        Assert.That(result.LedgerEntries, Is.EqualTo(ledger.Count));
        return (ledger, await context.TierStandings.AsNoTracking().OrderBy(s => s.CustomerId).ToListAsync());
    }

    [Test]
    public async Task The_same_demo_store_replays_to_the_same_ledger_and_tiers()
    {
        await using var first = await TestDatabase.CreateSqliteAsync();
        await using var second = await TestDatabase.CreateSqliteAsync();

        var a = await ReplayAsync(first);
        var b = await ReplayAsync(second);

        Assert.That(a.Ledger, Is.Not.Empty);
        Assert.That(b.Ledger.Select(r => (r.IdempotencyKey, r.CustomerId, r.Points, r.ReasonId, r.CreatedOnUtc, r.ActivatesOnUtc, r.ExpiresOnUtc)),
            Is.EqualTo(a.Ledger.Select(r => (r.IdempotencyKey, r.CustomerId, r.Points, r.ReasonId, r.CreatedOnUtc, r.ActivatesOnUtc, r.ExpiresOnUtc))));
        Assert.That(b.Standings.Select(s => (s.CustomerId, s.Tier, s.BelowSinceUtc)), Is.EqualTo(a.Standings.Select(s => (s.CustomerId, s.Tier, s.BelowSinceUtc))));
    }

    [Test]
    public async Task Every_entry_lies_in_the_history_and_no_purchase_is_recorded_twice()
    {
        await using var db = await TestDatabase.CreateSqliteAsync();
        var (ledger, _) = await ReplayAsync(db);

        Assert.That(ledger.Select(r => r.CreatedOnUtc), Is.All.LessThan(AsOf));
        var purchases = ledger.Where(r => r.ReasonId == (int)LedgerReason.Purchase).ToList();
        Assert.That(purchases.Select(p => p.SourceRef).Distinct().Count(), Is.EqualTo(purchases.Count));
        // Reversals never take back more than the order earned.
        foreach (var order in ledger.Where(r => r.ReasonId == (int)LedgerReason.PurchaseReversal).GroupBy(r => r.SourceRef))
            Assert.That(-order.Sum(r => r.Points), Is.LessThanOrEqualTo(purchases.Single(p => p.SourceRef == order.Key).Points), $"order {order.Key}");
    }
}
