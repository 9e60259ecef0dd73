// Stand-ins for the linq2db 5.4.1 members the plugin calls. Signatures only: upstream's bodies throw too (they are
// translated to SQL, never run), and the SQL templates live in attributes on the real assembly, which is the one
// loaded in a store — an expression tree built against these members binds to it by name and signature.
namespace LinqToDB
{
    public static partial class Sql
    {
        public interface ISqlExtension
        {
        }

        public static ISqlExtension Ext => throw null;
    }

    // Upstream declares many more functions and overloads; only the chain the plugin writes is here.
    public static class AnalyticFunctions
    {
        public interface IReadyToFunction<out TR>
        {
            TR ToValue();
        }

        public interface IAnalyticFunctionWithoutWindow<out TR>
        {
            IOverMayHavePartitionAndOrder<TR> Over();
        }

        public interface IOverMayHavePartitionAndOrder<out TR> : IReadyToFunction<TR>, INeedsOrderByOnly<TR>
        {
            IPartitionedMayHaveOrder<TR> PartitionBy(params object[] expressions);
        }

        public interface IPartitionedMayHaveOrder<out TR> : IReadyToFunction<TR>, INeedsOrderByOnly<TR>
        {
        }

        public interface INeedsOrderByOnly<out TR>
        {
            IOrderedReadyToFunction<TR> OrderBy<TKey>(TKey expr);
        }

        public interface IOrderedReadyToFunction<out TR> : IReadyToFunction<TR>
        {
            IOrderedReadyToFunction<TR> ThenBy<TKey>(TKey expr);
        }

        public static IAnalyticFunctionWithoutWindow<T> Lead<T>(this Sql.ISqlExtension ext, T expr) => throw null;
        public static IAnalyticFunctionWithoutWindow<T> Lead<T>(this Sql.ISqlExtension ext, T expr, int offset, T @default) => throw null;
    }

    public static partial class LinqExtensions
    {
        public static IQueryable<TSource> AsSubQuery<TSource>(this IQueryable<TSource> source) => throw null;

        // Executed, not translated: the store's linq2db runs them as one UPDATE … WHERE / DELETE … WHERE.
        public static Task<int> UpdateAsync<T>(this IQueryable<T> source, System.Linq.Expressions.Expression<Func<T, T>> setter, CancellationToken token = default) => throw null;

        public static Task<int> DeleteAsync<T>(this IQueryable<T> source, CancellationToken token = default) => throw null;
    }
}
