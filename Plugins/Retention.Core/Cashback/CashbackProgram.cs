// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using System.Security.Cryptography;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Core.Tables;

namespace Retention.Core.Cashback;

/// <summary>What one night's cashback run did in a store.</summary>
public sealed record CashbackNightReport(IReadOnlyList<string> Periods, int CustomersPaid, decimal AmountPaid, int GiftCardsCompleted);

/// <summary>A take-back after a refund: how much of one payout was owed back, and how much of it the balance or card held.</summary>
/// <param name="Shortfall">Money a gift card no longer held, or (points) points forgiven under "cap at zero".</param>
public sealed record CashbackClawback(CashbackPeriod Period, CashbackPayout PayAs, decimal Amount, int Points, decimal Taken, int PointsTaken, decimal Shortfall,
    int ShortfallPoints);

/// <summary>The running period as the shopper sees it in My rewards.</summary>
/// <param name="PayoutDay">The store's local day the period's cashback is paid (the first day after it).</param>
public sealed record CashbackProgress(CashbackPeriod Period, DateOnly PayoutDay, CashbackPayout PayAs, CashbackQuote Quote, IReadOnlyList<CashbackBand> Bands)
{
    /// <summary>What is still to spend to reach the next band; null at the top.</summary>
    public decimal? ToNextBand => Quote.NextBand is { } next ? next.From - Quote.Spend : null;
}

/// <summary>A payout with its gift card's remaining balance (null when paid as points, or the card is gone).</summary>
public sealed record CashbackStatement(CashbackPayoutView Payout, decimal? GiftCardRemaining);

/// <summary>Cashback paid on one UTC day, for the finance report.</summary>
public sealed record CashbackAccountingDay(DateOnly Day, int Customers, decimal PaidAsPoints, long Points, decimal PaidAsGiftCards);

/// <summary>The finance report's cashback part: paid per day, and what the store still owes (the liability) at the report's end.</summary>
/// <param name="PointsOutstanding">Cashback points credited less those taken back, valued at the point's current worth in <paramref name="PointsOutstandingValue"/>.</param>
/// <param name="GiftCardRemaining">The remaining balances of the cashback gift cards, now.</param>
public sealed record CashbackAccounting(IReadOnlyList<CashbackAccountingDay> Days, long PointsOutstanding, decimal PointsOutstandingValue, decimal GiftCardRemaining,
    int GiftCards);

/// <summary>The last ended period's payout, for the dashboard.</summary>
public sealed record CashbackPeriodSummary(CashbackPeriod Period, int CustomersPaid, decimal AmountPaid, decimal TakenBack);

/// <summary>
/// Periodic cashback in one store: the nightly payout of ended periods, the take-back after refunds, and the shopper's
/// and finance's views. Hosts reach the writes through Core's door (<see cref="Events.StoreEvents"/>).
/// </summary>
/// <remarks>
/// A payout is a keyed row (<see cref="CashbackRules.PayoutKey"/>) written before its side effect; the points entry carries
/// the same key, and a gift card is made under a code chosen with the row, so a retried night finishes a payout it
/// started and never pays twice. A period whose run finished gets a marker row, so later nights skip it at once.
/// </remarks>
public sealed class CashbackProgram
{
    private readonly CashbackStore _payouts;
    private readonly IPointsLedger _ledger;
    private readonly ILoyaltyObserver _observer;
    private readonly ILoyaltySettingsStore _settings;
    private readonly IStoreData _store;
    private readonly IQueryRunner _runner;
    private readonly IClock _clock;
    private readonly ICashbackGiftCards? _giftCards;

    /// <param name="giftCards">Null where the host has no gift cards: payouts as gift cards wait (rows without a card) until it has.</param>
    public CashbackProgram(CashbackStore payouts, IPointsLedger ledger, ILoyaltyObserver observer, ILoyaltySettingsStore settings, IStoreData store,
        IQueryRunner runner, IClock clock, ICashbackGiftCards? giftCards = null)
    {
        _payouts = payouts;
        _ledger = ledger;
        _observer = observer;
        _settings = settings;
        _store = store;
        _runner = runner;
        _clock = clock;
        _giftCards = giftCards;
    }

    /// <summary>
    /// Pays every ended period due (<see cref="CashbackRules.PeriodsDue"/>: the first night after a period ends in the
    /// store's time zone, and up to <see cref="CashbackRules.CatchUpPeriods"/> missed ones), customers in ascending id
    /// batches; finishes gift card payouts a stopped run left without a card. <paramref name="paid"/> hears each payout
    /// made (the door enrolls the statement email). Running it again the same night writes nothing.
    /// </summary>
    public async Task<CashbackNightReport> RunNightAsync(StoreId store, TimeZoneInfo zone, int batchSize = 500,
        Func<CashbackPaid, CancellationToken, Task>? paid = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "A batch holds at least one customer.");
        var loyalty = await _settings.LoadAsync(store, cancellationToken);
        var settings = loyalty.Cashback;
        var now = _clock.UtcNow;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(now, DateTimeKind.Utc), zone));
        var completed = await CompleteGiftCardsAsync(store, batchSize, paid, cancellationToken);
        var periods = new List<string>();
        int customers = 0;
        decimal amount = 0m;
        foreach (var period in CashbackRules.PeriodsDue(settings, today))
        {
            if (await _payouts.IsClosedAsync(store, period, cancellationToken))
                continue;
            periods.Add(period.Label);
            var (from, to) = (period.StartUtc(zone), period.EndUtc(zone));
            var after = 0;
            while (true)
            {
                var page = await _runner.ToListAsync(CashbackQueries.CustomersWithOrders(_store, store.Value, from, to, after, batchSize), cancellationToken);
                if (page.Count > 0)
                {
                    var erased = (await _runner.ToListAsync(CashbackQueries.Erased(_store, page), cancellationToken)).ToHashSet();
                    var spend = (await _runner.ToListAsync(CashbackQueries.OrdersOf(_store, store.Value, page, from, to), cancellationToken))
                        .GroupBy(o => o.CustomerId).ToDictionary(g => g.Key, g => g.Sum(o => o.Amount));
                    foreach (var id in page.Where(id => !erased.Contains(id)))
                    {
                        var made = await PayAsync(store, new CustomerId(id), period, from, to, spend.GetValueOrDefault(id), settings, loyalty, now, paid,
                            cancellationToken);
                        if (made is { } value)
                        {
                            customers++;
                            amount += value;
                        }
                    }
                }
                if (page.Count < batchSize) break;
                after = page[^1];
            }
            await _payouts.CloseAsync(store, period, zone, cancellationToken);
        }
        return new CashbackNightReport(periods, customers, amount, completed);
    }

    /// <summary>
    /// The payout row of one customer's period spend, or null when the spend earns nothing; what the nightly run inserts
    /// (a host seeding history in bulk writes the same rows).
    /// </summary>
    public static CashbackPayoutRow? PayoutRow(StoreId store, CustomerId customer, CashbackPeriod period, DateTime from, DateTime to, decimal spend,
        CashbackSettings settings, LoyaltySettings loyalty, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loyalty);
        var quote = CashbackRules.Quote(settings, spend, loyalty.CurrencyPerPoint);
        if (quote.Amount <= 0m || (settings.PayAs == CashbackPayout.Points && quote.Points <= 0))
            return null;
        var key = CashbackRules.PayoutKey(store, customer, period);
        return new CashbackPayoutRow
        {
            IdempotencyKey = key.Value,
            StoreId = store.Value,
            CustomerId = customer.Value,
            Period = period.Label,
            PeriodStartUtc = from,
            PeriodEndUtc = to,
            SpendCents = CashbackPayoutRow.Cents(spend),
            RatePercent = quote.RatePercent,
            AmountCents = CashbackPayoutRow.Cents(quote.Amount),
            PayAsId = (int)settings.PayAs,
            Points = quote.Points,
            GiftCardCode = settings.PayAs == CashbackPayout.GiftCard ? NewGiftCardCode() : null,
            CreatedOnUtc = now,
            UpdatedOnUtc = now,
        };
    }

    /// <summary>Pays one customer's period; the amount when this call made the payout, null when there was nothing to pay or it existed.</summary>
    private async Task<decimal?> PayAsync(StoreId store, CustomerId customer, CashbackPeriod period, DateTime from, DateTime to, decimal spend,
        CashbackSettings settings, LoyaltySettings loyalty, DateTime now, Func<CashbackPaid, CancellationToken, Task>? paid, CancellationToken cancellationToken)
    {
        if (PayoutRow(store, customer, period, from, to, spend, settings, loyalty, now) is not { } row)
            return null;
        var inserted = await _payouts.TryAddAsync(row, cancellationToken);
        // A replay finishes what a stopped run left: the points entry (keyed, so at most once) or the gift card.
        var payout = await _payouts.GetAsync(store, customer, period, cancellationToken);
        if (payout is null)
            return null;
        if (!await SettleAsync(payout, loyalty, cancellationToken))
            return null;
        if (paid is not null)
            await paid(new CashbackPaid(store, customer, period, payout.PaidUtc), cancellationToken);
        return inserted ? payout.Amount : null;
    }

    /// <summary>Makes the payout's side effect; false when it cannot be made yet (no gift card port).</summary>
    private async Task<bool> SettleAsync(CashbackPayoutView payout, LoyaltySettings loyalty, CancellationToken cancellationToken)
    {
        if (payout.PayAs == CashbackPayout.Points)
        {
            await LedgerWrites.AppendAsync(_ledger, _observer, PointsEntry(payout, loyalty), cancellationToken);
            return true;
        }
        if (payout.GiftCardId is not null)
            return true;
        if (_giftCards is null || payout.GiftCardCode is null)
            return false;
        var card = await _giftCards.IssueAsync(payout.Store, payout.Customer, payout.GiftCardCode, payout.Amount, "Cashback " + payout.Period.Label, cancellationToken);
        await _payouts.SetGiftCardAsync(payout.Id, card, cancellationToken);
        return true;
    }

    /// <summary>The ledger entry of a payout paid as points (keyed by the payout, so written at most once).</summary>
    public static LedgerEntry PointsEntry(CashbackPayoutView payout, LoyaltySettings loyalty)
    {
        ArgumentNullException.ThrowIfNull(payout);
        ArgumentNullException.ThrowIfNull(loyalty);
        var at = payout.PaidUtc;
        return new LedgerEntry
        {
            Key = CashbackRules.PayoutKey(payout.Store, payout.Customer, payout.Period),
            Store = payout.Store,
            Customer = payout.Customer,
            Points = payout.Points,
            Reason = LedgerReason.Cashback,
            Source = LedgerSource.System,
            SourceRef = payout.Period.Label,
            CreatedUtc = at,
            ActivatesUtc = at,
            ExpiresUtc = Lots.ExpiryFor(at, loyalty),
            Note = LedgerNotes.Cashback(payout.Period.Label),
        };
    }

    private async Task<int> CompleteGiftCardsAsync(StoreId store, int batchSize, Func<CashbackPaid, CancellationToken, Task>? paid, CancellationToken cancellationToken)
    {
        if (_giftCards is null)
            return 0;
        var loyalty = await _settings.LoadAsync(store, cancellationToken);
        var done = 0;
        foreach (var payout in await _payouts.AwaitingGiftCardAsync(store, batchSize, cancellationToken))
        {
            if (!await SettleAsync(payout, loyalty, cancellationToken)) continue;
            done++;
            if (paid is not null)
                await paid(new CashbackPaid(payout.Store, payout.Customer, payout.Period, payout.PaidUtc), cancellationToken);
        }
        return done;
    }

    /// <summary>
    /// A refund, cancellation or deleted order of the customer: every payout of theirs whose period's spend, recomputed now,
    /// earns less than was paid is taken back by the difference (<see cref="CashbackRules.StillOwed"/>). Points follow the
    /// loyalty program's overdraft policy ("go negative" takes all, "cap at zero" takes what the balance holds and forgives
    /// the rest); a gift card gives up what its balance still holds, never below zero, and the rest is recorded as the
    /// shortfall. Refunds before the payout need nothing: the payout counts what was refunded by then. Safe to repeat.
    /// </summary>
    public async Task<IReadOnlyList<CashbackClawback>> OrderRefundedAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var taken = new List<CashbackClawback>();
        var payouts = await _payouts.ForCustomerAsync(store, customer, cancellationToken: cancellationToken);
        if (payouts.Count == 0)
            return taken;
        var loyalty = await _settings.LoadAsync(store, cancellationToken);
        foreach (var first in payouts)
        {
            var payout = first;
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var spendNow = (await _runner.ToListAsync(CashbackQueries.OrdersOf(_store, store.Value, [customer.Value], payout.StartUtc, payout.EndUtc),
                    cancellationToken)).Sum(o => o.Amount);
                var (owed, owedPoints) = CashbackRules.StillOwed(payout, loyalty.Cashback.Bands, spendNow, loyalty.CurrencyPerPoint);
                if (owed <= 0m && owedPoints <= 0)
                    break;
                var result = await TakeBackAsync(payout, owed, owedPoints, loyalty, cancellationToken);
                if (result is not null)
                {
                    taken.Add(result);
                    break;
                }
                // Another writer moved the totals first: read again and compute what is still owed.
                payout = await _payouts.GetAsync(store, customer, payout.Period, cancellationToken) ?? payout;
            }
        }
        return taken;
    }

    private async Task<CashbackClawback?> TakeBackAsync(CashbackPayoutView payout, decimal owed, int owedPoints, LoyaltySettings loyalty, CancellationToken cancellationToken)
    {
        if (payout.PayAs == CashbackPayout.Points)
        {
            var take = owedPoints;
            if (loyalty.Overdraft == OverdraftPolicy.CapAtZero)
            {
                var balance = await _ledger.GetBalanceAsync(payout.Store, payout.Customer, _clock.UtcNow, cancellationToken);
                take = (int)Math.Clamp(balance.Available, 0, owedPoints);
            }
            var totalPoints = payout.ClawedBackPoints + owedPoints;
            if (!await _payouts.ClawBackAsync(payout, payout.ClawedBack + owed, totalPoints, payout.Shortfall, payout.ShortfallPoints + owedPoints - take,
                    cancellationToken))
                return null;
            if (take > 0)
            {
                var now = _clock.UtcNow;
                await LedgerWrites.AppendAsync(_ledger, _observer, new LedgerEntry
                {
                    Key = CashbackRules.ClawbackKey(payout.Store, payout.Customer, payout.Period, totalPoints),
                    Store = payout.Store,
                    Customer = payout.Customer,
                    Points = -take,
                    Reason = LedgerReason.CashbackReversal,
                    Source = LedgerSource.System,
                    SourceRef = payout.Period.Label,
                    CreatedUtc = now,
                    ActivatesUtc = now,
                    Note = LedgerNotes.CashbackTakenBack(payout.Period.Label),
                }, cancellationToken);
            }
            return new CashbackClawback(payout.Period, payout.PayAs, owed, owedPoints, owed, take, 0m, owedPoints - take);
        }

        if (payout.GiftCardId is not { } card || _giftCards is null)
        {
            // No card yet (or no gift cards here): the whole sum is owed and nothing can be taken.
            return await _payouts.ClawBackAsync(payout, payout.ClawedBack + owed, 0, payout.Shortfall + owed, 0, cancellationToken)
                ? new CashbackClawback(payout.Period, payout.PayAs, owed, 0, 0m, 0, owed, 0)
                : null;
        }
        var remaining = (await _giftCards.RemainingAsync([card], cancellationToken)).GetValueOrDefault(card);
        var takeMoney = Math.Clamp(remaining, 0m, owed);
        if (!await _payouts.ClawBackAsync(payout, payout.ClawedBack + owed, 0, payout.Shortfall + owed - takeMoney, 0, cancellationToken))
            return null;
        var took = takeMoney > 0m ? await _giftCards.ReduceAsync(card, takeMoney, cancellationToken) : 0m;
        return new CashbackClawback(payout.Period, payout.PayAs, owed, 0, took, 0, owed - took, 0);
    }

    /// <summary>
    /// The running period for the shopper: spend so far (counted orders paid since the period began), the band it reaches,
    /// the next band and the cashback expected; with <paramref name="extraSpend"/> (a checkout's order) added, what that
    /// order brings it to. Null when cashback is off.
    /// </summary>
    public async Task<CashbackProgress?> ProgressAsync(StoreId store, CustomerId customer, TimeZoneInfo zone, decimal extraSpend = 0m,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var loyalty = await _settings.LoadAsync(store, cancellationToken);
        var settings = loyalty.Cashback;
        if (!settings.Enabled)
            return null;
        var now = _clock.UtcNow;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(now, DateTimeKind.Utc), zone));
        var period = CashbackPeriod.Of(settings.Period, today);
        var spend = 0m;
        if (customer.Value > 0)
            spend = (await _runner.ToListAsync(CashbackQueries.OrdersOf(_store, store.Value, [customer.Value], period.StartUtc(zone), now.AddTicks(1)),
                cancellationToken)).Sum(o => o.Amount);
        var quote = CashbackRules.Quote(settings, spend + Math.Max(0m, extraSpend), loyalty.CurrencyPerPoint);
        return new CashbackProgress(period, period.EndDay, settings.PayAs, quote, settings.Bands);
    }

    /// <summary>One period's payout (the statement email's facts), with the gift card's remaining balance.</summary>
    public async Task<CashbackStatement?> StatementAsync(StoreId store, CustomerId customer, CashbackPeriod period, CancellationToken cancellationToken = default)
    {
        var payout = await _payouts.GetAsync(store, customer, period, cancellationToken);
        if (payout is null)
            return null;
        return new CashbackStatement(payout, await RemainingAsync(payout, cancellationToken));
    }

    /// <summary>The customer's payouts, newest first, with their gift cards' remaining balances.</summary>
    public async Task<IReadOnlyList<CashbackStatement>> HistoryAsync(StoreId store, CustomerId customer, int take = 12, CancellationToken cancellationToken = default)
    {
        var payouts = await _payouts.ForCustomerAsync(store, customer, take, cancellationToken);
        var cards = payouts.Where(p => p.GiftCardId is not null).Select(p => p.GiftCardId!.Value).ToList();
        var remaining = cards.Count == 0 || _giftCards is null ? new Dictionary<int, decimal>() : await _giftCards.RemainingAsync(cards, cancellationToken);
        return payouts.Select(p => new CashbackStatement(p, p.GiftCardId is { } id && remaining.TryGetValue(id, out var left) ? left : null)).ToList();
    }

    private async Task<decimal?> RemainingAsync(CashbackPayoutView payout, CancellationToken cancellationToken) =>
        payout.GiftCardId is { } id && _giftCards is not null && (await _giftCards.RemainingAsync([id], cancellationToken)).TryGetValue(id, out var left)
            ? left
            : null;

    /// <summary>
    /// The finance report's cashback part for the UTC days [<paramref name="from"/>, <paramref name="to"/>]: what was paid per
    /// day (grouped in the database) and the liability: cashback points not taken back (valued at the point's current
    /// worth; they are inside the points ledger's balance too, this says how much of it came from cashback) and the
    /// remaining balances of the cashback gift cards now.
    /// </summary>
    public async Task<CashbackAccounting> AccountingAsync(StoreId store, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        if (to < from)
            throw new ArgumentException($"The report ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).", nameof(to));
        var loyalty = await _settings.LoadAsync(store, cancellationToken);
        var fromUtc = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var endUtc = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var byDay = (await _payouts.PaidByDayAsync(store, fromUtc, endUtc, cancellationToken)).ToLookup(r => new DateOnly(r.Year, r.Month, r.Day));
        var days = new List<CashbackAccountingDay>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var rows = byDay[day].ToList();
            var points = rows.Where(r => r.PayAsId == (int)CashbackPayout.Points).ToList();
            days.Add(new CashbackAccountingDay(day, rows.Sum(r => r.Customers), CashbackPayoutRow.Money(points.Sum(r => r.AmountCents)), points.Sum(r => r.Points),
                CashbackPayoutRow.Money(rows.Where(r => r.PayAsId == (int)CashbackPayout.GiftCard).Sum(r => r.AmountCents))));
        }
        var totals = await _payouts.TotalsAsync(store, endUtc, cancellationToken: cancellationToken);
        var pointTotals = totals.FirstOrDefault(t => t.PayAsId == (int)CashbackPayout.Points);
        var outstanding = pointTotals is null ? 0 : pointTotals.Points - pointTotals.ClawedBackPoints;
        decimal remaining = 0m;
        var cards = 0;
        if (_giftCards is not null)
        {
            var after = 0;
            while (true)
            {
                var ids = await _payouts.GiftCardIdsAsync(store, after, TableQueries.ChunkSize, cancellationToken);
                if (ids.Count > 0)
                {
                    var left = await _giftCards.RemainingAsync(ids, cancellationToken);
                    remaining += left.Values.Sum();
                    cards += left.Count(l => l.Value > 0m);
                }
                if (ids.Count < TableQueries.ChunkSize) break;
                after = ids[^1];
            }
        }
        return new CashbackAccounting(days, outstanding, outstanding * loyalty.CurrencyPerPoint, remaining, cards);
    }

    /// <summary>The last ended period's payouts (customers paid, amount, taken back since); null when cashback is off.</summary>
    public async Task<CashbackPeriodSummary?> LastPeriodAsync(StoreId store, TimeZoneInfo zone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var settings = (await _settings.LoadAsync(store, cancellationToken)).Cashback;
        if (!settings.Enabled)
            return null;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(_clock.UtcNow, DateTimeKind.Utc), zone));
        var period = CashbackPeriod.Of(settings.Period, today).Previous;
        var totals = await _payouts.TotalsAsync(store, DateTime.MaxValue, period, cancellationToken);
        return new CashbackPeriodSummary(period, totals.Sum(t => t.Customers), CashbackPayoutRow.Money(totals.Sum(t => t.AmountCents)),
            CashbackPayoutRow.Money(totals.Sum(t => t.ClawedBackCents)));
    }

    /// <summary>The customer's payouts in every store, for a privacy export.</summary>
    public Task<IReadOnlyList<CashbackPayoutView>> ExportAsync(CustomerId customer, CancellationToken cancellationToken = default) =>
        _payouts.ForCustomerEverywhereAsync(customer, cancellationToken);

    /// <summary>Forgets the customer's payouts (an erasure; the gift cards, which are money, stay the store's).</summary>
    public Task<int> EraseAsync(CustomerId customer, CancellationToken cancellationToken = default) => _payouts.DeleteCustomerAsync(customer, cancellationToken);

    /// <summary>A gift card code: <c>CB-</c> and 12 letters and digits that cannot be mistaken for each other, from a cryptographic source.</summary>
    public static string NewGiftCardCode()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var chars = new char[12];
        for (var i = 0; i < chars.Length; i++)
            chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        return $"CB-{new string(chars, 0, 4)}-{new string(chars, 4, 4)}-{new string(chars, 8, 4)}";
    }
}
