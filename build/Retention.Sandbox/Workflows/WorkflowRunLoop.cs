using Retention.Core.Workflows;

namespace Retention.Sandbox.Workflows;

/// <summary>
/// The sandbox's scheduled task: runs <see cref="WorkflowRun.RunAsync"/> every interval (what nopCommerce's schedule
/// task does in a store). Each run has its own scope, so its database context is fresh; a failed run is logged and the
/// next one tries again, as a schedule task would.
/// </summary>
public sealed class WorkflowRunLoop(IServiceScopeFactory scopes, TimeSpan interval, ILogger<WorkflowRunLoop> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            await RunOnceAsync(stoppingToken);
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>One run; false when it failed (logged).</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<WorkflowRun>().RunAsync(cancellationToken: cancellationToken);
            if (report.LockBusy)
                log.LogInformation("Workflow run skipped: another runner holds the lock.");
            else if (report.Enrolled + report.Sent + report.Withheld + report.Skipped + report.Exited + report.CouponsCleaned > 0)
                log.LogInformation("Workflow run: {Enrolled} enrolled, {Sent} sent, {Withheld} withheld (control group), {Skipped} skipped, {Deferred} deferred, {Exited} exited, {Coupons} coupons cleaned.",
                    report.Enrolled, report.Sent, report.Withheld, report.Skipped, report.Deferred, report.Exited, report.CouponsCleaned);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e)
        {
            log.LogError(e, "Workflow run failed; the next run tries again.");
            return false;
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
