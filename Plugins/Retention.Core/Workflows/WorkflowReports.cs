using Retention.Core.Common;
using Retention.Core.Metrics;
using Retention.Core.Store;

namespace Retention.Core.Workflows;

/// <summary>
/// Reports over the workflow tables, computed in the database: per-step statistics, sent-versus-control lift, survey
/// summaries. The lift query joins the enrollments with the store's orders, so a host serves <see cref="IWorkflowData"/>
/// and <see cref="IStoreData"/> from one query context (one EF Core DbContext; linq2db composes repositories' tables as
/// it does everywhere in nopCommerce).
/// </summary>
public sealed class WorkflowReports
{
    /// <summary>Most recent survey comments a summary shows.</summary>
    public const int SurveyCommentsShown = 20;

    private readonly IWorkflowSettingsStore _settings;
    private readonly IWorkflowData _data;
    private readonly IStoreData _store;
    private readonly IQueryRunner _runner;

    // data: The workflow tables as read models; the lift query joins them with store's orders in one query.
    internal WorkflowReports(IWorkflowSettingsStore settings, IWorkflowData data, IStoreData store, IQueryRunner runner)
    {
        _settings = settings;
        _data = data;
        _store = store;
        _runner = runner;
    }

    /// <summary>Per workflow and step, events with <c>fromUtc ≤ time &lt; toUtc</c>.</summary>
    public async Task<IReadOnlyList<WorkflowStepStats>> StatsAsync(StoreId store, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
    {
        CheckPeriod(fromUtc, toUtc);
        var storeId = store.Value;
        var rows = await _runner.ToListAsync(_data.WorkflowEvents
            .Where(e => e.StoreId == storeId && e.OccurredUtc >= fromUtc && e.OccurredUtc < toUtc)
            .Where(CreditedConversions.Credited)
            .GroupBy(e => new { e.WorkflowId, e.Step, e.KindId })
            .Select(g => new EventCount { WorkflowId = g.Key.WorkflowId, Step = g.Key.Step, KindId = g.Key.KindId, Count = g.Count(), Revenue = g.Sum(e => e.Revenue) }),
            cancellationToken);
        return rows
            .GroupBy(r => (r.WorkflowId, r.Step))
            .OrderBy(g => g.Key.WorkflowId).ThenBy(g => g.Key.Step)
            .Select(g =>
            {
                int Count(WorkflowEventKind kind) => g.Where(r => r.KindId == (int)kind).Sum(r => r.Count);
                return new WorkflowStepStats((WorkflowKind)g.Key.WorkflowId, g.Key.Step, Count(WorkflowEventKind.Sent), Count(WorkflowEventKind.Withheld),
                    Count(WorkflowEventKind.Skipped), Count(WorkflowEventKind.Opened), Count(WorkflowEventKind.Clicked), Count(WorkflowEventKind.Converted),
                    g.Where(r => r.KindId == (int)WorkflowEventKind.Converted).Sum(r => r.Revenue), Count(WorkflowEventKind.CouponRedeemed));
            })
            .ToList();
    }

    /// <summary>
    /// Sent versus control for enrollments with <c>fromUtc ≤ EnrolledUtc &lt; toUtc</c>: an enrollment converted when the
    /// customer placed a counted order in the store after enrolling and within the last step's delay plus the attribution window.
    /// </summary>
    /// <remarks>
    /// The window is counted from the enrollment's anchor, as the steps are (a replenishment reminder's anchor lies weeks
    /// after its enrollment). Conversion lift: Newcombe's hybrid score interval; revenue per enrolled customer: Welch's t
    /// interval from per-arm sums and sums of squares of each enrollment's revenue (0 for those who did not order).
    /// </remarks>
    public async Task<LiftReport> LiftAsync(StoreId store, WorkflowKind workflow, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
    {
        CheckPeriod(fromUtc, toUtc);
        var program = await _settings.LoadAsync(store, cancellationToken);
        var settings = program.For(workflow);
        var windowDays = (settings.Steps.Count == 0 ? TimeSpan.Zero : settings.Steps[^1].Delay).TotalDays + program.AttributionWindowDays;
        var (storeId, workflowId) = (store.Value, (int)workflow);

        var enrollments = _data.Enrollments.Where(e => e.StoreId == storeId && e.WorkflowId == workflowId && e.EnrolledUtc >= fromUtc && e.EnrolledUtc < toUtc);
        var sizes = await _runner.ToListAsync(enrollments
            .GroupBy(e => e.IsControl)
            .Select(g => new ArmSize { IsControl = g.Key, Enrolled = g.Count() }), cancellationToken);

        var orders = _store.Orders.Where(o => o.StoreId == storeId && o.OrderStatusId != CountedOrders.CancelledStatusId);
        var converted = from e in enrollments
                        join o in orders on e.CustomerId equals o.CustomerId
                        where o.CreatedOnUtc > e.EnrolledUtc && o.CreatedOnUtc <= e.AnchorUtc.AddDays(windowDays)
                        group o.OrderTotal by new { e.Id, e.IsControl } into g
                        select new { g.Key.IsControl, Revenue = g.Sum() };
        var sums = await _runner.ToListAsync(converted
            .GroupBy(c => c.IsControl)
            .Select(g => new ArmSums { IsControl = g.Key, Converted = g.Count(), Revenue = g.Sum(c => c.Revenue), RevenueSquared = g.Sum(c => c.Revenue * c.Revenue) }),
            cancellationToken);

        (LiftArm Arm, ArmSums Sums) Arm(bool control)
        {
            var n = sizes.Where(s => s.IsControl == control).Sum(s => s.Enrolled);
            var s = sums.FirstOrDefault(x => x.IsControl == control) ?? new ArmSums { IsControl = control };
            return (new LiftArm(n, s.Converted, s.Revenue), s);
        }
        var (sent, sentSums) = Arm(false);
        var (control, controlSums) = Arm(true);
        var conversion = WorkflowStatistics.DifferenceOfProportions(sent.Converted, sent.Enrolled, control.Converted, control.Enrolled);
        var revenue = WorkflowStatistics.DifferenceOfMeans(sent.Enrolled, (double)sentSums.Revenue, (double)sentSums.RevenueSquared,
            control.Enrolled, (double)controlSums.Revenue, (double)controlSums.RevenueSquared);
        var note = LiftNote(sent, control, settings);
        return new LiftReport(workflow, sent, control, conversion, revenue, note?.English()) { NoteText = note };
    }

    /// <summary>Answers to a survey in the period.</summary>
    public async Task<SurveySummary> SurveySummaryAsync(StoreId store, SurveyKind kind, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
    {
        CheckPeriod(fromUtc, toUtc);
        var (storeId, kindId) = (store.Value, (int)kind);
        var answers = _data.SurveyAnswers.Where(a => a.StoreId == storeId && a.KindId == kindId && a.AnsweredUtc >= fromUtc && a.AnsweredUtc < toUtc);
        var counts = (await _runner.ToListAsync(answers.GroupBy(a => a.Score).Select(g => new ScoreCount { Score = g.Key, Count = g.Count() }), cancellationToken))
            .ToDictionary(c => c.Score, c => c.Count);
        var (min, max) = SurveyAnswer.ScaleOf(kind);
        var distribution = Enumerable.Range(min, max - min + 1).ToDictionary(score => score, score => counts.GetValueOrDefault(score));
        var comments = await _runner.ToListAsync(answers
            .Where(a => a.Comment != null && a.Comment != "")
            .OrderByDescending(a => a.AnsweredUtc).ThenByDescending(a => a.Id)
            .Take(SurveyCommentsShown), cancellationToken);
        var score = kind switch
        {
            SurveyKind.Nps => WorkflowStatistics.NetPromoterScore(distribution),
            SurveyKind.Csat => WorkflowStatistics.CustomerSatisfaction(distribution),
            _ => null,
        };
        return new SurveySummary(kind, counts.Values.Sum(), score, distribution,
            comments.Select(c => new SurveyComment(new CustomerId(c.CustomerId), c.Score, c.Comment!, c.AnsweredUtc)).ToList());
    }

    private static Localization.CoreText? LiftNote(LiftArm sent, LiftArm control, WorkflowSettings settings)
    {
        if (settings.ControlGroupPercent == 0 && control.Enrolled == 0)
            return new("lift.noControlGroup");
        bool fewSent = sent.Enrolled < WorkflowStatistics.MinArmSize, fewControl = control.Enrolled < WorkflowStatistics.MinArmSize;
        if (!fewSent && !fewControl)
            return null;
        // Counts as plain numbers, the way the English sentence always wrote them.
        var args = new[]
        {
            Localization.TextArg.Count("sent", sent.Enrolled, "0"), Localization.TextArg.Count("control", control.Enrolled, "0"),
            Localization.TextArg.Count("min", WorkflowStatistics.MinArmSize, "0"),
        };
        return new(fewSent && fewControl ? "lift.tooFew.both" : fewSent ? "lift.tooFew.sent" : "lift.tooFew.control",
            [.. args.Where(a => a.Name == "min" || (a.Name == "sent" ? fewSent : fewControl))]);
    }

    private static void CheckPeriod(DateTime fromUtc, DateTime toUtc)
    {
        if (toUtc <= fromUtc)
            throw new ArgumentException("The period must end after it starts.", nameof(toUtc));
    }

    private sealed class EventCount
    {
        public int WorkflowId { get; set; }
        public int Step { get; set; }
        public int KindId { get; set; }
        public int Count { get; set; }
        public decimal Revenue { get; set; }
    }

    private sealed class ArmSize
    {
        public bool IsControl { get; set; }
        public int Enrolled { get; set; }
    }

    private sealed class ArmSums
    {
        public bool IsControl { get; set; }
        public int Converted { get; set; }
        public decimal Revenue { get; set; }
        public decimal RevenueSquared { get; set; }
    }

    private sealed class ScoreCount
    {
        public int Score { get; set; }
        public int Count { get; set; }
    }
}
