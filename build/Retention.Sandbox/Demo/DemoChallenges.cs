using Microsoft.EntityFrameworkCore;
using Retention.Core.Challenges;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;

namespace Retention.Sandbox.Demo;

/// <summary>What the demo's challenges did when the store was seeded.</summary>
public sealed record DemoChallengesResult(int Customers, int Completions, int Badges, int OptIns, TimeSpan Elapsed);

/// <summary>
/// The demo store's challenges: three running around the day the demo ends (a categories tour with a leaderboard, a
/// three-orders challenge paid with a coupon, a reviews challenge paid with a badge), switched on with the milestone badges.
/// The recent buyers (at most <see cref="MaxCustomers"/>, lowest ids first, so the seed stays cheap and deterministic) are
/// counted through Core's <see cref="ChallengeEvents"/> as their last order's "paid" would, and a few of the tour's
/// participants have joined its leaderboard.
/// </summary>
public static class DemoChallenges
{
    public const int MaxCustomers = 120;
    public const int LeaderboardOptIns = 8;
    private static readonly StoreId Store = new(DemoStoreGenerator.StoreId);

    /// <summary>The demo's challenges for a demo ending on <paramref name="asOfUtc"/>.</summary>
    public static ChallengeSettings Settings(DateTime asOfUtc)
    {
        var today = DateOnly.FromDateTime(asOfUtc);
        return new ChallengeSettings
        {
            Enabled = true,
            BadgesEnabled = true,
            Challenges =
            [
                new ChallengeDefinition
                {
                    Id = 1, Name = "Tasting tour", StartDate = today.AddDays(-30), EndDate = today.AddDays(30), Goal = ChallengeGoal.Categories, Target = 3,
                    CategoryIds = [DemoLoyalty.CategoryIds["Coffee"], DemoLoyalty.CategoryIds["Tea"], DemoLoyalty.CategoryIds["Supplies"], DemoLoyalty.CategoryIds["Brewing"]],
                    Reward = ChallengeReward.Points, RewardPoints = 300, Leaderboard = true,
                },
                new ChallengeDefinition
                {
                    Id = 2, Name = "Three for the season", StartDate = today.AddDays(-45), EndDate = today.AddDays(15), Goal = ChallengeGoal.Orders, Target = 3,
                    Reward = ChallengeReward.Coupon, CouponAmount = 5m, CouponValidDays = 30,
                },
                new ChallengeDefinition
                {
                    Id = 3, Name = "Critic's corner", StartDate = today.AddDays(-60), EndDate = today.AddDays(30), Goal = ChallengeGoal.Reviews, Target = 2,
                    Reward = ChallengeReward.Badge,
                },
            ],
        };
    }

    public static async Task<DemoChallengesResult> RunAsync(SandboxDatabase database, DateTime asOfUtc, CancellationToken cancellationToken = default)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var settingsStore = new EfChallengeSettingsStore(database);
        var saved = await settingsStore.SaveAsync(Store, Settings(asOfUtc), cancellationToken);
        if (!saved.IsValid)
            throw new InvalidOperationException("The demo challenges are invalid: " + string.Join("; ", saved.Errors.Select(e => $"{e.Field}: {e.Message}")));

        await using var db = database.CreateContext();
        var clock = new AtClock(asOfUtc);
        var runner = new EfQueryRunner();
        var storeData = new EfStoreData(db);
        var records = SandboxChallengeStores.Records(database, clock);
        var progress = new ChallengeProgress(new ChallengeSources(storeData, new EfChallengeFacts(db)), runner);
        var rewards = new ChallengeRewards(records, SandboxLoyaltyStores.SeedingLedger(database), new SandboxLoyaltyObserver(database), SandboxStores.Coupons(database, clock), clock);
        var events = new ChallengeEvents(progress, rewards, records, settingsStore, new EfLoyaltySettingsStore(database),
            SandboxLoyaltyStores.TierStandings(database, clock), SandboxStores.Referrals(database, clock), storeData, runner, clock);

        var since = asOfUtc.AddDays(-45);
        var customers = await db.Orders.AsNoTracking()
            .Where(o => o.StoreId == Store.Value && o.PaidDateUtc != null && o.PaidDateUtc >= since && o.PaidDateUtc <= asOfUtc)
            .Select(o => o.CustomerId).Distinct().OrderBy(id => id).Take(MaxCustomers).ToListAsync(cancellationToken);
        int completions = 0, badges = 0;
        foreach (var id in customers)
        {
            var outcome = await events.OrderPaidAsync(Store, new CustomerId(id), cancellationToken);
            outcome = outcome.Plus(await events.ReviewApprovedAsync(Store, new CustomerId(id), cancellationToken));
            completions += outcome.Completed.Count;
            badges += outcome.Badges.Count;
        }
        // The tour's leaderboard: its first participants by id (a few shoppers who chose to show their first name).
        var tour = Settings(asOfUtc).Challenges[0];
        var (start, end) = tour.WindowUtc(TimeZoneInfo.Utc);
        var scores = await progress.ScoresAsync(Store, tour, start, end, customers, cancellationToken);
        var optIns = 0;
        foreach (var id in scores.Where(s => s.Value > 0).Select(s => s.Key).OrderBy(id => id).Take(LeaderboardOptIns))
            if (await records.SetLeaderboardAsync(Store, tour.Id, new CustomerId(id), true, cancellationToken))
                optIns++;
        return new DemoChallengesResult(customers.Count, completions, badges, optIns, watch.Elapsed);
    }

    private sealed class AtClock(DateTime now) : IClock
    {
        public DateTime UtcNow => now;
    }
}
