using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Retention.Sandbox.Data;
using Retention.Testing.Contracts;

namespace Retention.Sandbox.Tests.Infrastructure;

/// <summary>
/// A throwaway sandbox database with the schema made: an SQLite file in a temp folder, or a PostgreSQL database with
/// a unique name on the test server. Dropped on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _folder;
    private readonly string? _postgresName;
    private readonly string? _serverConnectionString;

    private TestDatabase(SandboxDatabase database, string? folder, string? postgresName, string? serverConnectionString)
    {
        Database = database;
        _folder = folder;
        _postgresName = postgresName;
        _serverConnectionString = serverConnectionString;
    }

    public SandboxDatabase Database { get; }

    public static Task<TestDatabase> CreateAsync(DatabaseProvider provider) =>
        provider == DatabaseProvider.Sqlite ? CreateSqliteAsync() : CreatePostgresAsync();

    public static async Task<TestDatabase> CreateSqliteAsync()
    {
        var folder = NewTempFolder();
        var database = SandboxDatabase.Sqlite(Path.Combine(folder, "test.db"));
        await database.EnsureCreatedAsync();
        return new TestDatabase(database, folder, null, null);
    }

    public static async Task<TestDatabase> CreatePostgresAsync()
    {
        var server = TestPostgres.ConnectionString();
        var name = "retention_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var database = SandboxDatabase.PostgreSql(new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString());
        await database.EnsureCreatedAsync();
        return new TestDatabase(database, null, name, server);
    }

    /// <summary>A new empty folder under the system temp folder.</summary>
    public static string NewTempFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "retention-sandbox-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Empties every table, so each test starts from nothing without paying for a new database.</summary>
    public async Task ClearAsync()
    {
        await using var db = Database.CreateContext();
        var tables = db.Model.GetEntityTypes().Select(t => "\"" + t.GetTableName() + "\"").Distinct().ToList();
        if (Database.Provider == DatabaseProvider.PostgreSql)
        {
            var truncate = "TRUNCATE " + string.Join(", ", tables) + " RESTART IDENTITY";
            await db.Database.ExecuteSqlRawAsync(truncate);
            return;
        }
        foreach (var table in tables)
        {
            var delete = "DELETE FROM " + table;
            await db.Database.ExecuteSqlRawAsync(delete);
        }
    }

    /// <summary>Writes <paramref name="seed"/> through EF, the way any row reaches the database outside the bulk load.</summary>
    public async Task SeedAsync(StoreSeed seed)
    {
        await using var db = Database.CreateContext();
        db.Customers.AddRange(seed.Customers);
        db.Orders.AddRange(seed.Orders);
        db.OrderLines.AddRange(seed.OrderLines);
        db.CartItems.AddRange(seed.CartItems);
        db.ProductReviews.AddRange(seed.ProductReviews);
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_folder != null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open elsewhere; the temp folder is cleaned by the system in time.
            }
        }
        if (_postgresName != null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_serverConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
