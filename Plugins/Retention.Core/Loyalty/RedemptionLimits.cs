// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using System.Globalization;
using Retention.Core.Common;

namespace Retention.Core.Loyalty;

/// <summary>Why a customer may not spend (more) points on an order.</summary>
public enum RedemptionLimit
{
    None = 0,
    /// <summary>The available balance is below the store's minimum to redeem.</summary>
    BelowMinimumBalance = 1,
    /// <summary>Points may pay only part of an order.</summary>
    MaxShareOfOrder = 2,
    /// <summary>Not that many points available.</summary>
    Balance = 3,
    /// <summary>Nothing to pay, or points have no value in this store.</summary>
    NothingToPay = 4,
}

/// <summary>What the customer may spend on one order.</summary>
/// <param name="MaxPoints">Most points usable on the order.</param>
/// <param name="MaxValue">Their value in the primary currency.</param>
/// <param name="Limit">What set the ceiling.</param>
public sealed record RedemptionAllowance(int MaxPoints, decimal MaxValue, RedemptionLimit Limit);

/// <summary>
/// Redemption limits. Checkout spends through nopCommerce's native reward points; these rules decide the ceiling it
/// offers, so the balance shown and the balance spent stay the same number: a minimum balance before points can be used
/// at all, and a maximum share of the order points may pay (the rest is real money, so points remain a reward and not a
/// currency). The value of the points never exceeds the share: the point count is rounded down.
/// </summary>
public static class RedemptionLimits
{
    /// <summary>Money value of <paramref name="points"/> at the store's rate.</summary>
    public static decimal ValueOf(long points, LoyaltySettings settings) => points * settings.CurrencyPerPoint;

    /// <summary>Whether a balance of <paramref name="available"/> points may be spent at all: positive and at least the store's minimum.</summary>
    public static bool CanRedeem(long available, LoyaltySettings settings) => available > 0 && available >= settings.MinimumBalanceToRedeem;

    /// <summary>The ceiling for an order of <paramref name="orderTotal"/> with <paramref name="available"/> points.</summary>
    public static RedemptionAllowance For(long available, decimal orderTotal, LoyaltySettings settings)
    {
        if (!CanRedeem(available, settings))
            return new RedemptionAllowance(0, 0m, RedemptionLimit.BelowMinimumBalance);
        if (orderTotal <= 0m || settings.CurrencyPerPoint <= 0m)
            return new RedemptionAllowance(0, 0m, RedemptionLimit.NothingToPay);

        var maxValue = orderTotal * settings.MaxRedeemSharePercent / 100m;
        var byShare = (int)Math.Min(int.MaxValue, Math.Floor(maxValue / settings.CurrencyPerPoint));
        // Within int: the share is, and a balance above it is capped by the share.
        var (points, limit) = byShare < available ? (byShare, RedemptionLimit.MaxShareOfOrder) : ((int)available, RedemptionLimit.Balance);
        return new RedemptionAllowance(points, ValueOf(points, settings), limit);
    }

    /// <summary>Whether the customer may spend exactly <paramref name="requested"/> points on the order, and if not, why.</summary>
    public static (bool Allowed, RedemptionLimit Limit) Check(int requested, int available, decimal orderTotal, LoyaltySettings settings)
    {
        if (requested <= 0) return (false, RedemptionLimit.NothingToPay);
        var allowance = For(available, orderTotal, settings);
        return requested <= allowance.MaxPoints ? (true, RedemptionLimit.None) : (false, allowance.Limit);
    }

    /// <summary>
    /// Why a checkout may not spend <paramref name="requested"/> points on an order of <paramref name="orderTotal"/>, in
    /// words for the shopper; null when it may (zero points is an order paid in money only). <paramref name="shownBalance"/>
    /// is the balance the shopper's page showed: when the ledger holds another one now (points spent in another tab,
    /// expired, adjusted), the shopper decided on a figure that is no longer true, so the checkout stops and says so.
    /// </summary>
    public static string? Refusal(int requested, long available, long? shownBalance, decimal orderTotal, LoyaltySettings settings)
    {
        static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
        if (requested < 0)
            return "Enter zero or more points to use.";
        if (shownBalance is { } shown && shown != available)
            return $"Your points balance changed from {N(shown)} to {N(available)} since this page was shown, so nothing was ordered. "
                + "Check the points to use and place the order again.";
        if (requested == 0)
            return null;
        var allowance = For(available, orderTotal, settings);
        if (requested <= allowance.MaxPoints)
            return null;
        return allowance.Limit switch
        {
            RedemptionLimit.BelowMinimumBalance when available <= 0 || available >= settings.MinimumBalanceToRedeem => "You have no points to use yet.",
            RedemptionLimit.BelowMinimumBalance => $"Points can be used from {N(settings.MinimumBalanceToRedeem)} points on; you have {N(Math.Max(0, available))}, "
                + $"{N(settings.MinimumBalanceToRedeem - Math.Max(0, available))} more to go.",
            RedemptionLimit.MaxShareOfOrder => $"Points may pay at most {settings.MaxRedeemSharePercent.ToString(CultureInfo.InvariantCulture)} % of this order: "
                + $"use up to {N(allowance.MaxPoints)} points.",
            RedemptionLimit.Balance => $"You have {N(available)} points, fewer than the {N(requested)} asked for.",
            _ => "There is nothing on this order to pay with points.",
        };
    }

    /// <summary>
    /// The debit for points spent on an order, keyed <c>redeem:{store}:{order}</c> (one redemption per order, as nopCommerce
    /// records it) with the order as its source, so a refund can give the points back.
    /// </summary>
    public static LedgerEntry Entry(StoreId store, CustomerId customer, int orderId, int points, IClock clock)
    {
        if (points <= 0) throw new ArgumentOutOfRangeException(nameof(points), "Spend a positive number of points.");
        var now = clock.UtcNow;
        return new LedgerEntry
        {
            Key = IdempotencyKey.For("redeem", store, orderId),
            Store = store,
            Customer = customer,
            Points = -points,
            Reason = LedgerReason.Redemption,
            Source = LedgerSource.Order,
            SourceRef = Earning.OrderRef(orderId),
            CreatedUtc = now,
            ActivatesUtc = now,
            Note = LedgerNotes.SpentOnOrder(Earning.OrderRef(orderId)),
        };
    }
}
