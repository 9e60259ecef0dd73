using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Data.Testing;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.DataTests.Contracts;
using Nop.Plugin.Misc.Retention.DataTests.Infrastructure;
using Nop.Services.Customers;
using Nop.Services.Discounts;
using Retention.Core.Common;
using Retention.Core.Loyalty.Cards;

namespace Nop.Plugin.Misc.Retention.DataTests.Loyalty;

/// <summary>
/// The discount card on nopCommerce's tables (discounts, requirements, customer roles and their mappings) over the real
/// data-layer runtime: one discount and role per level, customers mapped to the level they hold, the admin's edits of the
/// levels, and uninstall. nopCommerce's discount and customer services are faked only as the thin layer they are over
/// those tables.
/// </summary>
[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class CardDiscountsTests(DatabaseKind kind)
{
    private static readonly StoreId Store = new(1);
    private static readonly CardLevel Three = new(10_000m, 3m);
    private static readonly CardLevel Five = new(30_000m, 5m);
    private static readonly CardLevel Seven = new(60_000m, 7m);
    private static readonly CardSettings Card = new() { Enabled = true, Levels = [Three, Five, Seven], DecayDays = 30 };

    private PluginDatabase _db;
    private NopCardDiscounts _cards;

    [SetUp]
    public async Task CreateAsync()
    {
        _db = await PluginDatabase.CreateAsync(kind);
        var s = await RoleDiscountServices.CreateAsync(_db);
        _cards = new NopCardDiscounts(s.Discounts, s.Requirements, s.Roles, s.Mappings, s.DiscountService, s.CustomerService, Adapters.Runner);
    }

    [TearDown]
    public Task DropAsync() => _db?.DropAsync() ?? Task.CompletedTask;

    [Test]
    public async Task Saving_the_card_makes_one_active_order_total_percentage_discount_and_one_role_per_level()
    {
        await _cards.SyncAsync(Store, Card);
        await _cards.SyncAsync(Store, Card); // a second save changes nothing

        var discounts = await _db.Repository<Discount>().Table.OrderBy(d => d.DiscountPercentage).ToListAsync();
        Assert.That(discounts.Select(d => d.DiscountPercentage), Is.EqualTo(new[] { 3m, 5m, 7m }));
        Assert.That(discounts, Has.All.Matches<Discount>(d => d.IsActive && d.UsePercentage && !d.RequiresCouponCode && !d.IsCumulative
                                                               && d.DiscountTypeId == (int)DiscountType.AssignedToOrderTotal));
        var requirements = await _db.Repository<DiscountRequirement>().Table.ToListAsync();
        Assert.That(requirements.Where(r => r.IsGroup).Select(r => r.DiscountRequirementRuleSystemName),
            Is.EquivalentTo(new[] { "Retention: discount card 1.1", "Retention: discount card 1.2", "Retention: discount card 1.3" }));
        Assert.That(requirements.Where(r => !r.IsGroup).Select(r => r.DiscountRequirementRuleSystemName), Has.All.EqualTo(RetentionDefaults.SystemName));
        Assert.That(await _db.Repository<CustomerRole>().Table.Select(r => r.SystemName).ToListAsync(),
            Is.EquivalentTo(new[] { "Retention.Card.1.1", "Retention.Card.1.2", "Retention.Card.1.3" }));
    }

    [Test]
    public async Task A_customer_is_mapped_to_the_role_of_the_level_held_and_only_that_levels_discount_passes_its_requirement()
    {
        await _cards.SyncAsync(Store, Card);
        var customer = await _db.Repository<Customer>().Table.FirstOrDefaultAsync(c => c.Id == 7);

        await _cards.CardChangedAsync(new CardChanged(Store, new CustomerId(7), null, Three, CardChange.Up, Adapters.Now, 1));
        await _cards.CardChangedAsync(new CardChanged(Store, new CustomerId(7), Three, Five, CardChange.Up, Adapters.Now, 2));

        Assert.That(await RolesOfAsync(7), Is.EqualTo(new[] { "Retention.Card.1.2" }), "the lower level's role is left");
        Assert.That(await _cards.IsHolderAsync(await RequirementOfAsync(5m), customer, 1), Is.True);
        Assert.That(await _cards.IsHolderAsync(await RequirementOfAsync(3m), customer, 1), Is.False);
        Assert.That(await _cards.IsHolderAsync(await RequirementOfAsync(5m), customer, 2), Is.False, "another store's checkout");
        var other = await _db.Repository<Customer>().Table.FirstOrDefaultAsync(c => c.Id == 8);
        Assert.That(await _cards.IsHolderAsync(await RequirementOfAsync(5m), other, 1), Is.False);

        await _cards.CardChangedAsync(new CardChanged(Store, new CustomerId(7), Five, null, CardChange.Down, Adapters.Now, 0));
        Assert.That(await RolesOfAsync(7), Is.Empty);
    }

    [Test]
    public async Task A_requirement_that_is_not_a_card_levels_is_left_to_the_coupon_rule()
    {
        var customer = await _db.Repository<Customer>().Table.FirstOrDefaultAsync(c => c.Id == 7);
        var coupon = new Discount { Name = "coupon", DiscountTypeId = (int)DiscountType.AssignedToOrderTotal, RequiresCouponCode = true, CouponCode = "X" };
        await _db.Repository<Discount>().InsertAsync(coupon);
        var group = new DiscountRequirement { DiscountId = coupon.Id, IsGroup = true, DiscountRequirementRuleSystemName = NopCouponDiscounts.RequirementGroupName };
        await _db.Repository<DiscountRequirement>().InsertAsync(group);
        var child = new DiscountRequirement { DiscountId = coupon.Id, ParentId = group.Id, DiscountRequirementRuleSystemName = RetentionDefaults.SystemName };
        await _db.Repository<DiscountRequirement>().InsertAsync(child);

        Assert.That(await _cards.IsHolderAsync(child.Id, customer, 1), Is.Null);
    }

    [Test]
    public async Task Editing_the_levels_updates_the_percent_and_a_removed_level_loses_its_discount_its_role_and_its_holders_mapping()
    {
        await _cards.SyncAsync(Store, Card);
        await _cards.CardChangedAsync(new CardChanged(Store, new CustomerId(8), null, Seven, CardChange.Up, Adapters.Now, 3));

        await _cards.SyncAsync(Store, Card with { Levels = [Three, new CardLevel(30_000m, 6m)] });

        Assert.That(await _db.Repository<Discount>().Table.OrderBy(d => d.DiscountPercentage).Select(d => d.DiscountPercentage).ToListAsync(),
            Is.EqualTo(new[] { 3m, 6m }));
        Assert.That(await _db.Repository<CustomerRole>().Table.Select(r => r.SystemName).ToListAsync(),
            Is.EquivalentTo(new[] { "Retention.Card.1.1", "Retention.Card.1.2" }));
        Assert.That(await RolesOfAsync(8), Is.Empty);
        Assert.That(await _db.Repository<DiscountRequirement>().Table.CountAsync(), Is.EqualTo(4), "two levels, a group and a rule each");
    }

    [Test]
    public async Task Switching_the_card_off_or_uninstalling_removes_every_card_discount_and_role_and_nothing_else()
    {
        await _cards.SyncAsync(Store, Card);
        await _cards.SyncAsync(new StoreId(2), Card with { Levels = [Five] });
        await _db.Repository<Discount>().InsertAsync(new Discount { Name = "The merchant's own", DiscountTypeId = (int)DiscountType.AssignedToOrderTotal });
        await _db.Repository<CustomerRole>().InsertAsync(new CustomerRole { Name = "Wholesale", SystemName = "Wholesale", Active = true });

        await _cards.SyncAsync(new StoreId(2), Card with { Enabled = false });
        Assert.That(await _db.Repository<CustomerRole>().Table.CountAsync(r => r.SystemName.StartsWith("Retention.Card.2.")), Is.Zero);

        await _cards.RemoveAllAsync();

        Assert.That(await _db.Repository<Discount>().Table.Select(d => d.Name).ToListAsync(), Is.EqualTo(new[] { "The merchant's own" }));
        Assert.That(await _db.Repository<CustomerRole>().Table.Select(r => r.SystemName).ToListAsync(), Is.EqualTo(new[] { "Wholesale" }));
        Assert.That(await _db.Repository<DiscountRequirement>().Table.CountAsync(), Is.Zero);
    }

    private async Task<int> RequirementOfAsync(decimal percent)
    {
        var discount = await _db.Repository<Discount>().Table.FirstOrDefaultAsync(d => d.DiscountPercentage == percent);
        return await _db.Repository<DiscountRequirement>().Table.Where(r => r.DiscountId == discount.Id && !r.IsGroup).Select(r => r.Id).FirstOrDefaultAsync();
    }

    private async Task<List<string>> RolesOfAsync(int customer) =>
        await _db.Repository<CustomerCustomerRoleMapping>().Table.Where(m => m.CustomerId == customer)
            .Join(_db.Repository<CustomerRole>().Table, m => m.CustomerRoleId, r => r.Id, (m, r) => r.SystemName).ToListAsync();
}
