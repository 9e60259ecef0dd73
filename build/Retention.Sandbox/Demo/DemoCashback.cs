using Retention.Core.Cashback;
using Retention.Core.Common;
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

    /// <summary>Pays each ended month since the start on its first night (01:00 UTC), as the nightly run would have.</summary>
    public static async Task<int> RunAsync(SandboxDatabase database, DateTime asOfUtc, CancellationToken cancellationToken = default)
    {
        var store = new StoreId(DemoStoreGenerator.StoreId);
        var settings = Settings(asOfUtc);
        var paid = 0;
        for (var month = settings.StartsOn!.Value.AddMonths(1); month.ToDateTime(TimeOnly.MinValue) <= asOfUtc.Date; month = month.AddMonths(1))
        {
            var night = new FixedClock(month.ToDateTime(new TimeOnly(1, 0), DateTimeKind.Utc));
            if (night.UtcNow > asOfUtc) break;
            // One transaction a month: thousands of payouts each committing on its own made most of the first start's wait.
            paid += await database.InTransactionAsync(async token =>
            {
                await using var db = database.CreateContext();
                var program = new CashbackProgram(SandboxStores.Cashback(database, night), SandboxLoyaltyStores.SeedingLedger(database), new SandboxLoyaltyObserver(database),
                    new EfLoyaltySettingsStore(database), new EfStoreData(db), new EfQueryRunner(), night, new EfCashbackGiftCards(database, night));
                return (await program.RunNightAsync(store, TimeZoneInfo.Utc, cancellationToken: token)).CustomersPaid;
            }, cancellationToken);
        }
        return paid;
    }

    private sealed class FixedClock(DateTime now) : IClock
    {
        public DateTime UtcNow => now;
    }
}
