using FluentMigrator.Builders.Create.Table;
using Nop.Data.Mapping.Builders;
using Nop.Plugin.Misc.Retention.Domain;

namespace Nop.Plugin.Misc.Retention.Data.Mapping.Builders;

/// <summary>The changed-customers feed: read by id after a watermark (the key), deleted by age.</summary>
public class RetentionChangedCustomerBuilder : NopEntityBuilder<RetentionChangedCustomer>
{
    public override void MapEntity(CreateTableExpressionBuilder table) =>
        table.WithColumn(nameof(RetentionChangedCustomer.ChangeKey)).AsString(40).NotNullable().Unique("UX_RetentionChangedCustomer_ChangeKey");
}
