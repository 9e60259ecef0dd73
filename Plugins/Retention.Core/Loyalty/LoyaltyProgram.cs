// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using Retention.Core.Common;
using Retention.Core.Store;

namespace Retention.Core.Loyalty;

/// <summary>What an order reaching the awarding status did.</summary>
/// <param name="Earned">The purchase points; null when the order earns none (a fully refunded or cancelled one included).</param>
/// <param name="Reversed">The reversal of refunds recorded before the "paid" arrived (see <see cref="EarnOrder.Refunds"/>); null when there were none.</param>
/// <param name="TierChanged">The up- or downgrade this call announced (the observer heard it); null when the tier stayed, and on a replay.</param>
public sealed record OrderPaidOutcome(LedgerEntry? Earned, TierDecision? Tier, ReferralDecision? Referral, ReversalPlan? Reversed = null,
    TierChanged? TierChanged = null);

/// <summary>One line of a shopper's history, for the account page and the admin customer block.</summary>
public sealed record RewardsHistoryLine(DateTime CreatedUtc, DateTime ActivatesUtc, int Points, LedgerReason Reason, LedgerSource Source,
    string? SourceRef, string? Note, string? Actor, bool IsPending);

/// <summary>Everything a shopper (or an admin looking at one) sees of one customer's points in one store.</summary>
/// <param name="AvailableValue">What the available points are worth at checkout, in the primary currency.</param>
/// <param name="TierMeasure">Rolling 12-month spend or order count (see <paramref name="TierBasis"/>).</param>
/// <param name="TierProgress">0..1 towards <paramref name="NextTier"/>; 1 at the top tier.</param>
public sealed record RewardsView(StoreId Store, CustomerId Customer, long Available, long Pending, decimal AvailableValue,
    ExpiringSoon ExpiringSoon, IReadOnlyList<RewardsHistoryLine> History,
    string? Tier, decimal TierMultiplier, TierBasis TierBasis, decimal TierMeasure, string? NextTier, decimal? NextTierMissing, decimal TierProgress,
    DateTime? DowngradeAtUtc, int MinimumBalanceToRedeem, bool CanRedeem);

/// <summary>
/// One day of the points accounting for finance, in one store (UTC days). Opening + all movements = Closing; the
/// liability is the closing points (pending included) valued at the store's point value.
/// </summary>
public sealed record PointsAccountingDay(DateOnly Day, StoreId Store, long Opening, long Earned, long Bonuses, long Adjusted, long Reversed,
    long Redeemed, long Reimbursed, long Expired, long Closing, long PendingAtClose, decimal CurrencyPerPoint)
{
    public decimal OpeningValue => Opening * CurrencyPerPoint;
    public decimal ClosingValue => Closing * CurrencyPerPoint;
}

/// <summary>What one nightly run did in a store.</summary>
public sealed record NightlyReport(int CustomersVisited, int ExpiryEntries, int PointsExpired, int BirthdayBonuses, int TierChanges, int RemindersDue);

/// <summary>The data a points-expiry reminder needs: who, how many points lapse soon, and when the first of them do.</summary>
public sealed record ExpiryReminder(StoreId Store, CustomerId Customer, long Points, DateTime FirstExpiryUtc);

/// <summary>
/// The loyalty program as hosts call it: each nopCommerce (or sandbox) event maps to one method here, which loads what the
/// rules need, runs them, appends the entries they return and tells the <see cref="ILoyaltyObserver"/> what was new.
/// Every method is safe to call again with the same event: the entries' keys make a replay change nothing.
/// </summary>
public sealed class LoyaltyProgram
{
    private readonly IPointsLedger _ledger;
    private readonly ILedgerData _ledgerData;
    private readonly ILoyaltySettingsStore _settings;
    private readonly ITierStandingStore _standings;
    private readonly IStoreData _store;
    private readonly IQueryRunner _runner;
    private readonly ILoyaltyObserver _observer;
    private readonly IClock _clock;

    public LoyaltyProgram(IPointsLedger ledger, ILedgerData ledgerData, ILoyaltySettingsStore settings, ITierStandingStore standings,
        IStoreData store, IQueryRunner runner, ILoyaltyObserver observer, IClock clock)
    {
        _ledger = ledger;
        _ledgerData = ledgerData;
        _settings = settings;
        _standings = standings;
        _store = store;
        _runner = runner;
        _observer = observer;
        _clock = clock;
    }

    /// <summary>
    /// Days back the nightly sweep looks for lots that lapsed, so a month of missed runs is caught up; older lapses are
    /// left to the next event that touches the customer (nothing reads them as spendable beyond the ledger's sum).
    /// </summary>
    public const int ExpiryCatchUpDays = 31;

    /// <summary>Largest report the accounting query builds in one call (a year, leap day included).</summary>
    public const int MaxAccountingDays = 366;

    /// <summary>
    /// The order reached the awarding status: re-evaluate the tier on the rolling measure (this order included), then
    /// earn with the tier's multiplier, then the referrer's bonus when <paramref name="referral"/> is given.
    /// </summary>
    /// <remarks>
    /// A replay appends nothing and calls no observer; the outcome names the entries recorded the first time. Two
    /// deliveries of one event racing on two nodes award once (the keys); the host serialises events per order, as
    /// nopCommerce's event publisher does, so a tier change is announced once.
    /// <para>
    /// Events can arrive out of order, so the award is what the order is worth now: a refund or cancellation the store
    /// recorded before the "paid" (<see cref="EarnOrder.Refunds"/>) found no points to take back when it came, so it is
    /// applied here, with the keys its own delivery would use, and whichever arrives later finds its work done. A fully
    /// refunded or cancelled order earns nothing at all. Every order of the same events thus ends at the same balance.
    /// </para>
    /// </remarks>
    public async Task<OrderPaidOutcome> OrderPaidAsync(EarnOrder order, ReferralCandidate? referral, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (referral is not null && referral.Store != order.Store)
            throw new ArgumentException($"The referral is for store {referral.Store} but the order is in store {order.Store}.", nameof(referral));
        if (referral is not null && referral.Referred != order.Customer)
            throw new ArgumentException($"The referral names customer {referral.Referred} as referred but the order is customer {order.Customer}'s.", nameof(referral));
        if (order.Refunds is { } refunds)
        {
            if (refunds.Store != order.Store || refunds.Customer != order.Customer || refunds.OrderId != order.OrderId)
                throw new ArgumentException($"The refunds name order {refunds.OrderId} of customer {refunds.Customer} in store {refunds.Store}, "
                    + $"not order {order.OrderId} of customer {order.Customer} in store {order.Store}.", nameof(order));
            CheckAmounts(refunds, nameof(order));
        }
        if (await ErasedAsync(order.Customer, cancellationToken)) return new OrderPaidOutcome(null, null, null);

        var settings = await _settings.LoadAsync(order.Store, cancellationToken);
        if (!settings.Enabled) return new OrderPaidOutcome(null, null, null);

        var now = _clock.UtcNow;
        TierChanged? announced = null;
        var tier = await ReevaluateAsync(order.Store, order.Customer, settings, now, change =>
        {
            announced = change;
            return Task.CompletedTask;
        }, cancellationToken);
        var multiplier = TierRules.MultiplierOf(settings.Tiers, tier?.Standing.Tier);
        var worthless = order.Refunds is { Share: 1m };
        var earned = worthless ? null : await RecordAsync(Earning.Entry(order, settings, _clock, multiplier), cancellationToken);
        var reversed = order.Refunds is { } recorded && (recorded.Cancelled || recorded.RefundedSoFar > 0m)
            ? await ReverseAsync(recorded, cancellationToken)
            : null;

        ReferralDecision? decision = null;
        if (referral is not null)
        {
            decision = Bonuses.Referral(referral, settings, _clock);
            if (decision.Entry is not null)
                decision = decision with { Entry = await RecordAsync(decision.Entry, cancellationToken) };
        }
        return new OrderPaidOutcome(earned, tier, decision, reversed, announced);
    }

    /// <summary>Points the customer spent on an order at checkout (nopCommerce already took them from its wallet).</summary>
    /// <remarks>Recorded even when the program is switched off: the points left the wallet, the ledger must say so.</remarks>
    public async Task<LedgerEntry?> RedemptionAsync(StoreId store, CustomerId customer, int orderId, int points, CancellationToken cancellationToken = default) =>
        await ErasedAsync(customer, cancellationToken) ? null : await RecordAsync(RedemptionLimits.Entry(store, customer, orderId, points, _clock), cancellationToken);

    /// <summary>A refund (partial or full) or a cancellation: the reversal plan, appended.</summary>
    /// <remarks>
    /// The plan's <see cref="ReversalPlan.Decision"/> is the line the host logs when the overdraft policy had to decide.
    /// A cancelled order that was never paid earned nothing, so only the points spent on it come back. A replay finds
    /// everything already reversed and returns an empty plan.
    /// </remarks>
    public async Task<ReversalPlan> OrderRefundedAsync(OrderRefund refund, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(refund);
        CheckAmounts(refund, nameof(refund));
        if (await ErasedAsync(refund.Customer, cancellationToken)) return new ReversalPlan([], 0, 0, 0, OverdraftOutcome.WithinBalance, 0);
        return await ReverseAsync(refund, cancellationToken);
    }

    public async Task<LedgerEntry?> RegisteredAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        if (await ErasedAsync(customer, cancellationToken)) return null;
        var settings = await _settings.LoadAsync(store, cancellationToken);
        return settings.Enabled ? await RecordAsync(Bonuses.Registration(store, customer, settings, _clock), cancellationToken) : null;
    }

    /// <summary>A review was approved. There is deliberately no rating parameter (sentiment-conditioned incentives are unlawful).</summary>
    public async Task<LedgerEntry?> ReviewApprovedAsync(StoreId store, CustomerId customer, int reviewId, CancellationToken cancellationToken = default)
    {
        if (await ErasedAsync(customer, cancellationToken)) return null;
        var settings = await _settings.LoadAsync(store, cancellationToken);
        return settings.Enabled ? await RecordAsync(Bonuses.Review(store, customer, reviewId, approved: true, settings, _clock), cancellationToken) : null;
    }

    public async Task<LedgerEntry?> SurveyAnsweredAsync(StoreId store, CustomerId customer, string responseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(responseId);
        if (await ErasedAsync(customer, cancellationToken)) return null;
        var settings = await _settings.LoadAsync(store, cancellationToken);
        return settings.Enabled ? await RecordAsync(Bonuses.Survey(store, customer, responseId, settings, _clock), cancellationToken) : null;
    }

    /// <summary>
    /// A manual admin adjustment; field errors when reason, actor or points are missing or out of bounds (see
    /// <see cref="Bonuses.Adjustment"/>), and on <see cref="AdminAdjustment.ConfirmOverdrawField"/> when it would take
    /// the available balance below zero without <paramref name="confirmOverdraw"/>.
    /// </summary>
    /// <remarks>Allowed when the program is switched off: an admin's correction is not an award.</remarks>
    public async Task<AdminAdjustment> AdjustAsync(StoreId store, CustomerId customer, int points, string? reason, string? actor, string requestId,
        CancellationToken cancellationToken = default, bool confirmOverdraw = false)
    {
        var settings = await _settings.LoadAsync(store, cancellationToken);
        if (await ErasedAsync(customer, cancellationToken))
        {
            var refused = new ValidationResult();
            refused.Add("Points", "This customer's data was erased; nothing can be recorded for them.");
            return new AdminAdjustment(null, refused);
        }
        var current = await _ledger.GetBalanceAsync(store, customer, _clock.UtcNow, cancellationToken);
        var adjustment = Bonuses.Adjustment(store, customer, points, reason, actor, requestId, settings, _clock, current, confirmOverdraw);
        return adjustment.Entry is null ? adjustment : adjustment with { Entry = await RecordAsync(adjustment.Entry, cancellationToken) };
    }

    /// <summary>A movement of the store's wallet made outside the program, taken into the ledger once (see <see cref="Bonuses.WalletEntry"/>).</summary>
    /// <remarks>Taken in when the program is switched off too: the wallet changed whatever the program does.</remarks>
    public async Task<LedgerEntry?> WalletEntryAsync(StoreId store, CustomerId customer, int points, int walletEntryId, DateTime createdUtc,
        DateTime? activatesUtc, string? note, CancellationToken cancellationToken = default)
    {
        if (await ErasedAsync(customer, cancellationToken)) return null;
        var settings = await _settings.LoadAsync(store, cancellationToken);
        return await RecordAsync(Bonuses.WalletEntry(store, customer, points, walletEntryId, createdUtc, activatesUtc, note, settings), cancellationToken);
    }

    /// <summary>
    /// The nightly sweep of one store, in batches: expiries that came due, birthday bonuses for
    /// <paramref name="storeToday"/> (the store's local date), tier re-evaluation of tier holders (downgrades after grace).
    /// </summary>
    /// <remarks>
    /// Candidates come from the database in ascending id batches (never all customers): customers with lots that lapsed
    /// in the last <see cref="ExpiryCatchUpDays"/> days (lot mode) or idle past the deadline with points left (inactivity
    /// mode), customers whose birthday is celebrated in the catch-up window, and tier holders. Each is visited once per run
    /// whatever sweeps name them. Running it again the same night changes nothing. Each tier change is told to the
    /// observer and then to <paramref name="tierChanged"/> as it happens (the store-events door passes the workflows'
    /// tier-up step), so a run that stops half-way loses none of the changes it saved.
    /// </remarks>
    public async Task<NightlyReport> RunNightlyAsync(StoreId store, DateOnly storeToday, int batchSize = 500, CancellationToken cancellationToken = default,
        Func<TierChanged, CancellationToken, Task>? tierChanged = null)
    {
        CheckBatch(batchSize);
        var settings = await _settings.LoadAsync(store, cancellationToken);
        var now = _clock.UtcNow;
        var visited = new HashSet<int>();
        int expiryEntries = 0, pointsExpired = 0, birthdays = 0, tierChanges = 0;

        if (settings.Expiry != ExpiryMode.Never)
        {
            await ForEachBatchAsync(after => ExpiryCandidatesAsync(store, settings, now, after, batchSize, cancellationToken), batchSize, async id =>
            {
                visited.Add(id);
                var entries = await _ledger.GetEntriesAsync(store, new CustomerId(id), cancellationToken);
                foreach (var expiry in Lots.DueExpiries(entries, settings, now))
                    if (await AppendAsync(expiry, cancellationToken))
                    {
                        expiryEntries++;
                        pointsExpired -= expiry.Points;
                    }
            });
        }

        if (settings.Enabled && settings.BirthdayBonus > 0)
        {
            var codes = CelebrationCodes(storeToday);
            await ForEachBatchAsync(async after =>
            {
                var page = await _runner.ToListAsync(LoyaltyQueries.BirthdayCustomers(_store, store.Value, codes, after, batchSize), cancellationToken);
                return page.Select(c => (c.CustomerId, (DateTime?)c.DateOfBirth)).ToList();
            }, batchSize, async (id, dob) =>
            {
                visited.Add(id);
                var bonus = Bonuses.Birthday(store, new CustomerId(id), DateOnly.FromDateTime(dob!.Value), storeToday, settings, _clock);
                if (bonus is not null && await AppendAsync(bonus, cancellationToken))
                    birthdays++;
            });
        }

        if (settings.Enabled)
        {
            await ForEachBatchAsync(async after => (await _standings.HoldersAsync(store, after, batchSize, cancellationToken)).Select(c => c.Value).ToList(),
                batchSize, async id =>
                {
                    visited.Add(id);
                    var decision = await ReevaluateAsync(store, new CustomerId(id), settings, now,
                        change => tierChanged?.Invoke(change, cancellationToken) ?? Task.CompletedTask, cancellationToken);
                    if (decision?.Change is TierChange.Upgraded or TierChange.Downgraded)
                        tierChanges++;
                });
        }

        var reminders = 0;
        var afterReminder = 0;
        while (true)
        {
            var page = await ExpiringSoonAsync(store, afterReminder, batchSize, cancellationToken);
            reminders += page.Count;
            foreach (var reminder in page) visited.Add(reminder.Customer.Value);
            if (page.Count < batchSize) break;
            afterReminder = page[^1].Customer.Value;
        }

        return new NightlyReport(visited.Count, expiryEntries, pointsExpired, birthdays, tierChanges, reminders);
    }

    /// <summary>
    /// Customers (ascending id after <paramref name="afterCustomerId"/>, at most <paramref name="take"/>) with points lapsing
    /// within <see cref="LoyaltySettings.ExpiryReminderDays"/>: how many and the first expiry, for the reminder workflow.
    /// Page on with the last customer's id; fewer than <paramref name="take"/> means there are no more.
    /// </summary>
    public async Task<IReadOnlyList<ExpiryReminder>> ExpiringSoonAsync(StoreId store, int afterCustomerId, int take, CancellationToken cancellationToken = default)
    {
        CheckBatch(take);
        var settings = await _settings.LoadAsync(store, cancellationToken);
        var now = _clock.UtcNow;
        var result = new List<ExpiryReminder>();
        if (settings.Expiry == ExpiryMode.Never || settings.ExpiryReminderDays <= 0) return result;

        var after = afterCustomerId;
        while (result.Count < take)
        {
            var candidates = await ReminderCandidatesAsync(store, settings, now, after, take, cancellationToken);
            foreach (var id in candidates)
            {
                var entries = await _ledger.GetEntriesAsync(store, new CustomerId(id), cancellationToken);
                var soon = Lots.ExpiringWithin(entries, settings, now, settings.ExpiryReminderDays);
                if (soon.Points > 0 && soon.FirstExpiryUtc is { } first)
                    result.Add(new ExpiryReminder(store, new CustomerId(id), soon.Points, first));
                if (result.Count == take) break;
            }
            if (candidates.Count < take || result.Count == take) break;
            after = candidates[^1];
        }
        return result;
    }

    /// <summary>The shopper's rewards: balance, pending, value, expiring soon, history (newest first), tier progress.</summary>
    public async Task<RewardsView> GetRewardsAsync(StoreId store, CustomerId customer, int historyLimit = 50, CancellationToken cancellationToken = default)
    {
        if (historyLimit < 0)
            throw new ArgumentOutOfRangeException(nameof(historyLimit), historyLimit, "The history limit cannot be negative.");
        var settings = await _settings.LoadAsync(store, cancellationToken);
        var now = _clock.UtcNow;
        // The entries are read anyway (history, expiring soon); the balance is their sum, so no second query asks for it.
        var entries = await _ledger.GetEntriesAsync(store, customer, cancellationToken);
        var balance = new PointsBalance(entries.Where(e => e.ActivatesUtc <= now).Sum(e => (long)e.Points), entries.Where(e => e.ActivatesUtc > now).Sum(e => (long)e.Points));
        var history = entries.Select((e, i) => (e, i)).OrderByDescending(x => x.e.CreatedUtc).ThenByDescending(x => x.i).Take(historyLimit)
            .Select(x => new RewardsHistoryLine(x.e.CreatedUtc, x.e.ActivatesUtc, x.e.Points, x.e.Reason, x.e.Source, x.e.SourceRef, x.e.Note,
                x.e.Actor, x.e.ActivatesUtc > now))
            .ToList();
        var expiring = Lots.ExpiringWithin(entries, settings, now, settings.ExpiryReminderDays);

        var tiers = settings.Tiers;
        var standing = await _standings.GetAsync(store, customer, cancellationToken);
        var held = tiers.FirstOrDefault(t => t.Name == standing.Tier);
        var measure = tiers.Count == 0 ? 0m : await MeasureAsync(store, customer, settings.TierBasis, now, cancellationToken);
        // The next step up is above both the measure and the tier held (in grace the customer may hold more than they measure).
        var next = tiers.Where(t => t.Threshold > measure && (held is null || t.Threshold > held.Threshold)).OrderBy(t => t.Threshold).FirstOrDefault();
        var progress = tiers.Count == 0 ? 0m
            : next is null ? 1m
            : next.Threshold <= 0m ? 1m
            : Math.Clamp(measure / next.Threshold, 0m, 1m);
        var downgradeAt = held is not null && standing.BelowSinceUtc is { } below ? below.AddDays(settings.TierDowngradeGraceDays) : (DateTime?)null;

        return new RewardsView(store, customer, balance.Available, balance.Pending, RedemptionLimits.ValueOf(Math.Max(0, balance.Available), settings),
            expiring, history, held?.Name, held?.Multiplier ?? 1m, settings.TierBasis, measure, next?.Name, next is null ? null : next.Threshold - measure,
            progress, downgradeAt, settings.MinimumBalanceToRedeem, balance.Available > 0 && balance.Available >= settings.MinimumBalanceToRedeem);
    }

    /// <summary>Points this order (a cart at checkout) would earn, with the customer's current tier.</summary>
    public async Task<EarnQuote> QuoteOrderAsync(EarnOrder order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var settings = await _settings.LoadAsync(order.Store, cancellationToken);
        if (!settings.Enabled) return new EarnQuote(0, 0m, 1m, 1m);
        var multiplier = await TierMultiplierAsync(order.Store, order.Customer, settings, cancellationToken);
        return Earning.Quote(order, settings, multiplier);
    }

    /// <summary>"Earn N points" on a product page, for a guest (<paramref name="customer"/> null) or a customer with a tier.</summary>
    public async Task<int> QuoteProductAsync(StoreId store, CustomerId? customer, EarnLine line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        var settings = await _settings.LoadAsync(store, cancellationToken);
        if (!settings.Enabled) return 0;
        var multiplier = customer is { } c ? await TierMultiplierAsync(store, c, settings, cancellationToken) : 1m;
        return Earning.ForProduct(line, settings, _clock.UtcNow, multiplier);
    }

    /// <summary>How many points the customer may spend on an order of <paramref name="orderTotal"/>.</summary>
    /// <remarks>Points already earned stay spendable when the program is switched off: they are the customer's.</remarks>
    public async Task<RedemptionAllowance> AllowanceAsync(StoreId store, CustomerId customer, decimal orderTotal, CancellationToken cancellationToken = default)
    {
        var settings = await _settings.LoadAsync(store, cancellationToken);
        var balance = await _ledger.GetBalanceAsync(store, customer, _clock.UtcNow, cancellationToken);
        return RedemptionLimits.For(balance.Available, orderTotal, settings);
    }

    /// <summary>The finance report: one line per UTC day in [<paramref name="from"/>, <paramref name="to"/>], computed in the database.</summary>
    /// <remarks>
    /// Four grouped queries whatever the length (see <see cref="LoyaltyQueries"/>): the balance before the first day by
    /// creation and by activation, the movements per day and reason, the activations per day. Movements are signed
    /// (reversals, redemptions and expiries negative) so Opening + every column = Closing. PendingAtClose counts points
    /// created before the day's end that become spendable at or after it (every rule activates an entry at or after its
    /// creation). Reasons: Earned = purchase, Bonuses = registration, birthday, review, survey and referral, Adjusted =
    /// admin adjustments, Reversed = purchase reversals, Redeemed = redemptions, Reimbursed = spent points given back,
    /// Expired = expiries. Valued at the store's current point value.
    /// </remarks>
    public async Task<IReadOnlyList<PointsAccountingDay>> AccountingAsync(StoreId store, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        if (to < from)
            throw new ArgumentException($"The report ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).", nameof(to));
        if (to.DayNumber - from.DayNumber + 1 > MaxAccountingDays)
            throw new ArgumentException($"A report covers at most {MaxAccountingDays} days; ask for a shorter period.", nameof(to));

        var settings = await _settings.LoadAsync(store, cancellationToken);
        var fromUtc = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var endUtc = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        var opening = (await _runner.ToListAsync(LoyaltyQueries.SumBefore(_ledgerData, store.Value, fromUtc, byActivation: false), cancellationToken)).Sum();
        var active = (await _runner.ToListAsync(LoyaltyQueries.SumBefore(_ledgerData, store.Value, fromUtc, byActivation: true), cancellationToken)).Sum();
        var movements = (await _runner.ToListAsync(LoyaltyQueries.MovementsByDayAndReason(_ledgerData, store.Value, fromUtc, endUtc), cancellationToken))
            .ToLookup(r => new DateOnly(r.Year, r.Month, r.Day));
        var activations = (await _runner.ToListAsync(LoyaltyQueries.ActivationsByDay(_ledgerData, store.Value, fromUtc, endUtc), cancellationToken))
            .ToLookup(r => new DateOnly(r.Year, r.Month, r.Day));

        var days = new List<PointsAccountingDay>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            long earned = 0, bonuses = 0, adjusted = 0, reversed = 0, redeemed = 0, reimbursed = 0, expired = 0;
            foreach (var row in movements[day])
            {
                switch ((LedgerReason)row.ReasonId)
                {
                    case LedgerReason.Purchase: earned += row.Points; break;
                    case LedgerReason.PurchaseReversal: reversed += row.Points; break;
                    case LedgerReason.Redemption: redeemed += row.Points; break;
                    case LedgerReason.RedemptionRefund: reimbursed += row.Points; break;
                    case LedgerReason.Expiry: expired += row.Points; break;
                    case >= LedgerReason.RegistrationBonus and <= LedgerReason.ReferralBonus: bonuses += row.Points; break;
                    // Admin adjustments, and any reason a later version adds, so the day still balances.
                    default: adjusted += row.Points; break;
                }
            }
            var closing = opening + earned + bonuses + adjusted + reversed + redeemed + reimbursed + expired;
            active += activations[day].Sum(r => r.Points);
            days.Add(new PointsAccountingDay(day, store, opening, earned, bonuses, adjusted, reversed, redeemed, reimbursed, expired, closing,
                closing - active, settings.CurrencyPerPoint));
            opening = closing;
        }
        return days;
    }

    /// <summary>Every event entry point asks this first: see <see cref="Erasure"/>.</summary>
    private Task<bool> ErasedAsync(CustomerId customer, CancellationToken cancellationToken) =>
        Erasure.IsErasedAsync(_store, _runner, customer, cancellationToken);

    private static void CheckAmounts(OrderRefund refund, string parameter)
    {
        if (refund.OrderTotal < 0m)
            throw new ArgumentOutOfRangeException(parameter, refund.OrderTotal, "The order total cannot be negative.");
        if (refund.RefundedSoFar < 0m)
            throw new ArgumentOutOfRangeException(parameter, refund.RefundedSoFar, "The refunded amount cannot be negative.");
    }

    /// <summary>The reversal plan of <paramref name="refund"/>, appended; only what this call wrote is reported.</summary>
    private async Task<ReversalPlan> ReverseAsync(OrderRefund refund, CancellationToken cancellationToken)
    {
        var settings = await _settings.LoadAsync(refund.Store, cancellationToken);
        var entries = await _ledger.GetEntriesAsync(refund.Store, refund.Customer, cancellationToken);
        var plan = Reversal.Plan(entries, refund, settings, _clock);
        var appended = new List<LedgerEntry>();
        foreach (var entry in plan.Entries)
            if (await AppendAsync(entry, cancellationToken))
                appended.Add(entry);
        // Another node that got there first wrote these entries; this call reports only what it wrote itself.
        return appended.Count == plan.Entries.Count ? plan : plan with { Entries = appended };
    }

    /// <summary>Appends <paramref name="entry"/> and tells the observer when it was new.</summary>
    private async Task<bool> AppendAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        if (!await _ledger.TryAppendAsync(entry, cancellationToken)) return false;
        await _observer.EntryAppendedAsync(entry, cancellationToken);
        return true;
    }

    /// <summary>Appends a rule's entry, if any, and returns the entry the ledger holds under its key (the first one, on a replay).</summary>
    private async Task<LedgerEntry?> RecordAsync(LedgerEntry? entry, CancellationToken cancellationToken)
    {
        if (entry is null || await AppendAsync(entry, cancellationToken)) return entry;
        var existing = await _ledger.GetEntriesAsync(entry.Store, entry.Customer, cancellationToken);
        return existing.FirstOrDefault(e => e.Key == entry.Key) ?? entry;
    }

    /// <summary>
    /// Re-evaluates a customer's tier, saves a changed standing and announces up- and downgrades, to the observer (host
    /// facts) and then to <paramref name="announced"/>; null when tiers are off and none is held.
    /// </summary>
    private async Task<TierDecision?> ReevaluateAsync(StoreId store, CustomerId customer, LoyaltySettings settings, DateTime now,
        Func<TierChanged, Task> announced, CancellationToken cancellationToken)
    {
        var current = await _standings.GetAsync(store, customer, cancellationToken);
        if (settings.Tiers.Count == 0 && current.Tier is null) return null;
        var measure = settings.Tiers.Count == 0 ? 0m : await MeasureAsync(store, customer, settings.TierBasis, now, cancellationToken);
        var decision = TierRules.Evaluate(settings, current, measure, now);
        if (decision.Standing != current)
            await _standings.SaveAsync(store, customer, decision.Standing, cancellationToken);
        if (decision.Change is TierChange.Upgraded or TierChange.Downgraded)
        {
            var change = new TierChanged(store, customer, current.Tier, decision.Standing.Tier, decision.Change, now);
            await _observer.TierChangedAsync(change, cancellationToken);
            await announced(change);
        }
        return decision;
    }

    private async Task<decimal> MeasureAsync(StoreId store, CustomerId customer, TierBasis basis, DateTime now, CancellationToken cancellationToken)
    {
        var orders = await _runner.ToListAsync(LoyaltyQueries.CountedOrders(_store, store.Value, customer.Value, now), cancellationToken);
        return TierRules.Measure(orders.Select(o => new TierOrder(o.PaidUtc, o.Amount)), basis, now);
    }

    private async Task<decimal> TierMultiplierAsync(StoreId store, CustomerId customer, LoyaltySettings settings, CancellationToken cancellationToken)
    {
        if (settings.Tiers.Count == 0) return 1m;
        var standing = await _standings.GetAsync(store, customer, cancellationToken);
        return TierRules.MultiplierOf(settings.Tiers, standing.Tier);
    }

    private Task<List<int>> ExpiryCandidatesAsync(StoreId store, LoyaltySettings settings, DateTime now, int after, int take, CancellationToken cancellationToken)
    {
        if (settings.Expiry == ExpiryMode.LotAfterActivation)
            return _runner.ToListAsync(LoyaltyQueries.CustomersWithLotsLapsing(_ledgerData, store.Value, now.AddDays(-ExpiryCatchUpDays), now, after, take),
                cancellationToken);
        // Month arithmetic is not reversible at month ends (31 January + 1 month = 28 February), so the cut-off leaves a few
        // days' slack and the rule itself decides; a customer whose balance lapsed holds no points and drops out.
        var cutoff = now.AddMonths(-settings.ExpiryMonths).AddDays(3);
        return _runner.ToListAsync(LoyaltyQueries.InactiveCustomersWithPoints(_ledgerData, store.Value, null, cutoff, after, take), cancellationToken);
    }

    private Task<List<int>> ReminderCandidatesAsync(StoreId store, LoyaltySettings settings, DateTime now, int after, int take, CancellationToken cancellationToken)
    {
        var horizon = now.AddDays(settings.ExpiryReminderDays);
        if (settings.Expiry == ExpiryMode.LotAfterActivation)
            return _runner.ToListAsync(LoyaltyQueries.CustomersWithLotsLapsing(_ledgerData, store.Value, now, horizon, after, take), cancellationToken);
        var earliest = now.AddMonths(-settings.ExpiryMonths).AddDays(-3);
        var latest = horizon.AddMonths(-settings.ExpiryMonths).AddDays(3);
        return _runner.ToListAsync(LoyaltyQueries.InactiveCustomersWithPoints(_ledgerData, store.Value, earliest, latest, after, take), cancellationToken);
    }

    /// <summary>Month × 100 + day of every birthday celebrated in the catch-up window ending <paramref name="today"/>.</summary>
    private static int[] CelebrationCodes(DateOnly today)
    {
        var codes = new HashSet<int>();
        for (var back = 0; back < Bonuses.BirthdayCatchUpDays; back++)
        {
            var day = today.AddDays(-back);
            codes.Add(day.Month * 100 + day.Day);
            // 29 February birthdays are celebrated on 28 February in common years (Bonuses.Celebration).
            if (day is { Month: 2, Day: 28 } && !DateTime.IsLeapYear(day.Year))
                codes.Add(229);
        }
        return codes.Order().ToArray();
    }

    private static void CheckBatch(int batchSize)
    {
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "A batch holds at least one customer.");
    }

    private static Task ForEachBatchAsync(Func<int, Task<List<int>>> page, int batchSize, Func<int, Task> visit) =>
        ForEachBatchAsync(async after => (await page(after)).Select(id => (id, (DateTime?)null)).ToList(), batchSize, (id, _) => visit(id));

    /// <summary>Pages through candidates by ascending id until a page comes back short.</summary>
    private static async Task ForEachBatchAsync(Func<int, Task<List<(int Id, DateTime? Dob)>>> page, int batchSize, Func<int, DateTime?, Task> visit)
    {
        var after = 0;
        while (true)
        {
            var batch = await page(after);
            foreach (var (id, dob) in batch)
                await visit(id, dob);
            if (batch.Count < batchSize) return;
            after = batch[^1].Id;
        }
    }
}
