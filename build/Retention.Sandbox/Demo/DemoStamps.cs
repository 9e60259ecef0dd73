using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Web;

namespace Retention.Sandbox.Demo;

/// <summary>What the demo's stamp history wrote.</summary>
/// <param name="Fills">The cards filled and when (the history's stamp card emails).</param>
public sealed record DemoStampsResult(int Orders, int Stamps, int CardsFilled, TimeSpan Elapsed, int CouponsUsed = 0,
    IReadOnlyList<(Retention.Core.Stamps.StampCardFilled Card, DateTime AtUtc)>? Fills = null);

/// <summary>
/// The stamp cards' recent history: the paid orders of the last <see cref="HistoryDays"/> days of the
/// <see cref="Customers"/> customers who ordered most in them go through Core's <see cref="Retention.Core.Stamps.StampProgram"/> in the order
/// they were paid (refunded ones then taken back), so My rewards shows cards part filled, coupons earned and cards lapsed,
/// and the finance report has stamp lines. The store's regulars, not every customer, to keep the first start quick (a few seconds); deterministic
/// but for the coupon codes, which Core draws at random as it does live.
/// </summary>
public static class DemoStamps
{
    public const int HistoryDays = 365;
    public const int Customers = 100;

    public static async Task<DemoStampsResult> RunAsync(SandboxDatabase database, StoreContent content, DateTime asOfUtc, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var clock = new SandboxClockAt(asOfUtc);
        await using var db = database.CreateContext();
        var program = StampPages.Program(database, new EfLoyaltySettingsStore(database), new EfStoreData(db), clock);
        var store = new StoreId(DemoStoreGenerator.StoreId);
        var since = asOfUtc.AddDays(-HistoryDays);
        var categories = content.Products.ToDictionary(p => p.Id, p => p.Category);
        var lines = content.OrderLines.ToLookup(l => l.OrderId);
        var recent = content.Orders.Where(o => o.StoreId == store.Value && o.PaidDateUtc is { } paid && paid >= since && paid < asOfUtc).ToList();
        var regulars = recent.GroupBy(o => o.CustomerId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Take(Customers).Select(g => g.Key).ToHashSet();
        var orders = recent.Where(o => regulars.Contains(o.CustomerId)).OrderBy(o => o.PaidDateUtc).ThenBy(o => o.Id).ToList();
        int stamps = 0, filled = 0;
        var fills = new List<(Retention.Core.Stamps.StampCardFilled Card, DateTime AtUtc)>();
        foreach (var order in orders)
        {
            clock.UtcNow = order.PaidDateUtc!.Value;
            var earn = new EarnOrder(store, new CustomerId(order.CustomerId), order.Id, order.PaidDateUtc.Value,
                lines[order.Id].Select(l => DemoLoyalty.Line(l, categories.GetValueOrDefault(l.ProductId))).ToList(), order.OrderDiscount);
            var outcome = await program.OrderPaidAsync(earn, cancellationToken);
            stamps += outcome.StampsGiven;
            filled += outcome.Filled.Count;
            fills.AddRange(outcome.Filled.Select(f => (f, order.PaidDateUtc.Value)));
            var refund = new OrderRefund(store, new CustomerId(order.CustomerId), order.Id, order.OrderTotal, order.RefundedAmount,
                order.OrderStatusId == (int)OrderState.Cancelled);
            if (refund.Share == 1m)
                await program.OrderRefundedAsync(refund, cancellationToken);
        }
        var used = await UseCouponsAsync(db, store, orders, fills, cancellationToken);
        return new DemoStampsResult(orders.Count, stamps, filled, watch.Elapsed, used, fills);
    }

    /// <summary>
    /// Every other reward coupon still standing is used on the customer's next order before it expires (recorded as the
    /// checkout records a code), so the dashboard and the finance report show coupons redeemed beside coupons outstanding.
    /// Deterministic: the fills in the order they happened.
    /// </summary>
    private static async Task<int> UseCouponsAsync(SandboxDbContext db, StoreId store, List<OrderFact> orders,
        List<(Retention.Core.Stamps.StampCardFilled Card, DateTime AtUtc)> fills, CancellationToken cancellationToken)
    {
        var codes = fills.Select(f => f.Card.CouponCode).ToList();
        var standing = (await db.Discounts.AsNoTracking().Where(d => d.IsActive && codes.Contains(d.CouponCode)).Select(d => d.CouponCode)
            .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var byCustomer = orders.ToLookup(o => o.CustomerId);
        var used = 0;
        foreach (var (fill, i) in fills.Where(f => standing.Contains(f.Card.CouponCode)).Select((f, i) => (f, i)))
        {
            if (i % 2 == 1) continue;
            if (byCustomer[fill.Card.Customer.Value].FirstOrDefault(o => o.PaidDateUtc > fill.AtUtc && o.PaidDateUtc < fill.Card.CouponExpiresUtc) is not { } next)
                continue;
            db.CouponRedemptions.Add(new CouponRedemptionRow { Code = fill.Card.CouponCode, StoreId = store.Value, OrderId = next.Id, UsedUtc = next.PaidDateUtc!.Value });
            used++;
        }
        await db.SaveChangesAsync(cancellationToken);
        return used;
    }

    private sealed class SandboxClockAt(DateTime now) : IClock
    {
        public DateTime UtcNow { get; set; } = now;
    }
}
