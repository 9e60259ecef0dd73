using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Ports;

/// <summary>
/// The sandbox's "now": the store's history ends at its as-of instant, and the store lives on from there at wall-clock
/// speed, counted from when the data was loaded. A cart left "ten minutes ago" in the demo is ten minutes old right
/// after the first start and a day older tomorrow, and a demo made <c>--as-of 2025-01-01</c> lives in January 2025.
/// <see cref="AdvanceAsync"/> moves it forward on top of that (to watch a workflow sequence play out); the offset is
/// kept in the database, so a restart keeps the time the sandbox had reached.
/// </summary>
public sealed class SandboxClock : IClock
{
    /// <summary>The <c>SandboxMeta</c> row holding the advanced offset, in ticks.</summary>
    public const string OffsetMetaName = "clock_offset_ticks";

    /// <summary>One step forward at most; longer jumps are several steps (each lets the workflows run in between).</summary>
    public static readonly TimeSpan MaxAdvance = TimeSpan.FromDays(366);

    private readonly DateTime _asOfUtc;
    private readonly DateTime _loadedUtc;
    private readonly Func<DateTime> _wallClock;
    private readonly SandboxDatabase? _database;
    private readonly SemaphoreSlim _advancing = new(1, 1);
    private long _offsetTicks;

    /// <param name="database">Where the offset is kept; null keeps it in memory only (tests).</param>
    public SandboxClock(DateTime asOfUtc, DateTime loadedUtc, Func<DateTime>? wallClock = null, SandboxDatabase? database = null, TimeSpan offset = default)
    {
        _asOfUtc = asOfUtc;
        _loadedUtc = loadedUtc;
        _wallClock = wallClock ?? (() => DateTime.UtcNow);
        _database = database;
        _offsetTicks = offset.Ticks;
    }

    /// <summary>The clock of the sandbox in <paramref name="state"/>, with the offset it was advanced by before (read once, now).</summary>
    public static SandboxClock For(SandboxState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var db = state.Database.CreateContext();
        var stored = db.Meta.AsNoTracking().Where(m => m.Name == OffsetMetaName).Select(m => m.Value).FirstOrDefault();
        var offset = stored != null && long.TryParse(stored, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks) ? ticks : 0;
        return new SandboxClock(state.AsOfUtc, state.LoadedUtc, database: state.Database, offset: TimeSpan.FromTicks(offset));
    }

    public DateTime UtcNow => DateTime.SpecifyKind(_asOfUtc + (_wallClock() - _loadedUtc) + Offset, DateTimeKind.Utc);

    /// <summary>How far the clock was advanced beyond the data's own time.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Moves the sandbox's time forward by <paramref name="by"/> (more than zero, at most <see cref="MaxAdvance"/>) and returns the new now.</summary>
    public async Task<DateTime> AdvanceAsync(TimeSpan by, CancellationToken cancellationToken = default)
    {
        if (by <= TimeSpan.Zero || by > MaxAdvance)
            throw new ArgumentOutOfRangeException(nameof(by), by, $"The clock moves forward by more than zero and at most {MaxAdvance.TotalDays:0} days at a time.");
        await _advancing.WaitAsync(cancellationToken);
        try
        {
            var offset = Offset + by;
            if (_database != null)
                await SaveAsync(_database, offset, cancellationToken);
            Interlocked.Exchange(ref _offsetTicks, offset.Ticks);
            return UtcNow;
        }
        finally
        {
            _advancing.Release();
        }
    }

    /// <summary>The same as <see cref="AdvanceAsync"/>, for callers that cannot await.</summary>
    public DateTime Advance(TimeSpan by) => AdvanceAsync(by).GetAwaiter().GetResult();

    private static async Task SaveAsync(SandboxDatabase database, TimeSpan offset, CancellationToken cancellationToken)
    {
        var value = offset.Ticks.ToString(CultureInfo.InvariantCulture);
        await using var db = database.CreateContext();
        var updated = await db.Meta.Where(m => m.Name == OffsetMetaName).ExecuteUpdateAsync(u => u.SetProperty(m => m.Value, value), cancellationToken);
        if (updated == 0)
        {
            db.Meta.Add(new SandboxMetaRow { Name = OffsetMetaName, Value = value });
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
