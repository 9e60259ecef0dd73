using Retention.Core.Cashback;
using Retention.Core.Common;
using Retention.Core.Store;

namespace Retention.Core.Tables;

/// <summary>
/// One cashback payout as stored: one row per store, customer and period, unique by its key
/// (<see cref="CashbackRules.PayoutKey"/>). Money is kept in cents (whole numbers) so totals are summed in the database on
/// every provider (SQLite has no decimal type). A row with customer 0 marks a period whose payout run finished
/// (<see cref="CashbackRules.ClosedKey"/>).
/// </summary>
public sealed class CashbackPayoutRow : TableRow
{
    public string IdempotencyKey { get; set; } = "";
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    /// <summary><see cref="CashbackPeriod.Label"/>.</summary>
    public string Period { get; set; } = "";
    public DateTime PeriodStartUtc { get; set; }
    public DateTime PeriodEndUtc { get; set; }
    public long SpendCents { get; set; }
    public decimal RatePercent { get; set; }
    public long AmountCents { get; set; }
    /// <summary><see cref="CashbackPayout"/> as its number.</summary>
    public int PayAsId { get; set; }
    /// <summary>Points credited (paid as points).</summary>
    public int Points { get; set; }
    /// <summary>The gift card's code, chosen before the card is made so a retried issue finds the same card.</summary>
    public string? GiftCardCode { get; set; }
    /// <summary>The host's gift card, once issued.</summary>
    public int? GiftCardId { get; set; }
    public long ClawedBackCents { get; set; }
    public int ClawedBackPoints { get; set; }
    /// <summary>What refunds owed back that the gift card's balance (or, under "cap at zero", the points balance) no longer held.</summary>
    public long ShortfallCents { get; set; }
    public int ShortfallPoints { get; set; }
    public DateTime CreatedOnUtc { get; set; }
    public DateTime UpdatedOnUtc { get; set; }

    public static long Cents(decimal amount) => (long)Math.Round(amount * 100m, MidpointRounding.AwayFromZero);

    public static decimal Money(long cents) => cents / 100m;
}

/// <summary>One payout as Core reads it.</summary>
public sealed record CashbackPayoutView(long Id, StoreId Store, CustomerId Customer, CashbackPeriod Period, DateTime StartUtc, DateTime EndUtc,
    decimal Spend, decimal RatePercent, decimal Amount, CashbackPayout PayAs, int Points, string? GiftCardCode, int? GiftCardId,
    decimal ClawedBack, int ClawedBackPoints, decimal Shortfall, int ShortfallPoints, DateTime PaidUtc);

/// <summary>Cashback paid on one UTC day, one way of paying.</summary>
public sealed class CashbackDaySum
{
    public int Year { get; set; }
    public int Month { get; set; }
    public int Day { get; set; }
    public int PayAsId { get; set; }
    public int Customers { get; set; }
    public long AmountCents { get; set; }
    public long Points { get; set; }
}

/// <summary>Totals of one way of paying (for the liability and the dashboard).</summary>
public sealed class CashbackTotals
{
    public int PayAsId { get; set; }
    public int Customers { get; set; }
    public long AmountCents { get; set; }
    public long ClawedBackCents { get; set; }
    public long Points { get; set; }
    public long ClawedBackPoints { get; set; }
}

/// <summary>
/// The cashback payouts over the host's table, the one implementation every host uses. A payout is a keyed insert (paid
/// once per store, customer and period however many nights or nodes try); the gift card and take-backs are
/// compare-and-set updates of the row, so of two writers only one changes it.
/// </summary>
public sealed class CashbackStore(ITable<CashbackPayoutRow> table, IQueryRunner runner, IClock clock)
{
    /// <summary>Inserts the payout unless its key exists; true when this call inserted it (its id set).</summary>
    public Task<bool> TryAddAsync(CashbackPayoutRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        var key = row.IdempotencyKey;
        return table.TryInsertAsync(row, r => r.IdempotencyKey == key, cancellationToken);
    }

    public async Task<CashbackPayoutView?> GetAsync(StoreId store, CustomerId customer, CashbackPeriod period, CancellationToken cancellationToken = default)
    {
        var key = CashbackRules.PayoutKey(store, customer, period).Value;
        var row = await runner.FirstOrDefaultAsync(table.Rows.Where(r => r.IdempotencyKey == key), cancellationToken);
        return row is null ? null : ViewOf(row);
    }

    /// <summary>The customer's payouts in the store, newest period first.</summary>
    public async Task<IReadOnlyList<CashbackPayoutView>> ForCustomerAsync(StoreId store, CustomerId customer, int take = 24, CancellationToken cancellationToken = default)
    {
        var (storeId, customerId) = (store.Value, customer.Value);
        var rows = await runner.ToListAsync(table.Rows.Where(r => r.CustomerId == customerId && r.StoreId == storeId)
            .OrderByDescending(r => r.PeriodStartUtc).Take(take), cancellationToken);
        return rows.Select(ViewOf).ToList();
    }

    /// <summary>The customer's payouts in every store (privacy export).</summary>
    public async Task<IReadOnlyList<CashbackPayoutView>> ForCustomerEverywhereAsync(CustomerId customer, CancellationToken cancellationToken = default)
    {
        var customerId = customer.Value;
        var rows = await runner.ToListAsync(table.Rows.Where(r => r.CustomerId == customerId).OrderBy(r => r.Id), cancellationToken);
        return rows.Select(ViewOf).ToList();
    }

    /// <summary>Whether the period's payout run finished in the store.</summary>
    public async Task<bool> IsClosedAsync(StoreId store, CashbackPeriod period, CancellationToken cancellationToken = default)
    {
        var key = CashbackRules.ClosedKey(store, period).Value;
        return await runner.CountAsync(table.Rows.Where(r => r.IdempotencyKey == key), cancellationToken) > 0;
    }

    /// <summary>Marks the period's payout run finished.</summary>
    public Task<bool> CloseAsync(StoreId store, CashbackPeriod period, TimeZoneInfo zone, CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow;
        return TryAddAsync(new CashbackPayoutRow
        {
            IdempotencyKey = CashbackRules.ClosedKey(store, period).Value,
            StoreId = store.Value,
            CustomerId = 0,
            Period = period.Label,
            PeriodStartUtc = period.StartUtc(zone),
            PeriodEndUtc = period.EndUtc(zone),
            CreatedOnUtc = now,
            UpdatedOnUtc = now,
        }, cancellationToken);
    }

    /// <summary>Records the gift card issued for a payout; false when one was recorded already.</summary>
    public async Task<bool> SetGiftCardAsync(long id, int giftCardId, CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow;
        return await table.UpdateAsync(r => r.Id == id && r.GiftCardId == null,
            r => new CashbackPayoutRow { GiftCardId = giftCardId, UpdatedOnUtc = now }, cancellationToken) > 0;
    }

    /// <summary>Gift card payouts whose card was not issued yet (a run stopped between the row and the card), oldest first.</summary>
    public async Task<IReadOnlyList<CashbackPayoutView>> AwaitingGiftCardAsync(StoreId store, int take, CancellationToken cancellationToken = default)
    {
        var (storeId, giftCard) = (store.Value, (int)CashbackPayout.GiftCard);
        var rows = await runner.ToListAsync(table.Rows
            .Where(r => r.StoreId == storeId && r.CustomerId > 0 && r.PayAsId == giftCard && r.GiftCardId == null)
            .OrderBy(r => r.Id).Take(take), cancellationToken);
        return rows.Select(ViewOf).ToList();
    }

    /// <summary>
    /// Moves a payout's take-back totals from what the caller read to the new totals, as one compare-and-set; false when
    /// another writer moved them first (the caller reads again).
    /// </summary>
    public async Task<bool> ClawBackAsync(CashbackPayoutView read, decimal clawedBack, int clawedBackPoints, decimal shortfall, int shortfallPoints,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        var (id, expectedCents, expectedPoints) = (read.Id, CashbackPayoutRow.Cents(read.ClawedBack), read.ClawedBackPoints);
        var (cents, points, shortCents, now) = (CashbackPayoutRow.Cents(clawedBack), clawedBackPoints, CashbackPayoutRow.Cents(shortfall), clock.UtcNow);
        return await table.UpdateAsync(r => r.Id == id && r.ClawedBackCents == expectedCents && r.ClawedBackPoints == expectedPoints,
            r => new CashbackPayoutRow
            {
                ClawedBackCents = cents, ClawedBackPoints = points, ShortfallCents = shortCents, ShortfallPoints = shortfallPoints, UpdatedOnUtc = now,
            }, cancellationToken) > 0;
    }

    /// <summary>Payouts made in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) per UTC day and way of paying (grouped in the database).</summary>
    public Task<List<CashbackDaySum>> PaidByDayAsync(StoreId store, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
    {
        var storeId = store.Value;
        return runner.ToListAsync(table.Rows
            .Where(r => r.StoreId == storeId && r.CustomerId > 0 && r.CreatedOnUtc >= fromUtc && r.CreatedOnUtc < toUtc)
            .GroupBy(r => new { r.CreatedOnUtc.Year, r.CreatedOnUtc.Month, r.CreatedOnUtc.Day, r.PayAsId })
            .Select(g => new CashbackDaySum
            {
                Year = g.Key.Year, Month = g.Key.Month, Day = g.Key.Day, PayAsId = g.Key.PayAsId, Customers = g.Count(),
                AmountCents = g.Sum(r => r.AmountCents), Points = g.Sum(r => (long)r.Points),
            }), cancellationToken);
    }

    /// <summary>Totals per way of paying of the payouts made before <paramref name="beforeUtc"/>, or of one period when <paramref name="period"/> is given.</summary>
    public Task<List<CashbackTotals>> TotalsAsync(StoreId store, DateTime beforeUtc, CashbackPeriod? period = null, CancellationToken cancellationToken = default)
    {
        var storeId = store.Value;
        var label = period?.Label;
        var rows = table.Rows.Where(r => r.StoreId == storeId && r.CustomerId > 0 && r.CreatedOnUtc < beforeUtc);
        if (label is not null)
            rows = rows.Where(r => r.Period == label);
        return runner.ToListAsync(rows.GroupBy(r => r.PayAsId).Select(g => new CashbackTotals
        {
            PayAsId = g.Key, Customers = g.Count(), AmountCents = g.Sum(r => r.AmountCents), ClawedBackCents = g.Sum(r => r.ClawedBackCents),
            Points = g.Sum(r => (long)r.Points), ClawedBackPoints = g.Sum(r => (long)r.ClawedBackPoints),
        }), cancellationToken);
    }

    /// <summary>The ids of the store's cashback gift cards, ascending, after <paramref name="afterId"/> (paged).</summary>
    public Task<List<int>> GiftCardIdsAsync(StoreId store, int afterId, int take, CancellationToken cancellationToken = default)
    {
        var storeId = store.Value;
        return runner.ToListAsync(table.Rows.Where(r => r.StoreId == storeId && r.GiftCardId != null && r.GiftCardId > afterId)
            .OrderBy(r => r.GiftCardId).Select(r => r.GiftCardId!.Value).Take(take), cancellationToken);
    }

    /// <summary>Forgets the customer's payouts in every store (an erasure); the number deleted.</summary>
    public Task<int> DeleteCustomerAsync(CustomerId customer, CancellationToken cancellationToken = default)
    {
        var customerId = customer.Value;
        return customerId <= 0 ? Task.FromResult(0) : table.DeleteAsync(r => r.CustomerId == customerId, cancellationToken);
    }

    /// <summary>A row as Core reads it.</summary>
    public static CashbackPayoutView ViewOf(CashbackPayoutRow r) => new(r.Id, new StoreId(r.StoreId), new CustomerId(r.CustomerId),
        CashbackPeriod.Parse(r.Period) ?? throw new InvalidOperationException($"Cashback row {r.Id} names no period: '{r.Period}'."),
        TableQueries.Utc(r.PeriodStartUtc), TableQueries.Utc(r.PeriodEndUtc), CashbackPayoutRow.Money(r.SpendCents), r.RatePercent,
        CashbackPayoutRow.Money(r.AmountCents), (CashbackPayout)r.PayAsId, r.Points, r.GiftCardCode, r.GiftCardId, CashbackPayoutRow.Money(r.ClawedBackCents),
        r.ClawedBackPoints, CashbackPayoutRow.Money(r.ShortfallCents), r.ShortfallPoints, TableQueries.Utc(r.CreatedOnUtc));
}
