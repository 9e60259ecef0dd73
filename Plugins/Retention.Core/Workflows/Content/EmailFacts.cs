// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
namespace Retention.Core.Workflows.Content;

/// <summary>
/// What a host knows and the engine does not, for the emails of a due batch: its store's address, the customer's cart,
/// the order's unreviewed products, the products to suggest, and how the customer reads an amount of money. Facts only:
/// which tokens they make, in what markup, and when there is nothing to say is <see cref="WorkflowEmailContent"/>'s.
/// </summary>
public interface IEmailFacts
{
    /// <summary>
    /// The facts of each message, in the same order; each message's <see cref="EmailContentRules.Needs"/> says which lists
    /// to fill. Everything is read for the message's own store and customer, never the store serving the current request.
    /// A host reads a batch's carts and products in one query each where it can.
    /// </summary>
    Task<IReadOnlyList<EmailFacts>> ReadAsync(IReadOnlyList<StepMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>An amount of the store's primary currency as the message's customer reads it (<c>$25.00</c>).</summary>
    Task<string> FormatMoneyAsync(StepMessage message, decimal amount, CancellationToken cancellationToken = default);

    /// <summary>
    /// The message's customer's language: its culture and the host's texts of Core's email sentences in it (the language
    /// the host sends the customer's template in). A host without languages answers <see cref="EmailReader.English"/>.
    /// </summary>
    Task<EmailReader> ReaderAsync(StepMessage message, CancellationToken cancellationToken = default);
}

/// <summary>What an email needs from the host, by workflow (<see cref="EmailContentRules.Needs"/>).</summary>
public enum EmailNeed
{
    /// <summary>Nothing beyond the store's address.</summary>
    None,

    /// <summary>The customer's cart now, in the order the cart page shows it.</summary>
    Cart,

    /// <summary>The products of the subject's order the customer has not reviewed in the store, with their review pages.</summary>
    UnreviewedProducts,

    /// <summary>Products that go with the subject's order (related ones first, then what others bought with them), none of the order's own.</summary>
    RelatedProducts,

    /// <summary>The product the replenishment subject names.</summary>
    ReorderedProduct,

    /// <summary>The store's best sellers, for emails without an order of their own (welcome, win-back, birthday).</summary>
    BestSellers,
}

/// <summary>One email's facts.</summary>
/// <param name="StoreUrl">The message's store's absolute address without a trailing slash; every link and picture is under it.</param>
/// <param name="Cart">The cart's lines (<see cref="EmailNeed.Cart"/>); a line whose product is gone (deleted) has none.</param>
/// <param name="Products">The unreviewed products, or the products to suggest best first, as <see cref="EmailContentRules.Needs"/> asked.</param>
/// <param name="Missing">Why the host has nothing at all for this message (the customer no longer exists); null normally.</param>
public sealed record EmailFacts(string StoreUrl, IReadOnlyList<EmailLine> Cart, IReadOnlyList<EmailProduct> Products, string? Missing = null)
{
    /// <summary>Facts with no cart and no products, for emails that need neither.</summary>
    public static EmailFacts Of(string storeUrl) => new(storeUrl, [], []);
}

/// <summary>A cart line.</summary>
/// <param name="Product">Null when the product no longer exists.</param>
/// <param name="Price">The line's total (quantity and discounts included), formatted for the customer.</param>
public sealed record EmailLine(EmailProduct? Product, int Quantity, string Price);

/// <summary>A product as an email shows it.</summary>
/// <param name="Path">The page a link leads to, relative to the store (<c>/tea-cups</c>); for an unreviewed product, its review page.</param>
/// <param name="PictureUrl">An absolute URL of its picture; null when it has none.</param>
/// <param name="Price">Its price, formatted for the customer.</param>
/// <param name="Listed">Published and visible on its own: a product the store would show in a list.</param>
public sealed record EmailProduct(int Id, string Name, string Path, string? PictureUrl, string Price, bool IsGiftCard = false, bool Listed = true);
