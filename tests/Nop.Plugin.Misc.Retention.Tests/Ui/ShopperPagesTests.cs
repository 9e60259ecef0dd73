using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Retention.Controllers;
using Nop.Plugin.Misc.Retention.Models.Public;
using Retention.Core.Common;
using Retention.Core.Loyalty;

namespace Nop.Plugin.Misc.Retention.Tests.Ui;

public class ShopperPagesTests
{
    private UiFixture _ui;

    [SetUp]
    public void SetUp() => _ui = new UiFixture();

    private RetentionRewardsController Controller(HttpContext httpContext = null) => UiFixture.WithHttpContext(
        new RetentionRewardsController(_ui.RewardsFactory(UiFixture.UntouchableProgram()), _ui.Clock.Object, _ui.StoreContext.Object, _ui.Install),
        httpContext);

    private static RewardsView View(int available = 1234, int pending = 300) => new(
        new StoreId(2), new CustomerId(15), available, pending, AvailableValue: 12.34m,
        new ExpiringSoon(80, new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), Array.Empty<Lot>()),
        new[]
        {
            new RewardsHistoryLine(new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 4, 9, 0, 0, DateTimeKind.Utc), 300,
                LedgerReason.Purchase, LedgerSource.Order, "1042", "Order #1042", null, IsPending: true),
            new RewardsHistoryLine(new DateTime(2026, 10, 1, 9, 0, 0, DateTimeKind.Utc), new DateTime(2026, 10, 1, 9, 0, 0, DateTimeKind.Utc), 50,
                LedgerReason.AdminAdjustment, LedgerSource.Admin, "req-1", "Goodwill", "admin@shop.test", IsPending: false),
        },
        Tier: "Silver", TierMultiplier: 1.25m, TierBasis.Spend, TierMeasure: 625m, NextTier: "Gold", NextTierMissing: 375m, TierProgress: 0.625m,
        DowngradeAtUtc: null, MinimumBalanceToRedeem: 500, CanRedeem: true);

    [Test]
    public async Task A_guest_gets_the_register_prompt_and_no_ones_points_are_read()
    {
        _ui.SignIn(_ui.Guest(77));

        var result = (ViewResult)await Controller().MyRewards();
        var model = (MyRewardsModel)result.Model;

        Assert.That(result.ViewName, Is.EqualTo(RetentionRewardsController.MyRewardsView));
        Assert.That(model.IsGuest, Is.True);
        Assert.That((model.Available, model.Pending, model.AvailableValue, model.ReferralCode), Is.EqualTo((0, 0, (string)null, (string)null)));
    }

    private static LoyaltySettings Program() => new()
    {
        PointsPerCurrencyUnit = 10m, CurrencyPerPoint = 0.01m, MinimumBalanceToRedeem = 500, MaxRedeemSharePercent = 50, ActivationDelayDays = 14,
        Expiry = ExpiryMode.LotAfterActivation, ExpiryMonths = 12, RegistrationBonus = 200, ReviewBonus = 100,
        CategoryMultipliers = new Dictionary<int, decimal> { [2] = 2m },
        Tiers = new[] { new TierDefinition("Bronze", 0m, 1m), new TierDefinition("Silver", 150m, 1.25m) },
    };

    [Test]
    public async Task A_guest_sees_join_to_earn_with_the_programs_ways_to_earn_and_redeem()
    {
        _ui.SignIn(_ui.Guest(77));
        _ui.CategoryList.Add(new Nop.Core.Domain.Catalog.Category { Id = 2, Name = "Tea" });
        var controller = UiFixture.WithHttpContext(new RetentionRewardsController(_ui.RewardsFactory(UiFixture.UntouchableProgram(Program())), _ui.Clock.Object,
            _ui.StoreContext.Object, _ui.Install));

        var model = (MyRewardsModel)((ViewResult)await controller.MyRewards()).Model;

        Assert.That(model.IsGuest, Is.True);
        Assert.That(model.Panel.JoinPrompt, Is.EqualTo(RetentionLocales.RewardsPanelText("join.bonus")), "the resource the store translates");
        Assert.That(model.Panel.WaysToEarn, Has.Count.EqualTo(4), "spend rate, ×2 on a category, registration and review bonuses");
        Assert.That(model.Panel.WaysToRedeem, Has.Count.EqualTo(3), "point value, minimum, share");
        Assert.That(model.Panel.Tiers.Select(t => (t.Name, t.IsCurrent)), Is.EqualTo(new[] { ("Bronze", false), ("Silver", false) }));
    }

    [Test]
    public async Task The_panel_names_the_category_and_writes_money_in_the_shoppers_currency()
    {
        _ui.Localization.Setup(l => l.GetResourceAsync(It.IsAny<string>()))
            .ReturnsAsync((string key) => key.StartsWith(RetentionLocales.RewardsPanelText(""), StringComparison.Ordinal)
                ? RewardsPanel.English[key[RetentionLocales.RewardsPanelText("").Length..]] : key);
        _ui.CategoryList.Add(new Nop.Core.Domain.Catalog.Category { Id = 2, Name = "Tea" });

        var panel = await _ui.RewardsFactory(UiFixture.UntouchableProgram(Program())).PreparePanelAsync(new StoreId(2), "Silver");

        Assert.That(panel.WaysToEarn, Is.EqualTo(new[]
        {
            "10 points for every EUR 2.00 spent", "×2 points on Tea", "200 points for creating an account", "100 points for each approved product review",
        }), "one unit of the primary currency is 2 of the shopper's");
        Assert.That(panel.WaysToRedeem[0], Is.EqualTo("100 points = EUR 2.00 off at checkout"));
        Assert.That(panel.Tiers.Select(t => (t.Name, t.ReachedWith, t.Earns, t.IsCurrent)), Is.EqualTo(new[]
        {
            ("Bronze", "joining", "base rate", false), ("Silver", "EUR 300.00 spent in 12 months", "×1.25 on purchases", true),
        }));
    }

    [Test]
    public async Task A_guest_at_checkout_gets_the_prompt_and_no_ones_points_are_read()
    {
        _ui.SignIn(_ui.Guest(77));

        var model = await _ui.RewardsFactory(UiFixture.UntouchableProgram()).PrepareCheckoutAsync();

        Assert.That(model.IsGuest, Is.True);
        Assert.That(model.OrderPoints, Is.Null);
    }

    [Test]
    public async Task The_account_page_shows_the_programs_numbers_with_money_in_the_working_currency()
    {
        var model = await _ui.RewardsFactory(UiFixture.UntouchableProgram()).PrepareMyRewardsAsync(View());

        Assert.That((model.IsGuest, model.Available, model.Pending), Is.EqualTo((false, 1234, 300)));
        Assert.That(model.AvailableValue, Is.EqualTo("EUR 24.68"), "12.34 in the primary currency, converted (x2) then formatted");
        Assert.That((model.Tier, model.NextTier, model.NextTierMissing, model.TierProgressPercent), Is.EqualTo(("Silver", "Gold", "EUR 750.00", 62)));
        Assert.That((model.ExpiringSoonPoints, model.ExpiringSoonDate), Is.EqualTo((80, (DateTime?)new DateTime(2026, 12, 1, 1, 0, 0))));
        Assert.That((model.MinimumBalanceToRedeem, model.CanRedeem), Is.EqualTo((500, true)));
        Assert.That(model.History.Select(h => (h.Date, h.Points, h.Reason, h.Note, h.IsPending)), Is.EqualTo(new[]
        {
            (new DateTime(2026, 11, 20, 10, 0, 0), 300, RetentionLocales.Reason(LedgerReason.Purchase), "Order #1042", true),
            (new DateTime(2026, 10, 1, 10, 0, 0), 50, RetentionLocales.Reason(LedgerReason.AdminAdjustment), "Goodwill", false),
        }));
        Assert.That(model.History.Select(h => h.Actor), Is.All.Null, "shoppers do not see which admin adjusted");
        Assert.That(ReferralCodes.Read(new StoreId(2), model.ReferralCode, _ui.Install.ReferralSecretBytes()), Is.EqualTo(new CustomerId(15)));
    }

    [Test]
    public async Task A_keyed_ledger_note_is_read_from_the_shoppers_language_resource_and_an_old_free_text_note_as_written()
    {
        var ru = System.Globalization.CultureInfo.GetCultureInfo("ru-RU");
        var before = System.Globalization.CultureInfo.CurrentCulture;
        _ui.Localization.Setup(l => l.GetResourceAsync(RetentionLocales.CoreMessage("ledger.order"))).ReturnsAsync("Заказ №{order}");
        var factory = _ui.RewardsFactory(UiFixture.UntouchableProgram());
        RewardsHistoryLine Line(string note) => new(new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc),
            20, LedgerReason.Purchase, LedgerSource.Order, "1042", note, null, IsPending: false);
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = ru;
            Assert.That((await factory.HistoryLineAsync(Line(LedgerNotes.Order("1042")), includeActor: false)).Note, Is.EqualTo("Заказ №1042"));
            Assert.That((await factory.HistoryLineAsync(Line(LedgerNotes.Review()), includeActor: false)).Note, Is.EqualTo("Спасибо за отзыв"),
                "no resource in this language yet: Core's table for the culture, never the raw key");
            Assert.That((await factory.HistoryLineAsync(Line("Order #1042"), includeActor: false)).Note, Is.EqualTo("Order #1042"));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = before;
        }
    }

    [Test]
    public async Task Expiring_points_carry_Cores_advice_with_the_points_needed_and_the_order_by_day_in_the_shoppers_time()
    {
        var orderBy = new DateTime(2026, 11, 17, 0, 0, 0, DateTimeKind.Utc);
        var below = await _ui.RewardsFactory(UiFixture.UntouchableProgram()).PrepareMyRewardsAsync(View(available: 300) with
        {
            CanRedeem = false, Expiry = new ExpiryNotice(ExpiryAdvice.EarnMore, 200, orderBy),
        });
        var above = await _ui.RewardsFactory(UiFixture.UntouchableProgram()).PrepareMyRewardsAsync(View() with
        {
            Expiry = new ExpiryNotice(ExpiryAdvice.Spend, 0, null),
        });

        Assert.That((below.ExpiryAdvice, below.ExpiryPointsNeeded, below.ExpiryOrderBy), Is.EqualTo((ExpiryAdvice.EarnMore, 200L, (DateTime?)new DateTime(2026, 11, 17, 1, 0, 0))));
        Assert.That((above.ExpiryAdvice, above.ExpiryPointsNeeded, above.ExpiryOrderBy), Is.EqualTo((ExpiryAdvice.Spend, 0L, (DateTime?)null)));
    }

    [Test]
    public async Task Order_count_tiers_show_the_orders_still_missing()
    {
        var view = View() with { TierBasis = TierBasis.OrderCount, NextTierMissing = 1.5m };

        _ui.Localization.Setup(l => l.GetResourceAsync(RetentionLocales.RewardsOrders)).ReturnsAsync("{0} orders");

        var model = await _ui.RewardsFactory(UiFixture.UntouchableProgram()).PrepareMyRewardsAsync(view);
        Assert.That(model.NextTierMissing, Is.EqualTo("2 orders"));
    }

    [Test]
    public async Task A_valid_referral_code_is_kept_in_an_http_only_cookie_for_30_days_and_leads_home()
    {
        var code = ReferralCodes.Create(new StoreId(2), new CustomerId(15), _ui.Install.ReferralSecretBytes());
        var http = new DefaultHttpContext();

        var result = await Controller(http).Referral(code);

        Assert.That(((RedirectToRouteResult)result).RouteName, Is.EqualTo(RetentionRewardsController.HomepageRouteName));
        var cookie = http.Response.Headers.SetCookie.Single();
        Assert.That(cookie, Does.StartWith($"{RetentionRewardsController.ReferralCookieName}={code};"));
        Assert.That(cookie, Does.Contain("httponly"));
        Assert.That(cookie, Does.Contain("expires=" + _ui.Now.AddDays(30).ToString("R")));
    }

    [TestCase("")]
    [TestCase("not-a-code")]
    [TestCase("AAAAAAAAAAAAAAAA")]
    public async Task An_invalid_referral_code_gets_the_error_page_and_no_cookie(string code)
    {
        var http = new DefaultHttpContext();

        var result = (ViewResult)await Controller(http).Referral(code);

        Assert.That(result.ViewName, Is.EqualTo(RetentionRewardsController.ReferralInvalidView));
        Assert.That(result.StatusCode, Is.EqualTo(StatusCodes.Status404NotFound));
        Assert.That(http.Response.Headers.SetCookie, Is.Empty);
    }

    [Test]
    public async Task A_code_of_another_store_is_refused()
    {
        var code = ReferralCodes.Create(new StoreId(1), new CustomerId(15), _ui.Install.ReferralSecretBytes());
        var http = new DefaultHttpContext();

        var result = await Controller(http).Referral(code);

        Assert.That(result, Is.TypeOf<ViewResult>());
        Assert.That(http.Response.Headers.SetCookie, Is.Empty);
    }
}

/// <summary>My rewards' stamp card, in the store's words: its progress, when the partial card lapses, the coupons that stand.</summary>
public class StampCardModelTests
{
    [Test]
    public async Task A_stamp_card_says_its_progress_and_lapse_and_lists_only_the_coupons_that_still_stand()
    {
        var ui = new UiFixture();
        var english = RetentionLocales.English();
        ui.Localization.Setup(l => l.GetResourceAsync(It.IsAny<string>())).ReturnsAsync((string key) => english.TryGetValue(key, out var text) ? text : key);
        var factory = ui.RewardsFactory(UiFixture.UntouchableProgram());
        var card = new global::Retention.Core.Stamps.StampCardDefinition
        {
            Id = 1, Name = "Coffee card", Scope = global::Retention.Core.Stamps.StampScope.Product, TargetId = 4, StampsToFill = 8,
            Reward = global::Retention.Core.Stamps.StampReward.FreeProduct, RewardProductId = 4,
        };
        var filled = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        var view = new global::Retention.Core.Stamps.StampCardView(card, 2, new DateTime(2027, 3, 1, 0, 0, 0, DateTimeKind.Utc),
        [
            new global::Retention.Core.Stamps.StampCouponView(1, "RET-AAAA", filled, global::Retention.Core.Tables.StampState.Withdrawn),
            new global::Retention.Core.Stamps.StampCouponView(2, "RET-BBBB", filled, global::Retention.Core.Tables.StampState.Filled),
        ]);

        var model = await factory.StampCardAsync(view);

        Assert.That(model.Progress, Is.EqualTo("2 of 8 stamps: 6 more for a free one."));
        Assert.That(model.Lapse, Does.StartWith("The stamps on this card lapse on "));
        Assert.That(model.Coupons, Is.EqualTo(new[] { "RET-BBBB" }));
    }
}
