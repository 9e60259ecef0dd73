using Retention.Sandbox.Data;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Testing.Contracts;

namespace Retention.Sandbox.Tests.Contracts;

/// <summary>
/// One database per provider for every contract fixture in this namespace, made on first use and dropped when the
/// namespace's tests are done; each test starts from empty tables (<see cref="ClearedAsync"/>). Fixtures run one at a
/// time (the assembly is not parallel), so sharing is safe and saves a database per fixture.
/// </summary>
[SetUpFixture]
public sealed class ContractDatabases
{
    private static readonly Dictionary<DatabaseProvider, TestDatabase> Open = new();

    /// <summary>The provider's database with every table emptied (PostgreSQL: ignored or failed without a server, see <see cref="TestPostgres"/>).</summary>
    public static async Task<SandboxDatabase> ClearedAsync(DatabaseProvider provider)
    {
        if (!Open.TryGetValue(provider, out var db))
            Open[provider] = db = await TestDatabase.CreateAsync(provider);
        await db.ClearAsync();
        return db.Database;
    }

    /// <summary>Cleared, then seeded with <paramref name="seed"/> through EF.</summary>
    public static async Task<SandboxDatabase> SeededAsync(DatabaseProvider provider, StoreSeed seed)
    {
        var database = await ClearedAsync(provider);
        await Open[provider].SeedAsync(seed);
        return database;
    }

    [OneTimeTearDown]
    public async Task DropAsync()
    {
        foreach (var db in Open.Values)
            await db.DisposeAsync();
        Open.Clear();
    }
}

/// <summary>A contract fixture whose queryables live on a context held for one test and disposed after it.</summary>
public sealed class HeldContext : IAsyncDisposable
{
    private SandboxDbContext? _context;

    public SandboxDbContext Open(SandboxDatabase database) => _context = database.CreateContext();

    public async ValueTask DisposeAsync()
    {
        if (_context != null)
            await _context.DisposeAsync();
        _context = null;
    }
}
