// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using Retention.Core.Common;
using Retention.Core.Membership;
using Retention.Core.Store;

namespace Retention.Core.Tables;

/// <summary>The recorded facts of one customer's membership in one store (periods taken back are left out).</summary>
public sealed record MembershipFacts(IReadOnlyList<MembershipPayment> Payments, IReadOnlyList<DateTime> Cancellations, IReadOnlyList<DateTime> Failures,
    int LastOrderId);

/// <summary>The membership figures of a window, counted in the database.</summary>
/// <param name="Members">Customers with the perks when last reconciled.</param>
/// <param name="Churned">Memberships that ended inside the window (lapsed or cancelled and run out).</param>
/// <param name="Renewals">Renewal periods paid inside the window (not taken back).</param>
/// <param name="Starts">Memberships started inside the window.</param>
public sealed record MembershipCounts(int Members, int Churned, int Renewals, int Starts);

/// <summary>
/// Paid membership's facts over the host's table: keyed inserts for every fact (a replay inserts nothing), one
/// compare-and-set that takes an order's period and savings back, and the per-customer standing row as an upsert like
/// <see cref="CardStandingStore"/>.
/// </summary>
public sealed class MembershipStore(ITable<MembershipRow> table, IQueryRunner runner)
{
    private const int PeriodKind = (int)MembershipRowKind.Period;
    private const int FailedKind = (int)MembershipRowKind.RenewalFailed;
    private const int CancelledKind = (int)MembershipRowKind.Cancelled;
    private const int SavingKind = (int)MembershipRowKind.Saving;
    private const int StandingKind = (int)MembershipRowKind.Standing;

    /// <summary>Records the period an order paid; false when it was recorded before.</summary>
    public Task<bool> AddPeriodAsync(StoreId store, CustomerId customer, int orderId, DateTime paidUtc, MembershipCycle cycle, bool renewal,
        CancellationToken cancellationToken = default) =>
        InsertAsync(new MembershipRow
        {
            IdempotencyKey = MembershipRules.PeriodKey(store, orderId), Kind = PeriodKind, StoreId = store.Value, CustomerId = customer.Value, OrderId = orderId,
            AtUtc = paidUtc, CycleUnit = (int)cycle.Unit, CycleLength = cycle.Length, Renewal = renewal,
        }, cancellationToken);

    /// <summary>Records a failed renewal due at <paramref name="dueUtc"/>; false when that due date's failure was recorded before.</summary>
    public Task<bool> AddFailureAsync(StoreId store, CustomerId customer, DateTime dueUtc, CancellationToken cancellationToken = default) =>
        InsertAsync(new MembershipRow
        {
            IdempotencyKey = MembershipRules.FailedKey(store, customer, dueUtc), Kind = FailedKind, StoreId = store.Value, CustomerId = customer.Value, AtUtc = dueUtc,
        }, cancellationToken);

    /// <summary>Records the cancellation of the subscription whose last period <paramref name="lastOrderId"/> paid; false when recorded before.</summary>
    public Task<bool> AddCancellationAsync(StoreId store, CustomerId customer, int lastOrderId, DateTime atUtc, CancellationToken cancellationToken = default) =>
        InsertAsync(new MembershipRow
        {
            IdempotencyKey = MembershipRules.CancelKey(store, customer, lastOrderId), Kind = CancelledKind, StoreId = store.Value, CustomerId = customer.Value,
            OrderId = lastOrderId, AtUtc = atUtc,
        }, cancellationToken);

    /// <summary>Records what a perk gave an order under <paramref name="part"/>; false when recorded before.</summary>
    public Task<bool> AddSavingAsync(StoreId store, CustomerId customer, int orderId, string part, DateTime atUtc, MemberSaving saving,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(saving);
        return InsertAsync(new MembershipRow
        {
            IdempotencyKey = MembershipRules.SavingKey(store, orderId, part), Kind = SavingKind, StoreId = store.Value, CustomerId = customer.Value, OrderId = orderId,
            AtUtc = atUtc, DiscountCents = Cents(saving.Discount), ShippingCents = Cents(saving.Shipping), ExtraPoints = saving.ExtraPoints,
            PointsValueCents = Cents(saving.PointsValue),
        }, cancellationToken);
    }

    /// <summary>Takes back the period and savings an order gave (its refund or cancellation); the number of rows this call took back.</summary>
    public Task<int> TakeBackOrderAsync(StoreId store, int orderId, CancellationToken cancellationToken = default)
    {
        var storeId = store.Value;
        return table.UpdateAsync(r => r.StoreId == storeId && r.OrderId == orderId && (r.Kind == PeriodKind || r.Kind == SavingKind) && !r.TakenBack,
            r => new MembershipRow { TakenBack = true }, cancellationToken);
    }

    /// <summary>The customer's periods (not taken back), cancellations and failures.</summary>
    public async Task<MembershipFacts> FactsAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var (storeId, customerId) = (store.Value, customer.Value);
        var rows = await runner.ToListAsync(table.Rows
            .Where(r => r.CustomerId == customerId && r.StoreId == storeId && (r.Kind == PeriodKind || r.Kind == CancelledKind || r.Kind == FailedKind))
            .Select(r => new { r.Kind, r.OrderId, r.AtUtc, r.CycleUnit, r.CycleLength, r.TakenBack }), cancellationToken);
        var periods = rows.Where(r => r.Kind == PeriodKind && !r.TakenBack).ToList();
        return new MembershipFacts(
            periods.Select(r => new MembershipPayment(r.OrderId, Utc(r.AtUtc), new MembershipCycle((MembershipCycleUnit)r.CycleUnit, r.CycleLength))).ToList(),
            rows.Where(r => r.Kind == CancelledKind).Select(r => Utc(r.AtUtc)).ToList(),
            rows.Where(r => r.Kind == FailedKind).Select(r => Utc(r.AtUtc)).ToList(),
            periods.OrderBy(r => r.AtUtc).ThenBy(r => r.OrderId).Select(r => r.OrderId).LastOrDefault());
    }

    /// <summary>What the perks gave the customer's orders in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), taken-back orders left out.</summary>
    public async Task<MemberSaving> SavingsAsync(StoreId store, CustomerId customer, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
    {
        var (storeId, customerId) = (store.Value, customer.Value);
        var rows = await runner.ToListAsync(table.Rows
            .Where(r => r.CustomerId == customerId && r.StoreId == storeId && r.Kind == SavingKind && !r.TakenBack && r.AtUtc >= fromUtc && r.AtUtc < toUtc)
            .Select(r => new { r.DiscountCents, r.ShippingCents, r.ExtraPoints, r.PointsValueCents }), cancellationToken);
        return MembershipRules.Sum(rows.Select(r => new MemberSaving(r.DiscountCents / 100m, r.ShippingCents / 100m, r.ExtraPoints, r.PointsValueCents / 100m)));
    }

    /// <summary>Saves the customer's standing (last writer wins: it is recomputed from the facts at every reconciliation).</summary>
    public async Task SaveStandingAsync(StoreId store, CustomerId customer, MemberStatus status, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(status);
        var (storeId, customerId, key) = (store.Value, customer.Value, MembershipRules.StandingKey(store, customer));
        var (member, through, ends) = (status.IsMember, status.PaidThroughUtc, status.EndsUtc);
        if (await UpdateAsync() > 0) return;
        var row = new MembershipRow
        {
            IdempotencyKey = key, Kind = StandingKind, StoreId = storeId, CustomerId = customerId, AtUtc = nowUtc, IsMember = member, PaidThroughUtc = through, EndsUtc = ends,
        };
        if (await table.TryInsertAsync(row, r => r.IdempotencyKey == key, cancellationToken)) return;
        await UpdateAsync();

        Task<int> UpdateAsync() => table.UpdateAsync(r => r.IdempotencyKey == key,
            r => new MembershipRow { AtUtc = nowUtc, IsMember = member, PaidThroughUtc = through, EndsUtc = ends }, cancellationToken);
    }

    /// <summary>The standing as last saved: whether the customer had the perks (false when never reconciled).</summary>
    public async Task<bool> WasMemberAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var key = MembershipRules.StandingKey(store, customer);
        return await runner.FirstOrDefaultAsync(table.Rows.Where(r => r.IdempotencyKey == key).Select(r => (bool?)r.IsMember), cancellationToken) ?? false;
    }

    /// <summary>Customers with a standing row (member or not) in <paramref name="store"/>, ascending id after <paramref name="afterCustomerId"/>.</summary>
    public async Task<IReadOnlyList<CustomerId>> CustomersAsync(StoreId store, int afterCustomerId, int take, bool membersOnly, CancellationToken cancellationToken = default)
    {
        if (take <= 0) throw new ArgumentOutOfRangeException(nameof(take), take, "The batch size must be positive.");
        var storeId = store.Value;
        var rows = table.Rows.Where(r => r.StoreId == storeId && r.Kind == StandingKind && r.CustomerId > afterCustomerId);
        if (membersOnly) rows = rows.Where(r => r.IsMember);
        var ids = await runner.ToListAsync(rows.OrderBy(r => r.CustomerId).Select(r => r.CustomerId).Take(take), cancellationToken);
        return ids.Select(id => new CustomerId(id)).ToList();
    }

    /// <summary>The window's figures, each one count in the database.</summary>
    public async Task<MembershipCounts> CountsAsync(StoreId store, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
    {
        var storeId = store.Value;
        var standings = table.Rows.Where(r => r.StoreId == storeId && r.Kind == StandingKind);
        var periods = table.Rows.Where(r => r.StoreId == storeId && r.Kind == PeriodKind && !r.TakenBack && r.AtUtc >= fromUtc && r.AtUtc < toUtc);
        var members = await runner.CountAsync(standings.Where(r => r.IsMember), cancellationToken);
        var churned = await runner.CountAsync(standings.Where(r => !r.IsMember && r.EndsUtc >= fromUtc && r.EndsUtc < toUtc), cancellationToken);
        var renewals = await runner.CountAsync(periods.Where(r => r.Renewal), cancellationToken);
        var starts = await runner.CountAsync(periods.Where(r => !r.Renewal), cancellationToken);
        return new MembershipCounts(members, churned, renewals, starts);
    }

    /// <summary>
    /// Customers whose membership covered part of the window starting at <paramref name="fromUtc"/>: a member now, or
    /// perks that ended at or after it (the dashboard's "member" group for revenue per member). One query, ascending.
    /// </summary>
    public async Task<IReadOnlyList<int>> MembersSinceAsync(StoreId store, DateTime fromUtc, CancellationToken cancellationToken = default)
    {
        var storeId = store.Value;
        return await runner.ToListAsync(table.Rows.Where(r => r.StoreId == storeId && r.Kind == StandingKind && (r.IsMember || r.EndsUtc >= fromUtc))
            .OrderBy(r => r.CustomerId).Select(r => r.CustomerId), cancellationToken);
    }

    /// <summary>What the perks gave every member's orders in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), taken-back orders left out: one grouped query.</summary>
    public async Task<MemberSaving> SavingsInStoreAsync(StoreId store, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
    {
        var storeId = store.Value;
        var sums = await runner.ToListAsync(table.Rows
            .Where(r => r.StoreId == storeId && r.Kind == SavingKind && !r.TakenBack && r.AtUtc >= fromUtc && r.AtUtc < toUtc)
            .GroupBy(r => r.StoreId)
            .Select(g => new SavingSums { Discount = g.Sum(r => r.DiscountCents), Shipping = g.Sum(r => r.ShippingCents), Points = g.Sum(r => r.ExtraPoints), PointsValue = g.Sum(r => r.PointsValueCents) }),
            cancellationToken);
        var sum = sums.SingleOrDefault() ?? new SavingSums();
        return new MemberSaving(sum.Discount / 100m, sum.Shipping / 100m, (int)sum.Points, sum.PointsValue / 100m);
    }

    /// <summary>The orders that paid a period (not taken back) in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>): the membership's revenue.</summary>
    public async Task<IReadOnlyList<int>> PeriodOrdersAsync(StoreId store, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
    {
        var storeId = store.Value;
        return await runner.ToListAsync(table.Rows.Where(r => r.StoreId == storeId && r.Kind == PeriodKind && !r.TakenBack && r.AtUtc >= fromUtc && r.AtUtc < toUtc)
            .OrderBy(r => r.OrderId).Select(r => r.OrderId), cancellationToken);
    }

    /// <summary>Sums of the saving rows (cents).</summary>
    internal sealed class SavingSums
    {
        public long Discount { get; set; }
        public long Shipping { get; set; }
        public long Points { get; set; }
        public long PointsValue { get; set; }
    }

    /// <summary>Every row of the customer's (privacy export), in id order.</summary>
    public async Task<IReadOnlyList<MembershipRow>> RowsOfAsync(CustomerId customer, CancellationToken cancellationToken = default)
    {
        var customerId = customer.Value;
        return await runner.ToListAsync(table.Rows.Where(r => r.CustomerId == customerId).OrderBy(r => r.Id), cancellationToken);
    }

    /// <summary>Deletes the customer's rows in every store (erasure); the number deleted.</summary>
    public Task<int> EraseAsync(CustomerId customer, CancellationToken cancellationToken = default)
    {
        var customerId = customer.Value;
        return table.DeleteAsync(r => r.CustomerId == customerId, cancellationToken);
    }

    private Task<bool> InsertAsync(MembershipRow row, CancellationToken cancellationToken)
    {
        var key = row.IdempotencyKey;
        return table.TryInsertAsync(row, r => r.IdempotencyKey == key, cancellationToken);
    }

    private static long Cents(decimal amount) => (long)Math.Round(amount * 100m, MidpointRounding.AwayFromZero);

    // Providers hand back DateTime with Kind Unspecified; every stored instant is UTC.
    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
