using System.Reflection;
using System.Transactions;
using Nop.Core;
using Nop.Data;

namespace Nop.Plugin.Misc.Retention.Tests.Services;

/// <summary>
/// An IRepository over a list that behaves, towards System.Transactions, the way an enlisting database connection does:
/// inside an ambient transaction its writes are held for that transaction (and seen by its own reads) and reach the
/// list only when the transaction commits; a rollback drops them. Rows are copied in and out, as a database hands out
/// fresh objects, so changing a read row changes nothing until it is written. The unique key is enforced like
/// <see cref="FakeRepository"/>'s, and, as a database's unique index does, a second transaction writing a key another
/// one holds uncommitted waits for it and then fails if it committed. What it cannot show: that nopCommerce's connections really enlist — that rests on
/// the evidence in docs/decisions.md.
/// </summary>
public static class TransactionalFakeRepository
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);

    private static readonly MethodInfo Clone = typeof(object).GetMethod("MemberwiseClone", BindingFlags.Instance | BindingFlags.NonPublic)!;

    public static (Mock<IRepository<T>> Mock, List<T> Rows) Create<T>(Func<T, string> uniqueKey) where T : BaseEntity
    {
        var committed = new List<T>();
        var sync = new object();
        var pending = new Dictionary<string, Pending<T>>();
        var nextId = 0;

        Pending<T> Current()
        {
            if (Transaction.Current is not { } transaction)
                return null;
            var id = transaction.TransactionInformation.LocalIdentifier;
            if (!pending.TryGetValue(id, out var work))
            {
                work = new Pending<T>(committed, sync, () => pending.Remove(id));
                pending[id] = work;
                transaction.EnlistVolatile(work, EnlistmentOptions.None);
            }
            return work;
        }

        List<T> View(Pending<T> work)
        {
            var rows = committed.ToList();
            work?.ApplyTo(rows);
            return rows;
        }

        void Write(T entity, bool insert)
        {
            lock (sync)
            {
                var work = Current();
                // A unique index makes a second writer of a key wait for the first one's transaction, then fail if it committed.
                var waited = TimeSpan.Zero;
                while (insert && pending.Values.Any(other => other != work && other.Writes.Any(r => uniqueKey(r) == uniqueKey(entity))))
                {
                    if (waited >= LockTimeout)
                        throw new TimeoutException($"Waited {LockTimeout} for another transaction's {typeof(T).Name} key: a deadlock.");
                    Monitor.Wait(sync, TimeSpan.FromMilliseconds(50));
                    waited += TimeSpan.FromMilliseconds(50);
                }
                var rows = View(work);
                var index = rows.FindIndex(r => r.Id == entity.Id);
                if (!insert && index < 0)
                    throw new InvalidOperationException($"No {typeof(T).Name} row with id {entity.Id} to update.");
                if (rows.Where((r, i) => insert || i != index).Any(r => uniqueKey(r) == uniqueKey(entity)))
                    throw new InvalidOperationException("unique constraint violated");
                if (insert)
                    entity.Id = ++nextId;
                var copy = (T)Clone.Invoke(entity, null);
                if (work != null)
                    work.Writes.Add(copy);
                else
                    Pending<T>.Apply(committed, copy);
            }
        }

        var mock = new Mock<IRepository<T>>();
        mock.Setup(r => r.Table).Returns(() =>
        {
            lock (sync) return View(Current()).Select(r => (T)Clone.Invoke(r, null)).ToList().AsQueryable();
        });
        mock.Setup(r => r.InsertAsync(It.IsAny<T>(), It.IsAny<bool>())).Returns((T entity, bool _) =>
        {
            Write(entity, insert: true);
            return Task.CompletedTask;
        });
        mock.Setup(r => r.UpdateAsync(It.IsAny<T>(), It.IsAny<bool>())).Returns((T entity, bool _) =>
        {
            Write(entity, insert: false);
            return Task.CompletedTask;
        });
        return (mock, committed);
    }

    /// <summary>One transaction's writes, applied to the table when it commits.</summary>
    private sealed class Pending<T>(List<T> committed, object sync, Action forget) : IEnlistmentNotification where T : BaseEntity
    {
        public List<T> Writes { get; } = [];

        public void ApplyTo(List<T> rows)
        {
            foreach (var write in Writes)
                Apply(rows, write);
        }

        public static void Apply(List<T> rows, T row)
        {
            var index = rows.FindIndex(r => r.Id == row.Id);
            if (index < 0)
                rows.Add(row);
            else
                rows[index] = row;
        }

        public void Prepare(PreparingEnlistment preparingEnlistment) => preparingEnlistment.Prepared();

        public void Commit(Enlistment enlistment)
        {
            lock (sync)
            {
                ApplyTo(committed);
                forget();
                Monitor.PulseAll(sync);
            }
            enlistment.Done();
        }

        public void Rollback(Enlistment enlistment)
        {
            lock (sync)
            {
                forget();
                Monitor.PulseAll(sync);
            }
            enlistment.Done();
        }

        public void InDoubt(Enlistment enlistment) => Rollback(enlistment);
    }
}
