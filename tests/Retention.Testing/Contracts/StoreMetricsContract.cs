using Retention.Core.Common;
using Retention.Core.Metrics;
using Retention.Core.Store;
using Retention.Testing.Builders;

namespace Retention.Testing.Contracts;

/// <summary>An order history built one order at a time, with ids assigned in order and a customer row for every buyer.</summary>
public sealed class OrderHistory
{
    private readonly StoreSeed _seed = new();

    /// <summary>A UTC instant, for readable arrangements.</summary>
    public static DateTime Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, DateTimeKind.Utc);

    /// <summary>Adds an order (complete unless told otherwise) and the customer if new.</summary>
    public OrderHistory Order(int customer, DateTime created, decimal total = 10m, OrderState status = OrderState.Complete, int store = 1)
    {
        if (_seed.Customers.All(c => c.Id != customer))
            _seed.Customers.Add(Build.Customer(customer, created));
        _seed.Orders.Add(Build.Order(_seed.Orders.Count + 1, customer, created, total, status, store));
        return this;
    }

    /// <summary>Adds one order per date for <paramref name="customer"/>.</summary>
    public OrderHistory Orders(int customer, params DateTime[] created)
    {
        foreach (var date in created)
            Order(customer, date);
        return this;
    }

    public StoreSeed ToSeed() => _seed;
}

/// <summary>
/// The store metrics must come out the same on every provider: the figures below are computed by hand from the
/// definitions. A failure here means a query that translates differently (or not at all) under a real database:
/// date comparisons at the exact boundaries, conditional aggregates, nested grouping, month arithmetic, the
/// correlated "next order" subquery and the date arithmetic of the median search.
/// </summary>
public abstract class StoreMetricsContract
{
    /// <summary>The small shop's as_of: the period is [2026-03-02, 2026-04-01), W = 60 days.</summary>
    protected static readonly DateOnly ShopAsOf = new(2026, 4, 1);

    /// <summary>A port over a fresh database holding exactly <paramref name="seed"/>.</summary>
    protected abstract Task<StoreDataHandle> CreateWithAsync(StoreSeed seed);

    protected virtual Task ReleaseAsync() => Task.CompletedTask;

    [TearDown]
    public Task ReleaseStoreAsync() => ReleaseAsync();

    private static DateTime Utc(int year, int month, int day, int hour = 0, int minute = 0) => OrderHistory.Utc(year, month, day, hour, minute);

    /// <summary>
    /// Eight shoppers around the period [2026-03-02, 2026-04-01) with W = 60 days, so active(start) means an order in
    /// [2026-01-01, 2026-03-02) and active(end) an order in [2026-01-31, 2026-04-01).
    /// </summary>
    public static StoreSeed SmallShop() => new OrderHistory()
        // 1 Ann: active at both ends, three orders (gaps 66 and 54 days).
        .Order(1, Utc(2025, 11, 10), 100m).Order(1, Utc(2026, 1, 15), 50m).Order(1, Utc(2026, 3, 10), 70m)
        // 2 Ben: one order, falls out of the window ending at as_of: lost.
        .Order(2, Utc(2026, 1, 20), 40m)
        // 3 Cy: first order exactly on the period start: new.
        .Order(3, Utc(2026, 3, 2), 60m)
        // 4 Dee: lapsed (nothing in the window before start), back in the period: reactivated (gap 292 days).
        .Order(4, Utc(2025, 6, 1), 30m).Order(4, Utc(2026, 3, 20), 30m)
        // 5 Eve: active at both ends; her cancelled order in the period counts for nothing.
        .Order(5, Utc(2026, 2, 10), 80m).Order(5, Utc(2026, 3, 5), 500m, OrderState.Cancelled)
        // 6 Fay: her only order is exactly at as_of: not a customer yet.
        .Order(6, Utc(2026, 4, 1), 90m)
        // 7 Gus: last order exactly at end − W, still active at the end (gap 30.5 days).
        .Order(7, Utc(2025, 12, 31, 12), 10m).Order(7, Utc(2026, 1, 31), 20m)
        // 8 Hal: same cohort as Ben, came back the next month (gap 46 days).
        .Order(8, Utc(2026, 1, 5), 45m).Order(8, Utc(2026, 2, 20), 45m)
        .ToSeed();

    protected static StoreMetricsRequest ShopRequest() => new(ShopAsOf) { ActiveWindowDays = 60, PeriodDays = 30 };

    protected static async Task<StoreMetrics> MetricsAsync(StoreDataHandle store, StoreMetricsRequest request, int? gapFetchLimit = null) =>
        await (gapFetchLimit is { } limit
            ? new StoreMetricsCalculator(store.Data, store.Runner, limit)
            : new StoreMetricsCalculator(store.Data, store.Runner)).CalculateAsync(request);

    [Test]
    public async Task Small_shop_totals_count_only_orders_that_are_not_cancelled_and_placed_before_as_of()
    {
        var metrics = await MetricsAsync(await CreateWithAsync(SmallShop()), ShopRequest());

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Orders, Is.EqualTo(12));
            Assert.That(metrics.Revenue, Is.EqualTo(580m));
            Assert.That(metrics.Customers, Is.EqualTo(7));
            Assert.That(metrics.RepeatCustomers, Is.EqualTo(4));
            Assert.That(metrics.Aov, Is.EqualTo(580m / 12));
            Assert.That(metrics.Ltv, Is.EqualTo(580m / 7));
            Assert.That(metrics.Rpr, Is.EqualTo(4d / 7).Within(1e-12));
        });
    }

    [Test]
    public async Task Small_shop_retention_counts_retained_lost_new_and_reactivated_customers()
    {
        var metrics = await MetricsAsync(await CreateWithAsync(SmallShop()), ShopRequest());

        Assert.Multiple(() =>
        {
            Assert.That(metrics.PeriodStartUtc, Is.EqualTo(Utc(2026, 3, 2)));
            Assert.That(metrics.ActiveAtStart, Is.EqualTo(5), "S: Ann, Ben, Eve, Gus, Hal");
            Assert.That(metrics.ActiveAtEnd, Is.EqualTo(6), "E: Ann, Cy, Dee, Eve, Gus, Hal");
            Assert.That(metrics.CameDuringPeriod, Is.EqualTo(2), "N: Cy, Dee");
            Assert.That(metrics.NewCustomers, Is.EqualTo(1), "Cy");
            Assert.That(metrics.ReactivatedCustomers, Is.EqualTo(1), "Dee");
            Assert.That(metrics.Lost, Is.EqualTo(1), "Ben");
            Assert.That(metrics.Crr, Is.EqualTo(0.8).Within(1e-12), "(6 − 2) / 5");
            Assert.That(metrics.ChurnRate, Is.EqualTo(0.2).Within(1e-12), "1 / 5");
        });
    }

    [Test]
    public async Task Small_shop_median_time_between_purchases_is_the_middle_of_five_gaps()
    {
        var metrics = await MetricsAsync(await CreateWithAsync(SmallShop()), ShopRequest());

        // Gaps: Gus 30.5, Hal 46, Ann 54 and 66, Dee 292 days.
        Assert.That(metrics.PurchaseGaps, Is.EqualTo(5));
        Assert.That(metrics.TbpMedianDays, Is.EqualTo(54d).Within(1e-6));
    }

    [Test]
    public async Task Small_shop_median_is_the_same_when_the_search_narrows_in_the_database()
    {
        var metrics = await MetricsAsync(await CreateWithAsync(SmallShop()), ShopRequest(), gapFetchLimit: 1);

        Assert.That(metrics.TbpMedianDays, Is.EqualTo(54d).Within(1e-6));
    }

    [Test]
    public async Task Small_shop_cohorts_run_by_first_order_month_up_to_the_last_month_starting_before_as_of()
    {
        var metrics = await MetricsAsync(await CreateWithAsync(SmallShop()), ShopRequest());

        Assert.That(metrics.Cohorts.Select(c => (c.Label, c.Size, string.Join(" ", c.Retention.Select(r => r.ToString(System.Globalization.CultureInfo.InvariantCulture))))), Is.EqualTo(new[]
        {
            ("2025-06", 1, "1 0 0 0 0 0 0 0 0 1"),
            ("2025-11", 1, "1 0 1 0 1"),
            ("2025-12", 1, "1 1 0 0"),
            ("2026-01", 2, "1 0.5 0"),
            ("2026-02", 1, "1 0"),
            ("2026-03", 1, "1"),
        }));
    }

    [Test]
    public async Task Empty_store_has_zero_counts_and_no_rates()
    {
        var metrics = await MetricsAsync(await CreateWithAsync(new StoreSeed()), ShopRequest());

        Assert.Multiple(() =>
        {
            Assert.That((metrics.Orders, metrics.Revenue, metrics.Customers, metrics.ActiveAtStart, metrics.ActiveAtEnd), Is.EqualTo((0, 0m, 0, 0, 0)));
            Assert.That(new object?[] { metrics.Aov, metrics.Ltv, metrics.Rpr, metrics.Crr, metrics.ChurnRate, metrics.TbpMedianDays }, Is.All.Null);
            Assert.That(metrics.Cohorts, Is.Empty);
        });
    }

    [Test]
    public async Task Median_of_an_even_number_of_gaps_is_the_mean_of_the_two_middle_gaps()
    {
        var seed = new OrderHistory()
            .Orders(1, Utc(2026, 1, 1), Utc(2026, 1, 2), Utc(2026, 1, 12))      // 1 and 10 days
            .Orders(2, Utc(2026, 1, 1), Utc(2026, 1, 4, 12), Utc(2026, 2, 10))  // 3.5 and 36.5 days
            .ToSeed();

        var metrics = await MetricsAsync(await CreateWithAsync(seed), new StoreMetricsRequest(new DateOnly(2026, 3, 1)));

        Assert.That(metrics.PurchaseGaps, Is.EqualTo(4));
        Assert.That(metrics.TbpMedianDays, Is.EqualTo((3.5 + 10) / 2).Within(1e-6));
    }

    [Test]
    public async Task Two_orders_at_the_same_instant_make_one_gap_of_zero()
    {
        var seed = new OrderHistory()
            .Orders(1, Utc(2026, 1, 1), Utc(2026, 1, 1), Utc(2026, 1, 3))
            .ToSeed();

        var metrics = await MetricsAsync(await CreateWithAsync(seed), new StoreMetricsRequest(new DateOnly(2026, 3, 1)));

        Assert.That(metrics.PurchaseGaps, Is.EqualTo(2));
        Assert.That(metrics.TbpMedianDays, Is.EqualTo(1d).Within(1e-6), "gaps 0 and 2 days");
    }

    [Test]
    public async Task Bimodal_even_gaps_are_found_rank_by_rank_when_the_search_narrows_in_the_database()
    {
        var history = new OrderHistory();
        for (var customer = 1; customer <= 3; customer++)
            history.Orders(customer, Utc(2026, 1, customer), Utc(2026, 1, customer + 1));
        for (var customer = 4; customer <= 6; customer++)
            history.Orders(customer, Utc(2025, 1, customer), Utc(2025, 1, customer).AddDays(100));

        var metrics = await MetricsAsync(await CreateWithAsync(history.ToSeed()), new StoreMetricsRequest(new DateOnly(2026, 3, 1)), gapFetchLimit: 1);

        Assert.That(metrics.TbpMedianDays, Is.EqualTo((1 + 100) / 2d).Within(1e-6));
    }

    [Test]
    public async Task Only_the_requested_store_is_counted()
    {
        var seed = new OrderHistory()
            .Order(1, Utc(2026, 2, 1), 10m, store: 1).Order(1, Utc(2026, 2, 11), 30m, store: 2)
            .Order(2, Utc(2026, 2, 5), 20m, store: 2)
            .ToSeed();

        var metrics = await MetricsAsync(await CreateWithAsync(seed), new StoreMetricsRequest(new DateOnly(2026, 3, 1)) { Store = new StoreId(2) });

        Assert.That((metrics.Orders, metrics.Revenue, metrics.Customers, metrics.RepeatCustomers, metrics.TbpMedianDays), Is.EqualTo((2, 50m, 2, 0, (double?)null)));
    }

    [Test]
    public async Task Active_windows_include_their_first_instant_and_exclude_their_last()
    {
        var asOf = new DateOnly(2026, 3, 1);
        var end = OrderHistory.Utc(2026, 3, 1);
        var start = end.AddDays(-10);
        var seed = new OrderHistory()
            .Order(1, start.AddDays(-20))             // exactly start − W: active at start, not at end
            .Order(2, start.AddDays(-20).AddSeconds(-1)) // a second earlier: never active
            .Order(3, start.AddSeconds(-1))           // last second before start: active at start and at end
            .Order(4, start)                          // exactly start: new
            .Order(5, end.AddSeconds(-1))             // last second before as_of: new
            .Order(6, end)                            // exactly as_of: not counted
            .ToSeed();

        var metrics = await MetricsAsync(await CreateWithAsync(seed), new StoreMetricsRequest(asOf) { ActiveWindowDays = 20, PeriodDays = 10 });

        Assert.That(
            (metrics.Customers, metrics.ActiveAtStart, metrics.ActiveAtEnd, metrics.Lost, metrics.NewCustomers, metrics.ReactivatedCustomers),
            Is.EqualTo((5, 2, 3, 1, 2, 0)));
    }
}
