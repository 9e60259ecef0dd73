using Nop.Data.Testing;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.DataTests.Infrastructure;
using Nop.Plugin.Misc.Retention.Domain;
using Retention.Core.Challenges;
using Retention.Testing.Contracts;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.DataTests.Contracts;

// Core's challenge store over the plugin's table (RetentionChallengeRecord, made by its migration) on the real data layer.

[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealChallengeStoreContract(DatabaseKind kind) : ChallengeStoreContract
{
    private readonly PluginDatabaseLease _db = new(kind);

    protected override Task<ChallengeStore> CreateAsync() => _db.OpenAsync(db =>
        new ChallengeStore(new NopTable<ChallengeRecordRow, RetentionChallengeRecord>(db.Repository<RetentionChallengeRecord>(), Adapters.Runner), Adapters.Runner,
            new TestClock(Adapters.Now)));

    protected override Task ReleaseAsync() => _db.ReleaseAsync();
}

/// <summary>Core's challenge progress over nopCommerce's tables (orders, items, reviews, product categories) and the plugin's referrals and survey answers.</summary>
[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealChallengeProgressContract(DatabaseKind kind) : ChallengeProgressContract
{
    private readonly PluginDatabaseLease _db = new(kind);

    protected override Task<ChallengeProgress> CreateWithAsync(StoreSeed store, ChallengeSeed challenges) => _db.OpenAsync(async db =>
    {
        var handle = await StoreTables.SeedAsync(db, store);
        await db.Database.SeedAsync(challenges.ProductCategories.Select((m, i) => new Nop.Core.Domain.Catalog.ProductCategory { Id = i + 1, ProductId = m.ProductId, CategoryId = m.CategoryId }));
        var referrals = new NopTable<global::Retention.Core.Tables.ReferralRow, RetentionReferral>(db.Repository<RetentionReferral>(), Adapters.Runner);
        foreach (var r in challenges.Referrals)
            await referrals.TryInsertAsync(r, x => x.StoreReferredKey == r.StoreReferredKey);
        var answers = new NopTable<global::Retention.Core.Tables.SurveyAnswerRow, RetentionSurveyAnswer>(db.Repository<RetentionSurveyAnswer>(), Adapters.Runner);
        foreach (var a in challenges.SurveyAnswers)
            await answers.TryInsertAsync(a, x => x.AnswerKey == a.AnswerKey);
        return new ChallengeProgress(new ChallengeSources(handle.Data, new NopChallengeFacts(db.Repository<Nop.Core.Domain.Catalog.ProductCategory>(), referrals, answers)),
            Adapters.Runner);
    });

    protected override Task<int> CountAsync(ChallengeProgress progress, IQueryable<int> query) => Adapters.Runner.CountAsync(query);

    protected override Task ReleaseAsync() => _db.ReleaseAsync();
}
