using System.Globalization;
using static Retention.Core.Analytics.SpecialFunctions;

namespace Retention.Core.Analytics;

/// <summary>
/// A fitted Gamma-Gamma model of how much customers spend per purchase: P. S. Fader, B. G. S. Hardie &amp; K. L. Lee
/// (2005), "RFM and CLV: Using Iso-Value Curves for Customer Base Analysis", <em>Journal of Marketing Research</em>
/// 42(4), 415–430, in the form of P. S. Fader &amp; B. G. S. Hardie (2013), "The Gamma-Gamma Model of Monetary Value"
/// (note at brucehardie.com). Immutable: fit once with <see cref="Fit(IEnumerable{CustomerSummary})"/>, then ask.
/// Modelled on the <c>GammaGammaFitter</c> of the Python <c>lifetimes</c> library.
/// </summary>
/// <remarks>
/// Each spend is Gamma(p, ν) with ν ~ Gamma(q, v) across customers, so the mean z̄ of a customer's x repeat purchases
/// has density (note, eq. 3)
/// <code>
/// f(z̄ | p, q, v, x) = Γ(px+q) / (Γ(px) Γ(q)) · v^q z̄^(px−1) x^(px) / (v + x z̄)^(px+q)
/// E[Z | p, q, v, x, z̄] = (q−1)/(px+q−1) · p v/(q−1) + px/(px+q−1) · z̄      (note, eq. 5)
/// </code>
/// a weighted mean of the population mean spend p v/(q−1) and the customer's own mean. Spend is assumed independent
/// of purchase frequency: <see cref="FrequencySpendCorrelation"/> reports how far the fitted data bears that out.
/// </remarks>
public sealed class GammaGammaModel
{
    private static readonly string[] Names = ["p", "q", "v"];

    private GammaGammaModel(double p, double q, double v, double logLikelihood, long customers, double correlation, double[]? standardErrors = null,
        FitDiagnostics? diagnostics = null)
    {
        Diagnostics = diagnostics;
        Estimates = ParameterEstimate.Of(Names, [p, q, v], standardErrors);
        P = p;
        Q = q;
        V = v;
        LogLikelihood = logLikelihood;
        Customers = customers;
        FrequencySpendCorrelation = correlation;
    }

    /// <summary>p: shape of the gamma distribution of a single spend.</summary>
    public double P { get; }

    /// <summary>q: shape of the gamma distribution of the spend scale ν across customers.</summary>
    public double Q { get; }

    /// <summary>v (γ in the note): scale of the gamma distribution of ν across customers.</summary>
    public double V { get; }

    /// <summary>The log-likelihood of the data the model was fitted on (NaN for a model made from stored parameters).</summary>
    public double LogLikelihood { get; }

    /// <summary>Customers the model was fitted on (those with x &gt; 0 and a positive mean spend).</summary>
    public long Customers { get; }

    /// <summary>p, q, v with their standard errors and 95 % intervals (lifetimes' <c>summary</c>); errors null for stored parameters.</summary>
    public IReadOnlyList<ParameterEstimate> Estimates { get; }

    /// <summary>
    /// Pearson correlation of x and z̄ over the fitted customers (NaN for stored parameters). The model assumes
    /// independence; a value far from 0 (say beyond ±0.3) means its spend predictions deserve less trust.
    /// </summary>
    public double FrequencySpendCorrelation { get; }

    /// <summary>p v / (q − 1): the expected mean spend of a customer we know nothing about (infinite unless q &gt; 1).</summary>
    public double PopulationMeanSpend => Q > 1 ? P * V / (Q - 1) : double.PositiveInfinity;

    /// <summary>How the fit's search ended (converged, on the box's edge, gradient norm); null for stored parameters.</summary>
    public FitDiagnostics? Diagnostics { get; }

    /// <summary>A model with known parameters, e.g. read back from a stored snapshot.</summary>
    public static GammaGammaModel FromParameters(double p, double q, double v, double logLikelihood = double.NaN, long customers = 0)
    {
        foreach (var (name, value) in new[] { ("p", p), ("q", q), ("v", v) })
            if (!(value > 0) || double.IsInfinity(value))
                throw new ArgumentOutOfRangeException(name, value, "Gamma-Gamma parameters must be positive and finite.");
        return new GammaGammaModel(p, q, v, logLikelihood, customers, double.NaN);
    }

    /// <summary>
    /// Fits p, q, v by maximum likelihood on the customers with x &gt; 0 and a positive <see cref="CustomerSummary.MonetaryValue"/>
    /// (the others carry no information about repeat spend and are skipped).
    /// </summary>
    /// <remarks>A search that stops at its iteration limit or on the box's edge returns its point and says so in <see cref="Diagnostics"/>.</remarks>
    /// <exception cref="ModelFitException">Fewer than two such customers, or no finite likelihood anywhere the search went.</exception>
    public static GammaGammaModel Fit(IEnumerable<CustomerSummary> customers) => Fit(customers, Minimizer.MaxIterations);

    /// <summary>The fit with another iteration limit per BFGS run (tests force a fit to stop unconverged with it).</summary>
    internal static GammaGammaModel Fit(IEnumerable<CustomerSummary> customers, int maxIterations)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var counts = new Dictionary<(int X, double M), long>();
        foreach (var c in customers)
        {
            c.Validate();
            if (c.Frequency > 0 && c.MonetaryValue > 0)
                counts[(c.Frequency, c.MonetaryValue)] = counts.TryGetValue((c.Frequency, c.MonetaryValue), out var n) ? n + 1 : 1;
        }
        var list = counts.ToList();
        var likelihood = new Likelihood(list);
        if (likelihood.Customers < 2)
            throw new ModelFitException("Fewer than two customers with repeat purchases and a positive spend: the Gamma-Gamma model cannot be fitted.");

        var logMean = Math.Log(likelihood.MeanSpend);
        var starts = new[]
        {
            new[] { 0.0, 0.0, 0.0 }, // p = q = v = 1, as lifetimes starts
            new[] { Math.Log(2), Math.Log(3), logMean },
            new[] { Math.Log(6), Math.Log(4), logMean },
        };
        var sample = LogSpaceFit.WarmUpSample(list.Count);
        Objective? warmUp = sample is null ? null : new Likelihood(sample.Select(i => list[i]).ToList()).MeanNegativeLogLikelihood;
        // The search runs over φ = (ln p, ln q, ln v − ln q): when customers' mean spends do not differ, the maximum
        // lies at q, v → ∞ with v / q fixed, a ridge along the ln q axis that the box ends (p, q within a factor 10⁶
        // of 1, v / q within 10⁶ of the mean spend).
        var axes = new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 1, 1 } };
        var range = LogSpaceFit.LogRange;
        var box = new[] { (-range, range), (-range, range), (logMean - range, logMean + range) };
        var best = LogSpaceFit.Minimize(likelihood.MeanNegativeLogLikelihood, warmUp, starts, "Gamma-Gamma", box, axes, maxIterations);
        var p = best.Point.Select(Math.Exp).ToArray();
        if (!p.All(value => value > 0 && double.IsFinite(value)))
            throw new ModelFitException("The Gamma-Gamma fit ran off to degenerate parameters.");
        var errors = LogSpaceFit.StandardErrors(likelihood.MeanNegativeLogLikelihood, best.Point, likelihood.Customers, box, axes);
        return new GammaGammaModel(p[0], p[1], p[2], -best.Value * likelihood.Customers, likelihood.Customers, likelihood.Correlation, errors,
            LogSpaceFit.Diagnose(likelihood.MeanNegativeLogLikelihood, best, box, axes));
    }

    /// <summary>The mean negative log-likelihood over θ = (ln p, ln q, ln v) of (x, z̄) groups, as <see cref="Fit(IEnumerable{CustomerSummary})"/> minimises it.</summary>
    internal static Objective MeanNegativeLogLikelihood(IEnumerable<KeyValuePair<(int X, double M), long>> groups) => new Likelihood(groups.ToList()).MeanNegativeLogLikelihood;

    /// <summary>
    /// E[Z | x, z̄]: the expected mean spend per future purchase of a customer with <paramref name="frequency"/> repeat
    /// purchases averaging <paramref name="meanSpend"/> (note, eq. 5; <c>conditional_expected_average_profit</c> in
    /// lifetimes). A customer without repeat purchases gets the <see cref="PopulationMeanSpend"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">q ≤ 1: the model has no finite mean spend.</exception>
    public double ConditionalExpectedAverageSpend(int frequency, double meanSpend)
    {
        if (frequency < 0)
            throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "Must not be negative.");
        if (!(meanSpend >= 0) || double.IsInfinity(meanSpend))
            throw new ArgumentOutOfRangeException(nameof(meanSpend), meanSpend, "Must be a finite non-negative amount.");
        if (!(Q > 1))
            throw new InvalidOperationException("The fitted q is not above 1, so the Gamma-Gamma model has no finite expected spend.");
        var individualWeight = P * frequency / (P * frequency + Q - 1);
        return (1 - individualWeight) * PopulationMeanSpend + individualWeight * meanSpend;
    }

    /// <inheritdoc cref="ConditionalExpectedAverageSpend(int, double)"/>
    public double ConditionalExpectedAverageSpend(CustomerSummary customer) =>
        ConditionalExpectedAverageSpend(customer.Frequency, customer.MonetaryValue);

    /// <summary>
    /// Discounted expected value of a customer's purchases over the next <paramref name="months"/> months, as the
    /// <c>customer_lifetime_value</c> of lifetimes computes it:
    /// Σ_{i=1..months} (E[Y(i·m)] − E[Y((i−1)·m)]) · E[Z] / (1 + d)^i, with m = time units per month (30 days or
    /// 4.345 weeks, <see cref="TimeUnitExtensions.PerMonth"/>), E[Y] from <paramref name="purchases"/> and E[Z] from
    /// <see cref="ConditionalExpectedAverageSpend(CustomerSummary)"/>.
    /// </summary>
    /// <param name="purchases">The fitted purchase model, on summaries in <paramref name="unit"/>.</param>
    /// <param name="customer">The customer's calibration summary (with monetary value).</param>
    /// <param name="months">Horizon in months (12 on the dashboard).</param>
    /// <param name="monthlyDiscountRate">d, e.g. 0.01 for 1 % a month.</param>
    /// <param name="unit">The time unit of the summaries.</param>
    public double CustomerLifetimeValue(BgNbdModel purchases, CustomerSummary customer, int months, double monthlyDiscountRate, TimeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        if (months < 0)
            throw new ArgumentOutOfRangeException(nameof(months), months, "Must not be negative.");
        if (!(monthlyDiscountRate > -1) || double.IsInfinity(monthlyDiscountRate))
            throw new ArgumentOutOfRangeException(nameof(monthlyDiscountRate), monthlyDiscountRate, "Must be above −1.");
        var spend = ConditionalExpectedAverageSpend(customer);
        var perMonth = unit.PerMonth();
        var value = 0.0;
        var previous = 0.0;
        for (var i = 1; i <= months; i++)
        {
            var cumulative = purchases.ConditionalExpectedPurchases(i * perMonth, customer);
            value += (cumulative - previous) * spend / Math.Pow(1 + monthlyDiscountRate, i);
            previous = cumulative;
        }
        return value;
    }

    /// <summary>ln f(z̄ | p, q, v, x) of one customer with x &gt; 0 and z̄ &gt; 0.</summary>
    public double LogLikelihoodOf(int frequency, double meanSpend)
    {
        if (frequency <= 0 || !(meanSpend > 0))
            throw new ArgumentOutOfRangeException(nameof(frequency), "Needs x > 0 and a positive mean spend.");
        var px = P * frequency;
        return LogGamma(px + Q) - LogGamma(px) - LogGamma(Q) + Q * Math.Log(V) + (px - 1) * Math.Log(meanSpend)
               + px * Math.Log(frequency) - (px + Q) * Math.Log(V + frequency * meanSpend);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Gamma-Gamma fitted on {Customers} customers: p = {P:F3}, q = {Q:F3}, v = {V:F3}, log-likelihood = {LogLikelihood:F1}");

    /// <summary>Mean negative log-likelihood over grouped (x, z̄) and its gradient in log-parameters.</summary>
    private sealed class Likelihood
    {
        private readonly int[] _frequencies;
        private readonly int[] _xIndex;
        private readonly double[] _spend;
        private readonly double[] _logSpend;
        private readonly double[] _weights;

        public Likelihood(IReadOnlyList<KeyValuePair<(int X, double M), long>> counts)
        {
            var distinct = counts.Select(kv => kv.Key.X).Distinct().OrderBy(x => x).ToArray();
            var index = distinct.Select((x, i) => (x, i)).ToDictionary(t => t.x, t => t.i);
            _frequencies = distinct;
            _xIndex = new int[counts.Count];
            _spend = new double[counts.Count];
            _logSpend = new double[counts.Count];
            _weights = new double[counts.Count];
            double sx = 0, sm = 0, sxx = 0, smm = 0, sxm = 0;
            var i = 0;
            foreach (var ((x, m), n) in counts)
            {
                _xIndex[i] = index[x];
                _spend[i] = m;
                _logSpend[i] = Math.Log(m);
                _weights[i] = n;
                Customers += n;
                sx += n * x;
                sm += n * m;
                sxx += n * (double)x * x;
                smm += n * m * m;
                sxm += n * x * m;
                i++;
            }
            if (Customers > 0)
            {
                var c = (double)Customers;
                MeanSpend = sm / c;
                var cov = sxm / c - sx / c * (sm / c);
                var varX = sxx / c - sx / c * (sx / c);
                var varM = smm / c - sm / c * (sm / c);
                Correlation = varX > 0 && varM > 0 ? cov / Math.Sqrt(varX * varM) : double.NaN;
            }
        }

        public long Customers { get; }

        public double MeanSpend { get; }

        public double Correlation { get; } = double.NaN;

        public double MeanNegativeLogLikelihood(double[] theta, double[]? gradient)
        {
            var p = Math.Exp(theta[0]);
            var q = Math.Exp(theta[1]);
            var v = Math.Exp(theta[2]);
            if (!(p > 0 && q > 0 && v > 0) || double.IsInfinity(p + q + v))
                return double.PositiveInfinity;

            var nx = _frequencies.Length;
            var perX = new double[nx];
            var dpPerX = new double[nx];
            var dqPerX = new double[nx];
            var logX = new double[nx];
            var lgQ = LogGamma(q);
            var psiQ = Digamma(q);
            for (var k = 0; k < nx; k++)
            {
                var x = _frequencies[k];
                var px = p * x;
                logX[k] = Math.Log(x);
                perX[k] = LogGamma(px + q) - LogGamma(px) - lgQ + px * logX[k];
                if (gradient is null)
                    continue;
                var psiPxQ = Digamma(px + q);
                dpPerX[k] = x * (psiPxQ - Digamma(px) + logX[k]);
                dqPerX[k] = psiPxQ - psiQ;
            }
            var logV = Math.Log(v);
            double ll = 0, gp = 0, gq = 0, gv = 0;
            for (var i = 0; i < _weights.Length; i++)
            {
                var k = _xIndex[i];
                var x = _frequencies[k];
                var w = _weights[i];
                var px = p * x;
                var denominator = v + x * _spend[i];
                var logDenominator = Math.Log(denominator);
                ll += w * (perX[k] + q * logV + (px - 1) * _logSpend[i] - (px + q) * logDenominator);
                if (gradient is null)
                    continue;
                gp += w * (dpPerX[k] + x * (_logSpend[i] - logDenominator));
                gq += w * (dqPerX[k] + logV - logDenominator);
                gv += w * (q / v - (px + q) / denominator);
            }
            var n = (double)Customers;
            if (gradient is not null)
            {
                gradient[0] = -p * gp / n;
                gradient[1] = -q * gq / n;
                gradient[2] = -v * gv / n;
            }
            var value = -ll / n;
            return double.IsNaN(value) ? double.PositiveInfinity : value;
        }
    }
}
