using Retention.Core.Challenges;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Testing.Contracts;
using Retention.Testing.InMemory;

namespace Retention.Sandbox.Tests.Contracts;

// Core's challenge store over the sandbox's EF Core table, on SQLite and PostgreSQL.

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfChallengeStoreContract(DatabaseProvider provider) : ChallengeStoreContract
{
    protected override async Task<ChallengeStore> CreateAsync() =>
        SandboxChallengeStores.Records(await ContractDatabases.ClearedAsync(provider), new TestClock(new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc)));
}

/// <summary>Core's challenge progress over the sandbox's tables: the catalog's category names mapped to ids in SQL, referrals and survey answers.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfChallengeProgressContract(DatabaseProvider provider) : ChallengeProgressContract
{
    private readonly HeldContext _context = new();

    protected override async Task<ChallengeProgress> CreateWithAsync(StoreSeed store, ChallengeSeed challenges)
    {
        var database = await ContractDatabases.SeededAsync(provider, store);
        await using (var seed = database.CreateContext())
        {
            // The sandbox's catalog names one category per product; the demo's numbering gives it its id.
            seed.Products.AddRange(challenges.ProductCategories.Select(m => new Retention.Sandbox.Data.ProductRow
            {
                Id = m.ProductId, Name = $"Product {m.ProductId}", Category = Retention.Sandbox.Demo.DemoLoyalty.CategoryIds.Single(c => c.Value == m.CategoryId).Key,
                Price = 10m,
            }));
            seed.Referrals.AddRange(challenges.Referrals);
            seed.SurveyAnswers.AddRange(challenges.SurveyAnswers);
            await seed.SaveChangesAsync();
        }
        var db = _context.Open(database);
        return new ChallengeProgress(new ChallengeSources(new EfStoreData(db), new EfChallengeFacts(db)), new EfQueryRunner());
    }

    protected override Task<int> CountAsync(ChallengeProgress progress, IQueryable<int> query) => new EfQueryRunner().CountAsync(query);

    protected override Task ReleaseAsync() => _context.DisposeAsync().AsTask();
}
