namespace Retention.Sandbox.Tests.Infrastructure;

/// <summary>
/// The one rule for tests that need PostgreSQL: the server comes from <c>RETENTION_TEST_PG</c>; without it a test is
/// ignored on a developer machine and fails under <c>CI=true</c>, so CI can never pass by skipping them.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "RETENTION_TEST_PG";

    /// <summary>The server's connection string, or an ignored (locally) / failed (CI) test.</summary>
    public static string ConnectionString()
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(connectionString))
            return connectionString;
        var message = $"{Variable} is not set, so the PostgreSQL tests cannot run. `bash build/test.sh` starts a throwaway " +
                      $"server and sets it; or point it at one, e.g. {Variable}=\"Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres\".";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail(message);
        Assert.Ignore(message);
        return null!;
    }
}
