using Microsoft.EntityFrameworkCore;
using Npgsql;
using Retention.Core.Common;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Locking;

public sealed class PostgresAdvisoryLockTests
{
    private TestDatabase? _db;

    [OneTimeSetUp]
    public async Task OpenAsync() => _db = await TestDatabase.CreatePostgresAsync();

    [OneTimeTearDown]
    public async Task CloseAsync() => await (_db?.DisposeAsync() ?? ValueTask.CompletedTask);

    private async Task<bool> TryLockFromAnotherConnectionAsync(string resource)
    {
        await using var connection = new NpgsqlConnection(_db!.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", PostgresAdvisoryLock.KeyOf(resource));
        var taken = (bool)(await command.ExecuteScalarAsync())!;
        if (taken)
        {
            command.CommandText = "SELECT pg_advisory_unlock(@key)";
            await command.ExecuteScalarAsync();
        }
        return taken;
    }

    [Test]
    public async Task Lock_is_a_real_server_advisory_lock_seen_from_another_connection()
    {
        var locker = new PostgresAdvisoryLock(_db!.Database.ConnectionString);
        bool? seenWhileHeld = null;

        var ran = await locker.TryRunExclusiveAsync("task:replay", TimeSpan.FromMinutes(1), async _ =>
            seenWhileHeld = await TryLockFromAnotherConnectionAsync("task:replay"));

        Assert.That(ran, Is.True);
        Assert.That(seenWhileHeld, Is.False, "another connection cannot take the lock while it is held");
        Assert.That(await TryLockFromAnotherConnectionAsync("task:replay"), Is.True, "released afterwards");
    }

    [Test]
    public async Task Lock_held_by_another_connection_turns_the_sandbox_away()
    {
        await using var holder = new NpgsqlConnection(_db!.Database.ConnectionString);
        await holder.OpenAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", holder))
        {
            take.Parameters.AddWithValue("key", PostgresAdvisoryLock.KeyOf("task:held"));
            await take.ExecuteScalarAsync();
        }
        var ran = false;

        var taken = await new PostgresAdvisoryLock(_db.Database.ConnectionString)
            .TryRunExclusiveAsync("task:held", TimeSpan.FromMinutes(1), _ => { ran = true; return Task.CompletedTask; });

        Assert.That((taken, ran), Is.EqualTo((false, false)));
    }

    [Test]
    public async Task Lock_of_a_holder_whose_connection_died_is_free_again()
    {
        var holder = new NpgsqlConnection(_db!.Database.ConnectionString + ";Pooling=false");
        await holder.OpenAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", holder))
        {
            take.Parameters.AddWithValue("key", PostgresAdvisoryLock.KeyOf("task:crash"));
            await take.ExecuteScalarAsync();
        }
        await holder.DisposeAsync();

        // The server ends the dead session's backend asynchronously: the lock is free within moments, not instantly.
        var locker = new PostgresAdvisoryLock(_db.Database.ConnectionString);
        var taken = false;
        for (var attempt = 0; attempt < 50 && !taken; attempt++)
        {
            taken = await locker.TryRunExclusiveAsync("task:crash", TimeSpan.FromMinutes(1), _ => Task.CompletedTask);
            if (!taken)
                await Task.Delay(100);
        }

        Assert.That(taken, Is.True);
    }
}

public sealed class LeaseTableLockTests
{
    private sealed class FixedClock(DateTime now) : IClock
    {
        public DateTime UtcNow { get; set; } = now;
    }

    [Test]
    public async Task Lease_left_by_a_dead_holder_is_taken_over_once_it_expires()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        var clock = new FixedClock(new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc));
        await using (var db = test.Database.CreateContext())
        {
            db.LockLeases.Add(new LockLeaseRow { Resource = "task:a", Holder = "dead-node", ExpiresTicks = clock.UtcNow.AddMinutes(5).Ticks });
            await db.SaveChangesAsync();
        }
        var locker = new LeaseTableLock(test.Database, clock);

        var whileValid = await locker.TryRunExclusiveAsync("task:a", TimeSpan.FromMinutes(5), _ => Task.CompletedTask);
        clock.UtcNow = clock.UtcNow.AddMinutes(6);
        var afterExpiry = await locker.TryRunExclusiveAsync("task:a", TimeSpan.FromMinutes(5), _ => Task.CompletedTask);

        Assert.That((whileValid, afterExpiry), Is.EqualTo((false, true)));
        await using var check = test.Database.CreateContext();
        Assert.That(await check.LockLeases.CountAsync(), Is.Zero, "the new holder released its lease");
    }

    [Test]
    public async Task Racing_nodes_on_one_lease_run_the_action_once()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        var gate = new TaskCompletionSource();
        var runs = 0;

        var attempts = Enumerable.Range(0, 6).Select(_ => Task.Run(() => new LeaseTableLock(test.Database, new SystemClock())
            .TryRunExclusiveAsync("task:race", TimeSpan.FromMinutes(1), async _ => { Interlocked.Increment(ref runs); await gate.Task; }))).ToList();
        // The holder waits on the gate; everyone else must have been turned away before it is opened.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (attempts.Count(a => a.IsCompleted) < attempts.Count - 1 && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        gate.SetResult();
        var results = await Task.WhenAll(attempts);

        Assert.That(results.Count(r => r), Is.EqualTo(runs));
        Assert.That(runs, Is.EqualTo(1));
    }
}
