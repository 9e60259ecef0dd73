using Retention.Core.Common;

namespace Retention.Sandbox.Ports;

/// <summary>
/// The sandbox's "now": the store's history ends at its as-of instant, and the store lives on from there at wall-clock
/// speed, counted from when the data was loaded. A cart left "ten minutes ago" in the demo is ten minutes old right
/// after the first start and a day older tomorrow, and a demo made <c>--as-of 2025-01-01</c> lives in January 2025.
/// </summary>
public sealed class SandboxClock(DateTime asOfUtc, DateTime loadedUtc, Func<DateTime>? wallClock = null) : IClock
{
    private readonly Func<DateTime> _wallClock = wallClock ?? (() => DateTime.UtcNow);

    public DateTime UtcNow => DateTime.SpecifyKind(asOfUtc + (_wallClock() - loadedUtc), DateTimeKind.Utc);
}
