using System.Diagnostics;
using System.Globalization;
using Retention.Sandbox.Tests.Workflows;

namespace Retention.Sandbox.Tests.Farm;

/// <summary>
/// The web farm (issue 6, "Scale-out"): three sandbox processes on one PostgreSQL database, the workflow and loyalty
/// loops running on all of them at once, store events delivered to two nodes each and a fifth of them twice to one.
/// Everything is checked from the database: points once and right, balances equal to the entries, every due step's
/// email queued once with its event, nothing left due — also after a node is SIGKILLed inside a run, three times.
/// </summary>
[TestFixture, Category("Farm"), NonParallelizable]
public sealed class FarmTests
{
    private const int Nodes = 3;
    private const int Seed = 20261123;

    /// <summary>
    /// The clock's walk: past the night's quiet hours, then through the welcome (0, 3, 7 days) and review request
    /// (7, 14 days after delivery) sequences and the abandoned carts, to past the 14-day return window of the new points.
    /// </summary>
    private static readonly TimeSpan[] Hops =
        [TimeSpan.FromHours(9), TimeSpan.FromDays(1), TimeSpan.FromDays(2), TimeSpan.FromDays(4), TimeSpan.FromDays(7), TimeSpan.FromDays(2)];

    [SetUp]
    public void ReleaseIdleConnections() => Npgsql.NpgsqlConnection.ClearAllPools();

    [Test]
    public async Task Three_nodes_fed_duplicated_events_award_every_point_and_queue_every_due_step_exactly_once()
    {
        var watch = Stopwatch.StartNew();
        await using var farm = await FarmCluster.StartAsync(Nodes);
        AssertOneNodeBuiltTheDatabase(farm);
        await WorkflowRunner.OpenTheGatesAsync(farm.Database);

        var plan = await FarmWorkload.PlanAsync(farm.Database, orders: 1000, Seed);
        var burst = await FarmWorkload.FireAsync(farm, plan, Seed);
        Assert.That(await FarmChecks.PointsAsync(farm, plan), Is.Empty, "Right after the burst: every order's points once and right.");
        Assert.That(await FarmChecks.SettledBalancesAsync(farm, plan), Is.Empty);

        foreach (var hop in Hops)
            await FarmWorkload.AdvanceAndDrainAsync(farm, hop);
        var verdict = await FarmChecks.WorkflowsAsync(farm);
        var balances = await FarmChecks.SettledBalancesAsync(farm, plan);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Problems, Is.Empty);
            Assert.That(balances, Is.Empty, "After the pending points matured: balances still equal the entries.");
            Assert.That(verdict.Enrollments, Is.GreaterThanOrEqualTo(2000), "Enough enrollments for the figure to mean something.");
            Assert.That(verdict.Sent, Is.GreaterThan(1000), "Most due steps were emails (the rest withheld or skipped by rule).");
        });
        FarmFigures.Write("farm", $"{Nodes} nodes; {plan.Orders.Count} new orders → {plan.OrderEvents} order events (placed, paid, delivered) + " +
            $"{plan.Registrations.Count} registrations = {burst.Events} events; {burst.Deliveries} deliveries in {burst.Requests} requests " +
            $"(each event to 2 nodes, {burst.RepeatedOnOneNode} once more to the same node) in {burst.Elapsed.TotalSeconds:0.0} s; " +
            $"{verdict.Enrollments} enrollments, {verdict.StepEvents} step outcomes, {verdict.Sent} emails sent, {verdict.Outbox} outbox rows; " +
            $"duplicates found {verdict.Duplicates}; total {watch.Elapsed.TotalSeconds:0} s");
    }

    [Test]
    public async Task A_node_killed_inside_a_run_three_times_and_restarted_loses_and_duplicates_nothing()
    {
        var watch = Stopwatch.StartNew();
        // 20 ms per step (before each rendering, or before each commit chunk of a batched run), so a run over hundreds of
        // due steps lasts long enough to be killed inside.
        await using var farm = await FarmCluster.StartAsync(Nodes, "--fault-step-delay-ms", "20");
        await WorkflowRunner.OpenTheGatesAsync(farm.Database);
        var plan = await FarmWorkload.PlanAsync(farm.Database, orders: 400, Seed + 1);
        var burst = await FarmWorkload.FireAsync(farm, plan, Seed + 1);

        var kills = new List<string>();
        // Counted from the demo's workflow history already in the outbox: a node is killed after 15 emails of this run.
        var outboxAtLastKill = await FarmWorkload.OutboxCountAsync(farm.Database);
        async Task StrikeAsync()
        {
            if (kills.Count >= 3)
                return;
            var outbox = await FarmWorkload.OutboxCountAsync(farm.Database);
            if (outbox < outboxAtLastKill + 15 || await farm.RunLockHolderAsync() is not { } holder)
                return;
            holder.Kill();
            outboxAtLastKill = await FarmWorkload.OutboxCountAsync(farm.Database);
            kills.Add($"{holder.Name} at {outboxAtLastKill} outbox rows");
            holder.Start();
            await holder.WaitHealthyAsync(farm.Http, TimeSpan.FromMinutes(3));
        }
        foreach (var hop in Hops)
            await FarmWorkload.AdvanceAndDrainAsync(farm, hop, StrikeAsync);
        var verdict = await FarmChecks.WorkflowsAsync(farm);

        Assert.Multiple(() =>
        {
            Assert.That(kills, Has.Count.EqualTo(3), "Three nodes were killed while holding the run lock.");
            Assert.That(verdict.Problems, Is.Empty);
            Assert.That(verdict.Sent, Is.GreaterThan(0));
        });
        AssertOneNodeBuiltTheDatabase(farm);
        Assert.That(await FarmChecks.PointsAsync(farm, plan), Is.Empty);
        FarmFigures.Write("kill", $"{Nodes} nodes; {burst.Events} events, {burst.Deliveries} deliveries; SIGKILL of the run-lock holder {kills.Count} times " +
            $"({string.Join("; ", kills)}), each restarted; {verdict.Enrollments} enrollments, {verdict.StepEvents} step outcomes, " +
            $"{verdict.Sent} emails sent, {verdict.Outbox} outbox rows; duplicates found {verdict.Duplicates}, half-done steps 0; total {watch.Elapsed.TotalSeconds:0} s");
    }

    /// <summary>Nodes started together (and restarted) never both build: one did, every other start reused its data.</summary>
    private static void AssertOneNodeBuiltTheDatabase(FarmCluster farm)
    {
        var built = farm.Nodes.Sum(n => n.Output.Count(l => l.Contains("Building the sandbox database", StringComparison.Ordinal)));
        var reused = farm.Nodes.Sum(n => n.Output.Count(l => l.Contains("Using the existing", StringComparison.Ordinal)));
        Assert.That((built, reused), Is.EqualTo((1, farm.Nodes.Sum(n => n.Starts) - 1)), "One build in all node starts, every other start reused it.");
    }
}

/// <summary>The figures the README quotes, printed and kept in <c>test-output/farm-figures.txt</c> (one line per test, replaced on each run).</summary>
internal static class FarmFigures
{
    public static void Write(string test, string figures)
    {
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        var line = $"{test}: {figures} (load average {load}, {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC)";
        TestContext.Out.WriteLine(line);
        var folder = Path.Combine(RepositoryRoot(), "test-output");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "farm-figures.txt");
        var kept = File.Exists(path) ? File.ReadAllLines(path).Where(l => !l.StartsWith(test + ":", StringComparison.Ordinal)) : [];
        File.WriteAllLines(path, kept.Append(line));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Retention.Plugin.sln")))
                return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
