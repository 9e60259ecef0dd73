// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using Retention.Core.Common;

namespace Retention.Core.Loyalty;

/// <summary>One order line as the earning rule needs it. Amounts exclude tax, in the primary currency.</summary>
/// <param name="UnitPrice">Price of one unit before line discounts.</param>
/// <param name="Discount">Discount on the whole line (not per unit).</param>
public sealed record EarnLine(int ProductId, int Quantity, decimal UnitPrice, decimal Discount = 0m,
    bool IsGiftCard = false, IReadOnlyList<int>? CategoryIds = null)
{
    /// <summary>What the line costs after its own discount; never below zero.</summary>
    public decimal Amount => Math.Max(0m, Quantity * UnitPrice - Discount);
}

/// <summary>A paid order as the earning rule needs it.</summary>
/// <param name="OrderDiscount">Discounts on the order subtotal (not on single lines), spread over the lines by amount.</param>
/// <param name="PaidWithPoints">Money value of the points redeemed on this order.</param>
/// <param name="PaidUtc">The instant the order reached the awarding status; picks the running promotions.</param>
/// <param name="Refunds">What the store had already refunded or cancelled on the order when it reached the awarding status
/// (its refunded sum and cancelled status, as a refund event states them), so a refund delivered before the "paid" is not
/// forgotten; null for an order nothing was refunded on, and for a cart being quoted.</param>
public sealed record EarnOrder(StoreId Store, CustomerId Customer, int OrderId, DateTime PaidUtc, IReadOnlyList<EarnLine> Lines,
    decimal OrderDiscount = 0m, decimal Shipping = 0m, decimal Tax = 0m, decimal PaidWithPoints = 0m, OrderRefund? Refunds = null)
{
    /// <summary>What the customer pays in total: lines after discounts, plus shipping and tax.</summary>
    public decimal Total => Math.Max(0m, Lines.Sum(l => l.Amount) - OrderDiscount) + Shipping + Tax;
}

/// <summary>How the points of an order were arrived at, for display ("you earn N points") and for audit.</summary>
/// <param name="EligibleAmount">Money that earns points, after exclusions and the points-paid share.</param>
/// <param name="PromoMultiplier">The promotion applied (1 when none).</param>
/// <param name="TierMultiplier">The customer's multiplier: the tier's, times the member's where paid membership runs (1 when none).</param>
public sealed record EarnQuote(int Points, decimal EligibleAmount, decimal PromoMultiplier, decimal TierMultiplier);

/// <summary>
/// Points for a purchase. A pure function of the order, the settings and the tier multiplier: the same order always earns
/// the same points, so the amount recorded on the ledger is the one a refund later reverses.
/// </summary>
public static class Earning
{
    /// <summary>
    /// Points the order earns: eligible spend × rate × product/category multiplier per line, × the running promotion,
    /// × the tier multiplier, rounded down once at the end (rounding per line would lose a point per line).
    /// Shipping and tax earn only when switched on, at the base rate (they have no product). Gift-card lines earn nothing
    /// by default: a gift card is money, and points on it are paid again when the card is spent. The part of the order
    /// paid with points is taken out of every component in proportion, so points never earn points.
    /// </summary>
    public static EarnQuote Quote(EarnOrder order, LoyaltySettings settings, decimal tierMultiplier = 1m)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(settings);
        if (tierMultiplier < 0m) throw new ArgumentOutOfRangeException(nameof(tierMultiplier), "A multiplier cannot be negative.");

        var linesAmount = order.Lines.Sum(l => l.Amount);
        // Order-level discounts belong to every line in proportion to its amount.
        var discountShare = linesAmount == 0m ? 0m : Math.Min(order.OrderDiscount, linesAmount) / linesAmount;

        decimal eligible = 0m, weighted = 0m;
        foreach (var line in order.Lines)
        {
            if (line.IsGiftCard && !settings.EarnOnGiftCards) continue;
            var amount = line.Amount * (1m - discountShare);
            eligible += amount;
            weighted += amount * LineMultiplier(line, settings);
        }
        if (settings.EarnOnShipping) { eligible += order.Shipping; weighted += order.Shipping; }
        if (settings.EarnOnTax) { eligible += order.Tax; weighted += order.Tax; }

        if (!settings.EarnOnPointsPaidPart && order.PaidWithPoints > 0m)
        {
            var total = order.Total;
            var keep = total <= 0m ? 0m : Math.Max(0m, 1m - order.PaidWithPoints / total);
            eligible *= keep;
            weighted *= keep;
        }

        var promo = PromoMultiplierAt(settings, order.PaidUtc);
        var raw = weighted * settings.PointsPerCurrencyUnit * promo * tierMultiplier;
        var points = raw <= 0m ? 0 : (int)Math.Min(int.MaxValue, Math.Floor(raw));
        return new EarnQuote(points, eligible, promo, tierMultiplier);
    }

    /// <summary>
    /// The ledger entry for an order's points, or null when it earns none. Keyed <c>earn:{store}:{order}</c>, so the same
    /// order-paid event delivered twice (or by two nodes) awards once. Pending for the return window from the clock's now;
    /// a lot's expiry is fixed when it is credited, so a later change of settings never moves it.
    /// </summary>
    public static LedgerEntry? Entry(EarnOrder order, LoyaltySettings settings, IClock clock, decimal tierMultiplier = 1m)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var quote = Quote(order, settings, tierMultiplier);
        if (quote.Points == 0) return null;
        var now = clock.UtcNow;
        var activates = now.AddDays(settings.ActivationDelayDays);
        return new LedgerEntry
        {
            Key = KeyFor(order.Store, order.OrderId),
            Store = order.Store,
            Customer = order.Customer,
            Points = quote.Points,
            Reason = LedgerReason.Purchase,
            Source = LedgerSource.Order,
            SourceRef = OrderRef(order.OrderId),
            CreatedUtc = now,
            ActivatesUtc = activates,
            ExpiresUtc = Lots.ExpiryFor(activates, settings),
            Note = LedgerNotes.Order(OrderRef(order.OrderId)),
        };
    }

    /// <summary>"Earn N points" for a product page: the current price × quantity, the product's multiplier, promotion and tier.</summary>
    public static int ForProduct(EarnLine line, LoyaltySettings settings, DateTime nowUtc, decimal tierMultiplier = 1m)
    {
        var order = new EarnOrder(default, default, 0, nowUtc, new[] { line });
        return Quote(order, settings, tierMultiplier).Points;
    }

    /// <summary>The idempotency key of an order's purchase points.</summary>
    public static IdempotencyKey KeyFor(StoreId store, int orderId) => IdempotencyKey.For("earn", store, orderId);

    /// <summary>How an order id is written in <see cref="LedgerEntry.SourceRef"/>.</summary>
    public static string OrderRef(int orderId) => orderId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A product's own multiplier wins; otherwise the highest of its categories'; otherwise 1.</summary>
    public static decimal LineMultiplier(EarnLine line, LoyaltySettings settings)
    {
        if (settings.ProductMultipliers.TryGetValue(line.ProductId, out var product)) return product;
        decimal? best = null;
        foreach (var category in line.CategoryIds ?? Array.Empty<int>())
            if (settings.CategoryMultipliers.TryGetValue(category, out var m) && (best is null || m > best))
                best = m;
        return best ?? 1m;
    }

    /// <summary>The highest promotion running at <paramref name="instantUtc"/> (start inclusive, end exclusive), or 1.</summary>
    public static decimal PromoMultiplierAt(LoyaltySettings settings, DateTime instantUtc)
    {
        var running = settings.Promotions.Where(p => p.StartUtc <= instantUtc && instantUtc < p.EndUtc).Select(p => p.Multiplier).ToList();
        return running.Count == 0 ? 1m : running.Max();
    }
}
