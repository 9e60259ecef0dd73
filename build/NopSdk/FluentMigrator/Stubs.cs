// Stand-ins for the FluentMigrator 7.1 types the plugin touches. Signatures only.
namespace FluentMigrator
{
    using FluentMigrator.Builders.Create;

    public abstract class MigrationBase
    {
        public ICreateExpressionRoot Create => throw null;
        public abstract void Up();
        public abstract void Down();
    }

    public abstract class Migration : MigrationBase
    {
    }

    public abstract class AutoReversingMigration : MigrationBase
    {
        public sealed override void Down() => throw null;
    }
}

namespace FluentMigrator.Builders.Create.Table
{
    using FluentMigrator.Builders;

    public class CreateTableExpressionBuilder : ICreateTableColumnAsTypeSyntax, ICreateTableColumnOptionOrForeignKeyCascadeOrWithColumnSyntax
    {
        public ICreateTableColumnAsTypeSyntax WithColumn(string name) => throw null;
        public ICreateTableColumnOptionOrWithColumnSyntax AsString(int size) => throw null;
        public ICreateTableColumnOptionOrWithColumnSyntax AsInt32() => throw null;
        public ICreateTableColumnOptionOrWithColumnSyntax AsDateTime2() => throw null;
        public ICreateTableColumnOptionOrWithColumnSyntax NotNullable() => throw null;
        public ICreateTableColumnOptionOrWithColumnSyntax Nullable() => throw null;
        public ICreateTableColumnOptionOrWithColumnSyntax Unique() => throw null;
        public ICreateTableColumnOptionOrWithColumnSyntax Unique(string indexName) => throw null;
    }
}
