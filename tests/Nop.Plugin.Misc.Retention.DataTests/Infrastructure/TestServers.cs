using Nop.Data.Testing;

namespace Nop.Plugin.Misc.Retention.DataTests.Infrastructure;

/// <summary>
/// The servers these tests run on: PostgreSQL from <c>RETENTION_TEST_PG</c>, MariaDB from <c>RETENTION_TEST_MARIADB</c>
/// (both started by <c>build/test.sh</c>). Without one, a test is ignored on a developer machine and fails under
/// <c>CI=true</c>: a missing server must never pass for a green run.
/// </summary>
public static class TestServers
{
    public static string AdminConnection(DatabaseKind kind)
    {
        var variable = kind == DatabaseKind.PostgreSQL ? "RETENTION_TEST_PG" : "RETENTION_TEST_MARIADB";
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(value))
            return value;
        var message = $"{variable} is not set, so the {kind} tests cannot run (`bash build/test.sh` starts a throwaway server).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail(message);
        Assert.Ignore(message);
        return null;
    }
}

/// <summary>
/// A fresh, empty store database of one kind per test, made the way the nopCommerce installer makes one, and dropped
/// after the test. Fixtures derive from it once per engine: <c>[TestFixture(DatabaseKind.PostgreSQL)]</c>,
/// <c>[TestFixture(DatabaseKind.MySql)]</c>.
/// </summary>
public abstract class RealDatabaseTest(DatabaseKind kind)
{
    private string _name;

    protected DatabaseKind Kind { get; } = kind;

    protected NopDatabase Database { get; private set; }

    [SetUp]
    public async Task CreateDatabaseAsync()
    {
        var admin = TestServers.AdminConnection(Kind);
        _name = "retention_" + Guid.NewGuid().ToString("N")[..12];
        Database = await NopDatabase.CreateAsync(Kind, admin, _name);
    }

    [TearDown]
    public async Task DropDatabaseAsync()
    {
        if (Database != null)
            await NopDatabase.DropAsync(Kind, TestServers.AdminConnection(Kind), _name);
        Database = null;
    }
}
