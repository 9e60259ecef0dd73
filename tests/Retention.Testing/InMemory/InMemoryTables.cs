using System.Linq.Expressions;
using System.Reflection;
using Retention.Core.Tables;

namespace Retention.Testing.InMemory;

/// <summary>
/// Core's table port over lists: one "database" of tables with transactions. A transaction holds every table (writers
/// outside it wait), and a rollback puts back what the tables held when it began. Rows are copied in and out, as a
/// database hands out fresh objects. Reads outside a transaction do not wait (they may see its uncommitted rows).
/// </summary>
public sealed class InMemoryTables : ITableTransactions
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly AsyncLocal<bool> _inTransaction = new();
    private readonly Dictionary<Type, IInMemoryTable> _tables = [];

    /// <summary>The table of <typeparamref name="TRow"/>, made empty on first use.</summary>
    public InMemoryTable<TRow> Table<TRow>() where TRow : TableRow
    {
        lock (_tables)
        {
            if (!_tables.TryGetValue(typeof(TRow), out var table))
                _tables[typeof(TRow)] = table = new InMemoryTable<TRow>(this);
            return (InMemoryTable<TRow>)table;
        }
    }

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_inTransaction.Value)
            return await work(cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        List<Action> restore;
        lock (_tables)
            restore = _tables.Values.Select(t => t.Snapshot()).ToList();
        _inTransaction.Value = true;
        try
        {
            return await work(cancellationToken);
        }
        catch
        {
            restore.ForEach(r => r());
            throw;
        }
        finally
        {
            _inTransaction.Value = false;
            _gate.Release();
        }
    }

    /// <summary>Runs one write: inside this flow's transaction at once, otherwise after any transaction of another flow.</summary>
    internal async Task<T> WriteAsync<T>(Func<T> write, CancellationToken cancellationToken)
    {
        if (_inTransaction.Value)
            return write();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return write();
        }
        finally
        {
            _gate.Release();
        }
    }

    private interface IInMemoryTable
    {
        /// <summary>What puts the table back as it is now.</summary>
        Action Snapshot();
    }

    /// <summary>One table of an <see cref="InMemoryTables"/>.</summary>
    public sealed class InMemoryTable<TRow> : ITable<TRow>, IInMemoryTable where TRow : TableRow
    {
        private static readonly MethodInfo Clone = typeof(object).GetMethod("MemberwiseClone", BindingFlags.Instance | BindingFlags.NonPublic)!;

        private readonly InMemoryTables _database;
        private readonly List<TRow> _rows = [];
        private long _lastId;

        internal InMemoryTable(InMemoryTables database) => _database = database;

        /// <summary>The rows as they are now (copies); a test may read them directly.</summary>
        public IReadOnlyList<TRow> Snapshot()
        {
            lock (_rows)
                return _rows.Select(Copy).ToList();
        }

        public IQueryable<TRow> Rows => Snapshot().AsQueryable();

        public Task<bool> TryInsertAsync(TRow row, Expression<Func<TRow, bool>> sameKey, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(row);
            var matches = sameKey.Compile();
            return _database.WriteAsync(() =>
            {
                lock (_rows)
                {
                    if (_rows.Any(matches))
                        return false;
                    row.Id = ++_lastId;
                    _rows.Add(Copy(row));
                    return true;
                }
            }, cancellationToken);
        }

        public Task<int> UpdateAsync(Expression<Func<TRow, bool>> where, Expression<Func<TRow, TRow>> set, CancellationToken cancellationToken = default)
        {
            var matches = where.Compile();
            var values = set.Compile();
            var members = set.Body is MemberInitExpression init
                ? init.Bindings.Select(b => (PropertyInfo)b.Member).ToList()
                : throw new ArgumentException("An update names its columns: r => new TRow { A = …, B = … }.", nameof(set));
            return _database.WriteAsync(() =>
            {
                lock (_rows)
                {
                    var changed = 0;
                    foreach (var row in _rows.Where(matches))
                    {
                        var updated = values(Copy(row));
                        foreach (var member in members)
                            member.SetValue(row, member.GetValue(updated));
                        changed++;
                    }
                    return changed;
                }
            }, cancellationToken);
        }

        public Task<int> DeleteAsync(Expression<Func<TRow, bool>> where, CancellationToken cancellationToken = default)
        {
            var matches = where.Compile();
            return _database.WriteAsync(() =>
            {
                lock (_rows)
                    return _rows.RemoveAll(r => matches(r));
            }, cancellationToken);
        }

        public Task<IReadOnlyList<TRow>> TryInsertManyAsync(IReadOnlyList<TRow> rows, Expression<Func<TRow, string>> key, CancellationToken cancellationToken = default)
        {
            var keyOf = key.Compile();
            var candidates = TableColumns.FirstOfEachKey(rows, keyOf);
            return _database.WriteAsync<IReadOnlyList<TRow>>(() =>
            {
                lock (_rows)
                {
                    var stored = _rows.Select(keyOf).ToHashSet(StringComparer.Ordinal);
                    var inserted = candidates.Where(r => !stored.Contains(keyOf(r))).ToList();
                    foreach (var row in inserted)
                    {
                        row.Id = ++_lastId;
                        _rows.Add(Copy(row));
                    }
                    return inserted;
                }
            }, cancellationToken);
        }

        public Task<IReadOnlySet<long>> UpdateManyAsync(IReadOnlyList<RowChange<TRow>> changes, Expression<Func<TRow, object?>> expected,
            Expression<Func<TRow, object?>> set, CancellationToken cancellationToken = default)
        {
            var ordered = TableColumns.InIdOrder(changes);
            var (compared, written) = (TableColumns.Of(expected), TableColumns.Of(set));
            return _database.WriteAsync<IReadOnlySet<long>>(() =>
            {
                lock (_rows)
                {
                    var changed = new HashSet<long>();
                    foreach (var change in ordered)
                    {
                        var row = _rows.FirstOrDefault(r => r.Id == change.Id);
                        if (row == null || !compared.All(c => Equals(c.GetValue(row), c.GetValue(change.Expected))))
                            continue;
                        foreach (var column in written)
                            column.SetValue(row, column.GetValue(change.Values));
                        changed.Add(change.Id);
                    }
                    return changed;
                }
            }, cancellationToken);
        }

        Action IInMemoryTable.Snapshot()
        {
            List<TRow> before;
            lock (_rows)
                before = _rows.Select(Copy).ToList();
            return () =>
            {
                lock (_rows)
                {
                    _rows.Clear();
                    _rows.AddRange(before);
                    // Ids are not given back, as a database's sequence does not give them back.
                }
            };
        }

        private static TRow Copy(TRow row) => (TRow)Clone.Invoke(row, null)!;
    }
}
