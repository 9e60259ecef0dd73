using System.Globalization;

namespace Retention.Core.Analytics;

/// <summary>When the data is too thin for the customer-base models; below these the dashboard shows RFM scores only.</summary>
public sealed record PredictionThresholds
{
    /// <summary>Fewest customers with at least one repeat purchase (x &gt; 0). Default 50.</summary>
    public int MinRepeatCustomers { get; init; } = 50;

    /// <summary>
    /// The median customer age T must be at least this many typical inter-purchase times (the median over repeat
    /// customers of t_x / x). Default 3: a model cannot learn drop-out from customers watched for one or two gaps.
    /// </summary>
    public double MinHistoryInInterPurchaseTimes { get; init; } = 3;
}

/// <summary>Why no purchase model is offered.</summary>
public enum FallbackReason
{
    /// <summary>There are no customers.</summary>
    NoCustomers,

    /// <summary>Fewer repeat customers than <see cref="PredictionThresholds.MinRepeatCustomers"/>.</summary>
    TooFewRepeatCustomers,

    /// <summary>The history is shorter than <see cref="PredictionThresholds.MinHistoryInInterPurchaseTimes"/> typical gaps.</summary>
    HistoryTooShort,

    /// <summary>The BG/NBD fit failed or did not converge.</summary>
    FitFailed,
}

/// <summary>
/// The outcome of <see cref="PredictionReadiness.Assess"/>: either fitted models, or a plain reason to fall back to RFM.
/// </summary>
public sealed class PredictionAssessment
{
    internal PredictionAssessment(long customers, long repeatCustomers, double medianAge, double medianInterPurchaseTime)
    {
        Customers = customers;
        RepeatCustomers = repeatCustomers;
        MedianAge = medianAge;
        MedianInterPurchaseTime = medianInterPurchaseTime;
    }

    /// <summary>True when <see cref="Purchases"/> is available.</summary>
    public bool CanPredict => Purchases is not null;

    /// <summary>The fitted purchase model, or <c>null</c> (see <see cref="Fallback"/>).</summary>
    public BgNbdModel? Purchases { get; internal init; }

    /// <summary>The fitted spend model, or <c>null</c> when the summaries carry no spend or it could not be fitted (see <see cref="SpendNote"/>).</summary>
    public GammaGammaModel? Spend { get; internal init; }

    /// <summary>Why there is no purchase model; <c>null</c> when there is one.</summary>
    public FallbackReason? Fallback { get; internal init; }

    /// <summary>A sentence for the merchant saying why predictions fall back to RFM scores; <c>null</c> when they do not.</summary>
    public string? Explanation { get; internal init; }

    /// <summary>Why there is no spend model (so no CLV) although there is a purchase model; <c>null</c> otherwise.</summary>
    public string? SpendNote { get; internal init; }

    /// <summary>Customers assessed.</summary>
    public long Customers { get; }

    /// <summary>Customers with x &gt; 0.</summary>
    public long RepeatCustomers { get; }

    /// <summary>Median T over all customers (time unit of the summaries; NaN without customers).</summary>
    public double MedianAge { get; }

    /// <summary>Median t_x / x over repeat customers (NaN without them).</summary>
    public double MedianInterPurchaseTime { get; }
}

/// <summary>
/// Decides whether the data can carry the BG/NBD and Gamma-Gamma models, and fits them when it can. Below the
/// <see cref="PredictionThresholds"/> (too few repeat customers, too short a history) or when the fit fails, it
/// returns a reason instead, and the dashboard falls back to RFM scores.
/// </summary>
public static class PredictionReadiness
{
    /// <summary>Below this mean drop-out probability per purchase (a / (a + b)) the fit is treated as failed.</summary>
    public const double MinDropOutProbability = 1e-4;

    /// <summary>Checks the thresholds, then fits BG/NBD and (when the summaries carry spend) Gamma-Gamma.</summary>
    public static PredictionAssessment Assess(IReadOnlyCollection<CustomerSummary> customers, PredictionThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(customers);
        thresholds ??= new PredictionThresholds();
        foreach (var c in customers)
            c.Validate();

        var repeat = customers.Where(c => c.Frequency > 0).ToList();
        var medianAge = Median(customers.Select(c => c.Age));
        var medianGap = Median(repeat.Select(c => c.Recency / c.Frequency));
        var assessment = new PredictionAssessment(customers.Count, repeat.Count, medianAge, medianGap);

        if (customers.Count == 0)
            return Fallback(assessment, FallbackReason.NoCustomers, "There are no customers yet, so there is nothing to predict from.");
        if (repeat.Count < thresholds.MinRepeatCustomers)
            return Fallback(assessment, FallbackReason.TooFewRepeatCustomers, Invariant(
                $"Only {repeat.Count} customers have bought more than once; predictions need at least {thresholds.MinRepeatCustomers}. Showing RFM scores instead."));
        if (!(medianAge >= thresholds.MinHistoryInInterPurchaseTimes * medianGap))
            return Fallback(assessment, FallbackReason.HistoryTooShort, Invariant(
                $"The typical customer has been watched for {medianAge:0.#} time units, less than {thresholds.MinHistoryInInterPurchaseTimes:0.#} times the typical {medianGap:0.#} between purchases; predictions need a longer history. Showing RFM scores instead."));

        BgNbdModel purchases;
        try
        {
            purchases = BgNbdModel.Fit(customers);
        }
        catch (ModelFitException e)
        {
            return Fallback(assessment, FallbackReason.FitFailed, "The purchase model could not be fitted to this data (" + e.Message + "). Showing RFM scores instead.");
        }
        // A search stopped at its limit has no maximum to predict from (the fit reports it rather than throwing).
        if (purchases.Diagnostics is { Converged: false } unconverged)
            return Fallback(assessment, FallbackReason.FitFailed, "The purchase model could not be fitted to this data (" + unconverged.Warning("BG/NBD") + "). Showing RFM scores instead.");
        // The bounded fit ends at the edge instead of running off when nobody looks dropped out (b → ∞ with a fixed):
        // a drop-out probability that small is a model that cannot tell who has left, so it is not shown.
        if (purchases.A / (purchases.A + purchases.B) < MinDropOutProbability)
            return Fallback(assessment, FallbackReason.FitFailed, FormattableString.Invariant(
                $"The purchase model could not be fitted to this data: no customer looks dropped out (fitted drop-out probability {purchases.A / (purchases.A + purchases.B):G2} per purchase). Showing RFM scores instead."));
        if (Math.Abs(purchases.A - 1) < 1e-9)
            return Fallback(assessment, FallbackReason.FitFailed, "The purchase model's fit is degenerate (a = 1). Showing RFM scores instead.");

        if (!repeat.Any(c => c.MonetaryValue > 0))
            return With(assessment, purchases, null, "The summaries carry no spend, so no lifetime value is predicted.");
        try
        {
            var spend = GammaGammaModel.Fit(customers);
            if (spend.Diagnostics is { Converged: false } spendUnconverged)
                return With(assessment, purchases, null, "The spend model could not be fitted (" + spendUnconverged.Warning("Gamma-Gamma") + "), so no lifetime value is predicted.");
            if (!(spend.Q > 1))
                return With(assessment, purchases, null, "The spend model has no finite mean (q ≤ 1), so no lifetime value is predicted.");
            return With(assessment, purchases, spend, null);
        }
        catch (ModelFitException e)
        {
            return With(assessment, purchases, null, "The spend model could not be fitted (" + e.Message + "), so no lifetime value is predicted.");
        }
    }

    private static PredictionAssessment Fallback(PredictionAssessment a, FallbackReason reason, string explanation) =>
        new(a.Customers, a.RepeatCustomers, a.MedianAge, a.MedianInterPurchaseTime) { Fallback = reason, Explanation = explanation };

    private static PredictionAssessment With(PredictionAssessment a, BgNbdModel purchases, GammaGammaModel? spend, string? spendNote) =>
        new(a.Customers, a.RepeatCustomers, a.MedianAge, a.MedianInterPurchaseTime) { Purchases = purchases, Spend = spend, SpendNote = spendNote };

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
            return double.NaN;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
