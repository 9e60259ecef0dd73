using System.Globalization;
using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Core.Loyalty;
using Retention.Core.Metrics;
using Retention.Core.Store;

namespace Retention.Core.Workflows;

// The triggers: store events and scheduled scans that enroll customers, exits on purchase, and attribution.
public sealed partial class WorkflowProgram
{
    /// <summary>Days a cart stays a candidate after it went idle: runs missed for longer than this (an outage) do not mail week-old carts.</summary>
    public const int AbandonedCartCatchUpDays = 3;

    /// <summary>Days before a product's reorder interval runs out that the replenishment reminder goes.</summary>
    public const int ReplenishmentLeadDays = 3;

    /// <summary>Win-back looks at customers whose last order is at most this old; older ones are lost, not dormant, and their consent stale.</summary>
    public const int WinBackLookbackDays = 730;

    /// <summary>
    /// How many earlier sends a coupon redemption looks through to find the step that issued the code (each is one
    /// index-backed query; only orders that used a coupon code pay for it).
    /// </summary>
    private const int MaxCouponLookups = 50;

    /// <summary>
    /// An order was placed: exit enrollments whose goal was a purchase, attribute the order to the last step that reached
    /// the customer (click or send within the attribution window), count coupon redemptions, and enroll the order-based
    /// workflows (NPS after the Nth order, cross-sell, replenishment).
    /// </summary>
    public async Task OrderPlacedAsync(PlacedOrder order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var fact = order.Order;
        var store = new StoreId(fact.StoreId);
        var customer = new CustomerId(fact.CustomerId);
        var at = fact.CreatedOnUtc;
        if (await ErasedAsync(store, customer, cancellationToken))
            return;
        var settings = await _s.Settings.LoadAsync(store, cancellationToken);

        // Not the enrollments this very order started (a replayed event must not close its own cross-sell).
        var own = TriggerRules.OrderSubject(order.Order.Id);
        await ExitAsync(store, customer, ExitOn.OrderPlaced, at, cancellationToken,
            keep: e => e.Subject == own || e.Subject.StartsWith(own + ":", StringComparison.Ordinal));
        await AttributeAsync(order, settings, cancellationToken);
        if (order.CouponCodes.Count > 0)
            await CountCouponRedemptionsAsync(order, settings, cancellationToken);

        if (settings.For(WorkflowKind.NpsSurvey).Enabled && await CountedOrderNumberAsync(fact, cancellationToken) == settings.For(WorkflowKind.NpsSurvey).AfterOrderNumber)
            await EnrollAsync(new EnrollmentRequest(WorkflowKind.NpsSurvey, store, customer, TriggerRules.NpsSubject, at), cancellationToken);
        await EnrollAsync(new EnrollmentRequest(WorkflowKind.CrossSell, store, customer, TriggerRules.OrderSubject(fact.Id), at), cancellationToken);
        if (settings.For(WorkflowKind.Replenishment).Enabled && _s.Replenishment is { } catalog && order.Lines.Count > 0)
        {
            var products = order.Lines.Where(l => !l.IsGiftCard).Select(l => l.ProductId).Distinct().ToList();
            var intervals = await catalog.IntervalsAsync(store, products, cancellationToken);
            foreach (var product in products)
            {
                if (!intervals.TryGetValue(product, out var days) || days <= 0)
                    continue;
                var due = at.AddDays(days - ReplenishmentLeadDays);
                await EnrollAsync(new EnrollmentRequest(WorkflowKind.Replenishment, store, customer,
                    TriggerRules.ReplenishmentSubject(fact.Id, product), due < at ? at : due), cancellationToken);
            }
        }
    }

    /// <summary>The order's shipment was delivered (or the order completed where shipping is not tracked): review request and CSAT.</summary>
    public async Task OrderDeliveredAsync(StoreId store, CustomerId customer, int orderId, DateTime deliveredUtc, CancellationToken cancellationToken = default)
    {
        await EnrollAsync(new EnrollmentRequest(WorkflowKind.ReviewRequest, store, customer, TriggerRules.OrderSubject(orderId), deliveredUtc), cancellationToken);
        await EnrollAsync(new EnrollmentRequest(WorkflowKind.CsatSurvey, store, customer, TriggerRules.OrderSubject(orderId), deliveredUtc), cancellationToken);
    }

    /// <summary>A customer registered: the welcome series.</summary>
    public Task CustomerRegisteredAsync(StoreId store, CustomerId customer, DateTime registeredUtc, CancellationToken cancellationToken = default) =>
        EnrollAsync(new EnrollmentRequest(WorkflowKind.Welcome, store, customer, TriggerRules.WelcomeSubject, registeredUtc), cancellationToken);

    /// <summary>A customer subscribed to the newsletter: the welcome series (once per customer, whichever came first).</summary>
    public Task NewsletterSubscribedAsync(StoreId store, CustomerId customer, DateTime subscribedUtc, CancellationToken cancellationToken = default) =>
        EnrollAsync(new EnrollmentRequest(WorkflowKind.Welcome, store, customer, TriggerRules.WelcomeSubject, subscribedUtc), cancellationToken);

    /// <summary>A tier changed: the congratulation when it went up.</summary>
    public async Task TierChangedAsync(TierChanged change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Change != TierChange.Upgraded || string.IsNullOrWhiteSpace(change.ToTier))
            return;
        await EnrollAsync(new EnrollmentRequest(WorkflowKind.TierUp, change.Store, change.Customer, TierNotice.Subject(change.ToTier, change.AtUtc), change.AtUtc),
            cancellationToken);
    }

    /// <summary>The store's median time between purchases and the win-back thresholds it yields with the current settings.</summary>
    public async Task<DormancyDefaults> DormancyDefaultsAsync(StoreId store, CancellationToken cancellationToken = default)
    {
        var winBack = (await _s.Settings.LoadAsync(store, cancellationToken)).For(WorkflowKind.WinBack);
        var gaps = await GapsAsync(store, _s.Clock.UtcNow, cancellationToken);
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
            enrolled += await DailyAsync(store, WorkflowKind.WinBack, batchSize, () => ScanDormantAsync(store, settings.For(WorkflowKind.WinBack), batchSize, cancellationToken));
        if (settings.For(WorkflowKind.Birthday).Enabled)
            enrolled += await DailyAsync(store, WorkflowKind.Birthday, batchSize, () => ScanBirthdaysAsync(store, batchSize, cancellationToken));
        if (settings.For(WorkflowKind.PointsExpiry).Enabled && _s.Loyalty is not null)
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
        var today = DateOnly.FromDateTime(_s.Clock.UtcNow);
        if (_s.DailyScans?.IsDone(store, scan, today) == true)
            return 0;
        var enrolled = await run();
        if (enrolled < batchSize)
            _s.DailyScans?.MarkDone(store, scan, today);
        return enrolled;
    }

    /// <summary>The store's median gap between consecutive orders, by the host's window function where it has one.</summary>
    private Task<PurchaseGapSummary> GapsAsync(StoreId store, DateTime asOfUtc, CancellationToken cancellationToken) =>
        (_s.PurchaseGaps ?? new LinqPurchaseGapQuery(_s.Store, _s.Runner)).SummarizeAsync(new CountedOrders(asOfUtc, store.Value), cancellationToken);

    /// <summary>Converted, keyed by the order: the last non-control touch (click, or send or click) inside the attribution window.</summary>
    private async Task AttributeAsync(PlacedOrder order, WorkflowProgramSettings settings, CancellationToken cancellationToken)
    {
        var fact = order.Order;
        var at = fact.CreatedOnUtc;
        WorkflowEventKind[] touches = settings.AttributionBasis == AttributionBasis.Click
            ? [WorkflowEventKind.Clicked]
            : [WorkflowEventKind.Sent, WorkflowEventKind.Clicked];
        var touch = await _s.Events.LastAsync(new StoreId(fact.StoreId), new CustomerId(fact.CustomerId), touches,
            at.AddDays(-settings.AttributionWindowDays), at, cancellationToken);
        if (touch is null)
            return;
        await _s.Events.TryAddAsync(touch with
        {
            Key = IdempotencyKey.For("wf-converted", fact.StoreId, fact.Id),
            Kind = WorkflowEventKind.Converted,
            OccurredUtc = at,
            OrderId = fact.Id,
            Revenue = fact.OrderTotal,
            Detail = null,
        }, cancellationToken);
    }

    /// <summary>
    /// CouponRedeemed for each code of the order that a step issued: the engine writes the code into its Sent event's
    /// Detail, so the customer's sends are walked back from the order, newest first, as far as the longest coupon validity.
    /// </summary>
    private async Task CountCouponRedemptionsAsync(PlacedOrder order, WorkflowProgramSettings settings, CancellationToken cancellationToken)
    {
        var fact = order.Order;
        var store = new StoreId(fact.StoreId);
        var customer = new CustomerId(fact.CustomerId);
        var longest = WorkflowCatalog.All.Select(settings.For).SelectMany(w => w.Steps).Max(s => s.Coupon?.ValidDays ?? 0);
        if (longest == 0)
            return;
        var codes = new HashSet<string>(order.CouponCodes.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()), StringComparer.OrdinalIgnoreCase);
        var from = fact.CreatedOnUtc.AddDays(-longest);
        var before = fact.CreatedOnUtc.AddTicks(1);
        for (var i = 0; i < MaxCouponLookups && codes.Count > 0; i++)
        {
            var sent = await _s.Events.LastAsync(store, customer, [WorkflowEventKind.Sent], from, before, cancellationToken);
            if (sent is null)
                return;
            if (sent.Detail is { } code && codes.Remove(code.Trim()))
            {
                await _s.Events.TryAddAsync(sent with
                {
                    Key = IdempotencyKey.For("wf-coupon", fact.StoreId, fact.Id, sent.EnrollmentId, sent.Step),
                    Kind = WorkflowEventKind.CouponRedeemed,
                    OccurredUtc = fact.CreatedOnUtc,
                    OrderId = fact.Id,
                    Revenue = 0m,
                }, cancellationToken);
            }
            before = sent.OccurredUtc;
        }
    }

    /// <summary>Which counted order of the customer in the store this is (1 for the first), counting those before it by (time, id).</summary>
    private async Task<int> CountedOrderNumberAsync(OrderFact order, CancellationToken cancellationToken)
    {
        var (store, customer, at, id) = (order.StoreId, order.CustomerId, order.CreatedOnUtc, order.Id);
        var earlier = _s.Store.Orders.Where(o => o.StoreId == store && o.CustomerId == customer && o.OrderStatusId != CountedOrders.CancelledStatusId
            && o.Id != id && (o.CreatedOnUtc < at || (o.CreatedOnUtc == at && o.Id < id)));
        return await _s.Runner.CountAsync(earlier, cancellationToken) + 1;
    }

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
            var already = await _s.Enrollments.EnrolledSinceAsync(workflow, store, candidates.Select(customerOf).ToList(), sinceUtc, cancellationToken);
            foreach (var candidate in candidates)
            {
                if (tried >= batchSize)
                    break;
                if (already.Contains(customerOf(candidate)) || await request(candidate) is not { } next)
                    continue;
                tried++;
                if (await EnrollAsync(next, cancellationToken) is EnrollOutcome.Enrolled or EnrollOutcome.EnrolledAsControl)
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
        var now = _s.Clock.UtcNow;
        var idleUntil = now.AddMinutes(-options.AbandonedCartDelayMinutes);
        var windowStart = idleUntil.AddDays(-AbandonedCartCatchUpDays);
        var storeId = store.Value;
        var customers = _s.Store.Customers;
        var starts = new Dictionary<int, DateTime>();

        async Task<IReadOnlyList<CartCandidate>> PageAsync(int after)
        {
            // Restricting the lines to those changed since the window opened keeps the grouping on the index's range; the
            // latest of them is the cart's latest change whenever that lies in the window.
            var page = await _s.Runner.ToListAsync(_s.Store.CartItems
                .Where(c => c.StoreId == storeId && c.UpdatedOnUtc >= windowStart && c.CustomerId > after
                    && customers.Any(u => u.Id == c.CustomerId && u.Email != null && u.Email != "" && !u.Deleted))
                .GroupBy(c => c.CustomerId)
                .Where(g => g.Max(c => c.UpdatedOnUtc) <= idleUntil)
                .OrderBy(g => g.Key)
                .Select(g => new CartCandidate { CustomerId = g.Key, LastUpdatedUtc = g.Max(c => c.UpdatedOnUtc) })
                .Take(batchSize), cancellationToken);
            var ids = page.Select(p => p.CustomerId).ToList();
            // The cart's identity is its earliest line, which may predate the window: one more grouped query per page.
            foreach (var start in await _s.Runner.ToListAsync(_s.Store.CartItems
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
    /// applied to each page's rows. Subject = the month of enrollment.
    /// </summary>
    private async Task<int> ScanDormantAsync(StoreId store, WorkflowSettings winBack, int batchSize, CancellationToken cancellationToken)
    {
        var now = _s.Clock.UtcNow;
        var lookback = now.AddDays(-WinBackLookbackDays);
        var recent = now.AddDays(-1);
        var storeId = store.Value;
        var oneTimeDays = winBack.OneTimeBuyerDormantDays > 0
            ? winBack.OneTimeBuyerDormantDays
            : TriggerRules.OneTimeBuyerDays(winBack, (await GapsAsync(store, now, cancellationToken)).MedianDays);
        var subject = TriggerRules.WinBackSubject(now);

        async Task<IReadOnlyList<BuyerHistory>> PageAsync(int after) => await _s.Runner.ToListAsync(_s.Store.Orders
            .Where(o => o.StoreId == storeId && o.OrderStatusId != CountedOrders.CancelledStatusId && o.CreatedOnUtc < now && o.CustomerId > after)
            .GroupBy(o => o.CustomerId)
            .Where(g => g.Max(o => o.CreatedOnUtc) >= lookback && g.Max(o => o.CreatedOnUtc) < recent)
            .OrderBy(g => g.Key)
            .Select(g => new BuyerHistory { CustomerId = g.Key, Orders = g.Count(), FirstUtc = g.Min(o => o.CreatedOnUtc), LastUtc = g.Max(o => o.CreatedOnUtc) })
            .Take(batchSize), cancellationToken);

        return await ScanAsync(WorkflowKind.WinBack, store, batchSize, now.AddDays(-Math.Max(1, winBack.ReentryDays)), PageAsync, h => new CustomerId(h.CustomerId),
            h => Task.FromResult(TriggerRules.IsDormant(h.Orders, h.FirstUtc, h.LastUtc, now, winBack.DormancyMultiple, oneTimeDays)
                ? new EnrollmentRequest(WorkflowKind.WinBack, store, new CustomerId(h.CustomerId), subject, now)
                : null),
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
        var now = _s.Clock.UtcNow;
        var utcToday = DateOnly.FromDateTime(now);
        var (d0, d1, d2) = (utcToday.AddDays(-1), utcToday, utcToday.AddDays(1));
        var (m0, n0, m1, n1, m2, n2) = (d0.Month, d0.Day, d1.Month, d1.Day, d2.Month, d2.Day);
        var leapDayToo = new[] { d0, d1, d2 }.Any(d => d.Month == 2 && d.Day == 28 && !DateTime.IsLeapYear(d.Year));
        var storeId = store.Value;

        async Task<IReadOnlyList<BirthdayCandidate>> PageAsync(int after) => await _s.Runner.ToListAsync(_s.Store.Customers
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
            var zone = (await _s.Contacts.GetAsync(store, customer, cancellationToken))?.TimeZone ?? TimeZoneInfo.Utc;
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
        var loyalty = _s.Loyalty!;
        var now = _s.Clock.UtcNow;
        var horizon = now.AddDays(reminder.DaysBeforeExpiry);
        return await ScanAsync(WorkflowKind.PointsExpiry, store, batchSize, now.AddDays(-Math.Max(1, reminder.ReentryDays)),
            async after => await loyalty.ExpiringSoonAsync(store, after, batchSize, cancellationToken), r => r.Customer,
            r => Task.FromResult(r.FirstExpiryUtc <= horizon
                ? new EnrollmentRequest(WorkflowKind.PointsExpiry, store, r.Customer, TriggerRules.ExpirySubject(r.FirstExpiryUtc), now)
                : null),
            cancellationToken);
    }
}
