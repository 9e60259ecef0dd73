using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Core.Coupons;
using Retention.Core.Locking;
using Retention.Core.Loyalty;
using Retention.Core.Messaging;
using Retention.Core.Workflows;
using Retention.Testing.Contracts;
using Retention.Testing.InMemory;

namespace Retention.Core.Tests.Contracts;

// The in-memory doubles the Core tests use must honour the same contracts as the real adapters, or a Core
// test could pass against behaviour no database has.

public sealed class InMemoryPointsLedgerContract : PointsLedgerContract
{
    protected override Task<IPointsLedger> CreateAsync() => Task.FromResult<IPointsLedger>(new InMemoryPointsLedger());
}

public sealed class InMemoryMessageOutboxContract : MessageOutboxContract
{
    protected override Task<IMessageOutbox> CreateAsync() => Task.FromResult<IMessageOutbox>(new InMemoryMessageOutbox());
}

/// <summary>Core's outbox over the in-memory table: the rule every host's outbox runs.</summary>
public sealed class TableOutboxStoreContract : MessageOutboxContract
{
    protected override Task<IMessageOutbox> CreateAsync() => Task.FromResult<IMessageOutbox>(
        new Retention.Core.Tables.OutboxStore(new InMemoryTables().Table<Retention.Core.Tables.OutboxRow>(), new InMemoryQueryRunner(), NoDelivery.Instance));
}

public sealed class InMemoryCouponIssuerContract : CouponIssuerContract
{
    protected override Task<ICouponIssuer> CreateAsync() => Task.FromResult<ICouponIssuer>(new InMemoryCouponIssuer());

    protected override Task MarkUsedAsync(IssuedCoupon coupon, CouponRequest request)
    {
        ((InMemoryCouponIssuer)Port).MarkUsed(coupon.Code);
        return Task.CompletedTask;
    }
}

public sealed class InMemoryDistributedLockContract : DistributedLockContract
{
    protected override Task<IDistributedLock> CreateAsync() => Task.FromResult<IDistributedLock>(new InMemoryDistributedLock());

    protected override Task<IDistributedLock> CreateSecondNodeAsync() => Task.FromResult(Port);
}

public sealed class InMemoryOptionsStoreContract : OptionsStoreContract
{
    protected override Task<IOptionsStore> CreateAsync() => Task.FromResult<IOptionsStore>(new InMemoryOptionsStore());
}

public sealed class InMemoryStoreDataContract : StoreDataContract
{
    protected override Task<StoreDataHandle> CreateWithAsync(StoreSeed seed)
    {
        var data = new InMemoryStoreData();
        data.CustomerList.AddRange(seed.Customers);
        data.OrderList.AddRange(seed.Orders);
        data.OrderLineList.AddRange(seed.OrderLines);
        data.CartItemList.AddRange(seed.CartItems);
        data.ProductReviewList.AddRange(seed.ProductReviews);
        return Task.FromResult(new StoreDataHandle(data, new InMemoryQueryRunner()));
    }
}

public sealed class InMemoryLoyaltySettingsStoreContract : LoyaltySettingsStoreContract
{
    protected override Task<ILoyaltySettingsStore> CreateAsync() => Task.FromResult<ILoyaltySettingsStore>(new InMemoryLoyaltySettingsStore());
}

public sealed class InMemoryTierStandingStoreContract : TierStandingStoreContract
{
    protected override Task<ITierStandingStore> CreateAsync() => Task.FromResult<ITierStandingStore>(new InMemoryTierStandingStore());
}

public sealed class InMemoryReferralStoreContract : ReferralStoreContract
{
    protected override Task<IReferralStore> CreateAsync() => Task.FromResult<IReferralStore>(new InMemoryReferralStore());
}

public sealed class InMemoryLedgerDataContract : LedgerDataContract
{
    protected override Task<LedgerDataHandle> CreateAsync()
    {
        var ledger = new InMemoryPointsLedger();
        return Task.FromResult(new LedgerDataHandle(ledger, new InMemoryLedgerData(ledger), new InMemoryQueryRunner()));
    }
}

public sealed class InMemoryLoyaltyStoreQueriesContract : LoyaltyStoreQueriesContract
{
    protected override Task<StoreDataHandle> CreateWithAsync(StoreSeed seed)
    {
        var data = new InMemoryStoreData();
        data.CustomerList.AddRange(seed.Customers);
        data.OrderList.AddRange(seed.Orders);
        data.OrderLineList.AddRange(seed.OrderLines);
        data.CartItemList.AddRange(seed.CartItems);
        data.ProductReviewList.AddRange(seed.ProductReviews);
        return Task.FromResult(new StoreDataHandle(data, new InMemoryQueryRunner()));
    }
}

public sealed class InMemoryWorkflowSettingsStoreContract : WorkflowSettingsStoreContract
{
    protected override Task<IWorkflowSettingsStore> CreateAsync() => Task.FromResult<IWorkflowSettingsStore>(new InMemoryWorkflowSettingsStore());
}

public sealed class InMemoryEnrollmentStoreContract : EnrollmentStoreContract
{
    protected override Task<IEnrollmentStore> CreateAsync() => Task.FromResult<IEnrollmentStore>(new InMemoryWorkflowStores());
}

public sealed class InMemoryWorkflowEventStoreContract : WorkflowEventStoreContract
{
    protected override Task<IWorkflowEventStore> CreateAsync() => Task.FromResult<IWorkflowEventStore>(new InMemoryWorkflowStores());
}

public sealed class InMemorySurveyStoreContract : SurveyStoreContract
{
    protected override Task<ISurveyStore> CreateAsync() => Task.FromResult<ISurveyStore>(new InMemoryWorkflowStores());
}

public sealed class InMemoryWorkflowStepWriterContract : WorkflowStepWriterContract
{
    protected override Task<StepWriterHandle> CreateAsync()
    {
        var (stores, outbox) = (new InMemoryWorkflowStores(), new InMemoryMessageOutbox());
        return Task.FromResult(new StepWriterHandle(new InMemoryWorkflowStepWriter(stores, outbox), stores, stores, outbox));
    }
}

public sealed class FakeContactDirectoryContract : ContactDirectoryContract
{
    protected override Task<IContactDirectory> CreateWithAsync(StoreId store, IReadOnlyCollection<CustomerId> existing, IReadOnlyCollection<CustomerId> missing,
        IReadOnlyCollection<CustomerId>? erased = null)
    {
        var directory = new FakeContactDirectory();
        foreach (var customer in missing)
            directory.Set(store, customer, null);
        foreach (var customer in erased ?? [])
            directory.Set(store, customer, new ContactFacts(null, null, Active: false, Deleted: true, false, false, TimeZoneInfo.Utc));
        return Task.FromResult<IContactDirectory>(directory);
    }
}

public sealed class InMemoryTableContract : TableContract
{
    protected override Task<TableHandle> CreateAsync()
    {
        var database = new Retention.Testing.InMemory.InMemoryTables();
        var table = database.Table<Retention.Core.Tables.EnrollmentRow>();
        var events = database.Table<Retention.Core.Tables.WorkflowEventRow>();
        return Task.FromResult(new TableHandle(table, database, table, database, new InMemoryQueryRunner()) { Events = events, OtherEvents = events });
    }
}

public sealed class TableEnrollmentStoreContract : EnrollmentStoreContract
{
    protected override Task<IEnrollmentStore> CreateAsync() => Task.FromResult<IEnrollmentStore>(
        new Retention.Core.Tables.EnrollmentStore(new InMemoryTables().Table<Retention.Core.Tables.EnrollmentRow>(), new InMemoryQueryRunner()));
}

public sealed class TableWorkflowStepWriterContract : WorkflowStepWriterContract
{
    protected override Task<StepWriterHandle> CreateAsync()
    {
        var database = new InMemoryTables();
        var enrollments = new Retention.Core.Tables.EnrollmentStore(database.Table<Retention.Core.Tables.EnrollmentRow>(), new InMemoryQueryRunner());
        var events = new Retention.Core.Tables.WorkflowEventStore(database.Table<Retention.Core.Tables.WorkflowEventRow>(), new InMemoryQueryRunner());
        var outbox = new Retention.Core.Tables.OutboxStore(database.Table<Retention.Core.Tables.OutboxRow>(), new InMemoryQueryRunner(), NoDelivery.Instance);
        return Task.FromResult(new StepWriterHandle(new Retention.Core.Tables.WorkflowStepWriter(database, enrollments, events, outbox), enrollments, events, outbox));
    }
}

// Core's table stores over the in-memory table: the same stores every host runs, so a contract case fails here first.

public sealed class TableReferralStoreContract : ReferralStoreContract
{
    protected override Task<IReferralStore> CreateAsync() => Task.FromResult<IReferralStore>(
        new Retention.Core.Tables.ReferralStore(new InMemoryTables().Table<Retention.Core.Tables.ReferralRow>(), new InMemoryQueryRunner(), new TestClock(Retention.Testing.Builders.Build.Epoch)));
}

public sealed class TableUnsubscribeStoreContract : UnsubscribeStoreContract
{
    protected override Task<Retention.Core.Tables.UnsubscribeStore> CreateAsync() => Task.FromResult(
        new Retention.Core.Tables.UnsubscribeStore(new InMemoryTables().Table<Retention.Core.Tables.UnsubscribeRow>(), new InMemoryQueryRunner()));
}

public sealed class TableCouponStoreContract : CouponIssuerContract
{
    private readonly InMemoryCouponDiscounts _discounts = new();

    protected override Task<ICouponIssuer> CreateAsync() => Task.FromResult<ICouponIssuer>(
        new Retention.Core.Tables.CouponStore(new InMemoryTables().Table<Retention.Core.Tables.CouponRow>(), _discounts, new InMemoryQueryRunner(), new TestClock(Retention.Testing.Builders.Build.Epoch)));

    protected override Task MarkUsedAsync(IssuedCoupon coupon, CouponRequest request)
    {
        _discounts.MarkUsed(coupon.Code);
        return Task.CompletedTask;
    }
}

public sealed class TableStampStoreContract : StampStoreContract
{
    protected override Task<Retention.Core.Tables.StampStore> CreateAsync() => Task.FromResult(
        new Retention.Core.Tables.StampStore(new InMemoryTables().Table<Retention.Core.Tables.StampRow>(), new InMemoryQueryRunner()));
}
