using Retention.Core.Loyalty;
using static Retention.Core.Tests.Loyalty.L;

namespace Retention.Core.Tests.Loyalty;

/// <summary>What "My rewards" says of expiring points never contradicts what the checkout lets the customer do.</summary>
public class RewardsViewExpiryTests
{
    private static readonly LoyaltySettings Settings = Plain with
    {
        Expiry = ExpiryMode.LotAfterActivation, ExpiryMonths = 12, ExpiryReminderDays = 30, MinimumBalanceToRedeem = 500, CurrencyPerPoint = 0.01m,
    };

    private static async Task<ProgramHarness> WithLotAsync(int points, DateTime expires)
    {
        var h = new ProgramHarness(Settings);
        await h.Ledger.TryAppendAsync(Credit("lot", points, expires.AddMonths(-12), expires));
        return h;
    }

    [Test]
    public async Task Points_leave_the_balance_on_their_expiry_date_even_before_the_nightly_sweep_writes_the_expiry()
    {
        var expires = T0.AddDays(10);
        var h = await WithLotAsync(1000, expires);

        h.Clock.UtcNow = expires.AddMinutes(-1);
        var before = await h.Views.GetRewardsAsync(Store1, Customer);
        h.Clock.UtcNow = expires.AddMinutes(1);
        var after = await h.Views.GetRewardsAsync(Store1, Customer);
        var allowance = await h.Views.AllowanceAsync(Store1, Customer, 100m);

        Assert.That(before.Available, Is.EqualTo(1000));
        Assert.That((after.Available, after.AvailableValue, after.CanRedeem), Is.EqualTo((0L, 0m, false)), "expired on the date, not at the next sweep");
        Assert.That(allowance.MaxPoints, Is.EqualTo(0), "the checkout offers none of them either");
    }

    [Test]
    public async Task Expiring_points_the_customer_can_spend_are_advised_to_be_spent()
    {
        var h = await WithLotAsync(1000, T0.AddDays(10));

        var view = await h.Views.GetRewardsAsync(Store1, Customer);

        Assert.That((view.ExpiringSoon.Points, view.ExpiryAdvice, view.MissingToRedeem), Is.EqualTo((1000L, ExpiryAdvice.Spend, 0L)));
    }

    [Test]
    public async Task Expiring_points_below_the_minimum_say_how_many_more_are_needed_instead_of_spend_them()
    {
        var h = await WithLotAsync(300, T0.AddDays(10));

        var view = await h.Views.GetRewardsAsync(Store1, Customer);

        Assert.That((view.ExpiringSoon.Points, view.ExpiryAdvice, view.Expiry!.PointsNeeded), Is.EqualTo((300L, ExpiryAdvice.EarnMore, 200L)));
    }

    [Test]
    public async Task The_page_says_what_the_reminder_email_says_when_the_minimum_is_out_of_reach()
    {
        // 100 points lapse in 10 days; 400 more are needed and the customer's largest order earned 100.
        var h = await WithLotAsync(100, T0.AddDays(10));

        var view = await h.Views.GetRewardsAsync(Store1, Customer);
        var reminder = await h.Views.ExpiryNoticeAsync(Store1, Customer);

        Assert.That(view.ExpiryAdvice, Is.EqualTo(ExpiryAdvice.CannotReach), "not \"collect 400 more\" when no order can");
        Assert.That(view.Expiry, Is.EqualTo(reminder!.Value.Notice));
    }

    [Test]
    public async Task Pending_points_that_activate_before_the_lapse_make_the_expiring_points_spendable_on_the_page_as_in_the_email()
    {
        var h = await WithLotAsync(300, T0.AddDays(20));
        await h.Ledger.TryAppendAsync(Credit("pending", 300, T0.AddDays(-1), T0.AddMonths(12), activates: T0.AddDays(5)));

        var view = await h.Views.GetRewardsAsync(Store1, Customer);

        Assert.That((view.CanRedeem, view.ExpiryAdvice), Is.EqualTo((false, ExpiryAdvice.Spend)), "600 by the lapse: spend them then");
        Assert.That(view.Expiry, Is.EqualTo((await h.Views.ExpiryNoticeAsync(Store1, Customer))!.Value.Notice));
    }

    [Test]
    public async Task Nothing_expiring_means_no_advice()
    {
        var h = await WithLotAsync(1000, T0.AddDays(100));

        Assert.That((await h.Views.GetRewardsAsync(Store1, Customer)).ExpiryAdvice, Is.EqualTo(ExpiryAdvice.None));
    }
}
