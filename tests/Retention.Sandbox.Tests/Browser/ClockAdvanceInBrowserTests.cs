using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Retention.Core.Loyalty;
using Retention.Core.Workflows;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Tests.Web;
using Retention.Sandbox.Web;
using Retention.Sandbox.Workflows;

namespace Retention.Sandbox.Tests.Browser;

/// <summary>
/// The clock advance's job page in Chromium: it reloads itself while the job runs and lands on the report without the
/// admin doing anything. Screenshots under test-output/screenshots.
/// </summary>
public sealed class ClockAdvanceInBrowserTests : BrowserFixture
{
    private const int Fay = 900_601;   // leaves her cart just before the advance

    protected override async Task<SandboxServer> PrepareAsync()
    {
        Server = await SandboxServer.PrepareAsync(customers: 150);
        await WorkflowScenario.AddShopperAsync(Server.State.Database, Fay, "Fay", Server.State.AsOfUtc);
        await WorkflowScenario.ConfigureAsync(Server.State.Database, WorkflowKind.AbandonedCart, w => w with { ControlGroupPercent = 0m });
        return Server;
    }

    [Test]
    public async Task A_running_advance_page_reloads_itself_with_the_progress_until_the_report_shows()
    {
        var jobs = Server.Services.GetRequiredService<ClockAdvanceJobs>();
        var from = Server.Services.GetRequiredService<SandboxClock>().UtcNow;
        var soFar = new ClockAdvanceReport(from, from.AddHours(20), 1, new WorkflowRunReport(12, 9, 2, 1, 4, 0, 0, false), 1,
            new NightlyReport(40, 3, 150, 2, 0, 5), []);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var told = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (job, _) = jobs.Start(TimeSpan.FromDays(1), async (progress, ct) =>
        {
            progress.Report(new ClockAdvanceProgress(soFar, from.AddDays(1), "Working the workflow steps due by the end of the day (run 2)"));
            told.SetResult();
            await gate.Task.WaitAsync(ct);
            return soFar with { ToUtc = from.AddDays(1), Runs = 2 };
        });
        await told.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);
        try
        {
            await page.GotoAsync(Server.BaseAddress + OutboxPages.JobPath(job.Id));
            Assert.That(await page.TextContentAsync("#clock-running"), Does.Contain("Working the workflow steps due by the end of the day (run 2)"));
            await SandboxBrowser.ScreenshotAsync(page, "clock-advance-running");

            gate.SetResult();
            // Nobody clicks: the page's own refresh brings the report.
            await page.WaitForSelectorAsync("#clock-result", new PageWaitForSelectorOptions { Timeout = 15_000 });
            Assert.That(await page.TextContentAsync("#clock-result"), Does.Contain("(2 runs)"));
            Assert.That(await page.QuerySelectorAsync("#clock-running"), Is.Null);
            Assert.That(errors, Is.Empty);
        }
        finally
        {
            gate.TrySetResult();
            await page.CloseAsync();
        }
    }

    [Test]
    public async Task The_admin_pages_clock_form_advances_a_day_and_lands_on_the_report_of_the_due_steps_worked()
    {
        var clock = Server.Services.GetRequiredService<SandboxClock>();
        await clock.AdvanceAsync(TimeSpan.FromHours((36 - clock.UtcNow.Hour) % 24)); // midday: outside the quiet hours
        await WorkflowScenario.FillCartAsync(Server.State.Database, Fay, 2, clock.UtcNow.AddMinutes(-10));
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);
        try
        {
            await page.GotoAsync(Server.BaseAddress + "/admin");
            await page.FillAsync("#clock input[name=days]", "1");
            await page.ClickAsync("#clock button");
            await page.WaitForSelectorAsync("#clock-result", new PageWaitForSelectorOptions { Timeout = 120_000 });
            Assert.That(page.Url, Does.Contain("/admin/clock/jobs/"));
            Assert.That(await page.TextContentAsync("#steps-worked"), Does.Contain("Abandoned cart"));
            Assert.That(await page.TextContentAsync("#still-due"), Does.Contain("every due step was worked"));
            await SandboxBrowser.ScreenshotAsync(page, "clock-advance-report");
            Assert.That(errors, Is.Empty);
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
