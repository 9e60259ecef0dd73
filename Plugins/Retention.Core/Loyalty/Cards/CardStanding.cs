// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using Retention.Core.Common;

namespace Retention.Core.Loyalty.Cards;

/// <summary>The card level a customer holds as last saved: its threshold and percent (null: none).</summary>
public sealed record CardStanding(CardLevel? Level)
{
    public static CardStanding None { get; } = new((CardLevel?)null);
}

/// <summary>Which way a re-evaluation moved the card.</summary>
public enum CardChange
{
    Up = 1,
    Down = 2,
}

/// <summary>
/// A customer's card moved: the host mirrors it (the plugin maps the customer to the level's role, whose discount
/// nopCommerce's checkout applies) and Core's door hands a move up to the card's workflow email.
/// </summary>
/// <param name="LevelNumber">1 for the lowest level of the ladder at the time; 0 for none.</param>
public sealed record CardChanged(StoreId Store, CustomerId Customer, CardLevel? From, CardLevel? To, CardChange Change, DateTime AtUtc, int LevelNumber);

/// <summary>Where each customer's card stands, per store (the host's table through <see cref="Tables.CardStandingStore"/>).</summary>
public interface ICardStandingStore
{
    Task<CardStanding> GetAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default);

    /// <summary>Replaces the standing (last writer wins: the value is recomputed from the orders at every evaluation).</summary>
    Task SaveAsync(StoreId store, CustomerId customer, CardStanding standing, CancellationToken cancellationToken = default);

    /// <summary>Customers holding a level in <paramref name="store"/>, ascending id after <paramref name="afterCustomerId"/>.</summary>
    Task<IReadOnlyList<CustomerId>> HoldersAsync(StoreId store, int afterCustomerId, int take, CancellationToken cancellationToken = default);

    /// <summary>How many customers hold each level (by threshold), counted in the database.</summary>
    Task<IReadOnlyDictionary<decimal, int>> HoldersPerLevelAsync(StoreId store, CancellationToken cancellationToken = default);

    /// <summary>Deletes the customer's standings in every store (erasure); the number deleted.</summary>
    Task<int> EraseAsync(CustomerId customer, CancellationToken cancellationToken = default);
}

/// <summary>What the host does after a card moved (customer roles in the plugin; nothing in the sandbox, whose checkout reads the standing).</summary>
public interface ICardObserver
{
    Task CardChangedAsync(CardChanged change, CancellationToken cancellationToken = default);
}
