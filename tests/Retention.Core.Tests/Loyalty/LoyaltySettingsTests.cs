using Retention.Core.Loyalty;

namespace Retention.Core.Tests.Loyalty;

public class LoyaltySettingsTests
{
    [Test]
    public void Defaults_are_valid_and_do_not_farm_points()
    {
        var settings = new LoyaltySettings();

        Assert.That(settings.Validate().IsValid, Is.True);
        Assert.That(settings.EarnOnShipping || settings.EarnOnTax || settings.EarnOnGiftCards || settings.EarnOnPointsPaidPart, Is.False);
    }

    [Test]
    public void Negative_rates_and_bonuses_are_rejected_on_their_own_fields()
    {
        var settings = new LoyaltySettings
        {
            PointsPerCurrencyUnit = -1m,
            ReviewBonus = -5,
            MaxRedeemSharePercent = 101,
            ProductMultipliers = new Dictionary<int, decimal> { [4] = -2m },
            CategoryMultipliers = new Dictionary<int, decimal> { [9] = -0.5m },
        };

        Assert.That(settings.Validate().Errors.Select(e => e.Field), Is.EquivalentTo(new[]
        {
            nameof(LoyaltySettings.PointsPerCurrencyUnit), nameof(LoyaltySettings.ReviewBonus), nameof(LoyaltySettings.MaxRedeemSharePercent),
            "ProductMultipliers[4]", "CategoryMultipliers[9]",
        }));
    }

    [TestCase("", "A promotion needs a name")]
    [TestCase("   ", "A promotion needs a name")]
    [TestCase("Tea <b>week</b>", "cannot hold < or >")]
    [TestCase("Tea\u202Eweek", "control characters")]
    public void Promotion_needs_a_name_fit_to_show_shoppers(string name, string message)
    {
        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var settings = new LoyaltySettings { Promotions = [new PromoMultiplier(name, start, start.AddDays(7), 2m)] };

        var error = settings.Validate().Errors.Single();

        Assert.That(error.Field, Is.EqualTo("Promotions[0].Name"));
        Assert.That(error.Message, Does.Contain(message));
    }

    [Test]
    public void Promotion_name_longer_than_shoppers_can_read_is_rejected()
    {
        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var settings = new LoyaltySettings { Promotions = [new PromoMultiplier(new string('a', LoyaltySettings.MaxPromotionNameLength + 1), start, start.AddDays(1), 2m)] };

        Assert.That(settings.Validate().Errors.Single().Message, Does.StartWith($"At most {LoyaltySettings.MaxPromotionNameLength} characters"));
    }

    [Test]
    public void Promotion_that_ends_before_it_starts_is_rejected()
    {
        var start = new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc);
        var settings = new LoyaltySettings { Promotions = [new PromoMultiplier("x", start, start, -1m)] };

        Assert.That(settings.Validate().Errors.Select(e => e.Field), Is.EquivalentTo(new[] { "Promotions[0].Multiplier", "Promotions[0].EndUtc" }));
    }

    [Test]
    public void Lot_expiry_needs_a_number_of_months()
    {
        var settings = new LoyaltySettings { Expiry = ExpiryMode.LotAfterActivation, ExpiryMonths = 0 };

        Assert.That(settings.Validate().Errors.Select(e => e.Field), Is.EqualTo(new[] { nameof(LoyaltySettings.ExpiryMonths) }));
        Assert.That((settings with { Expiry = ExpiryMode.Never }).Validate().IsValid, Is.True);
    }

    [Test]
    public void Tier_errors_are_reported_through_the_settings()
    {
        var settings = new LoyaltySettings { Tiers = [new TierDefinition("Gold", -1m, 2m)] };

        Assert.That(settings.Validate().Errors.Select(e => e.Field), Is.EqualTo(new[] { "Tiers[0].Threshold" }));
    }

    [Test]
    public void A_tier_named_with_a_link_is_refused_on_the_tiers_name_field_with_a_message_naming_angle_brackets()
    {
        var settings = new LoyaltySettings { Tiers = [new TierDefinition("Silver", 100m, 1.5m), new TierDefinition("Gold<a href=\"https://x.example\">claim</a>", 500m, 2m)] };

        var error = settings.Validate().Errors.Single();

        Assert.That(error.Field, Is.EqualTo("Tiers[1].Name"));
        Assert.That(error.Message, Is.EqualTo("A tier name cannot hold < or >: customers see it as text in emails and pages, never as markup."));
    }
}
