using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Store;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Import;

/// <summary>
/// A real export through the whole import: the CDNOW 1-in-10 sample (2,357 customers, 6,919 purchases, 1997–98),
/// written as an orders CSV, loaded with <c>--orders</c> and read back through Core's ports.
/// </summary>
public sealed class CdnowImportTests
{
    private string _folder = null!;

    [SetUp]
    public void NewFolder() => _folder = TestDatabase.NewTempFolder();

    [TearDown]
    public void RemoveFolder()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_folder is not null)
            Directory.Delete(_folder, recursive: true);
    }

    private sealed record Purchase(int Customer, DateTime Day, decimal Dollars);

    private static List<Purchase> ReadSample()
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "cdnow", "CDNOW_sample.txt");
        return File.ReadLines(path)
            .Select(line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length == 5)
            .Select(f => new Purchase(
                int.Parse(f[1], CultureInfo.InvariantCulture),
                DateTime.ParseExact(f[2], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                decimal.Parse(f[4], CultureInfo.InvariantCulture)))
            .ToList();
    }

    [Test]
    public async Task CDNOW_sample_imports_with_one_customer_per_shopper_and_every_dollar()
    {
        var purchases = ReadSample();
        var csv = Path.Combine(_folder, "cdnow-orders.csv");
        File.WriteAllLines(csv, new[] { "order_id,customer_id,created_utc,total" }.Concat(purchases.Select((p, i) =>
            string.Create(CultureInfo.InvariantCulture, $"{i + 1},{p.Customer},{p.Day:yyyy-MM-dd}T12:00:00Z,{p.Dollars}"))));
        var options = SandboxOptions.Parse(new[] { "--data", _folder, "--orders", csv }, out _, _ => null)!;

        var state = await SandboxSetup.PrepareAsync(options, NullLog.Instance);

        await using var db = state.Database.CreateContext();
        var store = new EfStoreData(db);
        var runner = new EfQueryRunner();
        Assert.That(purchases, Has.Count.EqualTo(6919));
        Assert.That(await runner.CountAsync(store.Customers), Is.EqualTo(2357));
        Assert.That(await runner.CountAsync(store.Orders), Is.EqualTo(6919));
        var revenue = await runner.ToListAsync(store.Orders.GroupBy(o => o.StoreId).Select(g => g.Sum(o => o.OrderTotal)));
        Assert.That(revenue.Single(), Is.EqualTo(purchases.Sum(p => p.Dollars)));
        var repeaters = await runner.CountAsync(store.Orders.GroupBy(o => o.CustomerId).Where(g => g.Select(o => o.CreatedOnUtc).Distinct().Count() >= 2).Select(g => g.Key));
        Assert.That(repeaters, Is.EqualTo(purchases.GroupBy(p => p.Customer).Count(g => g.Select(p => p.Day).Distinct().Count() >= 2)));
        Assert.That(await db.Orders.AllAsync(o => o.OrderStatusId == (int)OrderState.Complete), Is.True);
        Assert.That(state.AsOfUtc, Is.EqualTo(new DateTime(1998, 6, 30, 12, 0, 0, DateTimeKind.Utc)));
    }
}
