using Retention.Core.Common;
using Retention.Core.Loyalty;
using static Retention.Core.Tests.Loyalty.L;

namespace Retention.Core.Tests.Loyalty;

/// <summary>
/// An admin's manual adjustment is bounded (a configurable maximum per adjustment, a balance that stays within the
/// program's limit, a reason of sensible length and no control characters), taking a balance below zero needs a
/// confirmation, and every sum of points is 64-bit, so even a ledger written before these bounds never breaks a page.
/// </summary>
public sealed class AdjustmentBoundsTests
{
    private static readonly CustomerId Customer = new(7);

    [Test]
    public async Task The_largest_int_is_refused_with_the_maximum_per_adjustment_named()
    {
        var h = new ProgramHarness(Plain);

        var result = await h.Events.AdjustAsync(Store1, Customer, int.MaxValue, "goodwill", "admin", "r1");

        Assert.That(result.Entry, Is.Null);
        Assert.That(result.Validation.Errors.Single(e => e.Field == "Points").Message, Does.Contain("100,000"));
        Assert.That(h.Ledger.AllEntries, Is.Empty);
    }

    [Test]
    public async Task The_maximum_per_adjustment_is_the_stores_setting()
    {
        var h = new ProgramHarness(Plain with { MaxAdjustmentPoints = 500 });

        var over = await h.Events.AdjustAsync(Store1, Customer, 501, "goodwill", "admin", "r1");
        var under = await h.Events.AdjustAsync(Store1, Customer, -500, "correction", "admin", "r2", confirmOverdraw: true);

        Assert.That(over.Validation.Errors.Select(e => e.Field), Is.EqualTo(new[] { "Points" }));
        Assert.That(under.Entry?.Points, Is.EqualTo(-500));
    }

    [Test]
    public async Task An_adjustment_that_would_take_the_balance_beyond_the_programs_limit_is_refused()
    {
        var h = new ProgramHarness(Plain with { MaxAdjustmentPoints = LoyaltyLimits.MaxBalance });
        await h.Events.AdjustAsync(Store1, Customer, LoyaltyLimits.MaxBalance - 10, "migrated balance", "admin", "r1");

        var over = await h.Events.AdjustAsync(Store1, Customer, 11, "goodwill", "admin", "r2");
        var upTo = await h.Events.AdjustAsync(Store1, Customer, 10, "goodwill", "admin", "r3");

        Assert.That(over.Validation.Errors.Single().Message, Does.Contain("1,000,000,000"));
        Assert.That(upTo.Entry, Is.Not.Null);
        Assert.That((await h.BalanceAsync()).Available, Is.EqualTo(LoyaltyLimits.MaxBalance));
    }

    [Test]
    public async Task Taking_more_than_the_balance_needs_a_confirmation_and_then_overdraws()
    {
        var h = new ProgramHarness(Plain);
        await h.Events.AdjustAsync(Store1, Customer, 30, "goodwill", "admin", "r1");

        var unconfirmed = await h.Events.AdjustAsync(Store1, Customer, -50, "duplicate order", "admin", "r2");
        var confirmed = await h.Events.AdjustAsync(Store1, Customer, -50, "duplicate order", "admin", "r2", confirmOverdraw: true);

        Assert.That(unconfirmed.Entry, Is.Null);
        var error = unconfirmed.Validation.Errors.Single();
        Assert.That(error.Field, Is.EqualTo(AdminAdjustment.ConfirmOverdrawField));
        Assert.That(error.Message, Does.Contain("30").And.Contain("-20"));
        Assert.That(confirmed.Entry?.Points, Is.EqualTo(-50));
        Assert.That((await h.BalanceAsync()).Available, Is.EqualTo(-20));
    }

    [Test]
    public async Task A_reason_too_long_or_with_control_characters_is_refused_on_its_field()
    {
        var h = new ProgramHarness(Plain);

        var longReason = await h.Events.AdjustAsync(Store1, Customer, 10, new string('x', 200_000), "admin", "r1");
        var nul = await h.Events.AdjustAsync(Store1, Customer, 10, "goodwill\0", "admin", "r2");
        var longest = await h.Events.AdjustAsync(Store1, Customer, 10, new string('x', LoyaltyLimits.MaxReasonLength), "admin", "r3");

        Assert.That(longReason.Validation.Errors.Single().Field, Is.EqualTo("Reason"));
        Assert.That(longReason.Validation.Errors.Single().Message, Does.Contain(LoyaltyLimits.MaxReasonLength.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(nul.Validation.Errors.Single().Field, Is.EqualTo("Reason"));
        Assert.That(longest.Entry, Is.Not.Null);
        Assert.That(h.Ledger.AllEntries, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_balance_written_beyond_int_before_the_bounds_still_shows_and_a_correction_repairs_it()
    {
        var h = new ProgramHarness(Plain);
        // What the attack left behind: one entry of int.MaxValue, then points earned on top.
        await h.LotAsync(7, int.MaxValue, T0.AddDays(-2), null);
        await h.LotAsync(7, 100, T0.AddDays(-1), null);

        var rewards = await h.Views.GetRewardsAsync(Store1, Customer);
        var balance = await h.BalanceAsync();
        var correction = await h.Events.AdjustAsync(Store1, Customer, -int.MaxValue, "undo the bad adjustment", "admin", "r1");

        Assert.That(rewards.Available, Is.EqualTo(int.MaxValue + 100L));
        Assert.That(balance.Available, Is.EqualTo(int.MaxValue + 100L));
        Assert.That(correction.Entry, Is.Not.Null, "a debit that brings an over-limit balance back is accepted whatever its size");
        Assert.That((await h.Views.GetRewardsAsync(Store1, Customer)).Available, Is.EqualTo(100));
    }

    [Test]
    public async Task Store_wide_accounting_sums_beyond_int_without_overflow()
    {
        var h = new ProgramHarness(Plain);
        var day = DateOnly.FromDateTime(T0);
        for (var customer = 1; customer <= 3; customer++)
            await h.LotAsync(customer, LoyaltyLimits.MaxBalance, T0.AddDays(-1), null);

        var accounting = (await h.Views.AccountingAsync(Store1, day, day)).Single();

        Assert.That(accounting.Opening, Is.EqualTo(3L * LoyaltyLimits.MaxBalance));
        Assert.That(accounting.Closing, Is.EqualTo(3L * LoyaltyLimits.MaxBalance));
    }

    [TestCase(0)]
    [TestCase(LoyaltyLimits.MaxBalance + 1)]
    public void The_maximum_per_adjustment_is_validated(int maximum)
    {
        var errors = (Plain with { MaxAdjustmentPoints = maximum }).Validate().Errors;

        Assert.That(errors.Select(e => e.Field), Is.EqualTo(new[] { nameof(LoyaltySettings.MaxAdjustmentPoints) }));
    }
}
