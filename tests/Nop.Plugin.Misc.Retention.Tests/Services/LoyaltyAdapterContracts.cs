using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Tables;
using Retention.Testing.Contracts;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Services;

// The loyalty adapters run the same port contracts as the in-memory and sandbox implementations, over repositories
// that enforce the unique keys and a settings table that falls back to the all-stores values like nopCommerce's.

[TestFixture]
public sealed class NopLoyaltySettingsStoreContract : LoyaltySettingsStoreContract
{
    protected override Task<ILoyaltySettingsStore> CreateAsync()
    {
        var settings = new FakeSettings().Serve<RetentionLoyaltySettings>().Serve<RewardPointsSettings>();
        return Task.FromResult<ILoyaltySettingsStore>(new NopLoyaltySettingsStore(settings.Mock.Object));
    }
}

[TestFixture]
public sealed class NopTierStandingStoreContract : TierStandingStoreContract
{
    protected override Task<ITierStandingStore> CreateAsync()
    {
        var (repository, _) = FakeRepository.Create<RetentionTierStanding>(s => s.StoreCustomerKey);
        var runner = new InMemoryQueryRunner();
        return Task.FromResult<ITierStandingStore>(new TierStandingStore(new FakeNopTable<TierStandingRow, RetentionTierStanding>(repository.Object, runner), runner,
            new TestClock(new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc))));
    }
}

[TestFixture]
public sealed class NopReferralStoreContract : ReferralStoreContract
{
    protected override Task<IReferralStore> CreateAsync()
    {
        var (repository, _) = FakeRepository.Create<RetentionReferral>(r => r.StoreReferredKey);
        var runner = new InMemoryQueryRunner();
        return Task.FromResult<IReferralStore>(new ReferralStore(new FakeNopTable<ReferralRow, RetentionReferral>(repository.Object, runner), runner,
            new TestClock(new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc))));
    }
}

[TestFixture]
public sealed class NopLedgerDataContract : LedgerDataContract
{
    protected override Task<LedgerDataHandle> CreateAsync()
    {
        var (repository, _) = FakeRepository.Create<RetentionLedgerEntry>(e => e.IdempotencyKey);
        var runner = new InMemoryQueryRunner();
        var ledger = new PointsLedgerStore(new FakeNopTable<PointsEntryRow, RetentionLedgerEntry>(repository.Object, runner), runner);
        return Task.FromResult(new LedgerDataHandle(ledger, ledger, runner));
    }
}
