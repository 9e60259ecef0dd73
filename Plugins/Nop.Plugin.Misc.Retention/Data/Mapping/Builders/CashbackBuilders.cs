using FluentMigrator.Builders.Create.Table;
using Nop.Data.Mapping.Builders;
using Nop.Plugin.Misc.Retention.Domain;
using Retention.Core.Common;

namespace Nop.Plugin.Misc.Retention.Data.Mapping.Builders;

/// <summary>The cashback payout's bounded, unique key (so a replayed night or two nodes pay once) and its short text columns.</summary>
public class RetentionCashbackPayoutBuilder : NopEntityBuilder<RetentionCashbackPayout>
{
    public override void MapEntity(CreateTableExpressionBuilder table) =>
        table.WithColumn(nameof(RetentionCashbackPayout.IdempotencyKey)).AsString(IdempotencyKey.MaxLength).NotNullable().Unique("UX_RetentionCashbackPayout_Key")
            .WithColumn(nameof(RetentionCashbackPayout.Period)).AsString(16).NotNullable()
            .WithColumn(nameof(RetentionCashbackPayout.GiftCardCode)).AsString(40).Nullable()
            .WithColumn(nameof(RetentionCashbackPayout.GiftCardId)).AsInt32().Nullable();
}
