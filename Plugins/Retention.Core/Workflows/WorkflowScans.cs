using System.Globalization;
using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Core.Loyalty;
using Retention.Core.Metrics;
using Retention.Core.Store;

namespace Retention.Core.Workflows;

/// <summary>
/// The scans that enroll without a store event, run by <see cref="WorkflowRun"/> for each store: abandoned carts on every
/// run, dormant customers (win-back), birthdays and expiring points once a day. Each is bounded and index-backed, pages
/// by customer id, and enrolls through <see cref="WorkflowEnrollment"/>, so a repeated scan enrolls no one twice.
/// </summary>
public sealed class WorkflowScans
{
    /// <summary>Days a cart stays a candidate after it went idle: runs missed for longer than this (an outage) do not mail week-old carts.</summary>
    public const int AbandonedCartCatchUpDays = 3;

    /// <summary>Win-back looks at customers whose last order is at most this old; older ones are lost, not dormant, and their consent stale.</summary>
    public const int WinBackLookbackDays = 730;

    private readonly IWorkflowSettingsStore _settings;
    private readonly WorkflowEnrollment _enrollment;
    private readonly IEnrollmentStore _enrollments;
    private readonly IStoreData _store;
    private readonly IQueryRunner _runner;
    private readonly IContactDirectory _contacts;
    private readonly IPurchaseGapQuery _gaps;
    private readonly IClock _clock;
    private readonly IWorkflowLoyalty? _loyalty;
    private readonly DailyScanGate? _dailyScans;
    private readonly ShoppingActivityReader _shopping;
    private readonly IOptionsStore _options;

    // gaps: The store's median purchase gap (win-back's threshold for one-time buyers and its defaults).
    // loyalty: The points-expiry scan's data; null where the host runs no loyalty program (the scan is off).
    // dailyScans: One per process: lets the once-a-day scans run once a day; null scans on every run.
    internal WorkflowScans(IWorkflowSettingsStore settings, WorkflowEnrollment enrollment, IEnrollmentStore enrollments, IStoreData store,
        IQueryRunner runner, IContactDirectory contacts, IPurchaseGapQuery gaps, IClock clock, IWorkflowLoyalty? loyalty, DailyScanGate? dailyScans, IWorkflowEventStore events, IOptionsStore options)
    {
        _options = options;
        _shopping = new ShoppingActivityReader(store, runner, enrollments, events);
        _settings = settings;
        _enrollment = enrollment;
        _enrollments = enrollments;
        _store = store;
        _runner = runner;
        _contacts = contacts;
        _gaps = gaps;
        _clock = clock;
        _loyalty = loyalty;
        _dailyScans = dailyScans;
    }

    /// <summary>The store's median time between purchases and the win-back thresholds it yields with the current settings.</summary>
    public async Task<DormancyDefaults> DormancyDefaultsAsync(StoreId store, CancellationToken cancellationToken = default)
    {
        var winBack = (await _settings.LoadAsync(store, cancellationToken)).For(WorkflowKind.WinBack);
        var gaps = await GapsAsync(store, _clock.UtcNow, cancellationToken);
        return new DormancyDefaults(gaps.MedianDays, winBack.DormancyMultiple, TriggerRules.OneTimeBuyerDays(winBack, gaps.MedianDays));
    }

    /// <summary>
    /// The scans of one store, each bounded and index-backed: abandoned carts (idle past the store's delay, not enrolled
    /// since), dormant customers, today's birthdays (store time zone), points expiring soon. Returns how many it enrolled.
    /// </summary>
    internal async Task<int> ScanStoreAsync(StoreId store, WorkflowProgramSettings settings, RetentionOptions options, int batchSize,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "A scan takes at least one customer.");
        var enrolled = 0;
        if (settings.For(WorkflowKind.AbandonedCart).Enabled)
            enrolled += await ScanAbandonedCartsAsync(store, options, batchSize, cancellationToken);
        if (settings.For(WorkflowKind.WinBack).Enabled)
            enrolled += await DailyAsync(store, WorkflowKind.WinBack, batchSize, () => ScanDormantAsync(store, settings.For(WorkflowKind.WinBack), options, batchSize, cancellationToken));
        if (settings.For(WorkflowKind.Birthday).Enabled)
            enrolled += await DailyAsync(store, WorkflowKind.Birthday, batchSize, () => ScanBirthdaysAsync(store, batchSize, cancellationToken));
        if (settings.For(WorkflowKind.PointsExpiry).Enabled && _loyalty is not null)
            enrolled += await DailyAsync(store, WorkflowKind.PointsExpiry, batchSize,
                () => ScanExpiringPointsAsync(store, settings.For(WorkflowKind.PointsExpiry), batchSize, cancellationToken));
        return enrolled;
    }

    /// <summary>
    /// Runs a once-a-day scan unless it already went through the store today (UTC day; each customer's own date is
    /// checked inside the scan, so every customer is still looked at once a day). A scan that filled its batch may have
    /// more to enroll, so it stays open for the next run.
    /// </summary>
    private async Task<int> DailyAsync(StoreId store, WorkflowKind scan, int batchSize, Func<Task<int>> run)
    {
        var today = DateOnly.FromDateTime(_clock.UtcNow);
        if (_dailyScans?.IsDone(store, scan, today) == true)
            return 0;
        var enrolled = await run();
        if (enrolled < batchSize)
            _dailyScans?.MarkDone(store, scan, today);
        return enrolled;
    }

    /// <summary>The workflows whose scans enroll customers who qualify without an event, so a switch-on finds a backlog.</summary>
    public static bool HasBacklog(WorkflowKind workflow) =>
        workflow is WorkflowKind.WinBack or WorkflowKind.AbandonedCart or WorkflowKind.PointsExpiry;

    /// <summary>
    /// What switching the workflow on now would do: how many customers qualify already (those its scan would enroll at
    /// once: dormant buyers, idle carts, points lapsing within the reminder's days — not enrolled within the re-entry
    /// time), and the days they take at <paramref name="perDay"/>. Reads only; nothing is enrolled or saved.
    /// </summary>
    /// <param name="store">The settings scope switched (a store, or 0 for the all-stores settings in nopCommerce).</param>
    /// <param name="workflow">The workflow switched on.</param>
    /// <param name="perDay">The pace the days are counted at.</param>
    /// <param name="customersOf">The stores whose customers are counted when <paramref name="store"/> is the all-stores scope (no customer belongs to store 0): the stores that take the all-stores settings; default <paramref name="store"/>.</param>
    /// <param name="cancellationToken">Stops between queries.</param>
    public async Task<SwitchOnPreview> SwitchOnPreviewAsync(StoreId store, WorkflowKind workflow, int perDay = SwitchOnPlan.DefaultPerDay,
        IReadOnlyCollection<StoreId>? customersOf = null, CancellationToken cancellationToken = default)
    {
        var backlog = await BacklogAsync(store, customersOf ?? [store], workflow, cancellationToken);
        return new SwitchOnPreview(workflow, HasBacklog(workflow), backlog.Count, perDay);
    }

    /// <summary>
    /// Switches the workflow on with the merchant's choice for the backlog: <see cref="BacklogChoice.FromNowOn"/> records the
    /// switch-on time so customers who qualified before are never enrolled; <see cref="BacklogChoice.IncludeBacklog"/>
    /// spreads them at <paramref name="perDay"/> a day by customer id (<see cref="SwitchOnPlan"/>). A workflow that is on
    /// already keeps its plan. Returns the store's validation (field <c>SwitchOn.PerDay</c> for a bad pace); nothing is
    /// saved unless it is valid.
    /// </summary>
    public async Task<ValidationResult> SwitchOnAsync(StoreId store, WorkflowKind workflow, BacklogChoice choice, int perDay,
        IReadOnlyCollection<StoreId>? customersOf = null, CancellationToken cancellationToken = default)
    {
        var result = new ValidationResult();
        if (!Enum.IsDefined(choice))
            result.Add("SwitchOn.Choice", "Choose “only from now on” or “include the backlog”.");
        else if (choice == BacklogChoice.IncludeBacklog && perDay is < 1 or > 100_000)
            result.Add("SwitchOn.PerDay", "Enter how many customers a day, from 1 to 100000.");
        if (!result.IsValid)
            return result;
        var settings = await _settings.LoadAsync(store, cancellationToken);
        var current = settings.For(workflow);
        if (current.Enabled)
            return result;
        var backlog = HasBacklog(workflow) ? await BacklogAsync(store, customersOf ?? [store], workflow, cancellationToken) : [];
        if (choice == BacklogChoice.IncludeBacklog && (backlog.Count + perDay - 1) / perDay > SwitchOnPlan.MaxDays)
        {
            result.Add("SwitchOn.PerDay", $"At {perDay} a day the backlog would take more than {SwitchOnPlan.MaxDays} days: enrol more customers a day.");
            return result;
        }
        var plan = SwitchOnPlan.For(_clock.UtcNow, choice, choice == BacklogChoice.IncludeBacklog ? perDay : 0, backlog);
        var updated = current with { Enabled = true, SwitchOn = plan };
        var others = settings.Workflows.Where(w => w.Kind != workflow);
        return await _settings.SaveAsync(store, settings with { Workflows = others.Append(updated).OrderBy(w => w.Kind).ToList() }, cancellationToken);
    }

    /// <summary>
    /// A merchant's "start win-back now" for one customer (the dashboard's at-risk list): through the one door, so the
    /// workflow must be on and the customer in its audience and past its re-entry time; a customer without an address,
    /// consent or with an unsubscribe is refused up front (the run would skip every step). The weekly cap and quiet hours
    /// still apply when the first step falls due, with the next run.
    /// </summary>
    public async Task<ManualStart> StartWinBackNowAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var winBack = (await _settings.LoadAsync(store, cancellationToken)).For(WorkflowKind.WinBack);
        if (!winBack.Enabled)
            return new ManualStart(ManualStartStatus.WorkflowOff, "The win-back workflow is off: switch it on first.");
        var contact = await _contacts.GetAsync(store, customer, cancellationToken);
        var reach = ContactPolicy.Reachable(winBack.IsMarketing, contact);
        if (reach.Verdict != ContactVerdict.Send)
        {
            var noConsent = contact is { Deleted: false, Active: true } && !string.IsNullOrWhiteSpace(contact.Email);
            return new ManualStart(noConsent ? ManualStartStatus.NoConsent : ManualStartStatus.Unreachable, $"Not started: {reach.Reason}");
        }
        var now = _clock.UtcNow;
        var outcome = await _enrollment.EnrollAsync(new EnrollmentRequest(WorkflowKind.WinBack, store, customer, TriggerRules.WinBackSubject(now), now),
            cancellationToken);
        return outcome switch
        {
            EnrollOutcome.Enrolled => new ManualStart(ManualStartStatus.Started,
                "Win-back started: the first email goes out with the next run, within the weekly cap and outside quiet hours."),
            EnrollOutcome.EnrolledAsControl => new ManualStart(ManualStartStatus.StartedAsControl,
                "Win-back started, but this customer is in the workflow's control group: they are followed and never emailed, so the lift can be measured."),
            EnrollOutcome.AlreadyEnrolled or EnrollOutcome.ReentryTooSoon => new ManualStart(ManualStartStatus.AlreadyStarted,
                $"Not started: this customer is in win-back already, or left it less than {winBack.ReentryDays} days ago."),
            EnrollOutcome.NotInAudience => new ManualStart(ManualStartStatus.NotInAudience, "Not started: the customer is outside the win-back workflow's audience."),
            _ => new ManualStart(ManualStartStatus.WorkflowOff, "The win-back workflow is off: switch it on first."),
        };
    }

    /// <summary>The backlog of every store the scope's settings apply to, each customer once, by ascending id (one id spreads the same on every store).</summary>
    private async Task<IReadOnlyList<int>> BacklogAsync(StoreId scope, IReadOnlyCollection<StoreId> stores, WorkflowKind workflow, CancellationToken cancellationToken)
    {
        var ids = new SortedSet<int>();
        foreach (var store in stores.Distinct())
            ids.UnionWith(await StoreBacklogAsync(scope, store, workflow, cancellationToken));
        return ids.ToList();
    }

    /// <summary>The ids of the customers of one store who qualify for the workflow now and are not enrolled within its re-entry time.</summary>
    private async Task<IReadOnlyList<int>> StoreBacklogAsync(StoreId scope, StoreId store, WorkflowKind workflow, CancellationToken cancellationToken)
    {
        const int page = 1000;
        var now = _clock.UtcNow;
        var settings = (await _settings.LoadAsync(scope, cancellationToken)).For(workflow);
        var storeId = store.Value;
        var ids = new List<int>();

        async Task CollectAsync<T>(DateTime sinceUtc, Func<int, Task<IReadOnlyList<T>>> next, Func<T, int> customerOf, Func<T, bool> qualifies)
        {
            for (var after = 0; ;)
            {
                var candidates = await next(after);
                if (candidates.Count == 0)
                    return;
                after = customerOf(candidates[^1]);
                var kept = candidates.Where(qualifies).ToList();
                var already = await _enrollments.EnrolledSinceAsync(workflow, store, kept.Select(c => new CustomerId(customerOf(c))).ToList(), sinceUtc, cancellationToken);
                ids.AddRange(kept.Select(customerOf).Where(id => !already.Contains(new CustomerId(id))));
                if (candidates.Count < page)
                    return;
            }
        }

        switch (workflow)
        {
            case WorkflowKind.WinBack:
            {
                var oneTimeDays = TriggerRules.OneTimeBuyerDays(settings, settings.OneTimeBuyerDormantDays > 0 ? null : (await GapsAsync(store, now, cancellationToken)).MedianDays);
                var audience = settings.Audience;
                await CollectAsync<BuyerHistory>(now.AddDays(-Math.Max(1, settings.ReentryDays)), async after => await BuyerPageAsync(storeId, now, after, page, cancellationToken),
                    h => h.CustomerId,
                    h => TriggerRules.IsDormant(h.Orders, h.FirstUtc, h.LastUtc, now, settings.DormancyMultiple, oneTimeDays)
                         && h.Orders >= audience.MinOrders && (audience.MaxOrders is not { } max || h.Orders <= max));
                break;
            }
            case WorkflowKind.AbandonedCart:
            {
                var idleUntil = now.AddMinutes(-(await _options.LoadAsync(store, cancellationToken)).AbandonedCartDelayMinutes);
                var windowStart = idleUntil.AddDays(-AbandonedCartCatchUpDays);
                await CollectAsync<CartCandidate>(windowStart, async after => await CartPageAsync(storeId, windowStart, idleUntil, after, page, cancellationToken),
                    c => c.CustomerId, _ => true);
                break;
            }
            case WorkflowKind.PointsExpiry when _loyalty is not null:
            {
                var horizon = now.AddDays(settings.DaysBeforeExpiry);
                await CollectAsync(now.AddDays(-Math.Max(1, settings.ReentryDays)), async after => await _loyalty.ExpiringSoonAsync(store, after, page, cancellationToken),
                    r => r.Customer.Value, r => r.FirstExpiryUtc <= horizon);
                break;
            }
        }
        return ids;
    }

    /// <summary>The store's median gap between consecutive orders, by the host's window function where it has one.</summary>
    private Task<PurchaseGapSummary> GapsAsync(StoreId store, DateTime asOfUtc, CancellationToken cancellationToken) =>
        _gaps.SummarizeAsync(new CountedOrders(asOfUtc, store.Value), cancellationToken);

    /// <summary>
    /// Pages through a scan's candidates by ascending customer id (each page one query from the cursor), enrolling those
    /// not enrolled in <paramref name="workflow"/> since <paramref name="sinceUtc"/> (one filter query per page), until
    /// <paramref name="batchSize"/> were tried or the candidates run out. Customers already enrolled cost only the filter,
    /// so they never use up the batch and starve the rest.
    /// </summary>
    /// <param name="workflow">The workflow the scan enrolls into.</param>
    /// <param name="store">The store scanned.</param>
    /// <param name="batchSize">Most candidates tried, and the page size.</param>
    /// <param name="sinceUtc">Candidates enrolled in the workflow since then are passed over.</param>
    /// <param name="page">The next page after a customer id, at most <paramref name="batchSize"/> long.</param>
    /// <param name="customerOf">The candidate's customer, whose id is also the cursor.</param>
    /// <param name="request">The enrollment for a candidate, or null when a closer look rules it out.</param>
    /// <param name="cancellationToken">Stops the scan between queries.</param>
    private async Task<int> ScanAsync<T>(WorkflowKind workflow, StoreId store, int batchSize, DateTime sinceUtc, Func<int, Task<IReadOnlyList<T>>> page,
        Func<T, CustomerId> customerOf, Func<T, Task<EnrollmentRequest?>> request, CancellationToken cancellationToken)
    {
        var (tried, enrolled, after) = (0, 0, 0);
        while (tried < batchSize)
        {
            var candidates = await page(after);
            if (candidates.Count == 0)
                break;
            after = customerOf(candidates[^1]).Value;
            var already = await _enrollments.EnrolledSinceAsync(workflow, store, candidates.Select(customerOf).ToList(), sinceUtc, cancellationToken);
            foreach (var candidate in candidates)
            {
                if (tried >= batchSize)
                    break;
                if (already.Contains(customerOf(candidate)) || await request(candidate) is not { } next)
                    continue;
                tried++;
                if (await _enrollment.EnrollAsync(next, cancellationToken) is EnrollOutcome.Enrolled or EnrollOutcome.EnrolledAsControl)
                    enrolled++;
            }
            if (candidates.Count < batchSize)
                break;
        }
        return enrolled;
    }

    private sealed class CartCandidate
    {
        public int CustomerId { get; set; }
        public DateTime LastUpdatedUtc { get; set; }
    }

    private sealed class CartStart
    {
        public int CustomerId { get; set; }
        public DateTime FirstCreatedUtc { get; set; }
    }

    /// <summary>
    /// Carts whose last change lies in [now − idle − <see cref="AbandonedCartCatchUpDays"/>, now − idle], of customers with an
    /// address (guests' carts have none to write to); subject = the earliest line's creation, anchor = the last change.
    /// </summary>
    private async Task<int> ScanAbandonedCartsAsync(StoreId store, RetentionOptions options, int batchSize, CancellationToken cancellationToken)
    {
        var now = _clock.UtcNow;
        var idleUntil = now.AddMinutes(-options.AbandonedCartDelayMinutes);
        var windowStart = idleUntil.AddDays(-AbandonedCartCatchUpDays);
        var storeId = store.Value;
        var plan = (await _settings.LoadAsync(store, cancellationToken)).For(WorkflowKind.AbandonedCart).SwitchOn;
        var delay = TimeSpan.FromMinutes(options.AbandonedCartDelayMinutes);
        var starts = new Dictionary<int, DateTime>();

        async Task<IReadOnlyList<CartCandidate>> PageAsync(int after)
        {
            var page = await CartPageAsync(storeId, windowStart, idleUntil, after, batchSize, cancellationToken);
            var ids = page.Select(p => p.CustomerId).ToList();
            // The cart's identity is its earliest line, which may predate the window: one more grouped query per page.
            foreach (var start in await _runner.ToListAsync(_store.CartItems
                         .Where(c => c.StoreId == storeId && ids.Contains(c.CustomerId))
                         .GroupBy(c => c.CustomerId)
                         .Select(g => new CartStart { CustomerId = g.Key, FirstCreatedUtc = g.Min(c => c.CreatedOnUtc) }), cancellationToken))
                starts[start.CustomerId] = start.FirstCreatedUtc;
            return page;
        }

        return await ScanAsync(WorkflowKind.AbandonedCart, store, batchSize, windowStart, PageAsync, p => new CustomerId(p.CustomerId),
            p => Task.FromResult<EnrollmentRequest?>(starts.TryGetValue(p.CustomerId, out var first)
                && Admitted(plan, p.CustomerId, p.LastUpdatedUtc + delay, now)
                ? new EnrollmentRequest(WorkflowKind.AbandonedCart, store, new CustomerId(p.CustomerId), TriggerRules.CartSubject(first), p.LastUpdatedUtc)
                : null),
            cancellationToken);
    }

    /// <summary>Carts of customers with an address whose lines changed since <paramref name="windowStart"/> and whose latest change is at most <paramref name="idleUntil"/>.</summary>
    private Task<List<CartCandidate>> CartPageAsync(int storeId, DateTime windowStart, DateTime idleUntil, int after, int take, CancellationToken cancellationToken)
    {
        var customers = _store.Customers;
        // Restricting the lines to those changed since the window opened keeps the grouping on the index's range; the
        // latest of them is the cart's latest change whenever that lies in the window.
        return _runner.ToListAsync(_store.CartItems
            .Where(c => c.StoreId == storeId && c.UpdatedOnUtc >= windowStart && c.CustomerId > after
                && customers.Any(u => u.Id == c.CustomerId && u.Email != null && u.Email != "" && !u.Deleted))
            .GroupBy(c => c.CustomerId)
            .Where(g => g.Max(c => c.UpdatedOnUtc) <= idleUntil)
            .OrderBy(g => g.Key)
            .Select(g => new CartCandidate { CustomerId = g.Key, LastUpdatedUtc = g.Max(c => c.UpdatedOnUtc) })
            .Take(take), cancellationToken);
    }

    /// <summary>Whether the workflow's switch-on plan lets a customer who qualified at <paramref name="qualifiedUtc"/> in now (no plan: everyone).</summary>
    private static bool Admitted(SwitchOnPlan? plan, int customer, DateTime qualifiedUtc, DateTime nowUtc) =>
        plan is null || plan.Admits(new CustomerId(customer), qualifiedUtc, nowUtc);

    private sealed class BuyerHistory
    {
        public int CustomerId { get; set; }
        public int Orders { get; set; }
        public DateTime FirstUtc { get; set; }
        public DateTime LastUtc { get; set; }
    }

    /// <summary>
    /// Buyers whose last counted order is between a day and <see cref="WinBackLookbackDays"/> old, grouped in the database
    /// (count, first, last) in customer-id pages; the per-customer threshold (<see cref="TriggerRules.IsDormant"/>) is
    /// applied to each page's rows, and a customer shopping again (<see cref="TriggerRules.WinBackHoldReason"/>, read per
    /// page) is passed over until the cart and its reminders are done. Subject = the month of enrollment.
    /// </summary>
    private async Task<int> ScanDormantAsync(StoreId store, WorkflowSettings winBack, RetentionOptions options, int batchSize, CancellationToken cancellationToken)
    {
        var now = _clock.UtcNow;
        var storeId = store.Value;
        var oneTimeDays = winBack.OneTimeBuyerDormantDays > 0
            ? winBack.OneTimeBuyerDormantDays
            : TriggerRules.OneTimeBuyerDays(winBack, (await GapsAsync(store, now, cancellationToken)).MedianDays);
        var subject = TriggerRules.WinBackSubject(now);
        var shopping = new Dictionary<CustomerId, ShoppingActivity>();

        async Task<IReadOnlyList<BuyerHistory>> PageAsync(int after)
        {
            var page = await BuyerPageAsync(storeId, now, after, batchSize, cancellationToken);
            foreach (var (customer, activity) in await _shopping.ReadAsync(store, page.Select(h => new CustomerId(h.CustomerId)).ToList(), now, cancellationToken))
                shopping[customer] = activity;
            return page;
        }

        bool Due(BuyerHistory h) =>
            TriggerRules.IsDormant(h.Orders, h.FirstUtc, h.LastUtc, now, winBack.DormancyMultiple, oneTimeDays)
            && Admitted(winBack.SwitchOn, h.CustomerId, TriggerRules.DormantSinceUtc(h.Orders, h.FirstUtc, h.LastUtc, winBack.DormancyMultiple, oneTimeDays), now)
            && TriggerRules.WinBackHoldReason(shopping.GetValueOrDefault(new CustomerId(h.CustomerId), ShoppingActivity.None), now,
                options.AbandonedCartDelayMinutes) is null;

        return await ScanAsync(WorkflowKind.WinBack, store, batchSize, now.AddDays(-Math.Max(1, winBack.ReentryDays)), PageAsync, h => new CustomerId(h.CustomerId),
            h => Task.FromResult(Due(h) ? new EnrollmentRequest(WorkflowKind.WinBack, store, new CustomerId(h.CustomerId), subject, now) : null),
            cancellationToken);
    }

    /// <summary>Buyers with a counted order before <paramref name="nowUtc"/>, whose last one is between a day and <see cref="WinBackLookbackDays"/> old: count, first, last.</summary>
    private Task<List<BuyerHistory>> BuyerPageAsync(int storeId, DateTime nowUtc, int after, int take, CancellationToken cancellationToken)
    {
        var lookback = nowUtc.AddDays(-WinBackLookbackDays);
        var recent = nowUtc.AddDays(-1);
        return _runner.ToListAsync(_store.Orders
            .Where(o => o.StoreId == storeId && o.OrderStatusId != CountedOrders.CancelledStatusId && o.CreatedOnUtc < nowUtc && o.CustomerId > after)
            .GroupBy(o => o.CustomerId)
            .Where(g => g.Max(o => o.CreatedOnUtc) >= lookback && g.Max(o => o.CreatedOnUtc) < recent)
            .OrderBy(g => g.Key)
            .Select(g => new BuyerHistory { CustomerId = g.Key, Orders = g.Count(), FirstUtc = g.Min(o => o.CreatedOnUtc), LastUtc = g.Max(o => o.CreatedOnUtc) })
            .Take(take), cancellationToken);
    }

    private sealed class BirthdayCandidate
    {
        public int CustomerId { get; set; }
        public DateTime DateOfBirth { get; set; }
    }

    /// <summary>
    /// Customers of the store born on a day that is today somewhere (yesterday, today or tomorrow in UTC), checked against
    /// today in each one's own time zone (else the store's, from <see cref="ContactFacts"/>); subject = that local year.
    /// </summary>
    private async Task<int> ScanBirthdaysAsync(StoreId store, int batchSize, CancellationToken cancellationToken)
    {
        var now = _clock.UtcNow;
        var utcToday = DateOnly.FromDateTime(now);
        var (d0, d1, d2) = (utcToday.AddDays(-1), utcToday, utcToday.AddDays(1));
        var (m0, n0, m1, n1, m2, n2) = (d0.Month, d0.Day, d1.Month, d1.Day, d2.Month, d2.Day);
        var leapDayToo = new[] { d0, d1, d2 }.Any(d => d.Month == 2 && d.Day == 28 && !DateTime.IsLeapYear(d.Year));
        var storeId = store.Value;

        async Task<IReadOnlyList<BirthdayCandidate>> PageAsync(int after) => await _runner.ToListAsync(_store.Customers
            .Where(c => c.RegisteredInStoreId == storeId && !c.Deleted && c.Email != null && c.Email != "" && c.DateOfBirth != null && c.Id > after
                && ((c.DateOfBirth.Value.Month == m0 && c.DateOfBirth.Value.Day == n0)
                    || (c.DateOfBirth.Value.Month == m1 && c.DateOfBirth.Value.Day == n1)
                    || (c.DateOfBirth.Value.Month == m2 && c.DateOfBirth.Value.Day == n2)
                    || (leapDayToo && c.DateOfBirth.Value.Month == 2 && c.DateOfBirth.Value.Day == 29)))
            .OrderBy(c => c.Id)
            .Select(c => new BirthdayCandidate { CustomerId = c.Id, DateOfBirth = c.DateOfBirth!.Value })
            .Take(batchSize), cancellationToken);

        async Task<EnrollmentRequest?> TodayAsync(BirthdayCandidate candidate)
        {
            var customer = new CustomerId(candidate.CustomerId);
            var zone = (await _contacts.GetAsync(store, customer, cancellationToken))?.TimeZone ?? TimeZoneInfo.Utc;
            var localToday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone));
            return TriggerRules.IsBirthday(candidate.DateOfBirth, localToday)
                ? new EnrollmentRequest(WorkflowKind.Birthday, store, customer, localToday.Year.ToString(CultureInfo.InvariantCulture), now)
                : null;
        }

        // Enrolled in the last two days = this birthday already handled, whichever time zone it began in.
        return await ScanAsync(WorkflowKind.Birthday, store, batchSize, now.AddDays(-2), PageAsync, c => new CustomerId(c.CustomerId), TodayAsync,
            cancellationToken);
    }

    /// <summary>Members whose first points lapse within the workflow's days, from the loyalty program's paged reminder data; subject = that date.</summary>
    private async Task<int> ScanExpiringPointsAsync(StoreId store, WorkflowSettings reminder, int batchSize, CancellationToken cancellationToken)
    {
        var loyalty = _loyalty!;
        var now = _clock.UtcNow;
        var horizon = now.AddDays(reminder.DaysBeforeExpiry);
        return await ScanAsync(WorkflowKind.PointsExpiry, store, batchSize, now.AddDays(-Math.Max(1, reminder.ReentryDays)),
            async after => await loyalty.ExpiringSoonAsync(store, after, batchSize, cancellationToken), r => r.Customer,
            r => Task.FromResult(r.FirstExpiryUtc <= horizon && Admitted(reminder.SwitchOn, r.Customer.Value, r.FirstExpiryUtc.AddDays(-reminder.DaysBeforeExpiry), now)
                ? new EnrollmentRequest(WorkflowKind.PointsExpiry, store, r.Customer, TriggerRules.ExpirySubject(r.FirstExpiryUtc), now)
                : null),
            cancellationToken);
    }
}
