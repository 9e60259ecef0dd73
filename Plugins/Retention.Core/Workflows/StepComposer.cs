using Retention.Core.Coupons;
using Retention.Core.Messaging;

namespace Retention.Core.Workflows;

/// <summary>
/// Turns the batch's decided sends into emails: issues each step's coupon (keyed by the step, so a retry gets the same
/// coupon), signs its links, renders through the host's content and builds the outbox message.
/// </summary>
internal sealed class StepComposer(ICouponIssuer coupons, IWorkflowContent content, EmailLinks links)
{
    /// <summary>
    /// Issues the sending steps' coupons, renders their messages in one call (one by one if that call fails, so a bad step
    /// fails alone) and turns each into its outcome: the email, or a skip when the content has nothing to say. Keyed by
    /// enrollment id.
    /// </summary>
    public async Task<Dictionary<long, PlannedStep>> ComposeAsync(IReadOnlyList<PlannedStep> sends, IReadOnlyDictionary<Common.StoreId, StoreRun> stores,
        DateTime now, List<Exception> failures, CancellationToken cancellationToken)
    {
        var messages = new List<(PlannedStep Step, StepMessage Message)>();
        foreach (var send in sends)
            await RunFailures.IsolatedAsync(failures, RunFailures.StepName(send.Enrollment), async () =>
            {
                var (enrollment, index) = (send.Enrollment, send.Enrollment.NextStep);
                var coupon = send.Workflow.Steps[index].Coupon is { } offer ? await IssueCouponAsync(enrollment, index, offer, now, cancellationToken) : null;
                var stepLinks = links.For(enrollment, send.Workflow, index, stores[enrollment.Store].Settings.TrackOpens, now);
                messages.Add((send, new StepMessage(enrollment, send.Workflow, index, send.Contact!, coupon, stepLinks, IsPreview: false)));
            });

        var composed = new Dictionary<long, PlannedStep>();
        foreach (var (send, message, rendered) in await RenderAsync(messages, failures, cancellationToken))
            composed[send.Enrollment.Id] = rendered.HasContent
                ? send with { Outcome = new StepOutcome(send.Transition,
                    StepTransitions.StepEvent(send.Enrollment, WorkflowEventKind.Sent, message.Coupon?.Code, now), Email(message, rendered, now)) }
                : StepDecision.Skip(send.Enrollment, send.Workflow, rendered.NothingToSay!, permanent: false, now);
        return composed;
    }

    private async Task<List<(PlannedStep Step, StepMessage Message, StepContent Content)>> RenderAsync(List<(PlannedStep Step, StepMessage Message)> messages,
        List<Exception> failures, CancellationToken cancellationToken)
    {
        var rendered = new List<(PlannedStep, StepMessage, StepContent)>();
        if (messages.Count == 0)
            return rendered;
        try
        {
            var contents = await content.RenderManyAsync(messages.Select(m => m.Message).ToList(), cancellationToken);
            if (contents.Count != messages.Count)
                throw new InvalidOperationException($"The content port rendered {contents.Count} of {messages.Count} messages.");
            rendered.AddRange(messages.Zip(contents, (m, c) => (m.Step, m.Message, c)));
            return rendered;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // One step's bad product or template must not hold back the others: render each alone, naming the one that fails.
        }
        foreach (var (step, message) in messages)
            await RunFailures.IsolatedAsync(failures, RunFailures.StepName(step.Enrollment),
                async () => rendered.Add((step, message, await content.RenderAsync(message, cancellationToken))));
        return rendered;
    }

    private Task<IssuedCoupon> IssueCouponAsync(Enrollment enrollment, int index, CouponOffer offer, DateTime now, CancellationToken cancellationToken) =>
        coupons.IssueAsync(new CouponRequest
        {
            Key = enrollment.StepKey(index),
            Store = enrollment.Store,
            Customer = enrollment.Customer,
            Kind = offer.Kind,
            Value = offer.Value,
            ExpiresUtc = now.AddDays(offer.ValidDays),
            Name = $"Retention: {enrollment.Workflow} step {index + 1}",
        }, cancellationToken);

    private static OutboundMessage Email(StepMessage message, StepContent content, DateTime now) => new()
    {
        Key = message.Enrollment.StepKey(message.StepIndex),
        Store = message.Enrollment.Store,
        Customer = message.Enrollment.Customer,
        ToEmail = message.Contact.Email!,
        ToName = message.Contact.Name,
        TemplateName = message.Workflow.Steps[message.StepIndex].TemplateName,
        Tokens = content.Tokens,
        IsMarketing = message.Workflow.IsMarketing,
        CreatedUtc = now,
    };
}
