using Nop.Core;
using Nop.Data;

namespace Nop.Plugin.Misc.Retention.Tests.Services;

/// <summary>
/// An IRepository over a list, with the table's unique key enforced the way the database does: a second
/// insert with the same key throws. Lets the adapters' once-only logic run here without linq2db.
/// </summary>
public static class FakeRepository
{
    public static (Mock<IRepository<T>> Mock, List<T> Rows) Create<T>(Func<T, string> uniqueKey) where T : BaseEntity
    {
        var rows = new List<T>();
        var sync = new object();
        var mock = new Mock<IRepository<T>>();
        mock.Setup(r => r.Table).Returns(() => { lock (sync) return rows.ToList().AsQueryable(); });
        mock.Setup(r => r.InsertAsync(It.IsAny<T>(), It.IsAny<bool>())).Returns((T entity, bool _) =>
        {
            lock (sync)
            {
                if (rows.Any(r => uniqueKey(r) == uniqueKey(entity)))
                    throw new InvalidOperationException("unique constraint violated");
                entity.Id = rows.Count == 0 ? 1 : rows.Max(r => r.Id) + 1;
                rows.Add(entity);
            }
            return Task.CompletedTask;
        });
        mock.Setup(r => r.UpdateAsync(It.IsAny<T>(), It.IsAny<bool>())).Returns((T entity, bool _) =>
        {
            lock (sync)
            {
                var index = rows.FindIndex(r => r.Id == entity.Id);
                if (index < 0)
                    throw new InvalidOperationException($"No {typeof(T).Name} row with id {entity.Id} to update.");
                if (rows.Where((r, i) => i != index).Any(r => uniqueKey(r) == uniqueKey(entity)))
                    throw new InvalidOperationException("unique constraint violated");
                rows[index] = entity;
            }
            return Task.CompletedTask;
        });
        mock.Setup(r => r.DeleteAsync(It.IsAny<T>(), It.IsAny<bool>())).Returns((T entity, bool _) =>
        {
            lock (sync) rows.RemoveAll(r => r.Id == entity.Id);
            return Task.CompletedTask;
        });
        return (mock, rows);
    }

    /// <summary>A repository whose table reads <paramref name="rows"/> as they are at each query.</summary>
    public static IRepository<T> Reading<T>(List<T> rows) where T : BaseEntity
    {
        var repository = new Mock<IRepository<T>>();
        repository.Setup(r => r.Table).Returns(() => rows.ToList().AsQueryable());
        return repository.Object;
    }
}
