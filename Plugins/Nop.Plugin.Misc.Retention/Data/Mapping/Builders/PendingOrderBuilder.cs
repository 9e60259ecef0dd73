using FluentMigrator.Builders.Create.Table;
using Nop.Data.Mapping.Builders;
using Nop.Plugin.Misc.Retention.Domain;

namespace Nop.Plugin.Misc.Retention.Data.Mapping.Builders;

public class RetentionPendingOrderBuilder : NopEntityBuilder<RetentionPendingOrder>
{
    public override void MapEntity(CreateTableExpressionBuilder table) =>
        table.WithColumn(nameof(RetentionPendingOrder.OrderId)).AsInt32().NotNullable().Unique("UX_RetentionPendingOrder_Order")
            .WithColumn(nameof(RetentionPendingOrder.LastError)).AsString(400).Nullable();
}
