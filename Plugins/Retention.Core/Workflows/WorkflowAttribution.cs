using Retention.Core.Common;

namespace Retention.Core.Workflows;

/// <summary>
/// What a placed order tells the reports about the emails before it: the conversion of the last step that reached the
/// customer, and the redemption of the coupons steps issued. Both are events keyed by the order, written once.
/// </summary>
internal sealed class WorkflowAttribution(IWorkflowEventStore events)
{
    /// <summary>
    /// How many earlier sends a coupon redemption looks through to find the step that issued the code (each is one
    /// index-backed query; only orders that used a coupon code pay for it).
    /// </summary>
    private const int MaxCouponLookups = 50;

    /// <summary>Converted, keyed by the order: the last non-control touch (click, or send or click) inside the attribution window.</summary>
    public async Task AttributeAsync(PlacedOrder order, WorkflowProgramSettings settings, CancellationToken cancellationToken)
    {
        var fact = order.Order;
        var at = fact.CreatedOnUtc;
        WorkflowEventKind[] touches = settings.AttributionBasis == AttributionBasis.Click
            ? [WorkflowEventKind.Clicked]
            : [WorkflowEventKind.Sent, WorkflowEventKind.Clicked];
        var touch = await events.LastAsync(new StoreId(fact.StoreId), new CustomerId(fact.CustomerId), touches,
            at.AddDays(-settings.AttributionWindowDays), at, cancellationToken);
        if (touch is null)
            return;
        await events.TryAddAsync(touch with
        {
            Key = CreditedConversions.Key(fact.StoreId, fact.Id),
            Kind = WorkflowEventKind.Converted,
            OccurredUtc = at,
            OrderId = fact.Id,
            Revenue = fact.OrderTotal,
            Detail = null,
        }, cancellationToken);
    }

    /// <summary>
    /// CouponRedeemed for each code of the order that a step issued: the batch writes the code into its Sent event's
    /// Detail, so the customer's sends are walked back from the order, newest first, as far as the longest coupon validity.
    /// </summary>
    public async Task CountCouponRedemptionsAsync(PlacedOrder order, WorkflowProgramSettings settings, CancellationToken cancellationToken)
    {
        var fact = order.Order;
        var store = new StoreId(fact.StoreId);
        var customer = new CustomerId(fact.CustomerId);
        var longest = WorkflowCatalog.All.Select(settings.For).SelectMany(w => w.Steps).Max(s => s.Coupon?.ValidDays ?? 0);
        if (longest == 0)
            return;
        var codes = new HashSet<string>(order.CouponCodes.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()), StringComparer.OrdinalIgnoreCase);
        var from = fact.CreatedOnUtc.AddDays(-longest);
        var before = fact.CreatedOnUtc.AddTicks(1);
        for (var i = 0; i < MaxCouponLookups && codes.Count > 0; i++)
        {
            var sent = await events.LastAsync(store, customer, [WorkflowEventKind.Sent], from, before, cancellationToken);
            if (sent is null)
                return;
            if (sent.Detail is { } code && codes.Remove(code.Trim()))
            {
                await events.TryAddAsync(sent with
                {
                    Key = IdempotencyKey.For("wf-coupon", fact.StoreId, fact.Id, sent.EnrollmentId, sent.Step),
                    Kind = WorkflowEventKind.CouponRedeemed,
                    OccurredUtc = fact.CreatedOnUtc,
                    OrderId = fact.Id,
                    Revenue = 0m,
                }, cancellationToken);
            }
            before = sent.OccurredUtc;
        }
    }
}
