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
        if (!await InAudienceAsync(request, workflow.Audience, cancellationToken))
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
    /// first), then expired unused coupons. Each due step: exit checks, the step's condition, the contact policy (consent,
    /// suppression, weekly cap, quiet hours), the coupon, the email under the step's key, the event, and the enrollment
    /// moved on with a compare-and-set — so a crash between any two of these repeats nothing when the run is retried.
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

    /// <summary>Renders step <paramref name="stepIndex"/> of a workflow with a real customer's data; nothing is recorded, issued or sent.</summary>
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
        foreach (var enrollment in ordered)
            await IsolatedAsync(failures, $"Step {enrollment.NextStep + 1} of {enrollment.Workflow} enrollment {enrollment.Id}",
                () => RunStepAsync(enrollment, stores[enrollment.Store], tally, cancellationToken));

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

    /// <summary>
    /// One due step. Side effects run in the order coupon → email → event → state, each keyed by the step's key, and the
    /// enrollment moves on last with a compare-and-set: a retry after a crash anywhere re-issues the same coupon, finds the
    /// email queued already and the event recorded, and only then moves the enrollment.
    /// </summary>
    private async Task RunStepAsync(Enrollment enrollment, StoreRun run, RunTally tally, CancellationToken cancellationToken)
    {
        var now = _s.Clock.UtcNow;
        var workflow = run.Settings.For(enrollment.Workflow);
        var index = enrollment.NextStep;
        if (!run.Options.Enabled || !workflow.Enabled)
        {
            var reason = run.Options.Enabled ? "The workflow was switched off." : "Retention was switched off in the store.";
            await ExitCountedAsync(enrollment, reason, now, tally, cancellationToken);
            return;
        }
        if (index >= workflow.Steps.Count)
        {
            // The merchant removed steps since this enrollment started: nothing is left to send.
            await CloseAsync(enrollment, EnrollmentState.Completed, null, now, cancellationToken);
            return;
        }
        var cart = new Lazy<Task<bool>>(() => HasCartItemsAsync(enrollment, cancellationToken));
        if (await ExitReasonAsync(enrollment, workflow, cart, now, cancellationToken) is { } exit)
        {
            await ExitCountedAsync(enrollment, exit, now, tally, cancellationToken);
            return;
        }

        var step = workflow.Steps[index];
        if (await ConditionFailureAsync(enrollment, step.Condition, cart, cancellationToken) is { } failed)
        {
            await SkipAsync(enrollment, workflow, failed, permanent: false, now, tally, cancellationToken);
            return;
        }
        if (enrollment.IsControl)
        {
            await RecordAndAdvanceAsync(enrollment, workflow, WorkflowEventKind.Withheld, null, now, cancellationToken, () => tally.Withheld++);
            return;
        }

        var contact = await _s.Contacts.GetAsync(enrollment.Store, enrollment.Customer, cancellationToken);
        var decision = run.Policy.CheckContact(workflow.IsMarketing, contact);
        if (decision.Verdict == ContactVerdict.Send && workflow.IsMarketing)
            decision = await TimingAsync(enrollment, workflow, step, contact!, run, now, cancellationToken);
        switch (decision.Verdict)
        {
            case ContactVerdict.Skip:
                await SkipAsync(enrollment, workflow, decision.Reason!, decision.Permanent, now, tally, cancellationToken);
                return;
            case ContactVerdict.Defer:
                if (await MoveAsync(enrollment, index, decision.UntilUtc, EnrollmentState.Active, null, now, cancellationToken))
                    tally.Deferred++;
                return;
        }

        var coupon = step.Coupon is { } offer ? await IssueCouponAsync(enrollment, index, offer, now, cancellationToken) : null;
        var links = LinksFor(enrollment, workflow, index, run.Settings.TrackOpens, now);
        var content = await _s.Content.RenderAsync(new StepMessage(enrollment, workflow, index, contact!, coupon, links, IsPreview: false), cancellationToken);
        if (!content.HasContent)
        {
            await SkipAsync(enrollment, workflow, content.NothingToSay!, permanent: false, now, tally, cancellationToken);
            return;
        }
        var queued = await _s.Outbox.TryEnqueueAsync(new OutboundMessage
        {
            Key = enrollment.StepKey(index),
            Store = enrollment.Store,
            Customer = enrollment.Customer,
            ToEmail = contact!.Email!,
            ToName = contact.Name,
            TemplateName = step.TemplateName,
            Tokens = content.Tokens,
            IsMarketing = workflow.IsMarketing,
            CreatedUtc = now,
        }, cancellationToken);
        await RecordAndAdvanceAsync(enrollment, workflow, WorkflowEventKind.Sent, coupon?.Code, now, cancellationToken, () => { });
        if (queued)
            tally.Sent++;
    }

    /// <summary>Quiet hours, then the weekly cap: when a marketing email that may reach the customer may go out.</summary>
    private async Task<ContactDecision> TimingAsync(Enrollment enrollment, WorkflowSettings workflow, WorkflowStep step, ContactFacts contact, StoreRun run,
        DateTime now, CancellationToken cancellationToken)
    {
        if (run.Policy.QuietHoursEndUtc(now, contact.TimeZone) is { } quietEnd)
            return ContactDecision.Defer(quietEnd, "Quiet hours.");

        var sent = await MarketingSentInWindowAsync(enrollment, now, cancellationToken);
        var cap = run.Options.MarketingEmailsPerWeek;
        // The look-ahead costs a query, so it is asked only when the last slot is at stake.
        var higherDue = sent == cap - 1 ? await HigherPriorityDueAsync(enrollment, workflow, run.Settings, now, cancellationToken) : null;
        var stepDue = Later(enrollment.AnchorUtc + step.Delay, enrollment.EnrolledUtc);
        return run.Policy.CheckCap(sent, higherDue is not null) switch
        {
            CapState.Full => ContactPolicy.DeferForCap(stepDue, await SlotFreesAsync(enrollment, cap, now, cancellationToken),
                $"Weekly cap of {cap} marketing emails reached."),
            CapState.KeptForHigherPriority => ContactPolicy.DeferForCap(stepDue, Later(higherDue!.Value, now).AddMinutes(1),
                "The last free slot of the weekly cap is kept for a higher-priority email."),
            _ => ContactDecision.Send,
        };
    }

    /// <summary>
    /// Marketing emails (the plugin's and the store's built-in reminders) in the cap's window ending at <paramref name="atUtc"/>.
    /// An email leaves the window exactly 7 days after it was queued: the window starts a second later than 7 days back,
    /// a margin that survives any database's time precision.
    /// </summary>
    private async Task<int> MarketingSentInWindowAsync(Enrollment enrollment, DateTime atUtc, CancellationToken cancellationToken)
    {
        var since = atUtc - ContactPolicy.CapWindow + TimeSpan.FromSeconds(1);
        return await _s.Outbox.CountSentSinceAsync(enrollment.Store, enrollment.Customer, since, marketingOnly: true, cancellationToken)
               + await _s.BuiltInReminders.CountSentSinceAsync(enrollment.Store, enrollment.Customer, since, cancellationToken);
    }

    /// <summary>
    /// The first hour from now at which the cap's window holds fewer than <paramref name="cap"/> emails, assuming no new
    /// sends; null when the cap allows none. The count only falls as the window slides, so a binary search finds it.
    /// </summary>
    private async Task<DateTime?> SlotFreesAsync(Enrollment enrollment, int cap, DateTime now, CancellationToken cancellationToken)
    {
        if (cap <= 0)
            return null;
        var (low, high) = (1, (int)(ContactPolicy.CapWindow / SlotSearchStep));
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (await MarketingSentInWindowAsync(enrollment, now + middle * SlotSearchStep, cancellationToken) < cap)
                high = middle;
            else
                low = middle + 1;
        }
        return now + low * SlotSearchStep;
    }

    /// <summary>When the customer's next higher-priority marketing step falls due within the look-ahead, or null.</summary>
    private async Task<DateTime?> HigherPriorityDueAsync(Enrollment enrollment, WorkflowSettings workflow, WorkflowProgramSettings settings, DateTime now,
        CancellationToken cancellationToken)
    {
        var horizon = now + ContactPolicy.PriorityLookAhead;
        var others = await _s.Enrollments.ActiveForCustomerAsync(enrollment.Store, enrollment.Customer, cancellationToken);
        return others
            .Where(o => o.Id != enrollment.Id && !o.IsControl && o.NextDueUtc <= horizon)
            .Where(o => settings.For(o.Workflow) is { Enabled: true, IsMarketing: true } other && other.Priority > workflow.Priority)
            .Min(o => o.NextDueUtc);
    }

    private async Task<string?> ExitReasonAsync(Enrollment enrollment, WorkflowSettings workflow, Lazy<Task<bool>> cart, DateTime now,
        CancellationToken cancellationToken)
    {
        if (workflow.ExitOn.HasFlag(ExitOn.OrderPlaced) && await OrderedSinceEnrollingAsync(enrollment, now, cancellationToken))
            return ExitReason(ExitOn.OrderPlaced);
        if (workflow.ExitOn.HasFlag(ExitOn.CartEmptied) && !await cart.Value)
            return ExitReason(ExitOn.CartEmptied);
        return null;
    }

    private async Task<string?> ConditionFailureAsync(Enrollment enrollment, StepCondition condition, Lazy<Task<bool>> cart, CancellationToken cancellationToken) =>
        condition switch
        {
            StepCondition.NotClickedYet when await _s.Events.AnyAsync(enrollment.Id, WorkflowEventKind.Clicked, cancellationToken) =>
                "An earlier email of this enrollment was clicked.",
            StepCondition.CartStillHasItems when !await cart.Value => "The cart is empty.",
            _ => null,
        };

    private async Task<bool> OrderedSinceEnrollingAsync(Enrollment enrollment, DateTime now, CancellationToken cancellationToken)
    {
        var (store, customer, since) = (enrollment.Store.Value, enrollment.Customer.Value, enrollment.EnrolledUtc);
        var orders = new Metrics.CountedOrders(now.AddTicks(1), store).Apply(_s.Store.Orders)
            .Where(o => o.CustomerId == customer && o.CreatedOnUtc > since);
        return await _s.Runner.CountAsync(orders, cancellationToken) > 0;
    }

    private async Task<bool> HasCartItemsAsync(Enrollment enrollment, CancellationToken cancellationToken)
    {
        var (store, customer) = (enrollment.Store.Value, enrollment.Customer.Value);
        return await _s.Runner.CountAsync(_s.Store.CartItems.Where(c => c.StoreId == store && c.CustomerId == customer), cancellationToken) > 0;
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

    /// <summary>Records the step's outcome as a skip; a permanent reason also ends the enrollment.</summary>
    private async Task SkipAsync(Enrollment enrollment, WorkflowSettings workflow, string reason, bool permanent, DateTime now, RunTally tally,
        CancellationToken cancellationToken)
    {
        await _s.Events.TryAddAsync(StepEvent(enrollment, WorkflowEventKind.Skipped, reason, now), cancellationToken);
        if (permanent)
            await ExitCountedAsync(enrollment, reason, now, tally, cancellationToken);
        else if (await AdvanceAsync(enrollment, workflow, now, cancellationToken))
            tally.Skipped++;
    }

    private async Task RecordAndAdvanceAsync(Enrollment enrollment, WorkflowSettings workflow, WorkflowEventKind kind, string? detail, DateTime now,
        CancellationToken cancellationToken, Action counted)
    {
        await _s.Events.TryAddAsync(StepEvent(enrollment, kind, detail, now), cancellationToken);
        if (await AdvanceAsync(enrollment, workflow, now, cancellationToken))
            counted();
    }

    private async Task ExitCountedAsync(Enrollment enrollment, string reason, DateTime now, RunTally tally, CancellationToken cancellationToken)
    {
        if (await CloseAsync(enrollment, EnrollmentState.Exited, reason, now, cancellationToken))
            tally.Exited++;
    }

    /// <summary>Moves to the next step, due at anchor + its delay (not before now), or completes the enrollment after the last.</summary>
    private Task<bool> AdvanceAsync(Enrollment enrollment, WorkflowSettings workflow, DateTime now, CancellationToken cancellationToken)
    {
        var next = enrollment.NextStep + 1;
        return next >= workflow.Steps.Count
            ? MoveAsync(enrollment, next, null, EnrollmentState.Completed, null, now, cancellationToken)
            : MoveAsync(enrollment, next, Later(enrollment.AnchorUtc + workflow.Steps[next].Delay, now), EnrollmentState.Active, null, now, cancellationToken);
    }

    private Task<bool> CloseAsync(Enrollment enrollment, EnrollmentState state, string? reason, DateTime now, CancellationToken cancellationToken) =>
        MoveAsync(enrollment, enrollment.NextStep, null, state, reason, now, cancellationToken);

    private Task<bool> MoveAsync(Enrollment enrollment, int nextStep, DateTime? nextDue, EnrollmentState state, string? reason, DateTime now,
        CancellationToken cancellationToken) =>
        _s.Enrollments.TryAdvanceAsync(new EnrollmentTransition(enrollment.Id, enrollment.NextStep, nextStep, nextDue, state, Clip(reason), now), cancellationToken);

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
        var links = LinksFor(enrollment, workflow, stepIndex, settings.TrackOpens, now);
        var content = await _s.Content.RenderAsync(new StepMessage(enrollment, workflow, stepIndex, contact, coupon, links, IsPreview: true), cancellationToken);
        return new Sample(step, content);
    }
}
