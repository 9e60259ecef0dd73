using Retention.Core.Store;
using Retention.Core.Tables;

namespace Retention.Testing.Contracts;

/// <summary>
/// One database's enrollment table seen by two writers (two nodes, or two runners of one node), with each writer's
/// transactions and the runner that executes queries.
/// </summary>
public sealed record TableHandle(ITable<EnrollmentRow> Table, ITableTransactions Transactions, ITable<EnrollmentRow> Other,
    ITableTransactions OtherTransactions, IQueryRunner Runner);

/// <summary>
/// What every implementation of Core's table port must do, on a real table (the enrollments): a keyed insert writes a
/// key once however many writers race, a conditional update changes a row only while it holds the expected state (so of
/// racing writers only one wins), and a transaction keeps all of its writes or none. A keyed insert that loses its race
/// inside a transaction answers false or throws <see cref="TableRaceLostException"/>, and then nothing of that
/// transaction is kept.
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
}
