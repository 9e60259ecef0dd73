// Stand-ins for the Nop.Core 4.90 members the plugin's workflows use (a separate file so additions from parallel work
// do not collide). Signatures only; see ../CONTRACT.md.

namespace Nop.Core.Domain.Seo
{
    public partial interface ISlugSupported
    {
    }
}

namespace Nop.Core.Domain.Catalog
{
    public partial class Product : Nop.Core.Domain.Seo.ISlugSupported
    {
        public string Name { get; set; }
        public bool Published { get; set; }
        public bool Deleted { get; set; }
        public bool VisibleIndividually { get; set; }
        public decimal Price { get; set; }
    }

    public partial class RelatedProduct : Nop.Core.BaseEntity
    {
        public int ProductId1 { get; set; }
        public int ProductId2 { get; set; }
        public int DisplayOrder { get; set; }
    }
}

namespace Nop.Core.Domain.Customers
{
    public partial class Customer
    {
        public string TimeZoneId { get; set; }
    }
}

namespace Nop.Core.Domain.Common
{
    public partial class GenericAttribute : Nop.Core.BaseEntity
    {
        public int EntityId { get; set; }
        public string KeyGroup { get; set; }
        public string Key { get; set; }
        public string Value { get; set; }
        public int StoreId { get; set; }
    }
}

namespace Nop.Core.Domain.Stores
{
    public partial class Store
    {
        public string Url { get; set; }
    }
}

namespace Nop.Core.Domain.Orders
{
    public partial class Order
    {
        public int ShippingStatusId { get; set; }
    }
}

namespace Nop.Core.Domain.Shipping
{
    public enum ShippingStatus
    {
        ShippingNotRequired = 10,
        NotYetShipped = 20,
        PartiallyShipped = 25,
        Shipped = 30,
        Delivered = 40,
    }

    public partial class Shipment : Nop.Core.BaseEntity
    {
        public int OrderId { get; set; }
        public DateTime? DeliveryDateUtc { get; set; }
    }

    // A plain data carrier upstream too (behaviour exception, see CONTRACT.md).
    public partial class ShipmentDeliveredEvent
    {
        public ShipmentDeliveredEvent(Shipment shipment) { Shipment = shipment; }
        public Shipment Shipment { get; }
    }
}

namespace Nop.Core.Domain.Messages
{
    public partial class NewsLetterSubscription : Nop.Core.BaseEntity
    {
        public string Email { get; set; }
        public bool Active { get; set; }
        public int StoreId { get; set; }
    }

    // Plain data carriers upstream too (behaviour exception, see CONTRACT.md).
    public partial class EmailSubscribedEvent
    {
        public EmailSubscribedEvent(NewsLetterSubscription subscription) { Subscription = subscription; }
        public NewsLetterSubscription Subscription { get; }
    }

    public partial class EmailUnsubscribedEvent
    {
        public EmailUnsubscribedEvent(NewsLetterSubscription subscription) { Subscription = subscription; }
        public NewsLetterSubscription Subscription { get; }
    }

    public partial class QueuedEmail
    {
        public string To { get; set; }
        public string Subject { get; set; }
        public DateTime CreatedOnUtc { get; set; }
    }
}

namespace Nop.Core.Domain.Discounts
{
    public partial class DiscountRequirement : Nop.Core.BaseEntity
    {
        public int DiscountId { get; set; }
        public string DiscountRequirementRuleSystemName { get; set; }
        public int? ParentId { get; set; }
        public int? InteractionTypeId { get; set; }
        public bool IsGroup { get; set; }
    }

    public enum RequirementGroupInteractionType
    {
        And = 0,
        Or = 2,
    }

    public partial class DiscountUsageHistory : Nop.Core.BaseEntity
    {
        public int DiscountId { get; set; }
        public int OrderId { get; set; }
    }
}

namespace Nop.Core.Domain.Media
{
    public partial class Picture : Nop.Core.BaseEntity
    {
    }

    public enum PictureType
    {
        Entity = 1,
        Avatar = 10,
    }
}

namespace Nop.Core.Events
{
    // Plain data carriers upstream too (behaviour exception, see CONTRACT.md).
    public partial class EntityInsertedEvent<T> where T : Nop.Core.BaseEntity
    {
        public EntityInsertedEvent(T entity) { Entity = entity; }
        public T Entity { get; }
    }

    public partial class EntityUpdatedEvent<T> where T : Nop.Core.BaseEntity
    {
        public EntityUpdatedEvent(T entity) { Entity = entity; }
        public T Entity { get; }
    }

    public partial class EntityDeletedEvent<T> where T : Nop.Core.BaseEntity
    {
        public EntityDeletedEvent(T entity) { Entity = entity; }
        public T Entity { get; }
    }
}
