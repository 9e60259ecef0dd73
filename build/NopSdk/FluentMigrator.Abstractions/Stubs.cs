// Stand-ins for the FluentMigrator.Abstractions 7.1 types the plugin touches. Signatures only.

namespace FluentMigrator.Infrastructure
{
    public interface IFluentSyntax
    {
    }
}

namespace FluentMigrator
{
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public class MigrationAttribute : Attribute
    {
        public MigrationAttribute(long version, string description) => throw null;
        public MigrationAttribute(long version, TransactionBehavior transactionBehavior = TransactionBehavior.Default, string description = null) => throw null;
        public long Version { get; }
        public string Description { get; }
    }

    public enum TransactionBehavior
    {
        Default = 0,
        None = 1,
    }
}

namespace FluentMigrator.Builders
{
    using FluentMigrator.Infrastructure;

    public interface IColumnTypeSyntax<TNext> : IFluentSyntax where TNext : IFluentSyntax
    {
        TNext AsString(int size);
        TNext AsInt32();
        TNext AsDateTime2();
    }

    public interface IColumnOptionSyntax<TNext, TNextFk> : IFluentSyntax where TNext : IFluentSyntax where TNextFk : IFluentSyntax
    {
        TNext NotNullable();
        TNext Nullable();
        TNext Unique();
        TNext Unique(string indexName);
    }
}


namespace FluentMigrator.Builders.Create.Table
{
    using FluentMigrator.Builders;
    using FluentMigrator.Infrastructure;

    public interface ICreateTableWithColumnSyntax : IFluentSyntax
    {
        ICreateTableColumnAsTypeSyntax WithColumn(string name);
    }

    public interface ICreateTableColumnAsTypeSyntax : IColumnTypeSyntax<ICreateTableColumnOptionOrWithColumnSyntax>
    {
    }

    public interface ICreateTableColumnOptionOrWithColumnSyntax
        : IColumnOptionSyntax<ICreateTableColumnOptionOrWithColumnSyntax, ICreateTableColumnOptionOrForeignKeyCascadeOrWithColumnSyntax>,
          ICreateTableWithColumnSyntax
    {
    }

    public interface ICreateTableColumnOptionOrForeignKeyCascadeOrWithColumnSyntax : ICreateTableColumnOptionOrWithColumnSyntax
    {
    }
}

namespace FluentMigrator.Builders.Create
{
    using FluentMigrator.Infrastructure;

    public interface ICreateExpressionRoot : IFluentSyntax
    {
        FluentMigrator.Builders.Create.Index.ICreateIndexForTableSyntax Index(string indexName);
    }
}

namespace FluentMigrator.Builders.Alter
{
    using FluentMigrator.Builders.Alter.Table;
    using FluentMigrator.Infrastructure;

    public interface IAlterExpressionRoot : IFluentSyntax
    {
        IAlterTableAddColumnOrAlterColumnOrSchemaOrDescriptionSyntax Table(string tableName);
    }
}

namespace FluentMigrator.Builders.Alter.Table
{
    using FluentMigrator.Builders;
    using FluentMigrator.Infrastructure;

    public interface IAlterTableAddColumnOrAlterColumnSyntax : IFluentSyntax
    {
        IAlterTableColumnAsTypeSyntax AddColumn(string name);
    }

    public interface IAlterTableAddColumnOrAlterColumnOrSchemaSyntax : IAlterTableAddColumnOrAlterColumnSyntax
    {
    }

    public interface IAlterTableAddColumnOrAlterColumnOrSchemaOrDescriptionSyntax : IAlterTableAddColumnOrAlterColumnOrSchemaSyntax
    {
    }

    public interface IAlterTableColumnAsTypeSyntax : IColumnTypeSyntax<IAlterTableColumnOptionOrAddColumnOrAlterColumnSyntax>
    {
    }

    public interface IAlterTableColumnOptionOrAddColumnOrAlterColumnSyntax
        : IColumnOptionSyntax<IAlterTableColumnOptionOrAddColumnOrAlterColumnSyntax, IAlterTableColumnOptionOrAddColumnOrAlterColumnOrForeignKeyCascadeSyntax>,
          IAlterTableAddColumnOrAlterColumnSyntax
    {
    }

    public interface IAlterTableColumnOptionOrAddColumnOrAlterColumnOrForeignKeyCascadeSyntax : IAlterTableColumnOptionOrAddColumnOrAlterColumnSyntax
    {
    }
}

namespace FluentMigrator.Builders.Create.Index
{
    using FluentMigrator.Infrastructure;

    public interface ICreateIndexForTableSyntax : IFluentSyntax
    {
        ICreateIndexOnColumnOrInSchemaSyntax OnTable(string tableName);
    }

    public interface ICreateIndexOnColumnSyntax : IFluentSyntax
    {
        ICreateIndexColumnOptionsSyntax OnColumn(string columnName);
    }

    public interface ICreateIndexOnColumnOrInSchemaSyntax : ICreateIndexOnColumnSyntax
    {
    }

    public interface ICreateIndexColumnOptionsSyntax : IFluentSyntax
    {
        ICreateIndexMoreColumnOptionsSyntax Ascending();
    }

    public interface ICreateIndexMoreColumnOptionsSyntax : ICreateIndexOnColumnSyntax
    {
    }
}

namespace FluentMigrator.Builders
{
    using FluentMigrator.Infrastructure;

    public interface IInSchemaSyntax : IFluentSyntax
    {
    }

    public interface IIfExistsOrInSchemaSyntax : IInSchemaSyntax
    {
    }
}

namespace FluentMigrator.Builders.Schema
{
    using FluentMigrator.Builders.Schema.Table;

    public interface ISchemaExpressionRoot
    {
        ISchemaTableSyntax Table(string tableName);
    }
}

namespace FluentMigrator.Builders.Schema.Table
{
    using FluentMigrator.Builders.Schema.Column;
    using FluentMigrator.Builders.Schema.Index;

    public interface ISchemaTableSyntax
    {
        bool Exists();
        ISchemaColumnSyntax Column(string column);
        ISchemaIndexSyntax Index(string indexName);
    }
}

namespace FluentMigrator.Builders.Schema.Column
{
    public interface ISchemaColumnSyntax
    {
        bool Exists();
    }
}

namespace FluentMigrator.Builders.Schema.Index
{
    public interface ISchemaIndexSyntax
    {
        bool Exists();
    }
}

namespace FluentMigrator.Builders.Delete
{
    using FluentMigrator.Builders.Delete.Column;
    using FluentMigrator.Infrastructure;

    public interface IDeleteExpressionRoot : IFluentSyntax
    {
        IIfExistsOrInSchemaSyntax Table(string tableName);
        IDeleteColumnFromTableSyntax Column(string columnName);
    }
}

namespace FluentMigrator.Builders.Delete.Column
{
    using FluentMigrator.Infrastructure;

    public interface IDeleteColumnFromTableSyntax : IFluentSyntax
    {
        IInSchemaSyntax FromTable(string tableName);
    }
}
