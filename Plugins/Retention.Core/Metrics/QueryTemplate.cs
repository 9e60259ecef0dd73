using System.Linq.Expressions;

namespace Retention.Core.Metrics;

/// <summary>
/// Writes a query that reads its source twice, once as the outer sequence and once inside a correlated subquery,
/// with the source's own expression inlined at both places, as if the whole query had been typed at once.
/// </summary>
/// <remarks>
/// The subquery's source is typed <see cref="IEnumerable{T}"/>: SQL providers (EF Core, linq2db) treat Enumerable
/// operators over a queryable inside a lambda exactly like Queryable ones and translate the subquery. LINQ-to-objects
/// (<see cref="EnumerableQuery{T}"/>, the tests' in-memory store) would instead re-compile a nested queryable for
/// every outer row (its rewriter leaves queryables inside lambdas alone), so for that provider alone the subquery
/// reads the rows it already holds in memory as a list.
/// </remarks>
internal static class QueryTemplate
{
    public static IQueryable<TResult> Apply<TSource, TResult>(
        IQueryable<TSource> source, Expression<Func<IQueryable<TSource>, IEnumerable<TSource>, IQueryable<TResult>>> template)
    {
        var inner = source is EnumerableQuery<TSource>
            ? Expression.Constant(source.ToList(), typeof(IEnumerable<TSource>))
            : source.Expression;
        var body = new Substitution(template.Parameters[0], source.Expression, template.Parameters[1], inner).Visit(template.Body);
        return source.Provider.CreateQuery<TResult>(body);
    }

    private sealed class Substitution(ParameterExpression outer, Expression outerSource, ParameterExpression inner, Expression innerSource)
        : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            node == outer ? outerSource : node == inner ? innerSource : node;
    }
}
