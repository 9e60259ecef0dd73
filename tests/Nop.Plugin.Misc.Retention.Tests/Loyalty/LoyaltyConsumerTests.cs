using Nop.Core.Events;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Retention.Core.Common;
using Retention.Core.Loyalty;

namespace Nop.Plugin.Misc.Retention.Tests.Loyalty;

/// <summary>Each nopCommerce event calls the right loyalty operation once, in the order's store; a replay adds nothing.</summary>
public class LoyaltyConsumerTests
{
    private NopLoyaltyHarness _h;

    [SetUp]
    public void SetUp() => _h = new NopLoyaltyHarness();

    [Test]
    public async Task Paid_order_earns_once_pending_for_the_return_window_and_a_replay_adds_nothing()
    {
        var order = _h.Order(10, customer: 7, lines: (1, 2, 50m));

        await _h.PaidAsync(order);
        await _h.PaidAsync(order);

        var earned = _h.Rows(LedgerReason.Purchase).Single();
        Assert.That(earned.Points, Is.EqualTo(100));
        Assert.That(earned.ActivatesOnUtc, Is.EqualTo(NopLoyaltyHarness.Start.AddDays(new LoyaltySettings().ActivationDelayDays)));
        var mirrored = _h.Native.Single();
        Assert.That((mirrored.Id, mirrored.Points, mirrored.CreatedOnUtc, mirrored.UsedWithOrder), Is.EqualTo((earned.NativeEntryId, 100, earned.ActivatesOnUtc, (Guid?)null)));
        Assert.That(_h.NativeBalance(7), Is.Zero, "pending in nopCommerce too");
    }

    [Test]
    public async Task Gift_cards_shipping_and_tax_earn_nothing_by_default()
    {
        var order = _h.Order(10, customer: 7, shipping: 10m, tax: 5m, lines: [(1, 1, 40m), (2, 1, 30m)]);
        _h.Products.Single(p => p.Id == 2).IsGiftCard = true;

        await _h.PaidAsync(order);

        Assert.That(_h.Rows(LedgerReason.Purchase).Single().Points, Is.EqualTo(40));
    }

    [Test]
    public async Task Category_multiplier_reaches_the_earning_rule_through_the_products_categories()
    {
        await _h.Settings.SaveAsync(new StoreId(0), new LoyaltySettings { CategoryMultipliers = new Dictionary<int, decimal> { [7] = 3m } });
        _h.ProductCategories.Add(new ProductCategory { Id = 1, ProductId = 1, CategoryId = 7 });
        var order = _h.Order(10, customer: 7, lines: [(1, 1, 10m), (2, 1, 10m)]);

        await _h.PaidAsync(order);

        Assert.That(_h.Rows(LedgerReason.Purchase).Single().Points, Is.EqualTo(40));
    }

    [Test]
    public async Task Part_paid_with_points_earns_nothing()
    {
        var order = _h.Order(10, customer: 7, lines: (1, 1, 100m));
        _h.RedeemAtCheckout(order, points: 2500, amount: 25m);

        await _h.PaidAsync(order);

        Assert.That(_h.Rows(LedgerReason.Purchase).Single().Points, Is.EqualTo(75));
    }

    [Test]
    public async Task Placed_order_records_the_points_checkout_took_once_and_links_nopCommerces_entry_instead_of_writing_another()
    {
        _h.Customer(7);
        _h.AddNative(7, 1, 1000, "earlier", NopLoyaltyHarness.Start.AddDays(-30));
        var order = _h.Order(10, customer: 7, lines: (1, 1, 100m));
        var redemption = _h.RedeemAtCheckout(order, points: 300, amount: 3m);

        await _h.OrderConsumer.HandleEventAsync(new OrderPlacedEvent(order));
        await _h.OrderConsumer.HandleEventAsync(new OrderPlacedEvent(order));

        var row = _h.Rows(LedgerReason.Redemption).Single();
        Assert.That((row.Points, row.NativeEntryId), Is.EqualTo((-300, (int?)redemption.Id)));
        Assert.That(_h.Native, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Order_placed_without_points_records_nothing()
    {
        var order = _h.Order(10, customer: 7, lines: (1, 1, 100m));

        await _h.OrderConsumer.HandleEventAsync(new OrderPlacedEvent(order));

        Assert.That(_h.LedgerRows, Is.Empty);
    }

    [Test]
    public async Task Partial_refund_reverses_its_share_once_in_the_ledger_and_in_nopCommerce()
    {
        var order = _h.Order(10, customer: 7, lines: (1, 1, 100m));
        await _h.PaidAsync(order);
        order.RefundedAmount = 50m;

        await _h.OrderConsumer.HandleEventAsync(new OrderRefundedEvent(order, 50m));
        await _h.OrderConsumer.HandleEventAsync(new OrderRefundedEvent(order, 50m));

        var reversal = _h.Rows(LedgerReason.PurchaseReversal).Single();
        Assert.That(reversal.Points, Is.EqualTo(-50));
        Assert.That(_h.Native.Single(n => n.Id == reversal.NativeEntryId).Points, Is.EqualTo(-50));
    }

    [Test]
    public async Task A_full_refund_delivered_before_the_paid_event_awards_nothing_in_the_ledger_or_in_nopCommerce()
    {
        var order = _h.Order(10, customer: 7, lines: (1, 1, 100m));
        order.RefundedAmount = order.OrderTotal;
        await _h.OrderConsumer.HandleEventAsync(new OrderRefundedEvent(order, order.OrderTotal));

        await _h.PaidAsync(order);
        _h.Clock.UtcNow += TimeSpan.FromDays(new LoyaltySettings().ActivationDelayDays + 1);

        Assert.That(_h.Rows(LedgerReason.Purchase), Is.Empty, "the order was worth nothing when it was paid");
        Assert.That(await _h.LedgerBalance(7), Is.Zero);
        Assert.That(_h.NativeBalance(7), Is.Zero);
    }

    [Test]
    public async Task A_partial_refund_delivered_before_the_paid_event_leaves_the_points_of_what_was_kept()
    {
        var order = _h.Order(10, customer: 7, lines: (1, 1, 100m));
        order.RefundedAmount = 40m;
        await _h.OrderConsumer.HandleEventAsync(new OrderRefundedEvent(order, 40m));

        await _h.PaidAsync(order);
        _h.Clock.UtcNow += TimeSpan.FromDays(new LoyaltySettings().ActivationDelayDays + 1);

        Assert.That(await _h.LedgerBalance(7), Is.EqualTo(60));
        Assert.That(_h.NativeBalance(7), Is.EqualTo(60));
    }

    [Test]
    public async Task The_wallet_entry_of_an_award_reads_the_ledgers_note_in_words_not_its_key()
    {
        var order = _h.Order(10, customer: 7, lines: (1, 1, 100m));

        await _h.PaidAsync(order);

        var row = _h.Rows(LedgerReason.Purchase).Single();
        Assert.That(row.Note, Does.StartWith("@ledger.order"), "stored as a key, so each reader sees their language");
        Assert.That(_h.Native.Single(n => n.Id == row.NativeEntryId).Message, Is.EqualTo("Order #10"));
    }

    [Test]
    public async Task A_cancelled_order_marked_paid_afterwards_awards_nothing()
    {
        var order = _h.Order(10, customer: 7, lines: (1, 1, 100m));
        order.OrderStatusId = (int)OrderStatus.Cancelled;
        await _h.OrderConsumer.HandleEventAsync(new OrderStatusChangedEvent(order, OrderStatus.Pending));

        await _h.PaidAsync(order);

        Assert.That(_h.Rows(LedgerReason.Purchase), Is.Empty);
        Assert.That(_h.Native, Is.Empty);
    }

    [Test]
    public async Task Refund_gives_back_the_points_spent_on_the_order_because_nopCommerce_does_not()
    {
        await OpeningBalanceAsync(7, 1000);
        var order = _h.Order(10, customer: 7, lines: (1, 1, 100m));
        _h.RedeemAtCheckout(order, points: 400, amount: 4m);
        await _h.OrderConsumer.HandleEventAsync(new OrderPlacedEvent(order));
        await _h.PaidAsync(order);
        order.RefundedAmount = order.OrderTotal;

        await _h.OrderConsumer.HandleEventAsync(new OrderRefundedEvent(order, order.OrderTotal));

        Assert.That(_h.Rows(LedgerReason.RedemptionRefund).Single().NativeEntryId, Is.Not.Null);
        Assert.That(_h.NativeBalance(7), Is.EqualTo(await _h.LedgerBalance(7)));
        Assert.That(_h.NativeBalance(7), Is.EqualTo(1000));
    }

    [Test]
    public async Task Cancellation_through_nopCommerces_cancel_action_links_its_returned_points_instead_of_returning_them_twice()
    {
        var order = await CancelledOrderWithRedemptionAsync();
        // nopCommerce's CancelOrderAsync returns the redeemed points after the status-change event.
        _h.AddNative(7, 1, 400, "Returned", _h.Clock.UtcNow);
        _h.Clock.UtcNow += NativeRewardPointsBridge.SweepGrace;

        await _h.Bridge.SweepAsync(new StoreId(1));

        var refund = _h.Rows(LedgerReason.RedemptionRefund).Single();
        Assert.That(_h.Native.Single(n => n.Id == refund.NativeEntryId).Message, Is.EqualTo("Returned"));
        Assert.That(_h.NativeBalance(7), Is.EqualTo(await _h.LedgerBalance(7)));
        Assert.That(_h.NativeBalance(7), Is.EqualTo(1000), order.CustomOrderNumber);
    }

    [Test]
    public async Task Cancellation_by_a_status_edit_that_returned_nothing_natively_is_mirrored_by_the_sweep()
    {
        await CancelledOrderWithRedemptionAsync();
        Assert.That(_h.Rows(LedgerReason.RedemptionRefund).Single().NativeEntryId, Is.Null, "left to the sweep");
        _h.Clock.UtcNow += NativeRewardPointsBridge.SweepGrace;

        await _h.Bridge.SweepAsync(new StoreId(1));
        await _h.Bridge.SweepAsync(new StoreId(1));

        Assert.That(_h.NativeBalance(7), Is.EqualTo(await _h.LedgerBalance(7)));
        Assert.That(_h.NativeBalance(7), Is.EqualTo(1000));
    }

    [Test]
    public async Task Cancellation_reverses_the_points_earned_once_and_other_status_changes_do_nothing()
    {
        var order = _h.Order(10, customer: 7, lines: (1, 1, 100m));
        await _h.PaidAsync(order);
        order.OrderStatusId = (int)OrderStatus.Complete;
        await _h.OrderConsumer.HandleEventAsync(new OrderStatusChangedEvent(order, OrderStatus.Processing));
        Assert.That(_h.Rows(LedgerReason.PurchaseReversal), Is.Empty);

        order.OrderStatusId = (int)OrderStatus.Cancelled;
        await _h.OrderConsumer.HandleEventAsync(new OrderStatusChangedEvent(order, OrderStatus.Complete));
        await _h.OrderConsumer.HandleEventAsync(new OrderStatusChangedEvent(order, OrderStatus.Complete));
        await _h.OrderConsumer.HandleEventAsync(new OrderStatusChangedEvent(order, OrderStatus.Cancelled));

        Assert.That(_h.Rows(LedgerReason.PurchaseReversal).Single().Points, Is.EqualTo(-100));
        Assert.That(_h.Native.Sum(n => n.Points), Is.Zero);
    }

    [Test]
    public async Task Deleting_a_paid_order_takes_its_points_back_and_links_the_points_nopCommerce_returned()
    {
        await OpeningBalanceAsync(7, 1000);
        var order = _h.Order(10, customer: 7, lines: (1, 1, 100m));
        _h.RedeemAtCheckout(order, points: 400, amount: 4m);
        await _h.OrderConsumer.HandleEventAsync(new OrderPlacedEvent(order));
        await _h.PaidAsync(order);
        // nopCommerce's DeleteOrderAsync returns the redeemed points, then soft-deletes the order (no status change).
        _h.AddNative(7, 1, 400, "Returned on delete", _h.Clock.UtcNow);
        order.Deleted = true;

        await _h.OrderConsumer.HandleEventAsync(new EntityDeletedEvent<Order>(order));
        await _h.OrderConsumer.HandleEventAsync(new EntityDeletedEvent<Order>(order));

        Assert.That(_h.Rows(LedgerReason.PurchaseReversal).Single().Points, Is.EqualTo(-_h.Rows(LedgerReason.Purchase).Single().Points));
        Assert.That(_h.Native.Single(n => n.Id == _h.Rows(LedgerReason.RedemptionRefund).Single().NativeEntryId).Message, Is.EqualTo("Returned on delete"));
        Assert.That(_h.NativeBalance(7), Is.EqualTo(await _h.LedgerBalance(7)));
        Assert.That(_h.NativeBalance(7), Is.EqualTo(1000));
    }

    [Test]
    public async Task Deleting_an_order_cancelled_before_changes_nothing_more()
    {
        var order = await CancelledOrderWithRedemptionAsync();
        var rows = _h.LedgerRows.Count;
        order.Deleted = true;

        await _h.OrderConsumer.HandleEventAsync(new EntityDeletedEvent<Order>(order));

        Assert.That(_h.LedgerRows, Has.Count.EqualTo(rows));
    }

    [Test]
    public async Task Events_are_booked_in_the_orders_store_and_mirrored_there()
    {
        var order = _h.Order(10, customer: 7, store: 2, lines: (1, 1, 100m));

        await _h.PaidAsync(order);

        Assert.That(_h.LedgerRows.Single().StoreId, Is.EqualTo(2));
        Assert.That(_h.Native.Single().StoreId, Is.EqualTo(2));
    }

    [Test]
    public async Task Registration_bonus_is_awarded_once()
    {
        await _h.Settings.SaveAsync(new StoreId(0), new LoyaltySettings { RegistrationBonus = 100 });
        var customer = _h.Customer(7);

        await _h.CustomerConsumer.HandleEventAsync(new CustomerRegisteredEvent(customer));
        await _h.CustomerConsumer.HandleEventAsync(new CustomerRegisteredEvent(customer));

        Assert.That(_h.Rows(LedgerReason.RegistrationBonus).Single().Points, Is.EqualTo(100));
        Assert.That(_h.NativeBalance(7), Is.EqualTo(100));
    }

    [Test]
    public async Task Referral_cookie_records_the_referrer_and_the_referred_customers_first_paid_order_credits_them_once()
    {
        await _h.Settings.SaveAsync(new StoreId(0), new LoyaltySettings { ReferralBonus = 300 });
        _h.Customer(5, "friend@example.com");
        var referred = _h.Customer(7, "new@example.com");
        _h.Cookies[RetentionDefaults.ReferralCookieName] = ReferralCodes.Create(new StoreId(1), new CustomerId(5), NopLoyaltyHarness.Secret);

        await _h.CustomerConsumer.HandleEventAsync(new CustomerRegisteredEvent(referred));
        var order = _h.Order(10, customer: 7, lines: (1, 1, 100m));
        await _h.PaidAsync(order);
        await _h.PaidAsync(order);

        Assert.That(await _h.Referrals.ReferrerOfAsync(new StoreId(1), new CustomerId(7)), Is.EqualTo(new CustomerId(5)));
        Assert.That(_h.Rows(LedgerReason.ReferralBonus).Single().CustomerId, Is.EqualTo(5));
    }

    [Test]
    public async Task Referral_by_a_customer_with_the_same_email_earns_nothing()
    {
        await _h.Settings.SaveAsync(new StoreId(0), new LoyaltySettings { ReferralBonus = 300 });
        _h.Customer(5, "Same@Example.com");
        _h.Customer(7, "same@example.com");
        await _h.Referrals.TryRecordAsync(new StoreId(1), new CustomerId(7), new CustomerId(5));

        await _h.PaidAsync(_h.Order(10, customer: 7, lines: (1, 1, 100m)));

        Assert.That(_h.Rows(LedgerReason.ReferralBonus), Is.Empty);
        Assert.That(_h.Rows(LedgerReason.Purchase), Has.Count.EqualTo(1));
    }

    [TestCase("garbage")]
    [TestCase("self")]
    public async Task Registration_with_a_forged_or_own_referral_code_records_no_referrer(string cookie)
    {
        var customer = _h.Customer(7);
        _h.Cookies[RetentionDefaults.ReferralCookieName] = cookie == "self"
            ? ReferralCodes.Create(new StoreId(1), new CustomerId(7), NopLoyaltyHarness.Secret)
            : cookie;

        await _h.CustomerConsumer.HandleEventAsync(new CustomerRegisteredEvent(customer));

        Assert.That(await _h.Referrals.ReferrerOfAsync(new StoreId(1), new CustomerId(7)), Is.Null);
    }

    [Test]
    public async Task Approved_review_earns_its_bonus_once_in_the_reviews_store()
    {
        await _h.Settings.SaveAsync(new StoreId(0), new LoyaltySettings { ReviewBonus = 25 });
        _h.Customer(7, store: 2);
        var review = new ProductReview { Id = 3, CustomerId = 7, ProductId = 1, StoreId = 2, IsApproved = true, Rating = 1 };

        await _h.CustomerConsumer.HandleEventAsync(new ProductReviewApprovedEvent(review));
        await _h.CustomerConsumer.HandleEventAsync(new ProductReviewApprovedEvent(review));

        var bonus = _h.Rows(LedgerReason.ReviewBonus).Single();
        Assert.That((bonus.Points, bonus.StoreId), Is.EqualTo((25, 2)));
    }

    private async Task<Order> CancelledOrderWithRedemptionAsync()
    {
        await OpeningBalanceAsync(7, 1000);
        var order = _h.Order(10, customer: 7, lines: (1, 1, 100m));
        _h.RedeemAtCheckout(order, points: 400, amount: 4m);
        await _h.OrderConsumer.HandleEventAsync(new OrderPlacedEvent(order));
        order.OrderStatusId = (int)OrderStatus.Cancelled;
        await _h.OrderConsumer.HandleEventAsync(new OrderStatusChangedEvent(order, OrderStatus.Pending));
        return order;
    }

    /// <summary>Points the customer already had, in both books and linked (as if mirrored long ago).</summary>
    private async Task OpeningBalanceAsync(int customer, int points)
    {
        var at = NopLoyaltyHarness.Start.AddDays(-30);
        _h.Customer(customer);
        var native = _h.AddNative(customer, 1, points, "earlier", at);
        await _h.Ledger.TryAppendAsync(new LedgerEntry
        {
            Key = new IdempotencyKey($"test:lot:{customer}"), Store = new StoreId(1), Customer = new CustomerId(customer), Points = points,
            Reason = LedgerReason.AdminAdjustment, Source = LedgerSource.Admin, CreatedUtc = at, ActivatesUtc = at, Actor = "test", Note = "opening",
        });
        _h.LedgerRows.Single(r => r.IdempotencyKey == $"test:lot:{customer}").NativeEntryId = native.Id;
    }
}

/// <summary>Two nodes handling the same delivery at once.</summary>
public class ConcurrentDeliveryTests
{
    [Test]
    public async Task Same_order_paid_event_delivered_twice_concurrently_earns_and_mirrors_once()
    {
        var h = new NopLoyaltyHarness();
        var order = h.Order(10, customer: 7, lines: (1, 1, 100m));
        order.PaidDateUtc = h.Clock.UtcNow;

        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => h.OrderConsumer.HandleEventAsync(new OrderPaidEvent(order)))));

        Assert.That(h.Rows(LedgerReason.Purchase), Has.Count.EqualTo(1));
        Assert.That(h.Native, Has.Count.EqualTo(1));
    }
}
