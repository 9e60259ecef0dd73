using Retention.Core.Store;
using Retention.Core.Tables;

namespace Retention.Testing.Contracts;

/// <summary>
/// One database's enrollment table seen by two writers (two nodes, or two runners of one node), with each writer's
/// transactions and the runner that executes queries.
/// </summary>
public sealed record TableHandle(ITable<EnrollmentRow> Table, ITableTransactions Transactions, ITable<EnrollmentRow> Other,
    ITableTransactions OtherTransactions, IQueryRunner Runner)
{
    /// <summary>The same database's event table (unique by one key column, as the batch insert needs), seen by each writer.</summary>
    public ITable<WorkflowEventRow> Events { get; init; } = null!;

    /// <inheritdoc cref="Events"/>
    public ITable<WorkflowEventRow> OtherEvents { get; init; } = null!;
}

/// <summary>
/// What every implementation of Core's table port must do, on a real table (the enrollments): a keyed insert writes a
/// key once however many writers race, a conditional update changes a row only while it holds the expected state (so of
/// racing writers only one wins), and a transaction keeps all of its writes or none. A keyed insert that loses its race
/// inside a transaction answers false or throws <see cref="TableRaceLostException"/>, and then nothing of that
/// transaction is kept. The batch verbs keep the same promises row by row: an insert of many writes each key once (a key
/// stored, repeated in the batch, or won by a racing writer is not inserted again), and an update of many is a
/// compare-and-set per row with that row's own values.
/// </summary>
public abstract class TableContract : PortContract<TableHandle>
{
    private static readonly DateTime Now = new(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);

    private static EnrollmentRow Row(int customer, string subject = "cart:1") => new()
    {
        EnrollmentKey = $"contract:{customer}:{subject}",
        WorkflowId = 1,
        StoreId = 1,
        CustomerId = customer,
        Subject = subject,
        EnrolledUtc = Now,
        AnchorUtc = Now,
        StateId = 1,
        NextStep = 0,
        NextDueUtc = Now.AddHours(1),
    };

    private static Task<bool> InsertAsync(ITable<EnrollmentRow> table, EnrollmentRow row) =>
        table.TryInsertAsync(row, r => r.CustomerId == row.CustomerId && r.Subject == row.Subject && r.WorkflowId == row.WorkflowId && r.StoreId == row.StoreId);

    private static Task<int> MoveAsync(ITable<EnrollmentRow> table, long id, int from, int to) =>
        table.UpdateAsync(r => r.Id == id && r.StateId == 1 && r.NextStep == from, r => new EnrollmentRow { NextStep = to, ExitReason = "moved" });

    private Task<List<EnrollmentRow>> AllAsync() => Port.Runner.ToListAsync(Port.Table.Rows.OrderBy(r => r.Id));

    [Test]
    public async Task A_keyed_insert_writes_the_row_once_and_gives_it_an_id()
    {
        var first = Row(7);
        Assert.That(await InsertAsync(Port.Table, first), Is.True);
        Assert.That(await InsertAsync(Port.Other, Row(7)), Is.False);

        var rows = await AllAsync();
        Assert.That(rows.Select(r => (r.Id, r.CustomerId, r.Subject)), Is.EqualTo(new[] { (first.Id, 7, "cart:1") }));
        Assert.That(first.Id, Is.GreaterThan(0));
    }

    [Test]
    public async Task Racing_keyed_inserts_of_one_key_let_exactly_one_writer_win()
    {
        var racers = Enumerable.Range(0, 8).Select(i => Task.Run(() => InsertAsync(i % 2 == 0 ? Port.Table : Port.Other, Row(3))));

        var won = await Task.WhenAll(racers);

        Assert.That(won.Count(w => w), Is.EqualTo(1));
        Assert.That((await AllAsync()).Count, Is.EqualTo(1));
    }

    [Test]
    public async Task A_conditional_update_wins_while_the_row_holds_the_expected_state_and_writes_only_the_named_columns()
    {
        var row = Row(1);
        await InsertAsync(Port.Table, row);

        Assert.That(await MoveAsync(Port.Table, row.Id, from: 0, to: 1), Is.EqualTo(1));

        var stored = (await AllAsync()).Single();
        Assert.That((stored.NextStep, stored.ExitReason, stored.Subject, stored.StateId), Is.EqualTo((1, "moved", "cart:1", 1)));
        Assert.That(stored.NextDueUtc, Is.EqualTo(Now.AddHours(1)), "a column the update does not name keeps its value");
    }

    [Test]
    public async Task A_conditional_update_loses_when_another_writer_changed_the_row_first()
    {
        var row = Row(1);
        await InsertAsync(Port.Table, row);
        await MoveAsync(Port.Other, row.Id, from: 0, to: 1);

        Assert.That(await MoveAsync(Port.Table, row.Id, from: 0, to: 5), Is.Zero);
        Assert.That((await AllAsync()).Single().NextStep, Is.EqualTo(1));
    }

    [Test]
    public async Task Racing_conditional_updates_from_one_state_let_exactly_one_writer_win()
    {
        var row = Row(1);
        await InsertAsync(Port.Table, row);

        var changed = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => MoveAsync(i % 2 == 0 ? Port.Table : Port.Other, row.Id, from: 0, to: 10 + i))));

        Assert.That(changed.Sum(), Is.EqualTo(1));
        Assert.That((await AllAsync()).Single().NextStep, Is.EqualTo(10 + Array.IndexOf(changed, 1)));
    }

    [Test]
    public async Task Delete_removes_the_matching_rows_only()
    {
        await InsertAsync(Port.Table, Row(1));
        await InsertAsync(Port.Table, Row(2));

        Assert.That(await Port.Table.DeleteAsync(r => r.CustomerId == 1), Is.EqualTo(1));
        Assert.That((await AllAsync()).Select(r => r.CustomerId), Is.EqualTo(new[] { 2 }));
    }

    [Test]
    public async Task A_transaction_that_returns_keeps_all_of_its_writes()
    {
        var moved = Row(1);
        await InsertAsync(Port.Table, moved);

        await Port.Transactions.RunAsync(async _ =>
        {
            await MoveAsync(Port.Table, moved.Id, 0, 1);
            return await InsertAsync(Port.Table, Row(2));
        });

        Assert.That((await AllAsync()).Select(r => (r.CustomerId, r.NextStep)), Is.EqualTo(new[] { (1, 1), (2, 0) }));
    }

    [Test]
    public async Task A_transaction_that_throws_keeps_none_of_its_writes()
    {
        var moved = Row(1);
        await InsertAsync(Port.Table, moved);

        Assert.That(() => Port.Transactions.RunAsync<bool>(async _ =>
        {
            await MoveAsync(Port.Table, moved.Id, 0, 1);
            await InsertAsync(Port.Table, Row(2));
            await Port.Table.DeleteAsync(r => r.Id == moved.Id);
            throw new InvalidOperationException("the email failed");
        }), Throws.InvalidOperationException);

        Assert.That((await AllAsync()).Select(r => (r.CustomerId, r.NextStep)), Is.EqualTo(new[] { (1, 0) }));
    }

    [Test]
    public async Task A_keyed_insert_that_loses_its_race_inside_a_transaction_answers_false_or_ends_the_transaction()
    {
        var before = Row(1);
        await InsertAsync(Port.Table, before);
        var otherInserted = new TaskCompletionSource();
        var release = new TaskCompletionSource();

        // The other writer holds the key uncommitted while ours looks (and finds nothing committed), then commits.
        var other = Port.OtherTransactions.RunAsync(async _ =>
        {
            var won = await InsertAsync(Port.Other, Row(9));
            otherInserted.SetResult();
            await release.Task;
            return won;
        });
        await otherInserted.Task;
        var ours = Task.Run(() => Port.Transactions.RunAsync(async _ =>
        {
            await MoveAsync(Port.Table, before.Id, 0, 1);
            return await InsertAsync(Port.Table, Row(9));
        }));
        await Task.Delay(500);
        release.SetResult();

        Assert.That(await other, Is.True);
        bool? oursWon;
        try
        {
            oursWon = await ours;
        }
        catch (TableRaceLostException)
        {
            oursWon = null;
        }
        var rows = await AllAsync();
        Assert.That(rows.Count(r => r.CustomerId == 9), Is.EqualTo(1));
        Assert.That(oursWon, Is.Not.True, "only one writer inserted the key");
        if (oursWon == null)
            Assert.That(rows.Single(r => r.Id == before.Id).NextStep, Is.Zero, "a transaction ended by its lost insert keeps nothing");
        else
            Assert.That(rows.Single(r => r.Id == before.Id).NextStep, Is.EqualTo(1), "a transaction whose insert answered false goes on");
    }

    private static WorkflowEventRow Event(string key, int customer = 1) => new()
    {
        EventKey = key, EnrollmentId = customer, WorkflowId = 1, Step = 0, StoreId = 1, CustomerId = customer, KindId = 1, OccurredUtc = Now,
        Revenue = 2.5m, Detail = "contract",
    };

    private Task<List<WorkflowEventRow>> EventsAsync() => Port.Runner.ToListAsync(Port.Events.Rows.OrderBy(r => r.Id));

    private static RowChange<EnrollmentRow> Move(long id, int from, int to, DateTime? due = null, string? reason = "moved") =>
        new(id, new EnrollmentRow { StateId = 1, NextStep = from }, new EnrollmentRow { NextStep = to, NextDueUtc = due, ExitReason = reason });

    private static Task<IReadOnlySet<long>> MoveManyAsync(ITable<EnrollmentRow> table, params RowChange<EnrollmentRow>[] changes) =>
        table.UpdateManyAsync(changes, r => new { r.StateId, r.NextStep }, r => new { r.NextStep, r.NextDueUtc, r.ExitReason });

    [Test]
    public async Task An_insert_of_many_writes_new_keys_once_and_skips_stored_and_repeated_ones()
    {
        await Port.Events.TryInsertManyAsync([Event("a")], r => r.EventKey);

        var inserted = await Port.Events.TryInsertManyAsync([Event("b", 2), Event("a", 3), Event("c", 4), Event("b", 5)], r => r.EventKey);

        Assert.That(inserted.Select(r => (r.EventKey, r.CustomerId)), Is.EqualTo(new[] { ("b", 2), ("c", 4) }), "in list order, the first of a repeated key");
        var stored = await EventsAsync();
        Assert.That(stored.Select(r => (r.EventKey, r.CustomerId)), Is.EquivalentTo(new[] { ("a", 1), ("b", 2), ("c", 4) }));
        Assert.That(inserted.Select(r => r.Id), Is.EquivalentTo(stored.Where(r => r.EventKey != "a").Select(r => r.Id)), "each inserted row has its id");
        var b = stored.Single(r => r.EventKey == "b");
        Assert.That((b.Revenue, b.Detail, b.OccurredUtc), Is.EqualTo((2.5m, "contract", Now)), "every column is written");
        Assert.That(await Port.Events.TryInsertManyAsync([], r => r.EventKey), Is.Empty);
    }

    [Test]
    public async Task Racing_inserts_of_overlapping_batches_write_each_key_once()
    {
        var keys = Enumerable.Range(0, 30).Select(i => $"k{i}").ToList();
        var racers = Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Port.Events : Port.OtherEvents).TryInsertManyAsync(
                keys.Skip(i * 3).Concat(keys.Take(i * 3)).Select(k => Event(k)).ToList(), r => r.EventKey)));

        var inserted = await Task.WhenAll(racers);

        Assert.That(inserted.SelectMany(r => r).Select(r => r.EventKey), Is.EquivalentTo(keys), "every key inserted by exactly one writer");
        Assert.That((await EventsAsync()).Select(r => r.EventKey), Is.EquivalentTo(keys));
    }

    [Test]
    public async Task An_update_of_many_changes_each_row_that_holds_its_expected_state_with_its_own_values()
    {
        var (one, two, three) = (Row(1), Row(2), Row(3));
        foreach (var row in new[] { one, two, three })
            await InsertAsync(Port.Table, row);
        await MoveAsync(Port.Other, two.Id, 0, 1);

        var changed = await MoveManyAsync(Port.Table, Move(three.Id, 0, 7, reason: null), Move(one.Id, 0, 5, Now.AddDays(2)), Move(two.Id, 0, 6));

        Assert.That(changed, Is.EquivalentTo(new[] { one.Id, three.Id }), "the row another writer moved first is left as it is");
        var rows = await AllAsync();
        Assert.That(rows.Select(r => (r.CustomerId, r.NextStep, r.NextDueUtc, r.ExitReason)), Is.EqualTo(new[]
        {
            (1, 5, (DateTime?)Now.AddDays(2), "moved"), (2, 1, Now.AddHours(1), "moved"), (3, 7, null, (string?)null),
        }));
        Assert.That(rows.Select(r => (r.Subject, r.StateId)), Is.All.EqualTo(("cart:1", 1)), "a column the update does not name keeps its value");
        Assert.That(await MoveManyAsync(Port.Table), Is.Empty);
    }

    [Test]
    public async Task An_update_of_many_compares_a_null_expected_value_as_null()
    {
        var (open, moved) = (Row(1), Row(2));
        await InsertAsync(Port.Table, open);
        await InsertAsync(Port.Table, moved);
        await MoveAsync(Port.Table, moved.Id, 0, 0);

        var changed = await Port.Table.UpdateManyAsync(
            [new(open.Id, new EnrollmentRow { ExitReason = null }, new EnrollmentRow { ExitReason = "first" }),
             new(moved.Id, new EnrollmentRow { ExitReason = null }, new EnrollmentRow { ExitReason = "second" })],
            r => r.ExitReason, r => r.ExitReason);

        Assert.That(changed, Is.EquivalentTo(new[] { open.Id }));
        Assert.That((await AllAsync()).Select(r => r.ExitReason), Is.EqualTo(new[] { "first", "moved" }));
    }

    [Test]
    public async Task Racing_updates_of_many_let_exactly_one_writer_win_each_row()
    {
        var rows = Enumerable.Range(1, 5).Select(c => Row(c)).ToList();
        foreach (var row in rows)
            await InsertAsync(Port.Table, row);

        // Each writer lists the rows in its own order; the table changes them in id order, so none deadlocks.
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => (i % 2 == 0 ? Port.Transactions : Port.OtherTransactions)
            .RunAsync(_ => MoveManyAsync(i % 2 == 0 ? Port.Table : Port.Other,
                rows.Select((r, n) => (r, n)).OrderBy(p => (p.n + i) % rows.Count).Select(p => Move(p.r.Id, 0, 10 + i)).ToArray())))));

        var stored = await AllAsync();
        Assert.That(results.Sum(r => r.Count), Is.EqualTo(rows.Count), "each row changed once");
        foreach (var row in stored)
            Assert.That(row.NextStep, Is.EqualTo(10 + Array.FindIndex(results, r => r.Contains(row.Id))), $"row {row.Id} holds its winner's value");
    }

    [Test]
    public void An_update_of_many_refuses_one_row_twice()
    {
        Assert.That(() => MoveManyAsync(Port.Table, Move(1, 0, 1), Move(1, 0, 2)), Throws.ArgumentException);
    }

    [Test]
    public async Task Batch_writes_inside_a_transaction_that_throws_keep_nothing()
    {
        var row = Row(1);
        await InsertAsync(Port.Table, row);

        Assert.That(() => Port.Transactions.RunAsync<bool>(async _ =>
        {
            await MoveManyAsync(Port.Table, Move(row.Id, 0, 1));
            await Port.Events.TryInsertManyAsync([Event("a"), Event("b")], r => r.EventKey);
            throw new InvalidOperationException("the email failed");
        }), Throws.InvalidOperationException);

        Assert.That((await AllAsync()).Single().NextStep, Is.Zero);
        Assert.That(await EventsAsync(), Is.Empty);
    }
}
