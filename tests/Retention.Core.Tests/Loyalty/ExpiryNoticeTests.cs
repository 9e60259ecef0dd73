using Retention.Core.Common;
using Retention.Core.Loyalty;
using static Retention.Core.Tests.Loyalty.L;

namespace Retention.Core.Tests.Loyalty;

/// <summary>A points-expiry reminder says "spend them", says how to reach the redemption minimum in time, or is not sent.</summary>
public sealed class ExpiryNoticeTests
{
    private static readonly DateTime Now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Lapse = Now.AddDays(20);
    private static readonly LoyaltySettings Minimum500 = Plain with { MinimumBalanceToRedeem = 500, ActivationDelayDays = 14 };

    private static LedgerEntry E(int points, DateTime activates, LedgerReason reason = LedgerReason.Purchase) => new()
    {
        Key = new IdempotencyKey($"e:{points}:{activates.Ticks}:{reason}"), Store = new StoreId(1), Customer = new CustomerId(7), Points = points,
        Reason = reason, Source = LedgerSource.Order, CreatedUtc = activates.AddDays(-14), ActivatesUtc = activates,
    };

    [Test]
    public void A_balance_at_the_minimum_is_to_be_spent()
    {
        var notice = ExpiryNotices.For([E(300, Now.AddDays(-300)), E(200, Now.AddDays(-100))], Minimum500, Now, Lapse);

        Assert.That(notice, Is.EqualTo(new ExpiryNotice(ExpiryAdvice.Spend, 0, null)));
    }

    [Test]
    public void Points_activating_before_the_lapse_count_towards_the_minimum()
    {
        var notice = ExpiryNotices.For([E(300, Now.AddDays(-300)), E(200, Lapse.AddDays(-1))], Minimum500, Now, Lapse);

        Assert.That(notice.Advice, Is.EqualTo(ExpiryAdvice.Spend));
    }

    [Test]
    public void Below_the_minimum_an_order_like_the_largest_so_far_placed_in_time_is_the_advice()
    {
        var notice = ExpiryNotices.For([E(150, Now.AddDays(-300)), E(250, Now.AddDays(-200))], Minimum500, Now, Lapse);

        Assert.That(notice, Is.EqualTo(new ExpiryNotice(ExpiryAdvice.EarnMore, 100, Lapse.AddDays(-14))),
            "An order placed by the lapse minus the activation delay earns points usable before the first ones lapse.");
    }

    [Test]
    public void Below_the_minimum_with_no_order_large_enough_says_nothing()
    {
        var notice = ExpiryNotices.For([E(50, Now.AddDays(-300)), E(20, Now.AddDays(-200), LedgerReason.AdminAdjustment)], Minimum500, Now, Lapse);

        Assert.That(notice, Is.EqualTo(new ExpiryNotice(ExpiryAdvice.CannotReach, 430, null)));
    }

    [Test]
    public void Below_the_minimum_too_late_for_new_points_to_activate_says_nothing()
    {
        var notice = ExpiryNotices.For([E(400, Now.AddDays(-300))], Minimum500, Now, Now.AddDays(10));

        Assert.That(notice.Advice, Is.EqualTo(ExpiryAdvice.CannotReach), "Points earned today activate after 14 days, past the lapse in 10.");
    }

    [Test]
    public void Without_a_minimum_any_positive_balance_is_to_be_spent()
    {
        Assert.That(ExpiryNotices.For([E(5, Now.AddDays(-300))], Plain, Now, Lapse).Advice, Is.EqualTo(ExpiryAdvice.Spend));
    }
}
