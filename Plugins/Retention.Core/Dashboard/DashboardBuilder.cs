// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using System.Diagnostics;
using System.Globalization;
using Retention.Core.Analytics;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Metrics;
using Retention.Core.Store;
using Retention.Core.Workflows;

namespace Retention.Core.Dashboard;

/// <summary>
/// Builds a <see cref="DashboardSnapshot"/> in the database. The store-wide figures come from
/// <see cref="StoreMetricsCalculator"/> (aggregate queries) at each trend point; RFM, the at-risk list and the
/// predictions need one aggregated row per customer (<see cref="CustomerRowsAsync"/>: a GROUP BY in the database,
/// never the orders themselves); the points liability is one SUM over the ledger.
/// </summary>
/// <remarks>
/// This runs in the scheduled task, not on a page view: the pages read the stored snapshot.
/// </remarks>
public sealed class DashboardBuilder
{
    #region Fields

    private readonly IStoreData _data;
    private readonly IQueryRunner _runner;
    private readonly ILedgerData? _ledger;
    private readonly IClock _clock;
    private readonly IPurchaseGapQuery? _gaps;
    private readonly IWorkflowData? _workflows;
    private readonly MechanicsFigures? _mechanics;

    #endregion

    #region Ctor

    /// <param name="ledger">The points ledger, or <c>null</c> where the host has none yet (liability then shows "no data").</param>
    /// <param name="gaps">The host's window-function median of purchase gaps; <c>null</c> uses the portable LINQ search (slow on large stores).</param>
    /// <param name="workflows">The workflow tables (survey answers, workflow events) for the NPS, CSAT and attributed
    /// revenue tiles, or <c>null</c> where the host has none yet (those tiles then show "no data").</param>
    /// <param name="mechanics">The loyalty mechanics' figures (membership, cashback, stamps, challenges), or <c>null</c> for no such sections.</param>
    public DashboardBuilder(IStoreData data, IQueryRunner runner, ILedgerData? ledger, IClock clock, IPurchaseGapQuery? gaps = null,
        IWorkflowData? workflows = null, MechanicsFigures? mechanics = null)
    {
        _mechanics = mechanics;
        _gaps = gaps;
        _workflows = workflows;
        _data = data ?? throw new ArgumentNullException(nameof(data));
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _ledger = ledger;
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    #endregion

    #region Properties

    /// <summary>
    /// Called after each phase of a build with its name and wall time (the metrics calculator's queries by their own
    /// names, then "customer rows", "rfm", "model fits", "outlook", "at-risk scoring", "models" (the rest), "holdout",
    /// "liability", "surveys", "attributed revenue", "names", "mechanics"):
    /// the benchmark's profile. <c>null</c> times nothing.
    /// </summary>
    public Action<string, TimeSpan>? OnPhase { get; set; }

    /// <summary>
    /// <c>true</c> computes every trend point by its own aggregate queries in the database (<see cref="StoreMetricsCalculator"/>,
    /// the host's <see cref="IPurchaseGapQuery"/>, <see cref="CustomerRowsAsync"/>), as before issue 16: the reference
    /// the tests hold the default one-pass build to. <c>false</c> (default) reads the counted orders once, sorted, and
    /// derives every order figure from that read (<see cref="DashboardOrderPass"/>).
    /// </summary>
    public bool UseQueries { get; set; }

    #endregion

    #region Methods

    /// <summary>
    /// The fitted models a build uses instead of fitting its own (and the holdout check it shows instead of running one):
    /// what an incremental refresh carries from the last full build, and, set here, the reference a test holds the refresh
    /// to. <c>null</c> (default) fits the models on the build's own customers.
    /// </summary>
    public DashboardFit? PinnedFit { get; set; }

    public async Task<DashboardSnapshot> BuildAsync(DashboardRequest request, CancellationToken cancellationToken = default) =>
        (await BuildCoreAsync(request, null, PinnedFit, cancellationToken)).Snapshot;

    /// <summary>
    /// A full build that keeps what the next incremental refresh needs (<see cref="DashboardState"/>): every counted order
    /// of the store, whatever its date, in the pass's arrays, and the fit. <paramref name="watermark"/> is the
    /// changed-customers feed's last id read before the orders.
    /// </summary>
    public async Task<DashboardState> BuildStateAsync(DashboardRequest request, long watermark, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var clock = Stopwatch.StartNew();
        var pass = await DashboardOrderPass.ReadAsync(QueryStreaming.StreamAsync(_runner, DashboardOrderPass.AllQuery(_data, request.Store.Value), cancellationToken),
            cancellationToken);
        Phase("order read", clock);
        var (snapshot, fit) = await BuildCoreAsync(request, pass, PinnedFit, cancellationToken);
        return new DashboardState(request, snapshot, pass, fit, watermark);
    }

    /// <summary>
    /// The incremental refresh: the kept state with <paramref name="changed"/> customers' counted orders re-read (by the
    /// (StoreId, CustomerId) index, a thousand customers a query) and spliced in, every figure folded again at
    /// <paramref name="request"/>'s as_of, and the models of the last full build carried (the snapshot says on which day
    /// they were fitted). Equal to <see cref="BuildAsync"/> at the same as_of with <see cref="PinnedFit"/> set to the
    /// carried fit.
    /// </summary>
    public async Task<DashboardState> RefreshAsync(DashboardState state, DashboardRequest request, IReadOnlyList<int> changed, long watermark,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(changed);
        request.Validate();
        if (!state.CanRefresh(request))
            throw new ArgumentException("The request differs from the kept state's in more than its day, or goes back before the fit's day: a full build is needed.", nameof(request));
        var clock = Stopwatch.StartNew();
        var customers = changed.Distinct().Order().ToArray();
        var rows = new List<DashboardOrder>();
        for (var from = 0; from < customers.Length; from += ChangedBatch)
            rows.AddRange(await _runner.ToListAsync(DashboardOrderPass.AllQuery(_data, request.Store.Value, customers[from..Math.Min(customers.Length, from + ChangedBatch)]),
                cancellationToken));
        var fresh = DashboardOrderPass.Read(rows);
        var pass = state.Orders.Splice(customers.ToHashSet(), fresh);
        Phase("changed orders", clock);
        var (snapshot, fit) = await BuildCoreAsync(request, pass, state.Fit, cancellationToken);
        return new DashboardState(request, snapshot, pass, fit, watermark);
    }

    /// <summary>Customers per query of a refresh's re-read: an IN list every provider takes.</summary>
    private const int ChangedBatch = 1000;

    private async Task<(DashboardSnapshot Snapshot, DashboardFit Fit)> BuildCoreAsync(DashboardRequest request, DashboardOrderPass? kept, DashboardFit? pinned,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();

        // Every trend point of every period, oldest first within a period; the snapshot shows the cohorts of today only
        // (the first period's last point).
        var pointRequests = request.PeriodDays()
            .SelectMany((periodDays, p) => Enumerable.Range(0, request.TrendPoints).Reverse().Select(k => new StoreMetricsRequest(request.AsOf.AddDays(-k * periodDays))
            {
                ActiveWindowDays = request.ActiveWindowDays,
                PeriodDays = periodDays,
                Store = request.Store,
                IncludeCohorts = p == 0 && k == 0,
            }))
            .ToList();
        var (pointMetrics, rowsAt) = UseQueries
            ? await ByQueriesAsync(request, pointRequests, cancellationToken)
            : await ByOnePassAsync(request, pointRequests, kept, cancellationToken);

        var periods = new List<DashboardPeriod>();
        var liabilities = new Dictionary<DateOnly, Liability>(); // per day: the periods' trend points share days
        StoreMetrics? current = null;
        var point = 0;
        foreach (var periodDays in request.PeriodDays())
        {
            var points = new List<(DateOnly AsOf, StoreMetrics Metrics, PointFigures Other)>();
            for (var k = request.TrendPoints - 1; k >= 0; k--)
            {
                var metrics = pointMetrics[point++];
                var asOf = metrics.AsOf;
                var phase = Stopwatch.StartNew();
                if (!liabilities.TryGetValue(asOf, out var liability))
                    liabilities[asOf] = liability = await LiabilityAsync(request, asOf, cancellationToken);
                Phase("liability", phase);
                var (nps, csat) = await SurveyScoresAsync(request.Store, metrics.PeriodStartUtc, metrics.PeriodEndUtc, cancellationToken);
                Phase("surveys", phase);
                var attributed = await AttributedRevenueAsync(request.Store, metrics.PeriodStartUtc, metrics.PeriodEndUtc, cancellationToken);
                Phase("attributed revenue", phase);
                points.Add((asOf, metrics, new PointFigures(liability, nps, csat, attributed)));
            }
            current ??= points[^1].Metrics;
            periods.Add(Period(request, periodDays, points));
        }

        var clock = Stopwatch.StartNew();
        var customers = await rowsAt(request.AsOf);
        Phase("customer rows", clock);
        var (rfm, prediction, atRisk, fit) = Analyse(request, customers, pinned, clock);
        Phase("models", clock);
        var holdout = pinned is not null ? pinned.Holdout
            : prediction.CanPredict ? await HoldoutAsync(request, customers, rowsAt, cancellationToken) : null;
        fit = fit with { Holdout = holdout };
        Phase("holdout", clock);
        atRisk = await NameAsync(atRisk, cancellationToken);
        Phase("names", clock);
        var mechanics = _mechanics is null ? null : await _mechanics.DashboardAsync(request.Store, request.AsOf, request.DefaultPeriodDays, cancellationToken);
        Phase("mechanics", clock);

        return (new DashboardSnapshot
        {
            StoreId = request.Store.Value,
            AsOf = request.AsOf,
            ComputedOnUtc = _clock.UtcNow,
            ActiveWindowDays = request.ActiveWindowDays,
            DefaultPeriodDays = request.DefaultPeriodDays,
            Periods = periods,
            Cohorts = current!.Cohorts.Select(c => new DashboardCohort(c.Label, c.Size, c.Retention, c.LastMonthIsPartial ? c.Retention.Count - 1 : null)).ToList(),
            Segments = rfm.Segments.Select(s => new DashboardSegment(s.Segment.ToString(), s.Name, s.Customers, s.Share, s.Revenue)).ToList(),
            AtRisk = atRisk,
            Prediction = prediction with { Holdout = holdout },
            Mechanics = mechanics,
        }, fit);
    }

    /// <summary>
    /// One row per customer with a counted order before <paramref name="asOf"/>: orders, purchase days (several orders
    /// on one day are one purchase, as the customer-base models count them), revenue, the first day's revenue (so the
    /// repeat purchases' mean spend z̄ can be derived) and the first and last order times. Days are keyed
    /// <c>year·10000 + month·100 + day</c>, which every provider translates.
    /// </summary>
    public async Task<List<DashboardCustomerRow>> CustomerRowsAsync(StoreId store, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var end = asOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var storeId = store.Value;
        var counted = _data.Orders.Where(o => o.StoreId == storeId && o.OrderStatusId != (int)OrderState.Cancelled && o.CreatedOnUtc < end);
        var days = counted
            .GroupBy(o => new { o.CustomerId, Day = o.CreatedOnUtc.Year * 10000 + o.CreatedOnUtc.Month * 100 + o.CreatedOnUtc.Day })
            .Select(g => new
            {
                g.Key.CustomerId,
                g.Key.Day,
                Orders = g.Count(),
                Amount = g.Sum(o => o.OrderTotal),
                First = g.Min(o => o.CreatedOnUtc),
                Last = g.Max(o => o.CreatedOnUtc),
            });
        var firstDays = days.GroupBy(d => d.CustomerId).Select(g => new { CustomerId = g.Key, Day = g.Min(d => d.Day) });
        var rows =
            from d in days
            join f in firstDays on d.CustomerId equals f.CustomerId
            group new { d.Orders, d.Amount, d.First, d.Last, FirstDayAmount = d.Day == f.Day ? d.Amount : 0m } by d.CustomerId into g
            select new DashboardCustomerRow
            {
                CustomerId = g.Key,
                Orders = g.Sum(x => x.Orders),
                PurchaseDays = g.Count(),
                Revenue = g.Sum(x => x.Amount),
                FirstDayRevenue = g.Sum(x => x.FirstDayAmount),
                FirstOrderUtc = g.Min(x => x.First),
                LastOrderUtc = g.Max(x => x.Last),
            };
        // By customer: a database returns grouped rows in any order, and the model fits sum their likelihood in row order,
        // so another order moved the predictions' last digits and two hosts over the same orders disagreed.
        return await _runner.ToListAsync(rows.OrderBy(r => r.CustomerId), cancellationToken);
    }

    /// <summary>The BG/NBD / Gamma-Gamma summary of a row, in days, with <c>asOf − 1 day</c> as the calibration end (inclusive).</summary>
    public static CustomerSummary Summary(DashboardCustomerRow row, DateOnly asOf)
    {
        var first = DateOnly.FromDateTime(row.FirstOrderUtc);
        var last = DateOnly.FromDateTime(row.LastOrderUtc);
        var x = row.PurchaseDays - 1;
        var monetary = x == 0 ? 0 : Math.Max(0, (double)((row.Revenue - row.FirstDayRevenue) / x));
        return new CustomerSummary(x, last.DayNumber - first.DayNumber, asOf.AddDays(-1).DayNumber - first.DayNumber, monetary);
    }

    #endregion

    #region Utilities

    /// <summary>
    /// Each point's metrics and the customer rows from one read of the counted orders (<see cref="DashboardOrderPass"/>).
    /// </summary>
    private async Task<(List<StoreMetrics> Metrics, Func<DateOnly, Task<List<DashboardCustomerRow>>> RowsAt)> ByOnePassAsync(DashboardRequest request,
        List<StoreMetricsRequest> points, DashboardOrderPass? kept, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var pass = kept;
        if (pass is null)
        {
            var query = DashboardOrderPass.Query(_data, request.Store.Value, request.AsOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
            pass = await DashboardOrderPass.ReadAsync(QueryStreaming.StreamAsync(_runner, query, cancellationToken), cancellationToken);
            Phase("order read", clock);
        }
        var classes = pass.Classes(points);
        Phase("customer classes", clock);
        var gaps = pass.Gaps(points.Select(p => p.AsOfUtc));
        Phase("median gap", clock);
        var cohorts = points.FirstOrDefault(p => p.IncludeCohorts) is { } today ? pass.CohortGrid(today.AsOfUtc) : new List<StoreMetricsCalculator.CohortCellRow>();
        Phase("cohort grid", clock);
        var metrics = points.Select((p, i) => StoreMetricsCalculator.Compose(p, classes[i], gaps[p.AsOfUtc],
            p.IncludeCohorts ? cohorts : Array.Empty<StoreMetricsCalculator.CohortCellRow>())).ToList();
        return (metrics, asOf => Task.FromResult(pass.CustomerRows(asOf)));
    }

    /// <summary>
    /// Each point's metrics by <see cref="StoreMetricsCalculator"/>'s aggregate queries and the customer rows by
    /// <see cref="CustomerRowsAsync"/>: the reference the one-pass build is tested against (<see cref="UseQueries"/>).
    /// </summary>
    private async Task<(List<StoreMetrics> Metrics, Func<DateOnly, Task<List<DashboardCustomerRow>>> RowsAt)> ByQueriesAsync(DashboardRequest request,
        List<StoreMetricsRequest> points, CancellationToken cancellationToken)
    {
        // The median gap depends on the day only, and the periods' trend points share days (today, and every third
        // 30-day point with a 90-day one): each day's median is asked once.
        var calculator = new StoreMetricsCalculator(_data, _runner, new OncePerScope(_gaps ?? new LinqPurchaseGapQuery(_data, _runner))) { OnPhase = OnPhase };
        var metrics = new List<StoreMetrics>();
        foreach (var point in points)
            metrics.Add(await calculator.CalculateAsync(point, cancellationToken));
        return (metrics, asOf => CustomerRowsAsync(request.Store, asOf, cancellationToken));
    }

    /// <summary>Reports the time since <paramref name="clock"/> last restarted as <paramref name="name"/>, and restarts it.</summary>
    private void Phase(string name, Stopwatch clock)
    {
        OnPhase?.Invoke(name, clock.Elapsed);
        clock.Restart();
    }

    private static DashboardPeriod Period(DashboardRequest request, int periodDays, List<(DateOnly AsOf, StoreMetrics Metrics, PointFigures Other)> points)
    {
        DashboardKpi Kpi(string key, string unit, bool higherIsBetter, Func<StoreMetrics, PointFigures, double?> value, string noteKey)
        {
            var trend = points.Select(p => value(p.Metrics, p.Other)).ToList();
            var now = trend[^1];
            var before = trend[^2];
            return new DashboardKpi(key, DashboardTexts.Of("kpi." + key).Replace("{window}", request.ActiveWindowDays.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), unit, now, before, now.HasValue && before.HasValue ? now - before : null,
                higherIsBetter, trend, now.HasValue ? null : DashboardTexts.Of("note." + noteKey))
            {
                NoteKey = now.HasValue ? null : noteKey,
            };
        }

        var liabilityNote = request.CurrencyPerPoint is null ? "noLoyaltyProgram" : "noLedger";
        var current = points[^1].Metrics;
        return new DashboardPeriod(periodDays, current.PeriodStartUtc, points.Select(p => p.AsOf).ToList(), new[]
        {
            Kpi("customers", "count", true, (m, _) => m.Customers, "noCustomers"),
            Kpi("activeCustomers", "count", true, (m, _) => m.ActiveAtEnd, "noCustomers"),
            Kpi("rpr", "rate", true, (m, _) => m.Rpr, "noCustomers"),
            Kpi("crr", "rate", true, (m, _) => m.Crr, "noActiveCustomers"),
            Kpi("churn", "rate", false, (m, _) => m.ChurnRate, "noActiveCustomers"),
            Kpi("aov", "money", true, (m, _) => (double?)m.Aov, "noOrders"),
            Kpi("ltv", "money", true, (m, _) => (double?)m.Ltv, "noCustomers"),
            Kpi("tbp", "days", false, (m, _) => m.TbpMedianDays, "noRepeatCustomer"),
            Kpi("nps", "score", true, (_, o) => o.Nps, "noSurveyAnswers"),
            Kpi("csat", "rate", true, (_, o) => o.Csat, "noSurveyAnswers"),
            Kpi("pointsLiability", "money", false, (_, o) => (double?)o.Liability.Spendable, liabilityNote),
            Kpi("pointsLiabilityWithPending", "money", false, (_, o) => (double?)o.Liability.WithPending, liabilityNote),
            Kpi("attributedRevenue", "money", true, (_, o) => (double?)o.AttributedRevenue, "noWorkflowData"),
        });
    }

    /// <summary>
    /// NPS (% promoters, 9–10, minus % detractors, 0–6, on −100…100) and CSAT (share of 4–5) over the answers given in
    /// <c>[start, end)</c> in the store; each <c>null</c> without answers of its kind. One grouped query.
    /// </summary>
    private async Task<(double? Nps, double? Csat)> SurveyScoresAsync(StoreId store, DateTime start, DateTime end, CancellationToken cancellationToken)
    {
        if (_workflows is null)
            return (null, null);
        var storeId = store.Value;
        const int nps = (int)SurveyKind.Nps, csat = (int)SurveyKind.Csat;
        var kinds = await _runner.ToListAsync(_workflows.SurveyAnswers
            .Where(a => a.StoreId == storeId && a.AnsweredUtc >= start && a.AnsweredUtc < end && (a.KindId == nps || a.KindId == csat))
            .GroupBy(a => a.KindId)
            .Select(g => new SurveyCounts
            {
                KindId = g.Key,
                Answers = g.Count(),
                High = g.Sum(a => a.Score >= (g.Key == nps ? 9 : 4) ? 1 : 0),
                Low = g.Sum(a => a.Score <= 6 ? 1 : 0),
            }), cancellationToken);
        var n = kinds.SingleOrDefault(k => k.KindId == nps);
        var c = kinds.SingleOrDefault(k => k.KindId == csat);
        return (n is { Answers: > 0 } ? 100.0 * (n.High - n.Low) / n.Answers : null,
            c is { Answers: > 0 } ? (double)c.High / c.Answers : null);
    }

    /// <summary>
    /// Revenue of the orders the workflows converted in <c>[start, end)</c> in the store (their Converted events).
    /// Control-group enrollments were sent nothing, so their conversions are left out: <see cref="CreditedConversions"/>,
    /// the rule the workflows list uses too.
    /// </summary>
    private async Task<decimal?> AttributedRevenueAsync(StoreId store, DateTime start, DateTime end, CancellationToken cancellationToken)
    {
        if (_workflows is null)
            return null;
        var storeId = store.Value;
        const int converted = (int)WorkflowEventKind.Converted;
        var sums = await _runner.ToListAsync(_workflows.WorkflowEvents
            .Where(e => e.StoreId == storeId && e.KindId == converted && e.OccurredUtc >= start && e.OccurredUtc < end)
            .Where(CreditedConversions.Credited)
            .GroupBy(e => e.StoreId)
            .Select(g => g.Sum(e => e.Revenue)), cancellationToken);
        return sums.SingleOrDefault();
    }

    /// <summary>
    /// Points outstanding at <paramref name="asOf"/> × point value: spendable (active entries) and with the pending points
    /// too (every entry created before as_of), the two figures finance's report gives a day as (Closing − Pending at
    /// close) and Closing. Every sign counts: redemptions and expiries are negative lines. One grouped query.
    /// </summary>
    private async Task<Liability> LiabilityAsync(DashboardRequest request, DateOnly asOf, CancellationToken cancellationToken)
    {
        if (_ledger is null || request.CurrencyPerPoint is not { } value)
            return new Liability(null, null);
        var end = asOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var storeId = request.Store.Value;
        var sums = await _runner.ToListAsync(_ledger.Entries
            .Where(e => e.StoreId == storeId && e.CreatedUtc < end)
            .GroupBy(e => e.StoreId)
            .Select(g => new LiabilitySums { All = g.Sum(e => (long)e.Points), Active = g.Sum(e => e.ActivatesUtc < end ? (long)e.Points : 0L) }), cancellationToken);
        var sum = sums.SingleOrDefault() ?? new LiabilitySums();
        return new Liability(sum.Active * value, sum.All * value);
    }

    private (RfmReport Rfm, DashboardPrediction Prediction, DashboardAtRisk AtRisk, DashboardFit Fit) Analyse(DashboardRequest request,
        List<DashboardCustomerRow> rows, DashboardFit? pinned, Stopwatch clock)
    {
        var rfm = RfmScoring.Score(rows.Select(r => new RfmCustomer(new CustomerId(r.CustomerId), DaysSince(r, request.AsOf), r.Orders, r.Revenue)));
        var scores = rfm.Customers.ToDictionary(s => s.Customer.Value);
        Phase("rfm", clock);
        var summaries = rows.Select(r => Summary(r, request.AsOf)).ToList();
        DashboardFit fit;
        long customerCount, repeatCount;
        if (pinned is null)
        {
            var assessment = PredictionReadiness.Assess(summaries, request.Thresholds);
            fit = new DashboardFit(request.AsOf, assessment.CanPredict, assessment.CanPredict ? assessment.SpendNote : assessment.Explanation,
                assessment.Purchases, assessment.Spend, null);
            (customerCount, repeatCount) = (assessment.Customers, assessment.RepeatCustomers);
        }
        else
        {
            // The carried models: the counts are today's, the parameters and the sentence about them the fit day's.
            fit = pinned;
            (customerCount, repeatCount) = (summaries.Count, summaries.Count(c => c.Frequency > 0));
        }
        Phase("model fits", clock);

        var prediction = new DashboardPrediction(fit.CanPredict, fit.Explanation, customerCount, repeatCount,
            fit.Purchases is { } p ? new DashboardBgNbd(p.R, p.Alpha, p.A, p.B, p.LogLikelihood, p.Estimates, p.Diagnostics) : null,
            fit.Spend is { } s ? new DashboardGammaGamma(s.P, s.Q, s.V, s.Estimates, s.Diagnostics) : null,
            null, request.ClvMonths, request.MonthlyDiscountRate) { ModelFittedOn = fit.FittedOn };

        DashboardAtRiskCustomer Entry(DashboardCustomerRow r, double? alive, double? clv) => new(r.CustomerId, null, null, r.Orders, r.Revenue,
            DaysSince(r, request.AsOf), SegmentShown(scores[r.CustomerId], alive, request.AtRiskProbabilityAlive).DisplayName(), alive, clv,
            alive > 0 && clv.HasValue ? clv / alive : null);

        DashboardAtRisk? atRisk = null;
        if (fit.Purchases is { } purchases)
        {
            try
            {
                prediction = prediction with { Outlook = Outlook(summaries, purchases, fit.Spend) };
                Phase("outlook", clock);
                atRisk = Predicted(request, rows, summaries, purchases, fit.Spend, Entry);
                Phase("at-risk scoring", clock);
            }
            catch (ArithmeticException e)
            {
                // Extreme fitted parameters can defeat the hypergeometric series: fall back to RFM and say so.
                prediction = prediction with { Explanation = "The fitted purchase model could not score every customer (" + e.Message + "), so the at-risk list uses RFM." };
            }
        }
        if (atRisk is null)
        {
            var list = rows
                .Where(r => scores[r.CustomerId].Segment is RfmSegment.AtRisk or RfmSegment.CantLoseThem)
                .OrderByDescending(r => r.Revenue)
                .ThenBy(r => r.CustomerId)
                .Take(request.AtRiskLimit)
                .Select(r => Entry(r, null, null))
                .ToList();
            atRisk = new DashboardAtRisk("rfm",
                (prediction.Explanation ?? "Predictions are not available.") + " The list holds the RFM segments \"At risk\" and \"Can't lose them\" (bought often and spent well, but long ago), highest revenue first.",
                list) { HelpKey = "atRisk.help.rfm" };
        }
        return (rfm, prediction, atRisk, fit);
    }

    /// <summary>The horizon of the report's sentence "about N will buy again in the next 90 days".</summary>
    public const int OutlookDays = 90;

    private static DashboardOutlook Outlook(List<CustomerSummary> summaries, BgNbdModel purchases, GammaGammaModel? spend)
    {
        double buyers = 0, expected = 0, revenue = 0;
        foreach (var c in summaries)
        {
            buyers += purchases.ProbabilityOfPurchaseWithin(OutlookDays, c);
            var y = purchases.ConditionalExpectedPurchases(OutlookDays, c);
            expected += y;
            if (spend is not null)
                revenue += y * spend.ConditionalExpectedAverageSpend(c);
        }
        return new DashboardOutlook(OutlookDays, summaries.Count, buyers, expected, spend is null ? null : revenue);
    }

    private static DashboardAtRisk Predicted(DashboardRequest request, List<DashboardCustomerRow> rows, List<CustomerSummary> summaries, BgNbdModel purchases,
        GammaGammaModel? spend, Func<DashboardCustomerRow, double?, double?, DashboardAtRiskCustomer> entry)
    {
        var threshold = request.AtRiskProbabilityAlive;
        // P(alive) for everyone, the (costlier) CLV only for those on the list's terms: the same list as scoring all.
        var scored = rows.Select((r, i) => (Row: r, Summary: summaries[i], Alive: purchases.ProbabilityAlive(summaries[i])))
            .ToList()
            .Where(c => c.Alive < threshold && c.Row.Orders >= 2)
            .Select(c => entry(c.Row, c.Alive,
                spend?.CustomerLifetimeValue(purchases, c.Summary, request.ClvMonths, request.MonthlyDiscountRate, TimeUnit.Day)))
            // Without a spend model, what the customer has spent stands in for what they would be worth.
            .OrderByDescending(c => c.ValueIfRetained ?? (double)c.Revenue)
            .ThenBy(c => c.CustomerId)
            .Take(request.AtRiskLimit)
            .ToList();
        return new DashboardAtRisk("prediction", string.Create(CultureInfo.InvariantCulture,
            $"Repeat customers whose probability of still being a customer (BG/NBD P(alive)) is below {threshold:P0}, the most valuable first: ranked by the {request.ClvMonths}-month value they would bring if retained{(spend is null ? " (their past revenue, as no spend model could be fitted)" : "")}."),
            scored)
        {
            HelpKey = spend is null ? "atRisk.help.predictionRevenue" : "atRisk.help.prediction",
            HelpValues = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["threshold"] = (threshold * 100).ToString("0.#", CultureInfo.InvariantCulture),
                ["months"] = request.ClvMonths.ToString(CultureInfo.InvariantCulture),
            },
        };
    }

    /// <summary>
    /// Fits on the earlier part of the history and compares the predictions with the later part: the holdout is a third
    /// of the history, at most a year; a history under 90 days has none.
    /// </summary>
    private static async Task<DashboardHoldout?> HoldoutAsync(DashboardRequest request, List<DashboardCustomerRow> full,
        Func<DateOnly, Task<List<DashboardCustomerRow>>> rowsAt, CancellationToken cancellationToken)
    {
        var firstDay = DateOnly.FromDateTime(full.Min(r => r.FirstOrderUtc));
        var history = request.AsOf.DayNumber - firstDay.DayNumber;
        var holdoutDays = Math.Min(365, history / 3);
        var calibrationAsOf = request.AsOf.AddDays(-holdoutDays);
        var calibrationEnd = calibrationAsOf.AddDays(-1);
        DashboardHoldout None(string note) => new(calibrationEnd, holdoutDays, 0, 0, 0, null, null, null, Array.Empty<DashboardHoldoutGroup>(), note);
        if (history < 90)
            return None("The history is shorter than 90 days: there is no later part to check the predictions against.");

        cancellationToken.ThrowIfCancellationRequested();
        var calibration = await rowsAt(calibrationAsOf);
        var laterDays = full.ToDictionary(r => r.CustomerId, r => r.PurchaseDays);
        var summaries = calibration.Select(r => Summary(r, calibrationAsOf)).ToList();
        var assessment = PredictionReadiness.Assess(summaries, request.Thresholds);
        if (assessment.Purchases is not { } model)
            return None("On the calibration part alone: " + assessment.Explanation);

        HoldoutReport report;
        try
        {
            report = HoldoutEvaluation.Evaluate(model,
                calibration.Select((r, i) => new CalibrationHoldoutSummary(summaries[i], laterDays[r.CustomerId] - r.PurchaseDays)), holdoutDays);
        }
        catch (ArithmeticException e)
        {
            // Extreme fitted parameters can defeat the hypergeometric series: report it rather than fail the whole snapshot.
            return None("The model fitted on the calibration part could not score the holdout (" + e.Message + ").");
        }
        static double? Finite(double v) => double.IsFinite(v) ? v : null;
        return new DashboardHoldout(calibrationEnd, holdoutDays, report.Customers, report.ActualPurchases, report.PredictedPurchases,
            Finite(report.AggregateRelativeError), Finite(report.MeanAbsoluteError), Finite(report.RootMeanSquaredError),
            report.ByCalibrationFrequency.Select(g => new DashboardHoldoutGroup(g.CalibrationFrequency, g.OrMore, g.Customers, Finite(g.ActualMean), Finite(g.PredictedMean))).ToList(),
            null);
    }

    /// <summary>Adds names and emails to the (short) at-risk list with one query.</summary>
    private async Task<DashboardAtRisk> NameAsync(DashboardAtRisk atRisk, CancellationToken cancellationToken)
    {
        if (atRisk.Customers.Count == 0)
            return atRisk;
        var ids = atRisk.Customers.Select(c => c.CustomerId).ToList();
        var people = (await _runner.ToListAsync(_data.Customers.Where(c => ids.Contains(c.Id))
                .Select(c => new { c.Id, c.FirstName, c.LastName, c.Email }), cancellationToken))
            .ToDictionary(c => c.Id);
        return atRisk with
        {
            Customers = atRisk.Customers.Select(c => people.TryGetValue(c.CustomerId, out var p)
                ? c with { Name = string.Join(" ", new[] { p.FirstName, p.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))) is { Length: > 0 } n ? n : null, Email = p.Email }
                : c).ToList(),
        };
    }

    /// <summary>The RFM segment, or beside a P(alive) the one that does not contradict it (<see cref="RfmScoring.SegmentGivenProbabilityAlive"/>).</summary>
    private static RfmSegment SegmentShown(RfmScore score, double? alive, double atRiskBelow) =>
        alive is { } p ? RfmScoring.SegmentGivenProbabilityAlive(score.Recency, score.Frequency, score.Monetary, p, atRiskBelow) : score.Segment;

    /// <summary>Whole days from the last order's day to as_of: an order placed the day before as_of is 1 day ago.</summary>
    private static int DaysSince(DashboardCustomerRow row, DateOnly asOf) => asOf.DayNumber - DateOnly.FromDateTime(row.LastOrderUtc).DayNumber;

    #endregion

    /// <summary>A trend point's figures beside the store metrics.</summary>
    private readonly record struct PointFigures(Liability Liability, double? Nps, double? Csat, decimal? AttributedRevenue);

    /// <summary>The points liability spendable now, and with the pending points; both null without a ledger or program.</summary>
    private readonly record struct Liability(decimal? Spendable, decimal? WithPending);

    internal sealed class LiabilitySums
    {
        public long All { get; set; }
        public long Active { get; set; }
    }

    /// <summary>Answers of one survey kind in a period: all, the high scores (NPS promoters 9–10, CSAT 4–5), and the
    /// NPS detractors (0–6).</summary>
    internal sealed class SurveyCounts
    {
        public int KindId { get; set; }
        public int Answers { get; set; }
        public int High { get; set; }
        public int Low { get; set; }
    }

    /// <summary>Asks the host's gap query once per scope and remembers the answer for this build.</summary>
    private sealed class OncePerScope(IPurchaseGapQuery inner) : IPurchaseGapQuery
    {
        private readonly Dictionary<CountedOrders, PurchaseGapSummary> _answers = new();

        public async Task<PurchaseGapSummary> SummarizeAsync(CountedOrders scope, CancellationToken cancellationToken = default)
        {
            if (!_answers.TryGetValue(scope, out var answer))
                _answers[scope] = answer = await inner.SummarizeAsync(scope, cancellationToken);
            return answer;
        }
    }
}

/// <summary>One customer's orders aggregated in the database (see <see cref="DashboardBuilder.CustomerRowsAsync"/>).</summary>
public sealed class DashboardCustomerRow
{
    public int CustomerId { get; set; }
    public int Orders { get; set; }
    /// <summary>Distinct UTC days with a counted order.</summary>
    public int PurchaseDays { get; set; }
    public decimal Revenue { get; set; }
    /// <summary>Revenue of the first purchase day (left out of the repeat purchases' mean spend).</summary>
    public decimal FirstDayRevenue { get; set; }
    public DateTime FirstOrderUtc { get; set; }
    public DateTime LastOrderUtc { get; set; }
}
