using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Ports;

/// <summary>
/// Options per store in the <c>Options</c> table, as JSON. Store 0 holds the all-stores values, which apply to a
/// store without its own row, like nopCommerce's settings without a store override.
/// </summary>
public sealed class EfOptionsStore(SandboxDatabase database) : IOptionsStore
{
    public const int AllStores = 0;

    public async Task<RetentionOptions> LoadAsync(StoreId store, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var rows = await db.Options.AsNoTracking()
            .Where(r => r.StoreId == store.Value || r.StoreId == AllStores)
            .ToListAsync(cancellationToken);
        var row = rows.FirstOrDefault(r => r.StoreId == store.Value) ?? rows.FirstOrDefault(r => r.StoreId == AllStores);
        return row == null ? new RetentionOptions() : JsonSerializer.Deserialize<RetentionOptions>(row.Json) ?? new RetentionOptions();
    }

    public async Task<ValidationResult> SaveAsync(StoreId store, RetentionOptions options, CancellationToken cancellationToken = default)
    {
        var result = options.Validate();
        if (!result.IsValid)
            return result;

        // Two admins saving a store's first row at once: the loser's insert hits the key and it saves again as an update.
        for (var attempt = 0; ; attempt++)
        {
            await using var db = database.CreateContext();
            var row = await db.Options.FirstOrDefaultAsync(r => r.StoreId == store.Value, cancellationToken);
            if (row == null)
            {
                row = new OptionsRow { StoreId = store.Value };
                db.Options.Add(row);
            }
            row.Json = JsonSerializer.Serialize(options);
            row.UpdatedUtc = DateTime.UtcNow;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                break;
            }
            catch (DbUpdateException e) when (attempt == 0 && SandboxDatabase.IsUniqueViolation(e))
            {
            }
        }
        return result;
    }
}
