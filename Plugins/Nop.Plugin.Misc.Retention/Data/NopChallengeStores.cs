using System.Text.Json;
using Nop.Core.Configuration;
using Nop.Core.Domain.Catalog;
using Nop.Services.Helpers;
using Nop.Data;
using Nop.Services.Configuration;
using Retention.Core.Challenges;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Tables;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>
/// Core's <see cref="ChallengeSettings"/> as nopCommerce stores settings: two switches and the challenge list as one JSON
/// string (a setting value is one string), per store with the all-stores values underneath.
/// </summary>
public class RetentionChallengeSettings : ISettings
{
    public bool Enabled { get; set; }
    public bool BadgesEnabled { get; set; } = true;
    /// <summary>JSON array of Core's <see cref="ChallengeDefinition"/>.</summary>
    public string ChallengesJson { get; set; } = "[]";

    public ChallengeSettings ToChallengeSettings() => new()
    {
        Enabled = Enabled,
        BadgesEnabled = BadgesEnabled,
        Challenges = JsonSerializer.Deserialize<List<ChallengeDefinition>>(string.IsNullOrWhiteSpace(ChallengesJson) ? "[]" : ChallengesJson) ?? [],
    };

    public static RetentionChallengeSettings From(ChallengeSettings settings) => new()
    {
        Enabled = settings.Enabled,
        BadgesEnabled = settings.BadgesEnabled,
        ChallengesJson = JsonSerializer.Serialize(settings.Challenges),
    };
}

/// <summary>
/// The challenge settings over nopCommerce's settings, checked against the store's categories, with the store's time
/// zone (nopCommerce's <see cref="DateTimeSettings.DefaultStoreTimeZoneId"/>; UTC when it names no zone this server knows).
/// </summary>
public class NopChallengeSettingsStore : IChallengeSettingsStore
{
    private readonly ISettingService _settings;
    private readonly IRepository<Category> _categories;
    private readonly IQueryRunner _runner;

    public NopChallengeSettingsStore(ISettingService settings, IRepository<Category> categories, IQueryRunner runner)
    {
        _settings = settings;
        _categories = categories;
        _runner = runner;
    }

    public async Task<ChallengeSettings> LoadAsync(StoreId store, CancellationToken cancellationToken = default) =>
        (await _settings.LoadSettingAsync<RetentionChallengeSettings>(store.Value)).ToChallengeSettings();

    public async Task<ValidationResult> SaveAsync(StoreId store, ChallengeSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var named = settings.Challenges.SelectMany(c => c.CategoryIds).Distinct().ToList();
        var known = (await _runner.ToListAsync(_categories.Table.Where(c => named.Contains(c.Id)).Select(c => c.Id), cancellationToken)).ToHashSet();
        var result = settings.Validate(known);
        if (!result.IsValid)
            return result;
        await _settings.SaveSettingAsync(RetentionChallengeSettings.From(settings), store.Value);
        await _settings.ClearCacheAsync();
        return result;
    }

    public async Task<TimeZoneInfo> TimeZoneAsync(StoreId store, CancellationToken cancellationToken = default)
    {
        var id = (await _settings.LoadSettingAsync<DateTimeSettings>(store.Value)).DefaultStoreTimeZoneId;
        if (string.IsNullOrWhiteSpace(id))
            return TimeZoneInfo.Utc;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
    }
}

/// <summary>
/// What the challenges count beyond the store's facts: nopCommerce's product-category mapping, and the plugin's referral
/// and survey-answer tables, all on nopCommerce's data connection so Core's progress query joins them with the orders.
/// </summary>
public class NopChallengeFacts : IChallengeFacts
{
    private readonly IRepository<ProductCategory> _productCategories;
    private readonly ITable<ReferralRow> _referrals;
    private readonly ITable<SurveyAnswerRow> _answers;

    public NopChallengeFacts(IRepository<ProductCategory> productCategories, ITable<ReferralRow> referrals, ITable<SurveyAnswerRow> answers)
    {
        _productCategories = productCategories;
        _referrals = referrals;
        _answers = answers;
    }

    public IQueryable<ProductCategoryFact> ProductCategories =>
        _productCategories.Table.Select(pc => new ProductCategoryFact { ProductId = pc.ProductId, CategoryId = pc.CategoryId });

    public IQueryable<ReferralRow> Referrals => _referrals.Rows;
    public IQueryable<SurveyAnswerRow> SurveyAnswers => _answers.Rows;
}
