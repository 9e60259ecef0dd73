using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Plugin.Misc.Retention.Tests.Services;
using Nop.Services.Customers;
using Retention.Core.Analytics;
using Retention.Core.Metrics;
using Retention.Testing.Builders;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Dashboard;

/// <summary>A segment mirrored into a customer role holds exactly the segment's customers.</summary>
public class SegmentRoleSyncTests
{
    private static readonly DateTime AsOf = new(2026, 6, 15, 0, 0, 0, DateTimeKind.Utc);

    [Test]
    public async Task The_role_is_created_once_gains_the_segments_customers_and_loses_those_who_left()
    {
        var data = new InMemoryStoreData();
        // Customer k bought k times, the last time 11 − k days before as_of: the frequent ones are also recent and big.
        var id = 1;
        for (var k = 1; k <= 10; k++)
            for (var n = 0; n < k; n++)
                data.OrderList.Add(Build.Order(id++, k, AsOf.AddDays(-(11 - k) - 30 * n), 10m * k, store: 2));
        var champions = (await new RfmQuery(data, new InMemoryQueryRunner()).CustomersAsync(new CountedOrders(AsOf, 2), RfmSegment.Champions))
            .Select(c => c.Customer.Value).ToList();
        Assert.That(champions, Is.Not.Empty);

        var roles = new List<CustomerRole>();
        var (mappings, rows) = FakeRepository.Create<CustomerCustomerRoleMapping>(m => $"{m.CustomerId}:{m.CustomerRoleId}");
        var customers = new Mock<ICustomerService>();
        customers.Setup(c => c.GetCustomerRoleBySystemNameAsync(It.IsAny<string>())).ReturnsAsync((string name) => roles.SingleOrDefault(r => r.SystemName == name));
        customers.Setup(c => c.InsertCustomerRoleAsync(It.IsAny<CustomerRole>())).Callback((CustomerRole r) => { r.Id = 40 + roles.Count; roles.Add(r); }).Returns(Task.CompletedTask);
        customers.Setup(c => c.AddCustomerRoleMappingAsync(It.IsAny<CustomerCustomerRoleMapping>())).Returns((CustomerCustomerRoleMapping m) => mappings.Object.InsertAsync(m, true));
        customers.Setup(c => c.GetCustomerByIdAsync(It.IsAny<int>())).ReturnsAsync((int i) => new Customer { Id = i });
        customers.Setup(c => c.RemoveCustomerRoleMappingAsync(It.IsAny<Customer>(), It.IsAny<CustomerRole>()))
            .Callback((Customer c, CustomerRole r) => rows.RemoveAll(m => m.CustomerId == c.Id && m.CustomerRoleId == r.Id)).Returns(Task.CompletedTask);
        var sync = new SegmentRoleSync(data, new InMemoryQueryRunner(), customers.Object, mappings.Object);

        // Someone who is no champion was put into the role earlier (the segment moved since).
        var first = await sync.SyncAsync(2, RfmSegment.Champions, AsOf);
        var roleId = roles.Single().Id;
        await mappings.Object.InsertAsync(new CustomerCustomerRoleMapping { CustomerId = 1, CustomerRoleId = roleId }, true);
        var second = await sync.SyncAsync(2, RfmSegment.Champions, AsOf);

        Assert.That(roles.Single().SystemName, Is.EqualTo("Retention.Segment.2.Champions"));
        Assert.That((first.Members, first.Added, first.Removed), Is.EqualTo((champions.Count, champions.Count, 0)));
        Assert.That((second.Members, second.Added, second.Removed), Is.EqualTo((champions.Count, 0, 1)));
        Assert.That(rows.Where(m => m.CustomerRoleId == roleId).Select(m => m.CustomerId).OrderBy(c => c), Is.EqualTo(champions.OrderBy(c => c)));
    }
}
