// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Core.Tables;

namespace Retention.Core.Membership;

/// <summary>What one night did to the store's memberships.</summary>
public sealed record MembershipNightReport(int Reconciled, int Lapsed);

/// <summary>The dashboard's membership figures for a window (the one definition /admin/membership, the dashboard and the finance report show).</summary>
/// <param name="Members">Members now (standing rows with the perks).</param>
/// <param name="Churned">Memberships whose perks ended in the window and were not renewed.</param>
/// <param name="Renewals">Periods paid in the window that continued a running membership.</param>
/// <param name="Starts">Periods paid in the window that started one (new members, returning ones included).</param>
/// <param name="RenewalRate">The renewal rate: paid renewals ÷ renewals due in the window, where a renewal was due for
/// every membership that renewed or ended in it (renewals paid + memberships ended); null when none was due.</param>
/// <param name="RevenuePerMember">Order revenue in the window ÷ customers who ordered in it, among the window's members
/// (<see cref="Tables.MembershipStore.MembersSinceAsync"/>); null when no member ordered.</param>
/// <param name="RevenuePerNonMember">The same among everyone else who ordered; null when nobody else ordered.</param>
/// <param name="Savings">What the perks gave members' orders in the window (discount, shipping, extra points' value).</param>
/// <param name="MembershipRevenue">The totals of the orders that paid a membership period in the window (refunded periods left out).</param>
public sealed record MembershipDashboard(int Members, int Churned, int Renewals, int Starts, decimal? RenewalRate, decimal? RevenuePerMember = null,
    decimal? RevenuePerNonMember = null, int MembersWhoOrdered = 0, int NonMembersWhoOrdered = 0, decimal Savings = 0m, decimal MembershipRevenue = 0m);

/// <summary>
/// Paid membership in the store: the events that grant, renew, take back, fail and cancel it (through Core's door,
/// <see cref="Events.StoreEvents"/>), the night that lets memberships lapse, the perks checkout and the award read, and
/// the "saved you X" figure. The state is judged one way, by <see cref="MembershipRules.Status"/> over the recorded
/// facts; the standing row is what the night and the dashboard read, and the host mirrors every change of it (the plugin:
/// the member customer role, which the member discounts' requirement and the member-only products' ACL hang on).
/// </summary>
public sealed class MembershipProgram : IMemberEarning
{
    private readonly MembershipStore _rows;
    private readonly ILoyaltySettingsStore _settings;
    private readonly IMembershipProducts _products;
    private readonly IStoreData _store;
    private readonly IQueryRunner _runner;
    private readonly IMembershipObserver? _observer;
    private readonly IClock _clock;

    // observer: the host's mirror of a change; null where nothing needs mirroring (the sandbox reads the status).
    public MembershipProgram(MembershipStore rows, ILoyaltySettingsStore settings, IMembershipProducts products, IStoreData store, IQueryRunner runner,
        IMembershipObserver? observer, IClock clock)
    {
        _rows = rows;
        _settings = settings;
        _products = products;
        _store = store;
        _runner = runner;
        _observer = observer;
        _clock = clock;
    }

    /// <summary>The store's membership settings.</summary>
    public async Task<MembershipSettings> SettingsAsync(StoreId store, CancellationToken cancellationToken = default) =>
        (await _settings.LoadAsync(store, cancellationToken)).Membership ?? new MembershipSettings();

    /// <summary>
    /// An order was paid: when it holds the membership product it grants (first or after a lapse) or renews the
    /// membership by one cycle of the product; when it carries what the perks gave, that is recorded for the savings
    /// figure. Safe to replay (the period and the saving are keyed by the order). The status after it.
    /// </summary>
    public async Task<MemberStatus> OrderPaidAsync(MembershipOrder order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (await Erasure.IsErasedAsync(_store, _runner, order.Customer, cancellationToken)) return MemberStatus.None;
        var settings = await SettingsAsync(order.Store, cancellationToken);
        if (settings.Enabled && settings.ProductId > 0 && order.ProductIds.Contains(settings.ProductId))
        {
            var cycle = await _products.CycleOfAsync(order.Store, settings.ProductId, cancellationToken) ?? MembershipCycle.Yearly;
            var before = await StatusAtAsync(order.Store, order.Customer, settings, order.PaidUtc, cancellationToken);
            await _rows.AddPeriodAsync(order.Store, order.Customer, order.OrderId, order.PaidUtc, cycle, before.IsMember, cancellationToken);
        }
        if (order.Perks is { } perks && perks.Total > 0m)
            await _rows.AddSavingAsync(order.Store, order.Customer, order.OrderId, "perks", order.PaidUtc, perks with { ExtraPoints = 0, PointsValue = 0m },
                cancellationToken);
        return await ReconcileAsync(order.Store, order.Customer, cancellationToken);
    }

    /// <summary>
    /// An order was cancelled, fully refunded or deleted: the period it paid and what its perks gave are taken back (a
    /// later renewal then continues from the period before). A partial refund keeps both: the order still bought the
    /// membership. Safe to replay.
    /// </summary>
    public async Task<MemberStatus> OrderReversedAsync(StoreId store, CustomerId customer, int orderId, CancellationToken cancellationToken = default)
    {
        await _rows.TakeBackOrderAsync(store, orderId, cancellationToken);
        return await ReconcileAsync(store, customer, cancellationToken);
    }

    /// <summary>The renewal due at the paid-through date failed (the payment gateway said so): recorded once per due date; grace runs from that date.</summary>
    public async Task<MemberStatus> RenewalFailedAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var status = await StatusAsync(store, customer, cancellationToken);
        if (status.PaidThroughUtc is { } due)
            await _rows.AddFailureAsync(store, customer, due, cancellationToken);
        return await ReconcileAsync(store, customer, cancellationToken);
    }

    /// <summary>The recurring payment was cancelled: the member keeps the perks to the paid-through date, then it ends without grace. Safe to replay.</summary>
    public async Task<MemberStatus> CancelledAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var facts = await _rows.FactsAsync(store, customer, cancellationToken);
        if (facts.Payments.Count > 0)
            await _rows.AddCancellationAsync(store, customer, facts.LastOrderId, _clock.UtcNow, cancellationToken);
        return await ReconcileAsync(store, customer, cancellationToken);
    }

    /// <summary>
    /// The host's recurring payment as it stands now, read each night: when it paid the running membership (the last
    /// period's order is one of its orders; an older, replaced subscription says nothing), a failed last payment is the
    /// renewal failed (the grace runs), and an inactive one without a failure is a cancellation. A store that cancels
    /// after a failed payment (nopCommerce's "cancel recurring payments after failed payment") is a failure: the customer
    /// did not choose to leave, so the grace applies. Keyed as those facts are, so every night may say it again.
    /// </summary>
    public async Task<MemberStatus> SubscriptionAsync(MembershipSubscription subscription, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var facts = await _rows.FactsAsync(subscription.Store, subscription.Customer, cancellationToken);
        if (facts.Payments.Count == 0 || !subscription.OrderIds.Contains(facts.LastOrderId))
            return await StatusAsync(subscription.Store, subscription.Customer, cancellationToken);
        if (subscription.LastPaymentFailed)
            return await RenewalFailedAsync(subscription.Store, subscription.Customer, cancellationToken);
        if (!subscription.Active)
            return await CancelledAsync(subscription.Store, subscription.Customer, cancellationToken);
        return await StatusAsync(subscription.Store, subscription.Customer, cancellationToken);
    }

    /// <summary>The membership now, from the recorded facts.</summary>
    public async Task<MemberStatus> StatusAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default) =>
        await StatusAtAsync(store, customer, await SettingsAsync(store, cancellationToken), _clock.UtcNow, cancellationToken);

    /// <summary>The perks the customer gets now; null for a non-member or while membership is switched off.</summary>
    public async Task<MemberPerks?> PerksAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var settings = await SettingsAsync(store, cancellationToken);
        if (!settings.Enabled) return null;
        var status = await StatusAtAsync(store, customer, settings, _clock.UtcNow, cancellationToken);
        return status.IsMember ? new MemberPerks(settings.DiscountPercent, settings.FreeShipping, settings.PointsMultiplier) : null;
    }

    public async Task<decimal> MultiplierAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default) =>
        (await PerksAsync(store, customer, cancellationToken))?.PointsMultiplier ?? 1m;

    public async Task ExtraPointsEarnedAsync(StoreId store, CustomerId customer, int orderId, int extraPoints, decimal currencyPerPoint,
        CancellationToken cancellationToken = default)
    {
        if (extraPoints <= 0) return;
        await _rows.AddSavingAsync(store, customer, orderId, "points", _clock.UtcNow,
            new MemberSaving(0m, 0m, extraPoints, Math.Round(extraPoints * currencyPerPoint, 2, MidpointRounding.AwayFromZero)), cancellationToken);
    }

    /// <summary>What the perks saved the customer this calendar year (UTC), from what was recorded per order.</summary>
    public Task<MemberSaving> SavedThisYearAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var now = _clock.UtcNow;
        var start = new DateTime(now.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        return _rows.SavingsAsync(store, customer, start, start.AddYears(1), cancellationToken);
    }

    /// <summary>
    /// Recomputes the customer's membership now, saves the standing, and tells the host when the customer gained or lost
    /// the perks. Called after every fact and by the night; a second call changes nothing.
    /// </summary>
    public async Task<MemberStatus> ReconcileAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var settings = await SettingsAsync(store, cancellationToken);
        var now = _clock.UtcNow;
        var status = await StatusAtAsync(store, customer, settings, now, cancellationToken);
        var was = await _rows.WasMemberAsync(store, customer, cancellationToken);
        var member = status.IsMember && settings.Enabled;
        if (status.State == MemberState.None && !was)
            return status;
        await _rows.SaveStandingAsync(store, customer, member == status.IsMember ? status : status with { State = MemberState.Lapsed }, now, cancellationToken);
        if (was != member && _observer is not null)
            await _observer.MembershipChangedAsync(new MembershipChanged(store, customer, member, status, now), cancellationToken);
        return status;
    }

    /// <summary>
    /// The night: every member reconciled (lapses after the grace, cancelled memberships run out), in ascending-id
    /// batches; each member whose renewal or expiry reminder is due (<see cref="MembershipRules.ReminderDue"/>) goes to
    /// <paramref name="remind"/> (the workflows, which enroll once per subject).
    /// </summary>
    public async Task<MembershipNightReport> RunNightlyAsync(StoreId store, int batchSize = 500, CancellationToken cancellationToken = default,
        Func<MembershipReminder, CancellationToken, Task>? remind = null)
    {
        var (reconciled, lapsed, after) = (0, 0, 0);
        var settings = await SettingsAsync(store, cancellationToken);
        while (true)
        {
            var members = await _rows.CustomersAsync(store, after, batchSize, membersOnly: true, cancellationToken);
            foreach (var customer in members)
            {
                reconciled++;
                var status = await ReconcileAsync(store, customer, cancellationToken);
                if (!status.IsMember) lapsed++;
                var now = _clock.UtcNow;
                if (remind is not null && MembershipRules.ReminderDue(status, settings, now) is { } due)
                    await remind(new MembershipReminder(store, customer, due.Kind, due.DateUtc, now), cancellationToken);
            }
            if (members.Count < batchSize) break;
            after = members[^1].Value;
        }
        return new MembershipNightReport(reconciled, lapsed);
    }

    /// <summary>The dashboard's figures for [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), counted in the database.</summary>
    public async Task<MembershipDashboard> DashboardAsync(StoreId store, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
    {
        var counts = await _rows.CountsAsync(store, fromUtc, toUtc, cancellationToken);
        var due = counts.Renewals + counts.Churned;
        var storeId = store.Value;
        var ordered = _store.Orders.Where(o => o.StoreId == storeId && o.OrderStatusId != (int)OrderState.Cancelled && o.CreatedOnUtc >= fromUtc && o.CreatedOnUtc < toUtc);
        var all = await RevenueAsync(ordered, cancellationToken);
        var members = (0m, 0);
        foreach (var chunk in (await _rows.MembersSinceAsync(store, fromUtc, cancellationToken)).Chunk(TableQueries.ChunkSize))
        {
            var part = await RevenueAsync(ordered.Where(o => chunk.Contains(o.CustomerId)), cancellationToken);
            members = (members.Item1 + part.Revenue, members.Item2 + part.Customers);
        }
        var (others, otherCustomers) = (all.Revenue - members.Item1, all.Customers - members.Item2);
        var savings = await _rows.SavingsInStoreAsync(store, fromUtc, toUtc, cancellationToken);
        var membershipRevenue = 0m;
        foreach (var chunk in (await _rows.PeriodOrdersAsync(store, fromUtc, toUtc, cancellationToken)).Chunk(TableQueries.ChunkSize))
            membershipRevenue += (await _runner.ToListAsync(_store.Orders.Where(o => o.StoreId == storeId && chunk.Contains(o.Id))
                .GroupBy(o => o.StoreId).Select(g => g.Sum(o => o.OrderTotal)), cancellationToken)).Sum();
        return new MembershipDashboard(counts.Members, counts.Churned, counts.Renewals, counts.Starts,
            due == 0 ? null : Math.Round((decimal)counts.Renewals / due, 4, MidpointRounding.AwayFromZero),
            members.Item2 == 0 ? null : Math.Round(members.Item1 / members.Item2, 2, MidpointRounding.AwayFromZero),
            otherCustomers == 0 ? null : Math.Round(others / otherCustomers, 2, MidpointRounding.AwayFromZero),
            members.Item2, otherCustomers, savings.Total, membershipRevenue);
    }

    /// <summary>Revenue and distinct customers of <paramref name="orders"/>: two aggregate queries.</summary>
    private async Task<(decimal Revenue, int Customers)> RevenueAsync(IQueryable<OrderFact> orders, CancellationToken cancellationToken)
    {
        var revenue = (await _runner.ToListAsync(orders.GroupBy(o => o.StoreId).Select(g => g.Sum(o => o.OrderTotal)), cancellationToken)).Sum();
        return (revenue, await _runner.CountAsync(orders.Select(o => o.CustomerId).Distinct(), cancellationToken));
    }

    /// <summary>Deletes the customer's membership rows in every store (erasure); the number deleted.</summary>
    public Task<int> EraseAsync(CustomerId customer, CancellationToken cancellationToken = default) => _rows.EraseAsync(customer, cancellationToken);

    private async Task<MemberStatus> StatusAtAsync(StoreId store, CustomerId customer, MembershipSettings settings, DateTime at, CancellationToken cancellationToken)
    {
        var facts = await _rows.FactsAsync(store, customer, cancellationToken);
        return MembershipRules.Status(facts.Payments, facts.Cancellations, facts.Failures, settings.GraceDays, at);
    }
}
