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
