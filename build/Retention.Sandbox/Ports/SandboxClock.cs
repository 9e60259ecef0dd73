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
/// kept in the database, so a restart keeps the time the sandbox had reached, and the nodes of a farm, which share the
/// database, share the time (each follows the stored offset, see <see cref="Follow"/>).
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
        return new SandboxClock(state.AsOfUtc, state.LoadedUtc, database: state.Database, offset: ReadOffsetAsync(state.Database).GetAwaiter().GetResult());
    }

    public DateTime UtcNow => DateTime.SpecifyKind(_asOfUtc + (_wallClock() - _loadedUtc) + Offset, DateTimeKind.Utc);

    /// <summary>How far the clock was advanced beyond the data's own time.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>
    /// Moves the sandbox's time forward by <paramref name="by"/> (more than zero, at most <see cref="MaxAdvance"/>) and
    /// returns the new now. With a database the step is added to the stored offset in one statement, so advances made at
    /// once by several processes all count and the time never goes back; this clock then takes the stored offset.
    /// </summary>
    public async Task<DateTime> AdvanceAsync(TimeSpan by, CancellationToken cancellationToken = default)
    {
        if (by <= TimeSpan.Zero || by > MaxAdvance)
            throw new ArgumentOutOfRangeException(nameof(by), by, $"The clock moves forward by more than zero and at most {MaxAdvance.TotalDays:0} days at a time.");
        await _advancing.WaitAsync(cancellationToken);
        try
        {
            if (_database != null)
                Follow(await AddAsync(_database, by, cancellationToken));
            else
                Interlocked.Add(ref _offsetTicks, by.Ticks);
            return UtcNow;
        }
        finally
        {
            _advancing.Release();
        }
    }

    /// <summary>The same as <see cref="AdvanceAsync"/>, for callers that cannot await.</summary>
    public DateTime Advance(TimeSpan by) => AdvanceAsync(by).GetAwaiter().GetResult();

    /// <summary>
    /// Takes <paramref name="shared"/> (the offset another process stored) when it is ahead of this clock's; never moves
    /// the clock back, so a late read of an older value changes nothing.
    /// </summary>
    public void Follow(TimeSpan shared)
    {
        var current = Interlocked.Read(ref _offsetTicks);
        while (shared.Ticks > current)
        {
            var seen = Interlocked.CompareExchange(ref _offsetTicks, shared.Ticks, current);
            if (seen == current)
                return;
            current = seen;
        }
    }

    /// <summary>The stored offset in ticks (zero when the clock was never advanced).</summary>
    public static async Task<TimeSpan> ReadOffsetAsync(SandboxDatabase database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.CreateContext();
        var stored = await db.Meta.AsNoTracking().Where(m => m.Name == OffsetMetaName).Select(m => m.Value).FirstOrDefaultAsync(cancellationToken);
        return stored != null && long.TryParse(stored, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks) ? TimeSpan.FromTicks(ticks) : TimeSpan.Zero;
    }

    /// <summary>
    /// Adds <paramref name="by"/> to the stored offset and returns the sum, in one statement: an insert of the first offset
    /// or an update of the row in place, which PostgreSQL and SQLite both run under the row's (or the file's) write lock,
    /// so two processes advancing at once each add their step to what the other stored.
    /// </summary>
    private static async Task<TimeSpan> AddAsync(SandboxDatabase database, TimeSpan by, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        // The meta value is text (the table holds every kind of setting); the cast to a 64-bit number and back is the
        // same in both engines.
        var stored = await db.Database.SqlQueryRaw<string>(
                "INSERT INTO \"SandboxMeta\" (\"Name\", \"Value\") VALUES ({0}, {1}) "
                + "ON CONFLICT (\"Name\") DO UPDATE SET \"Value\" = CAST(CAST(\"SandboxMeta\".\"Value\" AS BIGINT) + {2} AS TEXT) "
                + "RETURNING \"Value\" AS \"Value\"",
                OffsetMetaName, by.Ticks.ToString(CultureInfo.InvariantCulture), by.Ticks)
            .ToListAsync(cancellationToken);
        return TimeSpan.FromTicks(long.Parse(stored.Single(), NumberStyles.Integer, CultureInfo.InvariantCulture));
    }
}
