using System.Diagnostics;
using Retention.Core.Common;

namespace Retention.Sandbox.Ports;

/// <summary>
/// The sandbox's "now". A demo store generated "as of" a past date is only meaningful if the engine lives on that
/// date, so the clock starts at that instant and runs forward at wall-clock speed. Without such a date it is the
/// wall clock.
/// </summary>
public sealed class SandboxClock : IClock
{
    private readonly DateTime? _startUtc;
    private readonly Stopwatch _running = Stopwatch.StartNew();

    public SandboxClock(DateTime? startUtc) => _startUtc = startUtc;

    public DateTime UtcNow => _startUtc is { } start ? start + _running.Elapsed : DateTime.UtcNow;
}
