using Nop.Plugin.Misc.Retention.Services;
using System.Transactions;
using Nop.Core;
using Nop.Data;
using Retention.Core.Store;
using Retention.Core.Tables;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>
/// Inserts a row whose unique key records a side effect. The look-up first spares the common replay an
/// exception; the unique index settles the race between two nodes, whose loser sees its insert fail and then
/// finds the winner's row. linq2db surfaces the violation as each provider's own exception type, so the
/// decision is made by looking again, not by the exception's type.
/// Inside an ambient transaction the failed insert has ended that transaction on PostgreSQL and MySQL (every later
/// command fails: 25P02, XAER_RMFAIL), so the second look runs outside it, and a lost race is reported by Core's
/// <see cref="TableRaceLostException"/>: the caller's transaction is over, and only the caller can decide what to
/// commit again without the lost row (see Core's <c>WorkflowStepWriter</c>).
/// </summary>
public static class KeyedInsert
{
    /// <summary>The first row of <paramref name="query"/>, or null.</summary>
    public static async Task<T> FirstOrDefaultAsync<T>(this IQueryRunner runner, IQueryable<T> query) =>
        (await runner.ToListAsync(query.Take(1))).FirstOrDefault();

    /// <returns>True when this call inserted the row; false when a row with the key already existed.</returns>
    public static async Task<bool> TryInsertAsync<TEntity>(IRepository<TEntity> repository, IQueryRunner runner, TEntity entity, Func<IQueryable<TEntity>, IQueryable<TEntity>> byKey)
        where TEntity : BaseEntity
    {
        if (await runner.FirstOrDefaultAsync(byKey(repository.Table)) != null)
            return false;
        try
        {
            await repository.InsertAsync(entity, publishEvent: false);
            return true;
        }
        catch (Exception) when (Transaction.Current != null)
        {
            bool taken;
            using (new TransactionScope(TransactionScopeOption.Suppress, TransactionScopeAsyncFlowOption.Enabled))
                taken = await runner.FirstOrDefaultAsync(byKey(repository.Table)) != null;
            if (taken)
                throw new TableRaceLostException(typeof(TEntity).Name);
            throw;
        }
        catch (Exception)
        {
            if (await runner.FirstOrDefaultAsync(byKey(repository.Table)) != null)
                return false;
            throw;
        }
    }
}
