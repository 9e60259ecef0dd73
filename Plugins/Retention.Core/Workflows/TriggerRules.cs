using System.Globalization;

namespace Retention.Core.Workflows;

/// <summary>
/// The pure rules behind the triggers: enrollment subjects, who is dormant, whose birthday it is. The scans in
/// <see cref="WorkflowScans"/> and the store events in <see cref="WorkflowProgram"/> bring the candidates from the database; these decide.
/// </summary>
public static class TriggerRules
{
    /// <summary>One-time buyers' dormancy when the store has no repeat purchase to take a median from and the admin set none.</summary>
    public const int FallbackOneTimeBuyerDays = 180;

    /// <summary>Days after an abandoned-cart email during which win-back writes nothing: the cart reminders speak for the store.</summary>
    public const int WinBackQuietDaysAfterAbandonedCart = 7;

    /// <summary>The NPS survey's subject: asked once per customer and store, whichever order made it due.</summary>
    public const string NpsSubject = "nps";

    /// <summary>The welcome series' subject: once per customer and store, whether registration or newsletter came first.</summary>
    public const string WelcomeSubject = "welcome";

    /// <summary><c>order:{id}</c>: review request, CSAT and cross-sell.</summary>
    public static string OrderSubject(int orderId) => "order:" + orderId.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>order:{id}:product:{id}</c>: one replenishment reminder per product of an order.</summary>
    public static string ReplenishmentSubject(int orderId, int productId) =>
        OrderSubject(orderId) + ":product:" + productId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The order an <c>order:{id}</c> or <c>order:{id}:…</c> subject names; null for any other subject.</summary>
    public static int? OrderOf(string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var parts = subject.Split(':');
        return parts.Length >= 2 && parts[0] == "order" && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    /// <summary>The product a replenishment subject (<c>order:{id}:product:{id}</c>) names; null for any other subject.</summary>
    public static int? ReplenishedProductOf(string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var parts = subject.Split(':');
        return parts.Length == 4 && OrderOf(subject) != null && parts[2] == "product"
            && int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var product) ? product : null;
    }

    /// <summary><c>cart:{ticks}</c> of the cart's earliest line: the same cart keeps its subject however often it changes.</summary>
    public static string CartSubject(DateTime firstLineCreatedUtc) => "cart:" + firstLineCreatedUtc.Ticks.ToString(CultureInfo.InvariantCulture);

    /// <summary>Win-back's subject: the month of enrollment (<c>2026-03</c>); re-entry days keep it from repeating monthly.</summary>
    public static string WinBackSubject(DateTime nowUtc) => nowUtc.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The points-expiry reminder's subject: the day the first points lapse (<c>2026-04-30</c>).</summary>
    public static string ExpirySubject(DateTime firstExpiryUtc) => firstExpiryUtc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Days after which a one-time buyer is dormant: the admin's number, else the store's median gap × the multiple (rounded up), else the fallback.</summary>
    public static int OneTimeBuyerDays(WorkflowSettings winBack, double? storeMedianDays)
    {
        ArgumentNullException.ThrowIfNull(winBack);
        return winBack.OneTimeBuyerDormantDays > 0 ? winBack.OneTimeBuyerDormantDays
            : storeMedianDays is { } median ? Math.Max(1, (int)Math.Ceiling(median * (double)winBack.DormancyMultiple))
            : FallbackOneTimeBuyerDays;
    }

    /// <summary>Whether a buyer is dormant at <paramref name="nowUtc"/>: idle longer than the multiple of their own mean interval, or the one-time-buyer days.</summary>
    public static bool IsDormant(int orders, DateTime firstUtc, DateTime lastUtc, DateTime nowUtc, decimal multiple, int oneTimeBuyerDays) =>
        nowUtc - lastUtc > DormantAfter(orders, firstUtc, lastUtc, multiple, oneTimeBuyerDays);

    /// <summary>The instant the customer became (or becomes) dormant by <see cref="IsDormant"/>: the last order + the idle time it allows.</summary>
    public static DateTime DormantSinceUtc(int orders, DateTime firstUtc, DateTime lastUtc, decimal multiple, int oneTimeBuyerDays) =>
        lastUtc + DormantAfter(orders, firstUtc, lastUtc, multiple, oneTimeBuyerDays);

    private static TimeSpan DormantAfter(int orders, DateTime firstUtc, DateTime lastUtc, decimal multiple, int oneTimeBuyerDays)
    {
        if (orders <= 1)
            return TimeSpan.FromDays(oneTimeBuyerDays);
        var meanInterval = (lastUtc - firstUtc) / (orders - 1);
        // Several orders at one instant have no interval to go by: they count as a one-time buyer's.
        return meanInterval <= TimeSpan.Zero ? TimeSpan.FromDays(oneTimeBuyerDays) : meanInterval * (double)multiple;
    }

    /// <summary>
    /// Why win-back must leave a customer alone, or null: a live cart (changed within the abandoned-cart window, the delay
    /// plus <see cref="WorkflowScans.AbandonedCartCatchUpDays"/>), a running abandoned-cart enrollment, or an abandoned-cart
    /// email in the last <see cref="WinBackQuietDaysAfterAbandonedCart"/> days. Someone shopping again is not dormant, and
    /// "we miss you" next to "you left something in your cart" reads as if nobody is listening.
    /// </summary>
    public static string? WinBackHoldReason(ShoppingActivity activity, DateTime nowUtc, int abandonedCartDelayMinutes)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.AbandonedCartRunning)
            return "The customer is in an abandoned-cart sequence.";
        if (activity.CartChangedUtc is { } changed
            && changed >= nowUtc.AddMinutes(-abandonedCartDelayMinutes).AddDays(-WorkflowScans.AbandonedCartCatchUpDays))
            return "The customer has a live cart.";
        if (activity.AbandonedCartEmailUtc is { } sent && sent > nowUtc.AddDays(-WinBackQuietDaysAfterAbandonedCart))
            return $"The customer got an abandoned-cart email in the last {WinBackQuietDaysAfterAbandonedCart} days.";
        return null;
    }

    /// <summary>Whether someone born on <paramref name="birth"/> has their birthday on <paramref name="day"/> (29 February falls on the 28th in other years).</summary>
    public static bool IsBirthday(DateTime birth, DateOnly day) =>
        (birth.Month == day.Month && birth.Day == day.Day)
        || (birth.Month == 2 && birth.Day == 29 && day.Month == 2 && day.Day == 28 && !DateTime.IsLeapYear(day.Year));
}
