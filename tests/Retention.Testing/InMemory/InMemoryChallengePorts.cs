using System.Collections.Concurrent;
using Retention.Core.Challenges;
using Retention.Core.Common;

namespace Retention.Testing.InMemory;

/// <summary>Challenge settings per store in memory, checked against a known set of categories, with a store time zone.</summary>
public sealed class InMemoryChallengeSettingsStore : IChallengeSettingsStore
{
    private readonly ConcurrentDictionary<int, ChallengeSettings> _settings = new();

    public HashSet<int> Categories { get; } = new();
    public TimeZoneInfo Zone { get; set; } = TimeZoneInfo.Utc;

    public Task<ChallengeSettings> LoadAsync(StoreId store, CancellationToken cancellationToken = default) =>
        Task.FromResult(_settings.GetValueOrDefault(store.Value) ?? new ChallengeSettings());

    public Task<ValidationResult> SaveAsync(StoreId store, ChallengeSettings settings, CancellationToken cancellationToken = default)
    {
        var result = settings.Validate(Categories);
        if (result.IsValid) _settings[store.Value] = settings;
        return Task.FromResult(result);
    }

    public Task<TimeZoneInfo> TimeZoneAsync(StoreId store, CancellationToken cancellationToken = default) => Task.FromResult(Zone);
}

/// <summary>A product-category mapping in memory, with the referrals and survey answers of in-memory tables.</summary>
public sealed class InMemoryChallengeFacts(InMemoryTables tables) : IChallengeFacts
{
    public List<ProductCategoryFact> List { get; } = new();

    public IQueryable<ProductCategoryFact> ProductCategories => List.AsQueryable();
    public IQueryable<Retention.Core.Tables.ReferralRow> Referrals => tables.Table<Retention.Core.Tables.ReferralRow>().Rows;
    public IQueryable<Retention.Core.Tables.SurveyAnswerRow> SurveyAnswers => tables.Table<Retention.Core.Tables.SurveyAnswerRow>().Rows;

    public void Map(int product, params int[] categories) =>
        List.AddRange(categories.Select(c => new ProductCategoryFact { ProductId = product, CategoryId = c }));
}
