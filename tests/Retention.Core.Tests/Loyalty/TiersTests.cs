using Retention.Core.Loyalty;
using static Retention.Core.Tests.Loyalty.L;

namespace Retention.Core.Tests.Loyalty;

public class TiersTests
{
    private static readonly TierDefinition Bronze = new("Bronze", 0m, 1m);
    private static readonly TierDefinition Silver = new("Silver", 500m, 1.25m);
    private static readonly TierDefinition Gold = new("Gold", 2000m, 1.5m);
    private static readonly LoyaltySettings Settings = Plain with { Tiers = [Gold, Bronze, Silver], TierDowngradeGraceDays = 30 };

    [Test]
    public void Spend_is_measured_over_the_rolling_twelve_months()
    {
        var orders = new[] { new TierOrder(T0.AddMonths(-12), 1000m), new TierOrder(T0.AddMonths(-11), 300m), new TierOrder(T0, 200m), new TierOrder(T0.AddDays(1), 50m) };

        Assert.That(TierRules.Measure(orders, TierBasis.Spend, T0), Is.EqualTo(500m));
        Assert.That(TierRules.Measure(orders, TierBasis.OrderCount, T0), Is.EqualTo(2m));
    }

    [Test]
    public void Highest_tier_whose_threshold_is_reached_qualifies_whatever_the_list_order()
    {
        Assert.That(TierRules.Qualify(Settings.Tiers, 499.99m), Is.EqualTo(Bronze));
        Assert.That(TierRules.Qualify(Settings.Tiers, 500m), Is.EqualTo(Silver));
        Assert.That(TierRules.Qualify(Settings.Tiers, 1_000_000m), Is.EqualTo(Gold));
        Assert.That(TierRules.Qualify([Silver], 10m), Is.Null);
    }

    [Test]
    public void Tier_multiplier_is_found_by_name_and_defaults_to_one()
    {
        Assert.That(TierRules.MultiplierOf(Settings.Tiers, "Gold"), Is.EqualTo(1.5m));
        Assert.That(TierRules.MultiplierOf(Settings.Tiers, null), Is.EqualTo(1m));
        Assert.That(TierRules.MultiplierOf(Settings.Tiers, "Deleted"), Is.EqualTo(1m));
    }

    [Test]
    public void Progress_shows_the_next_tier_and_what_is_missing()
    {
        Assert.That(TierRules.Next(Settings.Tiers, 650m), Is.EqualTo((Gold, 1350m)));
        Assert.That(TierRules.Next(Settings.Tiers, 5000m), Is.Null);
    }

    [Test]
    public void Upgrade_is_immediate()
    {
        var decision = TierRules.Evaluate(Settings, new TierStanding("Bronze"), 600m, T0);

        Assert.That(decision.Change, Is.EqualTo(TierChange.Upgraded));
        Assert.That(decision.Standing, Is.EqualTo(new TierStanding("Silver")));
    }

    [Test]
    public void First_qualification_is_an_upgrade_from_no_tier()
    {
        Assert.That(TierRules.Evaluate(Settings, new TierStanding(null), 0m, T0).Change, Is.EqualTo(TierChange.Upgraded));
    }

    [Test]
    public void Falling_below_starts_the_grace_period_and_keeps_the_tier()
    {
        var decision = TierRules.Evaluate(Settings, new TierStanding("Gold"), 700m, T0);

        Assert.That(decision.Change, Is.EqualTo(TierChange.InGrace));
        Assert.That(decision.Standing, Is.EqualTo(new TierStanding("Gold", T0)));
        Assert.That(decision.Qualified, Is.EqualTo("Silver"));
        Assert.That(decision.DowngradeAtUtc, Is.EqualTo(T0.AddDays(30)));
    }

    [Test]
    public void Downgrade_only_after_the_grace_period_to_the_tier_qualified_for_then()
    {
        var inGrace = new TierStanding("Gold", T0);

        Assert.That(TierRules.Evaluate(Settings, inGrace, 700m, T0.AddDays(29)).Standing, Is.EqualTo(inGrace));
        var after = TierRules.Evaluate(Settings, inGrace, 100m, T0.AddDays(30));
        Assert.That(after.Change, Is.EqualTo(TierChange.Downgraded));
        Assert.That(after.Standing, Is.EqualTo(new TierStanding("Bronze")));
    }

    [Test]
    public void Qualifying_again_during_grace_clears_it()
    {
        var decision = TierRules.Evaluate(Settings, new TierStanding("Gold", T0), 2500m, T0.AddDays(10));

        Assert.That(decision.Change, Is.EqualTo(TierChange.None));
        Assert.That(decision.Standing, Is.EqualTo(new TierStanding("Gold")));
    }

    [Test]
    public void Zero_grace_downgrades_at_once()
    {
        var decision = TierRules.Evaluate(Settings with { TierDowngradeGraceDays = 0 }, new TierStanding("Gold"), 10m, T0);

        Assert.That(decision.Change, Is.EqualTo(TierChange.Downgraded));
    }

    [Test]
    public void Tier_the_admin_deleted_is_left_at_once()
    {
        var decision = TierRules.Evaluate(Settings, new TierStanding("Platinum"), 600m, T0);

        Assert.That(decision.Change, Is.EqualTo(TierChange.Downgraded));
        Assert.That(decision.Standing.Tier, Is.EqualTo("Silver"));
    }

    [Test]
    public void Order_count_basis_counts_orders()
    {
        var settings = Plain with { TierBasis = TierBasis.OrderCount, Tiers = [new("Regular", 3m, 1.1m)] };
        var orders = Enumerable.Range(0, 3).Select(i => new TierOrder(T0.AddDays(-i), 1m));

        var measure = TierRules.Measure(orders, settings.TierBasis, T0);

        Assert.That(TierRules.Evaluate(settings, new TierStanding(null), measure, T0).Standing.Tier, Is.EqualTo("Regular"));
    }

    [Test]
    public void Refund_after_a_tier_change_reverses_the_points_earned_at_the_old_tier()
    {
        var earned = Earning.Entry(Order(100m), Plain, new FixedClock(T0), TierRules.MultiplierOf(Settings.Tiers, "Gold"))!;
        var downgraded = TierRules.Evaluate(Settings, new TierStanding("Gold", T0), 0m, T0.AddDays(40));

        var plan = Reversal.Plan([earned], new OrderRefund(Store1, Customer, 1, 100m, 100m), Settings, new FixedClock(T0.AddDays(41)));

        Assert.That(downgraded.Standing.Tier, Is.EqualTo("Bronze"));
        Assert.That(plan.Entries.Single().Points, Is.EqualTo(-150));
    }

    [Test]
    public void Valid_tier_list_passes()
    {
        Assert.That(TierRules.Validate(Settings.Tiers).IsValid, Is.True);
        Assert.That(TierRules.Validate([]).IsValid, Is.True);
    }

    [Test]
    public void Duplicate_thresholds_are_rejected_as_overlapping()
    {
        var errors = TierRules.Validate([Silver, Gold with { Threshold = 500m }]).Errors;

        Assert.That(errors.Single().Field, Is.EqualTo("Tiers[1].Threshold"));
        Assert.That(errors.Single().Message, Does.Contain("overlap"));
    }

    [Test]
    public void Negative_threshold_and_rate_and_missing_or_duplicate_names_are_reported_per_field()
    {
        var errors = TierRules.Validate([new("", -1m, -0.5m), new("Gold", 10m, 1m), new(" gold ", 20m, 101m)]).Errors;

        Assert.That(errors.Select(e => e.Field), Is.EquivalentTo(new[]
        {
            "Tiers[0].Name", "Tiers[0].Threshold", "Tiers[0].Multiplier", "Tiers[2].Name", "Tiers[2].Multiplier",
        }));
        Assert.That(errors.Single(e => e.Field == "Tiers[0].Multiplier").Message, Does.Contain("negative"));
    }

    [TestCase("Gold<a href=\"https://evil.example/\">claim</a>", Description = "a link")]
    [TestCase("<script>alert(1)</script>", Description = "a script")]
    [TestCase("Gold <b>", Description = "an opening angle bracket")]
    [TestCase("Gold > Silver", Description = "a closing angle bracket alone")]
    public void A_tier_name_with_markup_is_refused_on_its_own_field(string name)
    {
        var errors = TierRules.Validate([Silver, new(name, 900m, 2m)]).Errors;

        Assert.That(errors.Select(e => e.Field), Is.EqualTo(new[] { "Tiers[1].Name" }));
        Assert.That(errors.Single().Message, Does.Contain("<").And.Contain(">"), "the message names the refused characters");
    }

    [TestCase("Gold\u0000")]
    [TestCase("Gold\u001B[31m")]
    [TestCase("Gold\u007F")]
    [TestCase("Gold\u0085")]
    [TestCase("Gold\u2028Platinum", Description = "a line separator, which is no control character to char.IsControl")]
    [TestCase("Gold\u202EdloG", Description = "a right-to-left override, which turns the name round in the email")]
    public void A_tier_name_with_control_or_format_characters_is_refused(string name)
    {
        var errors = TierRules.Validate([new(name, 900m, 2m)]).Errors;

        Assert.That(errors.Select(e => e.Field), Is.EqualTo(new[] { "Tiers[0].Name" }));
    }

    [TestCase("Friends & Family")]
    [TestCase("Collector's Club")]
    [TestCase("\"Insider\" Gold")]
    [TestCase("Or · Ouro · 金")]
    public void A_tier_name_with_ampersands_quotes_or_any_script_is_accepted(string name)
    {
        Assert.That(TierRules.Validate([new(name, 900m, 2m)]).IsValid, Is.True);
    }
}
