using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Workflows;

namespace Retention.Sandbox.Tests.Workflows;

/// <summary>
/// Points spent at the sandbox's checkout: Core's allowance decides, the redemption is written with the order, keyed by it,
/// and a cancellation gives the points back. Cart: 2 × 10 + 3.50 = 23.50, shipping 4.95, tax 2.28, total 30.73; points
/// are worth a cent and may pay half, so at most 1,536 points.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class CheckoutPointsTests(DatabaseProvider provider)
{
    private static readonly StoreId Store = new(1);
    private static readonly CustomerId Ann = new(1);
    private static readonly DateTime Now = new(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);
    private const decimal Total = 30.73m;
    private TestDatabase _db = null!;
    private SandboxClock _clock = null!;
    private LoyaltyEvents _loyalty = null!;
    private SandboxCheckout _checkout = null!;
    private StoreEvents _events = null!;
    private SandboxDbContext _context = null!;
    private SandboxDbContext _workflowContext = null!;

    [SetUp]
    public async Task OpenAsync()
    {
        _db = await TestDatabase.CreateAsync(provider);
        var database = _db.Database;
        var settings = new LoyaltySettings
        {
            PointsPerCurrencyUnit = 1m, ActivationDelayDays = 0, CurrencyPerPoint = 0.01m, MinimumBalanceToRedeem = 500, MaxRedeemSharePercent = 50,
        };
        Assert.That((await new EfLoyaltySettingsStore(database).SaveAsync(Store, settings)).IsValid, Is.True);
        await SeedAsync(database);
        _clock = new SandboxClock(Now, Now, () => Now);
        _context = database.CreateContext();
        _workflowContext = database.CreateContext();
        var observer = new SandboxLoyaltyObserver(database);
        var tiers = new TierEvaluation(SandboxLoyaltyStores.TierStandings(database, _clock), new EfStoreData(_context), new EfQueryRunner(), observer);
        _loyalty = new LoyaltyEvents(SandboxLoyaltyStores.Ledger(database), new EfLoyaltySettingsStore(database), tiers, new EfStoreData(_context),
            new EfQueryRunner(), observer, _clock);
        var nightly = new LoyaltyNightly(SandboxLoyaltyStores.Ledger(database), SandboxLoyaltyStores.Ledger(database), new EfLoyaltySettingsStore(database), tiers,
            new EfStoreData(_context), new EfQueryRunner(), observer, _clock);
        var workflows = WorkflowParts.Compose(SandboxWorkflows.Services(database, _workflowContext, _clock, SandboxLocks.For(database, _clock),
            new LinkSigner(LinkSigner.NewSecret()), new SandboxWorkflowContent(database, () => WorkflowRunner.BaseAddress), new WorkflowLoyalty(_loyalty, nightly)));
        _events = SandboxWorkflows.Events(database, workflows.Program, _clock, _loyalty, nightly);
        _checkout = new SandboxCheckout(database, _clock, _events);
    }

    [TearDown]
    public async Task CloseAsync()
    {
        // SetUp stops early when a provider's server is not configured (the test is ignored then).
        if (_context != null) await _context.DisposeAsync();
        if (_workflowContext != null) await _workflowContext.DisposeAsync();
        if (_db != null) await _db.DisposeAsync();
    }

    private async Task GiveAsync(int points) =>
        Assert.That((await _loyalty.AdjustAsync(Store, Ann, points, "Opening balance", "test", Guid.NewGuid().ToString("N"))).Validation.IsValid, Is.True);

    private async Task<long> AvailableAsync() => (await SandboxLoyaltyStores.Ledger(_db.Database).GetBalanceAsync(Store, Ann, Now)).Available;

    private async Task AssertNothingWrittenAsync(long balanceBefore)
    {
        await using var db = _db.Database.CreateContext();
        Assert.That(await db.Orders.CountAsync(), Is.EqualTo(0), "no order");
        Assert.That(await db.CartItems.CountAsync(), Is.EqualTo(2), "the cart is kept");
        Assert.That(await db.Ledger.CountAsync(r => r.ReasonId == (int)LedgerReason.Redemption), Is.EqualTo(0), "no redemption");
        Assert.That(await AvailableAsync(), Is.EqualTo(balanceBefore), "the balance is untouched");
    }

    [Test]
    public async Task Points_applied_at_checkout_pay_part_of_the_order_and_leave_one_redemption_keyed_by_the_order()
    {
        await GiveAsync(5000);

        var result = await _checkout.PlaceOrderAsync(Store, Ann, null, 1000, 5000);

        Assert.That(result.Placed, Is.True, result.Problem);
        var order = result.Order!;
        Assert.That(order.OrderTotal, Is.EqualTo(Total - 10m), "1,000 points at a cent pay $10.00 of the total");
        Assert.That((result.PointsSpent, result.PaidWithPoints), Is.EqualTo((1000, 10m)));
        await using var db = _db.Database.CreateContext();
        var redemption = await db.Ledger.SingleAsync(r => r.ReasonId == (int)LedgerReason.Redemption);
        Assert.That((redemption.IdempotencyKey, redemption.Points, redemption.SourceRef), Is.EqualTo(($"redeem:1:{order.Id}", -1000, order.Id.ToString())));
        var earned = await db.Ledger.Where(r => r.ReasonId == (int)LedgerReason.Purchase).SumAsync(r => r.Points);
        Assert.That(earned, Is.EqualTo(15), "the share paid in points earns nothing: 23.50 of goods × (1 − 10.00 / 30.73) = 15.85");
        Assert.That(await AvailableAsync(), Is.EqualTo(5000 - 1000 + earned));
    }

    [Test]
    public async Task A_replayed_redemption_of_a_placed_order_spends_nothing_more()
    {
        await GiveAsync(5000);
        var order = (await _checkout.PlaceOrderAsync(Store, Ann, null, 800, null)).Order!;
        var balance = await AvailableAsync();

        await _events.PointsSpentAsync(Store, Ann, order.Id, 800);

        Assert.That(await AvailableAsync(), Is.EqualTo(balance));
    }

    [Test]
    public async Task Points_above_the_share_of_the_order_are_refused_with_the_most_allowed_and_nothing_is_written()
    {
        await GiveAsync(5000);

        var result = await _checkout.PlaceOrderAsync(Store, Ann, null, 1537, 5000);

        Assert.That(result.Placed, Is.False);
        Assert.That(result.Problem, Does.Contain("50 %").And.Contain("1,536 points"));
        await AssertNothingWrittenAsync(5000);
    }

    [Test]
    public async Task Points_below_the_minimum_balance_are_refused_and_nothing_is_written()
    {
        await GiveAsync(450);

        var result = await _checkout.PlaceOrderAsync(Store, Ann, null, 400, 450);

        Assert.That(result.Problem, Does.Contain("from 500 points on").And.Contain("50 more"));
        await AssertNothingWrittenAsync(450);
    }

    [Test]
    public async Task A_balance_that_changed_since_the_page_showed_it_is_refused_and_nothing_is_written()
    {
        await GiveAsync(5000);
        await GiveAsync(-2000);

        var result = await _checkout.PlaceOrderAsync(Store, Ann, null, 1000, 5000);

        Assert.That(result.Problem, Does.Contain("changed from 5,000 to 3,000"));
        await AssertNothingWrittenAsync(3000);
    }

    [Test]
    public async Task Cancelling_the_order_gives_the_spent_points_back_and_takes_back_what_it_earned_once()
    {
        await GiveAsync(5000);
        var order = (await _checkout.PlaceOrderAsync(Store, Ann, null, 1000, 5000)).Order!;

        var cancelled = await _checkout.CancelAsync(Store, order.Id);
        var again = await _checkout.CancelAsync(Store, order.Id);

        Assert.That(cancelled, Is.Null);
        Assert.That(again, Does.Contain("cancelled already"));
        Assert.That(await AvailableAsync(), Is.EqualTo(5000));
        await using var db = _db.Database.CreateContext();
        Assert.That(await db.Ledger.CountAsync(r => r.ReasonId == (int)LedgerReason.RedemptionRefund && r.Points == 1000), Is.EqualTo(1));
        Assert.That((await db.Orders.SingleAsync()).OrderStatusId, Is.EqualTo((int)OrderState.Cancelled));
    }

    private static async Task SeedAsync(SandboxDatabase database)
    {
        await using var db = database.CreateContext();
        db.Products.Add(new ProductRow { Id = 1, Name = "Beans", Category = "Coffee", Price = 10m });
        db.Products.Add(new ProductRow { Id = 2, Name = "Filters", Category = "Supplies", Price = 3.50m });
        db.Customers.Add(new CustomerFact
        {
            Id = Ann.Value, CustomerGuid = Guid.NewGuid(), Email = "ann@example.com", FirstName = "Ann", LastName = "Lee", RegisteredInStoreId = 1,
            Active = true, CreatedOnUtc = Now.AddDays(-10), LastActivityDateUtc = Now,
        });
        db.CartItems.Add(new CartItemFact { Id = 11, StoreId = 1, CustomerId = Ann.Value, ProductId = 1, Quantity = 2, CreatedOnUtc = Now.AddHours(-3), UpdatedOnUtc = Now.AddHours(-2) });
        db.CartItems.Add(new CartItemFact { Id = 12, StoreId = 1, CustomerId = Ann.Value, ProductId = 2, Quantity = 1, CreatedOnUtc = Now.AddHours(-3), UpdatedOnUtc = Now.AddHours(-2) });
        await db.SaveChangesAsync();
    }
}
