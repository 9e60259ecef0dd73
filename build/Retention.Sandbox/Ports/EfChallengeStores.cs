using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Challenges;
using Retention.Core.Common;
using Retention.Core.Tables;
using Retention.Sandbox.Data;
using Retention.Sandbox.Demo;

namespace Retention.Sandbox.Ports;

/// <summary>
/// Challenge settings per store in the <c>ChallengeSettings</c> table, as JSON (store 0: all stores), checked against the
/// simulated store's categories. The sandbox's store keeps UTC as its time zone, so a challenge's days are UTC days.
/// </summary>
public sealed class EfChallengeSettingsStore(SandboxDatabase database) : IChallengeSettingsStore
{
    private readonly ConcurrentDictionary<int, (ChallengeSettings Settings, long LoadedAt)> _cache = new();

    /// <summary>The simulated store's category ids (the demo catalog's categories, numbered as nopCommerce would).</summary>
    public static IReadOnlySet<int> Categories { get; } = DemoLoyalty.CategoryIds.Values.ToHashSet();

    public async Task<ChallengeSettings> LoadAsync(StoreId store, CancellationToken cancellationToken = default)
    {
        if (_cache.TryGetValue(store.Value, out var hit) && Stopwatch.GetElapsedTime(hit.LoadedAt) < EfLoyaltySettingsStore.Fresh)
            return hit.Settings;
        var loadedAt = Stopwatch.GetTimestamp();
        var settings = await JsonSettingsRows.LoadAsync<ChallengeSettingsRow>(database, store.Value, cancellationToken) is { } row
            ? JsonSerializer.Deserialize<ChallengeSettings>(row.Json) ?? new ChallengeSettings()
            : new ChallengeSettings();
        _cache[store.Value] = (settings, loadedAt);
        return settings;
    }

    public async Task<ValidationResult> SaveAsync(StoreId store, ChallengeSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var result = settings.Validate(Categories);
        if (!result.IsValid)
            return result;
        await JsonSettingsRows.SaveAsync<ChallengeSettingsRow>(database, store.Value, JsonSerializer.Serialize(settings), cancellationToken);
        _cache.Clear();
        return result;
    }

    public Task<TimeZoneInfo> TimeZoneAsync(StoreId store, CancellationToken cancellationToken = default) => Task.FromResult(TimeZoneInfo.Utc);
}

/// <summary>
/// What the challenges count beyond the store's facts, on the request's context (one query joins them with the orders): the
/// product-category mapping made from each product's category name, the referrals and the survey answers.
/// </summary>
public sealed class EfChallengeFacts(SandboxDbContext db) : IChallengeFacts
{
    // p => new ProductCategoryFact { ProductId = p.Id, CategoryId = p.Category == "Coffee" ? 1 : p.Category == "Tea" ? 2 : … : 0 },
    // so the mapping is SQL like a nopCommerce mapping table would be.
    private static readonly Expression<Func<ProductRow, ProductCategoryFact>> Mapping = BuildMapping();

    public IQueryable<ProductCategoryFact> ProductCategories => db.Products.AsNoTracking().Select(Mapping).Where(m => m.CategoryId != 0);
    public IQueryable<ReferralRow> Referrals => db.Referrals.AsNoTracking();
    public IQueryable<SurveyAnswerRow> SurveyAnswers => db.SurveyAnswers.AsNoTracking();

    private static Expression<Func<ProductRow, ProductCategoryFact>> BuildMapping()
    {
        var product = Expression.Parameter(typeof(ProductRow), "p");
        var category = Expression.Property(product, nameof(ProductRow.Category));
        Expression id = Expression.Constant(0);
        foreach (var (name, value) in DemoLoyalty.CategoryIds.Reverse())
            id = Expression.Condition(Expression.Equal(category, Expression.Constant(name)), Expression.Constant(value), id);
        var body = Expression.MemberInit(Expression.New(typeof(ProductCategoryFact)),
            Expression.Bind(typeof(ProductCategoryFact).GetProperty(nameof(ProductCategoryFact.ProductId))!, Expression.Property(product, nameof(ProductRow.Id))),
            Expression.Bind(typeof(ProductCategoryFact).GetProperty(nameof(ProductCategoryFact.CategoryId))!, id));
        return Expression.Lambda<Func<ProductRow, ProductCategoryFact>>(body, product);
    }
}

/// <summary>Core's challenge store over the sandbox database.</summary>
public static class SandboxChallengeStores
{
    public static ChallengeStore Records(SandboxDatabase database, IClock clock) => new(new EfTable<ChallengeRecordRow>(database), new EfQueryRunner(), clock);
}
