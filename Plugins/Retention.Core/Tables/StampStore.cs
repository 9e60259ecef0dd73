using Retention.Core.Common;
using Retention.Core.Store;

namespace Retention.Core.Tables;

/// <summary>What a <see cref="StampRow"/> records.</summary>
public enum StampRowKind
{
    /// <summary>One stamp an order gave.</summary>
    Stamp = 1,
    /// <summary>A card that filled, with its coupon.</summary>
    Card = 2,
}

/// <summary>The state of a <see cref="StampRow"/>.</summary>
public enum StampState
{
    /// <summary>A stamp that counts.</summary>
    Active = 1,
    /// <summary>A stamp its order's refund, cancellation or deletion took away.</summary>
    Removed = 2,
    /// <summary>A stamp on a partial card that lapsed.</summary>
    Expired = 3,
    /// <summary>A full card whose coupon stands.</summary>
    Filled = 10,
    /// <summary>A full card that lost a stamp before its coupon was used: the coupon was withdrawn.</summary>
    Withdrawn = 11,
    /// <summary>A full card that lost a stamp after its coupon was used: the coupon stays, the stamp is owed (the overdraft).</summary>
    Overdrawn = 12,
}

/// <summary>
/// One stamp, or one filled card, of a customer's stamp card in one store; unique by its key. Stamps are keyed by order
/// (<c>stamp:{store}:{card}:{order}:{n}</c>), filled cards by their number (<c>stamp-card:{store}:{card}:{customer}:{number}</c>,
/// the key of the card's coupon too), so a replayed event writes nothing twice.
/// </summary>
public sealed class StampRow : TableRow
{
    public string IdempotencyKey { get; set; } = "";
    public int StoreId { get; set; }
    /// <summary>The store's stamp card (<see cref="Stamps.StampCardDefinition.Id"/>).</summary>
    public int CardId { get; set; }
    public int CustomerId { get; set; }
    /// <summary>The order that gave the stamp; 0 on a card row.</summary>
    public int OrderId { get; set; }
    /// <summary>Which of the customer's cards, from 1: the stamps of one card and its card row share it.</summary>
    public int CardNumber { get; set; }
    /// <summary><see cref="StampRowKind"/>.</summary>
    public int KindId { get; set; }
    /// <summary><see cref="StampState"/>.</summary>
    public int StateId { get; set; }
    /// <summary>When the stamp was given (the order paid) or the card filled.</summary>
    public DateTime CreatedOnUtc { get; set; }
    /// <summary>A card row's coupon code; null on a stamp.</summary>
    public string? CouponCode { get; set; }
    /// <summary>A card row's reward in the primary currency (the amount off, or the free product's price when it filled).</summary>
    public decimal RewardValue { get; set; }
}

/// <summary>
/// The stamp table's reads and writes, the one implementation every host uses: keyed inserts, and state changes as
/// compare-and-sets (a stamp moves from <see cref="StampState.Active"/> only once, a card from <see cref="StampState.Filled"/>
/// only once), so two deliveries of one refund take a stamp away once.
/// </summary>
public sealed class StampStore(ITable<StampRow> table, IQueryRunner runner)
{
    /// <summary>The rows of one customer's card (few: a card's stamps and its fills), oldest first.</summary>
    public Task<List<StampRow>> CardAsync(StoreId store, int cardId, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var (storeId, customerId) = (store.Value, customer.Value);
        return runner.ToListAsync(table.Rows.Where(r => r.StoreId == storeId && r.CardId == cardId && r.CustomerId == customerId)
            .OrderBy(r => r.CardNumber).ThenBy(r => r.Id), cancellationToken);
    }

    /// <summary>Every row of one customer in one store, for the shopper's cards.</summary>
    public Task<List<StampRow>> CustomerAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var (storeId, customerId) = (store.Value, customer.Value);
        return runner.ToListAsync(table.Rows.Where(r => r.StoreId == storeId && r.CustomerId == customerId)
            .OrderBy(r => r.CardId).ThenBy(r => r.CardNumber).ThenBy(r => r.Id), cancellationToken);
    }

    /// <summary>Every row of a customer in every store: the privacy export.</summary>
    public Task<List<StampRow>> ExportAsync(CustomerId customer, CancellationToken cancellationToken = default)
    {
        var customerId = customer.Value;
        return runner.ToListAsync(table.Rows.Where(r => r.CustomerId == customerId).OrderBy(r => r.StoreId).ThenBy(r => r.Id), cancellationToken);
    }

    /// <summary>The stamps an order gave that still count.</summary>
    public Task<List<StampRow>> ActiveStampsOfOrderAsync(StoreId store, int orderId, CancellationToken cancellationToken = default)
    {
        var (storeId, active, stamp) = (store.Value, (int)StampState.Active, (int)StampRowKind.Stamp);
        return runner.ToListAsync(table.Rows.Where(r => r.StoreId == storeId && r.OrderId == orderId && r.KindId == stamp && r.StateId == active)
            .OrderBy(r => r.Id), cancellationToken);
    }

    /// <summary>The customers holding an active stamp on the card given in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>): whose partial card may lapse soon.</summary>
    public Task<List<int>> ActiveStampHoldersAsync(StoreId store, int cardId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
    {
        var (storeId, active, stamp) = (store.Value, (int)StampState.Active, (int)StampRowKind.Stamp);
        return runner.ToListAsync(table.Rows.Where(r => r.StoreId == storeId && r.CardId == cardId && r.KindId == stamp && r.StateId == active
                                                        && r.CreatedOnUtc >= fromUtc && r.CreatedOnUtc < toUtc)
            .Select(r => r.CustomerId).Distinct().OrderBy(id => id), cancellationToken);
    }

    /// <summary>The keyed insert: true when this call wrote the row.</summary>
    public Task<bool> TryAddAsync(StampRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        var key = row.IdempotencyKey;
        return table.TryInsertAsync(row, r => r.IdempotencyKey == key, cancellationToken);
    }

    /// <summary>Moves the rows of <paramref name="ids"/> that are in <paramref name="from"/> to <paramref name="to"/>; the number moved.</summary>
    public Task<int> ChangeStateAsync(IReadOnlyCollection<long> ids, StampState from, StampState to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
            return Task.FromResult(0);
        var (list, fromId, toId) = (ids.ToList(), (int)from, (int)to);
        return table.UpdateAsync(r => list.Contains(r.Id) && r.StateId == fromId, r => new StampRow { StateId = toId }, cancellationToken);
    }

    /// <summary>Puts the active stamps of <paramref name="ids"/> on card <paramref name="number"/>; the number moved.</summary>
    public Task<int> MoveAsync(IReadOnlyCollection<long> ids, int number, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
            return Task.FromResult(0);
        var (list, active) = (ids.ToList(), (int)StampState.Active);
        return table.UpdateAsync(r => list.Contains(r.Id) && r.StateId == active, r => new StampRow { CardNumber = number }, cancellationToken);
    }

    /// <summary>Forgets every row of a customer (a privacy erasure); the number deleted.</summary>
    public Task<int> EraseAsync(CustomerId customer, CancellationToken cancellationToken = default)
    {
        var customerId = customer.Value;
        return table.DeleteAsync(r => r.CustomerId == customerId, cancellationToken);
    }

    /// <summary>The filled cards of a store whose card filled in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>): the finance report's rows.</summary>
    public Task<List<StampRow>> CardsFilledAsync(StoreId store, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
    {
        var (storeId, card) = (store.Value, (int)StampRowKind.Card);
        return runner.ToListAsync(table.Rows.Where(r => r.StoreId == storeId && r.KindId == card && r.CreatedOnUtc >= fromUtc && r.CreatedOnUtc < toUtc)
            .OrderBy(r => r.CreatedOnUtc).ThenBy(r => r.Id), cancellationToken);
    }

    /// <summary>
    /// In one store: the partial cards holding a stamp that counts (a lapsed card counts until a stamp or the night marks
    /// it), and the cards that filled and kept their coupon. Counted in the database.
    /// </summary>
    public async Task<(int ActiveCards, int FilledCards)> CountsAsync(StoreId store, CancellationToken cancellationToken = default)
    {
        var (storeId, stamp, active, card, filled, overdrawn) =
            (store.Value, (int)StampRowKind.Stamp, (int)StampState.Active, (int)StampRowKind.Card, (int)StampState.Filled, (int)StampState.Overdrawn);
        // One queryable for the query and its subquery: a host may hand out a new one (a new context) on every read.
        var rows = table.Rows;
        var open = await runner.CountAsync(rows
            .Where(r => r.StoreId == storeId && r.KindId == stamp && r.StateId == active
                        && !rows.Any(c => c.StoreId == storeId && c.KindId == card && c.CardId == r.CardId && c.CustomerId == r.CustomerId && c.CardNumber == r.CardNumber))
            .Select(r => new { r.CardId, r.CustomerId, r.CardNumber }).Distinct(), cancellationToken);
        var full = await runner.CountAsync(rows.Where(r => r.StoreId == storeId && r.KindId == card && (r.StateId == filled || r.StateId == overdrawn)),
            cancellationToken);
        return (open, full);
    }
}
