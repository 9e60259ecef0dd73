using Microsoft.Extensions.DependencyInjection;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Browser;

/// <summary>The loyalty settings page and tier editor in Chromium, as a merchant uses them; screenshots under test-output/screenshots.</summary>
public sealed class LoyaltySettingsInBrowserTests : BrowserFixture
{
    protected override Task<SandboxServer> PrepareAsync() => SandboxServer.PrepareAsync(customers: 50);

    [Test]
    public async Task Merchant_fixes_a_rejected_tier_and_saves_a_new_one()
    {
        var settings = Server.Services.GetRequiredService<ILoyaltySettingsStore>();
        var before = await settings.LoadAsync(new StoreId(1));
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);
        await page.GotoAsync($"{BaseUrl}/admin/loyalty/settings");
        var blank = before.Tiers.Count;

        await page.FillAsync($"input[name='Tiers[{blank}].Name']", "Platinum");
        await page.FillAsync($"input[name='Tiers[{blank}].Threshold']", before.Tiers.Max(t => t.Threshold).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture));
        await page.FillAsync($"input[name='Tiers[{blank}].Multiplier']", "2");
        await page.FillAsync("input[name=MaxRedeemSharePercent]", "120");
        await page.ClickAsync("#save");
        await page.WaitForSelectorAsync("#not-saved");

        var thresholdError = page.Locator($"[data-field='Tiers[{blank}].Threshold']");
        Assert.That(await thresholdError.InnerTextAsync(), Does.Contain("same threshold"));
        Assert.That(await page.Locator("[data-field=MaxRedeemSharePercent]").InnerTextAsync(), Does.Contain("between 0 and 100"));
        Assert.That(await page.InputValueAsync($"input[name='Tiers[{blank}].Name']"), Is.EqualTo("Platinum"), "what was typed stays");
        await SandboxBrowser.ScreenshotAsync(page, "loyalty-settings-rejected");
        Assert.That((await settings.LoadAsync(new StoreId(1))).Tiers, Has.Count.EqualTo(before.Tiers.Count), "nothing saved");

        await page.FillAsync($"input[name='Tiers[{blank}].Threshold']", "2000");
        await page.FillAsync("input[name=MaxRedeemSharePercent]", "40");
        await page.ClickAsync("#save");
        await page.WaitForSelectorAsync("#saved");

        var after = await settings.LoadAsync(new StoreId(1));
        Assert.That(after.Tiers.Single(t => t.Name == "Platinum").Threshold, Is.EqualTo(2000m));
        Assert.That(after.MaxRedeemSharePercent, Is.EqualTo(40));
        await SandboxBrowser.ScreenshotAsync(page, "loyalty-settings-saved");
        Assert.That(errors, Is.Empty);
        await settings.SaveAsync(new StoreId(1), before);
    }

    [Test]
    public async Task Settings_page_fits_a_phone_screen()
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors, width: 390, height: 844);
        await page.GotoAsync($"{BaseUrl}/admin/loyalty/settings");

        var overflow = await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth > window.innerWidth");
        var wide = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))");
        await SandboxBrowser.ScreenshotAsync(page, "loyalty-settings-phone");
        Assert.That(overflow, Is.False, "no sideways scrolling at 390 px; too wide: " + string.Join(", ", wide));
        Assert.That(errors, Is.Empty);
    }
}
