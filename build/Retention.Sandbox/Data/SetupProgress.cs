using System.Diagnostics;

namespace Retention.Sandbox.Data;

/// <summary>
/// Where the database preparation stands, for the page served while it runs: the stage now, the stages done with their
/// seconds, and the time since the start. Written by <see cref="SandboxSetup.PrepareAsync"/> on one thread and read by
/// requests on others, so every read and write takes the lock.
/// </summary>
public sealed class SetupProgress
{
    private readonly object _gate = new();
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly List<(string Stage, TimeSpan Took)> _done = [];
    private string _current = "Starting";
    private TimeSpan _currentStarted;

    /// <summary>Ends the current stage and starts <paramref name="stage"/>.</summary>
    public void Stage(string stage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        lock (_gate)
        {
            _done.Add((_current, _watch.Elapsed - _currentStarted));
            _current = stage;
            _currentStarted = _watch.Elapsed;
        }
    }

    /// <summary>The stages done (with their time), the one running, and the seconds since preparation began.</summary>
    public (IReadOnlyList<(string Stage, TimeSpan Took)> Done, string Current, TimeSpan Elapsed) Read()
    {
        lock (_gate)
            return (_done.ToList(), _current, _watch.Elapsed);
    }
}
