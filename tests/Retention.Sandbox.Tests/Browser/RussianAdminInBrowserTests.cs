using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Web;

namespace Retention.Sandbox.Tests.Browser;

/// <summary>
/// The sandbox's admin pages after the RU switch, in Chromium: the loyalty settings with a rejected field, the workflow
/// editor and the finance report read in Russian, with none of the sandbox's English sentences left; screenshots
/// test-output/screenshots/ru-admin-*.png.
/// </summary>
public sealed class RussianAdminInBrowserTests : BrowserFixture
{
    protected override Task<SandboxServer> PrepareAsync() => SandboxServer.PrepareAsync(customers: 120);

    /// <summary>The sandbox's English sentences (its table's keys and the loyalty form's labels), in pieces of two words or more between placeholders.</summary>
    private static IReadOnlyList<string> English() =>
        SandboxTexts.Russian.Keys.Concat(LoyaltySettingsTexts.Fields.SelectMany(f => new[] { f.Label, f.Hint }))
            .SelectMany(k => Regex.Split(Regex.Replace(k, @"\{[^{}]*(\{[^{}]*\}[^{}]*)*\}", "\u0001"), "\u0001"))
            .Select(p => p.Replace("\\\"", "\"").Trim(' ', '.', ':', ';', ',', '(', ')', '\''))
            .Where(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 2)
            .Distinct().ToList();

    private static List<string> EnglishIn(string text) => English().Where(e => text.Contains(e, StringComparison.Ordinal)).ToList();

    [Test]
    public async Task Loyalty_settings_read_in_Russian_with_the_field_errors_beside_their_fields_and_fit_a_phone()
    {
        var settings = Server.Services.GetRequiredService<ILoyaltySettingsStore>();
        var before = await settings.LoadAsync(new StoreId(1));
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors, width: 390, height: 844);
        Assert.That((await page.GotoAsync($"{BaseUrl}/admin/loyalty/settings?lang=ru"))!.Status, Is.EqualTo(200));

        // One value that is no number (the sandbox's own message) and one a rule refuses (Core's keyed message).
        await page.FillAsync("input[name=PointsPerCurrencyUnit]", "много");
        await page.FillAsync("input[name=MaxRedeemSharePercent]", "120");
        await page.ClickAsync("#save");
        await page.WaitForSelectorAsync("#not-saved");

        Assert.That(await page.Locator("#not-saved").InnerTextAsync(), Is.EqualTo("Ничего не сохранено: исправьте отмеченные ниже поля."));
        Assert.That(await page.Locator("[data-field=PointsPerCurrencyUnit]").InnerTextAsync(), Is.EqualTo("Введите баллы числом, например 1 или 10."));
        Assert.That(await page.Locator("[data-field=MaxRedeemSharePercent]").InnerTextAsync(), Is.EqualTo("Допустимо значение от 0 до 100."));
        Assert.That(await page.Locator("label[for=PointsPerCurrencyUnit]").InnerTextAsync(), Is.EqualTo(LoyaltySettingsTexts.Russian["PointsPerCurrencyUnit"].Label));
        Assert.That(await page.Locator("#tiers legend").InnerTextAsync(), Is.EqualTo("Уровни"));
        Assert.That(await page.Locator("#add-tier").InnerTextAsync(), Is.EqualTo("Добавить строку уровня"));
        Assert.That(await page.Locator("#cashback-settings legend").InnerTextAsync(), Is.EqualTo("Периодический кэшбэк"));
        Assert.That(await page.InputValueAsync("input[name=PointsPerCurrencyUnit]"), Is.EqualTo("много"), "what was typed stays");
        var body = await page.Locator("main").InnerTextAsync();
        Assert.That(EnglishIn(body), Is.Empty, "English left on the Russian loyalty settings");

        var overflow = await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth > window.innerWidth");
        var wide = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))");
        await page.Locator("[data-field=MaxRedeemSharePercent]").ScrollIntoViewIfNeededAsync();
        await SandboxBrowser.ScreenshotAsync(page, "ru-admin-loyalty-settings-390");
        Assert.That(overflow, Is.False, "no sideways scrolling at 390 px in Russian; too wide: " + string.Join(", ", wide));
        Assert.That((await settings.LoadAsync(new StoreId(1))).MaxRedeemSharePercent, Is.EqualTo(before.MaxRedeemSharePercent), "nothing saved");
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task Workflow_editor_reads_in_Russian()
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors, height: 1600);
        Assert.That((await page.GotoAsync($"{BaseUrl}/admin/workflows/AbandonedCart?lang=ru"))!.Status, Is.EqualTo(200));

        Assert.That(await page.Locator("h1").InnerTextAsync(), Is.EqualTo("Брошенная корзина"));
        Assert.That(await page.Locator("#workflow-form legend").First.InnerTextAsync(), Is.EqualTo("Сценарий"));
        Assert.That(await page.Locator("table.steps thead").InnerTextAsync(), Does.Contain("Задержка после события").And.Contain("Условие").And.Contain("Купон"));
        Assert.That(await page.Locator("#lift h2").InnerTextAsync(), Is.EqualTo("Прирост: получившие письма против контрольной группы"));
        Assert.That(await page.Locator("#emails h2").InnerTextAsync(), Is.EqualTo("Письма"));
        var body = await page.Locator("main").InnerTextAsync();
        Assert.That(EnglishIn(body), Is.Empty, "English left on the Russian workflow editor");
        await SandboxBrowser.ScreenshotAsync(page, "ru-admin-workflow-editor");
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task Finance_report_reads_in_Russian_with_numbers_in_the_Russian_format()
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors, height: 1400);
        Assert.That((await page.GotoAsync($"{BaseUrl}/admin/loyalty/report?lang=ru"))!.Status, Is.EqualTo(200));

        Assert.That(await page.Locator("h1").InnerTextAsync(), Is.EqualTo("Учёт баллов"));
        var header = await page.Locator("table.report thead").InnerTextAsync();
        Assert.That(header, Does.Contain("День").And.Contain("Начислено").And.Contain("Сгорели"));
        Assert.That(await page.Locator("#stamp-accounting").InnerTextAsync(), Does.Contain("Выдано (карты заполнены)"));
        var body = await page.Locator("main").InnerTextAsync();
        Assert.That(body, Does.Contain("Скачать CSV"));
        Assert.That(EnglishIn(body), Is.Empty, "English left on the Russian finance report");
        // Thousands are grouped with a (non-breaking) space, as Russian readers write them.
        Assert.That(await page.Locator("table.report tbody").InnerTextAsync(), Does.Not.Match(@"\d,\d{3}\b"));
        await SandboxBrowser.ScreenshotAsync(page, "ru-admin-finance");
        Assert.That(errors, Is.Empty);
    }
}
