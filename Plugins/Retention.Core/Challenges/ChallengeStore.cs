using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Tables;

namespace Retention.Core.Challenges;

/// <summary>What a <see cref="ChallengeRecordRow"/> records. Stored as its number: never renumber.</summary>
public enum ChallengeRecordKind
{
    /// <summary>A challenge completed; <see cref="ChallengeRecordRow.Subject"/> is the challenge id.</summary>
    Completion = 1,
    /// <summary>A badge earned; the subject is the badge's code (<see cref="Badges"/>).</summary>
    Badge = 2,
    /// <summary>The customer chose to appear on a challenge's leaderboard; the subject is the challenge id.</summary>
    LeaderboardOptIn = 3,
}

/// <summary>Where a completion's reward stands. Stored as its number: never renumber.</summary>
public enum CompletionState
{
    /// <summary>Completed, reward not yet paid: a refund that drops progress below the goal still un-completes it.</summary>
    Held = 1,
    /// <summary>The reward is paid and stands.</summary>
    Paid = 2,
    /// <summary>Un-completed by a refund or cancellation before payment; completing again starts a new attempt.</summary>
    Revoked = 3,
}

/// <summary>
/// One keyed fact of the challenges: a completion, a badge or a leaderboard opt-in. The key is unique, so each is
/// recorded once however often the event that makes it is delivered. Progress itself is never stored: it is counted from
/// the store's data each time.
/// </summary>
public sealed class ChallengeRecordRow : TableRow
{
    /// <summary><c>challenge:{store}:{challenge}:{customer}</c>, <c>badge:{store}:{badge}:{customer}</c> or <c>leaderboard:{store}:{challenge}:{customer}</c>.</summary>
    public string RecordKey { get; set; } = "";
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    /// <summary><see cref="ChallengeRecordKind"/> as its number.</summary>
    public int KindId { get; set; }
    public string Subject { get; set; } = "";
    /// <summary><see cref="CompletionState"/> as its number (completions only; others are <see cref="CompletionState.Paid"/>).</summary>
    public int StateId { get; set; }
    /// <summary>1 for the first completion, one more each time a revoked completion is completed again.</summary>
    public int Attempt { get; set; }
    public DateTime CreatedOnUtc { get; set; }
    /// <summary>When the current attempt's reward is paid (a completion's return window), null for other kinds.</summary>
    public DateTime? HoldUntilUtc { get; set; }
    public DateTime UpdatedOnUtc { get; set; }
    /// <summary>Points the completion credited (0 for other rewards).</summary>
    public int Points { get; set; }
    /// <summary>The coupon code the completion paid, once paid.</summary>
    public string? CouponCode { get; set; }
}

/// <summary>A record as Core reads it.</summary>
public sealed record ChallengeRecord(long Id, StoreId Store, CustomerId Customer, ChallengeRecordKind Kind, string Subject, CompletionState State,
    int Attempt, DateTime CreatedUtc, DateTime? HoldUntilUtc, DateTime UpdatedUtc, int Points, string? CouponCode);

/// <summary>
/// The challenges' own table, the one implementation every host uses: completions, badges and opt-ins as keyed inserts,
/// a completion's state moved only by compare-and-set (held → paid, held → revoked, revoked → held with the next attempt).
/// </summary>
public sealed class ChallengeStore(ITable<ChallengeRecordRow> table, IQueryRunner runner, IClock clock)
{
    /// <summary>The rows, for the queries of the dashboard and the leaderboards.</summary>
    public IQueryable<ChallengeRecordRow> Rows => table.Rows;

    public static string CompletionKey(StoreId store, int challenge, CustomerId customer) =>
        FormattableString.Invariant($"challenge:{store.Value}:{challenge}:{customer.Value}");

    public static string BadgeKey(StoreId store, string badge, CustomerId customer) =>
        FormattableString.Invariant($"badge:{store.Value}:{badge}:{customer.Value}");

    public static string OptInKey(StoreId store, int challenge, CustomerId customer) =>
        FormattableString.Invariant($"leaderboard:{store.Value}:{challenge}:{customer.Value}");

    /// <summary>
    /// Records a completion held until <paramref name="holdUntilUtc"/>: a first insert, or a revoked completion completed
    /// again (its attempt one more). The attempt this call started, or null when the challenge is already completed
    /// (held or paid) or a racing writer won.
    /// </summary>
    public async Task<int?> TryCompleteAsync(StoreId store, int challenge, CustomerId customer, DateTime holdUntilUtc, int points, CancellationToken cancellationToken = default)
    {
        var key = CompletionKey(store, challenge, customer);
        var now = clock.UtcNow;
        var row = new ChallengeRecordRow
        {
            RecordKey = key, StoreId = store.Value, CustomerId = customer.Value, KindId = (int)ChallengeRecordKind.Completion,
            Subject = challenge.ToString(System.Globalization.CultureInfo.InvariantCulture), StateId = (int)CompletionState.Held, Attempt = 1,
            CreatedOnUtc = now, HoldUntilUtc = holdUntilUtc, UpdatedOnUtc = now, Points = points,
        };
        if (await table.TryInsertAsync(row, r => r.RecordKey == key, cancellationToken))
            return 1;
        var existing = await FindAsync(key, cancellationToken);
        if (existing is not { State: CompletionState.Revoked })
            return null;
        var (held, revoked, attempt, next) = ((int)CompletionState.Held, (int)CompletionState.Revoked, existing.Attempt, existing.Attempt + 1);
        var changed = await table.UpdateAsync(r => r.RecordKey == key && r.StateId == revoked && r.Attempt == attempt,
            r => new ChallengeRecordRow { StateId = held, Attempt = next, HoldUntilUtc = holdUntilUtc, UpdatedOnUtc = now, Points = points, CouponCode = null },
            cancellationToken);
        return changed == 1 ? next : null;
    }

    /// <summary>Held attempt <paramref name="attempt"/> → revoked; false when it was paid, revoked or moved on meanwhile.</summary>
    public async Task<bool> TryRevokeAsync(long id, int attempt, CancellationToken cancellationToken = default)
    {
        var (held, revoked, now) = ((int)CompletionState.Held, (int)CompletionState.Revoked, clock.UtcNow);
        return await table.UpdateAsync(r => r.Id == id && r.StateId == held && r.Attempt == attempt,
            r => new ChallengeRecordRow { StateId = revoked, UpdatedOnUtc = now }, cancellationToken) == 1;
    }

    /// <summary>Held attempt <paramref name="attempt"/> → paid, with the coupon it paid; false when another writer moved it first.</summary>
    public async Task<bool> TryMarkPaidAsync(long id, int attempt, string? couponCode, CancellationToken cancellationToken = default)
    {
        var (held, paid, now) = ((int)CompletionState.Held, (int)CompletionState.Paid, clock.UtcNow);
        return await table.UpdateAsync(r => r.Id == id && r.StateId == held && r.Attempt == attempt,
            r => new ChallengeRecordRow { StateId = paid, UpdatedOnUtc = now, CouponCode = couponCode }, cancellationToken) == 1;
    }

    /// <summary>Records the badge once; true when this call recorded it.</summary>
    public Task<bool> TryAwardBadgeAsync(StoreId store, string badge, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var key = BadgeKey(store, badge, customer);
        var now = clock.UtcNow;
        var row = new ChallengeRecordRow
        {
            RecordKey = key, StoreId = store.Value, CustomerId = customer.Value, KindId = (int)ChallengeRecordKind.Badge, Subject = badge,
            StateId = (int)CompletionState.Paid, Attempt = 1, CreatedOnUtc = now, UpdatedOnUtc = now,
        };
        return table.TryInsertAsync(row, r => r.RecordKey == key, cancellationToken);
    }

    /// <summary>Opts the customer in to (or out of) a challenge's leaderboard; true when something changed.</summary>
    public async Task<bool> SetLeaderboardAsync(StoreId store, int challenge, CustomerId customer, bool optIn, CancellationToken cancellationToken = default)
    {
        var key = OptInKey(store, challenge, customer);
        if (!optIn)
            return await table.DeleteAsync(r => r.RecordKey == key, cancellationToken) > 0;
        var now = clock.UtcNow;
        var row = new ChallengeRecordRow
        {
            RecordKey = key, StoreId = store.Value, CustomerId = customer.Value, KindId = (int)ChallengeRecordKind.LeaderboardOptIn,
            Subject = challenge.ToString(System.Globalization.CultureInfo.InvariantCulture), StateId = (int)CompletionState.Paid, Attempt = 1,
            CreatedOnUtc = now, UpdatedOnUtc = now,
        };
        return await table.TryInsertAsync(row, r => r.RecordKey == key, cancellationToken);
    }

    /// <summary>Everything recorded about the customer in the store, oldest first.</summary>
    public async Task<IReadOnlyList<ChallengeRecord>> OfCustomerAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var (storeId, customerId) = (store.Value, customer.Value);
        var rows = await runner.ToListAsync(table.Rows.Where(r => r.StoreId == storeId && r.CustomerId == customerId).OrderBy(r => r.Id), cancellationToken);
        return rows.Select(ToRecord).ToList();
    }

    /// <summary>Everything recorded about the customer in every store (the privacy export).</summary>
    public async Task<IReadOnlyList<ChallengeRecord>> AllOfCustomerAsync(CustomerId customer, CancellationToken cancellationToken = default)
    {
        var customerId = customer.Value;
        var rows = await runner.ToListAsync(table.Rows.Where(r => r.CustomerId == customerId).OrderBy(r => r.Id), cancellationToken);
        return rows.Select(ToRecord).ToList();
    }

    /// <summary>The customers who opted in to a challenge's leaderboard.</summary>
    public async Task<IReadOnlyList<int>> OptedInAsync(StoreId store, int challenge, CancellationToken cancellationToken = default)
    {
        var (storeId, kind, subject) = (store.Value, (int)ChallengeRecordKind.LeaderboardOptIn, challenge.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return await runner.ToListAsync(table.Rows.Where(r => r.StoreId == storeId && r.KindId == kind && r.Subject == subject)
            .OrderBy(r => r.CustomerId).Select(r => r.CustomerId), cancellationToken);
    }

    /// <summary>Held completions of the store whose return window has passed, ascending id after <paramref name="afterId"/>.</summary>
    public async Task<IReadOnlyList<ChallengeRecord>> DueForPaymentAsync(StoreId store, DateTime nowUtc, long afterId, int take, CancellationToken cancellationToken = default)
    {
        var (storeId, held) = (store.Value, (int)CompletionState.Held);
        var rows = await runner.ToListAsync(table.Rows
            .Where(r => r.StoreId == storeId && r.StateId == held && r.HoldUntilUtc != null && r.HoldUntilUtc <= nowUtc && r.Id > afterId)
            .OrderBy(r => r.Id).Take(take), cancellationToken);
        return rows.Select(ToRecord).ToList();
    }

    /// <summary>Forgets every record of the customer in every store (erasure); the number deleted.</summary>
    public Task<int> EraseAsync(CustomerId customer, CancellationToken cancellationToken = default)
    {
        var customerId = customer.Value;
        return table.DeleteAsync(r => r.CustomerId == customerId, cancellationToken);
    }

    private async Task<ChallengeRecord?> FindAsync(string key, CancellationToken cancellationToken) =>
        await runner.FirstOrDefaultAsync(table.Rows.Where(r => r.RecordKey == key), cancellationToken) is { } row ? ToRecord(row) : null;

    private static ChallengeRecord ToRecord(ChallengeRecordRow r) =>
        new(r.Id, new StoreId(r.StoreId), new CustomerId(r.CustomerId), (ChallengeRecordKind)r.KindId, r.Subject, (CompletionState)r.StateId, r.Attempt,
            TableQueries.Utc(r.CreatedOnUtc), TableQueries.Utc(r.HoldUntilUtc), TableQueries.Utc(r.UpdatedOnUtc), r.Points, r.CouponCode);
}
