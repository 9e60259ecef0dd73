using Retention.Core.Common;
using Retention.Core.Messaging;

namespace Retention.Core.Workflows;

// The due steps of a run, worked as one batch: read what the steps need with one query per kind of fact, decide every
// step in memory, issue the coupons, render, and commit the outcomes in chunks.
public sealed partial class WorkflowProgram
{
    /// <summary>Most customers (or enrollments) one batch read asks about, so an IN list stays within every provider's parameter limits.</summary>
    public const int ReadChunkSize = 1000;

    /// <summary>Outcomes per <see cref="IWorkflowStepWriter.CommitAsync"/> call: one transaction short enough not to hold locks for long.</summary>
    public const int CommitChunkSize = 250;

    /// <summary>What a step's outcome adds to the run's report when its transition wins.</summary>
    private enum Counted { Nothing, Sent, Withheld, Skipped, Deferred, Exited }

    /// <summary>
    /// A decided step. <see cref="Outcome"/> is null for a step that sends: its coupon, content and email come after the
    /// decisions; <see cref="Transition"/> is known from the start, since a send and a skip for nothing to say move alike.
    /// </summary>
    private sealed record PlannedStep(Enrollment Enrollment, WorkflowSettings Workflow, EnrollmentTransition Transition, StepOutcome? Outcome, Counted Counts,
        ContactFacts? Contact = null);

    /// <summary>One store's facts for a due batch, read once; the decisions update the cap's send times and the look-ahead as they go.</summary>
    private sealed class BatchFacts
    {
        public Dictionary<CustomerId, ContactFacts> Contacts { get; } = new();
        public Dictionary<CustomerId, List<DateTime>> SendTimes { get; } = new();
        public Dictionary<CustomerId, List<Enrollment>> Active { get; } = new();
        public HashSet<long> Clicked { get; } = new();
        public Dictionary<int, DateTime> LastOrderUtc { get; } = new();
        public HashSet<int> WithCart { get; } = new();

        public List<DateTime> TimesOf(CustomerId customer) =>
            SendTimes.TryGetValue(customer, out var times) ? times : SendTimes[customer] = new List<DateTime>();

        /// <summary>Keeps the look-ahead as it will be once the transition is written (the step moved on, deferred, or closed).</summary>
        public void Apply(Enrollment enrollment, EnrollmentTransition transition)
        {
            if (!Active.TryGetValue(enrollment.Customer, out var active))
                return;
            active.RemoveAll(e => e.Id == enrollment.Id);
            if (transition.State == EnrollmentState.Active)
                active.Add(enrollment with { NextStep = transition.NextStep, NextDueUtc = transition.NextDueUtc });
        }
    }

    /// <summary>
    /// The batch's due steps, already in run order (priority, due, id). A failed read leaves its store's steps due; a failed
    /// coupon, rendering or commit leaves only its own step due; each failure is added to <paramref name="failures"/>.
    /// </summary>
    private async Task RunDueStepsAsync(IReadOnlyList<Enrollment> ordered, IReadOnlyDictionary<StoreId, StoreRun> stores, RunTally tally,
        List<Exception> failures, CancellationToken cancellationToken)
    {
        var now = _s.Clock.UtcNow;
        var facts = new Dictionary<StoreId, BatchFacts>();
        foreach (var group in ordered.GroupBy(e => e.Store))
            await IsolatedAsync(failures, $"Reading the due steps of store {group.Key}",
                async () => facts[group.Key] = await ReadFactsAsync(group.Key, group.ToList(), stores[group.Key], now, cancellationToken));

        var planned = new List<PlannedStep>();
        foreach (var enrollment in ordered.Where(e => facts.ContainsKey(e.Store)))
            await IsolatedAsync(failures, StepName(enrollment), () =>
            {
                var step = Decide(enrollment, stores[enrollment.Store], facts[enrollment.Store], now);
                facts[enrollment.Store].Apply(enrollment, step.Transition);
                planned.Add(step);
                return Task.CompletedTask;
            });

        var sent = await ComposeSendsAsync(planned.Where(p => p.Outcome is null).ToList(), stores, now, failures, cancellationToken);
        var outcomes = planned.Select(p => p.Outcome is not null ? p : sent.GetValueOrDefault(p.Enrollment.Id)).OfType<PlannedStep>().ToList();
        await CommitAsync(outcomes, tally, failures, cancellationToken);
    }

    private static string StepName(Enrollment enrollment) => $"Step {enrollment.NextStep + 1} of {enrollment.Workflow} enrollment {enrollment.Id}";

    // ---- reads ----

    /// <summary>Reads, in chunks of customers, only the facts the store's due steps can need.</summary>
    private async Task<BatchFacts> ReadFactsAsync(StoreId store, IReadOnlyList<Enrollment> due, StoreRun run, DateTime now, CancellationToken cancellationToken)
    {
        var facts = new BatchFacts();
        var live = due.Select(e => (Enrollment: e, Workflow: run.Settings.For(e.Workflow)))
            .Where(x => run.Options.Enabled && x.Workflow.Enabled && x.Enrollment.NextStep < x.Workflow.Steps.Count).ToList();
        CustomerId[] CustomersWhere(Func<Enrollment, WorkflowSettings, bool> needs) =>
            live.Where(x => needs(x.Enrollment, x.Workflow)).Select(x => x.Enrollment.Customer).Distinct().ToArray();

        var ordering = CustomersWhere((_, w) => w.ExitOn.HasFlag(ExitOn.OrderPlaced));
        var carting = CustomersWhere((e, w) => w.ExitOn.HasFlag(ExitOn.CartEmptied) || w.Steps[e.NextStep].Condition == StepCondition.CartStillHasItems);
        var contacted = CustomersWhere((e, _) => !e.IsControl);
        var capped = CustomersWhere((e, w) => !e.IsControl && w.IsMarketing);
        var clickable = live.Where(x => x.Workflow.Steps[x.Enrollment.NextStep].Condition == StepCondition.NotClickedYet).Select(x => x.Enrollment.Id).ToArray();

        foreach (var chunk in ordering.Chunk(ReadChunkSize))
            foreach (var last in await LastOrdersAsync(store, chunk, now, cancellationToken))
                facts.LastOrderUtc[last.Customer] = last.LastUtc;
        foreach (var chunk in carting.Chunk(ReadChunkSize))
            facts.WithCart.UnionWith(await CustomersWithCartAsync(store, chunk, cancellationToken));
        foreach (var chunk in clickable.Chunk(ReadChunkSize))
            facts.Clicked.UnionWith(await _s.Events.EnrollmentsWithAsync(chunk, WorkflowEventKind.Clicked, cancellationToken));
        foreach (var chunk in contacted.Chunk(ReadChunkSize))
            foreach (var (customer, contact) in await _s.Contacts.GetManyAsync(store, chunk, cancellationToken))
                facts.Contacts[customer] = contact;

        var since = now - ContactPolicy.CapWindow + TimeSpan.FromSeconds(1);
        foreach (var chunk in capped.Chunk(ReadChunkSize))
        {
            foreach (var (customer, times) in await _s.Outbox.SentTimesSinceAsync(store, chunk, since, marketingOnly: true, cancellationToken))
                facts.TimesOf(customer).AddRange(times);
            foreach (var (customer, times) in await _s.BuiltInReminders.SentTimesSinceAsync(store, chunk, since, cancellationToken))
                facts.TimesOf(customer).AddRange(times);
            foreach (var active in (await _s.Enrollments.ActiveForCustomersAsync(store, chunk, cancellationToken)).GroupBy(e => e.Customer))
                facts.Active[active.Key] = active.ToList();
        }
        return facts;
    }

    private sealed record LastOrder(int Customer, DateTime LastUtc);

    /// <summary>Each customer's latest counted order up to now, grouped in the database.</summary>
    private Task<List<LastOrder>> LastOrdersAsync(StoreId store, CustomerId[] customers, DateTime now, CancellationToken cancellationToken)
    {
        var ids = customers.Select(c => c.Value).ToArray();
        var query = new Metrics.CountedOrders(now.AddTicks(1), store.Value).Apply(_s.Store.Orders)
            .Where(o => ids.Contains(o.CustomerId))
            .GroupBy(o => o.CustomerId)
            .Select(g => new LastOrder(g.Key, g.Max(o => o.CreatedOnUtc)));
        return _s.Runner.ToListAsync(query, cancellationToken);
    }

    private Task<List<int>> CustomersWithCartAsync(StoreId store, CustomerId[] customers, CancellationToken cancellationToken)
    {
        var (storeId, ids) = (store.Value, customers.Select(c => c.Value).ToArray());
        return _s.Runner.ToListAsync(_s.Store.CartItems.Where(c => c.StoreId == storeId && ids.Contains(c.CustomerId)).Select(c => c.CustomerId).Distinct(),
            cancellationToken);
    }

    // ---- decisions ----

    /// <summary>One step's fate, by the rules in order: switched off, steps removed, exits, condition, control group, contact policy.</summary>
    private PlannedStep Decide(Enrollment enrollment, StoreRun run, BatchFacts facts, DateTime now)
    {
        var workflow = run.Settings.For(enrollment.Workflow);
        var index = enrollment.NextStep;
        if (!run.Options.Enabled || !workflow.Enabled)
            return Exit(enrollment, workflow, run.Options.Enabled ? "The workflow was switched off." : "Retention was switched off in the store.", now);
        if (index >= workflow.Steps.Count)
            // The merchant removed steps since this enrollment started: nothing is left to send.
            return Moved(enrollment, workflow, Move(enrollment, index, null, EnrollmentState.Completed, null, now), Counted.Nothing);
        if (ExitReason(enrollment, workflow, facts) is { } exit)
            return Exit(enrollment, workflow, exit, now);

        var step = workflow.Steps[index];
        if (ConditionFailure(enrollment, step.Condition, facts) is { } failed)
            return Skip(enrollment, workflow, failed, permanent: false, now);
        if (enrollment.IsControl)
            return Recorded(enrollment, workflow, Advance(enrollment, workflow, now), WorkflowEventKind.Withheld, null, Counted.Withheld, now);

        var contact = facts.Contacts.GetValueOrDefault(enrollment.Customer);
        var decision = run.Policy.CheckContact(workflow.IsMarketing, contact);
        if (decision.Verdict == ContactVerdict.Send && workflow.IsMarketing)
            decision = Timing(enrollment, workflow, step, contact!, run, facts, now);
        switch (decision.Verdict)
        {
            case ContactVerdict.Skip:
                return Skip(enrollment, workflow, decision.Reason!, decision.Permanent, now);
            case ContactVerdict.Defer:
                return Moved(enrollment, workflow, Move(enrollment, index, decision.UntilUtc, EnrollmentState.Active, null, now), Counted.Deferred);
        }
        // A send decided here takes its slot under the cap for the batch's later steps of the same customer.
        if (workflow.IsMarketing)
            facts.TimesOf(enrollment.Customer).Add(now);
        return new PlannedStep(enrollment, workflow, Advance(enrollment, workflow, now), null, Counted.Sent, contact);
    }

    private static string? ExitReason(Enrollment enrollment, WorkflowSettings workflow, BatchFacts facts)
    {
        if (workflow.ExitOn.HasFlag(ExitOn.OrderPlaced)
            && facts.LastOrderUtc.TryGetValue(enrollment.Customer.Value, out var lastOrder) && lastOrder > enrollment.EnrolledUtc)
            return ExitReason(ExitOn.OrderPlaced);
        if (workflow.ExitOn.HasFlag(ExitOn.CartEmptied) && !facts.WithCart.Contains(enrollment.Customer.Value))
            return ExitReason(ExitOn.CartEmptied);
        return null;
    }

    private static string? ConditionFailure(Enrollment enrollment, StepCondition condition, BatchFacts facts) => condition switch
    {
        StepCondition.NotClickedYet when facts.Clicked.Contains(enrollment.Id) => "An earlier email of this enrollment was clicked.",
        StepCondition.CartStillHasItems when !facts.WithCart.Contains(enrollment.Customer.Value) => "The cart is empty.",
        _ => null,
    };

    /// <summary>Quiet hours, then the weekly cap: when a marketing email that may reach the customer may go out.</summary>
    private static ContactDecision Timing(Enrollment enrollment, WorkflowSettings workflow, WorkflowStep step, ContactFacts contact, StoreRun run, BatchFacts facts,
        DateTime now)
    {
        if (run.Policy.QuietHoursEndUtc(now, contact.TimeZone) is { } quietEnd)
            return ContactDecision.Defer(quietEnd, "Quiet hours.");

        var times = facts.TimesOf(enrollment.Customer);
        var sent = SentInWindow(times, now);
        var cap = run.Options.MarketingEmailsPerWeek;
        var higherDue = sent == cap - 1 ? HigherPriorityDue(enrollment, workflow, run.Settings, facts, now) : null;
        var stepDue = Later(enrollment.AnchorUtc + step.Delay, enrollment.EnrolledUtc);
        return run.Policy.CheckCap(sent, higherDue is not null) switch
        {
            CapState.Full => ContactPolicy.DeferForCap(stepDue, SlotFrees(times, cap, now), $"Weekly cap of {cap} marketing emails reached."),
            CapState.KeptForHigherPriority => ContactPolicy.DeferForCap(stepDue, Later(higherDue!.Value, now).AddMinutes(1),
                "The last free slot of the weekly cap is kept for a higher-priority email."),
            _ => ContactDecision.Send,
        };
    }

    /// <summary>
    /// Marketing emails in the cap's window ending at <paramref name="atUtc"/>. An email leaves the window exactly 7 days
    /// after it was queued: the window starts a second later than 7 days back, a margin that survives any database's time precision.
    /// </summary>
    private static int SentInWindow(List<DateTime> times, DateTime atUtc)
    {
        var since = atUtc - ContactPolicy.CapWindow + TimeSpan.FromSeconds(1);
        return times.Count(t => t >= since);
    }

    /// <summary>
    /// The first hour from now at which the cap's window holds fewer than <paramref name="cap"/> emails, assuming no new
    /// sends; null when the cap allows none. The count only falls as the window slides, so a binary search finds it.
    /// </summary>
    private static DateTime? SlotFrees(List<DateTime> times, int cap, DateTime now)
    {
        if (cap <= 0)
            return null;
        var (low, high) = (1, (int)(ContactPolicy.CapWindow / SlotSearchStep));
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (SentInWindow(times, now + middle * SlotSearchStep) < cap)
                high = middle;
            else
                low = middle + 1;
        }
        return now + low * SlotSearchStep;
    }

    /// <summary>When the customer's next higher-priority marketing step falls due within the look-ahead, or null.</summary>
    private static DateTime? HigherPriorityDue(Enrollment enrollment, WorkflowSettings workflow, WorkflowProgramSettings settings, BatchFacts facts, DateTime now)
    {
        var horizon = now + ContactPolicy.PriorityLookAhead;
        return facts.Active.GetValueOrDefault(enrollment.Customer, [])
            .Where(o => o.Id != enrollment.Id && !o.IsControl && o.NextDueUtc <= horizon)
            .Where(o => settings.For(o.Workflow) is { Enabled: true, IsMarketing: true } other && other.Priority > workflow.Priority)
            .Min(o => o.NextDueUtc);
    }

    private static PlannedStep Exit(Enrollment enrollment, WorkflowSettings workflow, string reason, DateTime now) =>
        Moved(enrollment, workflow, Move(enrollment, enrollment.NextStep, null, EnrollmentState.Exited, reason, now), Counted.Exited);

    /// <summary>A step that only moves its enrollment (closed, deferred): no event, no email.</summary>
    private static PlannedStep Moved(Enrollment enrollment, WorkflowSettings workflow, EnrollmentTransition transition, Counted counts) =>
        new(enrollment, workflow, transition, new StepOutcome(transition, null, null), counts);

    /// <summary>The step's outcome as a skip; a permanent reason also ends the enrollment.</summary>
    private static PlannedStep Skip(Enrollment enrollment, WorkflowSettings workflow, string reason, bool permanent, DateTime now) => permanent
        ? Recorded(enrollment, workflow, Move(enrollment, enrollment.NextStep, null, EnrollmentState.Exited, reason, now), WorkflowEventKind.Skipped, reason,
            Counted.Exited, now)
        : Recorded(enrollment, workflow, Advance(enrollment, workflow, now), WorkflowEventKind.Skipped, reason, Counted.Skipped, now);

    private static PlannedStep Recorded(Enrollment enrollment, WorkflowSettings workflow, EnrollmentTransition transition, WorkflowEventKind kind, string? detail,
        Counted counts, DateTime now) =>
        new(enrollment, workflow, transition, new StepOutcome(transition, StepEvent(enrollment, kind, detail, now), null), counts);

    /// <summary>Moves to the next step, due at anchor + its delay (not before now), or completes the enrollment after the last.</summary>
    private static EnrollmentTransition Advance(Enrollment enrollment, WorkflowSettings workflow, DateTime now)
    {
        var next = enrollment.NextStep + 1;
        return next >= workflow.Steps.Count
            ? Move(enrollment, next, null, EnrollmentState.Completed, null, now)
            : Move(enrollment, next, Later(enrollment.AnchorUtc + workflow.Steps[next].Delay, now), EnrollmentState.Active, null, now);
    }

    private static EnrollmentTransition Move(Enrollment enrollment, int nextStep, DateTime? nextDue, EnrollmentState state, string? reason, DateTime now) =>
        new(enrollment.Id, enrollment.NextStep, nextStep, nextDue, state, Clip(reason), now);

    // ---- coupons, rendering ----

    /// <summary>
    /// Issues the sending steps' coupons (keyed by step, so a retry gets the same coupon), renders their messages in one call
    /// (one by one if that call fails, so a bad step fails alone) and turns each into its outcome: the email, or a skip when
    /// the content has nothing to say. Keyed by enrollment id.
    /// </summary>
    private async Task<Dictionary<long, PlannedStep>> ComposeSendsAsync(IReadOnlyList<PlannedStep> sends, IReadOnlyDictionary<StoreId, StoreRun> stores,
        DateTime now, List<Exception> failures, CancellationToken cancellationToken)
    {
        var messages = new List<(PlannedStep Step, StepMessage Message)>();
        foreach (var send in sends)
            await IsolatedAsync(failures, StepName(send.Enrollment), async () =>
            {
                var (enrollment, index) = (send.Enrollment, send.Enrollment.NextStep);
                var coupon = send.Workflow.Steps[index].Coupon is { } offer ? await IssueCouponAsync(enrollment, index, offer, now, cancellationToken) : null;
                var links = LinksFor(enrollment, send.Workflow, index, stores[enrollment.Store].Settings.TrackOpens, now);
                messages.Add((send, new StepMessage(enrollment, send.Workflow, index, send.Contact!, coupon, links, IsPreview: false)));
            });

        var composed = new Dictionary<long, PlannedStep>();
        foreach (var (send, message, content) in await RenderAsync(messages, failures, cancellationToken))
            composed[send.Enrollment.Id] = content.HasContent
                ? send with { Outcome = new StepOutcome(send.Transition, StepEvent(send.Enrollment, WorkflowEventKind.Sent, message.Coupon?.Code, now),
                    Email(message, content, now)) }
                : Skip(send.Enrollment, send.Workflow, content.NothingToSay!, permanent: false, now);
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
            var contents = await _s.Content.RenderManyAsync(messages.Select(m => m.Message).ToList(), cancellationToken);
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
            await IsolatedAsync(failures, StepName(step.Enrollment),
                async () => rendered.Add((step, message, await _s.Content.RenderAsync(message, cancellationToken))));
        return rendered;
    }

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

    // ---- commits ----

    /// <summary>
    /// Commits the outcomes in run order through the host's step writer in chunks, or one by one through the single ports
    /// when the host has none. A chunk that throws is committed again one outcome at a time, so only the failing step fails;
    /// only the outcomes whose transition won are counted.
    /// </summary>
    private async Task CommitAsync(IReadOnlyList<PlannedStep> steps, RunTally tally, List<Exception> failures, CancellationToken cancellationToken)
    {
        var writer = _s.StepWriter ?? new SinglePortStepWriter(_s.Enrollments, _s.Events, _s.Outbox);
        var chunkSize = _s.StepWriter is null ? 1 : CommitChunkSize;
        foreach (var chunk in steps.Chunk(chunkSize))
        {
            if (chunk.Length > 1)
                try
                {
                    Count(chunk, await writer.CommitAsync(chunk.Select(s => s.Outcome!).ToList(), cancellationToken), tally);
                    continue;
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // Fall through: each outcome alone, so the one that breaks the transaction is named and the rest commit.
                }
            foreach (var step in chunk)
                await IsolatedAsync(failures, StepName(step.Enrollment),
                    async () => Count([step], await writer.CommitAsync([step.Outcome!], cancellationToken), tally));
        }
    }

    private static void Count(IEnumerable<PlannedStep> steps, IReadOnlySet<long> won, RunTally tally)
    {
        foreach (var step in steps.Where(s => won.Contains(s.Enrollment.Id)))
            tally.Count(step.Counts);
    }

    /// <summary>
    /// The engine's writer when the host has no <see cref="IWorkflowStepWriter"/>: the single ports in the crash-safe order
    /// email → event → compare-and-set, each keyed by the step, so a crash between any two is finished by the next run.
    /// Unlike a transactional writer, a lost transition may have queued its email already (the winner's, under the same key).
    /// </summary>
    private sealed class SinglePortStepWriter(IEnrollmentStore enrollments, IWorkflowEventStore events, IMessageOutbox outbox) : IWorkflowStepWriter
    {
        public async Task<IReadOnlySet<long>> CommitAsync(IReadOnlyList<StepOutcome> outcomes, CancellationToken cancellationToken = default)
        {
            StepOutcomeRules.Validate(outcomes);
            var won = new HashSet<long>();
            foreach (var outcome in outcomes)
            {
                if (outcome.Message is { } message)
                    await outbox.TryEnqueueAsync(message, cancellationToken);
                if (outcome.Event is { } workflowEvent)
                    await events.TryAddAsync(workflowEvent, cancellationToken);
                if (await enrollments.TryAdvanceAsync(outcome.Transition, cancellationToken))
                    won.Add(outcome.Transition.EnrollmentId);
            }
            return won;
        }
    }
}
