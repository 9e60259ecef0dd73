using Retention.Core.Cashback;
using Retention.Core.Common;
using Retention.Core.Tables;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;

namespace Retention.Sandbox.Demo;

/// <summary>
/// The demo store's periodic cashback: monthly, paid as points, switched on three months before the demo's day, and its
/// history made by the program itself (each of those months paid on the first night after it, by Core's
/// <see cref="CashbackProgram"/> over the sandbox's tables), so the first start shows payouts in My rewards and the finance
/// report. The statement emails of the history are not made (the history's days are gone, as with the other workflows').
/// </summary>
public static class DemoCashback
{
    /// <summary>Bands for the demo's order sizes: 1 % from $0, 2 % from $100, 3 % from $250 a month.</summary>
    public static CashbackSettings Settings(DateTime asOfUtc)
    {
        var thisMonth = new DateOnly(asOfUtc.Year, asOfUtc.Month, 1);
        return new CashbackSettings
        {
            Enabled = true,
            Period = CashbackPeriodKind.Month,
            Bands = [new(0m, 1m), new(100m, 2m), new(250m, 3m)],
            PayAs = CashbackPayout.Points,
            StartsOn = thisMonth.AddMonths(-CashbackRules.CatchUpPeriods),
        };
    }

    /// <summary>
    /// Pays each ended month since the start on its first night (01:00 UTC), as the nightly run would have: the same
    /// customers, spends, payout rows and ledger entries as Core's <see cref="CashbackProgram.RunNightAsync"/> (its
    /// <see cref="CashbackProgram.PayoutRow"/> and <see cref="CashbackProgram.PointsEntry"/>, over <see cref="CashbackQueries"/>),
    /// written in bulk: a period's payouts and their points in one load, then the period closed. Through the program one
    /// payout at a time took five statements each, most of the first start (6,000 payouts: 44–270 s on this machine).
    /// </summary>
    public static async Task<int> RunAsync(SandboxDatabase database, DateTime asOfUtc, CancellationToken cancellationToken = default)
    {
        var store = new StoreId(DemoStoreGenerator.StoreId);
        var loyalty = await new EfLoyaltySettingsStore(database).LoadAsync(store, cancellationToken);
        var settings = loyalty.Cashback;
        if (settings.PayAs != CashbackPayout.Points)
            throw new InvalidOperationException("The demo's cashback is paid as points; gift cards go through the program.");
        var closed = new HashSet<string>(StringComparer.Ordinal);
        var paid = 0;
        for (var month = settings.StartsOn!.Value.AddMonths(1); month.ToDateTime(TimeOnly.MinValue) <= asOfUtc.Date; month = month.AddMonths(1))
        {
            var night = new FixedClock(month.ToDateTime(new TimeOnly(1, 0), DateTimeKind.Utc));
            if (night.UtcNow > asOfUtc) break;
            foreach (var period in CashbackRules.PeriodsDue(settings, DateOnly.FromDateTime(night.UtcNow)))
            {
                if (!closed.Add(period.Label))
                    continue;
                var (from, to) = (period.StartUtc(TimeZoneInfo.Utc), period.EndUtc(TimeZoneInfo.Utc));
                var payouts = new List<CashbackPayoutRow>();
                await using (var db = database.CreateContext())
                {
                    var storeData = new EfStoreData(db);
                    var runner = new EfQueryRunner();
                    var customers = await runner.ToListAsync(CashbackQueries.CustomersWithOrders(storeData, store.Value, from, to, 0, int.MaxValue), cancellationToken);
                    var erased = (await runner.ToListAsync(CashbackQueries.Erased(storeData, customers), cancellationToken)).ToHashSet();
                    var spend = (await runner.ToListAsync(CashbackQueries.OrdersOf(storeData, store.Value, customers, from, to), cancellationToken))
                        .GroupBy(o => o.CustomerId).ToDictionary(g => g.Key, g => g.Sum(o => o.Amount));
                    foreach (var id in customers.Where(id => !erased.Contains(id)))
                        if (CashbackProgram.PayoutRow(store, new CustomerId(id), period, from, to, spend.GetValueOrDefault(id), settings, loyalty, night.UtcNow) is { } row)
                            payouts.Add(row);
                }
                var entries = payouts.Select(r => PointsLedgerStore.ToRow(CashbackProgram.PointsEntry(CashbackStore.ViewOf(r), loyalty))).ToList();
                await BulkLoader.LoadRowsAsync(database, [(typeof(CashbackPayoutRow), payouts), (typeof(PointsEntryRow), entries)], cancellationToken);
                await SandboxStores.Cashback(database, night).CloseAsync(store, period, TimeZoneInfo.Utc, cancellationToken);
                paid += payouts.Count;
            }
        }
        return paid;
    }

    private sealed class FixedClock(DateTime now) : IClock
    {
        public DateTime UtcNow => now;
    }
}
