using Retention.Core.Common;
using Retention.Core.Messaging;
using Retention.Core.Store;

namespace Retention.Core.Workflows;

/// <summary>One store's facts for a due batch, read once; the decisions update the cap's send times and the look-ahead as they go.</summary>
internal sealed class DueStepFacts
{
    public Dictionary<CustomerId, ContactFacts> Contacts { get; } = new();
    public Dictionary<CustomerId, List<DateTime>> SendTimes { get; } = new();
    public Dictionary<CustomerId, List<Enrollment>> Active { get; } = new();
    public HashSet<long> Clicked { get; } = new();
    public Dictionary<int, DateTime> LastOrderUtc { get; } = new();
    public HashSet<int> WithCart { get; } = new();
    /// <summary>Win-back's customers' carts and abandoned-cart emails; absent = none.</summary>
    public Dictionary<CustomerId, ShoppingActivity> Shopping { get; } = new();

    public List<DateTime> TimesOf(CustomerId customer) =>
        SendTimes.TryGetValue(customer, out var times) ? times : SendTimes[customer] = new List<DateTime>();

    /// <summary>Keeps the look-ahead as it will be once the transition is written (the step moved on, deferred, or closed).</summary>
    public void Apply(Enrollment enrollment, EnrollmentTransition transition)
    {
        if (!Active.TryGetValue(enrollment.Customer, out var active))
            return;
        active.RemoveAll(e => e.Id == enrollment.Id);
        if (transition.State == EnrollmentState.Active)
            active.Add(enrollment with { NextStep = transition.NextStep, NextDueUtc = transition.NextDueUtc });
    }
}

/// <summary>
/// Reads, in chunks of <see cref="WorkflowRun.ReadChunkSize"/> customers, only the facts a store's due steps can need:
/// last orders (exit on purchase), carts, clicks, contact facts, for the weekly cap the marketing send times and the
/// customers' other active enrollments, and for win-back the customers' shopping (<see cref="ShoppingActivity"/>).
/// </summary>
internal sealed class DueStepFactReader(IStoreData store, IQueryRunner runner, IWorkflowEventStore events, IContactDirectory contacts, IMessageOutbox outbox,
    IBuiltInReminders builtInReminders, IEnrollmentStore enrollments)
{
    public async Task<DueStepFacts> ReadAsync(StoreId storeId, IReadOnlyList<Enrollment> due, StoreRun run, DateTime now, CancellationToken cancellationToken)
    {
        var facts = new DueStepFacts();
        var live = due.Select(e => (Enrollment: e, Workflow: run.Settings.For(e.Workflow)))
            .Where(x => run.Options.Enabled && x.Workflow.Enabled && x.Enrollment.NextStep < x.Workflow.Steps.Count).ToList();
        CustomerId[] CustomersWhere(Func<Enrollment, WorkflowSettings, bool> needs) =>
            live.Where(x => needs(x.Enrollment, x.Workflow)).Select(x => x.Enrollment.Customer).Distinct().ToArray();

        var ordering = CustomersWhere((_, w) => w.ExitOn.HasFlag(ExitOn.OrderPlaced));
        var carting = CustomersWhere((e, w) => w.ExitOn.HasFlag(ExitOn.CartEmptied) || w.Steps[e.NextStep].Condition == StepCondition.CartStillHasItems);
        var contacted = CustomersWhere((e, _) => !e.IsControl);
        var capped = CustomersWhere((e, w) => !e.IsControl && w.IsMarketing);
        var winningBack = CustomersWhere((e, _) => e.Workflow == WorkflowKind.WinBack);
        var clickable = live.Where(x => x.Workflow.Steps[x.Enrollment.NextStep].Condition == StepCondition.NotClickedYet).Select(x => x.Enrollment.Id).ToArray();
        const int chunkSize = WorkflowRun.ReadChunkSize;

        foreach (var chunk in ordering.Chunk(chunkSize))
            foreach (var last in await LastOrdersAsync(storeId, chunk, now, cancellationToken))
                facts.LastOrderUtc[last.Customer] = last.LastUtc;
        foreach (var chunk in carting.Chunk(chunkSize))
            facts.WithCart.UnionWith(await CustomersWithCartAsync(storeId, chunk, cancellationToken));
        foreach (var chunk in clickable.Chunk(chunkSize))
            facts.Clicked.UnionWith(await events.EnrollmentsWithAsync(chunk, WorkflowEventKind.Clicked, cancellationToken));
        foreach (var chunk in contacted.Chunk(chunkSize))
            foreach (var (customer, contact) in await contacts.GetManyAsync(storeId, chunk, cancellationToken))
                facts.Contacts[customer] = contact;

        var shopping = new ShoppingActivityReader(store, runner, enrollments, events);
        foreach (var chunk in winningBack.Chunk(chunkSize))
            foreach (var (customer, activity) in await shopping.ReadAsync(storeId, chunk, now, cancellationToken))
                facts.Shopping[customer] = activity;

        var since = now - ContactPolicy.CapWindow + TimeSpan.FromSeconds(1);
        foreach (var chunk in capped.Chunk(chunkSize))
        {
            foreach (var (customer, times) in await outbox.SentTimesSinceAsync(storeId, chunk, since, marketingOnly: true, cancellationToken))
                facts.TimesOf(customer).AddRange(times);
            foreach (var (customer, times) in await builtInReminders.SentTimesSinceAsync(storeId, chunk, since, cancellationToken))
                facts.TimesOf(customer).AddRange(times);
            foreach (var active in (await enrollments.ActiveForCustomersAsync(storeId, chunk, cancellationToken)).GroupBy(e => e.Customer))
                facts.Active[active.Key] = active.ToList();
        }
        return facts;
    }

    private sealed record LastOrder(int Customer, DateTime LastUtc);

    /// <summary>Each customer's latest counted order up to now, grouped in the database.</summary>
    private Task<List<LastOrder>> LastOrdersAsync(StoreId storeId, CustomerId[] customers, DateTime now, CancellationToken cancellationToken)
    {
        var ids = customers.Select(c => c.Value).ToArray();
        var query = new Metrics.CountedOrders(now.AddTicks(1), storeId.Value).Apply(store.Orders)
            .Where(o => ids.Contains(o.CustomerId))
            .GroupBy(o => o.CustomerId)
            .Select(g => new LastOrder(g.Key, g.Max(o => o.CreatedOnUtc)));
        return runner.ToListAsync(query, cancellationToken);
    }

    private Task<List<int>> CustomersWithCartAsync(StoreId storeId, CustomerId[] customers, CancellationToken cancellationToken)
    {
        var (id, ids) = (storeId.Value, customers.Select(c => c.Value).ToArray());
        return runner.ToListAsync(store.CartItems.Where(c => c.StoreId == id && ids.Contains(c.CustomerId)).Select(c => c.CustomerId).Distinct(),
            cancellationToken);
    }
}
