using FluentMigrator;
using Nop.Core;
using Nop.Data.Extensions;

namespace Nop.Plugin.Misc.Retention.Data.Migrations;

/// <summary>
/// The base of the plugin's migrations: every step is taken only when the database does not show it done yet, and Down
/// undoes only what is there. nopCommerce runs an install again at every start until it succeeds, and MySQL / MariaDB
/// do not roll back the DDL of a migration that fails half-way; so a migration must finish on any schema an earlier
/// release, an interrupted install or today's <c>TableFor</c> (which maps every property of today's entity) left behind.
/// Down is written out, not auto-reversed: an auto-reversing migration reverses the expressions its Up would issue at
/// uninstall time, and a guarded Up issues none for what already exists, so nothing would be dropped.
/// </summary>
public abstract class RetentionMigration : Migration
{
    /// <summary>Creates <typeparamref name="TEntity"/>'s table, unless it exists.</summary>
    protected void CreateTableIfMissing<TEntity>() where TEntity : BaseEntity
    {
        if (!Schema.Table(typeof(TEntity).Name).Exists())
            Create.TableFor<TEntity>();
    }

    /// <summary>Drops <typeparamref name="TEntity"/>'s table, if it exists.</summary>
    protected void DeleteTableIfExists<TEntity>() where TEntity : BaseEntity
    {
        if (Schema.Table(typeof(TEntity).Name).Exists())
            Delete.Table(typeof(TEntity).Name);
    }

    /// <summary>Creates an ascending index over <paramref name="columns"/>, unless an index of that name is on the table.</summary>
    protected void CreateIndexIfMissing(string table, string name, params string[] columns)
    {
        if (Schema.Table(table).Index(name).Exists())
            return;
        FluentMigrator.Builders.Create.Index.ICreateIndexOnColumnSyntax index = Create.Index(name).OnTable(table);
        foreach (var column in columns)
            index = index.OnColumn(column).Ascending();
    }
}
