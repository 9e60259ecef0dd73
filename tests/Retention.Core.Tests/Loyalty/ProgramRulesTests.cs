using Retention.Core.Loyalty;
using static Retention.Core.Tests.Loyalty.L;

namespace Retention.Core.Tests.Loyalty;

/// <summary>The rewards panel promises what the rules award.</summary>
public class ProgramRulesTests
{
    private const int Tea = 3;
    private static readonly LoyaltySettings Settings = Plain with
    {
        PointsPerCurrencyUnit = 10m, CurrencyPerPoint = 0.01m, MinimumBalanceToRedeem = 500, MaxRedeemSharePercent = 50,
        CategoryMultipliers = new Dictionary<int, decimal> { [Tea] = 2m, [4] = 1m },
        Promotions = [new PromoMultiplier("Old sale", T0.AddDays(-20), T0.AddDays(-10), 3m), new PromoMultiplier("Spring weekend", T0.AddDays(5), T0.AddDays(7), 2m)],
        RegistrationBonus = 200, BirthdayBonus = 0, ReviewBonus = 100, SurveyBonus = 0, ReferralBonus = 500,
        Tiers = [new TierDefinition("Silver", 150m, 1.25m), new TierDefinition("Bronze", 0m, 1m)],
    };

    [Test]
    public void Ways_to_earn_list_the_rate_the_multipliers_the_promotions_to_come_and_only_the_bonuses_that_are_on()
    {
        var view = ProgramRules.Of(Settings, T0);

        Assert.That(view.WaysToEarn.Select(w => (w.Kind, w.Value, w.RefId, w.Name)), Is.EqualTo(new (EarnWayKind, decimal, int?, string?)[]
        {
            (EarnWayKind.Spend, 10m, null, null),
            (EarnWayKind.Category, 2m, Tea, null),
            (EarnWayKind.Promotion, 2m, null, "Spring weekend"),
            (EarnWayKind.Registration, 200m, null, null),
            (EarnWayKind.Review, 100m, null, null),
            (EarnWayKind.Referral, 500m, null, null),
        }));
        Assert.That((view.PointsPerCurrencyUnitOfValue, view.MinimumBalanceToRedeem, view.MaxRedeemSharePercent), Is.EqualTo((100m, 500, 50)));
        Assert.That(view.Tiers.Select(t => t.Name), Is.EqualTo(new[] { "Bronze", "Silver" }), "lowest first");
    }

    [Test]
    public void A_switched_off_program_offers_no_way_to_earn()
    {
        Assert.That(ProgramRules.Of(Settings with { Enabled = false }, T0).WaysToEarn, Is.Empty);
    }

    [Test]
    public void Product_explanation_multiplies_to_the_points_the_product_page_shows()
    {
        var tea = Line(7.50m, product: 12, categories: Tea);
        var during = T0.AddDays(6);

        var explained = ProgramRules.ExplainProduct(tea, Settings, during, 1.25m, "Silver");

        Assert.That(explained.Points, Is.EqualTo(Earning.ForProduct(tea, Settings, during, 1.25m)));
        Assert.That((explained.BasePoints, explained.LineMultiplier, explained.MultiplierCategoryId, explained.PromotionMultiplier, explained.PromotionName, explained.TierMultiplier),
            Is.EqualTo((75m, 2m, (int?)Tea, 2m, "Spring weekend", 1.25m)));
        Assert.That(explained.Points, Is.EqualTo((int)Math.Floor(explained.BasePoints * explained.LineMultiplier * explained.PromotionMultiplier * explained.TierMultiplier)));
        Assert.That(explained.Points, Is.EqualTo(375));
    }

    [Test]
    public void A_gift_card_explains_that_it_earns_nothing()
    {
        var explained = ProgramRules.ExplainProduct(Line(25m, giftCard: true), Settings, T0, 1.25m, "Silver");

        Assert.That((explained.Points, explained.BasePoints, explained.LineMultiplier, explained.TierMultiplier), Is.EqualTo((0, 0m, 1m, 1m)));
    }
}
