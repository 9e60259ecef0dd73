using System.Linq.Expressions;

namespace Retention.Core.Tables;

/// <summary>
/// One of the engine's own tables, as each host keeps it (nopCommerce's repository and linq2db in the plugin, EF Core in
/// the sandbox, a list in tests). The rules over these tables (keyed inserts, compare-and-set guards) are written once in
/// Core on top of this port; a host supplies only the table and the mapping of <typeparamref name="TRow"/> to it.
/// </summary>
/// <remarks>
/// The expressions are translated to SQL by the host's query provider: keep them to comparisons of the row's columns
/// with values, as the rest of Core's queries do.
/// </remarks>
public interface ITable<TRow> where TRow : TableRow
{
    /// <summary>The rows, for queries run through the host's <see cref="Store.IQueryRunner"/>.</summary>
    IQueryable<TRow> Rows { get; }

    /// <summary>
    /// Inserts <paramref name="row"/> unless a row matching <paramref name="sameKey"/> exists; true, and the row's
    /// <see cref="TableRow.Id"/> set, when this call inserted it. <paramref name="sameKey"/> must select what the table's
    /// unique index makes unique: a look first spares the common replay a failed insert, and the index settles the race
    /// between two writers, whose loser finds the winner's row and answers false.
    /// </summary>
    /// <exception cref="TableRaceLostException">
    /// Inside <see cref="ITableTransactions.RunAsync{T}"/>, on a host whose database ends the transaction with the failed
    /// insert (PostgreSQL and MySQL without a savepoint): the race is lost and nothing of the transaction is kept.
    /// </exception>
    Task<bool> TryInsertAsync(TRow row, Expression<Func<TRow, bool>> sameKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// One conditional update: the rows matching <paramref name="where"/> (the expected state) get the members that
    /// <paramref name="set"/> assigns (<c>r =&gt; new TRow { A = …, B = … }</c>; only those), in one statement, so of two
    /// writers expecting the same state only one changes the row. The number of rows changed.
    /// </summary>
    Task<int> UpdateAsync(Expression<Func<TRow, bool>> where, Expression<Func<TRow, TRow>> set, CancellationToken cancellationToken = default);

    /// <summary>Deletes the rows matching <paramref name="where"/>; the number deleted.</summary>
    Task<int> DeleteAsync(Expression<Func<TRow, bool>> where, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="TryInsertAsync"/> for a batch: inserts each of <paramref name="rows"/> whose <paramref name="key"/> (the
    /// column the table's unique index makes unique, <c>r =&gt; r.Key</c>) neither a stored row nor an earlier row of the
    /// list has. The rows this call inserted, in list order, each with its <see cref="TableRow.Id"/> set. A row whose key a
    /// racing writer committed first is not inserted (or, inside a transaction on a host whose database ends it, throws
    /// <see cref="TableRaceLostException"/> as the single insert does). A host sends a handful of statements per call,
    /// however many rows.
    /// </summary>
    Task<IReadOnlyList<TRow>> TryInsertManyAsync(IReadOnlyList<TRow> rows, Expression<Func<TRow, string>> key, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="UpdateAsync"/> for a batch, with values per row: for each change, the row with its
    /// <see cref="RowChange{TRow}.Id"/> whose <paramref name="expected"/> columns (<c>r =&gt; new { r.A, r.B }</c>) hold the
    /// change's <see cref="RowChange{TRow}.Expected"/> values gets the <paramref name="set"/> columns of its
    /// <see cref="RowChange{TRow}.Values"/>. Rows are changed in id order (so two writers lock them in the same order), each
    /// as a compare-and-set of its own: a row another writer changed first is left as it is. The ids changed. A host sends
    /// a handful of statements per call, however many rows.
    /// </summary>
    Task<IReadOnlySet<long>> UpdateManyAsync(IReadOnlyList<RowChange<TRow>> changes, Expression<Func<TRow, object?>> expected, Expression<Func<TRow, object?>> set,
        CancellationToken cancellationToken = default);
}

/// <summary>One row's change in <see cref="ITable{TRow}.UpdateManyAsync"/>: the state it must hold, and the values it gets.</summary>
public sealed record RowChange<TRow>(long Id, TRow Expected, TRow Values) where TRow : TableRow;

/// <summary>The columns an expression names, for hosts translating <see cref="ITable{TRow}"/>'s batch verbs.</summary>
public static class TableColumns
{
    /// <summary>
    /// The row's properties named by <c>r =&gt; r.A</c> or <c>r =&gt; new { r.A, r.B }</c>, in that order; anything else
    /// is refused, so a host never has to guess what an expression means.
    /// </summary>
    public static IReadOnlyList<System.Reflection.PropertyInfo> Of(LambdaExpression columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var row = columns.Parameters[0];
        var body = columns.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : columns.Body;
        var members = body switch
        {
            MemberExpression single => [single],
            NewExpression many => many.Arguments.ToList(),
            _ => throw new ArgumentException("Columns are named as r => r.A or r => new { r.A, r.B }.", nameof(columns)),
        };
        return members.Select(m => m is MemberExpression { Member: System.Reflection.PropertyInfo property } member && member.Expression == row
                ? property
                : throw new ArgumentException($"Only the row's own columns can be named, not {m}.", nameof(columns)))
            .ToList();
    }

    /// <summary>
    /// The changes in id order, refused when one id comes twice (which change would win depends on the order of writes).
    /// </summary>
    public static List<RowChange<TRow>> InIdOrder<TRow>(IReadOnlyList<RowChange<TRow>> changes) where TRow : TableRow
    {
        ArgumentNullException.ThrowIfNull(changes);
        var ordered = changes.OrderBy(c => c.Id).ToList();
        for (var i = 1; i < ordered.Count; i++)
            if (ordered[i].Id == ordered[i - 1].Id)
                throw new ArgumentException($"Row {ordered[i].Id} is changed twice in one batch.", nameof(changes));
        return ordered;
    }

    /// <summary>The rows with a key not seen earlier in the list (keys compared as the unique index does, ordinally here).</summary>
    public static List<TRow> FirstOfEachKey<TRow>(IReadOnlyList<TRow> rows, Func<TRow, string> key) where TRow : TableRow
    {
        ArgumentNullException.ThrowIfNull(rows);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return rows.Where(r => seen.Add(key(r ?? throw new ArgumentException("A batch holds no null row.", nameof(rows))))).ToList();
    }
}

/// <summary>Runs several table writes as one: all of them are kept, or none.</summary>
public interface ITableTransactions
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction (read committed) over every <see cref="ITable{TRow}"/> of the host's
    /// database, and over the host's other writes to that database made meanwhile: committed when it returns, rolled
    /// back when it throws.
    /// </summary>
    Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether this flow is inside <see cref="RunAsync{T}"/> already: a call there joins that transaction, and a
    /// <see cref="TableRaceLostException"/> ends it for the outer caller too. Only hosts that throw it need to say.
    /// </summary>
    bool InTransaction => false;
}

/// <summary>A row of one of the engine's tables: the database's own id, given on insert.</summary>
public abstract class TableRow
{
    public long Id { get; set; }
}

/// <summary>
/// A keyed insert inside a transaction lost its race to another writer's committed row and the database has ended the
/// transaction: nothing written in it so far will be kept, and only the caller can decide what to commit again.
/// </summary>
public sealed class TableRaceLostException(string table)
    : Exception($"Another writer committed a row with the same key in {table} first; this transaction has been ended by the database.");
