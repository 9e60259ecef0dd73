using System.Net.Mail;
using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Core.Coupons;
using Retention.Core.Messaging;
using Retention.Core.Store;

namespace Retention.Core.Workflows;

// The engine: enrolling, running due steps under the contact policy, previews and test sends.
public sealed partial class WorkflowProgram
{
    /// <summary>The token a test send adds (value <c>[Test]</c>), so templates and hosts can mark the email as a test.</summary>
    public const string TestMarkerToken = "Retention.TestMarker";

    /// <summary>The code previews and test sends show where a step carries a coupon: none is issued for them.</summary>
    public const string SampleCouponCode = "SAMPLE-COUPON";

    /// <summary>How long a run may hold its lock before another node may take over (a dead holder's lock lapses).</summary>
    private static readonly TimeSpan RunLockExpiry = TimeSpan.FromMinutes(30);

    /// <summary>Precision of "when does a slot under the weekly cap free up".</summary>
    private static readonly TimeSpan SlotSearchStep = TimeSpan.FromHours(1);

    /// <summary>
    /// Puts the customer into the workflow about the subject if the workflow is on in the store, the customer is in its
    /// audience and past its re-entry time; assigns the control group deterministically (same customer + workflow → same
    /// arm on every node) and schedules the first step at anchor + its delay.
    /// </summary>
    public async Task<EnrollOutcome> EnrollAsync(EnrollmentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Subject) || request.Subject.Length > Enrollment.MaxSubjectLength)
            throw new ArgumentException($"An enrollment needs a subject of 1 to {Enrollment.MaxSubjectLength} characters.", nameof(request));

        var settings = await _s.Settings.LoadAsync(request.Store, cancellationToken);
        var workflow = settings.For(request.Workflow);
        var options = await _s.Options.LoadAsync(request.Store, cancellationToken);
        if (!options.Enabled || !workflow.Enabled || workflow.Steps.Count == 0)
            return EnrollOutcome.WorkflowOff;
        if (request.Workflow == WorkflowKind.AbandonedCart && settings.BuiltInReminders == BuiltInRemindersMode.StandAside
            && (await _s.BuiltInReminders.DetectAsync(cancellationToken)).Present)
            return EnrollOutcome.StoodAside;
        // An erased customer is in no audience: a late event must not write an enrollment for the id (see Erasure).
        if (await ErasedAsync(request.Store, request.Customer, cancellationToken)
            || !await InAudienceAsync(request, workflow.Audience, cancellationToken))
            return EnrollOutcome.NotInAudience;

        var now = _s.Clock.UtcNow;
        if (workflow.ReentryDays > 0
            && await _s.Enrollments.LastEnrolledAsync(request.Workflow, request.Store, request.Customer, cancellationToken) is { } last
            && now - last < TimeSpan.FromDays(workflow.ReentryDays))
            return await IsActiveAlreadyAsync(request, cancellationToken) ? EnrollOutcome.AlreadyEnrolled : EnrollOutcome.ReentryTooSoon;

        var isControl = ControlGroup.IsControl(request.Store, request.Customer, request.Workflow, workflow.ControlGroupPercent);
        var enrollment = new Enrollment
        {
            Workflow = request.Workflow,
            Store = request.Store,
            Customer = request.Customer,
            Subject = request.Subject,
            EnrolledUtc = now,
            AnchorUtc = request.AnchorUtc,
            IsControl = isControl,
            NextStep = 0,
            NextDueUtc = Later(request.AnchorUtc + workflow.Steps[0].Delay, now),
        };
        if (await _s.Enrollments.TryAddAsync(enrollment, cancellationToken) is null)
            return EnrollOutcome.AlreadyEnrolled;
        return isControl ? EnrollOutcome.EnrolledAsControl : EnrollOutcome.Enrolled;
    }

    /// <summary>
    /// The scheduled run, under <see cref="RunLockResource"/>: per store, the scans that enroll (abandoned carts, dormant
    /// customers, birthdays, expiring points), then up to <paramref name="batchSize"/> due steps (higher-priority workflows
    /// first), then expired unused coupons. The due steps run as one batch (WorkflowProgram.Batch.cs): their facts read once
    /// per store, each step decided in memory (exits, condition, contact policy), then coupons, rendering and the outcomes
    /// committed by compare-and-set — so a crash anywhere repeats nothing when the run is retried.
    /// </summary>
    public async Task<WorkflowRunReport> RunAsync(int batchSize = 500, CancellationToken cancellationToken = default)
    {
        if (batchSize < 1 || batchSize > MaxBatchSize)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"A run takes between 1 and {MaxBatchSize} due steps.");
        WorkflowRunReport? report = null;
        var ran = await _s.Lock.TryRunExclusiveAsync(RunLockResource, RunLockExpiry,
            async token => report = await RunExclusiveAsync(batchSize, token), cancellationToken);
        return ran && report is not null ? report : WorkflowRunReport.Busy;
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
        return await _s.Outbox.TryEnqueueAsync(new OutboundMessage
        {
            // Every request is its own email: an admin sending the same test twice wants two.
            Key = IdempotencyKey.For("wf-test", store, (int)workflow, stepIndex, Guid.NewGuid().ToString("N")),
            Store = store,
            Customer = sampleCustomer,
            ToEmail = address.Address,
            TemplateName = sample.Step.TemplateName,
            Tokens = tokens,
            IsMarketing = false,
            CreatedUtc = _s.Clock.UtcNow,
        }, cancellationToken);
    }

    /// <summary>Closes the customer's active enrollments in the store whose workflow exits on <paramref name="reason"/>, except those <paramref name="keep"/> spares; returns how many.</summary>
    internal async Task<int> ExitAsync(StoreId store, CustomerId customer, ExitOn reason, DateTime atUtc, CancellationToken cancellationToken = default,
        Func<Enrollment, bool>? keep = null)
    {
        var settings = await _s.Settings.LoadAsync(store, cancellationToken);
        var exited = 0;
        foreach (var enrollment in await _s.Enrollments.ActiveForCustomerAsync(store, customer, cancellationToken))
            if ((settings.For(enrollment.Workflow).ExitOn & reason) != 0 && !(keep?.Invoke(enrollment) ?? false)
                && await CloseAsync(enrollment, EnrollmentState.Exited, ExitReason(reason), atUtc, cancellationToken))
                exited++;
        return exited;
    }

    private static string ExitReason(ExitOn reason) => reason switch
    {
        ExitOn.OrderPlaced => "The customer placed an order.",
        ExitOn.CartEmptied => "The cart was emptied.",
        _ => $"Exit on {reason}.",
    };

    // ---- the run ----

    /// <summary>What one store's run works with, loaded once per run.</summary>
    private sealed record StoreRun(WorkflowProgramSettings Settings, RetentionOptions Options, ContactPolicy Policy);

    /// <summary>Counts of what a run did; steps count only when this runner's write won.</summary>
    private sealed class RunTally
    {
        public int Enrolled, Sent, Withheld, Skipped, Deferred, Exited;

        public void Count(Counted counted)
        {
            switch (counted)
            {
                case Counted.Sent: Sent++; break;
                case Counted.Withheld: Withheld++; break;
                case Counted.Skipped: Skipped++; break;
                case Counted.Deferred: Deferred++; break;
                case Counted.Exited: Exited++; break;
            }
        }

        public WorkflowRunReport ToReport(int couponsCleaned) => new(Enrolled, Sent, Withheld, Skipped, Deferred, Exited, couponsCleaned, LockBusy: false);
    }

    /// <summary>
    /// The run's three parts, each failure kept apart: a store whose scan fails, or one enrollment whose step fails every
    /// time (a product gone, a template broken), must not hold back every other step. The failures are thrown together
    /// at the end, so the host's task logs them; the failed steps stay due and are tried again on the next run.
    /// </summary>
    private async Task<WorkflowRunReport> RunExclusiveAsync(int batchSize, CancellationToken cancellationToken)
    {
        var tally = new RunTally();
        var failures = new List<Exception>();
        var stores = new Dictionary<StoreId, StoreRun>();
        foreach (var store in await _s.Settings.StoresAsync(cancellationToken))
        {
            var run = await StoreRunAsync(store, stores, cancellationToken);
            if (run.Options.Enabled)
                await IsolatedAsync(failures, $"The scans of store {store}",
                    async () => tally.Enrolled += await ScanStoreAsync(store, run.Settings, run.Options, batchSize, cancellationToken));
        }

        var due = await _s.Enrollments.DueAsync(_s.Clock.UtcNow, batchSize, cancellationToken);
        foreach (var store in due.Select(e => e.Store).Distinct())
            await StoreRunAsync(store, stores, cancellationToken);
        // The batch is the earliest due; within it the higher-priority workflows go first, so they take the cap's slots.
        var ordered = due.OrderByDescending(e => stores[e.Store].Settings.For(e.Workflow).Priority).ThenBy(e => e.NextDueUtc).ThenBy(e => e.Id);
        await RunDueStepsAsync(ordered.ToList(), stores, tally, failures, cancellationToken);

        // The issuer cleans across stores: the longest grace any store asks for is the one that is safe for all.
        var cleanupDays = stores.Count == 0 ? WorkflowCatalog.Defaults().CouponCleanupDays : stores.Values.Max(r => r.Settings.CouponCleanupDays);
        var cleaned = 0;
        await IsolatedAsync(failures, "The coupon cleanup",
            async () => cleaned = await _s.Coupons.CleanupExpiredAsync(_s.Clock.UtcNow.AddDays(-cleanupDays), batchSize, cancellationToken));
        if (failures.Count > 0)
            throw new AggregateException($"{failures.Count} part(s) of the workflow run failed; the rest ran, and what failed is tried again next run.", failures);
        return tally.ToReport(cleaned);
    }

    private static async Task IsolatedAsync(List<Exception> failures, string what, Func<Task> part)
    {
        try
        {
            await part();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            failures.Add(new WorkflowRunException($"{what} failed: {exception.Message}", exception));
        }
    }

    private async Task<StoreRun> StoreRunAsync(StoreId store, Dictionary<StoreId, StoreRun> loaded, CancellationToken cancellationToken)
    {
        if (!loaded.TryGetValue(store, out var run))
        {
            var options = await _s.Options.LoadAsync(store, cancellationToken);
            run = new StoreRun(await _s.Settings.LoadAsync(store, cancellationToken), options, new ContactPolicy(options));
            loaded.Add(store, run);
        }
        return run;
    }

    private async Task<bool> InAudienceAsync(EnrollmentRequest request, AudienceRules audience, CancellationToken cancellationToken)
    {
        if (audience.MinOrders == 0 && audience.MaxOrders is null)
            return true;
        var customer = request.Customer.Value;
        var orders = new Metrics.CountedOrders(request.AnchorUtc, request.Store.Value).Apply(_s.Store.Orders).Where(o => o.CustomerId == customer);
        var count = await _s.Runner.CountAsync(orders, cancellationToken);
        return count >= audience.MinOrders && (audience.MaxOrders is not { } max || count <= max);
    }

    private async Task<bool> IsActiveAlreadyAsync(EnrollmentRequest request, CancellationToken cancellationToken) =>
        (await _s.Enrollments.ActiveForCustomerAsync(request.Store, request.Customer, cancellationToken))
        .Any(e => e.Workflow == request.Workflow && e.Subject == request.Subject);

    private Task<IssuedCoupon> IssueCouponAsync(Enrollment enrollment, int index, CouponOffer offer, DateTime now, CancellationToken cancellationToken) =>
        _s.Coupons.IssueAsync(new CouponRequest
        {
            Key = enrollment.StepKey(index),
            Store = enrollment.Store,
            Customer = enrollment.Customer,
            Kind = offer.Kind,
            Value = offer.Value,
            ExpiresUtc = now.AddDays(offer.ValidDays),
            Name = $"Retention: {enrollment.Workflow} step {index + 1}",
        }, cancellationToken);

    private Task<bool> CloseAsync(Enrollment enrollment, EnrollmentState state, string? reason, DateTime now, CancellationToken cancellationToken) =>
        _s.Enrollments.TryAdvanceAsync(Move(enrollment, enrollment.NextStep, null, state, reason, now), cancellationToken);

    /// <summary>The one outcome event of a step (sent, withheld or skipped), under the step's key so it is recorded once.</summary>
    private static WorkflowEvent StepEvent(Enrollment enrollment, WorkflowEventKind kind, string? detail, DateTime now) => new()
    {
        Key = enrollment.StepKey(enrollment.NextStep),
        EnrollmentId = enrollment.Id,
        Workflow = enrollment.Workflow,
        Step = enrollment.NextStep,
        Store = enrollment.Store,
        Customer = enrollment.Customer,
        Kind = kind,
        OccurredUtc = now,
        IsControl = enrollment.IsControl,
        Detail = Clip(detail),
    };

    private static string? Clip(string? text) => text is { Length: > 400 } ? text[..400] : text;

    private static DateTime Later(DateTime a, DateTime b) => a > b ? a : b;

    // ---- previews and test sends ----

    private sealed record Sample(WorkflowStep Step, StepContent Content);

    private async Task<Sample> RenderSampleAsync(StoreId store, WorkflowKind kind, int stepIndex, CustomerId customer, CancellationToken cancellationToken)
    {
        var settings = await _s.Settings.LoadAsync(store, cancellationToken);
        var workflow = settings.For(kind);
        if (stepIndex < 0 || stepIndex >= workflow.Steps.Count)
            throw new ArgumentOutOfRangeException(nameof(stepIndex), stepIndex, $"The {kind} workflow has steps 0 to {workflow.Steps.Count - 1}.");
        var contact = await _s.Contacts.GetAsync(store, customer, cancellationToken)
                      ?? throw new ArgumentException($"Customer {customer} does not exist in store {store}; choose another sample customer.", nameof(customer));
        var now = _s.Clock.UtcNow;
        var step = workflow.Steps[stepIndex];
        var enrollment = new Enrollment
        {
            Workflow = kind,
            Store = store,
            Customer = customer,
            Subject = "preview",
            EnrolledUtc = now,
            AnchorUtc = now,
            IsControl = false,
            NextStep = stepIndex,
            NextDueUtc = now,
        };
        var coupon = step.Coupon is { } offer ? new IssuedCoupon(SampleCouponCode, now.AddDays(offer.ValidDays)) : null;
        var links = LinksFor(enrollment, workflow, stepIndex, settings.TrackOpens, now, preview: true);
        var content = await _s.Content.RenderAsync(new StepMessage(enrollment, workflow, stepIndex, contact, coupon, links, IsPreview: true), cancellationToken);
        return new Sample(step, content);
    }
}
