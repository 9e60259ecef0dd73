namespace Retention.Core.Analytics;

/// <summary>The time unit that a <see cref="CustomerSummary"/>'s recency and age are measured in.</summary>
public enum TimeUnit
{
    /// <summary>Days.</summary>
    Day,

    /// <summary>Weeks of 7 days (the unit of the BG/NBD paper's CDNOW tables).</summary>
    Week,
}

/// <summary>Conversions for <see cref="TimeUnit"/>.</summary>
public static class TimeUnitExtensions
{
    /// <summary>Days in one unit: 1 or 7.</summary>
    public static double Days(this TimeUnit unit) => unit switch
    {
        TimeUnit.Day => 1,
        TimeUnit.Week => 7,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, null),
    };

    /// <summary>
    /// Units in one month, as the <c>lifetimes</c> library's <c>customer_lifetime_value</c> counts them: 30 days or
    /// 4.345 weeks.
    /// </summary>
    public static double PerMonth(this TimeUnit unit) => unit switch
    {
        TimeUnit.Day => 30,
        TimeUnit.Week => 4.345,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, null),
    };
}

/// <summary>
/// One customer as the customer-base models see them (Fader, Hardie &amp; Lee 2005): the repeat purchases made in the
/// calibration period and when, measured from the customer's first purchase in a chosen <see cref="TimeUnit"/>.
/// </summary>
/// <param name="Frequency">x: repeat purchases (purchase days after the first one) in calibration.</param>
/// <param name="Recency">t_x: time from the first purchase to the last purchase in calibration (0 when x = 0).</param>
/// <param name="Age">T: time from the first purchase to the end of calibration.</param>
/// <param name="MonetaryValue">z̄: mean spend of the repeat purchases (the first purchase is left out); 0 when x = 0.</param>
public readonly record struct CustomerSummary(int Frequency, double Recency, double Age, double MonetaryValue = 0)
{
    /// <summary>Throws when the values cannot describe a customer: x &lt; 0, t_x outside [0, T], t_x = 0 with x &gt; 0 is allowed.</summary>
    internal void Validate()
    {
        if (Frequency < 0 || !(Recency >= 0) || !(Age >= Recency) || double.IsInfinity(Age) || !double.IsFinite(MonetaryValue) || MonetaryValue < 0)
            throw new ArgumentException(FormattableString.Invariant(
                $"Not a valid customer summary: frequency {Frequency}, recency {Recency}, age {Age}, monetary value {MonetaryValue} (need frequency ≥ 0, 0 ≤ recency ≤ age, monetary value ≥ 0)."));
    }
}

/// <summary>
/// Customers that share the same (x, t_x, T), counted once with a weight. Fitting takes groups, so a million
/// customers, who have far fewer distinct summaries, fit in seconds; a SQL <c>GROUP BY</c> can produce them directly.
/// </summary>
/// <param name="Frequency">x.</param>
/// <param name="Recency">t_x.</param>
/// <param name="Age">T.</param>
/// <param name="Customers">How many customers have this summary (&gt; 0).</param>
public readonly record struct CustomerSummaryGroup(int Frequency, double Recency, double Age, long Customers)
{
    /// <summary>Groups identical (x, t_x, T) rows.</summary>
    public static IReadOnlyList<CustomerSummaryGroup> From(IEnumerable<CustomerSummary> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var counts = new Dictionary<(int, double, double), long>();
        foreach (var customer in customers)
        {
            customer.Validate();
            var key = (customer.Frequency, customer.Recency, customer.Age);
            counts[key] = counts.TryGetValue(key, out var count) ? count + 1 : 1;
        }
        return counts.Select(kv => new CustomerSummaryGroup(kv.Key.Item1, kv.Key.Item2, kv.Key.Item3, kv.Value)).ToList();
    }
}
