namespace Retention.Core.Store;

// Read models of the store's own data. They are plain classes with settable properties because each host
// builds them inside an IQueryable projection (linq2db under nopCommerce, EF Core in the sandbox), which is
// what lets a Core query run as SQL in either database. Money is in the store's primary currency; times are UTC.

/// <summary>Order status, with nopCommerce's numeric values.</summary>
public enum OrderState
{
    Pending = 10,
    Processing = 20,
    Complete = 30,
    Cancelled = 40,
}

/// <summary>Payment status, with nopCommerce's numeric values.</summary>
public enum PaymentState
{
    Pending = 10,
    Authorized = 20,
    Paid = 30,
    PartiallyRefunded = 35,
    Refunded = 40,
    Voided = 50,
}

/// <summary>One order as the engine sees it.</summary>
public sealed class OrderFact
{
    public int Id { get; set; }
    public Guid OrderGuid { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public DateTime CreatedOnUtc { get; set; }
    public DateTime? PaidDateUtc { get; set; }
    /// <summary><see cref="OrderState"/> as stored; an int so the projection stays translatable everywhere.</summary>
    public int OrderStatusId { get; set; }
    public int PaymentStatusId { get; set; }
    public decimal OrderSubtotalExclTax { get; set; }
    public decimal OrderSubTotalDiscountExclTax { get; set; }
    public decimal OrderShippingExclTax { get; set; }
    public decimal OrderTax { get; set; }
    public decimal OrderDiscount { get; set; }
    public decimal OrderTotal { get; set; }
    public decimal RefundedAmount { get; set; }
}

/// <summary>One order line.</summary>
public sealed class OrderLineFact
{
    public int Id { get; set; }
    public int OrderId { get; set; }
    public int ProductId { get; set; }
    public int Quantity { get; set; }
    public decimal PriceExclTax { get; set; }
    public decimal DiscountAmountExclTax { get; set; }
    public bool IsGiftCard { get; set; }
}

/// <summary>One customer.</summary>
public sealed class CustomerFact
{
    public int Id { get; set; }
    public Guid CustomerGuid { get; set; }
    public string? Email { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public DateTime? DateOfBirth { get; set; }
    public int RegisteredInStoreId { get; set; }
    public bool Active { get; set; }
    public bool Deleted { get; set; }
    public DateTime CreatedOnUtc { get; set; }
    public DateTime LastActivityDateUtc { get; set; }
}

/// <summary>One shopping-cart line (wishlists are left out by the hosts).</summary>
public sealed class CartItemFact
{
    public int Id { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public int ProductId { get; set; }
    public int Quantity { get; set; }
    public DateTime CreatedOnUtc { get; set; }
    public DateTime UpdatedOnUtc { get; set; }
}

/// <summary>One product review.</summary>
public sealed class ProductReviewFact
{
    public int Id { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public int ProductId { get; set; }
    public int Rating { get; set; }
    public bool IsApproved { get; set; }
    public DateTime CreatedOnUtc { get; set; }
}
