using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Core.Workflows;
using Retention.Core.Workflows.Content;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;

namespace Retention.Sandbox.Demo;

/// <summary>What the demo's workflow history wrote.</summary>
public sealed record WorkflowHistoryResult(int Enrollments, int Sends, int Events, int Conversions, int Answers, TimeSpan Elapsed);

/// <summary>
/// Gives the demo store months of workflow history, as if the workflows had been running for the last
/// <see cref="HistoryDays"/> days: enrollments, emails in the outbox, opens, clicks, survey answers, and the orders the
/// clicks won under Core's attribution rule (the last click of the customer inside the attribution window before the order).
/// </summary>
/// <remarks>
/// <para>
/// The rows are the engine's own (Core's table rows, keyed as the live engine keys them: <see cref="Enrollment.StepKey"/>,
/// <see cref="WorkflowLinks.LinkEventKey"/>, <see cref="CreditedConversions.Key"/>, the triggers' subjects), so the dashboard,
/// the workflow list, the lift report and the survey summaries read them with their normal queries. Every enrollment is
/// closed and its last step lies before the as-of instant: nothing of the history is due again, and a trigger firing
/// again for the same subject finds its enrollment (the unique key) or its re-entry time.
/// </para>
/// <para>
/// The orders are the generator's and do not change. The history explains some of them: a click always comes before a real
/// order of that customer when one followed the email within the attribution window (a share of them), otherwise at a
/// small base rate; a review request is clicked when the customer wrote a review after it. The abandoned carts the
/// workflow recovered are carts of real orders (an order "came from a cart left a few hours earlier"), more often for
/// customers who got the emails than for the control group — the only place the demo decides the emails worked, which is
/// what gives the lift report a modest, positive lift. Control-group enrollments (Core's <see cref="ControlGroup"/> rule)
/// get Withheld events and nothing in the outbox. Delivery is taken as three days after the order, like the demo's
/// shipping. Steps that carry a coupon are recorded as sent without one (the history issues no discounts).
/// </para>
/// <para>Deterministic: one seeded draw per workflow, customers and orders in id order.</para>
/// </remarks>
public static class DemoWorkflowHistory
{
    public const int HistoryDays = 120;
    public const int DeliveryDays = 3;
    private const int Store = DemoStoreGenerator.StoreId;

    /// <summary>The demo's workflow program: the catalog's defaults, opens counted (the demo shows open rates).</summary>
    public static WorkflowProgramSettings Settings() => WorkflowCatalog.Defaults() with { TrackOpens = true };

    /// <summary>
    /// Saves the demo's workflow settings, builds the history and bulk-loads it; runs after the loyalty replay (tier-up emails
    /// follow its tier changes) and the mechanics' seeding (cashback statements, stamp cards, membership reminders follow theirs).
    /// </summary>
    public static async Task<WorkflowHistoryResult> RunAsync(SandboxDatabase database, StoreContent content, int seed, DateTime asOfUtc,
        IReadOnlyList<(Retention.Core.Stamps.StampCardFilled Card, DateTime AtUtc)>? stampFills = null, IReadOnlyList<CardRaise>? cardRaises = null,
        CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var program = Settings();
        var saved = await new EfWorkflowSettingsStore(database).SaveAsync(new StoreId(Store), program, cancellationToken);
        if (!saved.IsValid)
            throw new InvalidOperationException("The demo workflow settings are invalid: " + string.Join("; ", saved.Errors.Select(e => e.Message)));

        var from = asOfUtc.AddDays(-HistoryDays);
        List<TierChangeRow> upgrades;
        await using (var db = database.CreateContext())
            upgrades = await db.TierChanges.AsNoTracking()
                .Where(t => t.StoreId == Store && t.ChangeId == (int)TierChange.Upgraded && t.AtUtc >= from)
                .OrderBy(t => t.AtUtc).ThenBy(t => t.Id)
                .ToListAsync(cancellationToken);

        // The replay's ledger: its expiries are what the reminders warned of, and the balance a reminder shows is the
        // customer's available points at the reminder's scan.
        List<PointsEntryRow> ledger;
        await using (var db = database.CreateContext())
            ledger = await db.Ledger.AsNoTracking().Where(e => e.StoreId == Store).OrderBy(e => e.CreatedOnUtc).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        var expiries = ledger.Where(e => e.ReasonId == (int)LedgerReason.Expiry && e.CreatedOnUtc > from && e.Points < 0).ToList();

        var notices = await DemoMechanicsNotices.ReadAsync(database, content, from, asOfUtc, stampFills, cardRaises, cancellationToken);
        var history = Build(content, upgrades, seed, asOfUtc, program, DemoLoyalty.Settings(asOfUtc), expiries, ledger, notices);
        await BulkLoader.LoadRowsAsync(database, [(typeof(EnrollmentRow), history.Enrollments)], cancellationToken);

        Dictionary<(int, int, string), long> ids;
        await using (var db = database.CreateContext())
            ids = (await db.Enrollments.AsNoTracking().Where(e => e.StoreId == Store)
                    .Select(e => new { e.Id, e.WorkflowId, e.CustomerId, e.Subject }).ToListAsync(cancellationToken))
                .ToDictionary(e => (e.WorkflowId, e.CustomerId, e.Subject), e => e.Id);
        var rows = history.Finish(e => ids[(e.WorkflowId, e.CustomerId, e.Subject)], content.Orders, program);
        await BulkLoader.LoadRowsAsync(database,
            [(typeof(WorkflowEventRow), rows.Events), (typeof(OutboxRow), history.Outbox), (typeof(SurveyAnswerRow), rows.Answers)], cancellationToken);
        return new WorkflowHistoryResult(history.Enrollments.Count, history.Outbox.Count, rows.Events.Count,
            rows.Events.Count(e => e.KindId == (int)WorkflowEventKind.Converted), rows.Answers.Count, watch.Elapsed);
    }

    /// <summary>The history in memory: enrollments and the outbox are complete; events and answers wait for the enrollments' ids.</summary>
    internal static HistoryBuilder Build(StoreContent content, IReadOnlyList<TierChangeRow> upgrades, int seed, DateTime asOfUtc,
        WorkflowProgramSettings program, LoyaltySettings loyalty, IReadOnlyList<PointsEntryRow> expiries, IReadOnlyList<PointsEntryRow> ledger,
        IReadOnlyList<MechanicsNotice>? notices = null)
    {
        var builder = new HistoryBuilder(content, asOfUtc, program);
        builder.Welcome(new Sampling(seed ^ 0x5717));
        builder.AbandonedCarts(new Sampling(seed ^ 0x1ca7));
        builder.ReviewRequests(new Sampling(seed ^ 0x0e71));
        builder.Surveys(new Sampling(seed ^ 0x05a7));
        builder.WinBack(new Sampling(seed ^ 0x3b1c));
        builder.TierUps(new Sampling(seed ^ 0x71e2), upgrades, loyalty);
        builder.ExpiryReminders(new Sampling(seed ^ 0x0e8e), expiries, ledger);
        builder.Birthdays(new Sampling(seed ^ 0xb1d7));
        builder.AfterOrders(new Sampling(seed ^ 0xc055), content);
        // Last, with a draw of its own: the other workflows' history is the same with or without the mechanics.
        builder.Mechanics(new Sampling(seed ^ 0x3ec4), notices ?? []);
        return builder;
    }

    internal sealed record Rows(List<WorkflowEventRow> Events, List<SurveyAnswerRow> Answers);

    /// <summary>A step event before its enrollment has an id; <see cref="LinkKind"/> events are keyed by that id.</summary>
    private sealed record PendingEvent(int Enrollment, int Step, WorkflowEventKind Kind, DateTime AtUtc, string? Detail);

    private sealed record PendingAnswer(int Enrollment, SurveyKind Kind, string Subject, int Score, string? Comment, DateTime AtUtc);

    internal sealed class HistoryBuilder
    {
        // Rates of a plain send: opened, and clicked when nothing was bought after it.
        private const double OpenRate = 0.42, TransactionalOpenRate = 0.6, BaseClickRate = 0.045;
        // Of the customers who ordered within the attribution window after an email, the share who came through it.
        private const double ClickBeforeOrder = 0.45;

        private readonly DateTime _asOf, _from;
        private readonly WorkflowProgramSettings _program;
        private readonly Dictionary<int, CustomerFact> _customers;
        private readonly HashSet<int> _consented;
        private readonly ILookup<int, OrderFact> _orders;
        private readonly ILookup<int, ProductReviewFact> _reviews;
        private readonly List<PendingEvent> _events = [];
        private readonly List<PendingAnswer> _answers = [];
        private readonly HashSet<(int Enrollment, int Step)> _clicked = [];
        private readonly HashSet<(WorkflowKind, int, string)> _subjects = [];

        public List<EnrollmentRow> Enrollments { get; } = [];
        public List<OutboxRow> Outbox { get; } = [];

        public HistoryBuilder(StoreContent content, DateTime asOfUtc, WorkflowProgramSettings program)
        {
            _asOf = asOfUtc;
            _from = asOfUtc.AddDays(-HistoryDays);
            _program = program;
            _customers = content.Customers.ToDictionary(c => c.Id);
            _consented = content.NewsletterSubscriptions.Where(s => s.StoreId == Store).Select(s => s.CustomerId).ToHashSet();
            _orders = content.Orders.Where(o => o.StoreId == Store).OrderBy(o => o.CreatedOnUtc).ThenBy(o => o.Id).ToLookup(o => o.CustomerId);
            _reviews = content.ProductReviews.Where(r => r.StoreId == Store).OrderBy(r => r.CreatedOnUtc).ToLookup(r => r.CustomerId);
        }

        private bool Reachable(int customerId, bool marketing) =>
            _customers.TryGetValue(customerId, out var c) && c.Email != null && c.Active && !c.Deleted && (!marketing || _consented.Contains(customerId));

        private IEnumerable<OrderFact> OrdersInWindow() =>
            _orders.SelectMany(g => g).Where(o => o.CreatedOnUtc >= _from && o.CreatedOnUtc < _asOf).OrderBy(o => o.Id);

        private OrderFact? FirstOrderAfter(int customerId, DateTime afterUtc, DateTime untilUtc) =>
            _orders[customerId].FirstOrDefault(o => o.CreatedOnUtc > afterUtc && o.CreatedOnUtc <= untilUtc && o.OrderStatusId != (int)OrderState.Cancelled);

        // ---- the workflows ----------------------------------------------------------------------------------------

        public void Welcome(Sampling draw)
        {
            var workflow = _program.For(WorkflowKind.Welcome);
            foreach (var customer in _customers.Values.OrderBy(c => c.Id))
                if (customer.CreatedOnUtc >= _from && Reachable(customer.Id, workflow.IsMarketing))
                    RunAll(draw, workflow, customer.Id, TriggerRules.WelcomeSubject, customer.CreatedOnUtc, customer.CreatedOnUtc);
        }

        /// <summary>Carts of real orders left a few hours before (recovered), and carts never bought (the rest of each arm).</summary>
        public void AbandonedCarts(Sampling draw)
        {
            var workflow = _program.For(WorkflowKind.AbandonedCart);
            var last = new Dictionary<int, DateTime>();
            var reentry = TimeSpan.FromDays(workflow.ReentryDays);
            var recovered = 0;
            foreach (var order in OrdersInWindow())
            {
                if (!Reachable(order.CustomerId, workflow.IsMarketing))
                    continue;
                var control = IsControl(workflow, order.CustomerId);
                if (!draw.Chance(control ? 0.045 : 0.075))
                    continue;
                var anchor = Seconds(order.CreatedOnUtc.AddHours(-draw.Uniform() * 70 - 2));
                if (last.TryGetValue(order.CustomerId, out var previous) && anchor - previous < reentry)
                    continue;
                last[order.CustomerId] = anchor;
                var firstLine = Seconds(anchor.AddMinutes(-draw.Int(1, 40)));
                if (Run(draw, workflow, order.CustomerId, TriggerRules.CartSubject(firstLine), anchor, anchor, exitAt: order.CreatedOnUtc, "cart") is not null)
                    recovered++;
            }

            // Carts nobody came back for: about six for each recovered one, at times when the customer bought nothing for the
            // sequence and the attribution window, so the emails did not "win" them.
            var candidates = _customers.Keys.Where(id => Reachable(id, workflow.IsMarketing) && _orders[id].Any()).OrderBy(id => id).ToList();
            var window = workflow.Steps[^1].Delay + TimeSpan.FromDays(_program.AttributionWindowDays);
            var span = (_asOf - window - _from).TotalSeconds;
            for (var i = 0; i < recovered * 6 && candidates.Count > 0; i++)
            {
                var customer = draw.Pick(candidates);
                var anchor = Seconds(_from.AddSeconds(draw.Uniform() * span));
                if (last.TryGetValue(customer, out var previous) && (anchor - previous).Duration() < reentry + window)
                    continue;
                if (_orders[customer].Any(o => o.CreatedOnUtc > anchor.AddDays(-1) && o.CreatedOnUtc <= anchor + window))
                    continue;
                last[customer] = anchor;
                RunAll(draw, workflow, customer, TriggerRules.CartSubject(Seconds(anchor.AddMinutes(-draw.Int(1, 40)))), anchor, anchor, "cart");
            }
        }

        /// <summary>Completed orders, delivered <see cref="DeliveryDays"/> after they were placed; clicked when the customer reviewed after the email.</summary>
        public void ReviewRequests(Sampling draw)
        {
            var workflow = _program.For(WorkflowKind.ReviewRequest);
            foreach (var order in OrdersInWindow())
            {
                if (order.OrderStatusId != (int)OrderState.Complete || !Reachable(order.CustomerId, workflow.IsMarketing))
                    continue;
                var delivered = order.CreatedOnUtc.AddDays(DeliveryDays);
                var times = new List<DateTime>();
                foreach (var step in workflow.Steps)
                    times.Add(SendTime(draw, workflow, Later(delivered + step.Delay, times.LastOrDefault())));
                if (times[^1] >= _asOf || Enroll(workflow, order.CustomerId, TriggerRules.OrderSubject(order.Id), delivered, delivered) is not { } enrollment)
                    continue;
                var clicked = false;
                for (var step = 0; step < times.Count; step++)
                {
                    var at = times[step];
                    if (workflow.Steps[step].Condition == StepCondition.NotClickedYet && clicked)
                    {
                        _events.Add(new PendingEvent(enrollment, step, WorkflowEventKind.Skipped, at, "An earlier email of this enrollment was clicked."));
                        continue;
                    }
                    var review = _reviews[order.CustomerId].FirstOrDefault(r => r.CreatedOnUtc > at && r.CreatedOnUtc < at.AddDays(14));
                    clicked |= Deliver(draw, workflow, enrollment, step, at, review?.CreatedOnUtc.AddMinutes(-draw.Int(2, 30)), null);
                }
                Close(enrollment, EnrollmentState.Completed, null, times[^1]);
            }
        }

        /// <summary>NPS after the customer's counted order number the workflow asks after, CSAT after each delivered order; answers as clicks of the survey links.</summary>
        public void Surveys(Sampling draw)
        {
            var nps = _program.For(WorkflowKind.NpsSurvey);
            var csat = _program.For(WorkflowKind.CsatSurvey);
            foreach (var customer in _orders)
            {
                var counted = 0;
                foreach (var order in customer)
                {
                    if (order.OrderStatusId == (int)OrderState.Cancelled)
                        continue;
                    counted++;
                    if (order.CreatedOnUtc < _from || order.CreatedOnUtc >= _asOf)
                        continue;
                    if (counted == nps.AfterOrderNumber && Reachable(customer.Key, nps.IsMarketing))
                        Survey(draw, nps, SurveyKind.Nps, customer.Key, TriggerRules.NpsSubject, order.CreatedOnUtc, 0.15, NpsScore);
                    if (order.OrderStatusId == (int)OrderState.Complete && Reachable(customer.Key, csat.IsMarketing))
                        Survey(draw, csat, SurveyKind.Csat, customer.Key, TriggerRules.OrderSubject(order.Id), order.CreatedOnUtc.AddDays(DeliveryDays), 0.10, CsatScore);
                }
            }
        }

        /// <summary>
        /// Monthly scans (the 1st, 10:00) of buyers dormant by Core's rule; step 1 asks why they left. Each scan takes those who
        /// fell dormant since the previous one: the workflow has been on longer than the history, so the older dormant
        /// buyers had their emails before the history begins.
        /// </summary>
        public void WinBack(Sampling draw)
        {
            var workflow = _program.For(WorkflowKind.WinBack);
            var oneTimeBuyerDays = TriggerRules.OneTimeBuyerDays(workflow, StoreMedianGapDays());
            var enrolled = new HashSet<int>();
            var length = workflow.Steps[^1].Delay;
            for (var scan = new DateTime(_from.Year, _from.Month, 1, 10, 0, 0, DateTimeKind.Utc).AddMonths(1); scan + length < _asOf; scan = scan.AddMonths(1))
            {
                foreach (var customer in _orders.OrderBy(g => g.Key))
                {
                    if (enrolled.Contains(customer.Key) || !Reachable(customer.Key, workflow.IsMarketing))
                        continue;
                    var before = customer.Where(o => o.CreatedOnUtc < scan && o.OrderStatusId != (int)OrderState.Cancelled).ToList();
                    if (before.Count == 0
                        || !TriggerRules.IsDormant(before.Count, before[0].CreatedOnUtc, before[^1].CreatedOnUtc, scan, workflow.DormancyMultiple, oneTimeBuyerDays)
                        || TriggerRules.IsDormant(before.Count, before[0].CreatedOnUtc, before[^1].CreatedOnUtc, scan.AddMonths(-1), workflow.DormancyMultiple, oneTimeBuyerDays))
                        continue;
                    enrolled.Add(customer.Key);
                    var exit = FirstOrderAfter(customer.Key, scan, scan + length);
                    var subject = TriggerRules.WinBackSubject(scan);
                    var enrollment = Run(draw, workflow, customer.Key, subject, scan, scan, exit?.CreatedOnUtc, null);
                    if (enrollment is { } e && !IsControl(workflow, customer.Key) && draw.Chance(0.05))
                    {
                        var at = Seconds(scan.AddHours(draw.Exponential(1 / 20.0)));
                        if (at < _asOf && (exit is null || at < exit.CreatedOnUtc))
                            Answer(e, SurveyKind.WinBackReason, subject, WinBackReason(draw), null, at);
                    }
                }
            }
        }

        /// <summary>The tier-up congratulation for each upgrade to a tier above the base one that the loyalty replay recorded.</summary>
        public void TierUps(Sampling draw, IReadOnlyList<TierChangeRow> upgrades, LoyaltySettings loyalty)
        {
            var workflow = _program.For(WorkflowKind.TierUp);
            foreach (var change in upgrades)
                if (change.ToTier is { } tier && !TierNotice.IsBaseTier(loyalty, tier) && change.AtUtc < _asOf && Reachable(change.CustomerId, workflow.IsMarketing))
                    RunAll(draw, workflow, change.CustomerId, TierNotice.Subject(tier, change.AtUtc), change.AtUtc, change.AtUtc, null, tier);
        }

        /// <summary>
        /// The reminder <see cref="WorkflowSettings.DaysBeforeExpiry"/> days before each day the loyalty replay expired a
        /// customer's points (the daily scan at 06:00), at most once per re-entry time; a customer who ordered in between
        /// clicked through to spend them. Customers who spent their points in time have no expiry to be reminded of here.
        /// </summary>
        public void ExpiryReminders(Sampling draw, IReadOnlyList<PointsEntryRow> expiries, IReadOnlyList<PointsEntryRow> ledger)
        {
            var workflow = _program.For(WorkflowKind.PointsExpiry);
            var entries = ledger.ToLookup(e => e.CustomerId);
            // Available at an instant: what was written by then, credits once active (pending points are not spendable).
            int Available(int customer, DateTime at) =>
                entries[customer].Where(e => e.CreatedOnUtc <= at && (e.Points < 0 || e.ActivatesOnUtc <= at)).Sum(e => e.Points);
            var reader = EmailReader.English;
            var last = new Dictionary<int, DateTime>();
            foreach (var day in expiries.GroupBy(e => (e.CustomerId, Day: e.CreatedOnUtc.Date)).OrderBy(g => g.Key.Day).ThenBy(g => g.Key.CustomerId))
            {
                var customer = day.Key.CustomerId;
                var lapse = day.Min(e => e.CreatedOnUtc);
                var scan = lapse.Date.AddDays(-workflow.DaysBeforeExpiry).AddHours(6);
                if (scan < _from || scan >= _asOf || !Reachable(customer, workflow.IsMarketing))
                    continue;
                if (last.TryGetValue(customer, out var previous) && scan - previous < TimeSpan.FromDays(workflow.ReentryDays))
                    continue;
                last[customer] = scan;
                var points = -day.Sum(e => e.Points);
                // As the live engine writes them for the demo's customers (the sandbox's reader is English).
                Run(draw, workflow, customer, TriggerRules.ExpirySubject(lapse), scan, scan, null, null, tokens: new Dictionary<string, string>
                {
                    [WorkflowTokens.ExpiringPoints] = reader.Number(points),
                    [WorkflowTokens.ExpiryDate] = reader.Date(lapse, null),
                    [WorkflowTokens.PointsBalance] = reader.Number(Math.Max(points, Available(customer, scan))),
                    [WorkflowTokens.ExpiryAdvice] = reader.Say(Retention.Core.Localization.CoreMessages.EmailExpirySpend()),
                });
            }
        }

        /// <summary>The birthday email on each birthday in the window (the daily scan at 06:00), to customers who gave a date of birth.</summary>
        public void Birthdays(Sampling draw)
        {
            var workflow = _program.For(WorkflowKind.Birthday);
            for (var day = _from.Date.AddDays(1); day < _asOf.Date; day = day.AddDays(1))
                foreach (var customer in _customers.Values)
                    if (customer.DateOfBirth is { } born && customer.CreatedOnUtc < day && TriggerRules.IsBirthday(born, DateOnly.FromDateTime(day))
                        && Reachable(customer.Id, workflow.IsMarketing))
                        RunAll(draw, workflow, customer.Id, day.Year.ToString(CultureInfo.InvariantCulture), day.AddHours(6), day.AddHours(6));
        }

        /// <summary>
        /// After each order: cross-sell (its delay after the order, once per re-entry time) and a replenishment reminder
        /// for each consumable a few days before it runs out; the customer's next order ends both.
        /// </summary>
        public void AfterOrders(Sampling draw, StoreContent content)
        {
            var crossSell = _program.For(WorkflowKind.CrossSell);
            var replenishment = _program.For(WorkflowKind.Replenishment);
            var intervals = content.Products.Where(p => p.ReplenishDays > 0).ToDictionary(p => p.Id, p => p.ReplenishDays);
            var lines = content.OrderLines.Where(l => !l.IsGiftCard).ToLookup(l => l.OrderId, l => l.ProductId);
            var lastCrossSell = new Dictionary<int, DateTime>();
            foreach (var order in OrdersInWindow())
            {
                if (order.OrderStatusId == (int)OrderState.Cancelled)
                    continue;
                var next = FirstOrderAfter(order.CustomerId, order.CreatedOnUtc, DateTime.MaxValue)?.CreatedOnUtc;
                if (Reachable(order.CustomerId, crossSell.IsMarketing)
                    && (!lastCrossSell.TryGetValue(order.CustomerId, out var previous) || order.CreatedOnUtc - previous >= TimeSpan.FromDays(crossSell.ReentryDays)))
                {
                    lastCrossSell[order.CustomerId] = order.CreatedOnUtc;
                    Run(draw, crossSell, order.CustomerId, TriggerRules.OrderSubject(order.Id), order.CreatedOnUtc, order.CreatedOnUtc, next, null);
                }
                if (!Reachable(order.CustomerId, replenishment.IsMarketing))
                    continue;
                foreach (var product in lines[order.Id].Distinct().Order())
                {
                    if (!intervals.TryGetValue(product, out var days))
                        continue;
                    var due = order.CreatedOnUtc.AddDays(days - WorkflowProgram.ReplenishmentLeadDays);
                    Run(draw, replenishment, order.CustomerId, TriggerRules.ReplenishmentSubject(order.Id, product), order.CreatedOnUtc,
                        due < order.CreatedOnUtc ? order.CreatedOnUtc : due, next, null);
                }
            }
        }

        /// <summary>The loyalty mechanics' emails (<see cref="DemoMechanicsNotices"/>): each enrolled when its fact happened, with the tokens of its fact.</summary>
        public void Mechanics(Sampling draw, IReadOnlyList<MechanicsNotice> notices)
        {
            foreach (var notice in notices)
            {
                var workflow = _program.For(notice.Kind);
                if (notice.AtUtc >= _from && notice.AtUtc < _asOf && Reachable(notice.Customer, workflow.IsMarketing))
                    Run(draw, workflow, notice.Customer, notice.Subject, notice.AtUtc, notice.AtUtc, null, null, tokens: notice.Tokens);
            }
        }

        // ---- steps ------------------------------------------------------------------------------------------------

        private void RunAll(Sampling draw, WorkflowSettings workflow, int customer, string subject, DateTime enrolled, DateTime anchor, string? clickDetail = null, string? tier = null) =>
            Run(draw, workflow, customer, subject, enrolled, anchor, null, clickDetail, tier);

        /// <summary>
        /// Enrolls and runs every step whose time comes before <paramref name="exitAt"/> (an order that ends the sequence);
        /// null when the last step would still be due at the as-of instant (the live engine's to run, not history's).
        /// </summary>
        private int? Run(Sampling draw, WorkflowSettings workflow, int customer, string subject, DateTime enrolled, DateTime anchor, DateTime? exitAt,
            string? clickDetail, string? tier = null, IReadOnlyDictionary<string, string>? tokens = null)
        {
            var times = new List<DateTime>();
            var send = DateTime.MinValue;
            foreach (var step in workflow.Steps)
            {
                send = SendTime(draw, workflow, Later(anchor + step.Delay, send));
                times.Add(send);
            }
            var exits = exitAt is { } e && e < times[^1];
            if (!exits && times[^1] >= _asOf || exits && times[0] >= exitAt!.Value)
                return null;
            var enrollment = Enroll(workflow, customer, subject, enrolled, anchor);
            if (enrollment is null)
                return null;
            var steps = exits ? times.Count(t => t < exitAt!.Value) : times.Count;
            for (var step = 0; step < steps; step++)
            {
                var until = step + 1 < steps ? times[step + 1] : exitAt ?? times[step].AddDays(_program.AttributionWindowDays);
                var order = FirstOrderAfter(customer, times[step], Later(times[step], until < _asOf ? until : _asOf));
                var clickAt = order is null ? (DateTime?)null : Between(draw, times[step], order.CreatedOnUtc);
                Deliver(draw, workflow, enrollment.Value, step, times[step], clickAt, clickDetail, tier, tokens);
            }
            if (exits)
                Close(enrollment.Value, EnrollmentState.Exited, OrderPlacedExit, exitAt!.Value, steps);
            else
                Close(enrollment.Value, EnrollmentState.Completed, null, times[^1]);
            return enrollment;
        }

        private void Survey(Sampling draw, WorkflowSettings workflow, SurveyKind kind, int customer, string subject, DateTime anchor, double answerRate,
            Func<Sampling, int> score)
        {
            var enrollment = Run(draw, workflow, customer, subject, anchor, anchor, null, null);
            if (enrollment is null || IsControl(workflow, customer) || !draw.Chance(answerRate))
                return;
            var sent = anchor + workflow.Steps[0].Delay;
            var at = Seconds(sent.AddHours(1 + draw.Exponential(1 / 18.0)));
            if (at >= _asOf)
                return;
            var value = score(draw);
            Answer(enrollment.Value, kind, subject, value, draw.Chance(0.3) ? Comment(draw, kind, value) : null, at);
        }

        private void Answer(int enrollment, SurveyKind kind, string subject, int score, string? comment, DateTime at)
        {
            _answers.Add(new PendingAnswer(enrollment, kind, subject, score, comment, at));
            // An answer is a click of the email's survey link; a click recorded already (the same step) stands.
            if (_clicked.Add((enrollment, 0)))
                _events.Add(new PendingEvent(enrollment, 0, WorkflowEventKind.Clicked, at, "survey"));
        }

        private int? Enroll(WorkflowSettings workflow, int customer, string subject, DateTime enrolled, DateTime anchor)
        {
            // (workflow, store, customer, subject) is unique, as in the engine: a second trigger for the same subject enrolls nobody.
            if (!_subjects.Add((workflow.Kind, customer, subject)))
                return null;
            var control = IsControl(workflow, customer);
            Enrollments.Add(new EnrollmentRow
            {
                EnrollmentKey = EnrollmentOf(workflow.Kind, customer, subject, enrolled, anchor, control).Key.Value,
                WorkflowId = (int)workflow.Kind,
                StoreId = Store,
                CustomerId = customer,
                Subject = subject,
                EnrolledUtc = Seconds(enrolled),
                AnchorUtc = Seconds(anchor),
                IsControl = control,
                StateId = (int)EnrollmentState.Active,
            });
            return Enrollments.Count - 1;
        }

        private void Close(int enrollment, EnrollmentState state, string? reason, DateTime at, int? nextStep = null)
        {
            var row = Enrollments[enrollment];
            row.StateId = (int)state;
            row.NextStep = nextStep ?? (WorkflowCatalog.Default((WorkflowKind)row.WorkflowId).Steps.Count);
            row.NextDueUtc = null;
            row.ExitReason = reason;
            row.ClosedUtc = Seconds(at);
        }

        /// <summary>
        /// One step: Withheld for the control group; else the email in the outbox and its Sent event, an open now and then,
        /// and a click — at <paramref name="clickAt"/> for a share of the customers who bought after it, else at the base rate.
        /// Returns whether it was clicked.
        /// </summary>
        private bool Deliver(Sampling draw, WorkflowSettings workflow, int enrollment, int step, DateTime at, DateTime? clickAt, string? clickDetail, string? tier = null,
            IReadOnlyDictionary<string, string>? extraTokens = null)
        {
            var row = Enrollments[enrollment];
            if (row.IsControl)
            {
                _events.Add(new PendingEvent(enrollment, step, WorkflowEventKind.Withheld, at, null));
                return false;
            }
            var customer = _customers[row.CustomerId];
            var key = EnrollmentOf(workflow.Kind, row.CustomerId, row.Subject, row.EnrolledUtc, row.AnchorUtc, false).StepKey(step);
            // Every token the live engine fills, so the outbox never shows a raw %Retention.*%: the history keeps no links
            // (unsubscribe, survey, open pixel) of its own, those stay empty.
            var tokens = WorkflowEmailContent.AllTokens.ToDictionary(t => t, _ => string.Empty);
            tokens[WorkflowTokens.ShopUrl] = "/shop?customer=" + row.CustomerId;
            if (tier != null)
                tokens[WorkflowTokens.TierName] = tier;
            foreach (var (token, value) in extraTokens ?? new Dictionary<string, string>())
                tokens[token] = value;
            Outbox.Add(new OutboxRow
            {
                IdempotencyKey = key.Value,
                StoreId = Store,
                CustomerId = row.CustomerId,
                ToEmail = customer.Email!,
                ToName = $"{customer.FirstName} {customer.LastName}".Trim(),
                TemplateName = workflow.Steps[step].TemplateName,
                TokensJson = JsonSerializer.Serialize(tokens),
                IsMarketing = workflow.IsMarketing,
                CreatedOnUtc = at,
            });
            _events.Add(new PendingEvent(enrollment, step, WorkflowEventKind.Sent, at, null));

            DateTime? click = null;
            if (clickAt is { } c && c > at && c < _asOf && draw.Chance(ClickBeforeOrder))
                click = c;
            else if (draw.Chance(BaseClickRate))
                click = Seconds(at.AddHours(draw.Exponential(1 / 8.0) + 0.05));
            if (click >= _asOf)
                click = null;
            if (click != null)
                _clicked.Add((enrollment, step));
            var opened = click is { } k ? Seconds(k.AddMinutes(-draw.Int(1, 20)))
                : draw.Chance(workflow.IsMarketing ? OpenRate : TransactionalOpenRate) ? Seconds(at.AddHours(draw.Exponential(1 / 6.0))) : (DateTime?)null;
            if (opened is { } o && o > at && o < _asOf)
                _events.Add(new PendingEvent(enrollment, step, WorkflowEventKind.Opened, o, null));
            if (click is { } clicked)
                _events.Add(new PendingEvent(enrollment, step, WorkflowEventKind.Clicked, clicked, clickDetail));
            return click != null;
        }

        /// <summary>When a due step goes out: marketing waits for the day (08:00–21:00 UTC, the demo's quiet hours), a run takes a few minutes.</summary>
        private static DateTime SendTime(Sampling draw, WorkflowSettings workflow, DateTime due)
        {
            var at = due.AddMinutes(draw.Int(1, 5));
            if (workflow.IsMarketing && (at.Hour < 8 || at.Hour >= 21))
                at = (at.Hour >= 21 ? at.Date.AddDays(1) : at.Date).AddHours(8).AddMinutes(draw.Int(0, 30));
            return Seconds(at);
        }

        // ---- turning the history into rows --------------------------------------------------------------------------

        /// <summary>The events and answers with their enrollments' ids, and the conversions Core's attribution rule gives the real orders.</summary>
        public Rows Finish(Func<EnrollmentRow, long> idOf, IReadOnlyList<OrderFact> orders, WorkflowProgramSettings program)
        {
            var ids = Enrollments.Select(idOf).ToArray();
            var events = new List<WorkflowEventRow>(_events.Count + 1000);
            foreach (var e in _events)
            {
                var row = Enrollments[e.Enrollment];
                var key = e.Kind is WorkflowEventKind.Opened or WorkflowEventKind.Clicked
                    ? WorkflowLinks.LinkEventKey(e.Kind, ids[e.Enrollment], e.Step)
                    : EnrollmentOf((WorkflowKind)row.WorkflowId, row.CustomerId, row.Subject, row.EnrolledUtc, row.AnchorUtc, row.IsControl).StepKey(e.Step);
                events.Add(new WorkflowEventRow
                {
                    EventKey = key.Value,
                    EnrollmentId = ids[e.Enrollment],
                    WorkflowId = row.WorkflowId,
                    Step = e.Step,
                    StoreId = Store,
                    CustomerId = row.CustomerId,
                    KindId = (int)e.Kind,
                    OccurredUtc = e.AtUtc,
                    IsControl = row.IsControl,
                    Detail = e.Detail,
                });
            }
            events.AddRange(Conversions(events, orders, program));
            var answers = _answers.Select(a => new SurveyAnswerRow
            {
                AnswerKey = new SurveyAnswer { Kind = a.Kind, Store = new StoreId(Store), Customer = new CustomerId(Enrollments[a.Enrollment].CustomerId), Subject = a.Subject, Score = a.Score, AnsweredUtc = a.AtUtc }.Key.Value,
                KindId = (int)a.Kind,
                StoreId = Store,
                CustomerId = Enrollments[a.Enrollment].CustomerId,
                Subject = a.Subject,
                Score = a.Score,
                Comment = a.Comment,
                AnsweredUtc = a.AtUtc,
                EnrollmentId = ids[a.Enrollment],
            }).ToList();
            return new Rows(events, answers);
        }

        /// <summary>
        /// Core's attribution rule (<c>WorkflowAttribution.AttributeAsync</c>) over the history: each order placed in the
        /// history's days is credited to the customer's last non-control touch (a click, or with the send basis a send or a
        /// click) in the attribution window before it, under the order's key.
        /// </summary>
        private List<WorkflowEventRow> Conversions(List<WorkflowEventRow> events, IReadOnlyList<OrderFact> orders, WorkflowProgramSettings program)
        {
            var kinds = program.AttributionBasis == AttributionBasis.Click
                ? new[] { (int)WorkflowEventKind.Clicked }
                : [(int)WorkflowEventKind.Sent, (int)WorkflowEventKind.Clicked];
            var touches = events.Where(e => !e.IsControl && kinds.Contains(e.KindId))
                .OrderBy(e => e.OccurredUtc).ThenBy(e => e.EnrollmentId).ThenBy(e => e.KindId)
                .ToLookup(e => e.CustomerId);
            var converted = new List<WorkflowEventRow>();
            foreach (var order in orders.Where(o => o.StoreId == Store && o.CreatedOnUtc >= _from && o.CreatedOnUtc < _asOf).OrderBy(o => o.Id))
            {
                var windowStart = order.CreatedOnUtc.AddDays(-program.AttributionWindowDays);
                var touch = touches[order.CustomerId].LastOrDefault(t => t.OccurredUtc >= windowStart && t.OccurredUtc < order.CreatedOnUtc);
                if (touch is null)
                    continue;
                converted.Add(new WorkflowEventRow
                {
                    EventKey = CreditedConversions.Key(order.StoreId, order.Id).Value,
                    EnrollmentId = touch.EnrollmentId,
                    WorkflowId = touch.WorkflowId,
                    Step = touch.Step,
                    StoreId = Store,
                    CustomerId = order.CustomerId,
                    KindId = (int)WorkflowEventKind.Converted,
                    OccurredUtc = order.CreatedOnUtc,
                    IsControl = touch.IsControl,
                    OrderId = order.Id,
                    Revenue = order.OrderTotal,
                });
            }
            return converted;
        }

        // ---- small rules --------------------------------------------------------------------------------------------

        private static bool IsControl(WorkflowSettings workflow, int customer) =>
            ControlGroup.IsControl(new StoreId(Store), new CustomerId(customer), workflow.Kind, workflow.ControlGroupPercent);

        private static Enrollment EnrollmentOf(WorkflowKind kind, int customer, string subject, DateTime enrolled, DateTime anchor, bool control) => new()
        {
            Workflow = kind,
            Store = new StoreId(Store),
            Customer = new CustomerId(customer),
            Subject = subject,
            EnrolledUtc = enrolled,
            AnchorUtc = anchor,
            IsControl = control,
        };

        /// <summary>The median days between a customer's consecutive counted orders over the whole store (win-back's one-time-buyer default).</summary>
        private double? StoreMedianGapDays()
        {
            var gaps = new List<double>();
            foreach (var customer in _orders)
            {
                DateTime? previous = null;
                foreach (var order in customer.Where(o => o.OrderStatusId != (int)OrderState.Cancelled && o.CreatedOnUtc < _from))
                {
                    if (previous is { } p)
                        gaps.Add((order.CreatedOnUtc - p).TotalDays);
                    previous = order.CreatedOnUtc;
                }
            }
            if (gaps.Count == 0)
                return null;
            gaps.Sort();
            return gaps[gaps.Count / 2];
        }

        private static DateTime Between(Sampling draw, DateTime after, DateTime before) =>
            Seconds(after.AddTicks((long)((before - after).Ticks * (0.2 + 0.75 * draw.Uniform()))));

        // Scores that give an NPS around +30 (52 % promoters, 22 % detractors) and a CSAT around 82 %.
        private static readonly double[] NpsWeights = [1, 0.5, 0.5, 1, 1.5, 4.5, 13, 11, 15, 22, 30];
        private static readonly double[] CsatWeights = [3, 5, 10, 27, 55];
        private static readonly double[] ReasonWeights = [30, 12, 14, 18, 20, 6];

        private static int NpsScore(Sampling draw) => draw.Weighted(NpsWeights);
        private static int CsatScore(Sampling draw) => 1 + draw.Weighted(CsatWeights);
        private static int WinBackReason(Sampling draw) => 1 + draw.Weighted(ReasonWeights);

        private static readonly string[] Praise = ["Great coffee, fast delivery.", "The Ethiopian roast is wonderful.", "Always fresh, nicely packed.", "Love the loyalty points."];
        private static readonly string[] Middle = ["Good, but shipping took a while.", "Fine coffee, a bit pricey.", "Nice, would like more decaf options."];
        private static readonly string[] Complaints = ["The bag arrived torn.", "Delivery was late twice.", "Too expensive for what it is.", "The grind was wrong."];

        private static string Comment(Sampling draw, SurveyKind kind, int score)
        {
            var good = kind == SurveyKind.Nps ? score >= 9 : score >= 4;
            var bad = kind == SurveyKind.Nps ? score <= 6 : score <= 2;
            return draw.Pick(good ? Praise : bad ? Complaints : Middle);
        }

        /// <summary>The exit reason Core's store-events door writes when an order ends an enrollment (its StepTransitions.ExitReason).</summary>
        private const string OrderPlacedExit = "The customer placed an order.";

        private static DateTime Later(DateTime a, DateTime b) => a > b ? a : b;

        private static DateTime Seconds(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
    }
}
