using Nop.Plugin.Misc.Retention.Data;
using Retention.Core.Loyalty;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>
/// Published through nopCommerce's event publisher after a customer moved between tiers (and the customer roles were
/// updated), so other features and plugins can react with an <c>IConsumer&lt;RetentionTierChangedEvent&gt;</c>. The plugin itself
/// does not listen: Core hands the change to the tier-up workflow directly (<see cref="global::Retention.Core.Events.StoreEvents"/>).
/// </summary>
public class RetentionTierChangedEvent
{
    public RetentionTierChangedEvent(TierChanged change)
    {
        Change = change ?? throw new ArgumentNullException(nameof(change));
    }

    public TierChanged Change { get; }
}
