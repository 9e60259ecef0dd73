using Retention.Core.Common;
using Retention.Core.Localization;

namespace Retention.Core.Membership;

/// <summary>
/// Paid membership of one store (issue 18 §3): the product customers buy (a nopCommerce recurring product, whose cycle
/// sets the period), the grace after a missed renewal, and the perks. Kept inside <see cref="Loyalty.LoyaltySettings"/>
/// (property <c>Membership</c>) so both hosts persist it with the rest of the program, per store.
/// </summary>
public sealed record MembershipSettings
{
    /// <summary>The membership's own switch, independent of the points program's.</summary>
    public bool Enabled { get; init; }

    /// <summary>The product whose paid order grants or renews the membership (0: none chosen).</summary>
    public int ProductId { get; init; }

    /// <summary>Days a member keeps the perks after a renewal was missed or failed, before the membership lapses.</summary>
    public int GraceDays { get; init; } = 7;

    /// <summary>Percent off the order total for members (0: no member discount).</summary>
    public decimal DiscountPercent { get; init; } = 5m;

    /// <summary>Members pay no shipping.</summary>
    public bool FreeShipping { get; init; } = true;

    /// <summary>Multiplies the points members earn, on top of the tier's (1: no extra points).</summary>
    public decimal PointsMultiplier { get; init; } = 2m;

    /// <summary>Days before each renewal the reminder email goes (0: no reminder).</summary>
    public int RenewalReminderDays { get; init; } = 7;

    /// <summary>Days before a membership in grace lapses the last-chance email goes (0: none).</summary>
    public int ExpiryReminderDays { get; init; } = 2;

    /// <summary>Products only members see (nopCommerce ACL for the member role in the plugin).</summary>
    public IReadOnlyList<int> MemberOnlyProductIds { get; init; } = Array.Empty<int>();

    /// <summary>Equal when every value and the member-only list in order are: a host loads a new list each time.</summary>
    public bool Equals(MembershipSettings? other) =>
        other is not null && Enabled == other.Enabled && ProductId == other.ProductId && GraceDays == other.GraceDays
        && DiscountPercent == other.DiscountPercent && FreeShipping == other.FreeShipping && PointsMultiplier == other.PointsMultiplier
        && RenewalReminderDays == other.RenewalReminderDays && ExpiryReminderDays == other.ExpiryReminderDays
        && MemberOnlyProductIds.SequenceEqual(other.MemberOnlyProductIds);

    public override int GetHashCode() => HashCode.Combine(Enabled, ProductId, GraceDays, DiscountPercent, FreeShipping, PointsMultiplier);

    /// <summary>The longest grace, in days.</summary>
    public const int MaxGraceDays = 90;

    /// <summary>The earliest a reminder can go, in days before its date.</summary>
    public const int MaxReminderDays = 60;

    /// <summary>The most member-only products.</summary>
    public const int MaxMemberOnlyProducts = 200;

    /// <summary>
    /// Checks what the admin typed; fields are named <c>Membership.ProductId</c>, <c>Membership.GraceDays</c>,
    /// <c>Membership.DiscountPercent</c>, <c>Membership.PointsMultiplier</c>, <c>Membership.RenewalReminderDays</c>,
    /// <c>Membership.ExpiryReminderDays</c> and <c>Membership.MemberOnlyProductIds</c>. A switched-on membership needs its
    /// product; the membership product cannot be member-only (nobody could buy it).
    /// </summary>
    public ValidationResult Validate(string prefix = "Membership.") => Validate(null, prefix);

    /// <summary>
    /// As <see cref="Validate(string)"/>, and with the store's catalog (<paramref name="productExists"/>): the membership
    /// product and every member-only product must be a product of the store.
    /// </summary>
    public ValidationResult Validate(Func<int, bool>? productExists, string prefix = "Membership.")
    {
        var result = ValidateValues(prefix);
        if (productExists is null) return result;
        if (ProductId > 0 && !result.Errors.Any(e => e.Field == prefix + nameof(ProductId)) && !productExists(ProductId))
            result.Add(prefix + nameof(ProductId), CoreMessages.StampNoSuchProduct(ProductId));
        if (!result.Errors.Any(e => e.Field == prefix + nameof(MemberOnlyProductIds))
            && (MemberOnlyProductIds ?? Array.Empty<int>()).FirstOrDefault(id => !productExists(id)) is > 0 and var missing)
            result.Add(prefix + nameof(MemberOnlyProductIds), CoreMessages.StampNoSuchProduct(missing));
        return result;
    }

    private ValidationResult ValidateValues(string prefix)
    {
        var result = new ValidationResult();
        if (ProductId < 0 || (Enabled && ProductId == 0))
            result.Add(prefix + nameof(ProductId), CoreMessages.MembershipProductRequired());
        result.Range(prefix + nameof(GraceDays), GraceDays, 0, MaxGraceDays);
        result.Range(prefix + nameof(DiscountPercent), DiscountPercent, 0m, 100m);
        result.Range(prefix + nameof(PointsMultiplier), PointsMultiplier, 1m, 100m);
        result.Range(prefix + nameof(RenewalReminderDays), RenewalReminderDays, 0, MaxReminderDays);
        result.Range(prefix + nameof(ExpiryReminderDays), ExpiryReminderDays, 0, MaxReminderDays);
        var list = MemberOnlyProductIds ?? Array.Empty<int>();
        if (list.Count > MaxMemberOnlyProducts || list.Any(id => id <= 0))
            result.Add(prefix + nameof(MemberOnlyProductIds), CoreMessages.MembershipMemberOnlyProducts(MaxMemberOnlyProducts));
        else if (ProductId > 0 && list.Contains(ProductId))
            result.Add(prefix + nameof(MemberOnlyProductIds), CoreMessages.MembershipProductNotMemberOnly());
        return result;
    }
}
