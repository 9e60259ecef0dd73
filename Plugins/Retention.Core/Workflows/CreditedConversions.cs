using System.Linq.Expressions;
using Retention.Core.Common;

namespace Retention.Core.Workflows;

/// <summary>
/// Which workflow events the reports credit to the emails: every event but a control enrollment's conversion (a control
/// enrollment was sent nothing, so no email earned its order; the lift report counts those orders on its own, as
/// "enrolled and ordered"). The dashboard's attributed revenue and the workflows list's converted and revenue columns
/// both filter with this one rule, so their totals for the same window agree.
/// </summary>
public static class CreditedConversions
{
    /// <summary>True for every event except a control enrollment's Converted event; translatable by EF Core and linq2db.</summary>
    public static readonly Expression<Func<WorkflowEventFact, bool>> Credited =
        e => !(e.IsControl && e.KindId == (int)WorkflowEventKind.Converted);

    /// <summary>
    /// The key of an order's Converted event, <c>wf-converted:{store}:{order}</c>: one conversion per order, whichever email
    /// and however often the order is reported (a host writing past conversions uses it too).
    /// </summary>
    public static IdempotencyKey Key(int storeId, int orderId) => IdempotencyKey.For("wf-converted", storeId, orderId);
}
