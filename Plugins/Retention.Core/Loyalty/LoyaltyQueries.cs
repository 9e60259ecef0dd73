// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using Retention.Core.Store;

namespace Retention.Core.Loyalty;

/// <summary>Points of one ledger reason created on one UTC day.</summary>
public sealed class DayReasonSum
{
    public int Year { get; set; }
    public int Month { get; set; }
    public int Day { get; set; }
    public int ReasonId { get; set; }
    public long Points { get; set; }
}

/// <summary>Points becoming spendable on one UTC day.</summary>
public sealed class DaySum
{
    public int Year { get; set; }
    public int Month { get; set; }
    public int Day { get; set; }
    public long Points { get; set; }
}

/// <summary>One order counted towards a tier: when it was paid and what it is worth after refunds.</summary>
public sealed class CountedOrder
{
    public DateTime PaidUtc { get; set; }
    public decimal Amount { get; set; }
}

/// <summary>A <see cref="CountedOrder"/> with its customer, for the batched read.</summary>
public sealed class CustomerCountedOrder
{
    public int CustomerId { get; set; }
    public DateTime PaidUtc { get; set; }
    public decimal Amount { get; set; }
}

/// <summary>A customer and their date of birth, for the birthday sweep.</summary>
public sealed class BirthdayCandidate
{
    public int CustomerId { get; set; }
    public DateTime DateOfBirth { get; set; }
}

/// <summary>
/// The loyalty program's queries over <see cref="ILedgerData"/> and <see cref="IStoreData"/>, written once as LINQ so each
/// host's provider (EF Core on SQLite and PostgreSQL, linq2db under nopCommerce) turns them into SQL. They are public so
/// the hosts' contract suites run exactly these shapes against their databases. Each keeps to constructs every provider
/// translates: comparisons, <c>Contains</c> over a short list, date parts, grouping with <c>Sum</c> of integers and
/// <c>Max</c>, and projections into settable classes. Money is never summed in SQL (SQLite has no decimal type); the one
/// query over money returns one customer's rows.
/// </summary>
public static class LoyaltyQueries
{
    /// <summary>
    /// The customer's orders that count for tiers in the 12 months ending at <paramref name="nowUtc"/> (start exclusive):
    /// paid, not cancelled, not refunded or voided; worth the total less what was refunded.
    /// </summary>
    public static IQueryable<CountedOrder> CountedOrders(IStoreData store, int storeId, int customerId, DateTime nowUtc)
    {
        var from = nowUtc.AddMonths(-12);
        return store.Orders
            .Where(o => o.StoreId == storeId && o.CustomerId == customerId
                        && o.PaidDateUtc != null && o.PaidDateUtc > from && o.PaidDateUtc <= nowUtc
                        && o.OrderStatusId != (int)OrderState.Cancelled
                        && o.PaymentStatusId != (int)PaymentState.Refunded && o.PaymentStatusId != (int)PaymentState.Voided)
            .Select(o => new CountedOrder { PaidUtc = o.PaidDateUtc!.Value, Amount = o.OrderTotal - o.RefundedAmount });
    }

    /// <summary><see cref="CountedOrders(IStoreData, int, int, DateTime)"/> of several customers at once, each order with its customer.</summary>
    public static IQueryable<CustomerCountedOrder> CountedOrdersOf(IStoreData store, int storeId, IReadOnlyCollection<int> customerIds, DateTime nowUtc)
    {
        var from = nowUtc.AddMonths(-12);
        return store.Orders
            .Where(o => o.StoreId == storeId && customerIds.Contains(o.CustomerId)
                        && o.PaidDateUtc != null && o.PaidDateUtc > from && o.PaidDateUtc <= nowUtc
                        && o.OrderStatusId != (int)OrderState.Cancelled
                        && o.PaymentStatusId != (int)PaymentState.Refunded && o.PaymentStatusId != (int)PaymentState.Voided)
            .Select(o => new CustomerCountedOrder { CustomerId = o.CustomerId, PaidUtc = o.PaidDateUtc!.Value, Amount = o.OrderTotal - o.RefundedAmount });
    }

    /// <summary>
    /// Customers (ascending id after <paramref name="afterCustomerId"/>) with a credited lot lapsing in
    /// (<paramref name="sinceUtc"/>, <paramref name="untilUtc"/>]: the nightly expiry sweep's candidates (lot mode), and with
    /// a future window the reminder candidates.
    /// </summary>
    public static IQueryable<int> CustomersWithLotsLapsing(ILedgerData ledger, int storeId, DateTime sinceUtc, DateTime untilUtc, int afterCustomerId, int take) =>
        ledger.Entries
            .Where(e => e.StoreId == storeId && e.CustomerId > afterCustomerId && e.Points > 0
                        && e.ExpiresUtc != null && e.ExpiresUtc > sinceUtc && e.ExpiresUtc <= untilUtc)
            .Select(e => e.CustomerId).Distinct().OrderBy(id => id).Take(take);

    /// <summary>
    /// Customers (ascending id) whose last movement other than an expiry was at or before <paramref name="lastActivityAtOrBeforeUtc"/>
    /// (and, when given, after <paramref name="lastActivityAfterUtc"/>) and who hold points: the inactivity-mode candidates.
    /// </summary>
    public static IQueryable<int> InactiveCustomersWithPoints(ILedgerData ledger, int storeId, DateTime? lastActivityAfterUtc,
        DateTime lastActivityAtOrBeforeUtc, int afterCustomerId, int take)
    {
        const int expiry = (int)LedgerReason.Expiry;
        var grouped = ledger.Entries
            .Where(e => e.StoreId == storeId && e.CustomerId > afterCustomerId)
            .GroupBy(e => e.CustomerId)
            .Select(g => new
            {
                CustomerId = g.Key,
                Points = g.Sum(e => (long)e.Points),
                LastActivity = g.Max(e => e.ReasonId != expiry ? (DateTime?)e.CreatedUtc : null),
            })
            .Where(c => c.Points > 0 && c.LastActivity != null && c.LastActivity <= lastActivityAtOrBeforeUtc);
        if (lastActivityAfterUtc is { } after)
            grouped = grouped.Where(c => c.LastActivity > after);
        return grouped.Select(c => c.CustomerId).OrderBy(id => id).Take(take);
    }

    /// <summary>
    /// Active customers registered in the store (ascending id) born on one of <paramref name="monthDays"/>, each written
    /// <c>month × 100 + day</c> (the leap-day rule decides the list, see <see cref="Bonuses.Celebration"/>).
    /// </summary>
    public static IQueryable<BirthdayCandidate> BirthdayCustomers(IStoreData store, int storeId, IReadOnlyCollection<int> monthDays, int afterCustomerId, int take)
    {
        var codes = monthDays.ToList();
        return store.Customers
            .Where(c => c.RegisteredInStoreId == storeId && c.Id > afterCustomerId && c.Active && !c.Deleted && c.DateOfBirth != null
                        && codes.Contains(c.DateOfBirth.Value.Month * 100 + c.DateOfBirth.Value.Day))
            .OrderBy(c => c.Id).Take(take)
            .Select(c => new BirthdayCandidate { CustomerId = c.Id, DateOfBirth = c.DateOfBirth!.Value });
    }

    /// <summary>
    /// Sum of the store's points created before <paramref name="beforeUtc"/> (or, with <paramref name="byActivation"/>,
    /// spendable before it): at most one row, none when there are no such entries.
    /// </summary>
    public static IQueryable<long> SumBefore(ILedgerData ledger, int storeId, DateTime beforeUtc, bool byActivation) =>
        (byActivation
            ? ledger.Entries.Where(e => e.StoreId == storeId && e.ActivatesUtc < beforeUtc)
            : ledger.Entries.Where(e => e.StoreId == storeId && e.CreatedUtc < beforeUtc))
        .GroupBy(e => e.StoreId).Select(g => g.Sum(e => (long)e.Points));

    /// <summary>The store's movements in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) per UTC day of creation and reason.</summary>
    public static IQueryable<DayReasonSum> MovementsByDayAndReason(ILedgerData ledger, int storeId, DateTime fromUtc, DateTime toUtc) =>
        ledger.Entries
            .Where(e => e.StoreId == storeId && e.CreatedUtc >= fromUtc && e.CreatedUtc < toUtc)
            .GroupBy(e => new { e.CreatedUtc.Year, e.CreatedUtc.Month, e.CreatedUtc.Day, e.ReasonId })
            .Select(g => new DayReasonSum { Year = g.Key.Year, Month = g.Key.Month, Day = g.Key.Day, ReasonId = g.Key.ReasonId, Points = g.Sum(e => (long)e.Points) });

    /// <summary>Points becoming spendable in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) per UTC day of activation.</summary>
    public static IQueryable<DaySum> ActivationsByDay(ILedgerData ledger, int storeId, DateTime fromUtc, DateTime toUtc) =>
        ledger.Entries
            .Where(e => e.StoreId == storeId && e.ActivatesUtc >= fromUtc && e.ActivatesUtc < toUtc)
            .GroupBy(e => new { e.ActivatesUtc.Year, e.ActivatesUtc.Month, e.ActivatesUtc.Day })
            .Select(g => new DaySum { Year = g.Key.Year, Month = g.Key.Month, Day = g.Key.Day, Points = g.Sum(e => (long)e.Points) });

    /// <summary>
    /// The discount card's measure: the customer's counted orders (as <see cref="CountedOrders(IStoreData, int, int, DateTime)"/>:
    /// paid, not cancelled, not refunded or voided, worth the total less what was refunded) paid after
    /// <paramref name="fromUtc"/> (exclusive; null for all time) and up to <paramref name="nowUtc"/>.
    /// </summary>
    public static IQueryable<CountedOrder> CardOrders(IStoreData store, int storeId, int customerId, DateTime? fromUtc, DateTime nowUtc)
    {
        var from = fromUtc ?? DateTime.MinValue;
        return store.Orders
            .Where(o => o.StoreId == storeId && o.CustomerId == customerId
                        && o.PaidDateUtc != null && o.PaidDateUtc > from && o.PaidDateUtc <= nowUtc
                        && o.OrderStatusId != (int)OrderState.Cancelled
                        && o.PaymentStatusId != (int)PaymentState.Refunded && o.PaymentStatusId != (int)PaymentState.Voided)
            .Select(o => new CountedOrder { PaidUtc = o.PaidDateUtc!.Value, Amount = o.OrderTotal - o.RefundedAmount });
    }
}
