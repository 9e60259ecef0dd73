using Retention.Core.Loyalty;

namespace Retention.Core.Tests.Loyalty;

public class RewardsPanelTests
{
    private static readonly DateTime Now = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    private static RewardsPanelLines Lines(LoyaltySettings settings, string? tier = null) =>
        RewardsPanel.Lines(ProgramRules.Of(settings, Now), tier, key => RewardsPanel.English[key], amount => "$" + amount.ToString("0.00"),
            utc => utc.ToString("yyyy-MM-dd"), way => way.RefId == 2 ? "Tea" : null);

    [Test]
    public void A_promotion_is_shown_with_its_last_day_not_the_midnight_it_stops()
    {
        var friday = new DateTime(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc);
        var lines = Lines(new LoyaltySettings { Promotions = [new PromoMultiplier("Black Friday weekend", friday, friday.AddDays(4), 2m)] });

        Assert.That(lines.WaysToEarn, Does.Contain("×2 points on everything during Black Friday weekend (2026-11-27 to 2026-11-30)"));
    }

    [Test]
    public void Every_way_to_earn_and_redeem_says_the_settings_figures()
    {
        var lines = Lines(new LoyaltySettings
        {
            PointsPerCurrencyUnit = 10m, CurrencyPerPoint = 0.01m, MinimumBalanceToRedeem = 500, MaxRedeemSharePercent = 40, BirthdayBonus = 300,
            CategoryMultipliers = new Dictionary<int, decimal> { [2] = 2m, [9] = 1.5m }, ActivationDelayDays = 14, Expiry = ExpiryMode.WholeBalanceAfterInactivity,
            ExpiryMonths = 6, Tiers = [new TierDefinition("Gold", 400m, 1.5m), new TierDefinition("Bronze", 0m, 1m)],
        }, tier: "Gold");

        Assert.That(lines.WaysToEarn, Is.EqualTo(new[]
        {
            "10 points for every $1.00 spent", "×2 points on Tea", "×1.5 points on category 9", "300 points on your birthday",
        }));
        Assert.That(lines.Notes, Is.EqualTo(new[]
        {
            "Points for an order can be spent 14 days after it is paid (the return window).", "Points expire after 6 months without any points activity.",
        }));
        Assert.That(lines.WaysToRedeem, Is.EqualTo(new[] { "100 points = $1.00 off at checkout", "Points can be used from 500 points on", "Points pay up to 40 % of an order" }));
        Assert.That(lines.Tiers, Is.EqualTo(new[]
        {
            new RewardsPanelTier("Bronze", "joining", "base rate", false), new RewardsPanelTier("Gold", "$400.00 spent in 12 months", "×1.5 on purchases", true),
        }));
    }

    [Test]
    public void A_paused_program_promises_nothing_and_says_the_points_stay()
    {
        var lines = Lines(new LoyaltySettings { Enabled = false, RegistrationBonus = 200 });

        Assert.That((lines.Enabled, lines.WaysToEarn.Count, lines.WaysToRedeem.Count), Is.EqualTo((false, 0, 0)));
        Assert.That(lines.Notes.Single(), Does.Contain("paused"));
        Assert.That(RewardsPanel.JoinPrompt(ProgramRules.Of(new LoyaltySettings { Enabled = false, RegistrationBonus = 200 }, Now), k => RewardsPanel.English[k]),
            Does.Not.Contain("200"), "no welcome bonus is promised while the program is off");
    }

    [Test]
    public void Guests_are_promised_the_welcome_bonus_only_when_there_is_one()
    {
        Assert.That(RewardsPanel.JoinPrompt(ProgramRules.Of(new LoyaltySettings { RegistrationBonus = 200 }, Now), k => RewardsPanel.English[k]),
            Does.Contain("get 200 points at once"));
        Assert.That(RewardsPanel.JoinPrompt(ProgramRules.Of(new LoyaltySettings(), Now), k => RewardsPanel.English[k]), Does.Not.Contain("points at once"));
    }
}
