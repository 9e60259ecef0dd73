using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Common;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.Stores;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Plugin.Misc.Retention.Tests.Services;
using Nop.Services.Customers;
using Nop.Services.Helpers;
using Nop.Services.Messages;
using Nop.Services.Stores;
using Retention.Core.Common;
using Retention.Core.Workflows;
using Retention.Testing.Builders;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Workflows;

/// <summary>What the workflow adapters do beyond Core's port contracts: nopCommerce's consent, time zones, reorder days, a broken setting, a crashed move.</summary>
public class WorkflowAdapterTests
{
    private static readonly DateTime T0 = new(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);

    private sealed class Contacts
    {
        public List<NewsLetterSubscription> Subscriptions { get; } = [];
        public List<Customer> Customers { get; } = [];
        public Mock<INewsLetterSubscriptionService> Service { get; }
        public FakeSettings Settings { get; } = new FakeSettings().Serve<DateTimeSettings>();
        public List<RetentionUnsubscribe> Unsubscribes { get; }
        public NopContactDirectory Directory { get; }

        public Contacts(Customer customer)
        {
            Customers.Add(customer);
            (Directory, Service, Unsubscribes) = NopContacts.Create(Customers, Subscriptions, Settings);
        }
    }

    [Test]
    public async Task Consent_is_an_active_newsletter_subscription_of_that_store()
    {
        var contacts = new Contacts(new Customer { Id = 7, Email = "ann@example.com", FirstName = "Ann", LastName = " Lee ", Active = true });
        contacts.Subscriptions.Add(new NewsLetterSubscription { Email = "ann@example.com", StoreId = 1, Active = true });
        contacts.Subscriptions.Add(new NewsLetterSubscription { Email = "ann@example.com", StoreId = 2, Active = false });

        var inStore1 = await contacts.Directory.GetAsync(new StoreId(1), new CustomerId(7));
        var inStore2 = await contacts.Directory.GetAsync(new StoreId(2), new CustomerId(7));

        Assert.That((inStore1.HasMarketingConsent, inStore2.HasMarketingConsent), Is.EqualTo((true, false)));
        Assert.That(inStore1.Name, Is.EqualTo("Ann Lee"));
        Assert.That((inStore1.Active, inStore1.Deleted, inStore1.Unsubscribed), Is.EqualTo((true, false, false)));
    }

    [Test]
    public async Task Unknown_customer_has_no_contact_facts()
    {
        var contacts = new Contacts(new Customer { Id = 7 });

        Assert.That(await contacts.Directory.GetAsync(new StoreId(1), new CustomerId(8)), Is.Null);
    }

    [Test]
    public async Task Unsubscribe_switches_the_newsletter_off_and_records_the_opt_out_once()
    {
        var contacts = new Contacts(new Customer { Id = 7, Email = "ann@example.com" });
        var subscription = new NewsLetterSubscription { Email = "ann@example.com", StoreId = 1, Active = true };
        contacts.Subscriptions.Add(subscription);

        await contacts.Directory.UnsubscribeAsync(new StoreId(1), new CustomerId(7), T0);
        await contacts.Directory.UnsubscribeAsync(new StoreId(1), new CustomerId(7), T0.AddMinutes(1));
        var facts = await contacts.Directory.GetAsync(new StoreId(1), new CustomerId(7));

        Assert.That(subscription.Active, Is.False);
        contacts.Service.Verify(s => s.UpdateNewsLetterSubscriptionAsync(subscription, true), Times.Once, "nopCommerce's own unsubscribe, with its event.");
        Assert.That(contacts.Unsubscribes, Has.Count.EqualTo(1));
        Assert.That((facts.Unsubscribed, facts.HasMarketingConsent), Is.EqualTo((true, false)));
    }

    [TestCase(true, TestName = "A batch's contacts agree with reading each customer alone, customers choosing their zone")]
    [TestCase(false, TestName = "A batch's contacts agree with reading each customer alone, the store's zone for all")]
    public async Task Batch_contacts_agree(bool customersMayChoose)
    {
        var contacts = new Contacts(new Customer { Id = 7, Email = "ann@example.com", FirstName = "Ann", Active = true, TimeZoneId = "Asia/Tokyo" });
        contacts.Customers.AddRange(
        [
            new Customer { Id = 8, Email = "bob@example.com", LastName = "Bo", Active = true, Deleted = true },
            new Customer { Id = 9, Email = "  ", Active = true },
            new Customer { Id = 10, Email = " cy@example.com ", Active = false, TimeZoneId = "America/New_York" },
            new Customer { Id = 11, Email = "di@example.com", Active = true },
            new Customer { Id = 12, Email = null, Active = true },
        ]);
        contacts.Subscriptions.AddRange(
        [
            new NewsLetterSubscription { Email = "ann@example.com", StoreId = 1, Active = true },
            new NewsLetterSubscription { Email = "bob@example.com", StoreId = 2, Active = true },
            new NewsLetterSubscription { Email = "cy@example.com", StoreId = 1, Active = true },
            new NewsLetterSubscription { Email = "di@example.com", StoreId = 1, Active = false },
        ]);
        await contacts.Directory.UnsubscribeAsync(new StoreId(2), new CustomerId(7), T0);
        await contacts.Directory.UnsubscribeAsync(new StoreId(1), new CustomerId(10), T0);
        contacts.Subscriptions.Add(new NewsLetterSubscription { Email = "cy@example.com", StoreId = 1, Active = true });
        contacts.Settings.Values[(1, "DateTimeSettings.DefaultStoreTimeZoneId")] = "Europe/Berlin";
        contacts.Settings.Values[(0, "DateTimeSettings.AllowCustomersToSetTimeZone")] = customersMayChoose;
        CustomerId[] batch = [new(7), new(8), new(9), new(10), new(11), new(12), new(404), new(7)];

        foreach (var store in new[] { new StoreId(1), new StoreId(2) })
        {
            var many = await contacts.Directory.GetManyAsync(store, batch);

            foreach (var customer in batch)
                Assert.That(many.GetValueOrDefault(customer), Is.EqualTo(await contacts.Directory.GetAsync(store, customer)), $"customer {customer} in store {store}");
            Assert.That(many.Keys, Is.EquivalentTo(new[] { new CustomerId(7), new CustomerId(8), new CustomerId(9), new CustomerId(10), new CustomerId(11), new CustomerId(12) }));
        }
        var inStore1 = await contacts.Directory.GetManyAsync(new StoreId(1), batch);
        Assert.That(batch.Distinct().Where(c => inStore1.TryGetValue(c, out var f) && f.HasMarketingConsent), Is.EquivalentTo(new[] { new CustomerId(7), new CustomerId(10) }),
            "the facts differ between customers, so agreeing is not agreeing on a default");
        Assert.That(inStore1[new CustomerId(10)].Unsubscribed, Is.True);
    }

    [TestCase(true, "Asia/Tokyo", TestName = "Customer's own time zone where the store lets customers choose")]
    [TestCase(false, "Europe/Berlin", TestName = "Store's time zone where customers may not choose")]
    public async Task Time_zone(bool customersMayChoose, string expected)
    {
        var contacts = new Contacts(new Customer { Id = 7, Email = "ann@example.com", TimeZoneId = "Asia/Tokyo" });
        contacts.Settings.Values[(1, "DateTimeSettings.DefaultStoreTimeZoneId")] = "Europe/Berlin";
        contacts.Settings.Values[(0, "DateTimeSettings.AllowCustomersToSetTimeZone")] = customersMayChoose;

        var facts = await contacts.Directory.GetAsync(new StoreId(1), new CustomerId(7));

        Assert.That(facts.TimeZone.Id, Is.EqualTo(expected));
    }

    [Test]
    public async Task Reorder_days_come_from_the_product_attribute_the_stores_own_value_first_and_nonsense_marks_nothing()
    {
        var attributes = new List<GenericAttribute>
        {
            new() { Id = 1, EntityId = 3, KeyGroup = nameof(Product), Key = NopReplenishmentCatalog.ReorderDaysKey, StoreId = 0, Value = "30" },
            new() { Id = 2, EntityId = 3, KeyGroup = nameof(Product), Key = NopReplenishmentCatalog.ReorderDaysKey, StoreId = 1, Value = "21" },
            new() { Id = 3, EntityId = 4, KeyGroup = nameof(Product), Key = NopReplenishmentCatalog.ReorderDaysKey, StoreId = 0, Value = "45" },
            new() { Id = 4, EntityId = 5, KeyGroup = nameof(Product), Key = NopReplenishmentCatalog.ReorderDaysKey, StoreId = 0, Value = "soon" },
            new() { Id = 5, EntityId = 6, KeyGroup = nameof(Customer), Key = NopReplenishmentCatalog.ReorderDaysKey, StoreId = 0, Value = "10" },
            new() { Id = 6, EntityId = 7, KeyGroup = nameof(Product), Key = NopReplenishmentCatalog.ReorderDaysKey, StoreId = 2, Value = "10" },
        };
        var repository = new Mock<IRepository<GenericAttribute>>();
        repository.Setup(r => r.Table).Returns(attributes.AsQueryable());

        var intervals = await new NopReplenishmentCatalog(repository.Object, new InMemoryQueryRunner()).IntervalsAsync(new StoreId(1), [3, 4, 5, 6, 7, 8]);

        Assert.That(intervals, Is.EquivalentTo(new Dictionary<int, int> { [3] = 21, [4] = 45 }));
    }

    [Test]
    public void A_hand_broken_program_setting_names_its_key()
    {
        var settings = new FakeSettings().Serve<RetentionWorkflowSettings>();
        settings.Values[(0, "RetentionWorkflowSettings.ProgramJson")] = "{ not json";
        var store = new NopWorkflowSettingsStore(settings.Mock.Object, Mock.Of<IStoreService>());

        Assert.That(async () => await store.LoadAsync(new StoreId(1)),
            Throws.InvalidOperationException.With.Message.Contains("retentionworkflowsettings.programjson"));
    }

    [Test]
    public async Task A_saved_program_without_a_later_workflow_gets_that_workflows_defaults()
    {
        var settings = new FakeSettings().Serve<RetentionWorkflowSettings>();
        var store = new NopWorkflowSettingsStore(settings.Mock.Object, Mock.Of<IStoreService>());
        var saved = WorkflowCatalog.Defaults();
        await store.SaveAsync(new StoreId(0), saved with { Workflows = saved.Workflows.Where(w => w.Kind != WorkflowKind.CrossSell).ToList() });

        var loaded = await store.LoadAsync(new StoreId(1));

        Assert.That(loaded.Workflows.Select(w => w.Kind), Is.EquivalentTo(WorkflowCatalog.All));
        Assert.That(loaded.For(WorkflowKind.CrossSell).Steps, Is.EqualTo(WorkflowCatalog.Default(WorkflowKind.CrossSell).Steps));
    }
}
