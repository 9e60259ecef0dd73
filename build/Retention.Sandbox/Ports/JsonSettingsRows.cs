using Microsoft.EntityFrameworkCore;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Ports;

/// <summary>
/// The sandbox's settings tables (options, loyalty settings, workflow settings): one JSON row per store in a table keyed by
/// <c>StoreId</c>, with <c>Json</c> and <c>UpdatedUtc</c> columns, where store 0 holds the all-stores values — as
/// nopCommerce's settings fall back from a store's override to the shared value.
/// </summary>
internal static class JsonSettingsRows
{
    public const int AllStores = 0;

    /// <summary>The row in force for <paramref name="store"/>: its own, else the all-stores row, else null.</summary>
    public static async Task<(int StoreId, string Json)?> LoadAsync<TRow>(SandboxDatabase database, int store, CancellationToken cancellationToken)
        where TRow : class
    {
        await using var db = database.CreateContext();
        var rows = await db.Set<TRow>().AsNoTracking()
            .Where(r => EF.Property<int>(r, "StoreId") == store || EF.Property<int>(r, "StoreId") == AllStores)
            .Select(r => new { StoreId = EF.Property<int>(r, "StoreId"), Json = EF.Property<string>(r, "Json") })
            .ToListAsync(cancellationToken);
        var row = rows.FirstOrDefault(r => r.StoreId == store) ?? rows.FirstOrDefault(r => r.StoreId == AllStores);
        return row == null ? null : (row.StoreId, row.Json);
    }

    /// <summary>Inserts or updates the store's row.</summary>
    public static async Task SaveAsync<TRow>(SandboxDatabase database, int store, string json, CancellationToken cancellationToken)
        where TRow : class, new()
    {
        // Two admins saving a store's first row at once: the loser's insert hits the key and it saves again as an update.
        for (var attempt = 0; ; attempt++)
        {
            await using var db = database.CreateContext();
            var row = await db.Set<TRow>().FirstOrDefaultAsync(r => EF.Property<int>(r, "StoreId") == store, cancellationToken);
            var entry = db.Entry(row ?? new TRow());
            if (row == null)
            {
                entry.Property("StoreId").CurrentValue = store;
                entry.State = EntityState.Added;
            }
            entry.Property("Json").CurrentValue = json;
            entry.Property("UpdatedUtc").CurrentValue = DateTime.UtcNow;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException e) when (attempt == 0 && SandboxDatabase.IsUniqueViolation(e))
            {
            }
        }
    }
}
