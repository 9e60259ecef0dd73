using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Retention.Core.Cashback;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Tables;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>
/// Cashback paid as store credit through nopCommerce's own gift cards: a virtual, activated <see cref="GiftCard"/> worth
/// the cashback, its coupon code the one Core chose, the customer as recipient. The shopper enters the code in the cart's
/// gift card box, and nopCommerce's checkout takes it off the total and records a <see cref="GiftCardUsageHistory"/> row;
/// what is left is the amount less those rows, as <c>GiftCardService.GetGiftCardRemainingAmountAsync</c> computes it.
/// </summary>
/// <remarks>
/// A nopCommerce 4.90 gift card belongs to nobody (it is a bearer code): the customer is named as recipient and the card
/// is found through the payout row. A take-back after a refund lowers the card's <see cref="GiftCard.Amount"/> by what
/// it still holds, never below what was used, so the remaining balance falls and never goes negative.
/// </remarks>
public class NopCashbackGiftCards(IRepository<GiftCard> giftCards, IRepository<GiftCardUsageHistory> usage, IRepository<Customer> customers, IQueryRunner runner,
    IClock clock) : ICashbackGiftCards
{
    /// <summary>nopCommerce's <c>GiftCardType.Virtual</c>.</summary>
    public const int VirtualGiftCard = 0;

    public async Task<int> IssueAsync(StoreId store, CustomerId customer, string code, decimal amount, string note, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(code, cancellationToken) is { } existing)
            return existing;
        var id = customer.Value;
        var who = await runner.FirstOrDefaultAsync(customers.Table.Where(c => c.Id == id).Select(c => new { c.Email, c.FirstName, c.LastName }), cancellationToken);
        var card = new GiftCard
        {
            GiftCardTypeId = VirtualGiftCard,
            Amount = amount,
            IsGiftCardActivated = true,
            GiftCardCouponCode = code,
            RecipientEmail = who?.Email,
            RecipientName = who is null ? null : string.Join(" ", new[] { who.FirstName, who.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))),
            Message = note,
            // The statement email is the notice; nopCommerce's own "gift card notification" is not sent.
            IsRecipientNotified = true,
            CreatedOnUtc = clock.UtcNow,
        };
        await giftCards.InsertAsync(card);
        return card.Id;
    }

    public async Task<IReadOnlyDictionary<int, decimal>> RemainingAsync(IReadOnlyCollection<int> giftCardIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(giftCardIds);
        var found = new Dictionary<int, decimal>();
        foreach (var chunk in giftCardIds.Distinct().Chunk(TableQueries.ChunkSize))
        {
            var ids = chunk.ToList();
            var cards = await runner.ToListAsync(giftCards.Table.Where(g => ids.Contains(g.Id)).Select(g => new { g.Id, g.Amount }), cancellationToken);
            // Money is summed in memory, as Core does: the used values of these cards only.
            var used = (await runner.ToListAsync(usage.Table.Where(u => ids.Contains(u.GiftCardId)).Select(u => new { u.GiftCardId, u.UsedValue }), cancellationToken))
                .GroupBy(u => u.GiftCardId).ToDictionary(g => g.Key, g => g.Sum(u => u.UsedValue));
            foreach (var card in cards)
                found[card.Id] = Math.Max(0m, card.Amount - used.GetValueOrDefault(card.Id));
        }
        return found;
    }

    public async Task<decimal> ReduceAsync(int giftCardId, decimal amount, CancellationToken cancellationToken = default)
    {
        if (amount <= 0m)
            return 0m;
        var card = await runner.FirstOrDefaultAsync(giftCards.Table.Where(g => g.Id == giftCardId), cancellationToken);
        if (card is null)
            return 0m;
        var remaining = (await RemainingAsync([giftCardId], cancellationToken)).GetValueOrDefault(giftCardId);
        var take = Math.Min(remaining, amount);
        if (take <= 0m)
            return 0m;
        card.Amount -= take;
        await giftCards.UpdateAsync(card);
        return take;
    }

    private async Task<int?> FindAsync(string code, CancellationToken cancellationToken) =>
        await runner.FirstOrDefaultAsync(giftCards.Table.Where(g => g.GiftCardCouponCode == code).Select(g => (int?)g.Id), cancellationToken);
}
