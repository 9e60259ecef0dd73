namespace Retention.Core.Workflows;

/// <summary>
/// The statistics behind the workflow reports, as pure functions of counts and sums: confidence intervals for the lift
/// of sent over control, and the survey scores. Every interval is two-sided at 95 %.
/// </summary>
public static class WorkflowStatistics
{
    /// <summary>The standard normal quantile at 0.975.</summary>
    public const double Z975 = 1.959963984540054;

    /// <summary>Below this many enrollments in either arm, the lift report says the groups are too small to conclude anything.</summary>
    public const int MinArmSize = 30;

    /// <summary>Wilson's score interval for a proportion <paramref name="successes"/> / <paramref name="n"/> (Wilson 1927); null when n is 0.</summary>
    public static Interval? Wilson(int successes, int n)
    {
        if (n <= 0)
            return null;
        if (successes < 0 || successes > n)
            throw new ArgumentOutOfRangeException(nameof(successes), successes, "Successes must lie between 0 and the number of trials.");
        var p = (double)successes / n;
        var z2 = Z975 * Z975;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = Z975 / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new Interval(p, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// The difference of two proportions p1 − p2 with Newcombe's hybrid score interval (Newcombe 1998, method 10), built
    /// from the two Wilson intervals: unlike the Wald interval it stays inside [−1, 1] and behaves with few conversions.
    /// Null when either group is empty.
    /// </summary>
    public static Interval? DifferenceOfProportions(int successes1, int n1, int successes2, int n2)
    {
        if (Wilson(successes1, n1) is not { } a || Wilson(successes2, n2) is not { } b)
            return null;
        var d = a.Estimate - b.Estimate;
        var low = d - Math.Sqrt(Square(a.Estimate - a.Low) + Square(b.High - b.Estimate));
        var high = d + Math.Sqrt(Square(a.High - a.Estimate) + Square(b.Estimate - b.Low));
        return new Interval(d, low, high);
    }

    /// <summary>
    /// The difference of two means with Welch's t interval (unequal variances; Welch–Satterthwaite degrees of freedom), each
    /// group given as its size, sum and sum of squares — what a database returns in one grouped query. Null when either group
    /// has fewer than two members (no variance).
    /// </summary>
    public static Interval? DifferenceOfMeans(int n1, double sum1, double sumOfSquares1, int n2, double sum2, double sumOfSquares2)
    {
        if (n1 < 2 || n2 < 2)
            return null;
        var (mean1, var1) = MeanAndVariance(n1, sum1, sumOfSquares1);
        var (mean2, var2) = MeanAndVariance(n2, sum2, sumOfSquares2);
        var d = mean1 - mean2;
        var se1 = var1 / n1;
        var se2 = var2 / n2;
        var se = Math.Sqrt(se1 + se2);
        if (se == 0)
            return new Interval(d, d, d);
        var df = Square(se1 + se2) / (Square(se1) / (n1 - 1) + Square(se2) / (n2 - 1));
        var t = StudentT975(df);
        return new Interval(d, d - t * se, d + t * se);
    }

    /// <summary>Mean and unbiased sample variance from a size, a sum and a sum of squares (variance never below 0 from rounding).</summary>
    public static (double Mean, double Variance) MeanAndVariance(int n, double sum, double sumOfSquares)
    {
        if (n < 2)
            throw new ArgumentOutOfRangeException(nameof(n), n, "A variance needs at least two values.");
        var mean = sum / n;
        return (mean, Math.Max(0, (sumOfSquares - n * mean * mean) / (n - 1)));
    }

    private static readonly double[] SmallDfT975 = [12.706204736, 4.302652730, 3.182446305, 2.776445105];

    /// <summary>
    /// Student's t quantile at 0.975 for <paramref name="df"/> degrees of freedom: exact values below 5 (taken at the floor
    /// of a fractional df, which errs wide), else the Cornish–Fisher expansion around the normal quantile (within 3e-4 at 5 degrees of freedom, closer above).
    /// </summary>
    public static double StudentT975(double df)
    {
        if (double.IsNaN(df) || df <= 0)
            throw new ArgumentOutOfRangeException(nameof(df), df, "Degrees of freedom must be positive.");
        if (df < 5)
            return SmallDfT975[Math.Max(1, (int)Math.Floor(df)) - 1];
        var z = Z975;
        double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z, z9 = z7 * z * z;
        return z
            + (z3 + z) / (4 * df)
            + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df)
            + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df * df * df)
            + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df * df * df * df);
    }

    /// <summary>Net Promoter Score from counts per score 0–10: % promoters (9–10) − % detractors (0–6), in −100..100; null without answers.</summary>
    public static double? NetPromoterScore(IReadOnlyDictionary<int, int> countsByScore)
    {
        ArgumentNullException.ThrowIfNull(countsByScore);
        var total = countsByScore.Values.Sum();
        if (total == 0)
            return null;
        var promoters = countsByScore.Where(kv => kv.Key >= 9).Sum(kv => kv.Value);
        var detractors = countsByScore.Where(kv => kv.Key <= 6).Sum(kv => kv.Value);
        return 100.0 * (promoters - detractors) / total;
    }

    /// <summary>CSAT from counts per score 1–5: the share of 4s and 5s, in 0..1; null without answers.</summary>
    public static double? CustomerSatisfaction(IReadOnlyDictionary<int, int> countsByScore)
    {
        ArgumentNullException.ThrowIfNull(countsByScore);
        var total = countsByScore.Values.Sum();
        return total == 0 ? null : (double)countsByScore.Where(kv => kv.Key >= 4).Sum(kv => kv.Value) / total;
    }

    private static double Square(double x) => x * x;
}
