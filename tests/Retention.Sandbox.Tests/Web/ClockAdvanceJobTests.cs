using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retention.Core.Loyalty;
using Retention.Core.Workflows;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Web;
using Retention.Sandbox.Workflows;

namespace Retention.Sandbox.Tests.Web;

/// <summary>
/// The admin's "advance the clock" as a job: the post starts it and redirects to its page, which refreshes with the
/// progress until the report is there; the report lists the due steps worked, and reading it again moves nothing.
/// </summary>
public sealed class ClockAdvanceJobTests : WorkflowServerFixture
{
    private const int Erin = 900_501;   // leaves her cart just before the advance
    private SandboxClock _clock = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await PrepareServerAsync(customers: 150);
        await WorkflowScenario.AddShopperAsync(Server.State.Database, Erin, "Erin", Server.State.AsOfUtc);
        await WorkflowScenario.ConfigureAsync(Server.State.Database, WorkflowKind.AbandonedCart, w => w with { ControlGroupPercent = 0m });
        await StartServerAsync();
        _clock = Server.Services.GetRequiredService<SandboxClock>();
    }

    private static string Figure(string page, string label) =>
        Regex.Match(page, $"<span class=\"value\">([^<]*)</span><span class=\"label\">{Regex.Escape(label)}</span>").Groups[1].Value;

    private async Task<int> OutboxCountAsync()
    {
        await using var db = Server.State.Database.CreateContext();
        return await db.Outbox.CountAsync();
    }

    [Test]
    public async Task An_advance_runs_as_a_job_whose_report_lists_the_due_steps_worked_and_a_refresh_of_it_does_not_advance_again()
    {
        // Midday, so the first cart email (an hour after the cart went idle) falls outside the quiet hours.
        var hoursToNoon = (36 - _clock.UtcNow.Hour) % 24;
        await _clock.AdvanceAsync(TimeSpan.FromHours(hoursToNoon));
        await WorkflowScenario.FillCartAsync(Server.State.Database, Erin, 2, _clock.UtcNow.AddMinutes(-10));
        var before = _clock.Offset;

        using var response = await Web.PostAsync("/admin/clock/advance", "/admin", ("hours", "0"), ("days", "1"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        var job = response.Headers.Location!.ToString();
        Assert.That(job, Does.Match("^/admin/clock/jobs/[0-9a-f]{32}$"));
        // Every page read while the job runs must be the refreshing progress page; the helper checks that, then returns the report.
        var report = await Web.FinishedClockJobAsync(job);

        Assert.That(_clock.Offset - before, Is.GreaterThanOrEqualTo(TimeSpan.FromDays(1)).And.LessThan(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1)));
        Assert.That(report, Does.Contain("id=\"clock-result\"").And.Contain("the loyalty sweep ran for each day that began (1)"));
        Assert.That(report, Does.Not.Contain("<meta http-equiv=\"refresh\""), "a finished job's page stays put");
        var row = Regex.Match(report, "<tr><td>Abandoned cart</td><td>1</td><td>([\\d,]+)</td><td>([\\d,]+)</td><td>([\\d,]+)</td></tr>");
        Assert.That(row.Success, Is.True, "the report lists the abandoned cart's first step among the steps worked: " + report);
        Assert.That(int.Parse(row.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(1), "Erin's first email");
        Assert.That(int.Parse(Figure(report, "Sent"), NumberStyles.AllowThousands, CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(1));
        Assert.That(report, Does.Contain("id=\"still-due\">Nothing due by the end of the period is left"));
        // Her abandoned-cart emails (the night may also give her a milestone badge, with its own email).
        Assert.That((await WorkflowScenario.EmailsAsync(Server.State.Database, Erin)).Select(m => m.TemplateName)
                .Where(t => t.StartsWith("Retention.AbandonedCart.", StringComparison.Ordinal)),
            Is.EqualTo(new[] { "Retention.AbandonedCart.Step1", "Retention.AbandonedCart.Step2" }),
            "her emails of the day (1 h and 24 h after the cart went idle) were queued before the report said done");

        var (moved, emails) = (_clock.Offset, await OutboxCountAsync());
        var (status, again) = await Web.GetAsync(job);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(again, Does.Contain("id=\"clock-result\""), "the report is there to see again");
        Assert.That(_clock.Offset, Is.EqualTo(moved), "a refresh of the job's page does not move the clock");
        Assert.That(await OutboxCountAsync(), Is.EqualTo(emails), "nor work any step again");
    }

    [Test]
    public async Task While_an_advance_runs_its_page_refreshes_with_the_progress_and_a_second_post_goes_to_it_instead_of_moving_the_clock()
    {
        var jobs = Server.Services.GetRequiredService<ClockAdvanceJobs>();
        var from = _clock.UtcNow;
        var halfway = new ClockAdvanceReport(from, from.AddHours(3), 2, new WorkflowRunReport(7, 5, 1, 2, 0, 0, 0, false), 0, new NightlyReport(0, 0, 0, 0, 0, 0), []);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var told = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (job, started) = jobs.Start(TimeSpan.FromHours(6), async (progress, ct) =>
        {
            progress.Report(new ClockAdvanceProgress(halfway, from.AddHours(6), "Working the workflow steps due by then (run 3)"));
            told.SetResult();
            await gate.Task.WaitAsync(ct);
            return halfway with { ToUtc = from.AddHours(6), Runs = 3 };
        });
        try
        {
            Assert.That(started, Is.True);
            await told.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var path = OutboxPages.JobPath(job.Id);
            var (_, running) = await Web.GetAsync(path);
            Assert.That(running, Does.Contain("id=\"clock-running\"").And.Contain("<meta http-equiv=\"refresh\" content=\"1\">"));
            Assert.That(running, Does.Contain("Moving the clock on by 6 hours: Working the workflow steps due by then (run 3)"));
            Assert.That(running, Does.Contain(Time(from.AddHours(3))).And.Contain("moving to " + Time(from.AddHours(6))));
            Assert.That(Figure(running, "Enrolled"), Is.EqualTo("7"));
            Assert.That(Figure(running, "Sent"), Is.EqualTo("5"));

            var offset = _clock.Offset;
            using var second = await Web.PostAsync("/admin/clock/advance", "/admin", ("hours", "2"), ("days", "0"));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(second.Headers.Location!.ToString(), Is.EqualTo(path), "one advance at a time: the second post is shown the running one");
            Assert.That(_clock.Offset, Is.EqualTo(offset), "and moves nothing");
        }
        finally
        {
            gate.TrySetResult();
            await job.Completion;
        }
        var (_, done) = await Web.GetAsync(OutboxPages.JobPath(job.Id));
        Assert.That(done, Does.Contain("id=\"clock-result\"").And.Contain("(3 runs)"));
        Assert.That(done, Does.Not.Contain("id=\"clock-running\""));
    }

    [Test]
    public async Task A_job_the_sandbox_no_longer_keeps_shows_the_clock_as_it_is()
    {
        var (status, page) = await Web.GetAsync("/admin/clock/jobs/0123456789abcdef0123456789abcdef");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page, Does.Contain("That advance is no longer kept").And.Contain("id=\"clock\""));
    }

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
