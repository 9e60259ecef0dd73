using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Testing.Contracts;
using Retention.Testing.InMemory;

namespace Retention.Sandbox.Tests.Workflows;

/// <summary>
/// The trigger queries (abandoned carts, win-back, birthdays, the Nth order, the store's median gap) must translate on each
/// provider and enroll exactly whom the same program enrolls over the same rows in memory.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfTriggerQueriesTests(DatabaseProvider provider)
{
    // A non-leap 28 February, so the birthday scan also has 29 February to find.
    private static readonly DateTime Now = new(2027, 2, 28, 10, 0, 0, DateTimeKind.Utc);
    private static readonly StoreId Store1 = new(1);
    private TestDatabase? _db;

    [OneTimeSetUp]
    public async Task OpenAsync() => _db = await TestDatabase.CreateAsync(provider);

    [OneTimeTearDown]
    public async Task CloseAsync() => await (_db?.DisposeAsync() ?? ValueTask.CompletedTask);

    private sealed record Run(WorkflowParts Workflows, InMemoryWorkflowStores Stores, SettableClock Clock);

    private static async Task<Run> ProgramAsync(IStoreData data, IQueryRunner runner)
    {
        var settings = new InMemoryWorkflowSettingsStore(Store1);
        var enabled = new[] { WorkflowKind.AbandonedCart, WorkflowKind.WinBack, WorkflowKind.Birthday, WorkflowKind.NpsSurvey };
        var workflows = WorkflowCatalog.Defaults().Workflows
            .Select(w => w with { Enabled = enabled.Contains(w.Kind), ControlGroupPercent = 0m, ReentryDays = w.Kind == WorkflowKind.AbandonedCart ? 0 : w.ReentryDays })
            .ToList();
        Assert.That((await settings.SaveAsync(Store1, WorkflowCatalog.Defaults() with { Workflows = workflows })).IsValid, Is.True);
        var (stores, clock) = (new InMemoryWorkflowStores(), new SettableClock(Now));
        return new Run(CoreWorkflowProgram.Create(data, runner, clock, settings: settings, stores: stores), stores, clock);
    }

    private static StoreSeed Scenario()
    {
        var random = new Random(17);
        var seed = new StoreSeed();
        for (var id = 1; id <= 120; id++)
        {
            DateTime? birth = (id % 6) switch
            {
                0 => new DateTime(1980 + id % 20, 2, 28, 0, 0, 0, DateTimeKind.Utc),
                1 => new DateTime(2000, 2, 29, 0, 0, 0, DateTimeKind.Utc),
                2 => new DateTime(1990, 3, 1, 0, 0, 0, DateTimeKind.Utc),
                3 => new DateTime(1990, 2, 27, 0, 0, 0, DateTimeKind.Utc),
                4 => new DateTime(1975, 7, 14, 0, 0, 0, DateTimeKind.Utc),
                _ => null,
            };
            seed.Customers.Add(new CustomerFact
            {
                Id = id, CustomerGuid = Guid.NewGuid(), Email = id % 9 == 0 ? null : $"c{id}@example.com", DateOfBirth = birth,
                RegisteredInStoreId = id % 10 == 0 ? 2 : 1, Active = true, Deleted = id % 23 == 0, CreatedOnUtc = Now.AddYears(-3),
                LastActivityDateUtc = Now,
            });
            // Carts idle from a few minutes to several days, some with an older first line.
            if (id % 2 == 0)
            {
                var updated = Now.AddMinutes(-random.Next(5, 6 * 24 * 60));
                seed.CartItems.Add(new CartItemFact { Id = seed.CartItems.Count + 1, StoreId = 1, CustomerId = id, ProductId = 1, Quantity = 1,
                    CreatedOnUtc = updated.AddDays(-random.Next(0, 10)), UpdatedOnUtc = updated });
                if (id % 4 == 0)
                    seed.CartItems.Add(new CartItemFact { Id = seed.CartItems.Count + 1, StoreId = 1, CustomerId = id, ProductId = 2, Quantity = 2,
                        CreatedOnUtc = updated.AddHours(-1), UpdatedOnUtc = updated.AddMinutes(-random.Next(0, 120)) });
            }
            // Order histories from one-time buyers to regulars, some long gone, some cancelled.
            var at = Now.AddDays(-random.Next(2, 900));
            for (var k = random.Next(0, 5); k > 0 && at < Now; k--)
            {
                seed.Orders.Add(new OrderFact
                {
                    Id = seed.Orders.Count + 1, OrderGuid = Guid.NewGuid(), StoreId = id % 7 == 0 ? 2 : 1, CustomerId = id, CreatedOnUtc = at,
                    OrderStatusId = random.NextDouble() < 0.1 ? (int)OrderState.Cancelled : (int)OrderState.Complete, PaymentStatusId = (int)PaymentState.Paid,
                    OrderTotal = 20m, OrderSubtotalExclTax = 20m,
                });
                at = at.AddDays(random.Next(1, 120));
            }
        }
        return seed;
    }

    private static async Task<List<string>> EnrollAllAsync(Run run, StoreSeed seed)
    {
        foreach (var order in seed.Orders.Where(o => o.StoreId == 1).OrderBy(o => o.Id).Take(40))
            await run.Workflows.Program.OrderPlacedAsync(new PlacedOrder(order, [], []));
        for (var i = 0; i < 6; i++)
        {
            await run.Workflows.Run.RunAsync(batchSize: 7);
            run.Clock.UtcNow += TimeSpan.FromMinutes(10);
        }
        return run.Stores.AllEnrollments
            .Select(e => $"{e.Workflow} {e.Customer} {e.Subject} {e.AnchorUtc:O}")
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    [Test]
    public async Task Scans_and_order_triggers_in_sql_enroll_whom_they_enroll_in_memory()
    {
        var seed = Scenario();
        await _db!.ClearAsync();
        await _db.SeedAsync(seed);
        var memory = new InMemoryStoreData();
        memory.CustomerList.AddRange(seed.Customers);
        memory.OrderList.AddRange(seed.Orders);
        memory.CartItemList.AddRange(seed.CartItems);

        await using var db = _db.Database.CreateContext();
        var expected = await EnrollAllAsync(await ProgramAsync(memory, new InMemoryQueryRunner()), seed);
        var actual = await EnrollAllAsync(await ProgramAsync(new EfStoreData(db), new EfQueryRunner()), seed);

        Assert.That(expected.Select(e => e.Split(' ')[0]).Distinct(), Is.EquivalentTo(new[] { "AbandonedCart", "WinBack", "Birthday", "NpsSurvey" }),
            "the scenario reaches every scan");
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public async Task Dormancy_defaults_in_sql_match_memory()
    {
        var seed = Scenario();
        await _db!.ClearAsync();
        await _db.SeedAsync(seed);
        var memory = new InMemoryStoreData();
        memory.OrderList.AddRange(seed.Orders);
        await using var db = _db.Database.CreateContext();

        var expected = await (await ProgramAsync(memory, new InMemoryQueryRunner())).Workflows.Scans.DormancyDefaultsAsync(Store1);
        var actual = await (await ProgramAsync(new EfStoreData(db), new EfQueryRunner())).Workflows.Scans.DormancyDefaultsAsync(Store1);

        Assert.That(expected.StoreMedianDays, Is.Not.Null);
        Assert.That(actual.StoreMedianDays, Is.EqualTo(expected.StoreMedianDays).Within(1e-6));
        Assert.That(actual.OneTimeBuyerDays, Is.EqualTo(expected.OneTimeBuyerDays));
    }
}
