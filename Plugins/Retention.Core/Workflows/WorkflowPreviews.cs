using System.Net.Mail;
using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Core.Messaging;
using Retention.Core.Store;

namespace Retention.Core.Workflows;

/// <summary>
/// What the admin sees of a step before it goes out: a preview rendered with a real customer's data, and a test email
/// to the admin's address. Nothing is recorded, issued or counted; their links are preview links that change nothing.
/// </summary>
public sealed class WorkflowPreviews
{
    /// <summary>The token a test send adds (value <c>[Test]</c>), so templates and hosts can mark the email as a test.</summary>
    public const string TestMarkerToken = "Retention.TestMarker";

    /// <summary>The code previews and test sends show where a step carries a coupon: none is issued for them.</summary>
    public const string SampleCouponCode = "SAMPLE-COUPON";

    private readonly IWorkflowSettingsStore _settings;
    private readonly IContactDirectory _contacts;
    private readonly IWorkflowContent _content;
    private readonly IMessageOutbox _outbox;
    private readonly EmailLinks _links;
    private readonly IStoreData _store;
    private readonly IQueryRunner _runner;
    private readonly IClock _clock;

    internal WorkflowPreviews(IWorkflowSettingsStore settings, IContactDirectory contacts, IWorkflowContent content, IMessageOutbox outbox, EmailLinks links,
        IStoreData store, IQueryRunner runner, IClock clock)
    {
        _settings = settings;
        _contacts = contacts;
        _content = content;
        _outbox = outbox;
        _links = links;
        _store = store;
        _runner = runner;
        _clock = clock;
    }

    /// <summary>Renders step <paramref name="stepIndex"/> of a workflow with a real customer's data; nothing is recorded, issued or sent, and its links are preview links that change nothing when followed.</summary>
    public async Task<StepPreview> PreviewAsync(StoreId store, WorkflowKind workflow, int stepIndex, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var sample = await RenderSampleAsync(store, workflow, stepIndex, customer, cancellationToken);
        return new StepPreview(sample.Step.TemplateName, sample.Content.Tokens, sample.Content.NothingToSay);
    }

    /// <summary>
    /// Sends step <paramref name="stepIndex"/> rendered for <paramref name="sampleCustomer"/> to <paramref name="toEmail"/>
    /// (an admin's address): no enrollment, no cap, no coupon issued (a sample code is shown). False when there is nothing to
    /// send (the host's content answers "nothing to say", e.g. for a missing template or an empty sample cart).
    /// </summary>
    public async Task<bool> SendTestAsync(StoreId store, WorkflowKind workflow, int stepIndex, CustomerId sampleCustomer, string toEmail,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(toEmail) || !MailAddress.TryCreate(toEmail.Trim(), out var address))
            throw new ArgumentException("Give the email address the test should go to.", nameof(toEmail));
        var sample = await RenderSampleAsync(store, workflow, stepIndex, sampleCustomer, cancellationToken);
        if (!sample.Content.HasContent)
            return false;
        var tokens = new Dictionary<string, string>(sample.Content.Tokens) { [TestMarkerToken] = "[Test]" };
        return await _outbox.TryEnqueueAsync(new OutboundMessage
        {
            // Every request is its own email: an admin sending the same test twice wants two.
            Key = IdempotencyKey.For("wf-test", store, (int)workflow, stepIndex, Guid.NewGuid().ToString("N")),
            Store = store,
            Customer = sampleCustomer,
            ToEmail = address.Address,
            TemplateName = sample.Step.TemplateName,
            Tokens = tokens,
            IsMarketing = false,
            CreatedUtc = _clock.UtcNow,
        }, cancellationToken);
    }

    private sealed record Sample(WorkflowStep Step, StepContent Content);

    /// <summary>
    /// What the sample enrollment is about. Review requests, CSAT surveys, cross-sells and replenishment reminders are about
    /// an order (a replenishment about one of its products), so the sample is the customer's latest order in the store, as a
    /// real enrollment would name one; null without one (the email would have nothing to show).
    /// </summary>
    private async Task<string?> SampleSubjectAsync(StoreId store, WorkflowKind kind, CustomerId customer, CancellationToken cancellationToken)
    {
        if (kind is not (WorkflowKind.ReviewRequest or WorkflowKind.CsatSurvey or WorkflowKind.CrossSell or WorkflowKind.Replenishment))
            return "preview";
        var latest = await _runner.ToListAsync(_store.Orders.Where(o => o.StoreId == store.Value && o.CustomerId == customer.Value)
            .OrderByDescending(o => o.CreatedOnUtc).ThenByDescending(o => o.Id).Select(o => o.Id).Take(1), cancellationToken);
        if (latest.Count == 0)
            return null;
        if (kind != WorkflowKind.Replenishment)
            return TriggerRules.OrderSubject(latest[0]);
        var product = await _runner.ToListAsync(_store.OrderLines.Where(l => l.OrderId == latest[0] && !l.IsGiftCard)
            .OrderBy(l => l.Id).Select(l => l.ProductId).Take(1), cancellationToken);
        return product.Count == 0 ? TriggerRules.OrderSubject(latest[0]) : TriggerRules.ReplenishmentSubject(latest[0], product[0]);
    }

    private async Task<Sample> RenderSampleAsync(StoreId store, WorkflowKind kind, int stepIndex, CustomerId customer, CancellationToken cancellationToken)
    {
        var settings = await _settings.LoadAsync(store, cancellationToken);
        var workflow = settings.For(kind);
        if (stepIndex < 0 || stepIndex >= workflow.Steps.Count)
            throw new ArgumentOutOfRangeException(nameof(stepIndex), stepIndex, $"The {kind} workflow has steps 0 to {workflow.Steps.Count - 1}.");
        var contact = await _contacts.GetAsync(store, customer, cancellationToken)
                      ?? throw new ArgumentException($"Customer {customer} does not exist in store {store}; choose another sample customer.", nameof(customer));
        var now = _clock.UtcNow;
        var step = workflow.Steps[stepIndex];
        if (await SampleSubjectAsync(store, kind, customer, cancellationToken) is not { } subject)
            return new Sample(step, StepContent.Nothing($"Customer {customer} has no order in this store, and the {kind} email is about an order; "
                + "choose a customer who has ordered."));
        var enrollment = new Enrollment
        {
            Workflow = kind,
            Store = store,
            Customer = customer,
            Subject = subject,
            EnrolledUtc = now,
            AnchorUtc = now,
            IsControl = false,
            NextStep = stepIndex,
            NextDueUtc = now,
        };
        var coupon = step.Coupon is { } offer ? new IssuedCoupon(SampleCouponCode, now.AddDays(offer.ValidDays)) : null;
        var links = _links.For(enrollment, workflow, stepIndex, settings.TrackOpens, now, preview: true);
        var content = await _content.RenderAsync(new StepMessage(enrollment, workflow, stepIndex, contact, coupon, links, IsPreview: true), cancellationToken);
        return new Sample(step, content);
    }
}
