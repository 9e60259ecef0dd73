using System.Data.Common;
using LinqToDB;
using LinqToDB.Data;
using LinqToDB.DataProvider;
using LinqToDB.DataProvider.MySql;
using LinqToDB.DataProvider.PostgreSQL;
using LinqToDB.Internal.DataProvider.PostgreSQL;
using LinqToDB.Mapping;
using LinqToDB.SqlQuery;
using MySqlConnector;
using Nop.Core;
using Npgsql;

namespace Nop.Data.Testing;

/// <summary>The two database engines nopCommerce 4.90 supports besides SQL Server, which cannot run here.</summary>
public enum DatabaseKind
{
    PostgreSQL,
    MySql,
}

/// <summary>
/// A store's database as nopCommerce's data provider sees it (Nop.Data/DataProviders/BaseDataProvider.cs and its
/// PostgreSQL and MySQL subclasses): a new connection per command, the entity mapping read from the tables' shapes,
/// strings as <c>citext</c> on PostgreSQL. One per test database; <see cref="Current"/> is the one the static
/// helpers (TableFor's date type) ask, as upstream asks <c>DataSettingsManager</c>.
/// </summary>
public sealed class NopDatabase
{
    private readonly IDataProvider _provider;
    private readonly MappingSchema _mapping;

    private NopDatabase(DatabaseKind kind, string connectionString)
    {
        Kind = kind;
        ConnectionString = connectionString;
        _provider = kind == DatabaseKind.PostgreSQL
            ? new CitextPostgreSqlProvider()
            // Upstream calls MySqlTools.GetDataProvider() with no connection string: linq2db 5.4.1 then falls back to its
            // MySQL 5.7 dialect (no window functions); 6.5.1 insists on a connection string, so the dialect is named here.
            : MySqlTools.GetDataProvider(MySqlVersion.MySql57, MySqlProvider.MySqlConnector);
        _mapping = new MappingSchema(kind.ToString(), _provider.MappingSchema);
        _mapping.AddMetadataReader(new TableShapeMetadataReader(kind));
        if (kind == DatabaseKind.PostgreSQL)
            _mapping.SetDataType(typeof(string), new SqlDataType(new DbDataType(typeof(string), "citext")));
    }

    /// <summary>The database the static helpers see (upstream: the loaded data settings).</summary>
    public static NopDatabase Current { get; set; }

    public DatabaseKind Kind { get; }

    public string ConnectionString { get; }

    /// <summary>
    /// Creates an empty database named <paramref name="name"/> through the server's administrative connection, as the
    /// nopCommerce installer does (PostgreSQL: with the citext and pgcrypto extensions), and makes it <see cref="Current"/>.
    /// </summary>
    public static async Task<NopDatabase> CreateAsync(DatabaseKind kind, string adminConnectionString, string name)
    {
        string connectionString;
        if (kind == DatabaseKind.PostgreSQL)
        {
            await using (var admin = new NpgsqlConnection(adminConnectionString))
            {
                await admin.OpenAsync();
                await Execute(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                await Execute(admin, $"CREATE DATABASE \"{name}\"");
            }
            connectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
            await using var database = new NpgsqlConnection(connectionString);
            await database.OpenAsync();
            await Execute(database, "CREATE EXTENSION IF NOT EXISTS citext; CREATE EXTENSION IF NOT EXISTS pgcrypto;");
            // Npgsql learns a database's types when its first connection opens, before citext existed here.
            await database.ReloadTypesAsync();
        }
        else
        {
            await using (var admin = new MySqlConnection(adminConnectionString))
            {
                await admin.OpenAsync();
                await Execute(admin, $"DROP DATABASE IF EXISTS `{name}`");
                await Execute(admin, $"CREATE DATABASE `{name}`");
            }
            connectionString = new MySqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
        }
        return Current = new NopDatabase(kind, connectionString);
    }

    /// <summary>Drops a database made by <see cref="CreateAsync"/>.</summary>
    public static async Task DropAsync(DatabaseKind kind, string adminConnectionString, string name)
    {
        if (kind == DatabaseKind.PostgreSQL)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(adminConnectionString);
            await admin.OpenAsync();
            await Execute(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
        else
        {
            MySqlConnection.ClearAllPools();
            await using var admin = new MySqlConnection(adminConnectionString);
            await admin.OpenAsync();
            await Execute(admin, $"DROP DATABASE IF EXISTS `{name}`");
        }
    }

    /// <summary>A connection of its own, as BaseDataProvider.CreateDataConnection gives each insert, update and delete.</summary>
    public DataConnection CreateDataConnection() =>
        new(new DataOptions().UseConnectionString(_provider, ConnectionString).UseMappingSchema(_mapping)) { CommandTimeout = CommandTimeoutSeconds };

    /// <summary>A query root over a context of its own (BaseDataProvider.GetTable), which opens a connection per query.</summary>
    public IQueryable<TEntity> GetTable<TEntity>() where TEntity : BaseEntity =>
        new DataContext(new DataOptions().UseConnectionString(_provider, ConnectionString).UseMappingSchema(_mapping)) { CommandTimeout = CommandTimeoutSeconds }
            .GetTable<TEntity>();

    /// <summary>
    /// Writes rows with the ids they carry (a test's seed of nopCommerce's own tables, whose rows refer to each other by
    /// id): a multi-row insert that keeps the identity values, which the repository's insert would replace.
    /// </summary>
    public async Task SeedAsync<TEntity>(IEnumerable<TEntity> rows) where TEntity : BaseEntity
    {
        using var connection = CreateDataConnection();
        await connection.BulkCopyAsync(new BulkCopyOptions { KeepIdentity = true, BulkCopyType = BulkCopyType.MultipleRows }, rows);
    }

    /// <summary>A plain ADO.NET connection to this database, for the tests' own look at the schema.</summary>
    public DbConnection OpenConnection()
    {
        DbConnection connection = Kind == DatabaseKind.PostgreSQL ? new NpgsqlConnection(ConnectionString) : new MySqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Upstream's default (DataSettingsManager.GetSqlCommandTimeout: no setting gives the provider's 30 s).</summary>
    public int CommandTimeoutSeconds => 30;

    private static async Task Execute(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Nop.Data/DataProviders/LinqToDb/LinqToDBPostgreSQLDataProvider.cs: every string parameter is sent as citext.</summary>
    private sealed class CitextPostgreSqlProvider() : PostgreSQLDataProvider(ProviderName.PostgreSQL92, PostgreSQLVersion.v92)
    {
        public override void SetParameter(DataConnection dataConnection, DbParameter parameter, string name, DbDataType dataType, object value)
        {
            if (value is string && dataType.SystemType == typeof(string))
                dataType = dataType.WithDbType("citext");
            base.SetParameter(dataConnection, parameter, name, dataType, value);
        }
    }
}
