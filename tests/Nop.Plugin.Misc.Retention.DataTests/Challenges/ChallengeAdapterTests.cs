using Nop.Core.Domain.Catalog;
using Nop.Data.Testing;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.DataTests.Contracts;
using Nop.Plugin.Misc.Retention.DataTests.Infrastructure;
using Nop.Plugin.Misc.Retention.Domain;
using Retention.Core.Challenges;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Testing.Builders;
using Retention.Testing.Contracts;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.DataTests.Challenges;

/// <summary>
/// The challenges through the plugin's adapters on a real database: nopCommerce's orders, items and category mapping
/// counted by the plugin's store data, the completion in <c>RetentionChallengeRecord</c>, the points in the plugin's
/// ledger, a refund inside the return window un-completing it.
/// </summary>
[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class ChallengeAdapterTests(DatabaseKind kind)
{
    private static readonly StoreId Store = new(1);
    private static readonly CustomerId Anna = new(7);
    private readonly PluginDatabaseLease _lease = new(kind);

    [TearDown]
    public Task ReleaseAsync() => _lease.ReleaseAsync();

    [Test]
    public async Task An_order_completes_a_categories_challenge_once_and_a_refund_in_the_return_window_takes_it_back()
    {
        var now = Adapters.Now;
        var seed = new StoreSeed();
        seed.Customers.Add(Build.Customer(7));
        var first = Build.Order(1, 7, now.AddDays(-2), 30m);
        var second = Build.Order(2, 7, now.AddHours(-1), 40m);
        seed.Orders.AddRange([first, second]);
        seed.OrderLines.AddRange([
            new OrderLineFact { Id = 1, OrderId = 1, ProductId = 100, Quantity = 1, PriceExclTax = 30m },
            new OrderLineFact { Id = 2, OrderId = 2, ProductId = 101, Quantity = 1, PriceExclTax = 40m },
        ]);
        var db = await _lease.OpenAsync(d => Task.FromResult(d));
        var store = await StoreTables.SeedAsync(db, seed);
        await db.Database.SeedAsync([new ProductCategory { Id = 1, ProductId = 100, CategoryId = 1 }, new ProductCategory { Id = 2, ProductId = 101, CategoryId = 2 }]);

        var clock = new TestClock(now);
        var settings = new InMemoryChallengeSettingsStore();
        settings.Categories.UnionWith([1, 2]);
        var loyalty = new InMemoryLoyaltySettingsStore();
        await loyalty.SaveAsync(Store, new LoyaltySettings { ActivationDelayDays = 14 });
        await settings.SaveAsync(Store, new ChallengeSettings
        {
            Enabled = true,
            Challenges = [new ChallengeDefinition
            {
                Id = 5, Name = "Two aisles", StartDate = DateOnly.FromDateTime(now.AddDays(-10)), EndDate = DateOnly.FromDateTime(now.AddDays(10)),
                Goal = ChallengeGoal.Categories, Target = 2, Reward = ChallengeReward.Points, RewardPoints = 150,
            }],
        });
        var referrals = new NopTable<ReferralRow, RetentionReferral>(db.Repository<RetentionReferral>(), Adapters.Runner);
        var answers = new NopTable<SurveyAnswerRow, RetentionSurveyAnswer>(db.Repository<RetentionSurveyAnswer>(), Adapters.Runner);
        var records = new ChallengeStore(new NopTable<ChallengeRecordRow, RetentionChallengeRecord>(db.Repository<RetentionChallengeRecord>(), Adapters.Runner),
            Adapters.Runner, clock);
        var ledger = Adapters.Ledger(db);
        var progress = new ChallengeProgress(new ChallengeSources(store.Data, new NopChallengeFacts(db.Repository<ProductCategory>(), referrals, answers)), Adapters.Runner);
        var events = new ChallengeEvents(progress, new ChallengeRewards(records, ledger, new InMemoryLoyaltyObserver(), new InMemoryCouponIssuer(), clock), records,
            settings, loyalty, new InMemoryTierStandingStore(), new ReferralStore(referrals, Adapters.Runner, clock), store.Data, Adapters.Runner, clock);

        var paid = await events.OrderPaidAsync(Store, Anna);
        var replay = await events.OrderPaidAsync(Store, Anna);

        Assert.That(paid.Completed.Select(c => c.Challenge.Id).ToList(), Is.EqualTo(new[] { 5 }));
        Assert.That(replay.Completed, Is.Empty);
        Assert.That(paid.Badges.Select(b => b.Badge).ToList(), Is.EqualTo(new[] { Badges.FirstOrder }));
        var balance = await ledger.GetBalanceAsync(Store, Anna, now);
        Assert.That((balance.Available, balance.Pending), Is.EqualTo((0L, 150L)), "pending for the return window");

        // nopCommerce cancels the second order: one category left, inside the return window.
        var orders = db.Repository<Nop.Core.Domain.Orders.Order>();
        var order = orders.Table.Single(o => o.Id == 2);
        order.OrderStatusId = (int)OrderState.Cancelled;
        await orders.UpdateAsync(order);
        var refund = await events.OrderRefundedAsync(Store, Anna);

        Assert.That(refund.Uncompleted.Select(c => c.Id).ToList(), Is.EqualTo(new[] { 5 }));
        Assert.That((await records.OfCustomerAsync(Store, Anna)).Single(r => r.Kind == ChallengeRecordKind.Completion).State, Is.EqualTo(CompletionState.Revoked));
        var after = await ledger.GetBalanceAsync(Store, Anna, now);
        Assert.That(after.Available + after.Pending, Is.Zero);
    }
}
