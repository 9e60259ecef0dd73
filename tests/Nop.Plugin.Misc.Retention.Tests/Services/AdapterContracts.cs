using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Data;
using Nop.Core.Domain.Messages;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.Discounts;
using Nop.Services.Messages;
using Nop.Services.Stores;
using Nop.Core.Domain.Stores;
using Retention.Core.Coupons;
using Retention.Core.Loyalty;
using Retention.Core.Common;
using Retention.Core.Messaging;
using Retention.Core.Tables;
using Retention.Core.Workflows;
using Nop.Services.Customers;
using Nop.Services.Helpers;
using Retention.Testing.Contracts;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Services;

// The nopCommerce adapters run the same port contracts as every other implementation, over repositories
// that enforce the unique key like the database does.

[TestFixture]
public sealed class NopPointsLedgerContract : PointsLedgerContract
{
    protected override Task<IPointsLedger> CreateAsync()
    {
        var (repository, _) = FakeRepository.Create<RetentionLedgerEntry>(e => e.IdempotencyKey);
        var runner = new InMemoryQueryRunner();
        return Task.FromResult<IPointsLedger>(new PointsLedgerStore(new FakeNopTable<PointsEntryRow, RetentionLedgerEntry>(repository.Object, runner), runner));
    }
}

[TestFixture]
public sealed class NopMessageOutboxContract : MessageOutboxContract
{
    protected override Task<IMessageOutbox> CreateAsync() => Task.FromResult<IMessageOutbox>(NopOutbox.Create().Outbox);
}

[TestFixture]
public sealed class NopCouponIssuerContract : CouponIssuerContract
{
    private NopCoupons.Harness _harness;

    protected override Task<ICouponIssuer> CreateAsync()
    {
        _harness = NopCoupons.CreateHarness();
        return Task.FromResult<ICouponIssuer>(_harness.Issuer);
    }

    /// <summary>An order used the coupon: nopCommerce records a discount usage history row for its discount.</summary>
    protected override Task MarkUsedAsync(IssuedCoupon coupon, CouponRequest request)
    {
        var discount = _harness.Discounts.Single(d => d.CouponCode == coupon.Code);
        _harness.Usages.Add(new DiscountUsageHistory { Id = _harness.Usages.Count + 1, DiscountId = discount.Id, OrderId = 100 });
        return Task.CompletedTask;
    }
}

// The step writer is Core's (Retention.Core.Tables.WorkflowStepWriter) over the plugin's table and nopCommerce's ambient
// transactions: its contract runs on the plugin's real tables on PostgreSQL and MariaDB (the data tests'
// RealWorkflowStepWriterContract), where row locks decide its races, which these list-backed fakes cannot do.

/// <summary>The plugin's contact directory over nopCommerce's customer and newsletter tables and services, faked as lists.</summary>
[TestFixture]
public sealed class NopContactDirectoryContract : ContactDirectoryContract
{
    protected override Task<IContactDirectory> CreateWithAsync(StoreId store, IReadOnlyCollection<CustomerId> existing, IReadOnlyCollection<CustomerId> missing,
        IReadOnlyCollection<CustomerId> erased = null)
    {
        var customers = existing.Select(c => new Customer { Id = c.Value, Email = $"customer{c.Value}@example.com", FirstName = "Customer", Active = true }).ToList();
        var subscriptions = customers.Select(c => new NewsLetterSubscription { Email = c.Email, StoreId = store.Value, Active = true }).ToList();
        customers.AddRange((erased ?? []).Select(c => new Customer { Id = c.Value, Email = string.Empty, Active = false, Deleted = true }));
        return Task.FromResult<IContactDirectory>(NopContacts.Create(customers, subscriptions).Directory);
    }
}

/// <summary>A contact directory over nopCommerce's customers and newsletter subscriptions as lists (services and tables alike).</summary>
public static class NopContacts
{
    public static (NopContactDirectory Directory, Mock<INewsLetterSubscriptionService> Subscriptions, List<RetentionUnsubscribe> Unsubscribes) Create(
        List<Customer> customers, List<NewsLetterSubscription> subscriptions, FakeSettings settings = null)
    {
        var customerService = new Mock<ICustomerService>();
        customerService.Setup(c => c.GetCustomerByIdAsync(It.IsAny<int>())).ReturnsAsync((int id) => customers.FirstOrDefault(c => c.Id == id));
        var subscriptionService = new Mock<INewsLetterSubscriptionService>();
        subscriptionService.Setup(s => s.GetNewsLetterSubscriptionsByEmailAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<int>(), It.IsAny<bool?>()))
            .ReturnsAsync((string email, int storeId, int _, bool? active) =>
                subscriptions.Where(s => s.Email == email && (storeId == 0 || s.StoreId == storeId) && (active == null || s.Active == active)).ToList());
        subscriptionService.Setup(s => s.UpdateNewsLetterSubscriptionAsync(It.IsAny<NewsLetterSubscription>(), It.IsAny<bool>())).Returns(Task.CompletedTask);
        var (unsubscribes, rows) = FakeRepository.Create<RetentionUnsubscribe>(u => u.StoreCustomerKey);
        var runner = new InMemoryQueryRunner();
        var directory = new NopContactDirectory(customerService.Object, subscriptionService.Object, (settings ?? new FakeSettings().Serve<DateTimeSettings>()).Mock.Object,
            new UnsubscribeStore(new FakeNopTable<UnsubscribeRow, RetentionUnsubscribe>(unsubscribes.Object, runner), runner), runner,
            FakeRepository.Reading(customers), FakeRepository.Reading(subscriptions));
        return (directory, subscriptionService, rows);
    }
}

/// <summary>An outbox over fakes, exposing what nopCommerce was asked to queue.</summary>
public static class NopOutbox
{
    public static (OutboxStore Outbox, List<(string Template, string To)> Queued, List<RetentionOutboxMessage> Rows) Create(bool templateActive = true, QueuedEmail queuedEmail = null, List<Customer> customers = null, List<int> languages = null,
        Mock<IMessageTokenProvider> tokenProvider = null, List<IList<Token>> sentTokens = null, bool transactional = false, Action<string> onSend = null)
    {
        var (repository, rows) = transactional
            ? TransactionalFakeRepository.Create<RetentionOutboxMessage>(m => m.IdempotencyKey)
            : FakeRepository.Create<RetentionOutboxMessage>(m => m.IdempotencyKey);
        var queued = new List<(string, string)>();
        var templates = new Mock<IMessageTemplateService>();
        templates.Setup(t => t.GetMessageTemplatesByNameAsync(It.IsAny<string>(), It.IsAny<int?>()))
            .ReturnsAsync((string name, int? _) => new List<MessageTemplate> { new() { Name = name, IsActive = templateActive, EmailAccountId = 1 } });
        var accounts = new Mock<IEmailAccountService>();
        accounts.Setup(a => a.GetEmailAccountByIdAsync(It.IsAny<int>())).ReturnsAsync(new EmailAccount());
        var workflow = new Mock<IWorkflowMessageService>();
        workflow.Setup(w => w.SendNotificationAsync(It.IsAny<MessageTemplate>(), It.IsAny<EmailAccount>(), It.IsAny<int>(), It.IsAny<IList<Token>>(),
                It.IsAny<string>(), It.IsAny<string>(), null, null, null, null, null, null, null, false))
            .Callback((MessageTemplate t, EmailAccount _, int languageId, IList<Token> tokens, string to, string _, string _, string _, string _, string _, string _, string _, string _, bool _) =>
            {
                onSend?.Invoke(to);
                lock (queued) queued.Add((t.Name, to));
                if (sentTokens != null)
                    lock (sentTokens) sentTokens.Add(tokens);
                if (languages != null)
                    lock (languages) languages.Add(languageId);
            })
            .ReturnsAsync(1);
        var queuedEmails = new Mock<IQueuedEmailService>();
        queuedEmails.Setup(q => q.GetQueuedEmailByIdAsync(1)).ReturnsAsync(queuedEmail ?? new QueuedEmail { Id = 1 });
        queuedEmails.Setup(q => q.UpdateQueuedEmailAsync(It.IsAny<QueuedEmail>())).Returns(Task.CompletedTask);
        var customerRepository = new Mock<IRepository<Customer>>();
        customerRepository.Setup(r => r.Table).Returns(() => (customers ?? new List<Customer>()).AsQueryable());
        var stores = new Mock<IStoreService>();
        stores.Setup(s => s.GetStoreByIdAsync(It.IsAny<int>())).ReturnsAsync((int id) => new Store { Id = id });
        var runner = new InMemoryQueryRunner();
        var delivery = new NopOutboxDelivery(customerRepository.Object, templates.Object, accounts.Object, workflow.Object, queuedEmails.Object,
            new EmailAccountSettings { DefaultEmailAccountId = 1 }, runner, tokenProvider?.Object ?? Mock.Of<IMessageTokenProvider>(), stores.Object);
        var outbox = new OutboxStore(new FakeNopTable<OutboxRow, RetentionOutboxMessage>(repository.Object, runner), runner, delivery);
        return (outbox, queued, rows);
    }
}

/// <summary>
/// Core's coupon store over the plugin's coupon table and its nopCommerce side over fakes: the discount service and its
/// discount, requirement and usage tables as lists, exposing what the issuer created; and the requirement rule over them.
/// </summary>
public static class NopCoupons
{
    public sealed record Harness(CouponStore Issuer, NopCouponRequirement Requirement, List<Discount> Discounts, List<DiscountRequirement> Requirements,
        List<DiscountUsageHistory> Usages, List<RetentionCoupon> Coupons);

    public static (CouponStore Issuer, List<Discount> Discounts) Create()
    {
        var harness = CreateHarness();
        return (harness.Issuer, harness.Discounts);
    }

    public static Harness CreateHarness()
    {
        var (repository, coupons) = FakeRepository.Create<RetentionCoupon>(c => c.IdempotencyKey);
        var discounts = new List<Discount>();
        var requirements = new List<DiscountRequirement>();
        var usages = new List<DiscountUsageHistory>();
        var nextDiscountId = 0;
        var service = new Mock<IDiscountService>();
        service.Setup(s => s.InsertDiscountAsync(It.IsAny<Discount>())).Callback((Discount d) =>
        {
            lock (discounts) { d.Id = ++nextDiscountId; discounts.Add(d); }
        }).Returns(Task.CompletedTask);
        service.Setup(s => s.UpdateDiscountAsync(It.IsAny<Discount>())).Returns(Task.CompletedTask);
        service.Setup(s => s.GetDiscountByIdAsync(It.IsAny<int>())).ReturnsAsync((int id) => { lock (discounts) return discounts.FirstOrDefault(d => d.Id == id); });
        service.Setup(s => s.DeleteDiscountAsync(It.IsAny<Discount>())).Callback((Discount d) =>
        {
            lock (discounts) discounts.Remove(d);
            lock (requirements) requirements.RemoveAll(r => r.DiscountId == d.Id);
        }).Returns(Task.CompletedTask);
        service.Setup(s => s.InsertDiscountRequirementAsync(It.IsAny<DiscountRequirement>())).Callback((DiscountRequirement r) =>
        {
            lock (requirements) { r.Id = requirements.Count + 1; requirements.Add(r); }
        }).Returns(Task.CompletedTask);
        service.Setup(s => s.GetDiscountRequirementByIdAsync(It.IsAny<int>()))
            .ReturnsAsync((int id) => { lock (requirements) return requirements.FirstOrDefault(r => r.Id == id); });
        var discountTable = new Mock<IRepository<Discount>>();
        discountTable.Setup(r => r.Table).Returns(() => { lock (discounts) return discounts.ToList().AsQueryable(); });
        var usageTable = new Mock<IRepository<DiscountUsageHistory>>();
        usageTable.Setup(r => r.Table).Returns(() => { lock (usages) return usages.ToList().AsQueryable(); });
        var runner = new InMemoryQueryRunner();
        var clock = new TestClock(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var issuer = new CouponStore(new FakeNopTable<CouponRow, RetentionCoupon>(repository.Object, runner),
            new NopCouponDiscounts(discountTable.Object, usageTable.Object, service.Object, new Mock<Nop.Services.Catalog.IProductService>().Object, runner, clock), runner, clock);
        return new Harness(issuer, new NopCouponRequirement(service.Object, issuer), discounts, requirements, usages, coupons);
    }
}
