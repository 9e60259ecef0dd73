namespace Retention.Core.Analytics;

/// <summary>Customers grouped by their calibration x, as in the BG/NBD paper's Figure 4.</summary>
/// <param name="CalibrationFrequency">x in calibration; with <paramref name="OrMore"/>, this x and above.</param>
/// <param name="OrMore">True for the last, open-ended group.</param>
/// <param name="Customers">Customers in the group.</param>
/// <param name="ActualMean">Mean holdout repeat purchases.</param>
/// <param name="PredictedMean">Mean E[Y(t) | x, t_x, T] over the group.</param>
public sealed record HoldoutFrequencyGroup(int CalibrationFrequency, bool OrMore, long Customers, double ActualMean, double PredictedMean);

/// <summary>How well a purchase model fitted on calibration predicted the holdout period.</summary>
public sealed record HoldoutReport
{
    /// <summary>Customers evaluated.</summary>
    public required long Customers { get; init; }

    /// <summary>Length of the holdout period, in the time unit of the summaries.</summary>
    public required double HoldoutLength { get; init; }

    /// <summary>Repeat purchases actually made in the holdout period.</summary>
    public required long ActualPurchases { get; init; }

    /// <summary>Σ E[Y(t) | x, t_x, T] over the customers.</summary>
    public required double PredictedPurchases { get; init; }

    /// <summary>(predicted − actual) / actual; NaN when nothing was bought.</summary>
    public double AggregateRelativeError => ActualPurchases == 0 ? double.NaN : (PredictedPurchases - ActualPurchases) / ActualPurchases;

    /// <summary>Mean over customers of |predicted − actual|.</summary>
    public required double MeanAbsoluteError { get; init; }

    /// <summary>Square root of the mean over customers of (predicted − actual)².</summary>
    public required double RootMeanSquaredError { get; init; }

    /// <summary>Actual against predicted by calibration x (0, 1, …, cap − 1, cap+).</summary>
    public required IReadOnlyList<HoldoutFrequencyGroup> ByCalibrationFrequency { get; init; }
}

/// <summary>
/// The calibration/holdout check of the BG/NBD paper (Fader, Hardie &amp; Lee 2005, §4): fit on the earlier part of the
/// history, predict each customer's repeat purchases in the later part with E[Y(t) | x, t_x, T], and compare with what
/// they did. This is how far the model can be trusted on this store's data.
/// </summary>
public static class HoldoutEvaluation
{
    /// <summary>Compares <paramref name="model"/>'s holdout predictions with the customers' actual holdout purchases.</summary>
    /// <param name="model">A model fitted on the customers' calibration summaries.</param>
    /// <param name="customers">Calibration summary and actual holdout purchases of each customer.</param>
    /// <param name="holdoutLength">t: the holdout period's length in the summaries' time unit (39 weeks for CDNOW).</param>
    /// <param name="frequencyCap">The last group of <see cref="HoldoutReport.ByCalibrationFrequency"/> holds x ≥ this (7 in the paper).</param>
    public static HoldoutReport Evaluate(BgNbdModel model, IEnumerable<CalibrationHoldoutSummary> customers, double holdoutLength, int frequencyCap = 7)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(customers);
        if (!(holdoutLength >= 0) || double.IsInfinity(holdoutLength))
            throw new ArgumentOutOfRangeException(nameof(holdoutLength), holdoutLength, "Must be a finite non-negative time.");
        if (frequencyCap < 1)
            throw new ArgumentOutOfRangeException(nameof(frequencyCap), frequencyCap, "Must be at least 1.");

        var predictions = new Dictionary<(int, double, double), double>(); // many customers share a summary
        var groups = new (long Customers, double Actual, double Predicted)[frequencyCap + 1];
        long count = 0, actualTotal = 0;
        double predictedTotal = 0, absolute = 0, squared = 0;
        foreach (var customer in customers)
        {
            var c = customer.Calibration;
            if (customer.HoldoutPurchases < 0)
                throw new ArgumentException("Holdout purchases must not be negative.", nameof(customers));
            var key = (c.Frequency, c.Recency, c.Age);
            if (!predictions.TryGetValue(key, out var predicted))
                predictions[key] = predicted = model.ConditionalExpectedPurchases(holdoutLength, c);
            var error = predicted - customer.HoldoutPurchases;
            count++;
            actualTotal += customer.HoldoutPurchases;
            predictedTotal += predicted;
            absolute += Math.Abs(error);
            squared += error * error;
            var g = Math.Min(c.Frequency, frequencyCap);
            groups[g] = (groups[g].Customers + 1, groups[g].Actual + customer.HoldoutPurchases, groups[g].Predicted + predicted);
        }

        return new HoldoutReport
        {
            Customers = count,
            HoldoutLength = holdoutLength,
            ActualPurchases = actualTotal,
            PredictedPurchases = predictedTotal,
            MeanAbsoluteError = count == 0 ? double.NaN : absolute / count,
            RootMeanSquaredError = count == 0 ? double.NaN : Math.Sqrt(squared / count),
            ByCalibrationFrequency = groups
                .Select((g, x) => new HoldoutFrequencyGroup(x, x == frequencyCap, g.Customers,
                    g.Customers == 0 ? double.NaN : g.Actual / g.Customers,
                    g.Customers == 0 ? double.NaN : g.Predicted / g.Customers))
                .ToList(),
        };
    }
}
