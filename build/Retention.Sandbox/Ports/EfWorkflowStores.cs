using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Ports;

// The workflow ports over the sandbox database. Like the other ports, each call opens a short-lived context, and a
// unique violation on insert means "already there" — the database, not a check before the insert, decides a race.

/// <summary>Inserts a row whose unique key decides whether it is new: false, and nothing written, when the key exists.</summary>
internal static class KeyedInsert
{
    public static async Task<bool> TryAsync<TRow>(SandboxDatabase database, TRow row, CancellationToken cancellationToken) where TRow : class
    {
        await using var db = database.CreateContext();
        db.Set<TRow>().Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (SandboxDatabase.IsUniqueViolation(e))
        {
            db.Entry(row).State = EntityState.Detached;
            return false;
        }
    }
}

/// <summary>
/// Id lists for <c>Contains</c> queries, cut at <see cref="Size"/> ids a query: EF sends them as one array parameter on
/// PostgreSQL (<c>= ANY (@ids)</c>) but as one parameter per id on SQLite (<c>IN (@ids1, …)</c>), which must stay well
/// under SQLite's parameter limit.
/// </summary>
internal static class IdChunks
{
    public const int Size = 1000;

    public static IEnumerable<List<T>> Of<T>(IEnumerable<T> ids) => ids.Distinct().Chunk(Size).Select(c => c.ToList());
}

/// <summary>
/// Workflow settings per store in the <c>WorkflowSettings</c> table, as JSON. Store 0 holds the all-stores values, which
/// apply to a store without its own row; with neither, <see cref="WorkflowCatalog.Defaults"/>.
/// </summary>
public sealed class EfWorkflowSettingsStore(SandboxDatabase database) : IWorkflowSettingsStore
{
    public const int AllStores = JsonSettingsRows.AllStores;

    /// <summary>The store list is asked on every run; stores only appear with new data, so a minute's memory is plenty.</summary>
    private static readonly TimeSpan StoresFresh = TimeSpan.FromMinutes(1);

    private (IReadOnlyList<StoreId> Stores, DateTime ReadUtc)? _stores;

    public async Task<WorkflowProgramSettings> LoadAsync(StoreId store, CancellationToken cancellationToken = default) =>
        await JsonSettingsRows.LoadAsync<WorkflowSettingsRow>(database, store.Value, cancellationToken) is { } row
            ? Deserialize(row.StoreId, row.Json)
            : WorkflowCatalog.Defaults();

    public async Task<ValidationResult> SaveAsync(StoreId store, WorkflowProgramSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var result = settings.Validate();
        if (!result.IsValid)
            return result;
        await JsonSettingsRows.SaveAsync<WorkflowSettingsRow>(database, store.Value, JsonSerializer.Serialize(settings), cancellationToken);
        _stores = null;
        return result;
    }

    /// <summary>The sandbox's default store (nopCommerce always has one), which the demo and an import without store ids use.</summary>
    public const int DefaultStore = 1;

    /// <summary>The default store, and every store that has orders or workflow settings of its own (the sandbox has no store table).</summary>
    public async Task<IReadOnlyList<StoreId>> StoresAsync(CancellationToken cancellationToken = default)
    {
        if (_stores is { } cached && DateTime.UtcNow - cached.ReadUtc < StoresFresh)
            return cached.Stores;
        await using var db = database.CreateContext();
        // Orders are indexed by (store, customer), so the distinct store ids come from the index.
        var withOrders = await db.Orders.AsNoTracking().Select(o => o.StoreId).Distinct().ToListAsync(cancellationToken);
        var withSettings = await db.WorkflowSettings.AsNoTracking().Where(r => r.StoreId != AllStores).Select(r => r.StoreId).ToListAsync(cancellationToken);
        var stores = withOrders.Union(withSettings).Append(DefaultStore).Distinct().Order().Select(id => new StoreId(id)).ToList();
        _stores = (stores, DateTime.UtcNow);
        return stores;
    }

    private static WorkflowProgramSettings Deserialize(int storeId, string json)
    {
        try
        {
            return JsonSerializer.Deserialize<WorkflowProgramSettings>(json)
                   ?? throw new InvalidDataException($"The workflow settings of store {storeId} are empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The workflow settings of store {storeId} are not valid JSON: {e.Message}", e);
        }
    }
}

/// <summary>
/// Contact facts from the sandbox's customers: consent is a row in <c>NewsletterSubscriptions</c> (the demo gives about
/// 60 % of customers one), unsubscribes Core's <see cref="UnsubscribeStore"/> over <c>Unsubscribes</c>; every customer
/// lives in the store's time zone (the sandbox lets no customer choose one).
/// </summary>
public sealed class EfContactDirectory(SandboxDatabase database, TimeZoneInfo? storeTimeZone = null) : IContactDirectory
{
    private readonly TimeZoneInfo _zone = storeTimeZone ?? TimeZoneInfo.Utc;
    private readonly UnsubscribeStore _unsubscribes = SandboxStores.Unsubscribes(database);

    public async Task<ContactFacts?> GetAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var found = await Facts(db, store, db.Customers.Where(c => c.Id == customer.Value)).FirstOrDefaultAsync(cancellationToken);
        return found == null ? null : ToFacts(found, await _unsubscribes.IsUnsubscribedAsync(store, customer, cancellationToken));
    }

    /// <summary>Two queries per <see cref="IdChunks.Size"/> customers; customers that do not exist are missing from the answer.</summary>
    public async Task<IReadOnlyDictionary<CustomerId, ContactFacts>> GetManyAsync(StoreId store, IReadOnlyCollection<CustomerId> customers,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var found = new Dictionary<CustomerId, ContactFacts>();
        await using var db = database.CreateContext();
        foreach (var ids in IdChunks.Of(customers.Select(c => c.Value)))
        {
            var rows = await Facts(db, store, db.Customers.Where(c => ids.Contains(c.Id))).ToListAsync(cancellationToken);
            var unsubscribed = await _unsubscribes.UnsubscribedAmongAsync(store, rows.Select(r => new CustomerId(r.Id)).ToList(), cancellationToken);
            foreach (var row in rows)
                found[new CustomerId(row.Id)] = ToFacts(row, unsubscribed.Contains(new CustomerId(row.Id)));
        }
        return found;
    }

    /// <summary>A customer's contact columns with consent as an EXISTS subquery, one row per customer.</summary>
    private static IQueryable<ContactRow> Facts(SandboxDbContext db, StoreId store, IQueryable<CustomerFact> customers) => customers.AsNoTracking()
        .Select(c => new ContactRow(c.Id, c.Email, c.FirstName, c.LastName, c.Active, c.Deleted,
            db.NewsletterSubscriptions.Any(s => s.StoreId == store.Value && s.CustomerId == c.Id)));

    private ContactFacts ToFacts(ContactRow found, bool unsubscribed)
    {
        var name = string.Join(' ', new[] { found.FirstName, found.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        return new ContactFacts(found.Email, name.Length == 0 ? null : name, found.Active, found.Deleted, found.Consent && !unsubscribed,
            unsubscribed, _zone);
    }

    private sealed record ContactRow(int Id, string? Email, string? FirstName, string? LastName, bool Active, bool Deleted, bool Consent);

    public async Task UnsubscribeAsync(StoreId store, CustomerId customer, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        // As nopCommerce deactivates the newsletter subscription: consent is gone, and the suppression row stays.
        await db.NewsletterSubscriptions.Where(s => s.StoreId == store.Value && s.CustomerId == customer.Value).ExecuteDeleteAsync(cancellationToken);
        // Unsubscribed already (a replayed link): the first time stands.
        await _unsubscribes.TryAddAsync(store, customer, nowUtc, cancellationToken);
    }
}

/// <summary>Reorder intervals from the catalog's <c>ReplenishDays</c> (0: not a consumable).</summary>
public sealed class EfReplenishmentCatalog(SandboxDatabase database) : IReplenishmentCatalog
{
    private readonly ConcurrentDictionary<int, int> _days = new();
    private volatile bool _loaded;

    public async Task<IReadOnlyDictionary<int, int>> IntervalsAsync(StoreId store, IReadOnlyCollection<int> productIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(productIds);
        if (!_loaded)
        {
            // The catalog is a few dozen products that do not change while the sandbox runs.
            await using var db = database.CreateContext();
            foreach (var p in await db.Products.AsNoTracking().Where(p => p.ReplenishDays > 0).Select(p => new { p.Id, p.ReplenishDays }).ToListAsync(cancellationToken))
                _days[p.Id] = p.ReplenishDays;
            _loaded = true;
        }
        return productIds.Distinct().Where(_days.ContainsKey).ToDictionary(id => id, id => _days[id]);
    }
}

/// <summary>The workflow tables as Core's report read models; EF Core turns the report queries into SQL.</summary>
public sealed class EfWorkflowData(SandboxDbContext db) : IWorkflowData
{
    public IQueryable<EnrollmentFact> Enrollments => db.Enrollments.AsNoTracking().Select(r => new EnrollmentFact
    {
        Id = r.Id,
        WorkflowId = r.WorkflowId,
        StoreId = r.StoreId,
        CustomerId = r.CustomerId,
        Subject = r.Subject,
        EnrolledUtc = r.EnrolledUtc,
        AnchorUtc = r.AnchorUtc,
        IsControl = r.IsControl,
        StateId = r.StateId,
        NextStep = r.NextStep,
        NextDueUtc = r.NextDueUtc,
        ClosedUtc = r.ClosedUtc,
    });

    public IQueryable<WorkflowEventFact> WorkflowEvents => db.WorkflowEvents.AsNoTracking().Select(r => new WorkflowEventFact
    {
        Id = r.Id,
        EnrollmentId = r.EnrollmentId,
        WorkflowId = r.WorkflowId,
        Step = r.Step,
        StoreId = r.StoreId,
        CustomerId = r.CustomerId,
        KindId = r.KindId,
        OccurredUtc = r.OccurredUtc,
        IsControl = r.IsControl,
        OrderId = r.OrderId,
        Revenue = r.Revenue,
    });

    public IQueryable<SurveyAnswerFact> SurveyAnswers => db.SurveyAnswers.AsNoTracking().Select(r => new SurveyAnswerFact
    {
        Id = r.Id,
        KindId = r.KindId,
        StoreId = r.StoreId,
        CustomerId = r.CustomerId,
        Subject = r.Subject,
        Score = r.Score,
        Comment = r.Comment,
        AnsweredUtc = r.AnsweredUtc,
    });
}
