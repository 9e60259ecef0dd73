using Retention.Core.Common;
using Retention.Core.Loyalty;

namespace Retention.Core.Tests.Loyalty;

/// <summary>A clock that says what the test tells it.</summary>
public sealed class FixedClock(DateTime now) : IClock
{
    public DateTime UtcNow { get; set; } = now;
}

/// <summary>Short builders for the loyalty rules' inputs.</summary>
public static class L
{
    public static readonly DateTime T0 = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    public static readonly StoreId Store1 = new(1);
    public static readonly CustomerId Customer = new(7);

    /// <summary>Settings with no activation delay and no expiry unless a test asks, so numbers stay obvious.</summary>
    public static LoyaltySettings Plain => new() { ActivationDelayDays = 0, Expiry = ExpiryMode.Never, ExpiryMonths = 0 };

    public static EarnLine Line(decimal price, int quantity = 1, int product = 100, decimal discount = 0m, bool giftCard = false, params int[] categories) =>
        new(product, quantity, price, discount, giftCard, categories);

    public static EarnOrder Order(int id, params EarnLine[] lines) => new(Store1, Customer, id, T0, lines);

    public static EarnOrder Order(decimal amount, int id = 1) => Order(id, Line(amount));

    public static LedgerEntry Credit(string key, int points, DateTime at, DateTime? expires = null,
        LedgerReason reason = LedgerReason.Purchase, string? sourceRef = null, DateTime? activates = null) => new()
    {
        Key = new IdempotencyKey(key),
        Store = Store1,
        Customer = Customer,
        Points = points,
        Reason = reason,
        Source = reason == LedgerReason.Purchase ? LedgerSource.Order : LedgerSource.Customer,
        SourceRef = sourceRef,
        CreatedUtc = at,
        ActivatesUtc = activates ?? at,
        ExpiresUtc = expires,
    };

    public static LedgerEntry Spend(string key, int points, DateTime at, string? order = null) => new()
    {
        Key = new IdempotencyKey(key),
        Store = Store1,
        Customer = Customer,
        Points = -points,
        Reason = LedgerReason.Redemption,
        Source = LedgerSource.Order,
        SourceRef = order,
        CreatedUtc = at,
        ActivatesUtc = at,
    };
}
