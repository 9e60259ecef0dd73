using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Messaging;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Workflows;

/// <summary>
/// The sandbox's one-transaction step writer: only the compare-and-set winners get their event and email, keys written
/// before stay once, a failure leaves nothing, and two writers racing over the same batch advance each enrollment once.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfWorkflowStepWriterTests(DatabaseProvider provider)
{
    private static readonly StoreId Store = new(1);
    private static readonly DateTime Now = new(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);
    private TestDatabase _db = null!;

    [SetUp]
    public async Task OpenAsync() => _db = await TestDatabase.CreateAsync(provider);

    [TearDown]
    public async Task CloseAsync()
    {
        if (_db is not null)
            await _db.DisposeAsync();
    }

    private IEnrollmentStore Enrollments => SandboxStores.Enrollments(_db.Database);

    private async Task<List<Enrollment>> EnrollAsync(int count)
    {
        var made = new List<Enrollment>();
        for (var i = 1; i <= count; i++)
            made.Add((await Enrollments.TryAddAsync(new Enrollment
            {
                Workflow = WorkflowKind.AbandonedCart,
                Store = Store,
                Customer = new CustomerId(i),
                Subject = "cart",
                EnrolledUtc = Now.AddHours(-2),
                AnchorUtc = Now.AddHours(-2),
                IsControl = false,
                NextStep = 0,
                NextDueUtc = Now.AddHours(-1),
            }))!);
        return made;
    }

    /// <summary>The step-<paramref name="step"/> outcome a run decides for a sent email: move on, a Sent event, the email.</summary>
    private static StepOutcome Sent(Enrollment e, int step, string body = "hello", bool last = false)
    {
        var key = e.StepKey(step);
        var transition = last
            ? new EnrollmentTransition(e.Id, step, step + 1, null, EnrollmentState.Completed, null, Now)
            : new EnrollmentTransition(e.Id, step, step + 1, Now.AddDays(1).AddTicks(3), EnrollmentState.Active, null, Now);
        return new StepOutcome(transition,
            new WorkflowEvent
            {
                Key = key, EnrollmentId = e.Id, Workflow = e.Workflow, Step = step, Store = e.Store, Customer = e.Customer,
                Kind = WorkflowEventKind.Sent, OccurredUtc = Now, Revenue = 1.25m, Detail = "step " + step,
            },
            new OutboundMessage
            {
                Key = key, Store = e.Store, Customer = e.Customer, ToEmail = $"c{e.Customer.Value}@example.com", ToName = "C",
                TemplateName = WorkflowCatalog.TemplateName(e.Workflow, step), Tokens = new Dictionary<string, string> { ["Retention.Body"] = body },
                IsMarketing = true, CreatedUtc = Now, NotBeforeUtc = Now.AddHours(8),
            });
    }

    private async Task<(int Events, int Emails)> CountAsync()
    {
        await using var db = _db.Database.CreateContext();
        return (await db.WorkflowEvents.CountAsync(), await db.Outbox.CountAsync());
    }

    [Test]
    public async Task Only_the_moves_that_win_write_their_event_and_email()
    {
        var e = await EnrollAsync(3);
        // Another runner moved the second enrollment on already.
        Assert.That(await Enrollments.TryAdvanceAsync(Sent(e[1], 0).Transition), Is.True);
        var writer = SandboxStores.StepWriter(_db.Database);

        var won = await writer.CommitAsync([Sent(e[0], 0), Sent(e[1], 0), Sent(e[2], 0, last: true)]);

        Assert.That(won, Is.EquivalentTo(new[] { e[0].Id, e[2].Id }));
        await using var db = _db.Database.CreateContext();
        Assert.That(await db.Outbox.Select(m => m.CustomerId).OrderBy(c => c).ToListAsync(), Is.EqualTo(new[] { 1, 3 }));
        Assert.That(await db.WorkflowEvents.Select(r => r.EnrollmentId).OrderBy(id => id).ToListAsync(), Is.EqualTo(new[] { e[0].Id, e[2].Id }));

        // What the writer stored reads back as the single ports would have stored it.
        var moved = (await Enrollments.GetAsync(e[0].Id))!;
        Assert.That((moved.State, moved.NextStep, moved.NextDueUtc, moved.ClosedUtc),
            Is.EqualTo((EnrollmentState.Active, 1, (DateTime?)EfEnrollmentStoreDue(Now.AddDays(1).AddTicks(3)), (DateTime?)null)));
        var closed = (await Enrollments.GetAsync(e[2].Id))!;
        Assert.That((closed.State, closed.NextStep, closed.NextDueUtc, closed.ClosedUtc), Is.EqualTo((EnrollmentState.Completed, 1, (DateTime?)null, (DateTime?)Now)));
        var due = await Enrollments.DueAsync(Now.AddDays(1).AddTicks(10), 10);
        Assert.That(due.Select(d => d.Id), Is.EqualTo(new[] { e[0].Id, e[1].Id }), "The writer and the single port round a due time alike (equal times, then by id).");
        var ev = await SandboxStores.Events(_db.Database).LastAsync(Store, e[0].Customer, [WorkflowEventKind.Sent], Now, Now.AddSeconds(1));
        Assert.That(ev, Is.EqualTo(Sent(e[0], 0).Event));
        var email = await db.Outbox.AsNoTracking().SingleAsync(m => m.CustomerId == 1);
        Assert.That((email.IdempotencyKey, email.TokensJson, email.IsMarketing, email.CreatedOnUtc, email.NotBeforeUtc),
            Is.EqualTo((e[0].StepKey(0).Value, "{\"Retention.Body\":\"hello\"}", true, Now, (DateTime?)Now.AddHours(8))));
    }

    /// <summary>The PostgreSQL rounding the enrollment store applies (microseconds, never early).</summary>
    private static DateTime EfEnrollmentStoreDue(DateTime due) => new(due.Ticks + (10 - due.Ticks % 10) % 10, DateTimeKind.Utc);

    [Test]
    public async Task A_key_written_before_stays_once_and_unchanged()
    {
        var e = await EnrollAsync(2);
        // A crash after the single ports queued the email and recorded the event but before the state moved.
        var earlier = Sent(e[0], 0, body: "first");
        Assert.That(await SandboxStores.Outbox(_db.Database).TryEnqueueAsync(earlier.Message!), Is.True);
        Assert.That(await SandboxStores.Events(_db.Database).TryAddAsync(earlier.Event!), Is.True);

        var won = await SandboxStores.StepWriter(_db.Database).CommitAsync([Sent(e[0], 0, body: "second"), Sent(e[1], 0)]);

        Assert.That(won, Is.EquivalentTo(new[] { e[0].Id, e[1].Id }));
        Assert.That(await CountAsync(), Is.EqualTo((2, 2)));
        await using var db = _db.Database.CreateContext();
        Assert.That(await db.Outbox.Where(m => m.CustomerId == 1).Select(m => m.TokensJson).SingleAsync(), Does.Contain("first"));
    }

    [Test]
    public async Task A_chunk_commits_in_a_handful_of_round_trips_whatever_its_size()
    {
        Assume.That(provider, Is.EqualTo(DatabaseProvider.PostgreSql), "round trips are a networked database's cost");
        var e = await EnrollAsync(60);
        var commands = 0;
        var counting = new AsyncLocal<bool>();
        // Npgsql starts one activity per command it sends (one round trip), in the flow that sends it.
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
            ActivityStarted = _ =>
            {
                if (counting.Value)
                    Interlocked.Increment(ref commands);
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);

        counting.Value = true;
        var won = await SandboxStores.StepWriter(_db.Database).CommitAsync(e.Select(x => Sent(x, 0)).ToList());
        counting.Value = false;

        Assert.That(won, Has.Count.EqualTo(60));
        Assert.That(await CountAsync(), Is.EqualTo((60, 60)));
        Assert.That(commands, Is.LessThanOrEqualTo(5), "the moves, the events and the emails: a command each, however many outcomes");
    }

    [Test]
    public async Task A_failing_commit_rolls_back_every_move_event_and_email()
    {
        var e = await EnrollAsync(3);
        var broken = Sent(e[2], 0);
        // The outbox refuses a message without an address (NOT NULL): the moves and events before it must go too.
        broken = broken with { Message = broken.Message! with { ToEmail = null! } };

        Assert.That(async () => await SandboxStores.StepWriter(_db.Database).CommitAsync([Sent(e[0], 0), Sent(e[1], 0), broken]),
            Throws.InstanceOf<DbUpdateException>().With.InnerException.InstanceOf<DbException>());

        Assert.That(await CountAsync(), Is.EqualTo((0, 0)));
        var states = await Task.WhenAll(e.Select(x => Enrollments.GetAsync(x.Id)));
        Assert.That(states.Select(s => (s!.NextStep, s.State)), Is.All.EqualTo((0, EnrollmentState.Active)), "No move survives the rollback.");
    }

    [Test]
    public async Task Two_outcomes_for_one_enrollment_are_refused_before_anything_is_written()
    {
        var e = await EnrollAsync(1);

        var refused = Assert.ThrowsAsync<ArgumentException>(() => SandboxStores.StepWriter(_db.Database).CommitAsync([Sent(e[0], 0), Sent(e[0], 0)]));

        Assert.That(refused!.Message, Does.Contain($"Enrollment {e[0].Id} has two outcomes"));
        Assert.That(await CountAsync(), Is.EqualTo((0, 0)));
        Assert.That((await Enrollments.GetAsync(e[0].Id))!.NextStep, Is.EqualTo(0));
    }

    [Test]
    public async Task Two_writers_racing_over_the_same_steps_advance_each_enrollment_and_send_each_email_once()
    {
        const int count = 400;
        var e = await EnrollAsync(count);
        var a = SandboxStores.StepWriter(_db.Database);
        var b = SandboxStores.StepWriter(_db.Database);

        for (var step = 0; step < 3; step++)
        {
            var outcomes = e.Select(x => Sent(x, step, last: step == 2)).ToList();
            var reversed = Enumerable.Reverse(outcomes).ToList();
            // Each writer commits the batch in pieces, so their transactions interleave.
            var both = await Task.WhenAll(
                Task.Run(async () => await CommitInPiecesAsync(a, outcomes)),
                Task.Run(async () => await CommitInPiecesAsync(b, reversed)));

            Assert.That(both[0].Intersect(both[1]), Is.Empty, $"Step {step}: no enrollment won by both writers.");
            Assert.That(both[0].Union(both[1]), Is.EquivalentTo(e.Select(x => x.Id)), $"Step {step}: every enrollment won by one writer.");
        }

        await using var db = _db.Database.CreateContext();
        Assert.That(await db.Enrollments.Select(r => new { r.NextStep, r.StateId }).Distinct().ToListAsync(),
            Is.EqualTo(new[] { new { NextStep = 3, StateId = (int)EnrollmentState.Completed } }));
        Assert.That(await CountAsync(), Is.EqualTo((3 * count, 3 * count)));
        Assert.That(await db.Outbox.Select(m => m.IdempotencyKey).Distinct().CountAsync(), Is.EqualTo(3 * count));
    }

    private static async Task<HashSet<long>> CommitInPiecesAsync(IWorkflowStepWriter writer, IReadOnlyList<StepOutcome> outcomes)
    {
        var won = new HashSet<long>();
        foreach (var piece in outcomes.Chunk(50))
            won.UnionWith(await writer.CommitAsync(piece));
        return won;
    }
}
