using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Retention.Core.Store;

namespace Retention.Sandbox.Demo;

/// <summary>
/// Runs Core's LINQ over in-memory lists without LINQ-to-objects' per-query cost. <c>EnumerableQuery</c> rewrites and
/// compiles every query it runs (about a millisecond each), which made the demo replay spend minutes on a few hundred
/// thousand small queries. Here each query shape is rewritten to <see cref="Enumerable"/> calls and compiled once, with
/// its constants (the captured values, the list roots) passed in as arguments, like a database's prepared statement.
/// </summary>
internal sealed class CachedLinqRunner : IQueryRunner
{
    private static readonly ConcurrentDictionary<string, Delegate> Compiled = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<MethodInfo, MethodInfo> EnumerableTwins = new();

    public Task<List<T>> ToListAsync<T>(IQueryable<T> query, CancellationToken cancellationToken = default) =>
        Task.FromResult(Run<IEnumerable<T>>(query.Expression).ToList());

    public Task<int> CountAsync<T>(IQueryable<T> query, CancellationToken cancellationToken = default) =>
        Task.FromResult(Run<IEnumerable<T>>(query.Expression).Count());

    private static TResult Run<TResult>(Expression expression)
    {
        // A cheap walk names the shape and collects the constants; the rewrite and compile happen once per shape.
        var shape = new Shape();
        shape.Visit(expression);
        var key = typeof(TResult).TypeHandle.Value + "|" + shape.Key;
        var run = (Func<object?[], TResult>)Compiled.GetOrAdd(key, _ =>
            Expression.Lambda<Func<object?[], TResult>>(Expression.Convert(new Rewriter().Visit(expression)!, typeof(TResult)), Rewriter.Arguments).Compile());
        return run(shape.Values.ToArray());
    }

    /// <summary>True for constants that stay in the compiled query (and so in its key); the rest become arguments.</summary>
    private static bool IsLiteral(ConstantExpression node) =>
        node.Value == null || node.Type.IsPrimitive || node.Type.IsEnum || node.Type == typeof(string);

    /// <summary>The argument a non-literal constant passes: an in-memory query's list itself, or the value.</summary>
    private static object? ArgumentOf(object value) =>
        value is IQueryable queryable && queryable.Expression is ConstantExpression { Value: System.Collections.IEnumerable inner } && inner is not IQueryable
            ? inner
            : value;

    /// <summary>Walks the tree in the rewriter's order: every node's kind, type and member go into the key, non-literal constants into the values.</summary>
    private sealed class Shape : ExpressionVisitor
    {
        private readonly System.Text.StringBuilder _key = new(256);

        public List<object?> Values { get; } = new();

        public string Key => _key.ToString();

        public override Expression? Visit(Expression? node)
        {
            if (node == null)
            {
                _key.Append('~');
                return null;
            }
            _key.Append((int)node.NodeType).Append(':').Append(node.Type.TypeHandle.Value).Append(';');
            return base.Visit(node);
        }

        protected override Expression VisitConstant(ConstantExpression node)
        {
            if (IsLiteral(node))
                _key.Append('=').Append(node.Value?.ToString() ?? "null").Append(';');
            else
                Values.Add(ArgumentOf(node.Value!));
            return node;
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            _key.Append('m').Append(node.Method.MethodHandle.Value).Append(';');
            foreach (var t in node.Method.IsGenericMethod ? node.Method.GetGenericArguments() : Type.EmptyTypes)
                _key.Append(t.TypeHandle.Value).Append(',');
            Visit(node.Object);
            foreach (var argument in node.Arguments)
                Visit(argument);
            return node;
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            _key.Append('.').Append(node.Member.DeclaringType!.TypeHandle.Value).Append(node.Member.Name).Append(';');
            return base.VisitMember(node);
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            _key.Append('p').Append(node.Name).Append(';');
            return node;
        }

        protected override Expression VisitNew(NewExpression node)
        {
            _key.Append('n').Append(node.Constructor?.DeclaringType?.TypeHandle.Value ?? 0).Append(';');
            foreach (var member in node.Members ?? (IEnumerable<MemberInfo>)Array.Empty<MemberInfo>())
                _key.Append(member.Name).Append(',');
            return base.VisitNew(node);
        }

        protected override MemberAssignment VisitMemberAssignment(MemberAssignment node)
        {
            _key.Append('b').Append(node.Member.Name).Append(';');
            return base.VisitMemberAssignment(node);
        }

        protected override Expression VisitUnary(UnaryExpression node)
        {
            _key.Append('u').Append(node.Method?.MethodHandle.Value ?? 0).Append(';');
            return base.VisitUnary(node);
        }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            _key.Append('o').Append(node.Method?.MethodHandle.Value ?? 0).Append(';');
            return base.VisitBinary(node);
        }
    }

    /// <summary>Replaces constants by slots of an argument array and Queryable operators by their Enumerable twins.</summary>
    private sealed class Rewriter : ExpressionVisitor
    {
        public static readonly ParameterExpression Arguments = Expression.Parameter(typeof(object[]), "args");

        public List<object?> Values { get; } = new();

        protected override Expression VisitConstant(ConstantExpression node)
        {
            if (IsLiteral(node))
                return node;
            var slot = Expression.ArrayIndex(Arguments, Expression.Constant(Values.Count));
            if (node.Value is IQueryable queryable)
            {
                // The list behind an in-memory IQueryable is enumerated directly, not run as another query.
                Values.Add(ArgumentOf(queryable));
                return Expression.Convert(slot, typeof(IEnumerable<>).MakeGenericType(queryable.ElementType));
            }
            Values.Add(node.Value);
            return Expression.Convert(slot, node.Type);
        }

        protected override Expression VisitUnary(UnaryExpression node) =>
            node.NodeType == ExpressionType.Quote ? Visit(node.Operand) : base.VisitUnary(node);

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            // Instance first, then arguments: the order the shape walk collects constants in.
            var instance = Visit(node.Object);
            var arguments = node.Arguments.Select(a => Visit(a)!).ToList();
            if (node.Method.DeclaringType != typeof(Queryable))
                return node.Update(instance, arguments);
            var twin = EnumerableTwins.GetOrAdd(node.Method, TwinOf);
            return Expression.Call(twin, arguments);
        }

        private static MethodInfo TwinOf(MethodInfo queryable)
        {
            var parameters = queryable.GetParameters().Select(p => Unquoted(p.ParameterType)).ToArray();
            var generic = queryable.IsGenericMethod ? queryable.GetGenericArguments() : Type.EmptyTypes;
            foreach (var candidate in typeof(Enumerable).GetMethods(BindingFlags.Public | BindingFlags.Static))
            {
                if (candidate.Name != queryable.Name || candidate.GetParameters().Length != parameters.Length
                    || candidate.IsGenericMethod != queryable.IsGenericMethod
                    || (candidate.IsGenericMethod && candidate.GetGenericArguments().Length != generic.Length))
                    continue;
                var closed = candidate.IsGenericMethod ? candidate.MakeGenericMethod(generic) : candidate;
                if (closed.GetParameters().Select(p => p.ParameterType).SequenceEqual(parameters))
                    return closed;
            }
            throw new NotSupportedException($"No Enumerable twin for Queryable.{queryable.Name}.");
        }

        /// <summary>IQueryable&lt;T&gt; → IEnumerable&lt;T&gt;, Expression&lt;F&gt; → F: the Enumerable overload's parameter types.</summary>
        private static Type Unquoted(Type type)
        {
            if (!type.IsGenericType)
                return type;
            var definition = type.GetGenericTypeDefinition();
            if (definition == typeof(Expression<>))
                return type.GetGenericArguments()[0];
            if (definition == typeof(IQueryable<>) || definition == typeof(IOrderedQueryable<>))
                return (definition == typeof(IQueryable<>) ? typeof(IEnumerable<>) : typeof(IOrderedEnumerable<>)).MakeGenericType(type.GetGenericArguments());
            return type;
        }
    }
}
