using Nop.Plugin.Misc.Retention.Services;
using System.Linq.Expressions;
using System.Reflection;
using System.Transactions;
using Nop.Core;
using Nop.Data;
using Retention.Core.Store;
using Retention.Core.Tables;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>
/// Core's table port over one of the plugin's tables: <typeparamref name="TRow"/> is Core's row, <typeparamref name="TEntity"/>
/// the plugin's entity that nopCommerce's repository and the migrations know (a <see cref="BaseEntity"/>, so it cannot be
/// Core's type). Columns pair by name; Core's expressions are rewritten onto the entity, so linq2db turns them into SQL
/// on the plugin's table exactly as before.
/// </summary>
/// <remarks>
/// The conditional update and the delete are linq2db's own <c>UPDATE … WHERE</c> and <c>DELETE … WHERE</c> on the
/// repository's table (nopCommerce's <c>IRepository</c> has no conditional update); the keyed insert is
/// <see cref="KeyedInsert"/>. The batch verbs are built on those: one query finds the keys already stored, then each new
/// row and each change is a statement of its own, because the repository inserts one entity at a time and MySQL has no
/// <c>UPDATE … RETURNING</c> to tell which rows of one statement changed.
/// </remarks>
public class NopTable<TRow, TEntity> : ITable<TRow> where TRow : TableRow, new() where TEntity : BaseEntity, new()
{
    private readonly IRepository<TEntity> _repository;
    private readonly IQueryRunner _runner;

    public NopTable(IRepository<TEntity> repository, IQueryRunner runner)
    {
        _repository = repository;
        _runner = runner;
    }

    public IQueryable<TRow> Rows => _repository.Table.Select(RowMapping.Projection);

    public async Task<bool> TryInsertAsync(TRow row, Expression<Func<TRow, bool>> sameKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        var entity = RowMapping.ToEntity(row);
        var key = RowMapping.Rewrite(sameKey);
        if (!await KeyedInsert.TryInsertAsync(_repository, _runner, entity, table => table.Where(key)))
            return false;
        row.Id = entity.Id;
        return true;
    }

    public Task<int> UpdateAsync(Expression<Func<TRow, bool>> where, Expression<Func<TRow, TRow>> set, CancellationToken cancellationToken = default) =>
        UpdateRowsAsync(_repository.Table.Where(RowMapping.Rewrite(where)), RowMapping.Rewrite(set), cancellationToken);

    public Task<int> DeleteAsync(Expression<Func<TRow, bool>> where, CancellationToken cancellationToken = default) =>
        DeleteRowsAsync(_repository.Table.Where(RowMapping.Rewrite(where)), cancellationToken);

    /// <summary>
    /// One look for the keys already stored (per <see cref="TableQueries.ChunkSize"/>), then a keyed insert per new row:
    /// a replay costs one query, new rows one insert each (nopCommerce's repository inserts one entity per statement).
    /// </summary>
    public async Task<IReadOnlyList<TRow>> TryInsertManyAsync(IReadOnlyList<TRow> rows, Expression<Func<TRow, string>> key, CancellationToken cancellationToken = default)
    {
        var keyOf = key.Compile();
        var candidates = TableColumns.FirstOfEachKey(rows, keyOf);
        if (candidates.Count == 0)
            return [];
        // One row (the ledger's append): the keyed insert's own look is the look.
        if (candidates.Count == 1)
            return await TryInsertAsync(candidates[0], AnyOf(key, [keyOf(candidates[0])]), cancellationToken) ? candidates : [];
        var entityKey = RowMapping.Rewrite(key);
        // The plugin's key columns compare case-insensitively (citext on PostgreSQL, _ci collations on MySQL and SQL Server).
        var stored = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var chunk in candidates.Select(keyOf).Chunk(TableQueries.ChunkSize))
            stored.UnionWith(await _runner.ToListAsync(_repository.Table.Where(RowMapping.Rewrite(AnyOf(key, chunk))).Select(entityKey), cancellationToken));
        var inserted = new List<TRow>();
        foreach (var row in candidates.Where(r => !stored.Contains(keyOf(r))))
        {
            var value = keyOf(row);
            if (await TryInsertAsync(row, AnyOf(key, [value]), cancellationToken))
                inserted.Add(row);
        }
        return inserted;
    }

    /// <summary>Each change as its own conditional <c>UPDATE … WHERE Id = … AND expected</c>, in id order.</summary>
    public async Task<IReadOnlySet<long>> UpdateManyAsync(IReadOnlyList<RowChange<TRow>> changes, Expression<Func<TRow, object>> expected,
        Expression<Func<TRow, object>> set, CancellationToken cancellationToken = default)
    {
        var ordered = TableColumns.InIdOrder(changes);
        var (compared, written) = (TableColumns.Of(expected), TableColumns.Of(set));
        var changed = new HashSet<long>();
        foreach (var change in ordered)
        {
            var row = Expression.Parameter(typeof(TRow), "r");
            var where = compared.Aggregate((Expression)Expression.Equal(Expression.Property(row, nameof(TableRow.Id)), Expression.Constant(change.Id)),
                (all, column) => Expression.AndAlso(all, Expression.Equal(Expression.Property(row, column),
                    Expression.Constant(column.GetValue(change.Expected), column.PropertyType))));
            var values = Expression.MemberInit(Expression.New(typeof(TRow)),
                written.Select(column => Expression.Bind(column, Expression.Constant(column.GetValue(change.Values), column.PropertyType))));
            if (await UpdateAsync(Expression.Lambda<Func<TRow, bool>>(where, row), Expression.Lambda<Func<TRow, TRow>>(values, row), cancellationToken) > 0)
                changed.Add(change.Id);
        }
        return changed;
    }

    /// <summary><c>r =&gt; keys.Contains(key(r))</c>.</summary>
    private static Expression<Func<TRow, bool>> AnyOf(Expression<Func<TRow, string>> key, IReadOnlyCollection<string> keys) =>
        Expression.Lambda<Func<TRow, bool>>(Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(string)],
            Expression.Constant(keys.ToList()), key.Body), key.Parameters);

    /// <summary>One <c>UPDATE … SET … WHERE</c>; the number of rows changed.</summary>
    protected virtual Task<int> UpdateRowsAsync(IQueryable<TEntity> rows, Expression<Func<TEntity, TEntity>> set, CancellationToken cancellationToken) =>
        LinqToDB.LinqExtensions.UpdateAsync(rows, set, cancellationToken);

    /// <summary>One <c>DELETE … WHERE</c>; the number of rows deleted.</summary>
    protected virtual Task<int> DeleteRowsAsync(IQueryable<TEntity> rows, CancellationToken cancellationToken) =>
        LinqToDB.LinqExtensions.DeleteAsync(rows, cancellationToken);

    /// <summary>The pairing of the row's and the entity's columns, by name, and the rewriting of expressions across it.</summary>
    private static class RowMapping
    {
        private static readonly Dictionary<string, (PropertyInfo Row, PropertyInfo Entity)> Columns = typeof(TRow).GetProperties()
            .Select(r => (Row: r, Entity: typeof(TEntity).GetProperty(r.Name)))
            .Where(p => p.Entity is { CanWrite: true } && p.Row.CanWrite)
            .ToDictionary(p => p.Row.Name, p => (p.Row, p.Entity!));

        /// <summary><c>e =&gt; new TRow { A = e.A, … }</c>: a row column the entity does not have keeps its default.</summary>
        public static readonly Expression<Func<TEntity, TRow>> Projection = BuildProjection();

        private static Expression<Func<TEntity, TRow>> BuildProjection()
        {
            var entity = Expression.Parameter(typeof(TEntity), "e");
            return Expression.Lambda<Func<TEntity, TRow>>(Expression.MemberInit(Expression.New(typeof(TRow)),
                Columns.Values.Select(c => Expression.Bind(c.Row, Convert(Expression.Property(entity, c.Entity), c.Row.PropertyType)))), entity);
        }

        public static TEntity ToEntity(TRow row)
        {
            var entity = new TEntity();
            foreach (var (rowProperty, entityProperty) in Columns.Values.Where(c => c.Row.Name != nameof(TableRow.Id)))
                entityProperty.SetValue(entity, ChangeType(rowProperty.GetValue(row), entityProperty.PropertyType));
            return entity;
        }

        public static Expression<Func<TEntity, TResult>> Rewrite<TResult>(Expression<Func<TRow, TResult>> expression)
        {
            var entity = Expression.Parameter(typeof(TEntity), expression.Parameters[0].Name);
            var body = new Rewriter(expression.Parameters[0], entity).Visit(expression.Body);
            return Expression.Lambda<Func<TEntity, TResult>>(body, entity);
        }

        public static Expression<Func<TEntity, TEntity>> Rewrite(Expression<Func<TRow, TRow>> set)
        {
            var entity = Expression.Parameter(typeof(TEntity), set.Parameters[0].Name);
            var rewriter = new Rewriter(set.Parameters[0], entity);
            var init = set.Body as MemberInitExpression
                       ?? throw new ArgumentException("An update names its columns: r => new TRow { A = …, B = … }.", nameof(set));
            var bindings = init.Bindings.Cast<MemberAssignment>().Select(b =>
            {
                var column = Columns.TryGetValue(b.Member.Name, out var c)
                    ? c.Entity
                    : throw new ArgumentException($"{typeof(TEntity).Name} has no column {b.Member.Name}.", nameof(set));
                return Expression.Bind(column, Convert(rewriter.Visit(b.Expression), column.PropertyType));
            });
            return Expression.Lambda<Func<TEntity, TEntity>>(Expression.MemberInit(Expression.New(typeof(TEntity)), bindings), entity);
        }

        private static Expression Convert(Expression value, Type type) => value.Type == type ? value : Expression.Convert(value, type);

        private static object ChangeType(object value, Type type) =>
            value == null || value.GetType() == (Nullable.GetUnderlyingType(type) ?? type) ? value : System.Convert.ChangeType(value, Nullable.GetUnderlyingType(type) ?? type);

        /// <summary>Reads of the row's columns become reads of the entity's.</summary>
        private sealed class Rewriter(ParameterExpression row, ParameterExpression entity) : ExpressionVisitor
        {
            protected override Expression VisitParameter(ParameterExpression node) =>
                node == row ? throw new NotSupportedException($"Only {typeof(TRow).Name}'s columns can be used in a table expression, not the row itself.") : node;

            protected override Expression VisitMember(MemberExpression node)
            {
                if (node.Expression != row)
                    return base.VisitMember(node);
                return Columns.TryGetValue(node.Member.Name, out var column)
                    ? Convert(Expression.Property(entity, column.Entity), node.Type)
                    : throw new NotSupportedException($"{typeof(TEntity).Name} has no column {node.Member.Name}.");
            }
        }
    }
}

/// <summary>
/// Core's transactions on nopCommerce's one database: an ambient <see cref="TransactionScope"/> that flows across awaits,
/// nopCommerce's own way of making several repository writes atomic (see docs/decisions.md, "The plugin's workflow
/// writes"). Every repository call opens its own connection, which enlists in it; the scope commits only when the work
/// returns, so an exception anywhere disposes it uncompleted and nothing of it is written.
/// </summary>
public class NopTableTransactions : ITableTransactions
{
    // TransactionScope's default is Serializable, under which racing nodes fail each other with serialization errors
    // (PostgreSQL 40001) and deadlocks (MySQL) instead of one winning; the compare-and-set needs no more than this.
    private static readonly TransactionOptions ReadCommitted = new() { IsolationLevel = IsolationLevel.ReadCommitted };

    public bool InTransaction => Transaction.Current != null;

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var scope = new TransactionScope(TransactionScopeOption.Required, ReadCommitted, TransactionScopeAsyncFlowOption.Enabled);
        var result = await work(cancellationToken);
        scope.Complete();
        return result;
    }
}
