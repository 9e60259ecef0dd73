using FluentMigrator.Builders.Create.Table;
using Nop.Data.Mapping.Builders;
using Nop.Plugin.Misc.Retention.Domain;
using Retention.Core.Common;

namespace Nop.Plugin.Misc.Retention.Data.Mapping.Builders;

/// <summary>The membership fact's bounded, unique key: a replayed event or two nodes record each fact once.</summary>
public class RetentionMembershipBuilder : NopEntityBuilder<RetentionMembership>
{
    public override void MapEntity(CreateTableExpressionBuilder table) =>
        table.WithColumn(nameof(RetentionMembership.IdempotencyKey)).AsString(IdempotencyKey.MaxLength).NotNullable().Unique("UX_RetentionMembership_Key");
}
