namespace Retention.Core.Loyalty;

/// <summary>
/// The program's hard bounds. A customer's balance stays within ±<see cref="MaxBalance"/> however it is adjusted, and
/// every sum of points is taken in 64 bits, so no page can fail on an overflow: a store-wide total of a million
/// balances at the limit still fits.
/// </summary>
public static class LoyaltyLimits
{
    /// <summary>The largest balance an admin adjustment may leave a customer with (a billion points).</summary>
    public const int MaxBalance = 1_000_000_000;

    /// <summary>The longest reason an admin may give for an adjustment.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>The default largest number of points one adjustment may add or take.</summary>
    public const int DefaultMaxAdjustmentPoints = 100_000;
}
