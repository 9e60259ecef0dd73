using Retention.Core.Common;
using Retention.Core.Messaging;
using Retention.Core.Workflows;
using Retention.Testing.Builders;

namespace Retention.Testing.Contracts;

/// <summary>A step writer and the stores it writes to, all over one fresh database.</summary>
public sealed record StepWriterHandle(IWorkflowStepWriter Writer, IEnrollmentStore Enrollments, IWorkflowEventStore Events, IMessageOutbox Outbox);

/// <summary>
/// What every <see cref="IWorkflowStepWriter"/> must do. Semantics pinned here: a transition wins only by compare-and-set
/// (a second commit of it, or a transition for an enrollment that does not exist, is simply lost — no exception); a lost
/// transition writes neither its event nor its email; a winner's event or email whose key exists already is kept once and
/// does not undo the win (a run that crashed after queueing the email through the single ports is finished this way);
/// a call the writer refuses (<see cref="StepOutcomeRules.Validate"/>) throws and writes nothing, not even its valid outcomes.
/// </summary>
public abstract class WorkflowStepWriterContract : PortContract<StepWriterHandle>
{
    private static readonly StoreId Store1 = new(1);
    private static readonly DateTime Now = Build.Epoch.AddDays(1);

    private async Task<Enrollment> EnrolledAsync(string subject, int customer = 1) =>
        (await Port.Enrollments.TryAddAsync(WorkflowBuild.Enrollment(subject, customer: customer)))!;

    private static StepOutcome Sent(Enrollment enrollment, bool withMessage = true) => new(
        new EnrollmentTransition(enrollment.Id, enrollment.NextStep, enrollment.NextStep + 1, Now.AddDays(1), EnrollmentState.Active, null, Now),
        WorkflowBuild.Event(enrollment.StepKey(enrollment.NextStep).Value, enrollment.Id, customer: enrollment.Customer.Value, occurred: Now),
        withMessage ? Build.Message(enrollment.StepKey(enrollment.NextStep).Value, customer: enrollment.Customer.Value, created: Now) : null);

    private Task<int> EmailsAsync(int customer = 1) => Port.Outbox.CountSentSinceAsync(Store1, new CustomerId(customer), Build.Epoch, marketingOnly: false);

    [Test]
    public async Task Winning_outcomes_move_their_enrollments_and_write_their_events_and_emails()
    {
        var first = await EnrolledAsync("cart:1");
        var second = await EnrolledAsync("cart:2", customer: 2);
        var skipped = await EnrolledAsync("cart:3", customer: 3);
        var skip = new StepOutcome(
            new EnrollmentTransition(skipped.Id, 0, 1, Now.AddDays(2), EnrollmentState.Active, null, Now),
            WorkflowBuild.Event(skipped.StepKey(0).Value, skipped.Id, WorkflowEventKind.Skipped, customer: 3, occurred: Now), null);

        var won = await Port.Writer.CommitAsync([Sent(first), Sent(second), skip]);

        Assert.That(won, Is.EquivalentTo(new[] { first.Id, second.Id, skipped.Id }));
        Assert.That((await Port.Enrollments.GetAsync(first.Id))!.NextStep, Is.EqualTo(1));
        Assert.That((await Port.Enrollments.GetAsync(skipped.Id))!.NextDueUtc, Is.EqualTo(Now.AddDays(2)));
        Assert.That(await Port.Events.AnyAsync(second.Id, WorkflowEventKind.Sent), Is.True);
        Assert.That(await Port.Events.AnyAsync(skipped.Id, WorkflowEventKind.Skipped), Is.True);
        Assert.That(new[] { await EmailsAsync(1), await EmailsAsync(2), await EmailsAsync(3) }, Is.EqualTo(new[] { 1, 1, 0 }));
    }

    [Test]
    public async Task An_outcome_without_event_or_email_only_moves_the_enrollment()
    {
        var deferred = await EnrolledAsync("cart:1");
        var until = Now.AddHours(8);

        var won = await Port.Writer.CommitAsync([new StepOutcome(
            new EnrollmentTransition(deferred.Id, 0, 0, until, EnrollmentState.Active, null, Now), null, null)]);

        Assert.That(won, Is.EquivalentTo(new[] { deferred.Id }));
        var stored = await Port.Enrollments.GetAsync(deferred.Id);
        Assert.That((stored!.NextStep, stored.NextDueUtc), Is.EqualTo((0, (DateTime?)until)));
        Assert.That(await EmailsAsync(), Is.Zero);
    }

    [Test]
    public async Task A_second_commit_of_the_same_transition_is_lost_and_writes_nothing()
    {
        var enrollment = await EnrolledAsync("cart:1");
        await Port.Writer.CommitAsync([Sent(enrollment)]);
        var replay = Sent(enrollment) with
        {
            Event = WorkflowBuild.Event("replayed-event", enrollment.Id, WorkflowEventKind.Clicked, occurred: Now),
            Message = Build.Message("replayed-email", created: Now),
        };

        var won = await Port.Writer.CommitAsync([replay]);

        Assert.That(won, Is.Empty);
        Assert.That(await Port.Events.AnyAsync(enrollment.Id, WorkflowEventKind.Clicked), Is.False);
        Assert.That(await EmailsAsync(), Is.EqualTo(1));
        Assert.That((await Port.Enrollments.GetAsync(enrollment.Id))!.NextStep, Is.EqualTo(1));
    }

    [Test]
    public async Task A_lost_transition_writes_neither_event_nor_email_and_does_not_hold_back_the_winners()
    {
        var moved = await EnrolledAsync("cart:1");
        await Port.Enrollments.TryAdvanceAsync(new EnrollmentTransition(moved.Id, 0, 0, null, EnrollmentState.Exited, "Order placed", Now));
        var other = await EnrolledAsync("cart:2", customer: 2);
        var missing = WorkflowBuild.Enrollment("cart:gone", customer: 3) with { Id = 987654 };

        var won = await Port.Writer.CommitAsync([Sent(moved), Sent(missing), Sent(other)]);

        Assert.That(won, Is.EquivalentTo(new[] { other.Id }));
        Assert.That(await Port.Events.AnyAsync(moved.Id, WorkflowEventKind.Sent), Is.False);
        Assert.That(await Port.Events.AnyAsync(missing.Id, WorkflowEventKind.Sent), Is.False);
        Assert.That(new[] { await EmailsAsync(1), await EmailsAsync(2), await EmailsAsync(3) }, Is.EqualTo(new[] { 0, 1, 0 }));
        Assert.That((await Port.Enrollments.GetAsync(moved.Id))!.State, Is.EqualTo(EnrollmentState.Exited));
    }

    [Test]
    public async Task A_winner_whose_event_and_email_exist_already_keeps_them_once_and_still_moves()
    {
        var enrollment = await EnrolledAsync("cart:1");
        var earlier = Sent(enrollment);
        // A run that crashed after the single ports queued the email and recorded the event, before the state moved.
        await Port.Outbox.TryEnqueueAsync(earlier.Message!);
        await Port.Events.TryAddAsync(earlier.Event!);
        var retry = earlier with { Message = earlier.Message! with { CreatedUtc = Now.AddMinutes(5) } };

        var won = await Port.Writer.CommitAsync([retry]);

        Assert.That(won, Is.EquivalentTo(new[] { enrollment.Id }));
        Assert.That(await EmailsAsync(), Is.EqualTo(1));
        var times = await Port.Outbox.SentTimesSinceAsync(Store1, [enrollment.Customer], Build.Epoch, marketingOnly: false);
        Assert.That(times[enrollment.Customer], Is.EqualTo(new[] { Now }));
        Assert.That((await Port.Enrollments.GetAsync(enrollment.Id))!.NextStep, Is.EqualTo(1));
    }

    [Test]
    public async Task A_refused_commit_throws_and_writes_nothing_of_any_outcome()
    {
        var valid = await EnrolledAsync("cart:1");
        var twice = await EnrolledAsync("cart:2", customer: 2);
        var again = Sent(twice) with { Transition = Sent(twice).Transition with { NextStep = 3 } };

        Assert.ThrowsAsync<ArgumentException>(() => Port.Writer.CommitAsync([Sent(valid), Sent(twice), again]));

        Assert.That((await Port.Enrollments.GetAsync(valid.Id))!.NextStep, Is.Zero);
        Assert.That((await Port.Enrollments.GetAsync(twice.Id))!.NextStep, Is.Zero);
        Assert.That(await Port.Events.AnyAsync(valid.Id, WorkflowEventKind.Sent), Is.False);
        Assert.That(await EmailsAsync(1) + await EmailsAsync(2), Is.Zero);
    }

    [Test]
    public async Task An_event_about_another_enrollment_is_refused_and_nothing_is_written()
    {
        var enrollment = await EnrolledAsync("cart:1");
        var crossed = Sent(enrollment) with { Event = WorkflowBuild.Event("crossed", enrollment.Id + 1000, occurred: Now) };

        Assert.ThrowsAsync<ArgumentException>(() => Port.Writer.CommitAsync([crossed]));

        Assert.That((await Port.Enrollments.GetAsync(enrollment.Id))!.NextStep, Is.Zero);
        Assert.That(await EmailsAsync(), Is.Zero);
    }

    [Test]
    public async Task Racing_commits_of_one_transition_let_exactly_one_win_with_one_event_and_one_email()
    {
        var enrollment = await EnrolledAsync("cart:race");
        var attempts = Enumerable.Range(0, 8).Select(_ => Task.Run(() => Port.Writer.CommitAsync([Sent(enrollment)])));

        var results = await Task.WhenAll(attempts);

        Assert.That(results.Sum(r => r.Count), Is.EqualTo(1));
        Assert.That(await EmailsAsync(), Is.EqualTo(1));
        Assert.That((await Port.Enrollments.GetAsync(enrollment.Id))!.NextStep, Is.EqualTo(1));
    }

    [Test]
    public async Task A_commit_that_loses_one_race_still_wins_its_other_outcomes()
    {
        var shared = await EnrolledAsync("cart:shared");
        var own = new List<Enrollment>();
        for (var i = 0; i < 6; i++)
            own.Add(await EnrolledAsync($"cart:own{i}", customer: 10 + i));
        var attempts = own.Select(mine => Task.Run(() => Port.Writer.CommitAsync([Sent(shared), Sent(mine)])));

        var results = await Task.WhenAll(attempts);

        Assert.That(results.Count(r => r.Contains(shared.Id)), Is.EqualTo(1), "the shared move is won once");
        Assert.That(own.Select(mine => results.Count(r => r.Contains(mine.Id))), Is.All.EqualTo(1), "every writer's own move is won");
        Assert.That(await EmailsAsync(), Is.EqualTo(1));
        foreach (var mine in own)
            Assert.That((await Port.Enrollments.GetAsync(mine.Id))!.NextStep, Is.EqualTo(1));
    }

    [Test]
    public async Task An_empty_commit_wins_nothing()
    {
        Assert.That(await Port.Writer.CommitAsync([]), Is.Empty);
    }
}
