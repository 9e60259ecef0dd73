namespace Retention.Core.Analytics;

/// <summary>One order of a customer: when it was placed and what it was worth.</summary>
/// <param name="Timestamp">When the order was placed. Its calendar day (<see cref="DateTime.Date"/>) is the purchase
/// day, so convert it to the store's time zone first if days should follow the store's clock.</param>
/// <param name="Amount">The order total.</param>
public readonly record struct Purchase(DateTime Timestamp, decimal Amount);

/// <summary>A customer's calibration summary and the repeat purchases they made in the holdout period after it.</summary>
/// <param name="Calibration">The summary at the end of calibration.</param>
/// <param name="HoldoutPurchases">Purchase days after the calibration end, up to and including the observation end.</param>
public readonly record struct CalibrationHoldoutSummary(CustomerSummary Calibration, int HoldoutPurchases);

/// <summary>
/// Turns a customer's orders into the (x, t_x, T, z̄) summary the BG/NBD and Gamma-Gamma models take, the way the
/// literature does (Fader, Hardie &amp; Lee 2005; the CDNOW summary tables):
/// <list type="number">
/// <item>all orders on the same calendar day are one purchase, their amounts added up;</item>
/// <item>calibration runs from the customer's first purchase to the end of <c>calibrationEnd</c> (inclusive);</item>
/// <item>x = purchase days in calibration − 1; t_x = days from the first to the last purchase day in calibration;
/// T = days from the first purchase day to <c>calibrationEnd</c>; both divided by the days in the unit (7 for weeks);</item>
/// <item>z̄ = the mean of the merged daily amounts of the repeat purchases (the first left out), 0 when x = 0.</item>
/// </list>
/// Rebuilding the CDNOW summaries from <c>CDNOW_sample.txt</c> with these rules reproduces them to their printed
/// two decimals.
/// </summary>
public static class CustomerSummaryBuilder
{
    /// <summary>The calibration summary of one customer, or <c>null</c> when their first purchase is after <paramref name="calibrationEnd"/>.</summary>
    public static CustomerSummary? Build(IEnumerable<Purchase> purchases, DateOnly calibrationEnd, TimeUnit unit)
    {
        var days = MergeByDay(purchases);
        return Summarise(days, calibrationEnd, unit);
    }

    /// <summary>
    /// The calibration summary and the holdout repeat purchases (purchase days in (<paramref name="calibrationEnd"/>,
    /// <paramref name="observationEnd"/>]) of one customer; <c>null</c> when their first purchase is after the calibration end.
    /// </summary>
    public static CalibrationHoldoutSummary? BuildWithHoldout(IEnumerable<Purchase> purchases, DateOnly calibrationEnd, DateOnly observationEnd, TimeUnit unit)
    {
        if (observationEnd < calibrationEnd)
            throw new ArgumentException("The observation end must not be before the calibration end.", nameof(observationEnd));
        var days = MergeByDay(purchases);
        var calibration = Summarise(days, calibrationEnd, unit);
        if (calibration is null)
            return null;
        var holdout = days.Count(d => d.Day > calibrationEnd && d.Day <= observationEnd);
        return new CalibrationHoldoutSummary(calibration.Value, holdout);
    }

    /// <summary>The customer's purchase days, oldest first, with the day's orders added up.</summary>
    public static IReadOnlyList<(DateOnly Day, decimal Amount)> MergeByDay(IEnumerable<Purchase> purchases)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        return purchases
            .GroupBy(p => DateOnly.FromDateTime(p.Timestamp))
            .Select(g => (Day: g.Key, Amount: g.Sum(p => p.Amount)))
            .OrderBy(d => d.Day)
            .ToList();
    }

    private static CustomerSummary? Summarise(IReadOnlyList<(DateOnly Day, decimal Amount)> days, DateOnly calibrationEnd, TimeUnit unit)
    {
        var inCalibration = days.TakeWhile(d => d.Day <= calibrationEnd).ToList();
        if (inCalibration.Count == 0)
            return null;
        var first = inCalibration[0].Day;
        var last = inCalibration[^1].Day;
        var perUnit = unit.Days();
        var frequency = inCalibration.Count - 1;
        var monetary = frequency == 0 ? 0 : (double)(inCalibration.Skip(1).Sum(d => d.Amount) / frequency);
        return new CustomerSummary(
            frequency,
            (last.DayNumber - first.DayNumber) / perUnit,
            (calibrationEnd.DayNumber - first.DayNumber) / perUnit,
            monetary);
    }
}
