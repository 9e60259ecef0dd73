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
    public async Task Expiring_points_below_the_minimum_tell_how_many_more_are_needed_instead_of_spend_them()
    {
        var below = await _ui.RewardsFactory(UiFixture.UntouchableProgram()).PrepareMyRewardsAsync(View(available: 300) with { CanRedeem = false });
        var above = await _ui.RewardsFactory(UiFixture.UntouchableProgram()).PrepareMyRewardsAsync(View());

        Assert.That((below.ExpiringSpendable, below.MissingToRedeem), Is.EqualTo((false, 200L)));
        Assert.That((above.ExpiringSpendable, above.MissingToRedeem), Is.EqualTo((true, 0L)));
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
