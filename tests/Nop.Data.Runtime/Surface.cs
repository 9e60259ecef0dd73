// The members the plugin binds to, with the signatures of build/NopSdk/Nop.Data (nopCommerce 4.90.3) and real bodies.
// What each body reproduces, and from which nopCommerce file, is in BEHAVIOUR.md.
using System.Linq.Expressions;
using FluentMigrator;
using FluentMigrator.Builders.Create;
using FluentMigrator.Builders.Create.Table;
using LinqToDB.Async;
using Nop.Core;
using Nop.Data.Testing;

namespace Nop.Data
{
    public partial interface IRepository<TEntity> where TEntity : BaseEntity
    {
        IQueryable<TEntity> Table { get; }
        Task InsertAsync(TEntity entity, bool publishEvent = true);
        Task UpdateAsync(TEntity entity, bool publishEvent = true);
        Task DeleteAsync(TEntity entity, bool publishEvent = true);
    }
}

namespace Nop.Data
{
    public enum DataProviderType
    {
        Unknown,
        SqlServer,
        MySql,
        PostgreSQL,
    }

    public partial class DataConfig
    {
        public DataProviderType DataProvider { get; set; }
    }

    /// <summary>Upstream reads App_Data/appsettings.json; here the settings are those of the current test database.</summary>
    public static partial class DataSettingsManager
    {
        public static DataConfig LoadSettings(Nop.Core.Infrastructure.INopFileProvider fileProvider = null, bool reload = false) =>
            new()
            {
                DataProvider = NopDatabase.Current?.Kind switch
                {
                    DatabaseKind.PostgreSQL => DataProviderType.PostgreSQL,
                    DatabaseKind.MySql => DataProviderType.MySql,
                    _ => DataProviderType.Unknown,
                },
            };
    }
}

namespace Nop.Data.Mapping.Builders
{
    public partial interface IEntityBuilder
    {
        void MapEntity(CreateTableExpressionBuilder table);
    }

    public abstract partial class NopEntityBuilder<TEntity> : IEntityBuilder where TEntity : BaseEntity
    {
        public abstract void MapEntity(CreateTableExpressionBuilder table);
    }
}

namespace Nop.Data.Extensions
{
    public static partial class FluentMigratorExtensions
    {
        public static void TableFor<TEntity>(this ICreateExpressionRoot expressionRoot) where TEntity : BaseEntity
        {
            var builder = (CreateTableExpressionBuilder)expressionRoot.Table(typeof(TEntity).Name);
            TableShape.Retrieve(builder, typeof(TEntity));
        }
    }
}

namespace Nop.Data.Migrations
{
    public enum MigrationProcessType
    {
        NoMatter,
        Installation,
        Update,
    }

    public partial class NopMigrationAttribute : MigrationAttribute
    {
        public NopMigrationAttribute(string dateTime, string description, MigrationProcessType targetMigrationProcess = MigrationProcessType.NoMatter)
            : base(MigrationVersion.FromDateTime(dateTime), description)
        {
            TargetMigrationProcess = targetMigrationProcess;
        }

        public virtual MigrationProcessType TargetMigrationProcess { get; }
    }
}

namespace System.Linq
{
    // As upstream: linq2db's async operators, which run a query of another provider (a list in a unit test) synchronously.
    public static partial class AsyncIQueryableExtensions
    {
        public static Task<List<TSource>> ToListAsync<TSource>(this IQueryable<TSource> source) => AsyncExtensions.ToListAsync(source);

        public static Task<int> CountAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, bool>> predicate = null) =>
            predicate == null ? AsyncExtensions.CountAsync(source) : AsyncExtensions.CountAsync(source, predicate);

        public static Task<TSource> FirstOrDefaultAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, bool>> predicate = null) =>
            predicate == null ? AsyncExtensions.FirstOrDefaultAsync(source) : AsyncExtensions.FirstOrDefaultAsync(source, predicate);
    }
}
