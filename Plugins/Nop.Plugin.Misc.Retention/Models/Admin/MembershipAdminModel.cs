using System.Globalization;
using Nop.Web.Framework.Models;
using Retention.Core.Membership;

namespace Nop.Plugin.Misc.Retention.Models.Admin;

/// <summary>
/// The membership settings page (Retention → Membership): the store scope's <see cref="MembershipSettings"/>. The form's
/// fields are named <c>Membership.GraceDays</c>… as Core's messages name them, so each error lands beside its field.
/// </summary>
public record MembershipAdminModel : BaseNopModel
{
    public int ActiveStoreScopeConfiguration { get; set; }
    public MembershipFormModel Membership { get; set; } = new();
}

/// <summary>The settings as typed: the members-only products as comma-separated IDs.</summary>
public record MembershipFormModel
{
    public bool Enabled { get; set; }
    public int ProductId { get; set; }
    public decimal DiscountPercent { get; set; }
    public bool FreeShipping { get; set; }
    public decimal PointsMultiplier { get; set; }
    public int GraceDays { get; set; }
    public int RenewalReminderDays { get; set; }
    public int ExpiryReminderDays { get; set; }
    public string MemberOnlyProductIds { get; set; }

    public static MembershipFormModel From(MembershipSettings settings) => new()
    {
        Enabled = settings.Enabled, ProductId = settings.ProductId, DiscountPercent = settings.DiscountPercent, FreeShipping = settings.FreeShipping,
        PointsMultiplier = settings.PointsMultiplier, GraceDays = settings.GraceDays, RenewalReminderDays = settings.RenewalReminderDays,
        ExpiryReminderDays = settings.ExpiryReminderDays,
        MemberOnlyProductIds = string.Join(", ", settings.MemberOnlyProductIds.Select(id => id.ToString(CultureInfo.InvariantCulture))),
    };

    /// <summary>The settings the form names; null when the members-only list is not whole numbers separated by commas.</summary>
    public MembershipSettings ToSettings()
    {
        var ids = new List<int>();
        foreach (var part in (MemberOnlyProductIds ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
                return null;
            ids.Add(id);
        }
        return new MembershipSettings
        {
            Enabled = Enabled, ProductId = ProductId, DiscountPercent = DiscountPercent, FreeShipping = FreeShipping, PointsMultiplier = PointsMultiplier,
            GraceDays = GraceDays, RenewalReminderDays = RenewalReminderDays, ExpiryReminderDays = ExpiryReminderDays, MemberOnlyProductIds = ids,
        };
    }
}
