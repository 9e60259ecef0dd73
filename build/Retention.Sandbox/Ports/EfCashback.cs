using Microsoft.EntityFrameworkCore;
using Retention.Core.Cashback;
using Retention.Core.Common;
using Retention.Core.Tables;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Ports;

/// <summary>
/// The simulated store's gift cards (<c>GiftCards</c>): what cashback pays as store credit. The checkout takes a card's
/// code like a coupon and pays what it holds (<see cref="Workflows.SandboxCheckout"/>).
/// </summary>
public sealed class EfCashbackGiftCards(SandboxDatabase database, IClock clock) : ICashbackGiftCards
{
    public async Task<int> IssueAsync(StoreId store, CustomerId customer, string code, decimal amount, string note, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = database.CreateContext();
            if (await db.GiftCards.AsNoTracking().Where(g => g.Code == code).Select(g => (int?)g.Id).FirstOrDefaultAsync(cancellationToken) is { } existing)
                return existing;
            var card = new SandboxGiftCardRow
            {
                StoreId = store.Value, CustomerId = customer.Value, Code = code, Amount = amount, Note = note, CreatedUtc = clock.UtcNow,
            };
            db.GiftCards.Add(card);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return card.Id;
            }
            catch (DbUpdateException e) when (attempt == 0 && SandboxDatabase.IsUniqueViolation(e))
            {
                // Another writer made the card with this code first: the next round finds it.
            }
        }
    }

    public async Task<IReadOnlyDictionary<int, decimal>> RemainingAsync(IReadOnlyCollection<int> giftCardIds, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var found = new Dictionary<int, decimal>();
        foreach (var chunk in giftCardIds.Distinct().Chunk(TableQueries.ChunkSize))
            foreach (var card in await db.GiftCards.AsNoTracking().Where(g => chunk.Contains(g.Id)).Select(g => new { g.Id, g.Amount, g.UsedAmount })
                         .ToListAsync(cancellationToken))
                found[card.Id] = Math.Max(0m, card.Amount - card.UsedAmount);
        return found;
    }

    public async Task<decimal> ReduceAsync(int giftCardId, decimal amount, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var card = await db.GiftCards.FirstOrDefaultAsync(g => g.Id == giftCardId, cancellationToken);
        if (card is null || amount <= 0m)
            return 0m;
        var take = Math.Min(card.Remaining, amount);
        card.Amount -= take;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return take;
    }
}
