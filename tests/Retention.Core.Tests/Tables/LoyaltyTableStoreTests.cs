using System.Linq.Expressions;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Tables;
using Retention.Testing.Builders;
using Retention.Testing.InMemory;

namespace Retention.Core.Tests.Tables;

/// <summary>What Core's loyalty table stores write into the host's rows, beyond what the port contracts can see.</summary>
public sealed class LoyaltyTableStoreTests
{
    private static readonly DateTime T0 = new(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc);
    private static readonly StoreId Store = new(2);
    private static readonly CustomerId Customer = new(7);

    [Test]
    public async Task A_standing_row_carries_the_plugin_key_and_the_time_of_its_last_save()
    {
        var table = new InMemoryTables().Table<TierStandingRow>();
        var clock = new TestClock(T0);
        var standings = new TierStandingStore(table, new InMemoryQueryRunner(), clock);

        await standings.SaveAsync(Store, Customer, new TierStanding("Gold"));
        clock.UtcNow = T0.AddHours(3);
        await standings.SaveAsync(Store, Customer, new TierStanding("Gold", T0.AddHours(2)));

        var row = table.Snapshot().Single();
        Assert.That((row.StoreCustomerKey, row.StoreId, row.CustomerId, row.Tier, row.BelowSinceUtc, row.UpdatedOnUtc),
            Is.EqualTo(("2:7", 2, 7, "Gold", (DateTime?)T0.AddHours(2), T0.AddHours(3))));
    }

    [Test]
    public async Task A_first_save_that_loses_the_insert_to_another_writer_writes_over_its_row()
    {
        var table = new RivalInsertsFirst(new InMemoryTables().Table<TierStandingRow>(), new TierStandingRow
        {
            StoreCustomerKey = "2:7", StoreId = 2, CustomerId = 7, Tier = "Silver", UpdatedOnUtc = T0.AddSeconds(-1),
        });
        var standings = new TierStandingStore(table, new InMemoryQueryRunner(), new TestClock(T0));

        await standings.SaveAsync(Store, Customer, new TierStanding("Gold", T0));

        Assert.That(table.RivalInserted, Is.True, "the rival's row was there before this writer's insert");
        Assert.That(await standings.GetAsync(Store, Customer), Is.EqualTo(new TierStanding("Gold", T0)));
        Assert.That(table.Inner.Snapshot().Select(r => (r.Tier, r.UpdatedOnUtc)), Is.EqualTo(new[] { ("Gold", T0) }));
    }

    [Test]
    public async Task Stored_times_come_back_as_utc_whatever_kind_the_database_hands_back()
    {
        var table = new InMemoryTables().Table<PointsEntryRow>();
        var ledger = new PointsLedgerStore(table, new InMemoryQueryRunner());
        var unspecified = DateTime.SpecifyKind(T0, DateTimeKind.Unspecified);
        await table.TryInsertAsync(new PointsEntryRow
        {
            IdempotencyKey = "earn:2:1", StoreId = 2, CustomerId = 7, Points = 10, ReasonId = (int)LedgerReason.Purchase, SourceId = (int)LedgerSource.Order,
            CreatedOnUtc = unspecified, ActivatesOnUtc = unspecified, ExpiresOnUtc = unspecified.AddMonths(12),
        }, r => r.IdempotencyKey == "earn:2:1");

        var entry = (await ledger.GetEntriesAsync(Store, Customer)).Single();

        Assert.That((entry.CreatedUtc.Kind, entry.ActivatesUtc.Kind, entry.ExpiresUtc!.Value.Kind),
            Is.EqualTo((DateTimeKind.Utc, DateTimeKind.Utc, DateTimeKind.Utc)));
    }

    [Test]
    public async Task An_entry_is_stored_in_the_plugin_columns_under_its_key()
    {
        var table = new InMemoryTables().Table<PointsEntryRow>();
        var ledger = new PointsLedgerStore(table, new InMemoryQueryRunner());
        var entry = Build.Entry("earn:1:10", 120, store: 2, customer: 7) with { SourceRef = "10", Actor = "admin", Note = "Order #10", ExpiresUtc = T0.AddMonths(12) };

        Assert.That(await ledger.TryAppendAsync(entry), Is.True);

        var row = table.Snapshot().Single();
        Assert.That((row.IdempotencyKey, row.StoreId, row.CustomerId, row.Points, row.ReasonId, row.SourceId, row.SourceRef, row.Actor, row.Note),
            Is.EqualTo(("earn:1:10", 2, 7, 120, (int)entry.Reason, (int)entry.Source, "10", "admin", "Order #10")));
        Assert.That((row.CreatedOnUtc, row.ActivatesOnUtc, row.ExpiresOnUtc), Is.EqualTo((entry.CreatedUtc, entry.ActivatesUtc, entry.ExpiresUtc)));
        Assert.That(PointsLedgerStore.FromRow(row), Is.EqualTo(entry));
    }

    /// <summary>A table on which another writer inserts its row just before this writer's first insert (the race a save must survive).</summary>
    private sealed class RivalInsertsFirst(InMemoryTables.InMemoryTable<TierStandingRow> inner, TierStandingRow rival) : ITable<TierStandingRow>
    {
        public InMemoryTables.InMemoryTable<TierStandingRow> Inner => inner;

        public bool RivalInserted { get; private set; }

        public IQueryable<TierStandingRow> Rows => inner.Rows;

        public async Task<bool> TryInsertAsync(TierStandingRow row, Expression<Func<TierStandingRow, bool>> sameKey, CancellationToken cancellationToken = default)
        {
            if (!RivalInserted)
                RivalInserted = await inner.TryInsertAsync(rival, sameKey, cancellationToken);
            return await inner.TryInsertAsync(row, sameKey, cancellationToken);
        }

        public Task<int> UpdateAsync(Expression<Func<TierStandingRow, bool>> where, Expression<Func<TierStandingRow, TierStandingRow>> set,
            CancellationToken cancellationToken = default) => inner.UpdateAsync(where, set, cancellationToken);

        public Task<int> DeleteAsync(Expression<Func<TierStandingRow, bool>> where, CancellationToken cancellationToken = default) =>
            inner.DeleteAsync(where, cancellationToken);

        public Task<IReadOnlyList<TierStandingRow>> TryInsertManyAsync(IReadOnlyList<TierStandingRow> rows, Expression<Func<TierStandingRow, string>> key,
            CancellationToken cancellationToken = default) => inner.TryInsertManyAsync(rows, key, cancellationToken);

        public Task<IReadOnlySet<long>> UpdateManyAsync(IReadOnlyList<RowChange<TierStandingRow>> changes, Expression<Func<TierStandingRow, object?>> expected,
            Expression<Func<TierStandingRow, object?>> set, CancellationToken cancellationToken = default) => inner.UpdateManyAsync(changes, expected, set, cancellationToken);
    }
}
