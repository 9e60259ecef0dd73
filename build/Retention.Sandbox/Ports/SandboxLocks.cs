using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Retention.Core.Common;
using Retention.Core.Locking;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Ports;

/// <summary>Picks the lock that fits the provider: advisory locks on PostgreSQL, lease rows on SQLite.</summary>
public static class SandboxLocks
{
    public static IDistributedLock For(SandboxDatabase database, IClock clock) => database.Provider == DatabaseProvider.PostgreSql
        ? new PostgresAdvisoryLock(database.ConnectionString)
        : new LeaseTableLock(database, clock);
}

/// <summary>
/// PostgreSQL session advisory lock (<c>pg_try_advisory_lock</c>) held on a connection of its own for as long as the
/// action runs. If the holder dies its connection closes and the server frees the lock, so
/// <c>expiry</c> is not needed here.
/// </summary>
public sealed class PostgresAdvisoryLock(string connectionString) : IDistributedLock
{
    public async Task<bool> TryRunExclusiveAsync(string resource, TimeSpan expiry, Func<CancellationToken, Task> action, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(resource);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        if (!await CallAsync(connection, "SELECT pg_try_advisory_lock(@key)", key, cancellationToken))
            return false;
        try
        {
            await action(cancellationToken);
            return true;
        }
        finally
        {
            // Not the caller's token: the lock must be given back even when the action was cancelled.
            await CallAsync(connection, "SELECT pg_advisory_unlock(@key)", key, CancellationToken.None);
        }
    }

    /// <summary>The 64-bit advisory key of a resource name: stable across processes and machines.</summary>
    public static long KeyOf(string resource) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("retention:" + resource)), 0);

    private static async Task<bool> CallAsync(NpgsqlConnection connection, string sql, long key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("key", key);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}

/// <summary>
/// A lease row per resource in the <c>LockLeases</c> table, for SQLite, which has no advisory locks. Taking the
/// lock is one atomic statement: insert the row, or take over a row whose lease has expired; releasing deletes
/// the row only if this holder still owns it.
/// </summary>
public sealed class LeaseTableLock(SandboxDatabase database, IClock clock) : IDistributedLock
{
    public async Task<bool> TryRunExclusiveAsync(string resource, TimeSpan expiry, Func<CancellationToken, Task> action, CancellationToken cancellationToken = default)
    {
        var holder = Guid.NewGuid().ToString("N");
        var now = clock.UtcNow.Ticks;
        var expires = (clock.UtcNow + expiry).Ticks;
        await using (var db = database.CreateContext())
        {
            var taken = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "LockLeases" ("Resource", "Holder", "ExpiresTicks") VALUES ({resource}, {holder}, {expires})
                ON CONFLICT ("Resource") DO UPDATE SET "Holder" = excluded."Holder", "ExpiresTicks" = excluded."ExpiresTicks"
                WHERE "LockLeases"."ExpiresTicks" <= {now}
                """, cancellationToken);
            if (taken != 1)
                return false;
        }
        try
        {
            await action(cancellationToken);
            return true;
        }
        finally
        {
            await using var db = database.CreateContext();
            await db.Database.ExecuteSqlAsync(
                $"""DELETE FROM "LockLeases" WHERE "Resource" = {resource} AND "Holder" = {holder}""", CancellationToken.None);
        }
    }
}
