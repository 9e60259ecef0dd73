using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Npgsql;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Farm;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Farm;

/// <summary>One sandbox process in node mode (<c>dotnet retention.dll --node …</c>), with its output kept across restarts.</summary>
internal sealed class FarmNodeProcess(string name, int port, IReadOnlyList<string> arguments) : IDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public string Name { get; } = name;
    public IReadOnlyList<string> Arguments { get; } = arguments;
    public Uri BaseAddress { get; } = new($"http://127.0.0.1:{port}");
    public int Starts { get; private set; }
    public IReadOnlyCollection<string> Output => _output;

    public void Start()
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(SandboxAssembly());
        foreach (var argument in Arguments)
            info.ArgumentList.Add(argument);
        info.Environment.Remove(SandboxOptions.PostgresEnvironmentVariable);
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) _output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) _output.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Starts++;
    }

    public async Task WaitHealthyAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process is not { HasExited: false })
                Assert.Fail($"Node {Name} exited ({_process?.ExitCode}) before it was healthy:\n{Tail()}");
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/api/health"));
                if (response.IsSuccessStatusCode)
                    return;
            }
            // A node still binding its port can reset the connection before HttpClient wraps the error.
            catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException)
            {
            }
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Node {Name} was not healthy after {timeout.TotalSeconds:0} s:\n{Tail()}");
            await Task.Delay(250);
        }
    }

    /// <summary>SIGKILL: no shutdown, no finally block, open transactions die with the connection.</summary>
    public void Kill()
    {
        if (_process is not { HasExited: false } process)
            return;
        process.Kill();
        process.WaitForExit();
    }

    /// <summary>The exit code once the process ended by itself within <paramref name="timeout"/>, else null (it is still running).</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        if (_process == null)
            return null;
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public string Tail(int lines = 30) => string.Join("\n", _output.TakeLast(lines));

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
    }

    /// <summary>The built sandbox: next to the tests (a project reference copies it), else its own bin folder.</summary>
    public static string SandboxAssembly()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "retention.dll");
        if (File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "retention.runtimeconfig.json")))
            return beside;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var bin = Path.Combine(dir.FullName, "build", "Retention.Sandbox", "bin");
            if (!Directory.Exists(bin))
                continue;
            var built = Directory.GetFiles(bin, "retention.dll", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault();
            if (built != null)
                return built;
        }
        Assert.Fail("The sandbox is not built: dotnet build build/Retention.Sandbox -c Release");
        return null!;
    }
}

/// <summary>
/// Several sandbox nodes on one fresh PostgreSQL database (made by the nodes themselves), the shared clock, and the
/// event endpoint. Dispose kills every node and drops the database.
/// </summary>
internal sealed class FarmCluster : IAsyncDisposable
{
    public const int Customers = 1200;
    public const string AsOf = "2026-03-02";

    private readonly string _serverConnectionString;
    private readonly string _databaseName;
    private readonly string _folder;
    private string _nodeConnection = "";
    private string[] _extra = [];

    private FarmCluster(string serverConnectionString, string databaseName, string folder, string key, IReadOnlyList<FarmNodeProcess> nodes)
    {
        _serverConnectionString = serverConnectionString;
        _databaseName = databaseName;
        _folder = folder;
        Key = key;
        Nodes = nodes;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = databaseName, ApplicationName = "retention-farm-test" }.ToString();
        Database = SandboxDatabase.PostgreSql(ConnectionString);
    }

    public string Key { get; }
    public IReadOnlyList<FarmNodeProcess> Nodes { get; }
    public string ConnectionString { get; }
    public SandboxDatabase Database { get; }
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromMinutes(3) };

    /// <summary>Starts <paramref name="count"/> nodes at once on a database that does not exist yet, and waits until each answers.</summary>
    public static async Task<FarmCluster> StartAsync(int count, params string[] extra)
    {
        var server = TestPostgres.ConnectionString();
        var name = "retention_farm_" + Guid.NewGuid().ToString("N")[..12];
        var folder = TestDatabase.NewTempFolder();
        var key = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var nodeConnection = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
        var nodes = Enumerable.Range(1, count).Select(i => NodeProcess("n" + i.ToString(CultureInfo.InvariantCulture), nodeConnection, folder, key, extra)).ToList();
        var cluster = new FarmCluster(server, name, folder, key, nodes) { _nodeConnection = nodeConnection, _extra = extra };
        try
        {
            foreach (var node in nodes)
                node.Start();
            await Task.WhenAll(nodes.Select(n => n.WaitHealthyAsync(cluster.Http, TimeSpan.FromMinutes(5))));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// One more node on the farm's database, not started (nor disposed with the farm): the farm's arguments with those
    /// named in <paramref name="without"/> (and their values) left out.
    /// </summary>
    public FarmNodeProcess Newcomer(string name, params string[] without)
    {
        var process = NodeProcess(name, _nodeConnection, _folder, Key, _extra);
        var kept = new List<string>();
        for (var i = 0; i < process.Arguments.Count; i++)
        {
            if (without.Contains(process.Arguments[i]))
                i++;
            else
                kept.Add(process.Arguments[i]);
        }
        return new FarmNodeProcess(name, process.BaseAddress.Port, kept);
    }

    private static FarmNodeProcess NodeProcess(string node, string nodeConnection, string folder, string key, string[] extra)
    {
        var port = FreePorts.Next();
        string[] args =
        [
            "--pg", nodeConnection, "--node", node, "--port", port.ToString(CultureInfo.InvariantCulture),
            "--customers", Customers.ToString(CultureInfo.InvariantCulture), "--as-of", AsOf, "--data", Path.Combine(folder, node),
            "--workflow-interval", "1", "--loyalty-interval", "2", "--node-events-key", key, .. extra,
        ];
        return new FarmNodeProcess(node, port, args);
    }

    /// <summary>The sandbox clock as the nodes have it: the data's time plus the offset shared in the database.</summary>
    public async Task<SandboxClock> ClockAsync()
    {
        var state = await SandboxSetup.TryReuseAsync(Database) ?? throw new InvalidOperationException("The farm's database holds no sandbox data.");
        return new SandboxClock(state.AsOfUtc, state.LoadedUtc, database: Database, offset: await FarmNode.ReadOffsetAsync(Database));
    }

    /// <summary>Which node's connection holds the workflow run's advisory lock right now (null: nobody).</summary>
    public async Task<FarmNodeProcess?> RunLockHolderAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND ((l.classid::bigint << 32) | l.objid::bigint) = @key
            """, connection);
        command.Parameters.AddWithValue("key", PostgresAdvisoryLock.KeyOf(WorkflowRun.RunLockResource));
        var holder = await command.ExecuteScalarAsync() as string;
        return Nodes.FirstOrDefault(n => NodeSetup.ApplicationName(n.Name) == holder);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
            node.Dispose();
        Http.Dispose();
        await DropAsync(_serverConnectionString, _databaseName);
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Drops a database the nodes made, their connections included.</summary>
    public static async Task DropAsync(string serverConnectionString, string databaseName)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
