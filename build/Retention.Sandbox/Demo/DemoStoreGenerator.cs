using System.Text;
using Retention.Core.Store;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Demo;

/// <summary>What to generate: the same settings always give the same store, row for row.</summary>
public sealed record DemoStoreSettings
{
    public const int DefaultSeed = 20240601;
    public const int DefaultCustomers = 20_000;

    public int Seed { get; init; } = DefaultSeed;

    /// <summary>The instant the store's history ends ("today" for the demo); UTC.</summary>
    public required DateTime AsOfUtc { get; init; }

    public int Customers { get; init; } = DefaultCustomers;

    /// <summary>How far back the first customers arrived.</summary>
    public int HistoryDays { get; init; } = 730;
}

/// <summary>
/// A deterministic, realistic demo store for one nopCommerce store (id 1): customers arrive over two years, buy again
/// following a BG/NBD-like process (Fader, Hardie &amp; Lee 2005: each customer has a gamma-distributed purchase
/// rate and a beta-distributed chance of dropping out after each purchase), spend lognormally around a personal
/// basket size, and leave open carts and reviews. Some orders are pending, cancelled or refunded, as in a real store.
/// </summary>
public static class DemoStoreGenerator
{
    public const int StoreId = 1;

    // Heterogeneity across customers: purchase rate λ ~ Gamma(r, 1/α) per day, dropout p ~ Beta(a, b).
    private const double RateShape = 0.75;
    private const double MeanPurchasesPerYear = 2.4;
    private const double DropoutA = 1.0;
    private const double DropoutB = 3.0;
    private const double BuyerShare = 0.9;

    private sealed class DraftOrder(OrderFact fact, List<OrderLineFact> lines)
    {
        public OrderFact Fact { get; } = fact;
        public List<OrderLineFact> Lines { get; } = lines;
    }

    public static StoreContent Generate(DemoStoreSettings settings)
    {
        var asOf = DateTime.SpecifyKind(settings.AsOfUtc, DateTimeKind.Utc);
        var start = asOf.AddDays(-settings.HistoryDays);
        var rng = new Sampling(settings.Seed);
        var content = new StoreContent();
        content.Products.AddRange(DemoCatalog.Products.Select(p => p.Product));
        content.Products.AddRange(DemoCatalog.GiftCards);

        var drafts = new List<DraftOrder>();
        var categories = DemoCatalog.Products.Select(p => p.Product.Category).Distinct().ToList();
        for (var id = 1; id <= settings.Customers; id++)
        {
            // Arrivals grow over time: density rises towards the as-of date.
            var arrived = Seconds(start.AddDays(settings.HistoryDays * Math.Pow(rng.Uniform(), 0.8)));
            var customer = NewCustomer(rng, id, arrived, asOf);
            content.Customers.Add(customer);
            if (customer.Email != null && MarketingConsent(settings.Seed, id))
                content.NewsletterSubscriptions.Add(new NewsletterSubscriptionRow { StoreId = StoreId, CustomerId = id, SubscribedUtc = arrived });

            var basket = rng.LogNormal(0, 0.45);
            var favourite = rng.Pick(categories);
            var alive = true;
            var orders = 0;
            var lastSeen = arrived;
            if (rng.Chance(BuyerShare))
            {
                var ratePerDay = rng.Gamma(RateShape, MeanPurchasesPerYear / 365.0 / RateShape);
                var dropout = rng.Beta(DropoutA, DropoutB);
                var at = Seconds(arrived.AddMinutes(rng.Uniform() * 90));
                while (at < asOf)
                {
                    drafts.Add(NewOrder(rng, customer.Id, at, asOf, basket, favourite));
                    orders++;
                    lastSeen = at;
                    if (rng.Chance(dropout))
                    {
                        alive = false;
                        break;
                    }
                    // A near-zero rate draws a gap of centuries: that customer simply never comes back.
                    var gapDays = rng.Exponential(ratePerDay);
                    if (gapDays >= (asOf - at).TotalDays)
                        break;
                    at = Seconds(at.AddDays(gapDays));
                }
            }

            // People who never bought leave carts most; lapsed buyers hardly come back to fill one.
            var cartChance = orders == 0 ? 0.3 : alive ? 0.07 : 0.02;
            if (rng.Chance(cartChance))
                lastSeen = Max(lastSeen, AddCart(rng, content, customer.Id, asOf, favourite));
            customer.LastActivityDateUtc = lastSeen;
        }

        // nopCommerce numbers orders in the order they were placed.
        var orderId = 0;
        var lineId = 0;
        foreach (var draft in drafts.OrderBy(d => d.Fact.CreatedOnUtc).ThenBy(d => d.Fact.CustomerId))
        {
            draft.Fact.Id = ++orderId;
            content.Orders.Add(draft.Fact);
            foreach (var line in draft.Lines)
            {
                line.Id = ++lineId;
                line.OrderId = orderId;
                content.OrderLines.Add(line);
            }
            AddReview(rng, content, draft, asOf);
        }
        return content;
    }

    /// <summary>Share of customers who agreed to marketing email (newsletter or GDPR consent) when they arrived.</summary>
    public const double MarketingConsentShare = 0.6;

    /// <summary>
    /// Whether the customer consented, drawn from a hash of seed and id instead of the generator's random stream, so adding
    /// consent changed no other row of the demo store.
    /// </summary>
    public static bool MarketingConsent(int seed, int customerId)
    {
        // SplitMix64's finaliser: a well-mixed, platform-independent 64-bit hash.
        var z = unchecked(((ulong)(uint)seed << 32 | (uint)customerId) + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53)) < MarketingConsentShare;
    }

    private static CustomerFact NewCustomer(Sampling rng, int id, DateTime arrived, DateTime asOf)
    {
        var first = rng.Pick(DemoCatalog.FirstNames);
        var last = rng.Pick(DemoCatalog.LastNames);
        DateTime? birth = rng.Chance(0.6)
            ? DateTime.SpecifyKind(asOf.Date.AddDays(-(18 * 365 + rng.Int(0, 57 * 365))), DateTimeKind.Utc)
            : null;
        return new CustomerFact
        {
            Id = id,
            CustomerGuid = rng.Guid(),
            FirstName = first,
            LastName = last,
            // A few customers checked out as guests and left no address.
            Email = rng.Chance(0.015) ? null : $"{Ascii(first)}.{Ascii(last)}{id}@example.com",
            DateOfBirth = birth,
            RegisteredInStoreId = StoreId,
            Active = !rng.Chance(0.02),
            Deleted = rng.Chance(0.005),
            CreatedOnUtc = arrived,
            LastActivityDateUtc = arrived,
        };
    }

    private static DraftOrder NewOrder(Sampling rng, int customerId, DateTime at, DateTime asOf, double basket, string favourite)
    {
        var lines = new List<OrderLineFact>();
        var lineCount = 1;
        while (lineCount < 6 && rng.Chance(Math.Min(0.8, 0.3 * basket)))
            lineCount++;
        var weights = WeightsFor(favourite);
        var chosen = new HashSet<int>();
        for (var i = 0; i < lineCount; i++)
        {
            var product = DemoCatalog.Products[rng.Weighted(weights)].Product;
            if (!chosen.Add(product.Id))
                continue;
            var quantity = 1 + (rng.Chance(Math.Min(0.6, 0.2 * basket)) ? 1 : 0) + (rng.Chance(0.05) ? 1 : 0);
            lines.Add(new OrderLineFact { ProductId = product.Id, Quantity = quantity, PriceExclTax = product.Price * quantity });
        }
        if (rng.Chance(0.03))
        {
            var card = rng.Pick(DemoCatalog.GiftCards);
            lines.Add(new OrderLineFact { ProductId = card.Id, Quantity = 1, PriceExclTax = card.Price, IsGiftCard = true });
        }

        var subtotal = lines.Sum(l => l.PriceExclTax);
        var discount = rng.Chance(0.12) ? Math.Round(subtotal * 0.10m, 2) : 0m;
        var shipping = subtotal - discount >= 49m ? 0m : 4.95m;
        var tax = Math.Round((subtotal - discount + shipping) * 0.08m, 2);
        var order = new OrderFact
        {
            OrderGuid = rng.Guid(),
            StoreId = StoreId,
            CustomerId = customerId,
            CreatedOnUtc = at,
            OrderSubtotalExclTax = subtotal,
            OrderSubTotalDiscountExclTax = discount,
            OrderShippingExclTax = shipping,
            OrderTax = tax,
            OrderTotal = subtotal - discount + shipping + tax,
        };
        SetStatus(rng, order, lines, asOf);
        return new DraftOrder(order, lines);
    }

    /// <summary>Fresh orders are still open; older ones are mostly complete, a few cancelled or refunded.</summary>
    private static void SetStatus(Sampling rng, OrderFact order, List<OrderLineFact> lines, DateTime asOf)
    {
        var ageDays = (asOf - order.CreatedOnUtc).TotalDays;
        var u = rng.Uniform();
        (OrderState state, PaymentState payment) = ageDays switch
        {
            < 1 => u < 0.5 ? (OrderState.Pending, PaymentState.Pending) : (OrderState.Processing, PaymentState.Paid),
            < 5 => u < 0.03 ? (OrderState.Cancelled, PaymentState.Voided)
                : u < 0.6 ? (OrderState.Processing, PaymentState.Paid) : (OrderState.Complete, PaymentState.Paid),
            _ => u < 0.035 ? (OrderState.Cancelled, PaymentState.Voided)
                : u < 0.055 ? (OrderState.Cancelled, PaymentState.Refunded)
                : u < 0.07 ? (OrderState.Complete, PaymentState.PartiallyRefunded)
                : (OrderState.Complete, PaymentState.Paid),
        };
        order.OrderStatusId = (int)state;
        order.PaymentStatusId = (int)payment;
        if (payment is PaymentState.Paid or PaymentState.Refunded or PaymentState.PartiallyRefunded)
            order.PaidDateUtc = Seconds(order.CreatedOnUtc.AddMinutes(1 + rng.Uniform() * 30));
        order.RefundedAmount = payment switch
        {
            PaymentState.Refunded => order.OrderTotal,
            PaymentState.PartiallyRefunded => Math.Min(order.OrderTotal, lines[0].PriceExclTax),
            _ => 0m,
        };
    }

    private static DateTime AddCart(Sampling rng, StoreContent content, int customerId, DateTime asOf, string favourite)
    {
        // One cart in ten is being filled right now; the rest sit idle for hours to weeks (abandoned).
        var updated = rng.Chance(0.1)
            ? Seconds(asOf.AddMinutes(-rng.Uniform() * 45))
            : Seconds(asOf.AddDays(-(1.0 / 24 + rng.Exponential(1.0 / 6))));
        var created = Seconds(updated.AddMinutes(-rng.Uniform() * 120));
        var weights = WeightsFor(favourite);
        var items = 1 + (rng.Chance(0.4) ? 1 : 0) + (rng.Chance(0.15) ? 1 : 0);
        var chosen = new HashSet<int>();
        for (var i = 0; i < items; i++)
        {
            var product = DemoCatalog.Products[rng.Weighted(weights)].Product;
            if (!chosen.Add(product.Id))
                continue;
            content.CartItems.Add(new CartItemFact
            {
                Id = content.CartItems.Count + 1,
                StoreId = StoreId,
                CustomerId = customerId,
                ProductId = product.Id,
                Quantity = rng.Chance(0.2) ? 2 : 1,
                CreatedOnUtc = created,
                UpdatedOnUtc = updated,
            });
        }
        return updated;
    }

    private static void AddReview(Sampling rng, StoreContent content, DraftOrder draft, DateTime asOf)
    {
        var order = draft.Fact;
        if (order.OrderStatusId != (int)OrderState.Complete || !rng.Chance(0.12))
            return;
        var written = Seconds(order.CreatedOnUtc.AddDays(5 + rng.Uniform() * 20));
        var line = draft.Lines.FirstOrDefault(l => !l.IsGiftCard);
        if (written >= asOf || line == null)
            return;
        var rating = 5 - rng.Weighted(new[] { 0.5, 0.25, 0.12, 0.06, 0.07 });
        content.ProductReviews.Add(new ProductReviewFact
        {
            Id = content.ProductReviews.Count + 1,
            StoreId = StoreId,
            CustomerId = order.CustomerId,
            ProductId = line.ProductId,
            Rating = rating,
            IsApproved = rng.Chance(0.9),
            CreatedOnUtc = written,
        });
    }

    private static readonly Dictionary<string, double[]> CategoryWeights = DemoCatalog.Products
        .Select(p => p.Product.Category).Distinct()
        .ToDictionary(c => c, c => DemoCatalog.Products.Select(p => p.Weight * (p.Product.Category == c ? 3 : 1)).ToArray());

    /// <summary>How likely each product is for a customer who prefers <paramref name="favourite"/>: three times the usual for that category.</summary>
    private static double[] WeightsFor(string favourite) => CategoryWeights[favourite];

    /// <summary>Times to the whole second: every database then stores exactly what was generated.</summary>
    private static DateTime Seconds(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    /// <summary>A name as it may appear in an email address: lower-case ASCII letters only.</summary>
    private static string Ascii(string name)
    {
        var result = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            var plain = c switch
            {
                'á' or 'à' or 'â' or 'ä' => 'a',
                'é' or 'è' or 'ê' or 'ë' => 'e',
                'í' or 'ì' or 'î' or 'ï' => 'i',
                'ó' or 'ò' or 'ô' or 'ö' => 'o',
                'ú' or 'ù' or 'û' or 'ü' => 'u',
                _ => c,
            };
            if (plain is >= 'a' and <= 'z')
                result.Append(plain);
        }
        return result.ToString();
    }
}
