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
/// The workflows in Chromium: the clock control plays emails out, the outbox shows them, and their links work as a customer
/// clicks them (a new tab, no one signed in). Screenshots under test-output/screenshots.
/// </summary>
public sealed class WorkflowPagesInBrowserTests : BrowserFixture
{
    private const int Carla = 900_501;  // abandons a cart
    private const int Nora = 900_502;   // second order, then the NPS survey
    private const int Ulla = 900_503;   // unsubscribes from the abandoned-cart email
    private const string Payload = "<img src=x onerror=alert(1)> Loved it";
    private SandboxClock _clock = null!;

    protected override async Task<SandboxServer> PrepareAsync()
    {
        Server = await SandboxServer.PrepareAsync(customers: 150);
        var database = Server.State.Database;
        var now = Server.State.AsOfUtc;
        await WorkflowScenario.AddShopperAsync(database, Carla, "Carla", now);
        await WorkflowScenario.AddShopperAsync(database, Nora, "Nora", now);
        await WorkflowScenario.AddShopperAsync(database, Ulla, "Ulla", now);
        await WorkflowScenario.ConfigureAsync(database, WorkflowKind.AbandonedCart, w => w with { ControlGroupPercent = 0m });
        await WorkflowScenario.ConfigureAsync(database, WorkflowKind.NpsSurvey, w => w with { Enabled = true, ControlGroupPercent = 0m });
        await WorkflowScenario.PlaceOrderAsync(Server, Nora, now.AddDays(-40), notify: false);
        return Server;
    }

    protected override async Task StartedAsync()
    {
        _clock = Server.Services.GetRequiredService<SandboxClock>();
        await AdvanceToNoonAsync();
    }

    /// <summary>Moves the clock with the admin page's form, as a person would, and waits for the run's result page.</summary>
    private async Task AdvanceAsync(IPage page, int hours, int days)
    {
        await page.GotoAsync($"{BaseUrl}/admin");
        await page.FillAsync("#clock input[name=hours]", hours.ToString(CultureInfo.InvariantCulture));
        await page.FillAsync("#clock input[name=days]", days.ToString(CultureInfo.InvariantCulture));
        await page.ClickAsync("#clock button");
        await page.WaitForSelectorAsync("#clock-result");
    }

    // Sends fall outside the quiet hours (21:00–08:00) when the clock shows midday.
    private async Task AdvanceToNoonAsync()
    {
        var hours = (36 - _clock.UtcNow.Hour) % 24;
        if (hours == 0)
            return;
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);
        await AdvanceAsync(page, hours, 0);
        await page.CloseAsync();
    }

    [Test]
    public async Task Return_to_cart_link_in_the_email_restores_the_items_into_the_visitors_cart()
    {
        var cart = await WorkflowScenario.FillCartAsync(Server.State.Database, Carla, 2, _clock.UtcNow.AddMinutes(-10));
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);
        await AdvanceAsync(page, 1, 0);
        Assert.That(await page.Locator("#clock-result").InnerTextAsync(), Does.Contain("every workflow step that fell due on the way was worked"));
        await SandboxBrowser.ScreenshotAsync(page, "workflow-clock-advanced");

        await page.GotoAsync($"{BaseUrl}/outbox?customer={Carla}");
        var email = page.Locator("article.email").First;
        Assert.That(await email.Locator("td.subject").InnerTextAsync(), Is.EqualTo("Demo store: you left something in your cart"));
        var frame = page.Locator("article.email iframe.email-body").First.ContentFrame;
        await frame.GetByText("Return to your cart").WaitForAsync();
        await SandboxBrowser.ScreenshotAsync(page, "workflow-outbox-abandoned-cart");

        var shop = await page.Context.RunAndWaitForPageAsync(() => frame.GetByText("Return to your cart").ClickAsync());
        await shop.WaitForLoadStateAsync(LoadState.Load);
        Assert.That(shop.Url, Does.Match("/shop\\?customer=\\d+$"));
        var visitor = int.Parse(shop.Url[(shop.Url.LastIndexOf('=') + 1)..], CultureInfo.InvariantCulture);
        Assert.That(visitor, Is.Not.EqualTo(Carla), "the visitor is the browser's guest, not Carla signed in");
        // The product lines link to their page; the subtotal, shipping, tax and total rows do not.
        Assert.That(await shop.Locator("table.cart tbody tr:has(a)").CountAsync(), Is.EqualTo(cart.Count), "the restored lines");
        Assert.That(await shop.Locator("#guest").InnerTextAsync(), Is.EqualTo("You are shopping as a guest."), "a guest is not greeted as \"customer N\"");
        await SandboxBrowser.ScreenshotAsync(shop, "workflow-cart-restored");

        await shop.ReloadAsync();
        await using (var db = Server.State.Database.CreateContext())
        {
            var restored = await db.CartItems.AsNoTracking().Where(c => c.CustomerId == visitor).ToDictionaryAsync(c => c.ProductId, c => c.Quantity);
            Assert.That(restored, Is.EqualTo(cart));
        }
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task Survey_score_link_records_the_score_and_the_comment_form_works()
    {
        await WorkflowScenario.PlaceOrderAsync(Server, Nora, _clock.UtcNow);
        var dialogs = new List<string>();
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);
        page.Context.Dialog += (_, dialog) => dialogs.Add(dialog.Message);
        await AdvanceAsync(page, 0, 3);

        await page.GotoAsync($"{BaseUrl}/outbox?customer={Nora}&workflow=NpsSurvey");
        var frame = page.Locator("article.email iframe.email-body").First.ContentFrame;
        var nine = frame.GetByRole(AriaRole.Link, new() { Name = "9", Exact = true });
        await nine.WaitForAsync();
        var landing = await page.Context.RunAndWaitForPageAsync(() => nine.ClickAsync());
        await landing.WaitForLoadStateAsync(LoadState.Load);
        landing.Dialog += (_, dialog) => dialogs.Add(dialog.Message);
        Assert.That(await landing.Locator("#survey-question").InnerTextAsync(), Does.Contain("Your answer: 9 out of 10"));
        await SandboxBrowser.ScreenshotAsync(landing, "workflow-survey-question");
        await using (var db = Server.State.Database.CreateContext())
            Assert.That(await db.SurveyAnswers.CountAsync(a => a.CustomerId == Nora), Is.Zero, "opening the link (as a mail scanner does) records nothing");

        await landing.FillAsync("#comment", Payload);
        await landing.ClickAsync("#survey-answer button");
        await landing.WaitForSelectorAsync("#comment-thanks");
        Assert.That(await landing.Locator("#survey-thanks").InnerTextAsync(), Does.Contain("We recorded your answer: 9 out of 10"));
        Assert.That(await landing.Locator("blockquote.comment").InnerTextAsync(), Is.EqualTo(Payload), "shown as the text typed");
        await SandboxBrowser.ScreenshotAsync(landing, "workflow-survey-comment");

        await using (var db = Server.State.Database.CreateContext())
        {
            var answer = await db.SurveyAnswers.AsNoTracking().SingleAsync(a => a.CustomerId == Nora);
            Assert.That((answer.Score, answer.Comment), Is.EqualTo((9, Payload)));
        }
        var admin = await Browser.NewPageAsync(errors);
        admin.Dialog += (_, dialog) => dialogs.Add(dialog.Message);
        await admin.GotoAsync($"{BaseUrl}/admin/workflows/NpsSurvey");
        Assert.That(await admin.Locator("#survey-results").InnerTextAsync(), Does.Contain(Payload));
        await SandboxBrowser.ScreenshotAsync(admin, "workflow-nps-results");
        Assert.That(dialogs, Is.Empty, "no script from the comment ran");
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task Workflow_list_shows_rates_and_the_switch_asks_before_it_changes_anything()
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);
        await page.GotoAsync($"{BaseUrl}/admin/workflows");
        var row = page.Locator("tr[data-workflow=Birthday]");
        Assert.That(await row.Locator("td.open-rate").InnerTextAsync(), Does.Match("^(—|not tracked|\\d+\\.\\d%)$"));
        Assert.That(await row.Locator("span.state").InnerTextAsync(), Is.EqualTo("Off"));
        await SandboxBrowser.ScreenshotAsync(page, "workflow-list-rates");

        // Switching off asks in the browser; dismissed, nothing changes.
        var asked = new List<string>();
        void Dismiss(object? _, IDialog dialog) { asked.Add(dialog.Message); _ = dialog.DismissAsync(); }
        page.Dialog += Dismiss;
        await page.Locator("tr[data-workflow=AbandonedCart] button").ClickAsync();
        page.Dialog -= Dismiss;
        Assert.That(asked.Single(), Does.StartWith("Switch the Abandoned cart workflow off?"));
        Assert.That(await page.Locator("tr[data-workflow=AbandonedCart] span.state").InnerTextAsync(), Is.EqualTo("On"), "dismissed: nothing changed");

        // Switching on asks on a page of its own, which says whom it would enrol at once.
        await row.Locator("button.switch-on").ClickAsync();
        await page.WaitForSelectorAsync("#switch-on");
        Assert.That(await page.Locator("#backlog").InnerTextAsync(), Does.StartWith("Switching on enrols no one at once"));
        Assert.That(await page.Locator("#backlog").GetAttributeAsync("data-count"), Is.EqualTo("0"));
        await page.ClickAsync("#switch-on button");
        await page.WaitForSelectorAsync("tr[data-workflow=Birthday] span.state.on");
        Assert.That(await page.Locator("tr[data-workflow=Birthday] span.state").InnerTextAsync(), Is.EqualTo("On"));
        await SandboxBrowser.ScreenshotAsync(page, "workflow-list-switched-on");
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task Unsubscribe_link_in_the_email_asks_first_and_the_button_unsubscribes()
    {
        await WorkflowScenario.FillCartAsync(Server.State.Database, Ulla, 1, _clock.UtcNow.AddMinutes(-10));
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);
        await AdvanceAsync(page, 1, 0);

        await page.GotoAsync($"{BaseUrl}/outbox?customer={Ulla}");
        Assert.That(await page.Locator("article.email td.headers").First.InnerTextAsync(), Does.Contain("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        await SandboxBrowser.ScreenshotAsync(page, "workflow-outbox-unsubscribe-headers");
        var frame = page.Locator("article.email iframe.email-body").First.ContentFrame;
        var link = frame.GetByRole(AriaRole.Link, new() { Name = "Unsubscribe", Exact = true });
        await link.WaitForAsync();
        var landing = await page.Context.RunAndWaitForPageAsync(() => link.ClickAsync());
        await landing.WaitForLoadStateAsync(LoadState.Load);
        Assert.That(await landing.Locator("#unsubscribe-question").InnerTextAsync(), Does.Contain("Stop the shop's marketing emails"));
        await SandboxBrowser.ScreenshotAsync(landing, "workflow-unsubscribe-question");
        await using (var db = Server.State.Database.CreateContext())
            Assert.That(await db.Unsubscribes.CountAsync(u => u.CustomerId == Ulla), Is.Zero, "opening the link (as a mail scanner does) changes nothing");

        await landing.ClickAsync("#unsubscribe-form button");
        await landing.WaitForSelectorAsync("#unsubscribed");
        Assert.That(await landing.Locator("#unsubscribed").InnerTextAsync(), Does.Contain("You are unsubscribed"));
        await SandboxBrowser.ScreenshotAsync(landing, "workflow-unsubscribed");
        await using (var db = Server.State.Database.CreateContext())
            Assert.That(await db.Unsubscribes.CountAsync(u => u.CustomerId == Ulla), Is.EqualTo(1));
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task Editor_shows_what_is_wrong_beside_each_field_and_keeps_what_was_typed()
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);
        await page.GotoAsync($"{BaseUrl}/admin/workflows");
        Assert.That(await page.Locator("table.workflows tbody tr").CountAsync(), Is.EqualTo(WorkflowCatalog.All.Count));
        await SandboxBrowser.ScreenshotAsync(page, "workflow-list");

        await page.ClickAsync("text=Abandoned cart");
        await page.FillAsync("input[name=ControlGroupPercent]", "75");
        await page.FillAsync("input[name='Steps[1].Delay']", "soon");
        await page.FillAsync("input[name='Steps[2].Coupon.Value']", "150");
        await page.ClickAsync("#save");
        await page.WaitForSelectorAsync("#not-saved");

        Assert.That(await page.Locator("[data-field=ControlGroupPercent]").InnerTextAsync(), Is.EqualTo("Must be between 0 and 50."));
        Assert.That(await page.Locator("[data-field='Steps[1].Delay']").InnerTextAsync(), Is.EqualTo("Enter the delay as a number."));
        Assert.That(await page.Locator("[data-field='Steps[2].Coupon.Value']").InnerTextAsync(), Is.EqualTo("Must be between 1 and 100."));
        Assert.That(await page.InputValueAsync("input[name='Steps[1].Delay']"), Is.EqualTo("soon"));
        await SandboxBrowser.ScreenshotAsync(page, "workflow-editor-validation");
        var saved = (await new EfWorkflowSettingsStore(Server.State.Database).LoadAsync(WorkflowScenario.Store)).For(WorkflowKind.AbandonedCart);
        Assert.That(saved.ControlGroupPercent, Is.EqualTo(0m), "nothing was saved");
        Assert.That(errors, Is.Empty);
    }
}
