using Retention.Core.Common;
using Retention.Core.Store;

namespace Retention.Core.Loyalty;

/// <summary>
/// The loyalty program's night in one store: expiries that came due, birthday bonuses, tier re-evaluation of holders,
/// and the paged data of the points-expiry reminder. Hosts run it through Core's door
/// (<see cref="Events.StoreEvents.LoyaltyNightAsync"/>), so its tier changes reach the tier-up workflow.
/// </summary>
public sealed class LoyaltyNightly
{
    private readonly IPointsLedger _ledger;
    private readonly ILedgerData _ledgerData;
    private readonly ILoyaltySettingsStore _settings;
    private readonly TierEvaluation _tiers;
    private readonly IStoreData _store;
    private readonly IQueryRunner _runner;
    private readonly ILoyaltyObserver _observer;
    private readonly IClock _clock;

    public LoyaltyNightly(IPointsLedger ledger, ILedgerData ledgerData, ILoyaltySettingsStore settings, TierEvaluation tiers, IStoreData store,
        IQueryRunner runner, ILoyaltyObserver observer, IClock clock)
    {
        _ledger = ledger;
        _ledgerData = ledgerData;
        _settings = settings;
        _tiers = tiers;
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
            // Each page's ledgers are read in one query: an expiry written for one customer changes no other's entries.
            var after = 0;
            while (true)
            {
                var page = await ExpiryCandidatesAsync(store, settings, now, after, batchSize, cancellationToken);
                var ledgers = await _ledger.GetEntriesManyAsync(store, page.Select(id => new CustomerId(id)).ToList(), cancellationToken);
                foreach (var id in page)
                {
                    visited.Add(id);
                    foreach (var expiry in Lots.DueExpiries(ledgers[new CustomerId(id)], settings, now))
                        if (await AppendAsync(expiry, cancellationToken))
                        {
                            expiryEntries++;
                            pointsExpired -= expiry.Points;
                        }
                }
                if (page.Count < batchSize) break;
                after = page[^1];
            }
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
            // A page of holders is re-evaluated with its standings and orders read at once (TierEvaluation.ReevaluateManyAsync).
            var after = 0;
            while (true)
            {
                var holders = await _tiers.HoldersAsync(store, after, batchSize, cancellationToken);
                foreach (var holder in holders)
                    visited.Add(holder.Value);
                var decisions = await _tiers.ReevaluateManyAsync(store, holders, settings, now,
                    change => tierChanged?.Invoke(change, cancellationToken) ?? Task.CompletedTask, cancellationToken);
                tierChanges += decisions.Count(d => d?.Change is TierChange.Upgraded or TierChange.Downgraded);
                if (holders.Count < batchSize) break;
                after = holders[^1].Value;
            }
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
    /// within <see cref="LoyaltySettings.ExpiryReminderDays"/> and a reminder worth sending (<see cref="ExpiryNotices"/>): how
    /// many and the first expiry, for the reminder workflow.
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
            var ledgers = await _ledger.GetEntriesManyAsync(store, candidates.Select(id => new CustomerId(id)).ToList(), cancellationToken);
            foreach (var id in candidates)
            {
                var entries = ledgers[new CustomerId(id)];
                var soon = Lots.ExpiringWithin(entries, settings, now, settings.ExpiryReminderDays);
                // A reminder only where it can say something useful: spend them, or how to reach the minimum in time.
                if (soon.Points > 0 && soon.FirstExpiryUtc is { } first && ExpiryNotices.For(entries, settings, now, first).Advice != ExpiryAdvice.CannotReach)
                    result.Add(new ExpiryReminder(store, new CustomerId(id), soon.Points, first));
                if (result.Count == take) break;
            }
            if (candidates.Count < take || result.Count == take) break;
            after = candidates[^1];
        }
        return result;
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

    private Task<bool> AppendAsync(LedgerEntry entry, CancellationToken cancellationToken) =>
        LedgerWrites.AppendAsync(_ledger, _observer, entry, cancellationToken);
}
