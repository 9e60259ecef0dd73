using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Testing.Builders;

namespace Nop.Plugin.Misc.Retention.Tests.Services;

public class AdapterTests
{
    [Test]
    public async Task Replayed_message_is_queued_in_nopCommerce_only_once()
    {
        var (outbox, queued, _) = NopOutbox.Create();

        await outbox.TryEnqueueAsync(Build.Message("wf:cart:1:1:step1"));
        await outbox.TryEnqueueAsync(Build.Message("wf:cart:1:1:step1"));

        Assert.That(queued, Is.EqualTo(new[] { ("Retention.Test", "customer1@example.com") }));
    }

    [Test]
    public async Task Racing_nodes_queue_one_email_for_one_step()
    {
        var (outbox, queued, _) = NopOutbox.Create();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => outbox.TryEnqueueAsync(Build.Message("wf:race")))));

        Assert.That(queued, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Message_whose_template_is_inactive_is_recorded_as_skipped_and_not_counted_as_sent()
    {
        var (outbox, queued, rows) = NopOutbox.Create(templateActive: false);

        var accepted = await outbox.TryEnqueueAsync(Build.Message("wf:off"));

        Assert.That(accepted, Is.True);
        Assert.That(queued, Is.Empty);
        Assert.That(rows.Single().SkippedReason, Does.Contain("No active message template"));
        Assert.That(await outbox.CountSentSinceAsync(new StoreId(1), new CustomerId(1), Build.Epoch.AddDays(-1), marketingOnly: false), Is.Zero);
    }

    [Test]
    public async Task Coupon_is_a_single_use_order_discount_that_requires_its_code()
    {
        var (issuer, discounts) = NopCoupons.Create();

        var coupon = await issuer.IssueAsync(new CouponRequest
        {
            Key = new IdempotencyKey("coupon:winback:1:7"),
            Store = new StoreId(1),
            Customer = new CustomerId(7),
            Kind = CouponKind.Percentage,
            Value = 15m,
            ExpiresUtc = Build.Epoch.AddDays(10),
            Name = "Retention: win-back step 2",
        });

        var discount = discounts.Single();
        Assert.That(discount.CouponCode, Is.EqualTo(coupon.Code));
        Assert.That(coupon.Code, Does.Match("^RET-[A-HJ-NP-Z2-9]{10}$"));
        Assert.That(discount.RequiresCouponCode, Is.True);
        Assert.That(discount.DiscountLimitationId, Is.EqualTo(15), "NTimesOnly");
        Assert.That(discount.LimitationTimes, Is.EqualTo(1));
        Assert.That(discount.UsePercentage, Is.True);
        Assert.That(discount.DiscountPercentage, Is.EqualTo(15m));
        Assert.That(discount.EndDateUtc, Is.EqualTo(Build.Epoch.AddDays(10)));
        Assert.That(discount.IsActive, Is.True);
    }

    [Test]
    public async Task Coupon_lost_in_a_race_is_switched_off_so_only_one_code_works()
    {
        var (issuer, discounts) = NopCoupons.Create();
        var request = new CouponRequest
        {
            Key = new IdempotencyKey("coupon:race"),
            Store = new StoreId(1),
            Customer = new CustomerId(1),
            Kind = CouponKind.Amount,
            Value = 5m,
            ExpiresUtc = Build.Epoch.AddDays(10),
            Name = "race",
        };

        var codes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => issuer.IssueAsync(request))));

        Assert.That(codes.Select(c => c.Code).Distinct().Count(), Is.EqualTo(1));
        Assert.That(discounts.Where(d => d.IsActive).Select(d => d.CouponCode), Is.EqualTo(new[] { codes[0].Code }));
    }
}
