using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Workflows;
using Retention.Core.Workflows.Content;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;

namespace Retention.Sandbox.Workflows;

/// <summary>The sandbox's workflow emails: Core's content over the sandbox's facts (<see cref="SandboxEmailFacts"/>).</summary>
/// <param name="baseAddress">The sandbox's own address (<c>http://127.0.0.1:5089</c>), asked when a message is rendered (port 0 is only known then).</param>
/// <param name="loyalty">The loyalty program for the points tokens; null when the host runs none.</param>
public sealed class SandboxWorkflowContent(SandboxDatabase database, Func<string> baseAddress, LoyaltyViews? loyalty = null,
    ILoyaltySettingsStore? loyaltySettings = null, Retention.Core.Cashback.CashbackProgram? cashback = null,
    Retention.Core.Membership.MembershipProgram? membership = null, Retention.Core.Stamps.StampProgram? stamps = null,
    Retention.Core.Challenges.ChallengeNotices? challenges = null)
    : WorkflowEmailContent(new SandboxEmailFacts(database, baseAddress), loyalty, loyaltySettings, cashback, membership, stamps, challenges);

/// <summary>
/// The sandbox's store as email facts: cart lines, the orders' unreviewed products, also-purchased products and best
/// sellers, read for a whole batch in one query each (per 1,000 ids); only a cross-sell's "also purchased" products are
/// read per message. Product pages are <c>/shop/product/{id}</c>, pictures the ones <see cref="ProductImages"/> draws.
/// </summary>
public sealed class SandboxEmailFacts(SandboxDatabase database, Func<string> baseAddress) : IEmailFacts
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public async Task<IReadOnlyList<EmailFacts>> ReadAsync(IReadOnlyList<StepMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var root = baseAddress().TrimEnd('/');
        await using var db = database.CreateContext();
        var needs = messages.Select(m => EmailContentRules.Needs(m.Enrollment.Workflow)).ToList();
        var enrollments = messages.Select(m => m.Enrollment).ToList();
        var carts = await CartsAsync(db, enrollments.Where((_, i) => needs[i] == EmailNeed.Cart), cancellationToken);
        var unreviewed = await UnreviewedAsync(db, enrollments.Where((_, i) => needs[i] == EmailNeed.UnreviewedProducts), cancellationToken);
        var shown = new List<IReadOnlyList<int>>(messages.Count);
        foreach (var (message, need) in messages.Zip(needs))
            shown.Add(need switch
            {
                EmailNeed.RelatedProducts => await AlsoPurchasedAsync(db, message.Enrollment, cancellationToken),
                EmailNeed.ReorderedProduct => TriggerRules.ReplenishedProductOf(message.Enrollment.Subject) is { } product ? [product] : [],
                EmailNeed.BestSellers => await BestSellersAsync(db, message.Enrollment, cancellationToken),
                _ => [],
            });
        var products = await ProductsAsync(db, shown.SelectMany(s => s).ToList(), cancellationToken);

        var facts = new List<EmailFacts>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var e = enrollments[i];
            facts.Add(needs[i] switch
            {
                EmailNeed.Cart => new EmailFacts(root, carts.GetValueOrDefault((e.Store.Value, e.Customer.Value)) is { } lines
                    ? lines.Select(l => new EmailLine(Product(root, l.Product), l.Quantity, Money(l.Product.Price * l.Quantity))).ToList()
                    : [], []),
                EmailNeed.UnreviewedProducts => new EmailFacts(root, [], TriggerRules.OrderOf(e.Subject) is { } order
                    && unreviewed.GetValueOrDefault((e.Store.Value, e.Customer.Value, order)) is { } list
                        ? list.Select(p => Product(root, p) with { Path = $"/shop/product/{p.Id.ToString(Inv)}#review" }).ToList()
                        : []),
                _ => new EmailFacts(root, [], shown[i].Where(products.ContainsKey).Select(id => Product(root, products[id])).ToList()),
            });
        }
        return facts;
    }

    public Task<string> FormatMoneyAsync(StepMessage message, decimal amount, CancellationToken cancellationToken = default) => Task.FromResult(Money(amount));

    // The demo's customers read English: the sandbox keeps no language per customer (its ?lang switch is the viewer's).
    public Task<EmailReader> ReaderAsync(StepMessage message, CancellationToken cancellationToken = default) => Task.FromResult(EmailReader.English);

    private static EmailProduct Product(string root, ProductRow p) =>
        new(p.Id, p.Name, $"/shop/product/{p.Id.ToString(Inv)}", root + ProductImages.PathOf(p.Id), Money(p.Price), p.IsGiftCard);

    private sealed record CartLine(int StoreId, int CustomerId, ProductRow Product, int Quantity, DateTime CreatedOnUtc);

    /// <summary>The carts of the batch's customers now (not when enrolled), per store one query per 1,000 customers, in the cart page's order.</summary>
    private static async Task<Dictionary<(int Store, int Customer), List<CartLine>>> CartsAsync(SandboxDbContext db, IEnumerable<Enrollment> enrollments,
        CancellationToken cancellationToken)
    {
        var lines = new List<CartLine>();
        foreach (var store in enrollments.GroupBy(e => e.Store.Value))
        foreach (var ids in IdChunks.Of(store.Select(e => e.Customer.Value)))
            lines.AddRange(await db.CartItems.AsNoTracking()
                .Where(c => c.StoreId == store.Key && ids.Contains(c.CustomerId))
                .Join(db.Products, c => c.ProductId, p => p.Id, (c, p) => new CartLine(c.StoreId, c.CustomerId, p, c.Quantity, c.CreatedOnUtc))
                .ToListAsync(cancellationToken));
        return lines.GroupBy(l => (l.StoreId, l.CustomerId))
            .ToDictionary(g => g.Key, g => g.OrderBy(l => l.CreatedOnUtc).ThenBy(l => l.Product.Id).ToList());
    }

    /// <summary>The orders' products (gift cards excluded) each customer has not reviewed in the store: the orders' lines in one query, the reviews in another (per 1,000 ids).</summary>
    private static async Task<Dictionary<(int Store, int Customer, int Order), List<ProductRow>>> UnreviewedAsync(SandboxDbContext db,
        IEnumerable<Enrollment> enrollments, CancellationToken cancellationToken)
    {
        var asked = enrollments.Select(e => (Enrollment: e, Order: TriggerRules.OrderOf(e.Subject))).Where(a => a.Order != null).ToList();
        var lines = new List<(int OrderId, ProductRow Product)>();
        foreach (var ids in IdChunks.Of(asked.Select(a => a.Order!.Value)))
            lines.AddRange((await db.OrderLines.AsNoTracking()
                    .Where(l => ids.Contains(l.OrderId) && !l.IsGiftCard)
                    .Join(db.Products, l => l.ProductId, p => p.Id, (l, p) => new { l.OrderId, Product = p })
                    .ToListAsync(cancellationToken))
                .Select(l => (l.OrderId, l.Product)));
        var productIds = lines.Select(l => l.Product.Id).Distinct().ToList();
        var reviewed = new HashSet<(int Store, int Customer, int Product)>();
        foreach (var store in asked.GroupBy(a => a.Enrollment.Store.Value))
        foreach (var ids in IdChunks.Of(store.Select(a => a.Enrollment.Customer.Value)))
            reviewed.UnionWith((await db.ProductReviews.AsNoTracking()
                    .Where(r => r.StoreId == store.Key && ids.Contains(r.CustomerId) && productIds.Contains(r.ProductId))
                    .Select(r => new { r.CustomerId, r.ProductId })
                    .ToListAsync(cancellationToken))
                .Select(r => (store.Key, r.CustomerId, r.ProductId)));
        var byOrder = lines.ToLookup(l => l.OrderId, l => l.Product);
        var found = new Dictionary<(int, int, int), List<ProductRow>>();
        foreach (var (e, order) in asked)
            found[(e.Store.Value, e.Customer.Value, order!.Value)] = byOrder[order.Value]
                .Where(p => !reviewed.Contains((e.Store.Value, e.Customer.Value, p.Id))).DistinctBy(p => p.Id).OrderBy(p => p.Id).ToList();
        return found;
    }

    /// <summary>Products bought together with the order's products by other customers ("also purchased"), best first.</summary>
    private static async Task<IReadOnlyList<int>> AlsoPurchasedAsync(SandboxDbContext db, Enrollment enrollment, CancellationToken cancellationToken)
    {
        if (TriggerRules.OrderOf(enrollment.Subject) is not { } orderId)
            return [];
        var bought = db.OrderLines.Where(l => l.OrderId == orderId).Select(l => l.ProductId);
        var together = db.OrderLines.Where(l => bought.Contains(l.ProductId)).Select(l => l.OrderId);
        return await db.OrderLines.AsNoTracking()
            .Where(l => together.Contains(l.OrderId) && !bought.Contains(l.ProductId) && !l.IsGiftCard)
            .GroupBy(l => l.ProductId)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
            .Select(g => g.Key)
            .Take(EmailContentRules.ProductsShown)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Best sellers per (database, store, day): an aggregate over three months of orders, the same for every email of the day.</summary>
    private static readonly ConcurrentDictionary<(string Database, int Store, DateTime Day), IReadOnlyList<int>> BestSellers = new();

    /// <summary>The store's best sellers of the 90 days before the enrollment's day, for emails without an order of their own.</summary>
    private async Task<IReadOnlyList<int>> BestSellersAsync(SandboxDbContext db, Enrollment enrollment, CancellationToken cancellationToken)
    {
        var key = (Database: database.ConnectionString, Store: enrollment.Store.Value, Day: enrollment.EnrolledUtc.Date);
        if (BestSellers.TryGetValue(key, out var cached))
            return cached;
        if (BestSellers.Count > 100)
            BestSellers.Clear();
        return BestSellers[key] = await QueryBestSellersAsync(db, key.Store, key.Day, cancellationToken);
    }

    private static async Task<IReadOnlyList<int>> QueryBestSellersAsync(SandboxDbContext db, int store, DateTime day, CancellationToken cancellationToken)
    {
        var since = day.AddDays(-90);
        var recent = db.Orders.Where(o => o.StoreId == store && o.CreatedOnUtc >= since && o.CreatedOnUtc < day.AddDays(1)).Select(o => o.Id);
        return await db.OrderLines.AsNoTracking()
            .Where(l => recent.Contains(l.OrderId) && !l.IsGiftCard)
            .GroupBy(l => l.ProductId)
            .OrderByDescending(g => g.Sum(l => l.Quantity)).ThenBy(g => g.Key)
            .Select(g => g.Key)
            .Take(EmailContentRules.ProductsShown)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The products by id, one query per 1,000 ids.</summary>
    private static async Task<Dictionary<int, ProductRow>> ProductsAsync(SandboxDbContext db, IReadOnlyCollection<int> productIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<int, ProductRow>();
        foreach (var ids in IdChunks.Of(productIds.Distinct()))
            foreach (var p in await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(cancellationToken))
                found[p.Id] = p;
        return found;
    }

    private static string Money(decimal amount) => "$" + amount.ToString("0.00", Inv);
}
