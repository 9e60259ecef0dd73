using FluentMigrator.Builders.Create.Table;
using Nop.Data.Mapping.Builders;
using Nop.Plugin.Misc.Retention.Domain;
using Retention.Core.Common;

namespace Nop.Plugin.Misc.Retention.Data.Mapping.Builders;

// Each table that records a side effect has a unique, bounded key column: unbounded strings (nvarchar(max))
// cannot carry a unique index on SQL Server, and the index is what makes replays and racing nodes harmless.
// Every other column keeps nopCommerce's default mapping.

public class RetentionLedgerEntryBuilder : NopEntityBuilder<RetentionLedgerEntry>
{
    public override void MapEntity(CreateTableExpressionBuilder table) =>
        table.WithColumn(nameof(RetentionLedgerEntry.IdempotencyKey)).AsString(IdempotencyKey.MaxLength).NotNullable().Unique("UX_RetentionLedgerEntry_Key");
}

public class RetentionOutboxMessageBuilder : NopEntityBuilder<RetentionOutboxMessage>
{
    public override void MapEntity(CreateTableExpressionBuilder table) =>
        table.WithColumn(nameof(RetentionOutboxMessage.IdempotencyKey)).AsString(IdempotencyKey.MaxLength).NotNullable().Unique("UX_RetentionOutboxMessage_Key");
}

public class RetentionCouponBuilder : NopEntityBuilder<RetentionCoupon>
{
    public override void MapEntity(CreateTableExpressionBuilder table) =>
        table.WithColumn(nameof(RetentionCoupon.IdempotencyKey)).AsString(IdempotencyKey.MaxLength).NotNullable().Unique("UX_RetentionCoupon_Key")
            .WithColumn(nameof(RetentionCoupon.Code)).AsString(64).NotNullable().Unique("UX_RetentionCoupon_Code");
}

public class RetentionMetricsSnapshotBuilder : NopEntityBuilder<RetentionMetricsSnapshot>
{
    public override void MapEntity(CreateTableExpressionBuilder table) =>
        table.WithColumn(nameof(RetentionMetricsSnapshot.IdempotencyKey)).AsString(IdempotencyKey.MaxLength).NotNullable().Unique("UX_RetentionMetricsSnapshot_Key");
}

// One row per (store, customer): the pair is kept as one bounded key column with a unique index, like the keyed
// tables above, so a racing second insert fails instead of creating a twin.
public class RetentionTierStandingBuilder : NopEntityBuilder<RetentionTierStanding>
{
    public override void MapEntity(CreateTableExpressionBuilder table) =>
        table.WithColumn(nameof(RetentionTierStanding.StoreCustomerKey)).AsString(32).NotNullable().Unique("UX_RetentionTierStanding_StoreCustomer")
            .WithColumn(nameof(RetentionTierStanding.Tier)).AsString(100).Nullable();
}

public class RetentionReferralBuilder : NopEntityBuilder<RetentionReferral>
{
    public override void MapEntity(CreateTableExpressionBuilder table) =>
        table.WithColumn(nameof(RetentionReferral.StoreReferredKey)).AsString(32).NotNullable().Unique("UX_RetentionReferral_StoreReferred");
}

public class RetentionStampBuilder : NopEntityBuilder<RetentionStamp>
{
    public override void MapEntity(CreateTableExpressionBuilder table) =>
        table.WithColumn(nameof(RetentionStamp.IdempotencyKey)).AsString(IdempotencyKey.MaxLength).NotNullable().Unique("UX_RetentionStamp_Key")
            .WithColumn(nameof(RetentionStamp.CouponCode)).AsString(64).Nullable();
}

// Challenges and badges: each completion, badge and opt-in once, by its key.
public class RetentionChallengeRecordBuilder : NopEntityBuilder<RetentionChallengeRecord>
{
    public override void MapEntity(CreateTableExpressionBuilder table) =>
        table.WithColumn(nameof(RetentionChallengeRecord.RecordKey)).AsString(IdempotencyKey.MaxLength).NotNullable().Unique("UX_RetentionChallengeRecord_Key")
            .WithColumn(nameof(RetentionChallengeRecord.Subject)).AsString(100).NotNullable()
            .WithColumn(nameof(RetentionChallengeRecord.CouponCode)).AsString(64).Nullable();
}
