using Retention.Core.Common;
using Retention.Core.Workflows;
using Retention.Testing.Builders;

namespace Retention.Testing.Contracts;

/// <summary>What every <see cref="IEnrollmentStore"/> must do.</summary>
public abstract class EnrollmentStoreContract : PortContract<IEnrollmentStore>
{
    private static readonly StoreId Store1 = new(1);
    private static readonly CustomerId Customer1 = new(1);

    private static EnrollmentTransition Advance(Enrollment enrollment, DateTime? nextDue, int? to = null) =>
        new(enrollment.Id, enrollment.NextStep, to ?? enrollment.NextStep + 1, nextDue, EnrollmentState.Active, null, Build.Epoch.AddHours(1));

    [Test]
    public async Task Added_enrollment_gets_an_id_and_comes_back_with_every_field()
    {
        var enrollment = WorkflowBuild.Enrollment("order:42", store: 2, customer: 7, workflow: WorkflowKind.ReviewRequest, control: true) with
        {
            AnchorUtc = Build.Epoch.AddDays(-1),
            NextStep = 1,
            NextDueUtc = Build.Epoch.AddDays(6),
        };

        var added = await Port.TryAddAsync(enrollment);

        Assert.That(added, Is.Not.Null);
        Assert.That(added!.Id, Is.GreaterThan(0));
        Assert.That(added, Is.EqualTo(enrollment with { Id = added.Id }));
        Assert.That(await Port.GetAsync(added.Id), Is.EqualTo(added));
    }

    [Test]
    public async Task Unknown_id_is_not_found()
    {
        Assert.That(await Port.GetAsync(987654), Is.Null);
    }

    [Test]
    public async Task Second_enrollment_with_the_same_key_is_refused_and_writes_nothing()
    {
        await Port.TryAddAsync(WorkflowBuild.Enrollment("cart:1"));

        var again = await Port.TryAddAsync(WorkflowBuild.Enrollment("cart:1", enrolled: Build.Epoch.AddDays(3), control: true));

        Assert.That(again, Is.Null);
        var active = await Port.ActiveForCustomerAsync(Store1, Customer1);
        Assert.That(active, Has.Count.EqualTo(1));
        Assert.That(active[0].EnrolledUtc, Is.EqualTo(Build.Epoch));
        Assert.That(active[0].IsControl, Is.False);
    }

    [Test]
    public async Task Same_customer_may_be_enrolled_about_another_subject_workflow_or_store()
    {
        var added = new[]
        {
            await Port.TryAddAsync(WorkflowBuild.Enrollment("cart:1")),
            await Port.TryAddAsync(WorkflowBuild.Enrollment("cart:2")),
            await Port.TryAddAsync(WorkflowBuild.Enrollment("cart:1", workflow: WorkflowKind.WinBack)),
            await Port.TryAddAsync(WorkflowBuild.Enrollment("cart:1", store: 2)),
        };

        Assert.That(added, Has.All.Not.Null);
        Assert.That(added.Select(e => e!.Id).Distinct().Count(), Is.EqualTo(4));
    }

    [Test]
    public async Task Racing_adds_of_one_key_store_exactly_one_enrollment()
    {
        var attempts = Enumerable.Range(0, 8).Select(_ => Task.Run(() => Port.TryAddAsync(WorkflowBuild.Enrollment("cart:race"))));

        var results = await Task.WhenAll(attempts);

        Assert.That(results.Count(r => r is not null), Is.EqualTo(1));
        Assert.That(await Port.ActiveForCustomerAsync(Store1, Customer1), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Due_returns_only_active_enrollments_due_by_now_earliest_first()
    {
        var now = Build.Epoch.AddDays(1);
        var late = await Port.TryAddAsync(WorkflowBuild.Enrollment("a", due: now));
        var early = await Port.TryAddAsync(WorkflowBuild.Enrollment("b", due: now.AddHours(-5)));
        var middle = await Port.TryAddAsync(WorkflowBuild.Enrollment("c", due: now.AddHours(-1), customer: 2));
        await Port.TryAddAsync(WorkflowBuild.Enrollment("future", due: now.AddSeconds(1)));
        var closed = await Port.TryAddAsync(WorkflowBuild.Enrollment("closed", due: now.AddHours(-9)));
        await Port.TryAdvanceAsync(new EnrollmentTransition(closed!.Id, 0, 1, null, EnrollmentState.Completed, null, now));

        var due = await Port.DueAsync(now, 10);

        Assert.That(due.Select(e => e.Id), Is.EqualTo(new[] { early!.Id, middle!.Id, late!.Id }));
    }

    [Test]
    public async Task Due_returns_at_most_the_limit_taking_the_earliest()
    {
        for (var i = 0; i < 6; i++)
            await Port.TryAddAsync(WorkflowBuild.Enrollment($"cart:{i}", due: Build.Epoch.AddMinutes(-i)));

        var due = await Port.DueAsync(Build.Epoch, 4);

        Assert.That(due.Select(e => e.Subject), Is.EqualTo(new[] { "cart:5", "cart:4", "cart:3", "cart:2" }));
    }

    [Test]
    public async Task Advance_moves_the_enrollment_to_its_next_step()
    {
        var added = await Port.TryAddAsync(WorkflowBuild.Enrollment());
        var nextDue = Build.Epoch.AddDays(1);

        var moved = await Port.TryAdvanceAsync(Advance(added!, nextDue));

        Assert.That(moved, Is.True);
        var stored = await Port.GetAsync(added!.Id);
        Assert.That(stored!.NextStep, Is.EqualTo(1));
        Assert.That(stored.NextDueUtc, Is.EqualTo(nextDue));
        Assert.That(stored.State, Is.EqualTo(EnrollmentState.Active));
        Assert.That(stored.ClosedUtc, Is.Null);
    }

    [Test]
    public async Task A_deferred_step_can_be_deferred_again_and_then_move_on()
    {
        // Quiet hours and the weekly cap defer a step: a move from step k to step k with a later due time.
        var added = await Port.TryAddAsync(WorkflowBuild.Enrollment());
        var first = Build.Epoch.AddHours(8);
        var second = Build.Epoch.AddHours(20);

        var deferred = await Port.TryAdvanceAsync(new EnrollmentTransition(added!.Id, 0, 0, first, EnrollmentState.Active, null, Build.Epoch));
        var deferredAgain = await Port.TryAdvanceAsync(new EnrollmentTransition(added.Id, 0, 0, second, EnrollmentState.Active, null, first));
        var sent = await Port.TryAdvanceAsync(new EnrollmentTransition(added.Id, 0, 1, Build.Epoch.AddDays(2), EnrollmentState.Active, null, second));

        Assert.That((deferred, deferredAgain, sent), Is.EqualTo((true, true, true)));
        var stored = await Port.GetAsync(added.Id);
        Assert.That((stored!.NextStep, stored.NextDueUtc), Is.EqualTo((1, (DateTime?)Build.Epoch.AddDays(2))));
    }

    [Test]
    public async Task Advance_from_a_step_the_enrollment_has_left_is_refused_and_changes_nothing()
    {
        var added = await Port.TryAddAsync(WorkflowBuild.Enrollment());
        await Port.TryAdvanceAsync(Advance(added!, Build.Epoch.AddDays(1)));

        var stale = await Port.TryAdvanceAsync(Advance(added!, Build.Epoch.AddDays(9), to: 2));

        Assert.That(stale, Is.False);
        var stored = await Port.GetAsync(added!.Id);
        Assert.That(stored!.NextStep, Is.EqualTo(1));
        Assert.That(stored.NextDueUtc, Is.EqualTo(Build.Epoch.AddDays(1)));
    }

    [Test]
    public async Task Closing_records_state_reason_and_time_and_a_closed_enrollment_cannot_move()
    {
        var added = await Port.TryAddAsync(WorkflowBuild.Enrollment());
        var at = Build.Epoch.AddHours(3);

        var exited = await Port.TryAdvanceAsync(new EnrollmentTransition(added!.Id, 0, 0, null, EnrollmentState.Exited, "Order placed", at));
        var after = await Port.TryAdvanceAsync(Advance(added, Build.Epoch.AddDays(1)));

        Assert.That(exited, Is.True);
        Assert.That(after, Is.False);
        var stored = await Port.GetAsync(added.Id);
        Assert.That(stored!.State, Is.EqualTo(EnrollmentState.Exited));
        Assert.That(stored.ExitReason, Is.EqualTo("Order placed"));
        Assert.That(stored.ClosedUtc, Is.EqualTo(at));
        Assert.That(stored.NextDueUtc, Is.Null);
        Assert.That(await Port.ActiveForCustomerAsync(Store1, Customer1), Is.Empty);
    }

    [Test]
    public async Task Racing_advances_from_the_same_step_let_exactly_one_win()
    {
        var added = await Port.TryAddAsync(WorkflowBuild.Enrollment());
        var attempts = Enumerable.Range(0, 8)
            .Select(i => Task.Run(() => Port.TryAdvanceAsync(Advance(added!, Build.Epoch.AddDays(i + 1)))));

        var results = await Task.WhenAll(attempts);

        Assert.That(results.Count(r => r), Is.EqualTo(1));
        Assert.That((await Port.GetAsync(added!.Id))!.NextStep, Is.EqualTo(1));
    }

    [Test]
    public async Task Active_for_customer_lists_only_that_customers_active_enrollments_in_the_store()
    {
        var mine = await Port.TryAddAsync(WorkflowBuild.Enrollment("cart:1"));
        var alsoMine = await Port.TryAddAsync(WorkflowBuild.Enrollment("order:1", workflow: WorkflowKind.ReviewRequest));
        var done = await Port.TryAddAsync(WorkflowBuild.Enrollment("cart:0"));
        await Port.TryAdvanceAsync(new EnrollmentTransition(done!.Id, 0, 3, null, EnrollmentState.Completed, null, Build.Epoch));
        await Port.TryAddAsync(WorkflowBuild.Enrollment("cart:1", customer: 2));
        await Port.TryAddAsync(WorkflowBuild.Enrollment("cart:1", store: 2));

        var active = await Port.ActiveForCustomerAsync(Store1, Customer1);

        Assert.That(active.Select(e => e.Id), Is.EquivalentTo(new[] { mine!.Id, alsoMine!.Id }));
    }

    [Test]
    public async Task Last_enrolled_is_the_latest_entry_into_that_workflow_control_group_and_closed_ones_included()
    {
        await Port.TryAddAsync(WorkflowBuild.Enrollment("2025", workflow: WorkflowKind.WinBack, enrolled: Build.Epoch.AddDays(-200)));
        var latest = await Port.TryAddAsync(WorkflowBuild.Enrollment("2026", workflow: WorkflowKind.WinBack, enrolled: Build.Epoch.AddDays(-10), control: true));
        await Port.TryAdvanceAsync(new EnrollmentTransition(latest!.Id, 0, 3, null, EnrollmentState.Completed, null, Build.Epoch));
        await Port.TryAddAsync(WorkflowBuild.Enrollment("cart:1", enrolled: Build.Epoch));
        await Port.TryAddAsync(WorkflowBuild.Enrollment("2027", workflow: WorkflowKind.WinBack, customer: 2, enrolled: Build.Epoch));

        Assert.That(await Port.LastEnrolledAsync(WorkflowKind.WinBack, Store1, Customer1), Is.EqualTo(Build.Epoch.AddDays(-10)));
        Assert.That(await Port.LastEnrolledAsync(WorkflowKind.WinBack, new StoreId(2), Customer1), Is.Null);
        Assert.That(await Port.LastEnrolledAsync(WorkflowKind.Birthday, Store1, Customer1), Is.Null);
    }

    [Test]
    public async Task Enrolled_since_returns_those_of_the_given_customers_enrolled_at_or_after_the_instant()
    {
        var since = Build.Epoch.AddDays(-7);
        await Port.TryAddAsync(WorkflowBuild.Enrollment("cart:a", customer: 1, enrolled: since));
        await Port.TryAddAsync(WorkflowBuild.Enrollment("cart:b", customer: 2, enrolled: since.AddSeconds(-1)));
        await Port.TryAddAsync(WorkflowBuild.Enrollment("cart:c", customer: 3, enrolled: Build.Epoch));
        await Port.TryAddAsync(WorkflowBuild.Enrollment("cart:d", customer: 4, enrolled: Build.Epoch, workflow: WorkflowKind.WinBack));
        await Port.TryAddAsync(WorkflowBuild.Enrollment("cart:e", customer: 5, enrolled: Build.Epoch, store: 2));
        await Port.TryAddAsync(WorkflowBuild.Enrollment("cart:f", customer: 6, enrolled: Build.Epoch));

        var asked = new[] { 1, 2, 3, 4, 5, 7 }.Select(c => new CustomerId(c)).ToList();
        var enrolled = await Port.EnrolledSinceAsync(WorkflowKind.AbandonedCart, Store1, asked, since);

        Assert.That(enrolled, Is.EquivalentTo(new[] { new CustomerId(1), new CustomerId(3) }));
        Assert.That(await Port.EnrolledSinceAsync(WorkflowKind.AbandonedCart, Store1, [], since), Is.Empty);
    }

    [Test]
    public async Task Active_for_customers_lists_the_active_enrollments_of_every_asked_customer_in_the_store()
    {
        var first = await Port.TryAddAsync(WorkflowBuild.Enrollment("cart:1", customer: 1));
        var firstOther = await Port.TryAddAsync(WorkflowBuild.Enrollment("order:1", customer: 1, workflow: WorkflowKind.ReviewRequest));
        var second = await Port.TryAddAsync(WorkflowBuild.Enrollment("cart:2", customer: 2, control: true));
        var closed = await Port.TryAddAsync(WorkflowBuild.Enrollment("cart:0", customer: 2));
        await Port.TryAdvanceAsync(new EnrollmentTransition(closed!.Id, 0, 3, null, EnrollmentState.Completed, null, Build.Epoch));
        await Port.TryAddAsync(WorkflowBuild.Enrollment("cart:3", customer: 3));
        await Port.TryAddAsync(WorkflowBuild.Enrollment("cart:1", customer: 1, store: 2));

        var asked = new[] { 1, 2, 2, 4 }.Select(c => new CustomerId(c)).ToList();
        var active = await Port.ActiveForCustomersAsync(Store1, asked);

        Assert.That(active.Select(e => e.Id), Is.EquivalentTo(new[] { first!.Id, firstOther!.Id, second!.Id }));
        Assert.That(active.Single(e => e.Id == second.Id), Is.EqualTo(second));
        Assert.That(await Port.ActiveForCustomersAsync(Store1, []), Is.Empty);
    }

    [Test]
    public async Task Active_for_customers_agrees_with_asking_per_customer()
    {
        for (var customer = 1; customer <= 5; customer++)
            for (var subject = 0; subject < customer % 3; subject++)
                await Port.TryAddAsync(WorkflowBuild.Enrollment($"cart:{subject}", customer: customer, due: Build.Epoch.AddHours(customer)));
        var customers = Enumerable.Range(1, 6).Select(c => new CustomerId(c)).ToList();

        var together = await Port.ActiveForCustomersAsync(Store1, customers);

        var one = new List<Enrollment>();
        foreach (var customer in customers)
            one.AddRange(await Port.ActiveForCustomerAsync(Store1, customer));
        Assert.That(together, Is.EquivalentTo(one));
    }
}
