using Microsoft.EntityFrameworkCore;
using Retention.Sandbox.Data;
using Retention.Sandbox.Demo;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Import;

/// <summary>Start-up: the first start builds the database, later starts reuse it, a bad CSV writes nothing.</summary>
public sealed class SandboxSetupTests
{
    private static readonly DateTime AsOf = new(2026, 1, 15, 0, 0, 0, DateTimeKind.Utc);
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

    private SandboxOptions Options(params string[] extra)
    {
        var args = new[] { "--data", _folder, "--customers", "300", "--as-of", "2026-01-15" }.Concat(extra).ToArray();
        var options = SandboxOptions.Parse(args, out var error, _ => null);
        Assert.That(error, Is.Null);
        return options!;
    }

    private string WriteCsv(params string[] lines)
    {
        var path = Path.Combine(_folder, "orders.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static async Task<(int Customers, int Orders)> CountAsync(SandboxDatabase database)
    {
        await using var db = database.CreateContext();
        return (await db.Customers.CountAsync(), await db.Orders.CountAsync());
    }

    [Test]
    public async Task First_start_seeds_the_demo_store_and_the_next_start_reuses_it()
    {
        var first = await SandboxSetup.PrepareAsync(Options(), NullLog.Instance);
        var counts = await CountAsync(first.Database);

        var second = await SandboxSetup.PrepareAsync(Options(), NullLog.Instance);

        Assert.That(first.Loaded, Is.True);
        Assert.That(File.Exists(Path.Combine(_folder, SandboxOptions.DatabaseFileName)), Is.True);
        Assert.That(counts.Customers, Is.EqualTo(300));
        Assert.That(second.Loaded, Is.False);
        Assert.That((second.Source, second.Seed, second.AsOfUtc), Is.EqualTo((SandboxSetup.DemoSource, first.Seed, AsOf)));
        Assert.That(await CountAsync(second.Database), Is.EqualTo(counts));
    }

    [Test]
    public async Task The_demo_gives_every_customer_with_points_a_summary_that_reads_as_their_entries()
    {
        var state = await SandboxSetup.PrepareAsync(Options(), NullLog.Instance);
        var ledger = Retention.Sandbox.Ports.SandboxLoyaltyStores.Ledger(state.Database);
        var settings = await new Retention.Sandbox.Ports.EfLoyaltySettingsStore(state.Database).LoadAsync(new Retention.Core.Common.StoreId(DemoStoreGenerator.StoreId));
        await using var db = state.Database.CreateContext();
        var holders = await db.Ledger.AsNoTracking().Select(e => e.CustomerId).Distinct().ToListAsync();
        var summarised = await db.PointsSummaries.AsNoTracking().Select(r => r.CustomerId).ToListAsync();
        // Cashback and challenge rewards are written after the loyalty replay, dated in the past: their customers too.
        var late = await db.Ledger.AsNoTracking().Where(e => e.ReasonId == (int)Retention.Core.Loyalty.LedgerReason.Cashback).Select(e => e.CustomerId).Distinct().ToListAsync();

        Assert.That(summarised, Is.EquivalentTo(holders));
        Assert.That(late, Is.Not.Empty, "the demo pays cashback in points");
        foreach (var id in holders)
        {
            var customer = new Retention.Core.Common.CustomerId(id);
            var entries = await ledger.GetEntriesAsync(new Retention.Core.Common.StoreId(DemoStoreGenerator.StoreId), customer);
            foreach (var at in new[] { AsOf, AsOf.AddDays(40) })
                Assert.That(await ledger.GetSpendableAsync(new Retention.Core.Common.StoreId(DemoStoreGenerator.StoreId), customer, settings, at),
                    Is.EqualTo(Retention.Core.Loyalty.Lots.Spendable(entries, settings, at)), $"customer {id} at {at:yyyy-MM-dd}");
        }
    }

    [Test]
    public async Task Reset_rebuilds_the_same_store_and_drops_what_the_engine_wrote()
    {
        var first = await SandboxSetup.PrepareAsync(Options(), NullLog.Instance);
        await using (var db = first.Database.CreateContext())
        {
            db.Meta.Add(new SandboxMetaRow { Name = "scribble", Value = "x" });
            await db.SaveChangesAsync();
        }

        var reset = await SandboxSetup.PrepareAsync(Options("--reset"), NullLog.Instance);

        Assert.That(reset.Loaded, Is.True);
        Assert.That(await CountAsync(reset.Database), Is.EqualTo(await CountAsync(first.Database)));
        await using var check = reset.Database.CreateContext();
        Assert.That(await check.Meta.AnyAsync(m => m.Name == "scribble"), Is.False);
    }

    [Test]
    public async Task Another_seed_rebuilds_the_demo_store()
    {
        await SandboxSetup.PrepareAsync(Options(), NullLog.Instance);

        var other = await SandboxSetup.PrepareAsync(Options("--seed", "99"), NullLog.Instance);

        Assert.That(other.Loaded, Is.True);
        Assert.That(other.Seed, Is.EqualTo(99));
    }

    [Test]
    public async Task Good_orders_file_replaces_the_store_and_is_reused_on_the_next_start()
    {
        await SandboxSetup.PrepareAsync(Options(), NullLog.Instance);
        var csv = WriteCsv("order_id,customer_id,created_utc,total",
            "1,10,2025-01-01T10:00:00Z,25.00",
            "2,11,2025-01-02T10:00:00Z,30.00",
            "3,10,2025-02-01T10:00:00Z,12.50");

        var imported = await SandboxSetup.PrepareAsync(Options("--orders", csv), NullLog.Instance);
        var again = await SandboxSetup.PrepareAsync(Options(), NullLog.Instance);

        Assert.That(imported.Source, Is.EqualTo(SandboxSetup.CsvSource));
        Assert.That(await CountAsync(imported.Database), Is.EqualTo((2, 3)));
        Assert.That(imported.AsOfUtc, Is.EqualTo(new DateTime(2025, 2, 1, 10, 0, 0, DateTimeKind.Utc)));
        Assert.That((again.Loaded, again.Source), Is.EqualTo((false, SandboxSetup.CsvSource)));
        Assert.That(await CountAsync(again.Database), Is.EqualTo((2, 3)));
    }

    [Test]
    public async Task Orders_file_with_a_bad_row_is_refused_with_line_numbers_and_the_existing_store_is_untouched()
    {
        var demo = await SandboxSetup.PrepareAsync(Options(), NullLog.Instance);
        var before = await CountAsync(demo.Database);
        var csv = WriteCsv("order_id,customer_id,created_utc,total",
            "1,10,2025-01-01T10:00:00Z,25.00",
            "2,11,2025-01-02T10:00:00Z,thirty");

        var refused = Assert.ThrowsAsync<SandboxSetupException>(() => SandboxSetup.PrepareAsync(Options("--orders", csv), NullLog.Instance));

        Assert.That(refused!.Message, Does.Contain("line 3: total 'thirty'").And.Contain("nothing was loaded"));
        Assert.That(await CountAsync(demo.Database), Is.EqualTo(before));
    }

    [Test]
    public void Orders_file_with_a_bad_row_creates_no_database_on_a_first_start()
    {
        var csv = WriteCsv("order_id,customer_id,created_utc,total", "1,10,2025-13-01T10:00:00Z,25.00");

        Assert.ThrowsAsync<SandboxSetupException>(() => SandboxSetup.PrepareAsync(Options("--orders", csv), NullLog.Instance));

        Assert.That(File.Exists(Path.Combine(_folder, SandboxOptions.DatabaseFileName)), Is.False);
    }

    [Test]
    public async Task Demo_store_loads_into_PostgreSQL_and_is_reused_there()
    {
        await using var test = await TestDatabase.CreatePostgresAsync();
        var pg = Options("--pg", test.Database.ConnectionString);

        var first = await SandboxSetup.PrepareAsync(pg, NullLog.Instance);
        var second = await SandboxSetup.PrepareAsync(pg, NullLog.Instance);

        Assert.That(first.Database.Provider, Is.EqualTo(DatabaseProvider.PostgreSql));
        Assert.That((first.Loaded, second.Loaded), Is.EqualTo((true, false)));
        Assert.That((await CountAsync(second.Database)).Customers, Is.EqualTo(300));
        Assert.That(File.Exists(Path.Combine(_folder, SandboxOptions.DatabaseFileName)), Is.False, "no SQLite file with --pg");
    }
}
