using Retention.Core.Common;
using Retention.Core.Workflows;
using Retention.Testing.Builders;

namespace Retention.Testing.Contracts;

/// <summary>What every <see cref="IWorkflowEventStore"/> must do.</summary>
public abstract class WorkflowEventStoreContract : PortContract<IWorkflowEventStore>
{
    private static readonly StoreId Store1 = new(1);
    private static readonly CustomerId Customer1 = new(1);
    private static readonly WorkflowEventKind[] Touches = [WorkflowEventKind.Clicked, WorkflowEventKind.Sent];

    [Test]
    public async Task Recorded_event_is_returned_with_every_field()
    {
        var converted = WorkflowBuild.Event("wf-conv:1", enrollmentId: 5, kind: WorkflowEventKind.Converted, workflow: WorkflowKind.WinBack, step: 2,
            occurred: Build.Epoch.AddHours(2)) with { OrderId = 77, Revenue = 123.45m, Detail = "order 77" };

        Assert.That(await Port.TryAddAsync(converted), Is.True);

        var last = await Port.LastAsync(Store1, Customer1, [WorkflowEventKind.Converted], Build.Epoch, Build.Epoch.AddDays(1));
        Assert.That(last, Is.EqualTo(converted));
    }

    [Test]
    public async Task Second_event_with_the_same_key_is_refused_and_writes_nothing()
    {
        await Port.TryAddAsync(WorkflowBuild.Event("wf-step:1", occurred: Build.Epoch));

        var again = await Port.TryAddAsync(WorkflowBuild.Event("wf-step:1", occurred: Build.Epoch.AddHours(1), kind: WorkflowEventKind.Clicked));

        Assert.That(again, Is.False);
        Assert.That(await Port.AnyAsync(1, WorkflowEventKind.Clicked), Is.False);
        var last = await Port.LastAsync(Store1, Customer1, Touches, Build.Epoch, Build.Epoch.AddDays(1));
        Assert.That(last!.OccurredUtc, Is.EqualTo(Build.Epoch));
    }

    [Test]
    public async Task Racing_adds_of_one_key_record_exactly_one_event()
    {
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            Port.TryAddAsync(WorkflowBuild.Event("wf-click:race", kind: WorkflowEventKind.Clicked, occurred: Build.Epoch.AddMinutes(i)))));

        var results = await Task.WhenAll(attempts);

        Assert.That(results.Count(r => r), Is.EqualTo(1));
    }

    [Test]
    public async Task Last_is_the_latest_event_of_the_asked_kinds_within_the_window()
    {
        var from = Build.Epoch;
        var to = Build.Epoch.AddDays(5);
        await Port.TryAddAsync(WorkflowBuild.Event("sent", occurred: from));
        await Port.TryAddAsync(WorkflowBuild.Event("clicked", kind: WorkflowEventKind.Clicked, occurred: from.AddDays(2)));
        await Port.TryAddAsync(WorkflowBuild.Event("opened-later", kind: WorkflowEventKind.Opened, occurred: from.AddDays(3)));
        await Port.TryAddAsync(WorkflowBuild.Event("at-window-end", kind: WorkflowEventKind.Sent, occurred: to));
        await Port.TryAddAsync(WorkflowBuild.Event("before-window", kind: WorkflowEventKind.Clicked, occurred: from.AddSeconds(-1)));

        var last = await Port.LastAsync(Store1, Customer1, Touches, from, to);
        var onlySends = await Port.LastAsync(Store1, Customer1, [WorkflowEventKind.Sent], from, to);

        Assert.That(last!.Key.Value, Is.EqualTo("clicked"));
        Assert.That(onlySends!.Key.Value, Is.EqualTo("sent"));
    }

    [Test]
    public async Task Last_excludes_the_control_group_and_other_customers_and_stores()
    {
        await Port.TryAddAsync(WorkflowBuild.Event("mine", occurred: Build.Epoch));
        await Port.TryAddAsync(WorkflowBuild.Event("control", kind: WorkflowEventKind.Withheld, control: true, occurred: Build.Epoch.AddHours(1)));
        await Port.TryAddAsync(WorkflowBuild.Event("control-sent", control: true, occurred: Build.Epoch.AddHours(2)));
        await Port.TryAddAsync(WorkflowBuild.Event("other-customer", customer: 2, occurred: Build.Epoch.AddHours(3)));
        await Port.TryAddAsync(WorkflowBuild.Event("other-store", store: 2, occurred: Build.Epoch.AddHours(4)));

        var last = await Port.LastAsync(Store1, Customer1, [WorkflowEventKind.Sent, WorkflowEventKind.Withheld], Build.Epoch, Build.Epoch.AddDays(1));

        Assert.That(last!.Key.Value, Is.EqualTo("mine"));
        Assert.That(await Port.LastAsync(new StoreId(3), Customer1, Touches, Build.Epoch, Build.Epoch.AddDays(1)), Is.Null);
    }

    [Test]
    public async Task Any_tells_whether_the_enrollment_has_an_event_of_that_kind()
    {
        await Port.TryAddAsync(WorkflowBuild.Event("sent:1", enrollmentId: 1));
        await Port.TryAddAsync(WorkflowBuild.Event("click:2", enrollmentId: 2, kind: WorkflowEventKind.Clicked));

        Assert.That(await Port.AnyAsync(1, WorkflowEventKind.Sent), Is.True);
        Assert.That(await Port.AnyAsync(1, WorkflowEventKind.Clicked), Is.False);
        Assert.That(await Port.AnyAsync(2, WorkflowEventKind.Clicked), Is.True);
        Assert.That(await Port.AnyAsync(3, WorkflowEventKind.Sent), Is.False);
    }

    [Test]
    public async Task Enrollments_with_returns_the_asked_enrollments_having_an_event_of_that_kind()
    {
        await Port.TryAddAsync(WorkflowBuild.Event("click:1", enrollmentId: 1, kind: WorkflowEventKind.Clicked));
        await Port.TryAddAsync(WorkflowBuild.Event("click:1:again", enrollmentId: 1, kind: WorkflowEventKind.Clicked, step: 1));
        await Port.TryAddAsync(WorkflowBuild.Event("sent:2", enrollmentId: 2));
        await Port.TryAddAsync(WorkflowBuild.Event("click:3", enrollmentId: 3, kind: WorkflowEventKind.Clicked, control: true, customer: 3));
        await Port.TryAddAsync(WorkflowBuild.Event("click:4", enrollmentId: 4, kind: WorkflowEventKind.Clicked, store: 2));

        var clicked = await Port.EnrollmentsWithAsync([1, 2, 3, 5, 1], WorkflowEventKind.Clicked);

        Assert.That(clicked, Is.EquivalentTo(new long[] { 1, 3 }));
        Assert.That(await Port.EnrollmentsWithAsync([1, 2], WorkflowEventKind.Sent), Is.EquivalentTo(new long[] { 2 }));
        Assert.That(await Port.EnrollmentsWithAsync([], WorkflowEventKind.Clicked), Is.Empty);
    }

    [Test]
    public async Task Enrollments_with_agrees_with_asking_per_enrollment()
    {
        for (var id = 1; id <= 6; id++)
            await Port.TryAddAsync(WorkflowBuild.Event($"e:{id}", enrollmentId: id, kind: id % 2 == 0 ? WorkflowEventKind.Clicked : WorkflowEventKind.Opened));
        var ids = Enumerable.Range(0, 8).Select(i => (long)i).ToList();

        var together = await Port.EnrollmentsWithAsync(ids, WorkflowEventKind.Clicked);

        var one = new List<long>();
        foreach (var id in ids)
            if (await Port.AnyAsync(id, WorkflowEventKind.Clicked))
                one.Add(id);
        Assert.That(together, Is.EquivalentTo(one));
    }

    [Test]
    public async Task Last_sent_gives_each_asked_customer_their_latest_send_of_the_workflow_since_the_time()
    {
        var since = Build.Epoch.AddDays(1);
        await Port.TryAddAsync(WorkflowBuild.Event("c1:old", customer: 1, occurred: since.AddSeconds(-1)));
        await Port.TryAddAsync(WorkflowBuild.Event("c1:at", customer: 1, occurred: since));
        await Port.TryAddAsync(WorkflowBuild.Event("c1:later", customer: 1, occurred: since.AddHours(5), step: 1));
        await Port.TryAddAsync(WorkflowBuild.Event("c1:click", customer: 1, kind: WorkflowEventKind.Clicked, occurred: since.AddHours(9)));
        await Port.TryAddAsync(WorkflowBuild.Event("c2:winback", customer: 2, workflow: WorkflowKind.WinBack, occurred: since.AddHours(1)));
        await Port.TryAddAsync(WorkflowBuild.Event("c3:control", customer: 3, control: true, occurred: since.AddHours(1)));
        await Port.TryAddAsync(WorkflowBuild.Event("c4:other-store", customer: 4, store: 2, occurred: since.AddHours(1)));
        await Port.TryAddAsync(WorkflowBuild.Event("c5:not-asked", customer: 5, occurred: since.AddHours(1)));
        var asked = new[] { 1, 2, 3, 4, 6 }.Select(c => new CustomerId(c)).ToList();

        var last = await Port.LastSentAsync(WorkflowKind.AbandonedCart, Store1, asked, since);

        Assert.That(last, Is.EquivalentTo(new Dictionary<CustomerId, DateTime> { [Customer1] = since.AddHours(5) }));
        Assert.That(await Port.LastSentAsync(WorkflowKind.WinBack, Store1, asked, since), Is.EquivalentTo(new Dictionary<CustomerId, DateTime>
        {
            [new CustomerId(2)] = since.AddHours(1),
        }));
        Assert.That(await Port.LastSentAsync(WorkflowKind.AbandonedCart, Store1, [], since), Is.Empty);
    }
}
