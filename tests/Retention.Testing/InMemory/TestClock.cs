using Retention.Core.Common;

namespace Retention.Testing.InMemory;

/// <summary>A clock the test moves.</summary>
public sealed class TestClock(DateTime now) : IClock
{
    public DateTime UtcNow { get; set; } = now;
}
