using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Membership;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Demo;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Workflows;

namespace Retention.Sandbox.Tests.Farm;

/// <summary>What the database holds after a farm run, and every way it breaks "exactly once".</summary>
internal sealed record FarmVerdict(int Enrollments, int StepEvents, int Sent, int Outbox, int Duplicates, IReadOnlyList<string> Problems);

/// <summary>The farm's end state, read from the database alone (independently of the nodes' own reports).</summary>
internal static class FarmChecks
{
    private static readonly StoreId Store = new(1);
    private static readonly int[] StepKinds = [(int)WorkflowEventKind.Sent, (int)WorkflowEventKind.Withheld, (int)WorkflowEventKind.Skipped];

    /// <summary>
    /// Each new order's purchase entry exactly once, with the points Core's earning rule gives for the stored order at the
    /// customer's tier; each registration bonus once. Problems are returned, not asserted, so the caller reports them all at once.
    /// </summary>
    public static async Task<List<string>> PointsAsync(FarmCluster farm, FarmPlan plan)
    {
        var problems = new List<string>();
        var settings = await new EfLoyaltySettingsStore(farm.Database).LoadAsync(Store);
        await using var db = farm.Database.CreateContext();
        var ids = plan.Orders.Select(o => o.OrderId).ToList();
        var orders = await db.Orders.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id);
        var lines = (await db.OrderLines.AsNoTracking().Where(l => ids.Contains(l.OrderId)).ToListAsync()).ToLookup(l => l.OrderId);
        var customers = plan.Orders.Select(o => o.CustomerId).Concat(plan.Registrations).Distinct().ToList();
        var tiers = await db.TierStandings.AsNoTracking().Where(t => t.StoreId == Store.Value && customers.Contains(t.CustomerId)).ToDictionaryAsync(t => t.CustomerId, t => t.Tier);
        var ledger = await db.Ledger.AsNoTracking().Where(e => e.StoreId == Store.Value && customers.Contains(e.CustomerId))
            .Select(e => new { Key = e.IdempotencyKey, e.CustomerId, e.Points }).ToListAsync();
        var byKey = ledger.ToLookup(e => e.Key);
        // A demo member's order earns with the member's multiplier too, as it stood when the order was paid.
        var paidAt = new SettableClock();
        var membership = new MembershipProgram(SandboxStores.Membership(farm.Database), new EfLoyaltySettingsStore(farm.Database), new DemoMembership.Products(),
            new EfStoreData(db), new EfQueryRunner(), null, paidAt);

        foreach (var planned in plan.Orders)
        {
            if (!orders.TryGetValue(planned.OrderId, out var order))
            {
                problems.Add($"order {planned.OrderId} was never placed");
                continue;
            }
            paidAt.UtcNow = order.PaidDateUtc ?? order.CreatedOnUtc;
            var member = await membership.MultiplierAsync(Store, new CustomerId(order.CustomerId));
            var quote = Earning.Quote(await SandboxCheckout.EarnOrderAsync(db, order, lines[order.Id].ToList()), settings,
                MembershipRules.CombinedMultiplier(TierRules.MultiplierOf(settings.Tiers, tiers.GetValueOrDefault(order.CustomerId)), member));
            var entries = byKey[Earning.KeyFor(Store, order.Id).Value].ToList();
            if (entries.Count != 1)
                problems.Add($"order {order.Id}: {entries.Count} purchase entries");
            else if (entries[0].Points != quote.Points)
                problems.Add($"order {order.Id}: {entries[0].Points} points, the earning rule gives {quote.Points}");
            if (lines[order.Id].Count() != planned.Lines.Count)
                problems.Add($"order {order.Id}: {lines[order.Id].Count()} lines stored, {planned.Lines.Count} placed");
        }
        foreach (var customer in plan.Registrations)
            if (Bonuses.Registration(Store, new CustomerId(customer), settings, new FixedClock()) is not { } bonus || byKey[bonus.Key.Value].Count() != 1)
                problems.Add($"customer {customer}: the registration bonus is not there exactly once");

        return problems;
    }

    /// <summary>
    /// <see cref="BalancesAsync"/> once the farm is still enough to read it: the loops keep running on every node, so a
    /// sweep can write an entry (points lapsing by the clock, a birthday bonus) between reading the sums and asking a
    /// node. A race clears on the next read; a wrong balance stays — so the check is asked up to five times, 3 s apart
    /// (longer than the sweep's interval), and the last answer stands.
    /// </summary>
    public static async Task<List<string>> SettledBalancesAsync(FarmCluster farm, FarmPlan plan)
    {
        var problems = await BalancesAsync(farm, plan);
        for (var attempt = 1; attempt < 5 && problems.Count > 0; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            problems = await BalancesAsync(farm, plan);
        }
        return problems;
    }

    /// <summary>Every touched customer's balance (available + pending) as a node shows it equals the sum of their ledger entries.</summary>
    public static async Task<List<string>> BalancesAsync(FarmCluster farm, FarmPlan plan)
    {
        var problems = new List<string>();
        var customers = plan.Orders.Select(o => o.CustomerId).Concat(plan.Registrations).Distinct().ToList();
        Dictionary<int, int> sums;
        await using (var db = farm.Database.CreateContext())
            sums = await db.Ledger.AsNoTracking().Where(e => e.StoreId == Store.Value && customers.Contains(e.CustomerId))
                .GroupBy(e => e.CustomerId).Select(g => new { g.Key, Sum = g.Sum(e => e.Points) }).ToDictionaryAsync(g => g.Key, g => g.Sum);
        await Parallel.ForEachAsync(customers.Select((c, i) => (c, i)), new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (item, ct) =>
        {
            var node = farm.Nodes[item.i % farm.Nodes.Count];
            var rewards = await farm.Http.GetFromJsonAsync<JsonElement>(new Uri(node.BaseAddress, $"/api/shop/rewards?customer={item.c}"), ct);
            var balance = rewards.GetProperty("available").GetInt32() + rewards.GetProperty("pending").GetInt32();
            if (balance != sums.GetValueOrDefault(item.c))
                lock (problems)
                    problems.Add($"customer {item.c}: node {node.Name} shows {balance} points, the entries sum to {sums.GetValueOrDefault(item.c)}");
        });
        return problems;
    }

    /// <summary>
    /// The workflows' end state: no step left due; every enrollment has exactly one outcome event (sent, withheld or
    /// skipped) for each step it moved past and none beyond; every sent event has exactly one outbox row under its key
    /// and every workflow email in the outbox its sent event (no half-done step either way); outbox keys unique.
    /// </summary>
    public static async Task<FarmVerdict> WorkflowsAsync(FarmCluster farm)
    {
        var problems = new List<string>();
        var now = (await farm.ClockAsync()).UtcNow;
        await using var db = farm.Database.CreateContext();
        var enrollments = await db.Enrollments.AsNoTracking().ToListAsync();
        var events = await db.WorkflowEvents.AsNoTracking().Where(e => StepKinds.Contains(e.KindId))
            .Select(e => new { Key = e.EventKey, e.EnrollmentId, e.Step, e.KindId }).ToListAsync();
        var outbox = await db.Outbox.AsNoTracking().Select(m => m.IdempotencyKey).ToListAsync();
        var duplicates = 0;

        var due = enrollments.Count(e => e.StateId == (int)EnrollmentState.Active && e.NextDueUtc <= now);
        if (due > 0)
            problems.Add($"{due} enrollments are still due at {now:u}");

        var stepEvents = events.GroupBy(e => (e.EnrollmentId, e.Step)).ToDictionary(g => g.Key, g => g.Count());
        duplicates += stepEvents.Values.Sum(c => c - 1);
        foreach (var enrollment in enrollments)
        {
            for (var step = 0; step < enrollment.NextStep; step++)
                if (stepEvents.GetValueOrDefault((enrollment.Id, step)) != 1)
                    problems.Add($"enrollment {enrollment.Id} moved past step {step} with {stepEvents.GetValueOrDefault((enrollment.Id, step))} outcome events");
            // A permanent skip closes the enrollment at the step it skipped; anything else at or past NextStep was not
            // followed by its advance (or, on an active enrollment, is a half-done step).
            var beyond = stepEvents.Where(s => s.Key.EnrollmentId == enrollment.Id && s.Key.Step >= enrollment.NextStep).ToList();
            if (beyond.Count > 0 && !(enrollment.StateId == (int)EnrollmentState.Exited && beyond.All(b => b.Key.Step == enrollment.NextStep)))
                problems.Add($"enrollment {enrollment.Id} (state {enrollment.StateId}, next step {enrollment.NextStep}) has outcome events at steps {string.Join(",", beyond.Select(b => b.Key.Step))}");
        }

        var outboxKeys = outbox.GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
        duplicates += outboxKeys.Values.Sum(c => c - 1);
        var sent = events.Where(e => e.KindId == (int)WorkflowEventKind.Sent).ToList();
        foreach (var e in sent)
            if (outboxKeys.GetValueOrDefault(e.Key) != 1)
                problems.Add($"sent event {e.Key} has {outboxKeys.GetValueOrDefault(e.Key)} outbox rows");
        var sentKeys = sent.Select(e => e.Key).ToHashSet();
        // Workflow emails are queued under their step's key (Enrollment.StepKey); tier-up emails have keys of their own.
        foreach (var key in outboxKeys.Keys.Where(k => k.StartsWith("wf-step:", StringComparison.Ordinal) && !sentKeys.Contains(k)))
            problems.Add($"outbox row {key} has no sent event");
        if (duplicates > 0)
            problems.Add($"{duplicates} duplicates (outbox keys or step outcomes)");
        return new FarmVerdict(enrollments.Count, events.Count, sent.Count, outbox.Count, duplicates, problems);
    }

    private sealed class SettableClock : IClock
    {
        public DateTime UtcNow { get; set; }
    }

    /// <summary>Only the key of a registration bonus is read here, which does not depend on the time.</summary>
    private sealed class FixedClock : IClock
    {
        public DateTime UtcNow => new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    }
}
