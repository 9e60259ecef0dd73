using Nop.Core.Domain.Discounts;
using Nop.Data;
using Retention.Core.Store;
using Retention.Core.Tables;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>
/// The plugin's discount requirement bound to a customer role, shared by every mechanic whose discount belongs to a role
/// (the discount card's levels, paid membership's perks): the plugin's requirement hangs under a group whose name says
/// which mechanic, store and role it is for. This finds that group's name for a requirement, so each mechanic only says
/// which role its names stand for.
/// </summary>
public static class NopRoleGroups
{
    /// <summary>
    /// The rest of the group's name after <paramref name="prefix"/> when the requirement hangs under a group named so;
    /// null when it does not (another mechanic's or a coupon's requirement).
    /// </summary>
    public static async Task<string> GroupSuffixAsync(IRepository<DiscountRequirement> requirements, IQueryRunner runner, int discountRequirementId, string prefix)
    {
        var requirement = await runner.FirstOrDefaultAsync(requirements.Table.Where(r => r.Id == discountRequirementId));
        if (requirement?.ParentId is not { } parentId)
            return null;
        var group = await runner.FirstOrDefaultAsync(requirements.Table.Where(r => r.Id == parentId));
        return group?.DiscountRequirementRuleSystemName is { } name && name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : null;
    }
}
