using FluentMigrator.Builders.Create.Table;
using Nop.Data.Mapping.Builders;
using Nop.Plugin.Misc.Retention.Domain;

namespace Nop.Plugin.Misc.Retention.Data.Mapping.Builders;

// As the tier standings: the (store, customer) pair as one bounded unique column, so a racing second insert fails.
public class RetentionCardStandingBuilder : NopEntityBuilder<RetentionCardStanding>
{
    public override void MapEntity(CreateTableExpressionBuilder table) =>
        table.WithColumn(nameof(RetentionCardStanding.StoreCustomerKey)).AsString(32).NotNullable().Unique("UX_RetentionCardStanding_StoreCustomer");
}

/// <summary>The points summary: one row per (store, customer), the pair as one bounded unique column like the standings.</summary>
public class RetentionPointsSummaryBuilder : NopEntityBuilder<RetentionPointsSummary>
{
    public override void MapEntity(CreateTableExpressionBuilder table) =>
        table.WithColumn(nameof(RetentionPointsSummary.StoreCustomerKey)).AsString(32).NotNullable().Unique("UX_RetentionPointsSummary_StoreCustomer");
}
