using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Retention.Sandbox.Data;

/// <summary>Which database engine holds the sandbox.</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// One sandbox database: the provider, its connection string and the EF options to open it. Ports open a short-lived
/// <see cref="SandboxDbContext"/> per operation from here, so they are safe to call from many threads at once.
/// </summary>
public sealed class SandboxDatabase
{
    private readonly PooledDbContextFactory<SandboxDbContext> _contexts;

    private SandboxDatabase(DatabaseProvider provider, string connectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
        var builder = new DbContextOptionsBuilder<SandboxDbContext>();
        if (provider == DatabaseProvider.Sqlite)
            builder.UseSqlite(connectionString).AddInterceptors(SqliteNormalSync.Instance);
        else
            builder.UseNpgsql(connectionString);
        // Ports open a context per call; a pool saves building one each time (measurable on the award path's several calls).
        _contexts = new PooledDbContextFactory<SandboxDbContext>(builder.Options, poolSize: 128);
    }

    public DatabaseProvider Provider { get; }

    /// <summary>
    /// <c>PRAGMA synchronous = NORMAL</c> on every SQLite connection the sandbox opens (the setting is a connection's, not
    /// the file's). In WAL mode that syncs the log at checkpoints instead of at every commit: the database stays
    /// consistent, and a power cut may lose only the last commits of a disposable demo. At the default (FULL) each
    /// autocommitted insert waited for its own fsync, about 10 ms: a run enrolling a thousand customers spent most of
    /// its time there.
    /// </summary>
    private sealed class SqliteNormalSync : DbConnectionInterceptor
    {
        public static readonly SqliteNormalSync Instance = new();

        private const string Pragma = "PRAGMA synchronous = NORMAL";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragma;
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragma;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public string ConnectionString { get; }

    /// <summary>The SQLite file, or null on PostgreSQL.</summary>
    public string? SqliteFile => Provider == DatabaseProvider.Sqlite ? new SqliteConnectionStringBuilder(ConnectionString).DataSource : null;

    /// <summary>An SQLite database in <paramref name="filePath"/> (made on first use).</summary>
    public static SandboxDatabase Sqlite(string filePath) => new(DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(filePath),
        Pooling = true,
        // Writers queue behind each other for up to this long instead of failing with "database is locked".
        DefaultTimeout = 30,
    }.ToString());

    /// <summary>A PostgreSQL database named in <paramref name="connectionString"/> (made on first use if missing).</summary>
    /// <remarks>
    /// Unless the connection string says otherwise, Npgsql prepares the statements a connection runs twice or more: the
    /// shopper widgets send the same few per-customer reads over and over, and preparing them spares PostgreSQL parsing and
    /// planning each one (about half the database's CPU per checkout-widget request, docs/benchmarks-load.md).
    /// </remarks>
    public static SandboxDatabase PostgreSql(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }
        return new(DatabaseProvider.PostgreSql, builder.ConnectionString);
    }

    /// <summary>
    /// A context from the pool (disposing it gives it back); inside <see cref="InTransactionAsync{T}"/>, a context on that
    /// transaction's connection, so every port's writes meanwhile join it.
    /// </summary>
    public SandboxDbContext CreateContext()
    {
        if (_ambient.Value is not { } ambient)
            return _contexts.CreateDbContext();
        var builder = new DbContextOptionsBuilder<SandboxDbContext>();
        if (Provider == DatabaseProvider.Sqlite)
            builder.UseSqlite(ambient.Connection);
        else
            builder.UseNpgsql(ambient.Connection);
        var db = new SandboxDbContext(builder.Options);
        db.Database.UseTransaction(ambient.Transaction);
        return db;
    }

    private readonly AsyncLocal<AmbientTransaction?> _ambient = new();

    private sealed record AmbientTransaction(DbConnection Connection, DbTransaction Transaction);

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction on one connection: every context made meanwhile in this flow
    /// (<see cref="CreateContext"/>) writes in it. Committed when the work returns, rolled back when it throws. A
    /// <c>SaveChanges</c> inside it runs under a savepoint (EF Core's own), so a unique violation undoes that save only
    /// and the transaction goes on. Nested calls join the outer transaction.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_ambient.Value != null)
            return await work(cancellationToken);
        await using var db = _contexts.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        _ambient.Value = new AmbientTransaction(db.Database.GetDbConnection(), transaction.GetDbTransaction());
        try
        {
            var result = await work(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch
        {
            try
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }
            catch (DbException)
            {
                // The connection is gone: the database rolls the transaction back itself.
            }
            throw;
        }
        finally
        {
            _ambient.Value = null;
        }
    }

    /// <summary>Where the data lives, for logs and pages; never shows a password.</summary>
    public string Describe()
    {
        if (Provider == DatabaseProvider.Sqlite)
            return "SQLite " + new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        var pg = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL {pg.Host}:{pg.Port}/{pg.Database}";
    }

    /// <summary>Creates the database and its schema if they do not exist yet; true when it made them.</summary>
    public async Task<bool> EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = CreateContext();
        var created = await db.Database.EnsureCreatedAsync(cancellationToken);
        if (Provider == DatabaseProvider.Sqlite)
        {
            // Write-ahead logging lets pages read while the engine writes; the setting is kept in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        return created;
    }

    /// <summary>
    /// Gives the query planner the tables' statistics (<c>ANALYZE</c>), once the data is loaded. Without them SQLite picks an
    /// index by its shape alone: for "one customer's ledger lines in date order" it took (store, created) to save the sort
    /// and read the whole store's ledger for each customer (0.2 s a customer on the demo store instead of 0.3 ms), which
    /// made the points-expiry scan and the nightly sweep take minutes. With <paramref name="onlyIfMissing"/>, only a
    /// database that has none yet (one built before this was done) is analysed, so a restart stays fast.
    /// </summary>
    public async Task AnalyzeAsync(bool onlyIfMissing = false, CancellationToken cancellationToken = default)
    {
        await using var db = CreateContext();
        if (onlyIfMissing)
        {
            var has = Provider == DatabaseProvider.Sqlite
                ? "SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE name = 'sqlite_stat1'"
                : "SELECT COUNT(*)::int AS \"Value\" FROM pg_stats WHERE tablename = 'PointsLedger'";
            if (await db.Database.SqlQueryRaw<int>(has).SingleAsync(cancellationToken) > 0)
                return;
        }
        await db.Database.ExecuteSqlRawAsync("ANALYZE", cancellationToken);
    }

    /// <summary>
    /// Removes the sandbox's data: the SQLite file, or, on PostgreSQL, the sandbox's own tables only (the database
    /// named in the connection string may hold other things, so it is never dropped).
    /// </summary>
    public async Task DeleteAsync(CancellationToken cancellationToken = default)
    {
        await using var db = CreateContext();
        if (Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.EnsureDeletedAsync(cancellationToken);
            SqliteConnection.ClearAllPools();
            var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            foreach (var leftover in new[] { file + "-wal", file + "-shm" })
                File.Delete(leftover);
            return;
        }
        if (!await db.Database.CanConnectAsync(cancellationToken))
            return; // no database yet: nothing to remove
        foreach (var table in db.Model.GetEntityTypes().Select(t => t.GetTableName()).Distinct())
        {
            var drop = "DROP TABLE IF EXISTS \"" + table + "\" CASCADE";
            await db.Database.ExecuteSqlRawAsync(drop, cancellationToken);
        }
        // Pooled connections hold statements prepared against the dropped tables; new connections start clean.
        await using var connection = new NpgsqlConnection(ConnectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    /// <summary>The database driver's own error inside <paramref name="exception"/> (EF wraps them), or null.</summary>
    public static DbException? DatabaseError(Exception exception)
    {
        for (var e = exception; e != null; e = e.InnerException)
        {
            if (e is DbException db)
                return db;
        }
        return null;
    }

    private const int SqliteUniqueViolation = 2067, SqlitePrimaryKeyViolation = 1555;

    /// <summary>
    /// True when <paramref name="exception"/> is a unique-index violation (SQLite's extended codes 2067 and 1555, PostgreSQL
    /// 23505). SQLite's primary code 19 is any constraint, a NOT NULL too, which is a failure and not "already there".
    /// </summary>
    public static bool IsUniqueViolation(Exception exception)
    {
        for (var e = exception; e != null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite when sqlite.SqliteExtendedErrorCode is SqliteUniqueViolation or SqlitePrimaryKeyViolation:
                    return true;
                case PostgresException pg when pg.SqlState == PostgresErrorCodes.UniqueViolation:
                    return true;
            }
        }
        return false;
    }
}
