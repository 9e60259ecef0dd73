using Nop.Core.Domain.Customers;
using Nop.Data;
using Nop.Services.Customers;
using Nop.Services.Security;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>What "add to a customer role" did for an at-risk customer.</summary>
public enum RoleAddOutcome
{
    Added = 1,
    AlreadyInRole = 2,
    /// <summary>The role is not one offered: a system role (Administrators, Registered…), inactive, or unknown.</summary>
    Refused = 3,
    NoSuchCustomer = 4,
    /// <summary>The admin may manage Retention but not edit customers: a role is a change to the customer.</summary>
    NotPermitted = 5,
}

/// <summary>
/// The at-risk list's "add to a customer role": the roles offered are the store owner's own active ones, never a system
/// role, so a Retention manager cannot make anyone an administrator or a vendor from the dashboard. The mapping goes
/// through nopCommerce's <see cref="ICustomerService"/>, so its cached roles of the customer are forgotten. Adding a role
/// edits the customer, so it also takes nopCommerce's own "create, edit and delete customers" permission: an admin who may
/// only read the dashboard is offered no role and refused one.
/// </summary>
public class AtRiskRoles
{
    private readonly ICustomerService _customers;
    private readonly IRepository<CustomerCustomerRoleMapping> _mappings;
    private readonly IQueryRunner _runner;
    private readonly IPermissionService _permissions;

    public AtRiskRoles(ICustomerService customers, IRepository<CustomerCustomerRoleMapping> mappings, IQueryRunner runner, IPermissionService permissions)
    {
        _customers = customers;
        _mappings = mappings;
        _runner = runner;
        _permissions = permissions;
    }

    /// <summary>The roles the dashboard offers the current admin, by name (none without the customer-edit permission).</summary>
    public async Task<IList<CustomerRole>> OfferedAsync() =>
        !await _permissions.AuthorizeAsync(StandardPermission.Customers.CUSTOMERS_CREATE_EDIT_DELETE) ? []
            : (await _customers.GetAllCustomerRolesAsync()).Where(r => r.Active && !r.IsSystemRole).OrderBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase).ToList();

    /// <summary>Maps the customer to the role when it is an offered one and the customer is not in it yet.</summary>
    public async Task<(RoleAddOutcome Outcome, CustomerRole Role)> AddAsync(int customerId, int roleId)
    {
        if (!await _permissions.AuthorizeAsync(StandardPermission.Customers.CUSTOMERS_CREATE_EDIT_DELETE))
            return (RoleAddOutcome.NotPermitted, null);
        var role = (await OfferedAsync()).FirstOrDefault(r => r.Id == roleId);
        if (role == null)
            return (RoleAddOutcome.Refused, null);
        if (await _customers.GetCustomerByIdAsync(customerId) is not { Deleted: false })
            return (RoleAddOutcome.NoSuchCustomer, role);
        if (await _runner.CountAsync(_mappings.Table.Where(m => m.CustomerId == customerId && m.CustomerRoleId == roleId)) > 0)
            return (RoleAddOutcome.AlreadyInRole, role);
        await _customers.AddCustomerRoleMappingAsync(new CustomerCustomerRoleMapping { CustomerId = customerId, CustomerRoleId = roleId });
        return (RoleAddOutcome.Added, role);
    }
}
