using Retention.Core.Cashback;
using Retention.Core.Common;

namespace Retention.Testing.InMemory;

/// <summary>Gift cards in a list: what a customer holds and spends, for cashback paid as store credit.</summary>
public sealed class InMemoryCashbackGiftCards : ICashbackGiftCards
{
    private readonly object _sync = new();

    public sealed class Card
    {
        public int Id { get; init; }
        public int StoreId { get; init; }
        public int CustomerId { get; init; }
        public string Code { get; init; } = "";
        public decimal Amount { get; set; }
        public decimal Used { get; set; }
        public decimal Remaining => Math.Max(0m, Amount - Used);
    }

    public List<Card> Cards { get; } = new();

    public Task<int> IssueAsync(StoreId store, CustomerId customer, string code, decimal amount, string note, CancellationToken cancellationToken = default)
    {
        lock (_sync)
        {
            if (Cards.FirstOrDefault(c => c.Code == code) is { } existing)
                return Task.FromResult(existing.Id);
            var card = new Card { Id = Cards.Count + 1, StoreId = store.Value, CustomerId = customer.Value, Code = code, Amount = amount };
            Cards.Add(card);
            return Task.FromResult(card.Id);
        }
    }

    public Task<IReadOnlyDictionary<int, decimal>> RemainingAsync(IReadOnlyCollection<int> giftCardIds, CancellationToken cancellationToken = default)
    {
        lock (_sync)
            return Task.FromResult<IReadOnlyDictionary<int, decimal>>(Cards.Where(c => giftCardIds.Contains(c.Id)).ToDictionary(c => c.Id, c => c.Remaining));
    }

    public Task<decimal> ReduceAsync(int giftCardId, decimal amount, CancellationToken cancellationToken = default)
    {
        lock (_sync)
        {
            var card = Cards.Single(c => c.Id == giftCardId);
            var take = Math.Clamp(card.Remaining, 0m, Math.Max(0m, amount));
            card.Amount -= take;
            return Task.FromResult(take);
        }
    }

    /// <summary>The customer spends <paramref name="amount"/> of the card at checkout.</summary>
    public void Spend(string code, decimal amount)
    {
        lock (_sync)
            Cards.Single(c => c.Code == code).Used += amount;
    }
}
