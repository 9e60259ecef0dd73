using System.Data.Common;
using Nop.Data.Testing;

namespace Nop.Plugin.Misc.Retention.DataTests.Infrastructure;

/// <summary>What a database really holds, read from information_schema (the same view on PostgreSQL and MariaDB).</summary>
public static class Schema
{
    public static IReadOnlyList<string> Tables(NopDatabase database) =>
        Strings(database, "SELECT " + Text(database, "table_name") + " FROM information_schema.tables WHERE table_schema = " + Here(database) + " ORDER BY table_name");

    public static IReadOnlyList<string> Columns(NopDatabase database, string table) =>
        Strings(database, "SELECT " + Text(database, "column_name") + " FROM information_schema.columns WHERE table_schema = " + Here(database)
            + $" AND table_name = '{table}' ORDER BY ordinal_position");

    public static string ColumnType(NopDatabase database, string table, string column) =>
        Strings(database, "SELECT " + Text(database, database.Kind == DatabaseKind.PostgreSQL ? "udt_name" : "column_type") + " FROM information_schema.columns WHERE table_schema = "
            + Here(database) + $" AND table_name = '{table}' AND column_name = '{column}'").Single();

    /// <summary>The first column of every index on the table (unique ones included).</summary>
    public static IReadOnlyList<string> IndexLeadingColumns(NopDatabase database, string table) =>
        Strings(database, database.Kind == DatabaseKind.PostgreSQL
            ? "SELECT a.attname::text FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
              + $"JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0] WHERE n.nspname = 'public' AND t.relname = '{table}'"
            : $"SELECT column_name FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = '{table}' AND seq_in_index = 1");

    public static void Execute(NopDatabase database, string sql)
    {
        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>A table or column name quoted for the engine.</summary>
    public static string Quote(NopDatabase database, string name) => database.Kind == DatabaseKind.PostgreSQL ? $"\"{name}\"" : $"`{name}`";

    // PostgreSQL's information_schema columns are of its own identifier domain, which Npgsql does not read as a string.
    private static string Text(NopDatabase database, string column) => database.Kind == DatabaseKind.PostgreSQL ? column + "::text" : column;

    private static string Here(NopDatabase database) => database.Kind == DatabaseKind.PostgreSQL ? "'public'" : "DATABASE()";

    private static List<string> Strings(NopDatabase database, string sql)
    {
        using DbConnection connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
            values.Add(reader.GetString(0));
        return values;
    }
}
