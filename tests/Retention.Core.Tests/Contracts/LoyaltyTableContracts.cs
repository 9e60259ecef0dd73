using Retention.Core.Loyalty;
using Retention.Core.Tables;
using Retention.Testing.Contracts;
using Retention.Testing.InMemory;

namespace Retention.Core.Tests.Contracts;

// Core's loyalty table stores, the one implementation of the ledger and the standings every host uses, on the in-memory
// table port; the hosts run the same suites with their tables (EF Core on SQLite and PostgreSQL, the plugin's on
// PostgreSQL and MariaDB).

public sealed class TablePointsLedgerContract : PointsLedgerContract
{
    protected override Task<IPointsLedger> CreateAsync() =>
        Task.FromResult<IPointsLedger>(new PointsLedgerStore(new InMemoryTables().Table<PointsEntryRow>(), new InMemoryQueryRunner()));
}

/// <summary>The ledger as every host wires it: each customer's summary kept in its own table, in the entry's transaction.</summary>
public sealed class SummarisedPointsLedgerContract : PointsLedgerContract
{
    protected override Task<IPointsLedger> CreateAsync()
    {
        var tables = new InMemoryTables();
        return Task.FromResult<IPointsLedger>(new PointsLedgerStore(tables.Table<PointsEntryRow>(), new InMemoryQueryRunner(), tables.Table<PointsSummaryRow>(), tables));
    }
}

public sealed class TableLedgerDataContract : LedgerDataContract
{
    protected override Task<LedgerDataHandle> CreateAsync()
    {
        var ledger = new PointsLedgerStore(new InMemoryTables().Table<PointsEntryRow>(), new InMemoryQueryRunner());
        return Task.FromResult(new LedgerDataHandle(ledger, ledger, new InMemoryQueryRunner()));
    }
}

public sealed class TableTierStandingStoreContract : TierStandingStoreContract
{
    protected override Task<ITierStandingStore> CreateAsync() => Task.FromResult<ITierStandingStore>(
        new TierStandingStore(new InMemoryTables().Table<TierStandingRow>(), new InMemoryQueryRunner(), new TestClock(new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc))));
}

public sealed class TableCardStandingStoreContract : CardStandingStoreContract
{
    protected override Task<Retention.Core.Loyalty.Cards.ICardStandingStore> CreateAsync() => Task.FromResult<Retention.Core.Loyalty.Cards.ICardStandingStore>(
        new CardStandingStore(new InMemoryTables().Table<CardStandingRow>(), new InMemoryQueryRunner(), new TestClock(new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc))));
}

public sealed class TableCashbackStoreContract : CashbackStoreContract
{
    protected override Task<CashbackStore> CreateAsync() => Task.FromResult(
        new CashbackStore(new InMemoryTables().Table<CashbackPayoutRow>(), new InMemoryQueryRunner(), new TestClock(new DateTime(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc))));
}

public sealed class TableMembershipStoreContract : MembershipStoreContract
{
    protected override Task<MembershipStore> CreateAsync() => Task.FromResult(new MembershipStore(new InMemoryTables().Table<MembershipRow>(), new InMemoryQueryRunner()));
}
