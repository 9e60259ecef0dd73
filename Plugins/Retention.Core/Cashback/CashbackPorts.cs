using Retention.Core.Common;

namespace Retention.Core.Cashback;

/// <summary>
/// The store's gift cards, for cashback paid as store credit: nopCommerce's own <c>GiftCard</c> in the plugin (a
/// customer redeems it at checkout with its code), the sandbox's gift card table in the sandbox.
/// </summary>
public interface ICashbackGiftCards
{
    /// <summary>
    /// Makes an activated gift card worth <paramref name="amount"/> in the store for the customer, with
    /// <paramref name="code"/> as its code, and returns its id; when a card with that code exists (a retried payout) it
    /// returns that card's id and makes nothing.
    /// </summary>
    Task<int> IssueAsync(StoreId store, CustomerId customer, string code, decimal amount, string note, CancellationToken cancellationToken = default);

    /// <summary>The remaining balance of each card named (a card the store no longer has is left out).</summary>
    Task<IReadOnlyDictionary<int, decimal>> RemainingAsync(IReadOnlyCollection<int> giftCardIds, CancellationToken cancellationToken = default);

    /// <summary>Takes up to <paramref name="amount"/> off the card's remaining balance, never below zero; what it took.</summary>
    Task<decimal> ReduceAsync(int giftCardId, decimal amount, CancellationToken cancellationToken = default);
}

/// <summary>A period paid to one customer: what the statement email is enrolled for.</summary>
public sealed record CashbackPaid(StoreId Store, CustomerId Customer, CashbackPeriod Period, DateTime AtUtc)
{
    /// <summary><c>cashback:{period}</c>: one statement per store, customer and period.</summary>
    public string Subject => "cashback:" + Period.Label;

    /// <summary>The period a statement's enrollment subject names; null for another subject.</summary>
    public static CashbackPeriod? PeriodOf(string? subject) =>
        subject is not null && subject.StartsWith("cashback:", StringComparison.Ordinal) ? CashbackPeriod.Parse(subject["cashback:".Length..]) : null;
}
