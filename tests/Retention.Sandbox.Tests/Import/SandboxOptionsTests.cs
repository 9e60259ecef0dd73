namespace Retention.Sandbox.Tests.Import;

public sealed class SandboxOptionsTests
{
    [Test]
    public void No_arguments_mean_the_local_data_folder_port_5089_and_the_default_demo()
    {
        var options = SandboxOptions.Parse(Array.Empty<string>(), out var error, _ => null)!;

        Assert.That(error, Is.Null);
        Assert.That(options.SqlitePath, Is.EqualTo(Path.Combine(Directory.GetCurrentDirectory(), ".data", "retention-sandbox.db")));
        Assert.That((options.Port, options.Urls, options.Reset, options.AsOfUtc, options.PostgresConnectionString), Is.EqualTo((5089, (string?)null, false, (DateTime?)null, (string?)null)));
    }

    [Test]
    public void PostgreSQL_comes_from_the_environment_unless_given_on_the_command_line()
    {
        string? Env(string name) => name == SandboxOptions.PostgresEnvironmentVariable ? "Host=env" : null;

        Assert.That(SandboxOptions.Parse(Array.Empty<string>(), out _, Env)!.PostgresConnectionString, Is.EqualTo("Host=env"));
        Assert.That(SandboxOptions.Parse(new[] { "--pg", "Host=arg" }, out _, Env)!.PostgresConnectionString, Is.EqualTo("Host=arg"));
    }

    [TestCase("--port", "http", "--port expects a whole number")]
    [TestCase("--as-of", "15/01/2026", "--as-of expects a date as YYYY-MM-DD")]
    [TestCase("--frobnicate", null, "unknown option '--frobnicate'")]
    [TestCase("--seed", null, "--seed needs a value")]
    [TestCase("--orders", "/no/such/file.csv", "file not found")]
    public void Bad_arguments_are_refused_with_a_reason(string option, string? value, string reason)
    {
        var args = value == null ? new[] { option } : new[] { option, value };

        var options = SandboxOptions.Parse(args, out var error, _ => null);

        Assert.That(options, Is.Null);
        Assert.That(error, Does.Contain(reason));
    }

    [Test]
    public void As_of_date_is_midnight_UTC()
    {
        var options = SandboxOptions.Parse(new[] { "--as-of", "2025-12-31" }, out _, _ => null)!;

        Assert.That(options.AsOfUtc, Is.EqualTo(new DateTime(2025, 12, 31, 0, 0, 0, DateTimeKind.Utc)));
        Assert.That(options.AsOfUtc!.Value.Kind, Is.EqualTo(DateTimeKind.Utc));
    }
}
