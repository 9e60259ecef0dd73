using Retention.Core.Store;

namespace Retention.Sandbox.Data;

/// <summary>A whole simulated store, built in memory (by the demo generator or the CSV import) and then bulk-loaded.</summary>
public sealed class StoreContent
{
    public List<ProductRow> Products { get; } = new();
    public List<CustomerFact> Customers { get; } = new();
    public List<OrderFact> Orders { get; } = new();
    public List<OrderLineFact> OrderLines { get; } = new();
    public List<CartItemFact> CartItems { get; } = new();
    public List<ProductReviewFact> ProductReviews { get; } = new();
    public List<NewsletterSubscriptionRow> NewsletterSubscriptions { get; } = new();

    /// <summary>Every row, table by table, in an order that satisfies any reader (customers before their orders).</summary>
    public IEnumerable<(Type Entity, System.Collections.IList Rows)> Tables()
    {
        yield return (typeof(ProductRow), Products);
        yield return (typeof(CustomerFact), Customers);
        yield return (typeof(OrderFact), Orders);
        yield return (typeof(OrderLineFact), OrderLines);
        yield return (typeof(CartItemFact), CartItems);
        yield return (typeof(ProductReviewFact), ProductReviews);
        yield return (typeof(NewsletterSubscriptionRow), NewsletterSubscriptions);
    }
}
