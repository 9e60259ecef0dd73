using System.Reflection;
using FluentMigrator;
using FluentMigrator.Expressions;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Conventions;
using FluentMigrator.Runner.VersionTableInfo;
using Microsoft.Extensions.DependencyInjection;
using Nop.Data.Migrations;

namespace Nop.Data.Testing;

/// <summary>
/// nopCommerce's migration manager (Nop.Data/Migrations/MigrationManager.cs) over FluentMigrator's runner, configured as
/// Nop.Data/NopDbStartup.cs does: the MigrationVersionInfo version table, the PostgreSQL / MySQL 5 processors, and the
/// column convention that makes every string column citext on PostgreSQL (NopColumnsConvention.cs).
/// How the plugin service calls it: install = <see cref="ApplyUpMigrations"/>(Installation) then the Update ones marked
/// applied without running; update = ApplyUpMigrations(Update); uninstall = <see cref="ApplyDownMigrations"/>
/// (Nop.Services/Plugins/PluginService.cs, InsertPluginData and UninstallPluginsAsync).
/// </summary>
public sealed class MigrationManager : IDisposable
{
    private readonly ServiceProvider _services;

    public MigrationManager(NopDatabase database, params Assembly[] assemblies)
    {
        _services = new ServiceCollection()
            .AddFluentMigratorCore()
            .AddScoped<IConventionSet>(_ => Conventions(database.Kind))
            .ConfigureRunner(runner =>
            {
                if (database.Kind == DatabaseKind.PostgreSQL)
                    runner.AddPostgres92();
                else
                    runner.AddMySql5();
                runner.WithGlobalConnectionString(database.ConnectionString)
                    .WithVersionTable(new MigrationVersionInfo())
                    .WithGlobalCommandTimeout(TimeSpan.FromSeconds(database.CommandTimeoutSeconds))
                    .ScanIn(assemblies).For.Migrations();
            })
            .BuildServiceProvider();
    }

    /// <summary>Runs Up of every migration of <paramref name="assembly"/> not applied yet that targets <paramref name="process"/>
    /// (or no particular process), in version order, recording each; with <paramref name="commitVersionOnly"/>, records without running.</summary>
    public void ApplyUpMigrations(Assembly assembly, MigrationProcessType process = MigrationProcessType.Installation, bool commitVersionOnly = false)
    {
        using var scope = _services.CreateScope();
        var runner = scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
        var versions = scope.ServiceProvider.GetRequiredService<IVersionLoader>();
        foreach (var (migration, attribute) in Find(scope.ServiceProvider, versions, assembly, commitVersionOnly && process != MigrationProcessType.NoMatter, process, applied: false)
                     .OrderBy(m => m.Attribute.Version))
        {
            if (!commitVersionOnly)
                runner.Up(migration);
            versions.UpdateVersionInfo(attribute.Version, attribute.Description ?? migration.GetType().Name);
        }
    }

    /// <summary>Runs Up of one migration and records it (upstream's public ApplyUpMigration): how a test rebuilds the
    /// schema an earlier release left behind.</summary>
    public void ApplyUpMigration(Type migrationType)
    {
        using var scope = _services.CreateScope();
        var attribute = migrationType.GetCustomAttribute<NopMigrationAttribute>()
            ?? throw new ArgumentException($"{migrationType} has no NopMigration attribute.", nameof(migrationType));
        scope.ServiceProvider.GetRequiredService<IMigrationRunner>().Up((IMigration)ActivatorUtilities.CreateInstance(scope.ServiceProvider, migrationType));
        scope.ServiceProvider.GetRequiredService<IVersionLoader>().UpdateVersionInfo(attribute.Version, attribute.Description ?? migrationType.Name);
    }

    /// <summary>
    /// Creates tables for nopCommerce's own entities (the stand-ins' classes) with the same TableFor rules its installer
    /// uses, so the plugin's store-data adapters query real tables. Not recorded as a migration: the store owns them.
    /// </summary>
    public void CreateStoreTables(params Type[] entities)
    {
        using var scope = _services.CreateScope();
        scope.ServiceProvider.GetRequiredService<IMigrationRunner>().Up(new StoreTables(entities));
    }

    private sealed class StoreTables(Type[] entities) : Migration
    {
        public override void Up()
        {
            foreach (var entity in entities)
                TableShape.Retrieve((FluentMigrator.Builders.Create.Table.CreateTableExpressionBuilder)Create.Table(entity.Name), entity);
        }

        public override void Down() => throw new NotSupportedException("The store's own tables are never dropped by the tests' runtime.");
    }

    /// <summary>Runs Down of every applied migration of <paramref name="assembly"/>, newest first, deleting each version row.</summary>
    public void ApplyDownMigrations(Assembly assembly)
    {
        using var scope = _services.CreateScope();
        var runner = scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
        var versions = scope.ServiceProvider.GetRequiredService<IVersionLoader>();
        foreach (var (migration, attribute) in Find(scope.ServiceProvider, versions, assembly, false, MigrationProcessType.NoMatter, applied: true)
                     .OrderByDescending(m => m.Attribute.Version))
        {
            runner.Down(migration);
            versions.DeleteVersion(attribute.Version);
        }
    }

    /// <summary>The versions recorded as applied.</summary>
    public IReadOnlyList<long> AppliedVersions()
    {
        using var scope = _services.CreateScope();
        var versions = scope.ServiceProvider.GetRequiredService<IVersionLoader>();
        versions.LoadVersionInfo();
        return versions.VersionInfo.AppliedMigrations().OrderBy(v => v).ToList();
    }

    public void Dispose() => _services.Dispose();

    // MigrationManager.GetMigrations: the same filter, in the same order of tests.
    private static IEnumerable<(IMigration Migration, NopMigrationAttribute Attribute)> Find(IServiceProvider services, IVersionLoader versions, Assembly assembly,
        bool exactlyProcessType, MigrationProcessType process, bool applied)
    {
        versions.LoadVersionInfo();
        foreach (var type in assembly.GetTypes().Where(t => !t.IsAbstract && typeof(IMigration).IsAssignableFrom(t)))
        {
            var attribute = type.GetCustomAttribute<NopMigrationAttribute>();
            if (attribute == null)
                continue;
            if (applied != versions.VersionInfo.HasAppliedMigration(attribute.Version))
                continue;
            if (exactlyProcessType && process != attribute.TargetMigrationProcess)
                continue;
            if (attribute.TargetMigrationProcess != MigrationProcessType.NoMatter && process != MigrationProcessType.NoMatter && process != attribute.TargetMigrationProcess)
                continue;
            yield return ((IMigration)ActivatorUtilities.CreateInstance(services, type), attribute);
        }
    }

    private static IConventionSet Conventions(DatabaseKind kind)
    {
        var conventions = new DefaultConventionSet();
        if (kind == DatabaseKind.PostgreSQL)
            conventions.ColumnsConventions.Insert(0, new CitextColumns());
        return conventions;
    }

    /// <summary>NopColumnsConvention: on PostgreSQL every string column, bounded or not, is created as citext.</summary>
    private sealed class CitextColumns : IColumnsConvention
    {
        public IColumnsExpression Apply(IColumnsExpression expression)
        {
            foreach (var column in expression.Columns.Where(c => c.Type == System.Data.DbType.String))
            {
                column.Type = null;
                column.CustomType = "citext";
            }
            return expression;
        }
    }

    /// <summary>Nop.Data/Migrations/MigrationVersionInfo.cs: the version table's names.</summary>
    private sealed class MigrationVersionInfo : IVersionTableMetaData
    {
        public bool OwnsSchema => true;
        public string SchemaName => string.Empty;
        public string TableName => nameof(MigrationVersionInfo);
        public string ColumnName => "Version";
        public string DescriptionColumnName => "Description";
        public string UniqueIndexName => "UC_Version";
        public string AppliedOnColumnName => "AppliedOn";
        public bool CreateWithPrimaryKey => false;
    }
}
