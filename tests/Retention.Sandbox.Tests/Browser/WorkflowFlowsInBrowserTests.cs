using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Retention.Core.Workflows;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Tests.Web;

namespace Retention.Sandbox.Tests.Browser;

/// <summary>
/// Issue 15 in Chromium: a step's email edited with its live preview (unknown tokens refused, later sends use the edit),
/// the switch-on confirmation with the backlog, and the at-risk list's win-back start. Screenshots under test-output/screenshots.
/// </summary>
public sealed class WorkflowFlowsInBrowserTests : BrowserFixture
{
    private const int Edna = 900_601; // abandons a cart after the merchant edited the cart email
    private SandboxClock _clock = null!;

    protected override async Task<SandboxServer> PrepareAsync()
    {
        Server = await SandboxServer.PrepareAsync(customers: 1500);
        var database = Server.State.Database;
        await WorkflowScenario.AddShopperAsync(database, Edna, "Edna", Server.State.AsOfUtc);
        await WorkflowScenario.ConfigureAsync(database, WorkflowKind.AbandonedCart, w => w with { ControlGroupPercent = 0m });
        return Server;
    }

    protected override async Task StartedAsync()
    {
        _clock = Server.Services.GetRequiredService<SandboxClock>();
        // Sends fall outside the quiet hours (21:00–08:00) at midday.
        var page = await Browser.NewPageAsync(new List<string>());
        await AdvanceAsync(page, (36 - _clock.UtcNow.Hour) % 24);
        await page.CloseAsync();
    }

    private async Task AdvanceAsync(IPage page, int hours)
    {
        await page.GotoAsync($"{BaseUrl}/admin");
        await page.FillAsync("#clock input[name=hours]", hours.ToString(CultureInfo.InvariantCulture));
        await page.FillAsync("#clock input[name=days]", "0");
        await page.ClickAsync("#clock button");
        await page.WaitForSelectorAsync("#clock-result");
    }

    private async Task<(int Outbox, int Enrollments, int Coupons)> CountsAsync()
    {
        await using var db = Server.State.Database.CreateContext();
        return (await db.Outbox.CountAsync(), await db.Enrollments.CountAsync(), await db.Coupons.CountAsync());
    }

    private async Task<int> WinBackEnrollmentsAsync(int? customer = null)
    {
        await using var db = Server.State.Database.CreateContext();
        return await db.Enrollments.CountAsync(e => e.WorkflowId == (int)WorkflowKind.WinBack && (customer == null || e.CustomerId == customer));
    }

    /// <summary>Waits until the editor has shown more preview answers than <paramref name="before"/>.</summary>
    private static async Task<int> PreviewedAsync(ILocator form, int before)
    {
        for (var i = 0; i < 100; i++)
        {
            var shown = int.Parse(await form.GetAttributeAsync("data-previewed") ?? "0", CultureInfo.InvariantCulture);
            if (shown > before)
                return shown;
            await Task.Delay(100);
        }
        Assert.Fail("The live preview did not answer.");
        return before;
    }

    [Test]
    public async Task A_step_email_is_edited_with_a_live_preview_unknown_tokens_are_refused_and_the_next_send_uses_the_edit()
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors, height: 1200);
        var before = await CountsAsync();
        await page.GotoAsync($"{BaseUrl}/admin/workflows/AbandonedCart");
        await page.ClickAsync("#email-step-1 summary");
        var form = page.Locator("#email-step-1 form.email-editor");
        var shown = await PreviewedAsync(form, 0);
        var frame = form.Locator("iframe.email-body").ContentFrame;
        await frame.GetByText("You left these in your cart").WaitForAsync();

        await form.Locator("input[name=subject]").FillAsync("Psst %Retention.Bogus%");
        shown = await PreviewedAsync(form, shown);
        var subjectError = await form.Locator("[data-field=Subject]").InnerTextAsync();
        Assert.That(subjectError, Does.StartWith("Unknown token %Retention.Bogus%.").And.Contain("%Retention.CartRestoreUrl%"), "the valid tokens are listed");
        Assert.That(await form.Locator("input[name=subject]").GetAttributeAsync("class"), Does.Contain("invalid"));
        await SandboxBrowser.ScreenshotAsync(page, "flows-email-editor-unknown-token");

        await form.Locator("input[name=subject]").FillAsync("Psst %Customer.FirstName%, your cart misses you");
        var body = await form.Locator("textarea[name=body]").InputValueAsync();
        await form.Locator("textarea[name=body]").FillAsync(body.Replace("You left these in your cart at %Store.Name%. We kept them for you:", "Still yours, kept at %Store.Name%:"));
        await PreviewedAsync(form, shown);
        await frame.GetByText("Still yours, kept at Demo store:").WaitForAsync();
        Assert.That(await form.Locator("[data-field=Subject]").InnerTextAsync(), Is.Empty);
        Assert.That(await form.Locator(".preview-subject").InnerTextAsync(), Does.StartWith("Subject: Psst ").And.EndWith(", your cart misses you").And.Not.Contain("%"));
        await SandboxBrowser.ScreenshotAsync(page, "flows-email-editor-live-preview");
        Assert.That(await CountsAsync(), Is.EqualTo(before), "previews write nothing: no email, enrollment or coupon");

        await form.Locator("button", new LocatorLocatorOptions { HasText = "Save email" }).ClickAsync();
        await page.WaitForSelectorAsync("#email-saved");
        Assert.That(await page.Locator("#email-step-1 summary .badge").InnerTextAsync(), Is.EqualTo("edited"));
        Assert.That(await page.Locator("#email-step-1 summary .current-subject").InnerTextAsync(), Is.EqualTo("Psst %Customer.FirstName%, your cart misses you"));

        await WorkflowScenario.FillCartAsync(Server.State.Database, Edna, 2, _clock.UtcNow.AddMinutes(-10));
        await AdvanceAsync(page, 1);
        await page.GotoAsync($"{BaseUrl}/outbox?customer={Edna}");
        var email = page.Locator("article.email").First;
        Assert.That(await email.Locator("td.subject").InnerTextAsync(), Is.EqualTo("Psst Edna, your cart misses you"));
        await email.Locator("iframe.email-body").ContentFrame.GetByText("Still yours, kept at Demo store:").WaitForAsync();
        await SandboxBrowser.ScreenshotAsync(page, "flows-outbox-edited-email");

        await page.GotoAsync($"{BaseUrl}/admin/workflows/AbandonedCart");
        await page.ClickAsync("#email-step-1 summary");
        await PreviewedAsync(page.Locator("#email-step-1 form.email-editor"), 0);
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        // Waiting on the reset's own answer first tells a refused or unsent post (the confirmation) from a slow page.
        var reset = page.WaitForResponseAsync(r => r.Url.Contains("/email/reset", StringComparison.Ordinal) && r.Request.Method == "POST");
        await page.Locator("#email-step-1 button", new PageLocatorOptions { HasText = "Reset to default" }).ClickAsync();
        Assert.That((await reset).Status, Is.EqualTo(302), "the reset redirects back to the workflow page");
        await page.WaitForSelectorAsync("#email-saved");
        Assert.That(await page.Locator("#email-step-1 summary .badge").InnerTextAsync(), Is.EqualTo("default"));
        await page.GotoAsync($"{BaseUrl}/outbox?customer={Edna}");
        Assert.That(await page.Locator("article.email td.subject").First.InnerTextAsync(), Is.EqualTo("Psst Edna, your cart misses you"),
            "an email queued before the reset keeps the words it went out with");
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task A_save_with_an_unknown_token_is_refused_beside_the_field_and_keeps_what_was_typed()
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);
        await page.GotoAsync($"{BaseUrl}/admin/workflows/WinBack");
        await page.ClickAsync("#email-step-2 summary");
        var form = page.Locator("#email-step-2 form.email-editor");
        await PreviewedAsync(form, 0);
        var body = await form.Locator("textarea[name=body]").InputValueAsync();
        await form.Locator("textarea[name=body]").FillAsync(body.Replace("%Retention.CouponCode%", "%Retention.Coupon%").Replace("%Retention.Footer%", ""));
        var response = await page.RunAndWaitForResponseAsync(() => form.Locator("button", new LocatorLocatorOptions { HasText = "Save email" }).ClickAsync(),
            r => r.Url.EndsWith("/email", StringComparison.Ordinal));

        Assert.That(response.Status, Is.EqualTo(400));
        await page.WaitForSelectorAsync("#email-not-saved");
        var bodyError = await page.Locator("#email-step-2 [data-field=Body]").InnerTextAsync();
        Assert.That(bodyError, Does.Contain("Unknown token %Retention.Coupon%.").And.Contain("%Retention.CouponCode%").And.Contain("unsubscribe link"));
        Assert.That(await page.Locator("#email-step-2 textarea[name=body]").InputValueAsync(), Does.Contain("%Retention.Coupon%"), "what was typed is kept");
        Assert.That(await page.Locator("#email-step-2 summary .badge").InnerTextAsync(), Is.EqualTo("default"), "nothing was saved");
        // The refused page opens the step's editor again, and its preview renders what was typed.
        var refused = page.Locator("#email-step-2 form.email-editor");
        await PreviewedAsync(refused, 0);
        await refused.Locator("iframe.email-body").ContentFrame.GetByText("Come back for less").WaitForAsync();
        await SandboxBrowser.ScreenshotAsync(page, "flows-email-save-refused");
        await refused.ScrollIntoViewIfNeededAsync();
        await refused.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(SandboxBrowser.ScreenshotFolder, "flows-email-save-refused-editor.png") });
    }

    [Test]
    public async Task Switching_win_back_on_shows_the_backlog_and_only_from_now_on_enrols_none_of_it()
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);
        await WorkflowScenario.ConfigureAsync(Server.State.Database, WorkflowKind.WinBack, w => w with { Enabled = false, SwitchOn = null });
        await page.GotoAsync($"{BaseUrl}/admin/workflows");
        await page.ClickAsync("tr[data-workflow=WinBack] button.switch-on");
        await page.WaitForSelectorAsync("#switch-on");
        var count = int.Parse(await page.Locator("#backlog").GetAttributeAsync("data-count") ?? "", CultureInfo.InvariantCulture);
        Assert.That(count, Is.GreaterThan(0), "the demo has dormant buyers");
        Assert.That(await page.Locator("#backlog strong").InnerTextAsync(), Is.EqualTo(count.ToString("N0", CultureInfo.InvariantCulture)));
        Assert.That(await page.Locator("#backlog-days").InnerTextAsync(), Does.Contain($"At 200 a day the backlog takes {(count + 199) / 200:N0} day(s)"));
        await SandboxBrowser.ScreenshotAsync(page, "flows-switch-on-confirmation");

        await page.CheckAsync("input[name=choice][value=backlog]");
        await page.FillAsync("input[name=perDay]", "0");
        await page.ClickAsync("#switch-on button");
        await page.WaitForSelectorAsync("#not-switched");
        Assert.That(await page.Locator("#switch-on .field-error").InnerTextAsync(), Does.Contain("from 1 to 100000"));
        await SandboxBrowser.ScreenshotAsync(page, "flows-switch-on-refused");

        var enrolledBefore = await WinBackEnrollmentsAsync();
        await page.CheckAsync("input[name=choice][value=from-now-on]");
        await page.ClickAsync("#switch-on button");
        await page.WaitForSelectorAsync("tr[data-workflow=WinBack] .state.on");
        await AdvanceAsync(page, 1);

        Assert.That(await WinBackEnrollmentsAsync(), Is.EqualTo(enrolledBefore), "none of the backlog is enrolled");
        var settings = (await new EfWorkflowSettingsStore(Server.State.Database).LoadAsync(WorkflowScenario.Store)).For(WorkflowKind.WinBack);
        Assert.That((settings.SwitchOn?.Choice, settings.SwitchOn?.BacklogCount), Is.EqualTo(((BacklogChoice?)BacklogChoice.FromNowOn, (int?)count)));
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task An_at_risk_customer_links_to_their_admin_page_and_win_back_starts_for_them_as_core_decides()
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors, height: 1400);
        await WorkflowScenario.ConfigureAsync(Server.State.Database, WorkflowKind.WinBack, w => w with { Enabled = true, ControlGroupPercent = 0m });
        await page.GotoAsync($"{BaseUrl}/admin");
        await page.WaitForSelectorAsync(".retention-dashboard[data-rendered]", new PageWaitForSelectorOptions { Timeout = 120_000 });
        var row = page.Locator(".rd-atrisk tr:has(form.rd-winback)").First;
        var href = await row.Locator("td a").First.GetAttributeAsync("href");
        Assert.That(href, Does.Match("^/admin/customers/[0-9]+$"));
        var customer = int.Parse(href!["/admin/customers/".Length..], CultureInfo.InvariantCulture);
        await row.ScrollIntoViewIfNeededAsync();
        await SandboxBrowser.ScreenshotAsync(page, "flows-dashboard-at-risk-actions");

        await row.Locator("form.rd-winback button").ClickAsync();
        var outcome = page.Locator("#win-back-outcome");
        await outcome.WaitForAsync();
        var status = Enum.Parse<ManualStartStatus>(await outcome.GetAttributeAsync("data-status") ?? "");
        await SandboxBrowser.ScreenshotAsync(page, "flows-win-back-started");
        Assert.That(status, Is.AnyOf(ManualStartStatus.Started, ManualStartStatus.NoConsent, ManualStartStatus.AlreadyStarted));
        Assert.That(await WinBackEnrollmentsAsync(customer), Is.EqualTo(status == ManualStartStatus.NoConsent ? 0 : 1), "enrolled exactly when Core said so");

        await page.GoBackAsync();
        await page.WaitForSelectorAsync(".retention-dashboard[data-rendered]");
        await page.Locator($".rd-atrisk tr:has(a[href='/admin/customers/{customer}']) form.rd-winback button").ClickAsync();
        await outcome.WaitForAsync();
        Assert.That(await outcome.GetAttributeAsync("data-status"), Is.EqualTo(status == ManualStartStatus.NoConsent ? "NoConsent" : "AlreadyStarted"), "a second click starts nothing");
        Assert.That(await WinBackEnrollmentsAsync(customer), Is.LessThanOrEqualTo(1));
        Assert.That(errors, Is.Empty);
    }
}
