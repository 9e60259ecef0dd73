// Stand-ins for the Nop.Data 4.90 members the plugin uses. Signatures only; see ../CONTRACT.md.
using System.Linq.Expressions;
using FluentMigrator;
using FluentMigrator.Builders.Create;
using FluentMigrator.Builders.Create.Table;
using Nop.Core;

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

    // Upstream also implements IConfig and FluentMigrator's IConnectionStringAccessor; the plugin reads only the provider.
    public partial class DataConfig
    {
        public DataProviderType DataProvider { get; set; }
    }

    public static partial class DataSettingsManager
    {
        public static DataConfig LoadSettings(Nop.Core.Infrastructure.INopFileProvider fileProvider = null, bool reload = false) => throw null;
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
        public static void TableFor<TEntity>(this ICreateExpressionRoot expressionRoot) where TEntity : BaseEntity => throw null;
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
            : base(0, null) => throw null;
    }
}

namespace System.Linq
{
    public static partial class AsyncIQueryableExtensions
    {
        public static Task<List<TSource>> ToListAsync<TSource>(this IQueryable<TSource> source) => throw null;
        public static Task<int> CountAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, bool>> predicate = null) => throw null;
        public static Task<TSource> FirstOrDefaultAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, bool>> predicate = null) => throw null;
    }
}
