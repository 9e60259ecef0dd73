using Nop.Plugin.Misc.Retention.Data;
using Nop.Core.Domain.Customers;
using Nop.Data;
using Nop.Services.Customers;
using Retention.Core.Analytics;
using Retention.Core.Metrics;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>What one sync of a segment to its customer role did.</summary>
public sealed record SegmentRoleSyncResult(string RoleSystemName, int Members, int Added, int Removed);

/// <summary>
/// Mirrors one RFM segment of one store into a nopCommerce customer role (<c>Retention.Segment.{store}.{segment}</c>), so
/// a merchant can target it with nopCommerce's own discounts, ACL and newsletters. The role then holds exactly the
/// segment's customers as scored in the database at the given date: newcomers are added, leavers removed.
/// </summary>
public class SegmentRoleSync
{
    private readonly IStoreData _storeData;
    private readonly IQueryRunner _runner;
    private readonly ICustomerService _customers;
    private readonly IRepository<CustomerCustomerRoleMapping> _mappings;

    public SegmentRoleSync(IStoreData storeData, IQueryRunner runner, ICustomerService customers, IRepository<CustomerCustomerRoleMapping> mappings)
    {
        _storeData = storeData;
        _runner = runner;
        _customers = customers;
        _mappings = mappings;
    }

    /// <summary>Roles are global and segments per store, so the store is part of the role's name.</summary>
    public static string RoleSystemName(int storeId, RfmSegment segment) => $"{RetentionDefaults.SegmentRolePrefix}{storeId}.{segment}";

    public async Task<SegmentRoleSyncResult> SyncAsync(int storeId, RfmSegment segment, DateTime asOfUtc)
    {
        var scores = await new RfmQuery(_storeData, _runner).CustomersAsync(new CountedOrders(asOfUtc, storeId), segment);
        var wanted = scores.Select(s => s.Customer.Value).ToHashSet();
        var role = await EnsureRoleAsync(storeId, segment);
        var current = (await _runner.ToListAsync(_mappings.Table.Where(m => m.CustomerRoleId == role.Id).Select(m => m.CustomerId))).ToHashSet();

        var added = 0;
        foreach (var id in wanted.Where(id => !current.Contains(id)).OrderBy(id => id))
        {
            await _customers.AddCustomerRoleMappingAsync(new CustomerCustomerRoleMapping { CustomerId = id, CustomerRoleId = role.Id });
            added++;
        }
        var removed = 0;
        foreach (var id in current.Where(id => !wanted.Contains(id)).OrderBy(id => id))
        {
            // Through the service, not the table, so nopCommerce forgets the customer's cached roles.
            if (await _customers.GetCustomerByIdAsync(id) is not { } customer)
                continue;
            await _customers.RemoveCustomerRoleMappingAsync(customer, role);
            removed++;
        }
        return new SegmentRoleSyncResult(role.SystemName, wanted.Count, added, removed);
    }

    private async Task<CustomerRole> EnsureRoleAsync(int storeId, RfmSegment segment)
    {
        var systemName = RoleSystemName(storeId, segment);
        if (await _customers.GetCustomerRoleBySystemNameAsync(systemName) is { } role)
            return role;
        role = new CustomerRole { Name = $"RFM segment: {segment.DisplayName()} (store {storeId})", SystemName = systemName, Active = true, IsSystemRole = false };
        await _customers.InsertCustomerRoleAsync(role);
        return role;
    }
}
