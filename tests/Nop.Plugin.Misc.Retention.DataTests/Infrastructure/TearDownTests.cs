using Retention.Testing;

namespace Nop.Plugin.Misc.Retention.DataTests.Infrastructure;

public sealed class TearDownTests
{
    // Without RETENTION_TEST_PG a developer's `dotnet test` ignores the PostgreSQL fixtures; their tear-downs still run.
    [Test]
    public async Task Every_fixture_tears_down_cleanly_when_its_set_up_never_ran() =>
        Assert.That(await FixtureTearDowns.FailuresWithoutSetUpAsync(typeof(TearDownTests).Assembly), Is.Empty);
}
