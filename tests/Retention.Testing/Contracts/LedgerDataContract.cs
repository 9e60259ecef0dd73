using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;

namespace Retention.Testing.Contracts;

/// <summary>A ledger to write through, its queryable read model and the runner for its queries, all over one database.</summary>
public sealed record LedgerDataHandle(IPointsLedger Ledger, ILedgerData Data, IQueryRunner Runner);

/// <summary>
/// What every <see cref="ILedgerData"/> must do: show each appended entry with every field, and run the loyalty
/// program's own queries (<see cref="LoyaltyQueries"/>) through the provider's translation with the results worked out
/// by hand. A failure here means a query that works in memory would throw or run client-side under that database.
/// </summary>
public abstract class LedgerDataContract : PortContract<LedgerDataHandle>
{
    private static readonly DateTime D0 = new(2026, 4, 10, 0, 0, 0, DateTimeKind.Utc);

    private static LedgerEntry E(string key, int points, DateTime created, int customer = 1, int store = 1, DateTime? activates = null,
        DateTime? expires = null, LedgerReason reason = LedgerReason.Purchase) => new()
    {
        Key = new IdempotencyKey(key),
        Store = new StoreId(store),
        Customer = new CustomerId(customer),
        Points = points,
        Reason = reason,
        Source = LedgerSource.System,
        CreatedUtc = created,
        ActivatesUtc = activates ?? created,
        ExpiresUtc = expires,
    };

    private async Task Seed(params LedgerEntry[] entries)
    {
        foreach (var entry in entries)
            Assert.That(await Port.Ledger.TryAppendAsync(entry), Is.True, entry.Key.Value);
    }

    [Test]
    public async Task Appended_entry_is_visible_with_every_field()
    {
        await Seed(E("a", 120, D0.AddHours(9.5), customer: 4, store: 2, activates: D0.AddDays(14), expires: D0.AddMonths(12), reason: LedgerReason.ReferralBonus),
            E("b", -20, D0.AddHours(10), customer: 4, store: 2, reason: LedgerReason.Redemption));

        var rows = await Port.Runner.ToListAsync(Port.Data.Entries.Where(e => e.StoreId == 2).OrderBy(e => e.CreatedUtc));

        Assert.That(rows.Select(r => (r.StoreId, r.CustomerId, r.Points, r.ReasonId, r.CreatedUtc, r.ActivatesUtc, r.ExpiresUtc)), Is.EqualTo(new[]
        {
            (2, 4, 120, (int)LedgerReason.ReferralBonus, D0.AddHours(9.5), D0.AddDays(14), (DateTime?)D0.AddMonths(12)),
            (2, 4, -20, (int)LedgerReason.Redemption, D0.AddHours(10), D0.AddHours(10), (DateTime?)null),
        }));
    }

    [Test]
    public async Task Customers_with_lots_lapsing_in_a_window_come_in_ascending_batches()
    {
        var since = D0;
        var until = D0.AddDays(7);
        await Seed(
            E("in-1", 10, D0.AddMonths(-12), customer: 8, expires: D0.AddDays(1)),
            E("in-2", 10, D0.AddMonths(-12), customer: 8, expires: D0.AddDays(2)),
            E("edge-until", 10, D0.AddMonths(-12), customer: 3, expires: until),
            E("in-3", 10, D0.AddMonths(-12), customer: 5, expires: D0.AddDays(3)),
            E("edge-since", 10, D0.AddMonths(-12), customer: 2, expires: since),
            E("later", 10, D0.AddMonths(-12), customer: 4, expires: until.AddSeconds(1)),
            E("never", 10, D0.AddMonths(-12), customer: 6),
            E("other-store", 10, D0.AddMonths(-12), customer: 7, store: 2, expires: D0.AddDays(1)));

        var first = await Port.Runner.ToListAsync(LoyaltyQueries.CustomersWithLotsLapsing(Port.Data, 1, since, until, 0, 2));
        var second = await Port.Runner.ToListAsync(LoyaltyQueries.CustomersWithLotsLapsing(Port.Data, 1, since, until, first[^1], 2));

        Assert.That(first, Is.EqualTo(new[] { 3, 5 }));
        Assert.That(second, Is.EqualTo(new[] { 8 }));
    }

    [Test]
    public async Task Inactive_customers_are_found_by_their_last_movement_that_is_not_an_expiry()
    {
        var cutoff = D0;
        await Seed(
            E("idle", 50, D0.AddDays(-40), customer: 1),
            E("idle-expiry-later", -5, D0.AddDays(5), customer: 1, reason: LedgerReason.Expiry),
            E("busy", 50, D0.AddDays(-40), customer: 2),
            E("busy-again", -10, D0.AddDays(1), customer: 2, reason: LedgerReason.Redemption),
            E("empty", 30, D0.AddDays(-40), customer: 3),
            E("empty-spent", -30, D0.AddDays(-39), customer: 3, reason: LedgerReason.Redemption),
            E("edge", 20, cutoff, customer: 4),
            E("long-ago", 20, D0.AddDays(-400), customer: 5),
            E("other-store", 20, D0.AddDays(-40), customer: 6, store: 2));

        var all = await Port.Runner.ToListAsync(LoyaltyQueries.InactiveCustomersWithPoints(Port.Data, 1, null, cutoff, 0, 10));
        var windowed = await Port.Runner.ToListAsync(LoyaltyQueries.InactiveCustomersWithPoints(Port.Data, 1, D0.AddDays(-100), cutoff, 0, 10));
        var paged = await Port.Runner.ToListAsync(LoyaltyQueries.InactiveCustomersWithPoints(Port.Data, 1, null, cutoff, 1, 1));

        Assert.That(all, Is.EqualTo(new[] { 1, 4, 5 }));
        Assert.That(windowed, Is.EqualTo(new[] { 1, 4 }));
        Assert.That(paged, Is.EqualTo(new[] { 4 }));
    }

    [Test]
    public async Task Sums_before_an_instant_count_by_creation_or_by_activation()
    {
        await Seed(
            E("old", 100, D0.AddDays(-3)),
            E("pending", 40, D0.AddDays(-1), activates: D0.AddDays(13)),
            E("spent", -30, D0.AddDays(-1), reason: LedgerReason.Redemption),
            E("at-the-instant", 7, D0),
            E("other-store", 1000, D0.AddDays(-3), store: 2));

        var created = await Port.Runner.ToListAsync(LoyaltyQueries.SumBefore(Port.Data, 1, D0, byActivation: false));
        var active = await Port.Runner.ToListAsync(LoyaltyQueries.SumBefore(Port.Data, 1, D0, byActivation: true));
        var none = await Port.Runner.ToListAsync(LoyaltyQueries.SumBefore(Port.Data, 3, D0, byActivation: false));

        Assert.That(created, Is.EqualTo(new[] { 110 }));
        Assert.That(active, Is.EqualTo(new[] { 70 }));
        Assert.That(none, Is.Empty);
    }

    [Test]
    public async Task Movements_are_grouped_per_utc_day_and_reason()
    {
        await Seed(
            E("before", 500, D0.AddSeconds(-1)),
            E("d0-earn-a", 100, D0, customer: 1),
            E("d0-earn-b", 60, D0.AddHours(23).AddMinutes(59), customer: 2, activates: D0.AddDays(14)),
            E("d0-spend", -30, D0.AddHours(12), reason: LedgerReason.Redemption),
            E("d1-bonus", 25, D0.AddDays(1).AddHours(8), reason: LedgerReason.ReviewBonus),
            E("d1-reverse", -50, D0.AddDays(1).AddHours(9), reason: LedgerReason.PurchaseReversal),
            E("d2-after", 9, D0.AddDays(2)),
            E("other-store", 70, D0.AddHours(1), store: 2));

        var rows = await Port.Runner.ToListAsync(LoyaltyQueries.MovementsByDayAndReason(Port.Data, 1, D0, D0.AddDays(2)));

        Assert.That(rows.Select(r => (new DateOnly(r.Year, r.Month, r.Day), (LedgerReason)r.ReasonId, r.Points)).OrderBy(r => r.Item1).ThenBy(r => r.Item2),
            Is.EqualTo(new[]
            {
                (DateOnly.FromDateTime(D0), LedgerReason.Purchase, 160),
                (DateOnly.FromDateTime(D0), LedgerReason.Redemption, -30),
                (DateOnly.FromDateTime(D0.AddDays(1)), LedgerReason.PurchaseReversal, -50),
                (DateOnly.FromDateTime(D0.AddDays(1)), LedgerReason.ReviewBonus, 25),
            }));
    }

    [Test]
    public async Task Activations_are_grouped_per_utc_day()
    {
        await Seed(
            E("now", 100, D0.AddHours(3)),
            E("pending-a", 60, D0.AddHours(4), activates: D0.AddDays(1).AddHours(4)),
            E("pending-b", 15, D0.AddHours(5), activates: D0.AddDays(1).AddHours(23)),
            E("pending-out", 8, D0.AddHours(6), activates: D0.AddDays(2)),
            E("other-store", 70, D0.AddHours(1), store: 2));

        var rows = await Port.Runner.ToListAsync(LoyaltyQueries.ActivationsByDay(Port.Data, 1, D0, D0.AddDays(2)));

        Assert.That(rows.Select(r => (new DateOnly(r.Year, r.Month, r.Day), r.Points)).OrderBy(r => r.Item1), Is.EqualTo(new[]
        {
            (DateOnly.FromDateTime(D0), 100),
            (DateOnly.FromDateTime(D0.AddDays(1)), 75),
        }));
    }
}
