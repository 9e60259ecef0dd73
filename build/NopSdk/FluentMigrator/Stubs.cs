// Stand-ins for the FluentMigrator 7.1 types the plugin touches. Signatures only.
namespace FluentMigrator
{
    using FluentMigrator.Builders.Create;

    public abstract class MigrationBase
    {
        public ICreateExpressionRoot Create => throw null;
        public FluentMigrator.Builders.Alter.IAlterExpressionRoot Alter => throw null;
        public FluentMigrator.Builders.Schema.ISchemaExpressionRoot Schema => throw null;
        public abstract void Up();
        public abstract void Down();
    }

    public abstract class Migration : MigrationBase
    {
        public FluentMigrator.Builders.Delete.IDeleteExpressionRoot Delete => throw null;
    }

    public abstract class AutoReversingMigration : MigrationBase
    {
        public sealed override void Down() => throw null;
    }
}

namespace FluentMigrator.Builders.Create.Table
{
    // Upstream it also implements the fluent interfaces (and inherits the As*() column types from a base class);
    // the plugin only calls WithColumn on the class itself, the rest of each chain goes through the interfaces.
    public class CreateTableExpressionBuilder
    {
        public ICreateTableColumnAsTypeSyntax WithColumn(string name) => throw null;
    }
}
