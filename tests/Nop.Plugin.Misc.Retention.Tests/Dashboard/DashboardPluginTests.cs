using Nop.Plugin.Misc.Retention.Factories;
using Nop.Services.Messages;
using Nop.Services.Customers;
using Nop.Core.Domain.Customers;
using Retention.Core.Metrics;
using Retention.Core.Analytics;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewComponents;
using Nop.Core;
using Nop.Core.Domain.Stores;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Components;
using Nop.Plugin.Misc.Retention.Controllers;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Plugin.Misc.Retention.Tests.Services;
using Nop.Services.Security;
using Nop.Services.Stores;
using Retention.Core.Common;
using Retention.Core.Dashboard;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Testing.Builders;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Dashboard;

/// <summary>The scheduled task that stores dashboard snapshots, the widget that reads them, and the report controller.</summary>
public class DashboardPluginTests
{
    private static readonly DateTime Now = new(2026, 6, 15, 3, 0, 0, DateTimeKind.Utc);

    private sealed class FixedClock(DateTime now) : IClock
    {
        public DateTime UtcNow => now;
    }

    private sealed class Ledger : ILedgerData
    {
        public List<LedgerEntryFact> List { get; } = new();
        public IQueryable<LedgerEntryFact> Entries => List.AsQueryable();
    }

    private static Mock<IStoreService> Stores(params int[] ids)
    {
        var stores = new Mock<IStoreService>();
        stores.Setup(s => s.GetAllStoresAsync()).ReturnsAsync(ids.Select(id => new Store { Id = id, Name = $"Store {id}" }).ToList());
        return stores;
    }

    internal static (RefreshMetricsTask Task, List<RetentionMetricsSnapshot> Snapshots) Task(ILedgerData ledger = null, ILoyaltySettingsStore loyalty = null, params int[] storeIds) =>
        Task(gaps: null, ledger, loyalty, storeIds);

    /// <param name="gaps">The median query the task is given; <c>null</c>: Core's portable one over the same data
    /// (the plugin's own needs linq2db to run).</param>
    internal static (RefreshMetricsTask Task, List<RetentionMetricsSnapshot> Snapshots) Task(IPurchaseGapQuery gaps, ILedgerData ledger = null, ILoyaltySettingsStore loyalty = null, params int[] storeIds)
    {
        var data = new InMemoryStoreData();
        data.CustomerList.AddRange(new[] { Build.Customer(1), Build.Customer(2) });
        data.OrderList.AddRange(new[]
        {
            Build.Order(1, 1, Now.AddDays(-40), 30m),
            Build.Order(2, 1, Now.AddDays(-10), 50m),
            Build.Order(3, 2, Now.AddDays(-5), 20m, store: 2),
            Build.Order(4, 2, Now.AddDays(-3), 99m, OrderState.Cancelled),
        });
        var (repository, rows) = FakeRepository.Create<RetentionMetricsSnapshot>(s => s.IdempotencyKey);
        var task = new RefreshMetricsTask(Stores(storeIds.Length == 0 ? new[] { 1 } : storeIds).Object, data, new InMemoryQueryRunner(), new FixedClock(Now),
            new InMemoryDistributedLock(), new InMemoryOptionsStore(), repository.Object,
            ledger is null ? Array.Empty<ILedgerData>() : new[] { ledger },
            loyalty is null ? Array.Empty<ILoyaltySettingsStore>() : new[] { loyalty },
            gaps ?? new LinqPurchaseGapQuery(data, new InMemoryQueryRunner()));
        return (task, rows);
    }

    internal static double? Kpi(RetentionMetricsSnapshot stored, string key) =>
        DashboardSnapshot.FromJson(stored.MetricsJson).Periods[0].Kpis.Single(k => k.Key == key).Value;

    [Test]
    public async Task Each_store_gets_one_dated_dashboard_snapshot_of_its_own_orders()
    {
        var (task, snapshots) = Task(storeIds: new[] { 1, 2 });

        await task.ExecuteAsync();

        Assert.That(snapshots.Select(s => s.StoreId), Is.EquivalentTo(new[] { 1, 2 }));
        var store1 = snapshots.Single(s => s.StoreId == 1);
        Assert.That(store1.AsOfUtc, Is.EqualTo(new DateTime(2026, 6, 15, 0, 0, 0, DateTimeKind.Utc)));
        Assert.That(store1.IdempotencyKey, Is.EqualTo("metrics:1:2026-06-15"));
        var dashboard = DashboardSnapshot.FromJson(store1.MetricsJson);
        Assert.That(dashboard.StoreId, Is.EqualTo(1));
        Assert.That(dashboard.DefaultPeriodDays, Is.EqualTo(30), "the store's own period setting");
        Assert.That(Kpi(store1, "customers"), Is.EqualTo(1), "the cancelled order and store 2's order are not store 1's");
        Assert.That(Kpi(store1, "rpr"), Is.EqualTo(1.0));
        Assert.That(Kpi(store1, "aov"), Is.EqualTo(40.0));
        Assert.That(Kpi(store1, "pointsLiability"), Is.Null, "no ledger registered");
    }

    [Test]
    public async Task Running_again_the_same_day_adds_no_second_snapshot()
    {
        var (task, snapshots) = Task();

        await task.ExecuteAsync();
        await task.ExecuteAsync();

        Assert.That(snapshots, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task With_a_ledger_the_liability_tile_is_the_active_points_at_the_stores_point_value()
    {
        var ledger = new Ledger();
        ledger.List.Add(new LedgerEntryFact { StoreId = 1, CustomerId = 1, Points = 250, CreatedUtc = Now.AddDays(-20), ActivatesUtc = Now.AddDays(-20) });
        var loyalty = new Mock<ILoyaltySettingsStore>();
        loyalty.Setup(l => l.LoadAsync(new StoreId(1), It.IsAny<CancellationToken>())).ReturnsAsync(new LoyaltySettings { CurrencyPerPoint = 0.02m });
        var (task, snapshots) = Task(ledger, loyalty.Object);

        await task.ExecuteAsync();

        Assert.That(Kpi(snapshots.Single(), "pointsLiability"), Is.EqualTo(5.0).Within(1e-9));
    }

    private static Mock<IRepository<RetentionMetricsSnapshot>> Stored(params RetentionMetricsSnapshot[] rows)
    {
        var repository = new Mock<IRepository<RetentionMetricsSnapshot>>();
        repository.Setup(r => r.Table).Returns(rows.AsQueryable());
        return repository;
    }

    private static string ServedToday(string json) => DashboardSnapshot.FromJson(json)!.ServedOn(new FixedClock(Now)).ToJson();

    private static RetentionMetricsSnapshot Row(int store, DateTime asOf, string json) => new() { StoreId = store, AsOfUtc = asOf, MetricsJson = json, IdempotencyKey = $"metrics:{store}:{asOf:yyyy-MM-dd}" };

    private static async Task<string> BuiltJsonAsync(int store, DateOnly asOf)
    {
        var data = new InMemoryStoreData();
        data.OrderList.Add(Build.Order(1, 1, asOf.ToDateTime(TimeOnly.MinValue).AddDays(-3), 10m, store: store));
        var snapshot = await new DashboardBuilder(data, new InMemoryQueryRunner(), null, new FixedClock(Now)).BuildAsync(new DashboardRequest(new StoreId(store), asOf));
        return snapshot.ToJson();
    }

    [Test]
    public async Task The_widget_model_holds_the_newest_snapshot_of_the_store_and_passes_over_an_older_shape()
    {
        var older = await BuiltJsonAsync(1, new DateOnly(2026, 6, 13));
        var newest = await BuiltJsonAsync(1, new DateOnly(2026, 6, 14));
        var otherStore = await BuiltJsonAsync(2, new DateOnly(2026, 6, 15));
        var repository = Stored(Row(1, Now.Date.AddDays(-2), older), Row(1, Now.Date.AddDays(-1), newest), Row(2, Now.Date, otherStore));

        var model = await new DashboardModelFactory(repository.Object, new InMemoryQueryRunner(), Stores(1, 2).Object, new FixedClock(Now)).PrepareModelAsync(1, "widget");

        Assert.That((DashboardSnapshot.FromJson(model.SnapshotJson)! with { StoreToday = null }).ToJson(), Is.EqualTo(newest));
        Assert.That(model.StoresJson, Is.EqualTo("[{\"id\":1,\"name\":\"Store 1\"},{\"id\":2,\"name\":\"Store 2\"}]"));

        var legacy = Stored(Row(1, Now.Date, "{\"Customers\":3,\"Orders\":4}"));
        var empty = await new DashboardModelFactory(legacy.Object, new InMemoryQueryRunner(), Stores(1).Object).PrepareModelAsync(1, "widget");
        Assert.That(empty.HasSnapshot, Is.False, "a snapshot stored before the dashboard's shape shows the empty state until the task runs");
    }

    [Test]
    public async Task A_snapshot_served_after_its_day_carries_the_stores_day_so_the_widget_can_say_it_is_old()
    {
        var yesterday = await BuiltJsonAsync(1, new DateOnly(2026, 6, 14));
        var factory = new DashboardModelFactory(Stored(Row(1, Now.Date.AddDays(-1), yesterday)).Object, new InMemoryQueryRunner(), Stores(1).Object, new FixedClock(Now));

        var served = DashboardSnapshot.FromJson(await factory.LatestJsonAsync(1))!;

        Assert.That((served.AsOf, served.StoreToday), Is.EqualTo((new DateOnly(2026, 6, 14), (DateOnly?)new DateOnly(2026, 6, 15))));
    }

    [Test]
    public async Task The_widget_renders_nothing_for_an_admin_without_the_retention_permission()
    {
        var permissions = new Mock<IPermissionService>();
        permissions.Setup(p => p.AuthorizeAsync(RetentionDefaults.Permissions.Manage)).ReturnsAsync(false);
        var repository = Stored();
        var component = new RetentionDashboardViewComponent(permissions.Object, new DashboardModelFactory(repository.Object, new InMemoryQueryRunner(), Stores(1).Object), Mock.Of<IStoreContext>());

        var result = await component.InvokeAsync("admin_dashboard_top", null);

        Assert.That(((ContentViewComponentResult)result).Content, Is.Empty);
        repository.Verify(r => r.Table, Times.Never);
    }

    private static RetentionReportController Controller(params RetentionMetricsSnapshot[] rows) => Controller(new InMemoryStoreData(), rows);

    private static RetentionReportController Controller(InMemoryStoreData data, params RetentionMetricsSnapshot[] rows) =>
        new(new DashboardModelFactory(Stored(rows).Object, new InMemoryQueryRunner(), Stores(1, 2).Object, new FixedClock(Now)), new InMemoryQueryRunner(), Stores(1, 2).Object, data,
            new SegmentRoleSync(data, new InMemoryQueryRunner(), Mock.Of<ICustomerService>(), FakeRepository.Create<CustomerCustomerRoleMapping>(m => $"{m.CustomerId}:{m.CustomerRoleId}").Mock.Object),
            Mock.Of<INotificationService>(), Mock.Of<Nop.Services.Localization.ILocalizationService>());

    [Test]
    public async Task Segment_csv_lists_that_segments_customers_scored_at_the_snapshots_date_and_refuses_an_unknown_segment()
    {
        var asOf = new DateOnly(2026, 6, 15);
        var day = asOf.ToDateTime(TimeOnly.MinValue);
        var data = new InMemoryStoreData();
        // Ten customers in store 2: customer k bought k times, the last time 11 − k days before as_of, spending 10·k each time
        // (so the most frequent are also the most recent and the biggest spenders: the champions).
        var id = 1;
        for (var k = 1; k <= 10; k++)
            for (var n = 0; n < k; n++)
                data.OrderList.Add(Build.Order(id++, k, day.AddDays(-(11 - k) - 30 * n), 10m * k, store: 2));
        data.OrderList.Add(Build.Order(id++, 99, day.AddDays(1), 500m, store: 2)); // after as_of: not counted
        var controller = Controller(data, Row(2, Now.Date, await BuiltJsonAsync(2, asOf)));

        var expected = await new RfmQuery(data, new InMemoryQueryRunner())
            .CustomersAsync(new CountedOrders(DateTime.SpecifyKind(day, DateTimeKind.Utc), 2), RfmSegment.Champions);
        var file = (FileContentResult)await controller.SegmentCsv("champions", 2);
        var lines = Encoding.UTF8.GetString(file.FileContents).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.That(expected, Is.Not.Empty, "the store has champions to export");
        Assert.That(lines[0], Is.EqualTo("customer_id,recency,frequency,monetary,rfm,segment,revenue"));
        Assert.That(lines.Skip(1).Select(l => int.Parse(l.Split(',')[0])), Is.EqualTo(expected.Select(c => c.Customer.Value)));
        Assert.That(lines.Skip(1).All(l => l.Contains("\"Champions\"")), Is.True);
        Assert.That(file.FileDownloadName, Is.EqualTo("retention-segment-Champions-2026-06-15.csv"));
        Assert.That(await controller.SegmentCsv("42", 2), Is.TypeOf<BadRequestObjectResult>());
        Assert.That(await controller.SegmentCsv("Royalty", 2), Is.TypeOf<BadRequestObjectResult>());
    }

    [Test]
    public async Task Snapshot_action_serves_the_stored_snapshot_with_the_stores_day_and_no_content_before_the_first_run()
    {
        var json = await BuiltJsonAsync(2, new DateOnly(2026, 6, 15));
        var controller = Controller(Row(2, Now.Date, json));

        var found = (ContentResult)await controller.Snapshot(2);
        var none = await controller.Snapshot(1);

        // The stored figures, with the day they are served on (issue 15: an old snapshot must be able to say it is old).
        Assert.That(found.Content, Is.EqualTo(ServedToday(json)));
        Assert.That(found.ContentType, Is.EqualTo("application/json; charset=utf-8"));
        Assert.That(none, Is.InstanceOf<NoContentResult>());
    }

    /// <summary>
    /// The JSON the report action serves (and the widget embeds in a script element) carries customer names and emails as
    /// customers typed them and store names as admins typed them: none of &lt; &gt; &amp; ' is written raw, and the text
    /// reads back exact.
    /// </summary>
    [Test]
    public async Task Snapshot_and_store_json_hold_no_raw_markup_characters_and_read_back_exact()
    {
        const string name = "</script><img src=x onerror=alert(1)> & 'co'";
        const string email = "<b>'a'&b</b>@example.com";
        var asOf = new DateOnly(2026, 6, 15);
        var noon = asOf.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);
        var data = new InMemoryStoreData();
        var typed = Build.Customer(1, email: email);
        typed.FirstName = name;
        data.CustomerList.AddRange(new[] { typed, Build.Customer(2) });
        // Customer 1 bought three times, then stopped; customer 2 bought once, lately: with two customers, 1 is "At risk".
        data.OrderList.AddRange(new[]
        {
            Build.Order(1, 1, noon.AddDays(-55), 10m, store: 2), Build.Order(2, 1, noon.AddDays(-55).AddHours(9), 5m, store: 2),
            Build.Order(3, 1, noon.AddDays(-19), 20m, store: 2), Build.Order(4, 2, noon.AddDays(-9), 40m, store: 2),
        });
        var json = (await new DashboardBuilder(data, new InMemoryQueryRunner(), null, new FixedClock(Now)).BuildAsync(new DashboardRequest(new StoreId(2), asOf))).ToJson();
        var stores = new Mock<IStoreService>();
        stores.Setup(s => s.GetAllStoresAsync()).ReturnsAsync(new List<Store> { new() { Id = 2, Name = name } });

        var served = ((ContentResult)await Controller(Row(2, Now.Date, json)).Snapshot(2)).Content;
        var model = await new DashboardModelFactory(Stored(Row(2, Now.Date, json)).Object, new InMemoryQueryRunner(), stores.Object).PrepareModelAsync(2, "widget");

        foreach (var (what, text) in new[] { ("snapshot", served), ("stores", model.StoresJson) })
            foreach (var c in "<>&'")
                Assert.That(text, Does.Not.Contain(c.ToString()), $"the {what} JSON carries a raw {c}");
        var atRisk = System.Text.Json.JsonDocument.Parse(served).RootElement.GetProperty("atRisk").GetProperty("customers").EnumerateArray().ToList();
        Assert.That(atRisk.Select(c => (c.GetProperty("name").GetString(), c.GetProperty("email").GetString())), Is.EqualTo(new[] { (name + " 1", email) }));
        Assert.That(System.Text.Json.JsonDocument.Parse(model.StoresJson).RootElement[0].GetProperty("name").GetString(), Is.EqualTo(name));
    }

    [Test]
    public async Task An_unknown_store_is_refused_with_its_id()
    {
        var result = (BadRequestObjectResult)await Controller().Snapshot(7);

        Assert.That(result.Value, Is.EqualTo("There is no store 7."));
    }

    [Test]
    public async Task Csv_action_exports_the_named_table_of_the_latest_snapshot()
    {
        var controller = Controller(Row(1, Now.Date, await BuiltJsonAsync(1, new DateOnly(2026, 6, 15))));

        var file = (FileContentResult)await controller.Csv("segments", 1);

        Assert.That(file.ContentType, Is.EqualTo("text/csv"));
        Assert.That(file.FileDownloadName, Is.EqualTo("retention-segments-2026-06-15.csv"));
        var lines = Encoding.UTF8.GetString(file.FileContents).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo("segment,name,customers,share,revenue"));
        Assert.That(lines, Has.Length.EqualTo(12), "a header and the eleven segments");
    }

    [Test]
    public async Task Csv_action_refuses_an_unknown_export_and_says_when_there_is_no_snapshot_yet()
    {
        var controller = Controller();

        var unknown = (BadRequestObjectResult)await controller.Csv("orders", 1);
        var none = (NotFoundObjectResult)await controller.Csv("kpis", 1);

        Assert.That(unknown.Value, Is.EqualTo("There is no 'orders' export; choose one of: kpis, cohorts, segments, at-risk, holdout."));
        Assert.That((string)none.Value, Does.StartWith("No figures yet"));
    }

    [Test]
    public async Task Report_page_opens_the_first_store_in_report_mode_when_none_is_asked_for()
    {
        var json = await BuiltJsonAsync(1, new DateOnly(2026, 6, 15));
        var controller = Controller(Row(1, Now.Date, json));

        var view = (ViewResult)await controller.Index(null);

        Assert.That(view.ViewName, Is.EqualTo(RetentionReportController.ReportView));
        var model = (DashboardWidgetModel)view.Model;
        Assert.That((model.Mode, model.StoreId, model.SnapshotJson), Is.EqualTo(("report", 1, ServedToday(json))));
    }
}
