using Retention.Core.Analytics;
using Retention.Core.Common;
using Retention.Core.Metrics;
using Retention.Core.Store;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Testing.Contracts;

namespace Retention.Sandbox.Tests.Metrics;

/// <summary>Core's RFM query must translate on each provider and agree with <see cref="RfmScoring"/> in memory.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfRfmQueryTests(DatabaseProvider provider)
{
    private static readonly DateTime AsOf = OrderHistory.Utc(2026, 3, 1);
    private TestDatabase? _db;

    [OneTimeSetUp]
    public async Task OpenAsync() => _db = await TestDatabase.CreateAsync(provider);

    [OneTimeTearDown]
    public async Task CloseAsync() => await (_db?.DisposeAsync() ?? ValueTask.CompletedTask);

    [Test]
    public async Task Segments_and_segment_customers_in_sql_match_rfm_scoring_in_memory()
    {
        var seed = RandomStore(31, 250);
        await _db!.ClearAsync();
        await _db.SeedAsync(seed);
        await using var db = _db.Database.CreateContext();
        var query = new RfmQuery(new EfStoreData(db), new EfQueryRunner());

        foreach (var scope in new[] { new CountedOrders(AsOf, null), new CountedOrders(AsOf, 2) })
        {
            var reference = RfmScoring.Score(seed.Orders.Where(scope.Includes).GroupBy(o => o.CustomerId).Select(g => new RfmCustomer(
                new CustomerId(g.Key),
                DateOnly.FromDateTime(scope.AsOfUtc).DayNumber - DateOnly.FromDateTime(g.Max(o => o.CreatedOnUtc)).DayNumber,
                g.Count(),
                g.Sum(o => o.OrderTotal))));

            Assert.That(await query.SegmentsAsync(scope), Is.EqualTo(reference.Segments), scope.ToString());
            var atRisk = await query.CustomersAsync(scope, RfmSegment.AtRisk);
            Assert.That(atRisk, Is.EqualTo(reference.Customers.Where(c => c.Segment == RfmSegment.AtRisk).OrderBy(c => c.Customer.Value)), scope.ToString());
        }
    }

    private static StoreSeed RandomStore(int seed, int customers)
    {
        var random = new Random(seed);
        var history = new OrderHistory();
        for (var customer = 1; customer <= customers; customer++)
        {
            var at = OrderHistory.Utc(2024, 3, 1).AddMinutes(random.Next(0, 700 * 24 * 60));
            for (var k = random.Next(0, 7); k > 0; k--)
            {
                history.Order(customer, at, 5m + random.Next(0, 40) * 2.5m, random.NextDouble() < 0.1 ? OrderState.Cancelled : OrderState.Complete, 1 + random.Next(0, 2));
                at = at.AddMinutes(random.Next(0, 120 * 24 * 60));
            }
        }
        return history.ToSeed();
    }
}
