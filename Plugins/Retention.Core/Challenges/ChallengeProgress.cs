using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Tables;

namespace Retention.Core.Challenges;

/// <summary>One product in one category (nopCommerce's product-category mapping).</summary>
public sealed class ProductCategoryFact
{
    public int ProductId { get; set; }
    public int CategoryId { get; set; }
}

/// <summary>
/// What the challenges count beyond <see cref="IStoreData"/>: the store's category mapping, and the engine's referrals and
/// survey answers. The host serves them on the same connection (context) as its <see cref="IStoreData"/>, since one query
/// joins them with the orders.
/// </summary>
public interface IChallengeFacts
{
    IQueryable<ProductCategoryFact> ProductCategories { get; }
    IQueryable<ReferralRow> Referrals { get; }
    IQueryable<SurveyAnswerRow> SurveyAnswers { get; }
}

/// <summary>What progress is counted from.</summary>
public sealed record ChallengeSources(IStoreData Store, IChallengeFacts Facts);

/// <summary>One customer's count (or spend) toward a challenge.</summary>
public sealed class ChallengeScore
{
    public int CustomerId { get; set; }
    public decimal Value { get; set; }
}

/// <summary>
/// A challenge's progress, counted in the database from the store's data each time it is asked (nothing is stored but
/// what is keyed): only inside the window, and only orders that count — paid, not cancelled, not refunded in full or
/// voided, worth their total less what was refunded. Reviews count when approved, whatever their rating.
/// </summary>
public sealed class ChallengeProgress(ChallengeSources sources, IQueryRunner runner)
{
    /// <summary>The customers' scores; a customer with nothing counted has 0.</summary>
    public async Task<IReadOnlyDictionary<int, decimal>> ScoresAsync(StoreId store, ChallengeDefinition challenge, DateTime startUtc, DateTime endUtc,
        IReadOnlyCollection<int> customers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var scores = customers.Distinct().ToDictionary(c => c, _ => 0m);
        if (scores.Count == 0) return scores;
        foreach (var chunk in scores.Keys.Chunk(TableQueries.ChunkSize))
        {
            var ids = chunk.ToList();
            var query = Query(store.Value, challenge, startUtc, endUtc, ids);
            var rows = await runner.ToListAsync(query, cancellationToken);
            foreach (var group in rows.GroupBy(r => r.CustomerId))
                scores[group.Key] = group.Sum(r => r.Value);
        }
        return scores;
    }

    /// <summary>One customer's score.</summary>
    public async Task<decimal> ScoreAsync(StoreId store, ChallengeDefinition challenge, DateTime startUtc, DateTime endUtc, CustomerId customer,
        CancellationToken cancellationToken = default) =>
        (await ScoresAsync(store, challenge, startUtc, endUtc, [customer.Value], cancellationToken))[customer.Value];

    /// <summary>
    /// The query of <see cref="ScoresAsync"/>: rows of (customer, value) whose sum per customer is the score. Spend comes
    /// back per order (summed in memory: the order's few rows, since SQLite cannot sum decimals); counts come grouped.
    /// </summary>
    public IQueryable<ChallengeScore> Query(int storeId, ChallengeDefinition challenge, DateTime startUtc, DateTime endUtc, List<int>? customers)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var store = sources.Store;
        var all = customers is null;
        customers ??= [];
        var counted = CountedOrders(store, storeId, startUtc, endUtc);
        switch (challenge.Goal)
        {
            case ChallengeGoal.Orders:
                return counted.Where(o => (all || customers.Contains(o.CustomerId))).GroupBy(o => o.CustomerId)
                    .Select(g => new ChallengeScore { CustomerId = g.Key, Value = g.Count() });
            case ChallengeGoal.Spend:
                return counted.Where(o => (all || customers.Contains(o.CustomerId)))
                    .Select(o => new ChallengeScore { CustomerId = o.CustomerId, Value = o.OrderTotal - o.RefundedAmount });
            case ChallengeGoal.Categories:
            {
                var categories = challenge.CategoryIds.Distinct().ToList();
                var any = categories.Count == 0;
                var bought =
                    from o in counted
                    where (all || customers.Contains(o.CustomerId))
                    join l in store.OrderLines on o.Id equals l.OrderId
                    join pc in sources.Facts.ProductCategories on l.ProductId equals pc.ProductId
                    where any || categories.Contains(pc.CategoryId)
                    select new { o.CustomerId, pc.CategoryId };
                return bought.Distinct().GroupBy(x => x.CustomerId).Select(g => new ChallengeScore { CustomerId = g.Key, Value = g.Count() });
            }
            case ChallengeGoal.Reviews:
                return store.ProductReviews
                    .Where(r => r.StoreId == storeId && r.IsApproved && r.CreatedOnUtc >= startUtc && r.CreatedOnUtc < endUtc && (all || customers.Contains(r.CustomerId)))
                    .GroupBy(r => r.CustomerId).Select(g => new ChallengeScore { CustomerId = g.Key, Value = g.Count() });
            case ChallengeGoal.Referrals:
                return sources.Facts.Referrals
                    .Where(r => r.StoreId == storeId && (all || customers.Contains(r.ReferrerCustomerId)) && counted.Any(o => o.CustomerId == r.ReferredCustomerId))
                    .GroupBy(r => r.ReferrerCustomerId).Select(g => new ChallengeScore { CustomerId = g.Key, Value = g.Count() });
            case ChallengeGoal.Surveys:
                return sources.Facts.SurveyAnswers
                    .Where(a => a.StoreId == storeId && a.AnsweredUtc >= startUtc && a.AnsweredUtc < endUtc && (all || customers.Contains(a.CustomerId)))
                    .GroupBy(a => a.CustomerId).Select(g => new ChallengeScore { CustomerId = g.Key, Value = g.Count() });
            default:
                throw new ArgumentOutOfRangeException(nameof(challenge), challenge.Goal, "Unknown challenge goal.");
        }
    }

    /// <summary>The customers with anything counted toward the challenge: its participants.</summary>
    public IQueryable<int> Participants(int storeId, ChallengeDefinition challenge, DateTime startUtc, DateTime endUtc) =>
        Query(storeId, challenge, startUtc, endUtc, null).Where(s => s.Value > 0).Select(s => s.CustomerId).Distinct();

    /// <summary>How many of a categories challenge's categories the customer will have bought once <paramref name="productIds"/> are bought too.</summary>
    public async Task<decimal> CategoriesWithAsync(StoreId store, ChallengeDefinition challenge, DateTime startUtc, DateTime endUtc, CustomerId customer,
        IReadOnlyCollection<int> productIds, CancellationToken cancellationToken = default)
    {
        var (storeId, customerId) = (store.Value, customer.Value);
        var categories = challenge.CategoryIds.Distinct().ToList();
        var any = categories.Count == 0;
        var products = productIds.Distinct().ToList();
        var bought = await runner.ToListAsync((
            from o in CountedOrders(sources.Store, storeId, startUtc, endUtc)
            where o.CustomerId == customerId
            join l in sources.Store.OrderLines on o.Id equals l.OrderId
            join pc in sources.Facts.ProductCategories on l.ProductId equals pc.ProductId
            where any || categories.Contains(pc.CategoryId)
            select pc.CategoryId).Distinct(), cancellationToken);
        var inCart = await runner.ToListAsync(sources.Facts.ProductCategories
            .Where(pc => products.Contains(pc.ProductId) && (any || categories.Contains(pc.CategoryId))).Select(pc => pc.CategoryId).Distinct(), cancellationToken);
        return bought.Union(inCart).Count();
    }

    /// <summary>The store's orders that count for challenges, paid inside [start, end).</summary>
    public static IQueryable<OrderFact> CountedOrders(IStoreData store, int storeId, DateTime startUtc, DateTime endUtc) =>
        store.Orders.Where(o => o.StoreId == storeId && o.PaidDateUtc != null && o.PaidDateUtc >= startUtc && o.PaidDateUtc < endUtc
                                && o.OrderStatusId != (int)OrderState.Cancelled
                                && o.PaymentStatusId != (int)PaymentState.Refunded && o.PaymentStatusId != (int)PaymentState.Voided);
}
