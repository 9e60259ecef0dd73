using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Data;
using Nop.Data.Testing;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.DataTests.Contracts;
using Nop.Services.Customers;
using Nop.Services.Discounts;

namespace Nop.Plugin.Misc.Retention.DataTests.Infrastructure;

/// <summary>
/// nopCommerce's discount and customer services faked only as the thin layer they are over the discount, requirement,
/// role and role-mapping tables of a real database, for the adapters that keep roles and role-bound discounts (the
/// discount card, paid membership); with two registered customers, 7 and 8.
/// </summary>
internal sealed class RoleDiscountServices
{
    public IRepository<Discount> Discounts { get; }
    public IRepository<DiscountRequirement> Requirements { get; }
    public IRepository<CustomerRole> Roles { get; }
    public IRepository<CustomerCustomerRoleMapping> Mappings { get; }
    public IDiscountService DiscountService => _discountService.Object;
    public ICustomerService CustomerService => _customerService.Object;

    private readonly Mock<IDiscountService> _discountService = new();
    private readonly Mock<ICustomerService> _customerService = new();

    private RoleDiscountServices(PluginDatabase db)
    {
        Discounts = db.Repository<Discount>();
        Requirements = db.Repository<DiscountRequirement>();
        Roles = db.Repository<CustomerRole>();
        Mappings = db.Repository<CustomerCustomerRoleMapping>();
        var (discounts, requirements, roles, mappings, customers) = (Discounts, Requirements, Roles, Mappings, db.Repository<Customer>());
        _discountService.Setup(s => s.InsertDiscountAsync(It.IsAny<Discount>())).Returns((Discount d) => discounts.InsertAsync(d));
        _discountService.Setup(s => s.UpdateDiscountAsync(It.IsAny<Discount>())).Returns((Discount d) => discounts.UpdateAsync(d));
        _discountService.Setup(s => s.GetDiscountByIdAsync(It.IsAny<int>())).Returns((int id) => discounts.Table.FirstOrDefaultAsync(d => d.Id == id));
        _discountService.Setup(s => s.InsertDiscountRequirementAsync(It.IsAny<DiscountRequirement>())).Returns((DiscountRequirement r) => requirements.InsertAsync(r));
        // nopCommerce's DeleteDiscountAsync: the discount and, by the foreign key's cascade, its requirements.
        _discountService.Setup(s => s.DeleteDiscountAsync(It.IsAny<Discount>())).Returns(async (Discount d) =>
        {
            foreach (var r in await requirements.Table.Where(r => r.DiscountId == d.Id).ToListAsync())
                await requirements.DeleteAsync(r);
            await discounts.DeleteAsync(d);
        });
        _customerService.Setup(s => s.GetCustomerByIdAsync(It.IsAny<int>())).Returns((int id) => customers.Table.FirstOrDefaultAsync(c => c.Id == id));
        _customerService.Setup(s => s.GetCustomerRoleBySystemNameAsync(It.IsAny<string>())).Returns((string name) => roles.Table.FirstOrDefaultAsync(r => r.SystemName == name));
        _customerService.Setup(s => s.InsertCustomerRoleAsync(It.IsAny<CustomerRole>())).Returns((CustomerRole r) => roles.InsertAsync(r));
        _customerService.Setup(s => s.AddCustomerRoleMappingAsync(It.IsAny<CustomerCustomerRoleMapping>())).Returns((CustomerCustomerRoleMapping m) => mappings.InsertAsync(m));
        _customerService.Setup(s => s.RemoveCustomerRoleMappingAsync(It.IsAny<Customer>(), It.IsAny<CustomerRole>())).Returns(async (Customer c, CustomerRole r) =>
        {
            foreach (var m in await mappings.Table.Where(m => m.CustomerId == c.Id && m.CustomerRoleId == r.Id).ToListAsync())
                await mappings.DeleteAsync(m);
        });
        _customerService.Setup(s => s.IsInCustomerRoleAsync(It.IsAny<Customer>(), It.IsAny<string>(), It.IsAny<bool>())).Returns(async (Customer c, string name, bool active) =>
            await mappings.Table.Where(m => m.CustomerId == c.Id)
                .Join(roles.Table.Where(r => r.SystemName == name && (r.Active || !active)), m => m.CustomerRoleId, r => r.Id, (m, r) => r.Id).CountAsync() > 0);
    }

    /// <summary>The services over <paramref name="db"/>, after seeding customers 7 and 8.</summary>
    public static async Task<RoleDiscountServices> CreateAsync(PluginDatabase db)
    {
        await db.Database.SeedAsync(new[] { 7, 8 }.Select(id => new Customer
        {
            Id = id, CustomerGuid = Guid.NewGuid(), Email = $"c{id}@example.com", Active = true, RegisteredInStoreId = 1, CreatedOnUtc = Adapters.Now,
            LastActivityDateUtc = Adapters.Now,
        }));
        return new RoleDiscountServices(db);
    }
}
