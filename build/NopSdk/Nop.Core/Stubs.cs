// Stand-ins for the Nop.Core 4.90 members the plugin uses. Signatures only; see ../CONTRACT.md.
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Nop.Core
{
    public abstract partial class BaseEntity
    {
        public int Id { get; set; }
    }

    public partial interface IStoreContext
    {
        Task<Nop.Core.Domain.Stores.Store> GetCurrentStoreAsync();
        Task<int> GetActiveStoreScopeConfigurationAsync();
    }

    public partial interface IWorkContext
    {
        Task<Nop.Core.Domain.Customers.Customer> GetCurrentCustomerAsync();
    }
}

namespace Nop.Core.Configuration
{
    public partial interface ISettings
    {
    }
}

namespace Nop.Core.Infrastructure
{
    public partial interface INopStartup
    {
        void ConfigureServices(IServiceCollection services, IConfiguration configuration);
        void Configure(IApplicationBuilder application);
        int Order { get; }
    }

    public partial interface INopFileProvider
    {
    }
}

namespace Nop.Core.Caching
{
    public partial interface ILocker
    {
        Task<bool> PerformActionWithLockAsync(string resource, TimeSpan expirationTime, Func<Task> action);
    }
}

namespace Nop.Core.Domain.Stores
{
    public partial class Store : BaseEntity
    {
        public string Name { get; set; }
        public int DefaultLanguageId { get; set; }
    }
}

namespace Nop.Core.Domain.Customers
{
    public partial class Customer : BaseEntity
    {
        public Guid CustomerGuid { get; set; }
        public string Email { get; set; }
        public string FirstName { get; set; }
        public string LastName { get; set; }
        public DateTime? DateOfBirth { get; set; }
        public int RegisteredInStoreId { get; set; }
        public bool Active { get; set; }
        public bool Deleted { get; set; }
        public DateTime CreatedOnUtc { get; set; }
        public DateTime LastActivityDateUtc { get; set; }
        public int? LanguageId { get; set; }
    }

    public partial class CustomerRole : BaseEntity
    {
        public string Name { get; set; }
        public bool Active { get; set; }
        public bool IsSystemRole { get; set; }
        public string SystemName { get; set; }
    }

    public partial class CustomerCustomerRoleMapping : BaseEntity
    {
        public int CustomerId { get; set; }
        public int CustomerRoleId { get; set; }
    }

    public partial class RewardPointsHistory : BaseEntity
    {
        public int CustomerId { get; set; }
        public int StoreId { get; set; }
        public int Points { get; set; }
        public string Message { get; set; }
        public decimal UsedAmount { get; set; }
        public DateTime CreatedOnUtc { get; set; }
        public Guid? UsedWithOrder { get; set; }
    }

    public partial class RewardPointsSettings : Nop.Core.Configuration.ISettings
    {
        public bool Enabled { get; set; }
        public decimal ExchangeRate { get; set; }
        public int MinimumRewardPointsToUse { get; set; }
        public decimal MaximumRedeemedRate { get; set; }
        public int PointsForRegistration { get; set; }
        public int PointsForPurchases_Points { get; set; }
        public bool PointsAccumulatedForAllStores { get; set; }
    }

    public partial class CustomerRegisteredEvent
    {
        public CustomerRegisteredEvent(Customer customer) { Customer = customer; }
        public Customer Customer { get; }
    }
}

namespace Nop.Core.Domain.Common
{
    public partial class Address : BaseEntity
    {
        public string Email { get; set; }
        public int? CountryId { get; set; }
        public string City { get; set; }
        public string Address1 { get; set; }
        public string ZipPostalCode { get; set; }
    }
}

namespace Nop.Core.Events
{
    public partial interface IEventPublisher
    {
        Task PublishAsync<TEvent>(TEvent @event);
    }
}

namespace Nop.Core.Domain.Orders
{
    public partial class Order : BaseEntity
    {
        public Guid OrderGuid { get; set; }
        public int StoreId { get; set; }
        public int CustomerId { get; set; }
        public int OrderStatusId { get; set; }
        public int PaymentStatusId { get; set; }
        public decimal OrderSubtotalExclTax { get; set; }
        public decimal OrderSubTotalDiscountExclTax { get; set; }
        public decimal OrderShippingExclTax { get; set; }
        public decimal OrderTax { get; set; }
        public decimal OrderDiscount { get; set; }
        public decimal OrderTotal { get; set; }
        public decimal RefundedAmount { get; set; }
        public DateTime? PaidDateUtc { get; set; }
        public bool Deleted { get; set; }
        public DateTime CreatedOnUtc { get; set; }
        public string CustomOrderNumber { get; set; }
        public int BillingAddressId { get; set; }
        public virtual int? RedeemedRewardPointsEntryId { get; set; }
    }

    public enum OrderStatus
    {
        Pending = 10,
        Processing = 20,
        Complete = 30,
        Cancelled = 40,
    }

    // Events are plain data carriers upstream too: the constructors only keep their arguments, so consumers can be
    // driven in tests (behaviour exception, see CONTRACT.md).
    public partial class OrderPlacedEvent
    {
        public OrderPlacedEvent(Order order) { Order = order; }
        public Order Order { get; }
    }

    public partial class OrderPaidEvent
    {
        public OrderPaidEvent(Order order) { Order = order; }
        public Order Order { get; }
    }

    public partial class OrderRefundedEvent
    {
        public OrderRefundedEvent(Order order, decimal amount) { Order = order; Amount = amount; }
        public Order Order { get; }
        public decimal Amount { get; }
    }

    public partial class OrderStatusChangedEvent
    {
        public OrderStatusChangedEvent(Order order, OrderStatus previousOrderStatus) { Order = order; PreviousOrderStatus = previousOrderStatus; }
        public Order Order { get; }
        public OrderStatus PreviousOrderStatus { get; set; }
    }

    public partial class OrderItem : BaseEntity
    {
        public int OrderId { get; set; }
        public int ProductId { get; set; }
        public int Quantity { get; set; }
        public decimal UnitPriceExclTax { get; set; }
        public decimal PriceExclTax { get; set; }
        public decimal DiscountAmountExclTax { get; set; }
    }

    public partial class ShoppingCartItem : BaseEntity
    {
        public int StoreId { get; set; }
        public int ShoppingCartTypeId { get; set; }
        public int CustomerId { get; set; }
        public int ProductId { get; set; }
        public int Quantity { get; set; }
        public DateTime CreatedOnUtc { get; set; }
        public DateTime UpdatedOnUtc { get; set; }
    }
}

namespace Nop.Core.Domain.Catalog
{
    public partial class Product : BaseEntity
    {
        public bool IsGiftCard { get; set; }
    }

    public partial class Category : BaseEntity
    {
        public string Name { get; set; }
    }

    public partial class ProductCategory : BaseEntity
    {
        public int ProductId { get; set; }
        public int CategoryId { get; set; }
    }

    public partial class ProductReviewApprovedEvent
    {
        public ProductReviewApprovedEvent(ProductReview productReview) { ProductReview = productReview; }
        public ProductReview ProductReview { get; }
    }

    public partial class ProductReview : BaseEntity
    {
        public int CustomerId { get; set; }
        public int ProductId { get; set; }
        public int StoreId { get; set; }
        public bool IsApproved { get; set; }
        public int Rating { get; set; }
        public DateTime CreatedOnUtc { get; set; }
    }
}

namespace Nop.Core.Domain.Cms
{
    public partial class WidgetSettings : Nop.Core.Configuration.ISettings
    {
        public List<string> ActiveWidgetSystemNames { get; set; }
    }
}

namespace Nop.Core.Domain.Messages
{
    public partial class MessageTemplate : BaseEntity, Nop.Core.Domain.Localization.ILocalizedEntity
    {
        public string Name { get; set; }
        public string Subject { get; set; }
        public string Body { get; set; }
        public bool IsActive { get; set; }
        public int EmailAccountId { get; set; }
        public bool LimitedToStores { get; set; }
    }

    public partial class EmailAccount : BaseEntity
    {
    }

    public partial class QueuedEmail : BaseEntity
    {
        public DateTime? DontSendBeforeDateUtc { get; set; }
    }

    public partial class EmailAccountSettings : Nop.Core.Configuration.ISettings
    {
        public int DefaultEmailAccountId { get; set; }
    }
}

namespace Nop.Core.Domain.ScheduleTasks
{
    public partial class ScheduleTask : BaseEntity
    {
        public string Name { get; set; }
        public int Seconds { get; set; }
        public string Type { get; set; }
        public bool Enabled { get; set; }
        public bool StopOnError { get; set; }
        public DateTime? LastEnabledUtc { get; set; }
    }
}

namespace Nop.Core.Domain.Discounts
{
    public partial class Discount : BaseEntity
    {
        public string Name { get; set; }
        public string AdminComment { get; set; }
        public int DiscountTypeId { get; set; }
        public bool UsePercentage { get; set; }
        public decimal DiscountPercentage { get; set; }
        public decimal DiscountAmount { get; set; }
        public DateTime? StartDateUtc { get; set; }
        public DateTime? EndDateUtc { get; set; }
        public bool RequiresCouponCode { get; set; }
        public string CouponCode { get; set; }
        public bool IsCumulative { get; set; }
        public int DiscountLimitationId { get; set; }
        public int LimitationTimes { get; set; }
        public bool IsActive { get; set; }
    }

    public enum DiscountType
    {
        AssignedToOrderTotal = 1,
        AssignedToSkus = 2,
        AssignedToCategories = 5,
        AssignedToManufacturers = 6,
        AssignedToShipping = 10,
        AssignedToOrderSubTotal = 20,
    }

    public enum DiscountLimitationType
    {
        Unlimited = 0,
        NTimesOnly = 15,
        NTimesPerCustomer = 25,
    }
}

namespace Nop.Core.Domain.Localization
{
    public partial interface ILocalizedEntity
    {
    }

    public partial class Language : BaseEntity
    {
        public string Name { get; set; }
        public string LanguageCulture { get; set; }
        public bool Published { get; set; }
    }
}
