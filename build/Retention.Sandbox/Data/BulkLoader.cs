using System.Globalization;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace Retention.Sandbox.Data;

/// <summary>
/// Writes a <see cref="StoreContent"/> in one transaction, fast: a prepared INSERT reused for every row on SQLite,
/// binary COPY on PostgreSQL. Table and column names come from the EF model, so they always match the schema.
/// EF's change tracker would take tens of seconds for the demo store's quarter of a million rows.
/// </summary>
public static class BulkLoader
{
    public static Task LoadAsync(SandboxDatabase database, StoreContent content, CancellationToken cancellationToken = default) =>
        LoadRowsAsync(database, content.Tables(), cancellationToken);

    /// <summary>Writes rows of any mapped entities, table by table, in one transaction; database-generated ids are left to the database.</summary>
    public static async Task LoadRowsAsync(SandboxDatabase database, IEnumerable<(Type Entity, System.Collections.IList Rows)> rows, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var tables = rows
            .Select(t => (Table: Describe(db.Model.FindEntityType(t.Entity)!), t.Rows))
            .ToList();
        if (database.Provider == DatabaseProvider.Sqlite)
            await LoadSqliteAsync(database.ConnectionString, tables, cancellationToken);
        else
            await LoadPostgresAsync(database.ConnectionString, tables, cancellationToken);
    }

    private sealed record Column(string Name, PropertyInfo Property);

    private sealed record Table(string Name, IReadOnlyList<Column> Columns);

    private static Table Describe(IEntityType entity)
    {
        var name = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(name, entity.GetSchema());
        // Identity keys (ledger, outbox lines) are numbered by the database, so later inserts through EF continue the sequence.
        var columns = entity.GetProperties()
            .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd))
            .Select(p => new Column(p.GetColumnName(store)!, p.PropertyInfo!))
            .ToList();
        return new Table(name, columns);
    }

    private static async Task LoadSqliteAsync(string connectionString, List<(Table Table, System.Collections.IList Rows)> tables, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (table, rows) in tables)
        {
            if (rows.Count == 0)
                continue;
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))}) " +
                                  $"VALUES ({string.Join(", ", table.Columns.Select((_, i) => "$p" + i))})";
            var parameters = table.Columns.Select((_, i) => command.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
            command.Prepare();
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (var i = 0; i < parameters.Length; i++)
                    parameters[i].Value = ToSqlite(table.Columns[i].Property.GetValue(row));
                command.ExecuteNonQuery();
            }
        }
        await transaction.CommitAsync(cancellationToken);

        // Fold the load from the write-ahead log into the database file, so the file on disk is the whole store.
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await checkpoint.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Values in the text forms EF Core's SQLite provider stores and reads back.</summary>
    private static object ToSqlite(object? value) => value switch
    {
        null => DBNull.Value,
        Guid g => g.ToString().ToUpperInvariant(),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        decimal m => m.ToString("0.0###########################", CultureInfo.InvariantCulture),
        bool b => b ? 1L : 0L,
        _ => value,
    };

    private static async Task LoadPostgresAsync(string connectionString, List<(Table Table, System.Collections.IList Rows)> tables, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (table, rows) in tables)
        {
            if (rows.Count == 0)
                continue;
            var copy = $"COPY \"{table.Name}\" ({string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)";
            var types = table.Columns.Select(c => PostgresType(c.Property.PropertyType)).ToArray();
            await using (var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken))
            {
                foreach (var row in rows)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    importer.StartRow();
                    for (var i = 0; i < types.Length; i++)
                    {
                        var value = table.Columns[i].Property.GetValue(row);
                        if (value == null)
                            importer.WriteNull();
                        else
                            importer.Write(value, types[i]);
                    }
                }
                await importer.CompleteAsync(cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static NpgsqlDbType PostgresType(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) => NpgsqlDbType.Integer,
        var t when t == typeof(long) => NpgsqlDbType.Bigint,
        var t when t == typeof(bool) => NpgsqlDbType.Boolean,
        var t when t == typeof(string) => NpgsqlDbType.Text,
        var t when t == typeof(decimal) => NpgsqlDbType.Numeric,
        var t when t == typeof(DateTime) => NpgsqlDbType.TimestampTz,
        var t when t == typeof(Guid) => NpgsqlDbType.Uuid,
        var t => throw new NotSupportedException($"No COPY mapping for {t}."),
    };
}
