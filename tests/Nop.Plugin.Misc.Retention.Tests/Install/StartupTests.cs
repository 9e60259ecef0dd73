using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nop.Core;
using Nop.Core.Caching;
using Nop.Core.Domain.Messages;
using Nop.Core.Events;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Factories;
using Nop.Plugin.Misc.Retention.Infrastructure;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Plugin.Misc.Retention.Events;
using Nop.Services.Catalog;
using Nop.Services.Configuration;
using Nop.Services.Customers;
using Nop.Services.Directory;
using Nop.Services.Discounts;
using Nop.Services.Helpers;
using Nop.Services.Localization;
using Nop.Services.Media;
using Nop.Services.Messages;
using Nop.Services.Orders;
using Nop.Services.ScheduleTasks;
using Nop.Services.Seo;
using Nop.Services.Stores;
using Retention.Core.Coupons;
using Retention.Core.Tables;
using Retention.Core.Loyalty;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Tests.Install;

/// <summary>
/// The plugin's registrations over nopCommerce's own services (mocked here, registered by nopCommerce in a store):
/// everything the loyalty consumers and the nightly task need resolves, the way nopCommerce builds them.
/// </summary>
public class StartupTests
{
    /// <summary>nopCommerce registers <c>IRepository&lt;&gt;</c> as an open generic; this stands in for it.</summary>
    private sealed class EmptyRepository<T> : IRepository<T> where T : BaseEntity
    {
        public IQueryable<T> Table => Enumerable.Empty<T>().AsQueryable();
        public Task InsertAsync(T entity, bool publishEvent = true) => Task.CompletedTask;
        public Task UpdateAsync(T entity, bool publishEvent = true) => Task.CompletedTask;
        public Task DeleteAsync(T entity, bool publishEvent = true) => Task.CompletedTask;
    }

    private static ServiceProvider Provider()
    {
        var services = new ServiceCollection();
        new NopStartup().ConfigureServices(services, new ConfigurationBuilder().Build());
        services.AddScoped(typeof(IRepository<>), typeof(EmptyRepository<>));
        foreach (var type in new[]
                 {
                     typeof(ISettingService), typeof(IRewardPointService), typeof(ICustomerService), typeof(IEventPublisher), typeof(ILocker),
                     typeof(IStoreService), typeof(IStoreContext), typeof(IDiscountService), typeof(IMessageTemplateService), typeof(IEmailAccountService),
                     typeof(IWorkflowMessageService), typeof(IQueuedEmailService),
                     typeof(ICurrencyService), typeof(IDateTimeHelper), typeof(ILocalizationService), typeof(IPriceCalculationService),
                     typeof(IPriceFormatter), typeof(IProductService), typeof(ICategoryService), typeof(IShoppingCartService), typeof(IWorkContext),
                     typeof(INewsLetterSubscriptionService), typeof(IOrderReportService), typeof(IPictureService), typeof(IUrlRecordService),
                     typeof(IScheduleTaskService), typeof(IMessageTokenProvider), typeof(INotificationService),
                     typeof(Nop.Services.Security.IPermissionService),
                     typeof(ILanguageService), typeof(ILocalizedEntityService),
                 })
            services.AddSingleton(type, ((Mock)Activator.CreateInstance(typeof(Mock<>).MakeGenericType(type))!).Object);
        services.AddSingleton(new EmailAccountSettings());
        // With the link secret install creates, for the workflow program's signer.
        services.AddSingleton(new RetentionInstallSettings { LinkSecret = Convert.ToBase64String(new byte[32]) });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    [Test]
    public void Loyalty_consumers_and_the_nightly_task_can_be_built_from_the_registrations()
    {
        using var provider = Provider();
        using var scope = provider.CreateScope();

        Assert.Multiple(() =>
        {
            Assert.That(ActivatorUtilities.CreateInstance<OrderLoyaltyConsumer>(scope.ServiceProvider), Is.Not.Null);
            Assert.That(ActivatorUtilities.CreateInstance<CustomerLoyaltyConsumer>(scope.ServiceProvider), Is.Not.Null);
            Assert.That(ActivatorUtilities.CreateInstance<LoyaltyNightlyTask>(scope.ServiceProvider), Is.Not.Null);
            Assert.That(scope.ServiceProvider.GetRequiredService<ILoyaltySettingsStore>(), Is.TypeOf<NopLoyaltySettingsStore>());
        });
    }

    [Test]
    public void The_admin_and_shopper_model_factories_can_be_built_from_the_registrations()
    {
        using var provider = Provider();
        using var scope = provider.CreateScope();

        Assert.Multiple(() =>
        {
            Assert.That(scope.ServiceProvider.GetRequiredService<RewardsModelFactory>(), Is.Not.Null);
            Assert.That(scope.ServiceProvider.GetRequiredService<LoyaltyAdminModelFactory>(), Is.Not.Null);
        });
    }

    [Test]
    public void The_program_observer_is_the_same_bridge_the_nightly_sweep_uses_within_a_scope()
    {
        using var provider = Provider();
        using var scope = provider.CreateScope();

        Assert.That(scope.ServiceProvider.GetRequiredService<ILoyaltyObserver>(), Is.SameAs(scope.ServiceProvider.GetRequiredService<NativeRewardPointsBridge>()));
    }
    [Test]
    public void Each_workflow_class_resolves_on_its_own_and_a_scope_composes_them_once()
    {
        using var provider = Provider();
        using var scope = provider.CreateScope();
        var services = scope.ServiceProvider;
        var parts = services.GetRequiredService<WorkflowParts>();

        Assert.Multiple(() =>
        {
            Assert.That(services.GetRequiredService<WorkflowProgram>(), Is.SameAs(parts.Program));
            Assert.That(services.GetRequiredService<WorkflowEnrollment>(), Is.SameAs(parts.Enrollment));
            Assert.That(services.GetRequiredService<WorkflowRun>(), Is.SameAs(parts.Run));
            Assert.That(services.GetRequiredService<WorkflowScans>(), Is.SameAs(parts.Scans));
            Assert.That(services.GetRequiredService<WorkflowLinks>(), Is.SameAs(parts.Links));
            Assert.That(services.GetRequiredService<WorkflowPreviews>(), Is.SameAs(parts.Previews));
            Assert.That(services.GetRequiredService<WorkflowReports>(), Is.SameAs(parts.Reports));
        });
    }

    [Test]
    public void Workflow_program_task_and_consumer_can_be_built_from_the_registrations()
    {
        using var provider = Provider();
        using var scope = provider.CreateScope();

        Assert.Multiple(() =>
        {
            Assert.That(scope.ServiceProvider.GetRequiredService<WorkflowProgram>(), Is.Not.Null);
            Assert.That(ActivatorUtilities.CreateInstance<WorkflowTask>(scope.ServiceProvider), Is.Not.Null);
            Assert.That(ActivatorUtilities.CreateInstance<WorkflowEventsConsumer>(scope.ServiceProvider), Is.Not.Null);
            Assert.That(scope.ServiceProvider.GetRequiredService<ICouponIssuer>(), Is.SameAs(scope.ServiceProvider.GetRequiredService<CouponStore>()),
                "The discount requirement rule asks the same store the program issues with.");
            Assert.That(scope.ServiceProvider.GetRequiredService<NopCouponRequirement>(), Is.Not.Null);
            Assert.That(scope.ServiceProvider.GetRequiredService<IBuiltInReminders>(), Is.TypeOf<NopBuiltInReminders>());
        });
    }

    [Test]
    public void The_workflow_pages_can_be_built_from_the_registrations()
    {
        using var provider = Provider();
        using var scope = provider.CreateScope();

        Assert.Multiple(() =>
        {
            Assert.That(scope.ServiceProvider.GetRequiredService<WorkflowAdminModelFactory>(), Is.Not.Null);
            Assert.That(ActivatorUtilities.CreateInstance<Controllers.RetentionWorkflowsAdminController>(scope.ServiceProvider), Is.Not.Null);
            Assert.That(ActivatorUtilities.CreateInstance<Controllers.RetentionLinksController>(scope.ServiceProvider), Is.Not.Null);
        });
    }
}
