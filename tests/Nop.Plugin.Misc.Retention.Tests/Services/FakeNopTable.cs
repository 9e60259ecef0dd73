using System.Linq.Expressions;
using System.Reflection;
using Nop.Core;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Retention.Core.Store;
using Retention.Core.Tables;

namespace Nop.Plugin.Misc.Retention.Tests.Services;

/// <summary>
/// The plugin's table over a fake repository. linq2db's <c>UPDATE … WHERE</c> cannot run on a list, so the matching rows
/// are read and written back one by one through the repository, under a lock: atomic between callers outside a
/// transaction, but not between two open transactions (no row locks here). Races inside transactions are the real
/// databases' to show (the data tests run the plugin's table on PostgreSQL and MariaDB).
/// </summary>
public sealed class FakeNopTable<TRow, TEntity> : NopTable<TRow, TEntity> where TRow : TableRow, new() where TEntity : BaseEntity, new()
{
    private readonly IRepository<TEntity> _repository;
    private readonly SemaphoreSlim _lock = new(1, 1);

    public FakeNopTable(IRepository<TEntity> repository, IQueryRunner runner) : base(repository, runner) => _repository = repository;

    protected override async Task<int> UpdateRowsAsync(IQueryable<TEntity> rows, Expression<Func<TEntity, TEntity>> set, CancellationToken cancellationToken)
    {
        var members = ((MemberInitExpression)set.Body).Bindings.Select(b => (PropertyInfo)b.Member).ToList();
        var values = set.Compile();
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var matched = rows.ToList();
            foreach (var entity in matched)
            {
                var updated = values(entity);
                foreach (var member in members)
                    member.SetValue(entity, member.GetValue(updated));
                await _repository.UpdateAsync(entity, publishEvent: false);
            }
            return matched.Count;
        }
        finally
        {
            _lock.Release();
        }
    }

    protected override async Task<int> DeleteRowsAsync(IQueryable<TEntity> rows, CancellationToken cancellationToken)
    {
        var matched = rows.ToList();
        foreach (var entity in matched)
            await _repository.DeleteAsync(entity, publishEvent: false);
        return matched.Count;
    }
}
