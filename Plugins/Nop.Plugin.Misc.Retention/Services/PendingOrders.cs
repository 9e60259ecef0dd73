using Nop.Plugin.Misc.Retention.Data;
using Nop.Core.Domain.Discounts;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Store;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>
/// Orders on their way into the workflows. Checkout records the order id (<see cref="RecordAsync"/>: a look-up and one
/// insert, nothing else on the shopper's request); the workflow task, under the run's lock and before any due step, hands
/// each recorded order to Core's door (<see cref="StoreEvents.OrderPlacedAsync"/>) once (<see cref="ProcessAsync"/>), so
/// an order's exits still stop its sequences before their next step.
/// </summary>
public class PendingOrders
{
    /// <summary>Orders taken per run; the rest wait for the next run, five minutes later.</summary>
    public const int BatchSize = 500;

    /// <summary>Failed tries after which an order is left alone (its last error stays on the row).</summary>
    public const int MaxAttempts = 5;

    /// <summary>How long a processed row is kept, so a late replay of the event is still recognised.</summary>
    public static readonly TimeSpan KeepProcessed = TimeSpan.FromDays(30);

    private const int MaxErrorLength = 400;

    private readonly IRepository<RetentionPendingOrder> _pending;
    private readonly IRepository<DiscountUsageHistory> _discountUsages;
    private readonly IRepository<Discount> _discounts;
    private readonly StoreEvents _events;
    private readonly IStoreData _storeData;
    private readonly IQueryRunner _runner;
    private readonly IClock _clock;

    public PendingOrders(IRepository<RetentionPendingOrder> pending, IRepository<DiscountUsageHistory> discountUsages, IRepository<Discount> discounts,
        StoreEvents events, IStoreData storeData, IQueryRunner runner, IClock clock)
    {
        _pending = pending;
        _discountUsages = discountUsages;
        _discounts = discounts;
        _events = events;
        _storeData = storeData;
        _runner = runner;
        _clock = clock;
    }

    /// <summary>Records the order for the next run; recording it again changes nothing.</summary>
    public Task RecordAsync(int orderId)
    {
        if (orderId <= 0)
            throw new ArgumentOutOfRangeException(nameof(orderId), orderId, "An order id is positive.");
        return KeyedInsert.TryInsertAsync(_pending, _runner, new RetentionPendingOrder { OrderId = orderId, RecordedOnUtc = _clock.UtcNow },
            table => table.Where(p => p.OrderId == orderId));
    }

    /// <summary>
    /// Hands up to <see cref="BatchSize"/> recorded orders, oldest first, to the workflows and marks each done. An order
    /// that fails keeps its row, counts the try and is tried again next run (up to <see cref="MaxAttempts"/>); the others go
    /// on. Then forgets processed rows older than <see cref="KeepProcessed"/>. Call it under the run's lock.
    /// </summary>
    public async Task<PendingOrdersReport> ProcessAsync(CancellationToken cancellationToken = default)
    {
        var pending = await _runner.ToListAsync(_pending.Table
            .Where(p => p.ProcessedOnUtc == null && p.Attempts < MaxAttempts)
            .OrderBy(p => p.Id)
            .Take(BatchSize), cancellationToken);
        var processed = 0;
        var failures = new List<string>();
        foreach (var row in pending)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                // An order deleted since checkout has nothing left to say to the workflows.
                if (await PlacedOrderAsync(row.OrderId, cancellationToken) is { } order)
                    await _events.OrderPlacedAsync(order, cancellationToken);
                row.ProcessedOnUtc = _clock.UtcNow;
                row.LastError = null;
                processed++;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                row.Attempts++;
                row.LastError = exception.Message is { Length: > MaxErrorLength } message ? message[..MaxErrorLength] : exception.Message;
                failures.Add($"Order {row.OrderId} (try {row.Attempts} of {MaxAttempts}): {exception.Message}");
            }
            await _pending.UpdateAsync(row, publishEvent: false);
        }

        var before = _clock.UtcNow - KeepProcessed;
        foreach (var old in await _runner.ToListAsync(_pending.Table
                     .Where(p => p.ProcessedOnUtc != null && p.ProcessedOnUtc < before)
                     .OrderBy(p => p.Id)
                     .Take(BatchSize), cancellationToken))
            await _pending.DeleteAsync(old, publishEvent: false);
        return new PendingOrdersReport(processed, failures);
    }

    /// <summary>The order as the workflows see it, with its lines and the coupon codes its discounts were applied by.</summary>
    private async Task<PlacedOrder> PlacedOrderAsync(int orderId, CancellationToken cancellationToken)
    {
        var fact = await _runner.FirstOrDefaultAsync(_storeData.Orders.Where(o => o.Id == orderId));
        if (fact == null)
            return null;
        var lines = await _runner.ToListAsync(_storeData.OrderLines.Where(l => l.OrderId == orderId).OrderBy(l => l.Id), cancellationToken);
        // nopCommerce writes the discount usage history while placing the order, before it publishes the event.
        var codes = await _runner.ToListAsync(
            from usage in _discountUsages.Table
            join discount in _discounts.Table on usage.DiscountId equals discount.Id
            where usage.OrderId == orderId && discount.RequiresCouponCode && discount.CouponCode != null
            select discount.CouponCode, cancellationToken);
        return new PlacedOrder(fact, lines, codes.Distinct(StringComparer.OrdinalIgnoreCase).ToList());
    }
}

/// <summary>What a run did with the pending orders: how many went through, and why the others did not.</summary>
public sealed record PendingOrdersReport(int Processed, IReadOnlyList<string> Failures);
