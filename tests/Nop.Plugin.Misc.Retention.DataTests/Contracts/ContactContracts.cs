using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Data.Testing;
using Nop.Plugin.Misc.Retention.DataTests.Infrastructure;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.Configuration;
using Nop.Services.Customers;
using Nop.Services.Helpers;
using Nop.Services.Messages;
using Retention.Core.Common;
using Retention.Core.Workflows;
using Retention.Testing.Contracts;

namespace Nop.Plugin.Misc.Retention.DataTests.Contracts;

/// <summary>
/// The contact directory on real tables: nopCommerce's customers and newsletter subscriptions, the plugin's unsubscribes.
/// nopCommerce's customer and newsletter services are faked only as the reads and the update they are over those tables.
/// </summary>
[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealContactDirectoryContract(DatabaseKind kind) : ContactDirectoryContract
{
    private readonly PluginDatabaseLease _lease = new(kind);

    private PluginDatabase Db => _lease.Current;

    protected override async Task<IContactDirectory> CreateWithAsync(StoreId store, IReadOnlyCollection<CustomerId> existing, IReadOnlyCollection<CustomerId> missing,
        IReadOnlyCollection<CustomerId> erased = null)
    {
        await _lease.OpenAsync(db => db);
        await Db.Database.SeedAsync(existing.Select(c => new Customer
        {
            Id = c.Value, CustomerGuid = Guid.NewGuid(), Email = $"customer{c.Value}@example.com", FirstName = "Customer", Active = true,
            RegisteredInStoreId = store.Value, CreatedOnUtc = Adapters.Now, LastActivityDateUtc = Adapters.Now,
        }).Concat((erased ?? []).Select(c => new Customer
        {
            // What GdprService.PermanentDeleteCustomerAsync leaves.
            Id = c.Value, CustomerGuid = Guid.NewGuid(), Email = string.Empty, Active = false, Deleted = true,
            RegisteredInStoreId = store.Value, CreatedOnUtc = Adapters.Now, LastActivityDateUtc = Adapters.Now,
        })));
        var subscriptions = Db.Repository<NewsLetterSubscription>();
        foreach (var customer in existing)
            await subscriptions.InsertAsync(new NewsLetterSubscription { Email = $"customer{customer.Value}@example.com", StoreId = store.Value, Active = true });

        var customers = Db.Repository<Customer>();
        var customerService = new Mock<ICustomerService>();
        customerService.Setup(c => c.GetCustomerByIdAsync(It.IsAny<int>())).Returns((int id) => customers.Table.FirstOrDefaultAsync(c => c.Id == id));
        var subscriptionService = new Mock<INewsLetterSubscriptionService>();
        subscriptionService.Setup(s => s.GetNewsLetterSubscriptionsByEmailAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<int>(), It.IsAny<bool?>()))
            .Returns(async (string email, int storeId, int _, bool? active) => (IList<NewsLetterSubscription>)await subscriptions.Table
                .Where(s => s.Email == email && (storeId == 0 || s.StoreId == storeId) && (active == null || s.Active == active)).ToListAsync());
        subscriptionService.Setup(s => s.UpdateNewsLetterSubscriptionAsync(It.IsAny<NewsLetterSubscription>(), It.IsAny<bool>()))
            .Returns((NewsLetterSubscription s, bool _) => subscriptions.UpdateAsync(s));
        var settings = new Mock<ISettingService>();
        settings.Setup(s => s.LoadSettingAsync<DateTimeSettings>(It.IsAny<int>())).ReturnsAsync(new DateTimeSettings { DefaultStoreTimeZoneId = "UTC" });
        return new NopContactDirectory(customerService.Object, subscriptionService.Object, settings.Object, Adapters.Unsubscribes(Db),
            Adapters.Runner, customers, subscriptions);
    }

    protected override Task ReleaseAsync() => _lease.ReleaseAsync();
}
