using Nop.Plugin.Misc.Retention.Services;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>
/// The store's facts as Core reads them: projections of nopCommerce's tables, composed into SQL by linq2db.
/// Soft-deleted orders and wishlist lines are left out here so no Core query has to remember them.
/// </summary>
public class NopStoreData : IStoreData
{
    private const int ShoppingCartTypeId = 1;

    private readonly IRepository<Order> _orders;
    private readonly IRepository<OrderItem> _orderItems;
    private readonly IRepository<Product> _products;
    private readonly IRepository<Customer> _customers;
    private readonly IRepository<ShoppingCartItem> _cartItems;
    private readonly IRepository<ProductReview> _reviews;

    public NopStoreData(IRepository<Order> orders, IRepository<OrderItem> orderItems, IRepository<Product> products,
        IRepository<Customer> customers, IRepository<ShoppingCartItem> cartItems, IRepository<ProductReview> reviews)
    {
        _orders = orders;
        _orderItems = orderItems;
        _products = products;
        _customers = customers;
        _cartItems = cartItems;
        _reviews = reviews;
    }

    public IQueryable<OrderFact> Orders =>
        from o in _orders.Table
        where !o.Deleted
        select new OrderFact
        {
            Id = o.Id,
            OrderGuid = o.OrderGuid,
            StoreId = o.StoreId,
            CustomerId = o.CustomerId,
            CreatedOnUtc = o.CreatedOnUtc,
            PaidDateUtc = o.PaidDateUtc,
            OrderStatusId = o.OrderStatusId,
            PaymentStatusId = o.PaymentStatusId,
            OrderSubtotalExclTax = o.OrderSubtotalExclTax,
            OrderSubTotalDiscountExclTax = o.OrderSubTotalDiscountExclTax,
            OrderShippingExclTax = o.OrderShippingExclTax,
            OrderTax = o.OrderTax,
            OrderDiscount = o.OrderDiscount,
            OrderTotal = o.OrderTotal,
            RefundedAmount = o.RefundedAmount,
        };

    public IQueryable<OrderLineFact> OrderLines =>
        from i in _orderItems.Table
        join o in _orders.Table on i.OrderId equals o.Id
        join p in _products.Table on i.ProductId equals p.Id
        where !o.Deleted
        select new OrderLineFact
        {
            Id = i.Id,
            OrderId = i.OrderId,
            ProductId = i.ProductId,
            Quantity = i.Quantity,
            PriceExclTax = i.PriceExclTax,
            DiscountAmountExclTax = i.DiscountAmountExclTax,
            IsGiftCard = p.IsGiftCard,
        };

    public IQueryable<CustomerFact> Customers =>
        from c in _customers.Table
        select new CustomerFact
        {
            Id = c.Id,
            CustomerGuid = c.CustomerGuid,
            Email = c.Email,
            FirstName = c.FirstName,
            LastName = c.LastName,
            DateOfBirth = c.DateOfBirth,
            RegisteredInStoreId = c.RegisteredInStoreId,
            Active = c.Active,
            Deleted = c.Deleted,
            CreatedOnUtc = c.CreatedOnUtc,
            LastActivityDateUtc = c.LastActivityDateUtc,
        };

    public IQueryable<CartItemFact> CartItems =>
        from s in _cartItems.Table
        where s.ShoppingCartTypeId == ShoppingCartTypeId
        select new CartItemFact
        {
            Id = s.Id,
            StoreId = s.StoreId,
            CustomerId = s.CustomerId,
            ProductId = s.ProductId,
            Quantity = s.Quantity,
            CreatedOnUtc = s.CreatedOnUtc,
            UpdatedOnUtc = s.UpdatedOnUtc,
        };

    public IQueryable<ProductReviewFact> ProductReviews =>
        from r in _reviews.Table
        select new ProductReviewFact
        {
            Id = r.Id,
            StoreId = r.StoreId,
            CustomerId = r.CustomerId,
            ProductId = r.ProductId,
            Rating = r.Rating,
            IsApproved = r.IsApproved,
            CreatedOnUtc = r.CreatedOnUtc,
        };
}

/// <summary>Runs Core's queries with Nop.Data's async operators (linq2db underneath).</summary>
public class NopQueryRunner : IQueryRunner
{
    public Task<List<T>> ToListAsync<T>(IQueryable<T> query, CancellationToken cancellationToken = default) =>
        AsyncIQueryableExtensions.ToListAsync(query);

    public Task<int> CountAsync<T>(IQueryable<T> query, CancellationToken cancellationToken = default) =>
        AsyncIQueryableExtensions.CountAsync(query);
}
