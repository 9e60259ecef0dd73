using Nop.Web.Framework.Models;

namespace Nop.Plugin.Misc.Retention.Models.Public;

/// <summary>The shopper's points, as the checkout, account and product widgets show them.</summary>
public record RewardsWidgetModel : BaseNopModel
{
    public int Available { get; set; }
    public int Pending { get; set; }
}
