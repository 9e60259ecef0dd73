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

    // gaps: The store's median purchase gap (win-back's threshold for one-time buyers and its defaults).
    // loyalty: The points-expiry scan's data; null where the host runs no loyalty program (the scan is off).
    // dailyScans: One per process: lets the once-a-day scans run once a day; null scans on every run.
    internal WorkflowScans(IWorkflowSettingsStore settings, WorkflowEnrollment enrollment, IEnrollmentStore enrollments, IStoreData store,
        IQueryRunner runner, IContactDirectory contacts, IPurchaseGapQuery gaps, IClock clock, IWorkflowLoyalty? loyalty, DailyScanGate? dailyScans, IWorkflowEventStore events)
    {
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
        var customers = _store.Customers;
        var starts = new Dictionary<int, DateTime>();

        async Task<IReadOnlyList<CartCandidate>> PageAsync(int after)
        {
            // Restricting the lines to those changed since the window opened keeps the grouping on the index's range; the
            // latest of them is the cart's latest change whenever that lies in the window.
            var page = await _runner.ToListAsync(_store.CartItems
                .Where(c => c.StoreId == storeId && c.UpdatedOnUtc >= windowStart && c.CustomerId > after
                    && customers.Any(u => u.Id == c.CustomerId && u.Email != null && u.Email != "" && !u.Deleted))
                .GroupBy(c => c.CustomerId)
                .Where(g => g.Max(c => c.UpdatedOnUtc) <= idleUntil)
                .OrderBy(g => g.Key)
                .Select(g => new CartCandidate { CustomerId = g.Key, LastUpdatedUtc = g.Max(c => c.UpdatedOnUtc) })
                .Take(batchSize), cancellationToken);
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
                ? new EnrollmentRequest(WorkflowKind.AbandonedCart, store, new CustomerId(p.CustomerId), TriggerRules.CartSubject(first), p.LastUpdatedUtc)
                : null),
            cancellationToken);
    }

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
        var lookback = now.AddDays(-WinBackLookbackDays);
        var recent = now.AddDays(-1);
        var storeId = store.Value;
        var oneTimeDays = winBack.OneTimeBuyerDormantDays > 0
            ? winBack.OneTimeBuyerDormantDays
            : TriggerRules.OneTimeBuyerDays(winBack, (await GapsAsync(store, now, cancellationToken)).MedianDays);
        var subject = TriggerRules.WinBackSubject(now);
        var shopping = new Dictionary<CustomerId, ShoppingActivity>();

        async Task<IReadOnlyList<BuyerHistory>> PageAsync(int after)
        {
            var page = await _runner.ToListAsync(_store.Orders
                .Where(o => o.StoreId == storeId && o.OrderStatusId != CountedOrders.CancelledStatusId && o.CreatedOnUtc < now && o.CustomerId > after)
                .GroupBy(o => o.CustomerId)
                .Where(g => g.Max(o => o.CreatedOnUtc) >= lookback && g.Max(o => o.CreatedOnUtc) < recent)
                .OrderBy(g => g.Key)
                .Select(g => new BuyerHistory { CustomerId = g.Key, Orders = g.Count(), FirstUtc = g.Min(o => o.CreatedOnUtc), LastUtc = g.Max(o => o.CreatedOnUtc) })
                .Take(batchSize), cancellationToken);
            foreach (var (customer, activity) in await _shopping.ReadAsync(store, page.Select(h => new CustomerId(h.CustomerId)).ToList(), now, cancellationToken))
                shopping[customer] = activity;
            return page;
        }

        bool Due(BuyerHistory h) =>
            TriggerRules.IsDormant(h.Orders, h.FirstUtc, h.LastUtc, now, winBack.DormancyMultiple, oneTimeDays)
            && TriggerRules.WinBackHoldReason(shopping.GetValueOrDefault(new CustomerId(h.CustomerId), ShoppingActivity.None), now,
                options.AbandonedCartDelayMinutes) is null;

        return await ScanAsync(WorkflowKind.WinBack, store, batchSize, now.AddDays(-Math.Max(1, winBack.ReentryDays)), PageAsync, h => new CustomerId(h.CustomerId),
            h => Task.FromResult(Due(h) ? new EnrollmentRequest(WorkflowKind.WinBack, store, new CustomerId(h.CustomerId), subject, now) : null),
            cancellationToken);
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
            r => Task.FromResult(r.FirstExpiryUtc <= horizon
                ? new EnrollmentRequest(WorkflowKind.PointsExpiry, store, r.Customer, TriggerRules.ExpirySubject(r.FirstExpiryUtc), now)
                : null),
            cancellationToken);
    }
}
