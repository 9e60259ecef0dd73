using Retention.Core.Loyalty;
using static Retention.Core.Tests.Loyalty.L;

namespace Retention.Core.Tests.Loyalty;

public class RedemptionLimitsTests
{
    private static readonly LoyaltySettings Settings = Plain with { CurrencyPerPoint = 0.01m, MaxRedeemSharePercent = 50, MinimumBalanceToRedeem = 500 };

    [Test]
    public void Balance_below_the_minimum_cannot_be_used()
    {
        var allowance = RedemptionLimits.For(499, 100m, Settings);

        Assert.That(allowance, Is.EqualTo(new RedemptionAllowance(0, 0m, RedemptionLimit.BelowMinimumBalance)));
        Assert.That(RedemptionLimits.For(500, 100m, Settings).MaxPoints, Is.EqualTo(500));
    }

    [Test]
    public void Points_pay_at_most_the_configured_share_of_the_order()
    {
        var allowance = RedemptionLimits.For(100_000, 80m, Settings);

        Assert.That(allowance.MaxPoints, Is.EqualTo(4000));
        Assert.That(allowance.MaxValue, Is.EqualTo(40m));
        Assert.That(allowance.Limit, Is.EqualTo(RedemptionLimit.MaxShareOfOrder));
    }

    [Test]
    public void Point_count_is_rounded_down_so_the_value_never_exceeds_the_share()
    {
        var allowance = RedemptionLimits.For(100_000, 33.33m, Settings with { CurrencyPerPoint = 0.05m });

        Assert.That(allowance.MaxPoints, Is.EqualTo(333));
        Assert.That(allowance.MaxValue, Is.LessThanOrEqualTo(33.33m / 2));
    }

    [Test]
    public void Small_balance_is_limited_by_itself()
    {
        var allowance = RedemptionLimits.For(600, 100m, Settings);

        Assert.That((allowance.MaxPoints, allowance.Limit), Is.EqualTo((600, RedemptionLimit.Balance)));
    }

    [Test]
    public void Zero_share_or_worthless_points_allow_nothing()
    {
        Assert.That(RedemptionLimits.For(10_000, 100m, Settings with { MaxRedeemSharePercent = 0 }).MaxPoints, Is.EqualTo(0));
        Assert.That(RedemptionLimits.For(10_000, 100m, Settings with { CurrencyPerPoint = 0m }).Limit, Is.EqualTo(RedemptionLimit.NothingToPay));
        Assert.That(RedemptionLimits.For(10_000, 0m, Settings).Limit, Is.EqualTo(RedemptionLimit.NothingToPay));
    }

    [Test]
    public void Full_share_lets_points_pay_the_whole_order()
    {
        Assert.That(RedemptionLimits.For(10_000, 42m, Settings with { MaxRedeemSharePercent = 100 }).MaxValue, Is.EqualTo(42m));
    }

    [Test]
    public void Check_says_why_a_request_is_refused()
    {
        Assert.That(RedemptionLimits.Check(1000, 5000, 100m, Settings), Is.EqualTo((true, RedemptionLimit.None)));
        Assert.That(RedemptionLimits.Check(6000, 50_000, 100m, Settings), Is.EqualTo((false, RedemptionLimit.MaxShareOfOrder)));
        Assert.That(RedemptionLimits.Check(700, 600, 100m, Settings), Is.EqualTo((false, RedemptionLimit.Balance)));
        Assert.That(RedemptionLimits.Check(100, 400, 100m, Settings), Is.EqualTo((false, RedemptionLimit.BelowMinimumBalance)));
        Assert.That(RedemptionLimits.Check(0, 5000, 100m, Settings), Is.EqualTo((false, RedemptionLimit.NothingToPay)));
    }

    [Test]
    public void Checkout_may_spend_up_to_the_allowance_and_zero_points_is_a_money_only_order()
    {
        Assert.That(RedemptionLimits.Refusal(2500, 5000, 5000, 100m, Settings), Is.Null);
        Assert.That(RedemptionLimits.Refusal(5000, 5000, 5000, 100m, Settings), Is.Null, "exactly the share");
        Assert.That(RedemptionLimits.Refusal(0, 100, null, 100m, Settings), Is.Null);
    }

    [Test]
    public void Checkout_refuses_more_than_the_share_of_the_order_and_names_the_most_it_may_spend()
    {
        var refusal = RedemptionLimits.Refusal(5001, 50_000, 50_000, 100m, Settings);

        Assert.That(refusal, Does.Contain("50 %").And.Contain("5,000 points"));
    }

    [Test]
    public void Checkout_refuses_points_below_the_minimum_balance_and_says_how_many_more_are_needed()
    {
        Assert.That(RedemptionLimits.Refusal(100, 400, 400, 100m, Settings), Does.Contain("500 points").And.Contain("100 more"));
    }

    [Test]
    public void Checkout_refuses_more_points_than_the_balance()
    {
        Assert.That(RedemptionLimits.Refusal(700, 600, 600, 100m, Settings), Does.Contain("600 points").And.Contain("700"));
    }

    [Test]
    public void Checkout_refuses_a_balance_that_changed_since_the_page_showed_it()
    {
        var refusal = RedemptionLimits.Refusal(500, 900, 1200, 100m, Settings);

        Assert.That(refusal, Does.Contain("1,200").And.Contain("900").And.Contain("changed"));
    }

    [Test]
    public void Checkout_refuses_a_negative_number_of_points()
    {
        Assert.That(RedemptionLimits.Refusal(-5, 5000, null, 100m, Settings), Does.Contain("zero or more"));
    }

    [Test]
    public void Redemption_entry_is_a_debit_keyed_by_store_and_order()
    {
        var entry = RedemptionLimits.Entry(Store1, Customer, 77, 250, new FixedClock(T0));

        Assert.That(entry.Key.Value, Is.EqualTo("redeem:1:77"));
        Assert.That((entry.Points, entry.Reason, entry.Source, entry.SourceRef), Is.EqualTo((-250, LedgerReason.Redemption, LedgerSource.Order, "77")));
        Assert.That(entry.ActivatesUtc, Is.EqualTo(T0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RedemptionLimits.Entry(Store1, Customer, 77, 0, new FixedClock(T0)));
    }
}
