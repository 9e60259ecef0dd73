using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Cli;

/// <summary>
/// A private in-memory SQLite database holding one orders export, so that Core's <c>StoreMetricsCalculator</c> runs
/// as SQL through EF Core, exactly as for the sandbox's store (the same queries become SQL under nopCommerce).
/// LINQ-to-objects over the calculator's correlated "next order" subquery would be quadratic in the orders of a
/// customer; SQLite answers it with one probe of the (CustomerId, CreatedOnUtc) index per order.
/// </summary>
/// <remarks>
/// Only the columns the calculator reads are created (Id, StoreId, CustomerId, CreatedOnUtc, OrderStatusId,
/// OrderTotal), in the text forms EF Core's SQLite provider writes and reads (as <see cref="BulkLoader"/>). The rows
/// are inserted with one prepared statement in one transaction, the index is built after the load.
/// </remarks>
public sealed class OrdersDatabase : IDisposable
{
    private readonly SqliteConnection _connection;

    private OrdersDatabase(SqliteConnection connection) => _connection = connection;

    /// <summary>A new context over the loaded orders; the connection stays open as long as this database lives.</summary>
    public SandboxDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<SandboxDbContext>().UseSqlite(_connection).AddInterceptors(new GapScanInterceptor()).Options);

    public static OrdersDatabase Load(OrderRows rows)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        try
        {
            Execute(connection, null, """
                PRAGMA journal_mode = OFF;
                PRAGMA synchronous = OFF;
                PRAGMA temp_store = MEMORY;
                CREATE TABLE "Orders" (
                    "Id" INTEGER NOT NULL PRIMARY KEY,
                    "StoreId" INTEGER NOT NULL,
                    "CustomerId" INTEGER NOT NULL,
                    "CreatedOnUtc" TEXT NOT NULL,
                    "OrderStatusId" INTEGER NOT NULL,
                    "OrderTotal" TEXT NOT NULL
                );
                """);
            using (var transaction = connection.BeginTransaction())
            using (var insert = connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = """INSERT INTO "Orders" ("Id", "StoreId", "CustomerId", "CreatedOnUtc", "OrderStatusId", "OrderTotal") VALUES ($id, $store, $customer, $created, $status, $total)""";
                var id = insert.Parameters.Add("$id", SqliteType.Integer);
                var store = insert.Parameters.Add("$store", SqliteType.Integer);
                var customer = insert.Parameters.Add("$customer", SqliteType.Integer);
                var created = insert.Parameters.Add("$created", SqliteType.Text);
                var status = insert.Parameters.Add("$status", SqliteType.Integer);
                var total = insert.Parameters.Add("$total", SqliteType.Text);
                insert.Prepare();
                for (var i = 0; i < rows.Count; i++)
                {
                    id.Value = rows.OrderIds[i];
                    store.Value = rows.StoreIds[i];
                    customer.Value = rows.CustomerIds[i];
                    created.Value = rows.Created[i].ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
                    status.Value = (int)rows.Statuses[i];
                    total.Value = rows.Totals[i].ToString("0.0###########################", CultureInfo.InvariantCulture);
                    insert.ExecuteNonQuery();
                }
                transaction.Commit();
            }
            Execute(connection, null, """
                CREATE INDEX "IX_Orders_CustomerId_CreatedOnUtc" ON "Orders" ("CustomerId", "CreatedOnUtc");
                ANALYZE;
                """);
            return new OrdersDatabase(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
