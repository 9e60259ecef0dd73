using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retention.Core.Workflows;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Web;

/// <summary>The admin's clock control: moving the sandbox's time plays the abandoned-cart sequence out, email by email.</summary>
public sealed class WorkflowSequenceTests : WorkflowServerFixture
{
    private const int Carl = 900_401;   // leaves his cart
    private const int Dora = 900_402;   // leaves hers, then orders
    private SandboxClock _clock = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await PrepareServerAsync(customers: 150);
        var database = Server.State.Database;
        await WorkflowScenario.AddShopperAsync(database, Carl, "Carl", Server.State.AsOfUtc);
        await WorkflowScenario.AddShopperAsync(database, Dora, "Dora", Server.State.AsOfUtc);
        // Nobody held back: the test follows two particular customers.
        await WorkflowScenario.ConfigureAsync(database, WorkflowKind.AbandonedCart, w => w with { ControlGroupPercent = 0m });
        await StartServerAsync();
        _clock = Server.Services.GetRequiredService<SandboxClock>();
    }

    private async Task<string> AdvanceAsync(string hours, string days)
    {
        using var response = await Web.PostAsync("/admin/clock/advance", "/admin", ("hours", hours), ("days", days));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        // Post, redirect, get: the advance is a job with a page of its own, so a refresh shows it again instead of advancing twice.
        var job = response.Headers.Location!.ToString();
        Assert.That(job, Does.StartWith("/admin/clock/jobs/"));
        return await Web.FinishedClockJobAsync(job);
    }

    private static string Figure(string page, string label) =>
        Regex.Match(page, $"<span class=\"value\">([^<]*)</span><span class=\"label\">{Regex.Escape(label)}</span>").Groups[1].Value;

    [Test]
    public async Task Advance_needs_its_antiforgery_token_and_a_sensible_amount_and_changes_nothing_otherwise()
    {
        var (_, admin) = await Web.GetAsync("/admin");
        Assert.That(admin, Does.Contain("id=\"clock\"").And.Contain($"Sandbox time: <strong class=\"now\">{_clock.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        var before = _clock.Offset;

        using (var forged = await Web.PostWithoutTokenAsync("/admin/clock/advance", ("hours", "5"), ("days", "0")))
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        foreach (var (hours, days, message) in new[]
                 {
                     ("0", "0", "at least one hour or one day"), ("-3", "0", "Hours: &#39;-3&#39; is not a whole number"),
                     ("x", "0", "Hours: &#39;x&#39; is not a whole number"), ("0", "400", "Days: &#39;400&#39; is not a whole number from 0 to 365"),
                     ("8760", "365", "at most 366 days at a time"),
                 })
        {
            using var refused = await Web.PostAsync("/admin/clock/advance", "/admin", ("hours", hours), ("days", days));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), $"{hours} h {days} d");
            Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain(message), $"{hours} h {days} d");
        }
        Assert.That(_clock.Offset, Is.EqualTo(before), "a refused request does not move the clock");
    }

    [Test]
    public async Task Advancing_two_days_sweeps_loyalty_for_each_day_begun_and_a_refresh_of_the_report_does_not_move_the_clock_again()
    {
        using var response = await Web.PostAsync("/admin/clock/advance", "/admin", ("hours", "0"), ("days", "2"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var report = response.Headers.Location!.ToString();
        var first = await Web.FinishedClockJobAsync(report);
        var moved = _clock.Offset;
        var (_, again) = await Web.GetAsync(report);

        Assert.That(first, Does.Contain("id=\"clock-result\"").And.Contain("the loyalty sweep ran for each day that began (2)"));
        Assert.That(again, Does.Contain("id=\"clock-result\""), "the report is there to see again");
        Assert.That(_clock.Offset, Is.EqualTo(moved), "showing the report does not advance the clock");
        Assert.That(Figure(first, "Expiry entries"), Does.Match(@"^[\d,]+$"));
    }

    [Test]
    public async Task Abandoned_cart_sends_three_emails_at_1_24_and_72_hours_with_the_coupon_in_the_third_and_stops_after_an_order()
    {
        var database = Server.State.Database;
        // Midday, so the sends fall outside the quiet hours (21:00–08:00 in the store's zone).
        var hoursToNoon = (36 - _clock.UtcNow.Hour) % 24;
        if (hoursToNoon > 0)
            await AdvanceAsync(hoursToNoon.ToString(CultureInfo.InvariantCulture), "0");
        var start = _clock.UtcNow;
        await WorkflowScenario.FillCartAsync(database, Carl, 2, start.AddMinutes(-10));
        await WorkflowScenario.FillCartAsync(database, Dora, 1, start.AddMinutes(-10));

        var first = await AdvanceAsync("1", "0");
        Assert.That(first, Does.Contain("id=\"clock-result\""));
        Assert.That(int.Parse(Figure(first, "Sent"), NumberStyles.AllowThousands, CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(2));
        Assert.That((await WorkflowScenario.EmailsAsync(database, Carl)).Select(m => m.TemplateName), Is.EqualTo(new[] { "Retention.AbandonedCart.Step1" }));
        Assert.That((await WorkflowScenario.EmailsAsync(database, Dora)).Select(m => m.TemplateName), Is.EqualTo(new[] { "Retention.AbandonedCart.Step1" }));

        using (var order = await Web.PostAsync($"/api/shop/order?customer={Dora}", "/admin"))
            Assert.That(order.StatusCode, Is.EqualTo(HttpStatusCode.OK), "Dora checks out through the sandbox's checkout");
        await AdvanceAsync("23", "0");
        await AdvanceAsync("0", "2");

        // Carl's abandoned-cart emails: the nights passed may also give him a milestone badge, with its own email.
        var carl = (await WorkflowScenario.EmailsAsync(database, Carl)).Where(m => m.TemplateName.StartsWith("Retention.AbandonedCart.", StringComparison.Ordinal)).ToList();
        Assert.That(carl.Select(m => m.TemplateName), Is.EqualTo(new[] { "Retention.AbandonedCart.Step1", "Retention.AbandonedCart.Step2", "Retention.AbandonedCart.Step3" }));
        var anchor = start.AddMinutes(-10);
        Assert.That(carl.Select(m => m.CreatedOnUtc - anchor), Has.All.GreaterThanOrEqualTo(TimeSpan.Zero));
        Assert.That(carl[0].CreatedOnUtc - anchor, Is.GreaterThanOrEqualTo(TimeSpan.FromHours(1)).And.LessThan(TimeSpan.FromHours(2)));
        Assert.That(carl[1].CreatedOnUtc - anchor, Is.GreaterThanOrEqualTo(TimeSpan.FromHours(24)).And.LessThan(TimeSpan.FromHours(25)));
        Assert.That(carl[2].CreatedOnUtc - anchor, Is.GreaterThanOrEqualTo(TimeSpan.FromHours(72)).And.LessThan(TimeSpan.FromHours(73)));
        var coupons = carl.Select(m => JsonSerializer.Deserialize<Dictionary<string, string>>(m.TokensJson)!.GetValueOrDefault(WorkflowTokens.CouponCode) ?? "").ToList();
        Assert.That(coupons[0], Is.Empty);
        Assert.That(coupons[1], Is.Empty);
        Assert.That(coupons[2], Is.Not.Empty, "the third email carries the coupon");
        await using (var db = database.CreateContext())
            Assert.That(await db.Coupons.CountAsync(c => c.Code == coupons[2]), Is.EqualTo(1), "issued once, in the store");

        var doras = (await WorkflowScenario.EmailsAsync(database, Dora)).Select(m => m.TemplateName).ToList();
        Assert.That(doras.Where(t => t.StartsWith("Retention.AbandonedCart.", StringComparison.Ordinal)), Is.EqualTo(new[] { "Retention.AbandonedCart.Step1" }),
            "Dora's order ended her sequence: " + string.Join(", ", doras));
        await using (var db = database.CreateContext())
        {
            // Her order may also have lifted her tier: that congratulation is an enrollment of its own (the tier-up workflow).
            var dora = await db.Enrollments.AsNoTracking().SingleAsync(e => e.CustomerId == Dora && e.WorkflowId == (int)WorkflowKind.AbandonedCart);
            Assert.That(dora.StateId, Is.EqualTo((int)EnrollmentState.Exited));
        }

        var (_, outbox) = await Web.GetAsync($"/outbox?customer={Carl}");
        // The outbox page shows each of his emails: the three abandoned-cart ones and any badge a night gave him.
        Assert.That(Regex.Matches(outbox, "<article class=\"email\"").Count, Is.EqualTo((await WorkflowScenario.EmailsAsync(database, Carl)).Count));
        Assert.That(carl, Has.Count.EqualTo(3));
        Assert.That(outbox, Does.Contain("Demo store: a coupon for your cart").And.Contain(coupons[2]));

        // Carl follows the third email back to his cart and checks out with its coupon: the list credits the workflow.
        var restore = JsonSerializer.Deserialize<Dictionary<string, string>>(carl[2].TokensJson)![WorkflowTokens.CartRestoreUrl];
        using (var back = await Web.Http.GetAsync(new Uri(restore).PathAndQuery + $"?customer={Carl}"))
            Assert.That(back.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        await AdvanceAsync("1", "0"); // he browses a while (the checkout stamps orders to the second)
        using (var order = await Web.PostAsync($"/api/shop/order?customer={Carl}&coupon={Uri.EscapeDataString(coupons[2])}", "/admin"))
            Assert.That(order.StatusCode, Is.EqualTo(HttpStatusCode.OK), await order.Content.ReadAsStringAsync());
        var (_, list) = await Web.GetAsync("/admin/workflows");
        var row = Regex.Match(list, "<tr data-workflow=\"AbandonedCart\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
        var cells = Regex.Matches(row, "<td class=\"num\">([^<]*)</td>").Select(m => m.Groups[1].Value).ToList();
        // Priority, steps, sent, converted, attributed revenue; the rates have cells of their own.
        Assert.That(int.Parse(cells[2], NumberStyles.AllowThousands, CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(4), "Carl's three and Dora's one");
        Assert.That(Regex.Match(row, "<td class=\"num click-rate\">([^<]*)</td>").Groups[1].Value, Does.Match("^[1-9]\\d*\\.\\d%$"), "his click counted");
        Assert.That(int.Parse(cells[3], NumberStyles.AllowThousands, CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(1));
        Assert.That(cells[4], Is.Not.EqualTo("$0.00"));
    }
}
