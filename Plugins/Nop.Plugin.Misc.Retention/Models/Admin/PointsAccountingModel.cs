using Microsoft.AspNetCore.Mvc.Rendering;
using Nop.Web.Framework.Models;
using Nop.Web.Framework.Mvc.ModelBinding;

namespace Nop.Plugin.Misc.Retention.Models.Admin;

/// <summary>The finance page's filter: one store and a range of UTC days.</summary>
public record PointsAccountingSearchModel : BaseNopModel
{
    [NopResourceDisplayName(RetentionLocales.AccountingPrefix + "Store")]
    public int StoreId { get; set; }

    [NopResourceDisplayName(RetentionLocales.AccountingPrefix + "From")]
    public DateTime? From { get; set; }

    [NopResourceDisplayName(RetentionLocales.AccountingPrefix + "To")]
    public DateTime? To { get; set; }
}

/// <summary>The finance page: the filter, the stores to choose from and, once asked, the days.</summary>
public record PointsAccountingModel : BaseNopModel
{
    public PointsAccountingSearchModel Search { get; set; } = new();
    public List<SelectListItem> AvailableStores { get; set; } = new();
    public List<PointsAccountingDayModel> Days { get; set; } = new();
    /// <summary>True once a valid range was run (an empty table then means "no movement").</summary>
    public bool HasResult { get; set; }
    /// <summary>The loyalty mechanics' lines (cashback owed as points and as gift cards, membership revenue, stamp coupons outstanding); labels are <c>finance.{Key}</c> dashboard texts.</summary>
    public List<global::Retention.Core.Dashboard.MechanicsAccountingLine> Mechanics { get; set; } = new();
}

/// <summary>One day of the report; values in the primary store currency.</summary>
public record PointsAccountingDayModel : BaseNopModel
{
    public DateOnly Day { get; set; }
    public long Opening { get; set; }
    public long Earned { get; set; }
    public long Bonuses { get; set; }
    public long Adjusted { get; set; }
    public long Reversed { get; set; }
    public long Redeemed { get; set; }
    public long Reimbursed { get; set; }
    public long Expired { get; set; }
    public long Closing { get; set; }
    public long PendingAtClose { get; set; }
    public decimal OpeningValue { get; set; }
    public decimal ClosingValue { get; set; }
    /// <summary>Points paid by challenges less those taken back (also inside <see cref="Closing"/>).</summary>
    public long Challenges { get; set; }
}
