// Stand-ins for the Nop.Services 4.90 members the plugin uses. Signatures only; see ../CONTRACT.md.
using System.Linq.Expressions;
using Nop.Core.Configuration;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.ScheduleTasks;
using Nop.Core.Domain.Stores;

namespace Nop.Services.Plugins
{
    public partial interface IPlugin
    {
        string GetConfigurationPageUrl();
        PluginDescriptor PluginDescriptor { get; set; }
        Task InstallAsync();
        Task UninstallAsync();
        Task UpdateAsync(string currentVersion, string targetVersion);
        Task PreparePluginToUninstallAsync();
    }

    // The lifecycle methods are no-ops upstream too; plugins call them from their overrides, so they must not throw.
    public abstract partial class BasePlugin : IPlugin
    {
        public virtual string GetConfigurationPageUrl() => throw null;
        public virtual PluginDescriptor PluginDescriptor { get; set; }
        public virtual Task InstallAsync() => Task.CompletedTask;
        public virtual Task UninstallAsync() => Task.CompletedTask;
        public virtual Task UpdateAsync(string currentVersion, string targetVersion) => Task.CompletedTask;
        public virtual Task PreparePluginToUninstallAsync() => Task.CompletedTask;
    }

    public partial class PluginDescriptor
    {
    }

    public partial interface IPluginManager<TPlugin> where TPlugin : class, IPlugin
    {
        Task<TPlugin> LoadPluginBySystemNameAsync(string systemName, Customer customer = null, int storeId = 0);
    }
}

namespace Nop.Services.Cms
{
    public partial interface IWidgetPlugin : Nop.Services.Plugins.IPlugin
    {
        bool HideInWidgetList { get; }
        Task<IList<string>> GetWidgetZonesAsync();
        Type GetWidgetViewComponent(string widgetZone);
    }
}

namespace Nop.Services.Common
{
    public partial interface IMiscPlugin : Nop.Services.Plugins.IPlugin
    {
    }
}

namespace Nop.Services.Configuration
{
    public partial interface ISettingService
    {
        Task<T> LoadSettingAsync<T>(int storeId = 0) where T : ISettings, new();
        Task SaveSettingAsync<T>(T settings, int storeId = 0) where T : ISettings, new();
        Task DeleteSettingAsync<T>() where T : ISettings, new();
        Task SaveSettingOverridablePerStoreAsync<T, TPropType>(T settings, Expression<Func<T, TPropType>> keySelector, bool overrideForStore, int storeId = 0, bool clearCache = true) where T : ISettings, new();
        Task<bool> SettingExistsAsync<T, TPropType>(T settings, Expression<Func<T, TPropType>> keySelector, int storeId = 0) where T : ISettings, new();
        Task ClearCacheAsync();
    }
}

namespace Nop.Services.Localization
{
    public partial interface ILocalizationService
    {
        Task<string> GetResourceAsync(string resourceKey);
        Task<string> GetResourceAsync(string resourceKey, int languageId, bool logIfNotFound = true, string defaultValue = "", bool returnEmptyIfNotFound = false);
        Task AddOrUpdateLocaleResourceAsync(IDictionary<string, string> resources, int? languageId = null);
        Task DeleteLocaleResourcesAsync(string resourceNamePrefix, int? languageId = null);
    }

    public partial interface ILanguageService
    {
        Task<IList<Nop.Core.Domain.Localization.Language>> GetAllLanguagesAsync(bool showHidden = false, int storeId = 0);
    }

    public partial interface ILocalizedEntityService
    {
        Task<string> GetLocalizedValueAsync(int languageId, int entityId, string localeKeyGroup, string localeKey);

        Task SaveLocalizedValueAsync<T>(T entity, System.Linq.Expressions.Expression<Func<T, string>> keySelector, string localeValue, int languageId)
            where T : Nop.Core.BaseEntity, Nop.Core.Domain.Localization.ILocalizedEntity;
    }
}

namespace Nop.Services.ScheduleTasks
{
    public partial interface IScheduleTask
    {
        Task ExecuteAsync();
    }

    public partial interface IScheduleTaskService
    {
        Task DeleteTaskAsync(ScheduleTask task);
        Task<ScheduleTask> GetTaskByTypeAsync(string type);
        Task InsertTaskAsync(ScheduleTask task);
    }
}

namespace Nop.Services.Messages
{
    public partial interface IMessageTemplateService
    {
        Task DeleteMessageTemplateAsync(MessageTemplate messageTemplate);
        Task InsertMessageTemplateAsync(MessageTemplate messageTemplate);
        Task<IList<MessageTemplate>> GetMessageTemplatesByNameAsync(string messageTemplateName, int? storeId = null);
    }

    public partial interface IWorkflowMessageService
    {
        Task<int> SendNotificationAsync(MessageTemplate messageTemplate, EmailAccount emailAccount, int languageId, IList<Token> tokens,
            string toEmailAddress, string toName, string attachmentFilePath = null, string attachmentFileName = null,
            string replyToEmailAddress = null, string replyToName = null, string fromEmail = null, string fromName = null,
            string subject = null, bool ignoreDelayBeforeSend = false);
    }

    public partial interface IQueuedEmailService
    {
        Task UpdateQueuedEmailAsync(QueuedEmail queuedEmail);
        Task<QueuedEmail> GetQueuedEmailByIdAsync(int queuedEmailId);
    }

    public partial interface IEmailAccountService
    {
        Task<EmailAccount> GetEmailAccountByIdAsync(int emailAccountId);
    }

    public partial class EntityTokensAddedEvent<T> where T : Nop.Core.BaseEntity
    {
        public EntityTokensAddedEvent(T entity, IList<Token> tokens) { Entity = entity; Tokens = tokens; }
        public T Entity { get; }
        public IList<Token> Tokens { get; }
    }

    public sealed partial class Token
    {
        // A plain data carrier upstream too: the constructors only keep their arguments, so code that builds
        // tokens can run in tests.
        public Token(string key, object value) : this(key, value, false) { }
        public Token(string key, object value, bool neverHtmlEncoded) { Key = key; Value = value; NeverHtmlEncoded = neverHtmlEncoded; }
        public string Key { get; }
        public object Value { get; }
        public bool NeverHtmlEncoded { get; }
    }

    public partial interface INotificationService
    {
        void SuccessNotification(string message, bool encode = true, int timeout = 0);
        void ErrorNotification(string message, bool encode = true, int timeout = 0);
    }
}

namespace Nop.Services.Security
{
    public partial interface IPermissionService
    {
        Task<bool> AuthorizeAsync(string permissionRecordSystemName);
        Task DeletePermissionAsync(string permissionSystemName);
    }

    public partial class StandardPermission
    {
        public partial class Customers
        {
            public const string CUSTOMERS_CREATE_EDIT_DELETE = "Customers.CustomersCreateEditDelete";
        }
    }

    public partial interface IPermissionConfigManager
    {
        IList<PermissionConfig> AllConfigs { get; }
    }

    public partial class PermissionConfig
    {
        public PermissionConfig(string name, string systemName, string category, params string[] defaultCustomerRoles) => throw null;
        public string Name { get; protected set; }
        public string SystemName { get; protected set; }
        public string Category { get; protected set; }
        public List<string> DefaultCustomerRoles { get; }
    }
}

namespace Nop.Services.Discounts
{
    public partial interface IDiscountService
    {
        Task InsertDiscountAsync(Discount discount);
        Task UpdateDiscountAsync(Discount discount);
        Task<IList<Discount>> GetAllDiscountsAsync(DiscountType? discountType = null, string couponCode = null, string discountName = null,
            bool showHidden = false, DateTime? startDateUtc = null, DateTime? endDateUtc = null, bool? isActive = true, int vendorId = 0);
    }
}

namespace Nop.Services.Stores
{
    public partial interface IStoreService
    {
        Task<IList<Store>> GetAllStoresAsync();
    }
}

namespace Nop.Services.Events
{
    public partial interface IConsumer<T>
    {
        Task HandleEventAsync(T eventMessage);
    }
}

namespace Nop.Services.Orders
{
    public partial interface IRewardPointService
    {
        Task<int> AddRewardPointsHistoryEntryAsync(Nop.Core.Domain.Customers.Customer customer, int points, int storeId, string message = "",
            Nop.Core.Domain.Orders.Order usedWithOrder = null, decimal usedAmount = 0M, DateTime? activatingDate = null, DateTime? endDate = null);
        Task<Nop.Core.Domain.Customers.RewardPointsHistory> GetRewardPointsHistoryEntryByIdAsync(int rewardPointsHistoryId);
    }
}

namespace Nop.Services.Customers
{
    public partial interface ICustomerService
    {
        Task<Nop.Core.Domain.Customers.Customer> GetCustomerByIdAsync(int customerId);
        Task<Nop.Core.Domain.Customers.CustomerRole> GetCustomerRoleBySystemNameAsync(string systemName);
        Task<IList<Nop.Core.Domain.Customers.CustomerRole>> GetAllCustomerRolesAsync(bool showHidden = false);
        Task InsertCustomerRoleAsync(Nop.Core.Domain.Customers.CustomerRole customerRole);
        Task AddCustomerRoleMappingAsync(Nop.Core.Domain.Customers.CustomerCustomerRoleMapping roleMapping);
        Task RemoveCustomerRoleMappingAsync(Nop.Core.Domain.Customers.Customer customer, Nop.Core.Domain.Customers.CustomerRole role);
        Task<bool> IsInCustomerRoleAsync(Nop.Core.Domain.Customers.Customer customer, string customerRoleSystemName, bool onlyActiveCustomerRoles = true);
    }
}
