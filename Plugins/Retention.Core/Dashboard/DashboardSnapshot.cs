using Retention.Core.Analytics;
// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Retention.Core.Dashboard;

/// <summary>
/// Everything the dashboard widget and the report page show for one store on one day: the JSON contract shared by
/// the plugin and the sandbox (see <c>README.md</c> beside this file). Built once by <see cref="DashboardBuilder"/>
/// and stored; the pages only read it.
/// </summary>
public sealed record DashboardSnapshot
{
    /// <summary>Bumped when a field changes meaning, so a stored snapshot of another shape is recognised.</summary>
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;
    public required int StoreId { get; init; }
    /// <summary>The day the figures are taken (00:00 UTC, exclusive), <c>yyyy-MM-dd</c>.</summary>
    public required DateOnly AsOf { get; init; }
    public required DateTime ComputedOnUtc { get; init; }
    public required int ActiveWindowDays { get; init; }
    /// <summary>The period the widget opens with (the store's setting).</summary>
    public required int DefaultPeriodDays { get; init; }
    /// <summary>The KPI tiles for each period the selector offers.</summary>
    public required IReadOnlyList<DashboardPeriod> Periods { get; init; }
    /// <summary>Cohort retention, oldest first (every cohort; the widget shows the latest twelve).</summary>
    public required IReadOnlyList<DashboardCohort> Cohorts { get; init; }
    /// <summary>All eleven RFM segments in the usual order, empty ones included.</summary>
    public required IReadOnlyList<DashboardSegment> Segments { get; init; }
    public required DashboardAtRisk AtRisk { get; init; }
    public required DashboardPrediction Prediction { get; init; }
    /// <summary>
    /// The store's current UTC day when the host hands the snapshot out (not stored: set on each read). Later than
    /// <see cref="AsOf"/> means the figures are older than the store's day, and the script says so instead of showing
    /// them as current; null where the host does not say.
    /// </summary>
    public DateOnly? StoreToday { get; init; }

    /// <summary>
    /// The loyalty mechanics' sections (membership, cashback, stamp cards, challenges), each null while its mechanic is off;
    /// null in snapshots built without them (a host that runs none, or stored before issue 18).
    /// </summary>
    public DashboardMechanics? Mechanics { get; init; }

    /// <summary>This snapshot as handed out on <paramref name="clock"/>'s current day (<see cref="StoreToday"/> set).</summary>
    public DashboardSnapshot ServedOn(Common.IClock clock) => this with { StoreToday = DateOnly.FromDateTime((clock ?? throw new ArgumentNullException(nameof(clock))).UtcNow) };

    /// <summary>The serialisation every host uses: camelCase names, ISO dates, nulls written out (a null is "no data").</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a stored snapshot; <c>null</c> when the text is not a snapshot of this version (an older shape).</summary>
    public static DashboardSnapshot? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return null;
        try
        {
            var snapshot = JsonSerializer.Deserialize<DashboardSnapshot>(json, JsonOptions);
            return snapshot is { Version: CurrentVersion } ? snapshot : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The KPI tiles of one period length.</summary>
/// <param name="PeriodDays">P.</param>
/// <param name="PeriodStartUtc">as_of − P.</param>
/// <param name="TrendAsOf">The end (as_of) of each trend point, oldest first; the last is the snapshot's as_of.</param>
/// <param name="Kpis">The tiles, in display order.</param>
public sealed record DashboardPeriod(int PeriodDays, DateTime PeriodStartUtc, IReadOnlyList<DateOnly> TrendAsOf, IReadOnlyList<DashboardKpi> Kpis);

/// <summary>One tile.</summary>
/// <param name="Key">Stable key: customers, rpr, crr, churn, aov, ltv, tbp, nps, csat, pointsLiability, attributedRevenue.</param>
/// <param name="Label">English label (hosts translate it by key: <c>kpi.{Key}</c> in <see cref="DashboardTexts"/>).</param>
/// <param name="Unit">count, rate (a fraction), money, days or score.</param>
/// <param name="Value">The figure at as_of; <c>null</c> is "no data".</param>
/// <param name="Previous">The figure one period earlier.</param>
/// <param name="Change">Value − Previous (for rates, in fraction points); <c>null</c> when either is missing.</param>
/// <param name="HigherIsBetter">Whether a rise is good news (churn: false), for the arrow's colour.</param>
/// <param name="Trend">The figure at each <see cref="DashboardPeriod.TrendAsOf"/>, oldest first.</param>
/// <param name="Note">Why there is no value, when there is none for a known reason (English).</param>
public sealed record DashboardKpi(string Key, string Label, string Unit, double? Value, double? Previous, double? Change, bool HigherIsBetter,
    IReadOnlyList<double?> Trend, string? Note = null)
{
    /// <summary>The <see cref="Note"/>'s key in <see cref="DashboardTexts"/> (<c>note.{NoteKey}</c>), so hosts show it in
    /// the admin's language; <c>null</c> without a note (and in snapshots stored before it existed).</summary>
    public string? NoteKey { get; init; }
}

/// <summary>One cohort row.</summary>
/// <param name="Cohort">YYYY-MM.</param>
/// <param name="PartialMonth">The month k whose share is not final yet (that month had not ended at as_of; only ever the
/// last), or null when every month shown is over.</param>
public sealed record DashboardCohort(string Cohort, int Size, IReadOnlyList<double> Retention, int? PartialMonth = null);

/// <summary>One RFM segment.</summary>
/// <param name="Key">The <see cref="Analytics.RfmSegment"/> name.</param>
public sealed record DashboardSegment(string Key, string Name, int Customers, double Share, decimal Revenue);

/// <summary>The "at risk, high value" list and how it was chosen.</summary>
/// <param name="Basis"><c>prediction</c> (low P(alive), high predicted CLV) or <c>rfm</c> (the At risk and Can't lose them segments).</param>
/// <param name="Explanation">The rule, in a sentence, and why RFM was used when it was.</param>
public sealed record DashboardAtRisk(string Basis, string Explanation, IReadOnlyList<DashboardAtRiskCustomer> Customers)
{
    /// <summary>
    /// The <see cref="Explanation"/>'s key in <see cref="DashboardTexts"/> (<c>atRisk.help.*</c>) with <see cref="HelpValues"/>
    /// for its placeholders, so hosts show the rule in the reader's language; the English sentence stays for snapshots
    /// written before keys and for exports.
    /// </summary>
    public string? HelpKey { get; init; }

    public IReadOnlyDictionary<string, string>? HelpValues { get; init; }
}

/// <summary>One customer of the at-risk list.</summary>
/// <param name="ProbabilityAlive">BG/NBD P(alive); <c>null</c> under the RFM fallback.</param>
/// <param name="PredictedClv">12-month CLV; <c>null</c> without the spend model.</param>
/// <param name="ValueIfRetained">Predicted 12-month CLV if the customer were alive (CLV / P(alive)): what losing them costs; the list's ranking under predictions.</param>
public sealed record DashboardAtRiskCustomer(int CustomerId, string? Name, string? Email, int Orders, decimal Revenue, int DaysSinceLastOrder,
    string Segment, double? ProbabilityAlive, double? PredictedClv, double? ValueIfRetained);

/// <summary>Prediction readiness, the fitted parameters and the holdout check, for the report page.</summary>
/// <param name="CanPredict">True when the BG/NBD model was fitted.</param>
/// <param name="Explanation">Why not, in plain words; or a note on the spend model.</param>
/// <param name="Outlook">The predictions in a merchant's words (who will buy in the next 90 days, for how much); null without a fitted model.</param>
public sealed record DashboardPrediction(bool CanPredict, string? Explanation, long Customers, long RepeatCustomers, DashboardBgNbd? BgNbd,
    DashboardGammaGamma? GammaGamma, DashboardHoldout? Holdout, int ClvMonths, double MonthlyDiscountRate, DashboardOutlook? Outlook = null)
{
    /// <summary>
    /// The as_of of the build whose fit (and holdout check) these figures use: the snapshot's own day after a full build,
    /// an earlier one after an incremental refresh, which carries the last full build's models (docs/decisions.md §19).
    /// <c>null</c> in snapshots stored before it was kept.
    /// </summary>
    public DateOnly? ModelFittedOn { get; init; }
}

/// <summary>What the fitted models expect of every customer in the next <see cref="HorizonDays"/>, summed over the store.</summary>
/// <param name="Customers">Customers scored (everyone with a counted order before as_of).</param>
/// <param name="ExpectedBuyers">Σ P(at least one purchase in the horizon) (<see cref="BgNbdModel.ProbabilityOfPurchaseWithin"/>).</param>
/// <param name="ExpectedPurchases">Σ E[Y(horizon)], purchase days.</param>
/// <param name="ExpectedRevenue">Σ E[Y(horizon)] × the Gamma-Gamma expected spend; null without a spend model.</param>
public sealed record DashboardOutlook(int HorizonDays, long Customers, double ExpectedBuyers, double ExpectedPurchases, double? ExpectedRevenue);

/// <param name="Estimates">r, α, a, b with standard errors and 95 % intervals (errors null when the fit cannot give them).</param>
/// <param name="Fit">How the fit's search ended (converged, at the boundary, gradient norm); null in snapshots stored before it was kept.</param>
public sealed record DashboardBgNbd(double R, double Alpha, double A, double B, double LogLikelihood, IReadOnlyList<ParameterEstimate>? Estimates = null,
    FitDiagnostics? Fit = null);

/// <param name="Estimates">p, q, v with standard errors and 95 % intervals (errors null when the fit cannot give them).</param>
/// <param name="Fit">How the fit's search ended (converged, at the boundary, gradient norm); null in snapshots stored before it was kept.</param>
public sealed record DashboardGammaGamma(double P, double Q, double V, IReadOnlyList<ParameterEstimate>? Estimates = null, FitDiagnostics? Fit = null);

/// <summary>The calibration/holdout check: fitted on orders before <see cref="CalibrationEnd"/> (inclusive), compared on the rest.</summary>
/// <param name="Note">Why there is no check, when <see cref="Customers"/> is 0.</param>
public sealed record DashboardHoldout(DateOnly CalibrationEnd, int HoldoutDays, long Customers, long ActualPurchases, double PredictedPurchases,
    double? AggregateRelativeError, double? MeanAbsoluteError, double? RootMeanSquaredError, IReadOnlyList<DashboardHoldoutGroup> ByFrequency, string? Note);

/// <param name="Frequency">Calibration repeat purchases x (the last group is x and more).</param>
public sealed record DashboardHoldoutGroup(int Frequency, bool OrMore, long Customers, double? ActualMean, double? PredictedMean);
