using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Common;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Security;
using Nop.Data.Testing;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.DataTests.Contracts;
using Nop.Plugin.Misc.Retention.DataTests.Infrastructure;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Services.Customers;
using Nop.Services.Discounts;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Membership;
using Retention.Core.Tables;
using Retention.Testing.Contracts;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.DataTests.Membership;

/// <summary>Core's membership store over the plugin's real table on PostgreSQL and MariaDB.</summary>
[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealMembershipStoreContract(DatabaseKind kind) : MembershipStoreContract
{
    private readonly PluginDatabaseLease _db = new(kind);

    protected override Task<MembershipStore> CreateAsync() => _db.OpenAsync(db =>
        new MembershipStore(new NopTable<MembershipRow, RetentionMembership>(db.Repository<RetentionMembership>(), Adapters.Runner), Adapters.Runner));

    protected override Task ReleaseAsync() => _db.ReleaseAsync();
}

/// <summary>
/// Paid membership on nopCommerce's tables over the real data-layer runtime: the member role, the member discount and free
/// shipping as discounts with the plugin's role requirement, the members-only product's ACL, a paid order of the recurring
/// membership product granting the role through Core's program, its refund taking it away, and uninstall removing what
/// the plugin made. nopCommerce's discount and customer services are faked only as the thin layer they are over those tables.
/// </summary>
[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class MembershipAdapterTests(DatabaseKind kind)
{
    private static readonly StoreId Store = new(1);
    private const int ClubProduct = 40;
    private const int ReserveProduct = 41;
    private static readonly MembershipSettings Club = new()
    {
        Enabled = true, ProductId = ClubProduct, GraceDays = 7, DiscountPercent = 5m, FreeShipping = true, PointsMultiplier = 2m, MemberOnlyProductIds = [ReserveProduct],
    };

    private PluginDatabase _db;
    private NopMembershipPerks _perks;

    [SetUp]
    public async Task CreateAsync()
    {
        _db = await PluginDatabase.CreateAsync(kind);
        var s = await RoleDiscountServices.CreateAsync(_db);
        await _db.Database.SeedAsync(new[]
        {
            new Product { Id = ClubProduct, IsRecurring = true, RecurringCyclePeriodId = (int)MembershipCycleUnit.Months, RecurringCycleLength = 1 },
            new Product { Id = ReserveProduct },
        });
        _perks = new NopMembershipPerks(s.Requirements, s.Roles, s.Mappings, _db.Repository<AclRecord>(), _db.Repository<Product>(), s.DiscountService,
            s.CustomerService, Adapters.Runner);
    }

    [TearDown]
    public Task DropAsync() => _db?.DropAsync() ?? Task.CompletedTask;

    [Test]
    public async Task Saving_membership_makes_the_member_role_the_two_perk_discounts_and_the_members_only_acl()
    {
        await _perks.SyncAsync(Store, Club);
        await _perks.SyncAsync(Store, Club); // a second save changes nothing

        var discounts = await _db.Repository<Discount>().Table.OrderBy(d => d.DiscountTypeId).ToListAsync();
        Assert.That(discounts.Select(d => ((DiscountType)d.DiscountTypeId, d.DiscountPercentage)),
            Is.EqualTo(new[] { (DiscountType.AssignedToOrderTotal, 5m), (DiscountType.AssignedToShipping, 100m) }));
        Assert.That(discounts, Has.All.Matches<Discount>(d => d.IsActive && d.UsePercentage && !d.RequiresCouponCode && !d.IsCumulative));
        var requirements = await _db.Repository<DiscountRequirement>().Table.ToListAsync();
        Assert.That(requirements.Where(r => r.IsGroup).Select(r => r.DiscountRequirementRuleSystemName),
            Is.EquivalentTo(new[] { "Retention: membership 1.discount", "Retention: membership 1.shipping" }));
        Assert.That(requirements.Where(r => !r.IsGroup).Select(r => r.DiscountRequirementRuleSystemName), Has.All.EqualTo(RetentionDefaults.SystemName));
        var role = (await _db.Repository<CustomerRole>().Table.ToListAsync()).Single();
        Assert.That(role.SystemName, Is.EqualTo("Retention.Member.1"));
        var acl = await _db.Repository<AclRecord>().Table.ToListAsync();
        Assert.That(acl.Select(a => (a.EntityName, a.EntityId, a.CustomerRoleId)), Is.EqualTo(new[] { ("Product", ReserveProduct, role.Id) }));
        Assert.That(await _db.Repository<Product>().Table.Where(p => p.SubjectToAcl).Select(p => p.Id).ToListAsync(), Is.EqualTo(new[] { ReserveProduct }));
    }

    [Test]
    public async Task Switching_a_perk_off_deletes_its_discount_and_a_product_off_the_list_is_open_to_all_again()
    {
        await _perks.SyncAsync(Store, Club);
        await _perks.SyncAsync(Store, Club with { FreeShipping = false, MemberOnlyProductIds = [] });

        Assert.That(await _db.Repository<Discount>().Table.Select(d => d.DiscountTypeId).ToListAsync(), Is.EqualTo(new[] { (int)DiscountType.AssignedToOrderTotal }));
        Assert.That(await _db.Repository<AclRecord>().Table.CountAsync(), Is.Zero);
        Assert.That(await _db.Repository<Product>().Table.CountAsync(p => p.SubjectToAcl), Is.Zero);
    }

    [Test]
    public async Task A_paid_order_of_the_recurring_product_grants_the_role_the_perks_pass_and_its_refund_takes_them_away()
    {
        await _perks.SyncAsync(Store, Club);
        var settings = new InMemoryLoyaltySettingsStore();
        await settings.SaveAsync(Store, new LoyaltySettings { Membership = Club });
        var clock = new TestClock(Adapters.Now);
        var program = new MembershipProgram(
            new MembershipStore(new NopTable<MembershipRow, RetentionMembership>(_db.Repository<RetentionMembership>(), Adapters.Runner), Adapters.Runner),
            settings, new NopMembershipProducts(_db.Repository<Product>(), Adapters.Runner),
            new NopStoreData(_db.Repository<Order>(), _db.Repository<OrderItem>(), _db.Repository<Product>(), _db.Repository<Customer>(),
                _db.Repository<ShoppingCartItem>(), _db.Repository<ProductReview>()),
            Adapters.Runner, _perks, clock);

        var status = await program.OrderPaidAsync(new MembershipOrder(Store, new CustomerId(7), 500, Adapters.Now, [ClubProduct]));
        await program.OrderPaidAsync(new MembershipOrder(Store, new CustomerId(7), 500, Adapters.Now, [ClubProduct]));

        Assert.That(status.PaidThroughUtc, Is.EqualTo(Adapters.Now.AddMonths(1)), "the product's recurring cycle: one month");
        var member = await _db.Repository<Customer>().Table.FirstOrDefaultAsync(c => c.Id == 7);
        var other = await _db.Repository<Customer>().Table.FirstOrDefaultAsync(c => c.Id == 8);
        var requirement = await _db.Repository<DiscountRequirement>().Table.FirstOrDefaultAsync(r => !r.IsGroup);
        Assert.That(await _perks.IsMemberAsync(requirement.Id, member, 1), Is.True);
        Assert.That(await _perks.IsMemberAsync(requirement.Id, other, 1), Is.False);
        Assert.That(await _perks.IsMemberAsync(requirement.Id, member, 2), Is.False, "another store's checkout");
        Assert.That(await _db.Repository<CustomerCustomerRoleMapping>().Table.CountAsync(), Is.EqualTo(1), "a replayed order maps once");

        await program.OrderReversedAsync(Store, new CustomerId(7), 500);
        Assert.That(await _perks.IsMemberAsync(requirement.Id, member, 1), Is.False);
    }

    [Test]
    public async Task An_orders_member_savings_are_its_member_discount_and_the_quoted_shipping_its_free_shipping_took_off_and_nothing_else_counts()
    {
        await _perks.SyncAsync(Store, Club);
        var discounts = await _db.Repository<Discount>().Table.ToListAsync();
        var member = discounts.Single(d => d.DiscountTypeId == (int)DiscountType.AssignedToOrderTotal).Id;
        var shipping = discounts.Single(d => d.DiscountTypeId == (int)DiscountType.AssignedToShipping).Id;
        await _db.Database.SeedAsync(new[] { new Discount { Id = 900, Name = "Coupon", DiscountTypeId = (int)DiscountType.AssignedToOrderTotal } });
        var orders = new[]
        {
            new Order { Id = 600, OrderGuid = Guid.NewGuid(), StoreId = 1, CustomerId = 7, OrderDiscount = 1.20m, CreatedOnUtc = Adapters.Now, CustomOrderNumber = "600" },
            new Order { Id = 601, OrderGuid = Guid.NewGuid(), StoreId = 1, CustomerId = 7, OrderDiscount = 2.00m, CreatedOnUtc = Adapters.Now, CustomOrderNumber = "601" },
            new Order { Id = 602, OrderGuid = Guid.NewGuid(), StoreId = 1, CustomerId = 7, CreatedOnUtc = Adapters.Now, CustomOrderNumber = "602" },
            new Order { Id = 603, OrderGuid = Guid.NewGuid(), StoreId = 2, CustomerId = 7, OrderDiscount = 3.00m, CreatedOnUtc = Adapters.Now, CustomOrderNumber = "603" },
            new Order { Id = 604, OrderGuid = Guid.NewGuid(), StoreId = 1, CustomerId = 8, CreatedOnUtc = Adapters.Now, CustomOrderNumber = "604" },
        };
        await _db.Database.SeedAsync(orders);
        await _db.Database.SeedAsync(new[]
        {
            new DiscountUsageHistory { Id = 1, DiscountId = member, OrderId = 600 }, new DiscountUsageHistory { Id = 2, DiscountId = shipping, OrderId = 600 },
            new DiscountUsageHistory { Id = 3, DiscountId = 900, OrderId = 601 },
            new DiscountUsageHistory { Id = 4, DiscountId = shipping, OrderId = 602 },
            new DiscountUsageHistory { Id = 5, DiscountId = member, OrderId = 603 },
        });
        var attributes = _db.Repository<GenericAttribute>();
        // The checkout's chosen shipping as nopCommerce stores it (its type converter writes XML), per customer and store.
        await attributes.InsertAsync(new GenericAttribute { KeyGroup = "Customer", Key = NopMemberOrderSavings.SelectedShippingOptionKey, EntityId = 7, StoreId = 1,
            Value = "<?xml version=\"1.0\" encoding=\"utf-16\"?><ShippingOption><Rate>4.95</Rate><Name>Ground</Name></ShippingOption>" });
        await attributes.InsertAsync(new GenericAttribute { KeyGroup = "Customer", Key = NopMemberOrderSavings.SelectedShippingOptionKey, EntityId = 7, StoreId = 2,
            Value = "<ShippingOption><Rate>9.00</Rate></ShippingOption>" });
        var savings = new NopMemberOrderSavings(_db.Repository<DiscountRequirement>(), _db.Repository<DiscountUsageHistory>(), attributes, Adapters.Runner);
        foreach (var order in orders)
            await savings.QuoteShippingAsync(order);
        await savings.QuoteShippingAsync(orders[0]);

        Assert.That(await savings.OfOrderAsync(orders[0]), Is.EqualTo(new MemberSaving(1.20m, 4.95m, 0, 0m)), "the member discount and the quoted shipping");
        Assert.That(await savings.OfOrderAsync(orders[1]), Is.Null, "another discount is not the membership's");
        Assert.That(await savings.OfOrderAsync(orders[2]), Is.EqualTo(new MemberSaving(0m, 4.95m, 0, 0m)), "free shipping alone: the rate the member would have paid");
        Assert.That(await savings.OfOrderAsync(orders[3]), Is.Null, "store 1's member discount on a store 2 order is not store 2's (and store 2 has no shipping perk to quote)");
        Assert.That(await savings.OfOrderAsync(orders[4]), Is.Null, "no perk used: nothing saved");
        Assert.That(await attributes.Table.CountAsync(a => a.Key == NopMemberOrderSavings.ShippingQuoteKey), Is.EqualTo(3),
            "quoted once per order of store 1 whose customer chose a shipping rate (604's customer chose none); store 2 has no shipping perk");

        await savings.RemoveQuotesAsync();
        Assert.That(await attributes.Table.CountAsync(a => a.Key == NopMemberOrderSavings.ShippingQuoteKey), Is.Zero, "uninstall removes the quotes");
        Assert.That(await attributes.Table.CountAsync(), Is.EqualTo(2), "and nothing of nopCommerce's own");
    }

    [TestCase("<ShippingOption><Rate>12.5</Rate></ShippingOption>", "12.5")]
    [TestCase("{\"Rate\":3.99,\"Name\":\"Ground\"}", "3.99")]
    [TestCase("<ShippingOption><Name>Pickup</Name></ShippingOption>", null)]
    [TestCase("", null)]
    public void A_stored_shipping_options_rate_is_read_from_xml_or_json(string stored, string expected) =>
        Assert.That(NopMemberOrderSavings.RateOf(stored), Is.EqualTo(expected is null ? null : decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));

    [Test]
    public async Task Uninstall_removes_the_member_discounts_the_acl_records_and_the_role_with_its_members()
    {
        await _perks.SyncAsync(Store, Club);
        await _perks.MembershipChangedAsync(new MembershipChanged(Store, new CustomerId(7), true, MemberStatus.None, Adapters.Now));
        Assert.That(await _db.Repository<CustomerCustomerRoleMapping>().Table.CountAsync(), Is.EqualTo(1));

        await _perks.RemoveAllAsync();

        Assert.That(await _db.Repository<Discount>().Table.CountAsync(), Is.Zero);
        Assert.That(await _db.Repository<DiscountRequirement>().Table.CountAsync(), Is.Zero);
        Assert.That(await _db.Repository<AclRecord>().Table.CountAsync(), Is.Zero);
        Assert.That(await _db.Repository<Product>().Table.CountAsync(p => p.SubjectToAcl), Is.Zero, "the product is open to all again");
        Assert.That(await _db.Repository<CustomerRole>().Table.CountAsync(), Is.Zero);
        Assert.That(await _db.Repository<CustomerCustomerRoleMapping>().Table.CountAsync(), Is.Zero);
    }
}
