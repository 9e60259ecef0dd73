using Npgsql;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;

namespace Retention.Sandbox.Farm;

/// <summary>
/// Start-up of one node of a web farm: several sandbox processes on one PostgreSQL database. The database is built by
/// whichever node takes the setup advisory lock first; the others wait on the lock and then find the data made.
/// </summary>
public static class NodeSetup
{
    /// <summary>The advisory lock's resource (see <see cref="PostgresAdvisoryLock.KeyOf"/>).</summary>
    public const string SetupResource = "sandbox-setup";

    /// <summary>How long a node waits for the others (the setup lock, or the data under <c>--no-seed</c>).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The node's options with its name as the PostgreSQL application name, so <c>pg_stat_activity</c> (and the farm test)
    /// can tell whose connection holds which lock.
    /// </summary>
    public static SandboxOptions Named(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Node == null || options.PostgresConnectionString == null)
            return options;
        var builder = new NpgsqlConnectionStringBuilder(options.PostgresConnectionString) { ApplicationName = ApplicationName(options.Node) };
        return options with { PostgresConnectionString = builder.ToString() };
    }

    public static string ApplicationName(string node) => "retention-node-" + node;

    /// <summary>
    /// Makes the database if it is missing, then prepares the data under the setup lock: the first node builds it (or
    /// reuses it), the ones behind it reuse it. A node never rebuilds data that is there: one started with other seed
    /// options stops with a one-line error and changes nothing. With <c>--no-seed</c> nothing is ever built.
    /// </summary>
    public static async Task<SandboxState> PrepareAsync(SandboxOptions options, ILogger log, CancellationToken cancellationToken = default)
    {
        var connectionString = options.PostgresConnectionString ?? throw new SandboxSetupException("A node needs --pg.");
        await CreateDatabaseIfMissingAsync(connectionString, cancellationToken);
        var database = SandboxSetup.Open(options);
        var deadline = DateTime.UtcNow + MaxWait;
        if (options.NoSeed)
        {
            SandboxState? ready;
            while ((ready = await SandboxSetup.TryReuseAsync(database, cancellationToken)) == null)
            {
                if (DateTime.UtcNow > deadline)
                    throw new SandboxSetupException($"retention: node {options.Node}: no sandbox data in {database.Describe()} after {MaxWait.TotalMinutes:0} minutes, and --no-seed forbids building it.");
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
            log.LogInformation("Node {Node}: using the data another node built in {Database}.", options.Node, database.Describe());
            return ready;
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var key = PostgresAdvisoryLock.KeyOf(SetupResource);
        while (!await CallAsync(connection, "SELECT pg_try_advisory_lock(@key)", key, cancellationToken))
        {
            if (DateTime.UtcNow > deadline)
                throw new SandboxSetupException($"retention: node {options.Node}: another node kept the setup lock for {MaxWait.TotalMinutes:0} minutes.");
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
        try
        {
            log.LogInformation("Node {Node}: holding the setup lock.", options.Node);
            return await SandboxSetup.PrepareAsync(options, log, cancellationToken);
        }
        finally
        {
            await CallAsync(connection, "SELECT pg_advisory_unlock(@key)", key, CancellationToken.None);
        }
    }

    /// <summary>Creates the database named in the connection string when the server does not have it (two nodes racing: one wins).</summary>
    private static async Task CreateDatabaseIfMissingAsync(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            await using var probe = new NpgsqlConnection(connectionString);
            await probe.OpenAsync(cancellationToken);
            return;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
        }
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var server = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" };
        await using var connection = new NpgsqlConnection(server.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{target.Database!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another node made it between the probe and here.
        }
    }

    private static async Task<bool> CallAsync(NpgsqlConnection connection, string sql, long key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("key", key);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
