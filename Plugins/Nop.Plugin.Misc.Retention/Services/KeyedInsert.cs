using System.Transactions;
using Nop.Core;
using Nop.Data;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>
/// Inserts a row whose unique key records a side effect. The look-up first spares the common replay an
/// exception; the unique index settles the race between two nodes, whose loser sees its insert fail and then
/// finds the winner's row. linq2db surfaces the violation as each provider's own exception type, so the
/// decision is made by looking again, not by the exception's type.
/// Inside an ambient transaction the failed insert has ended that transaction on PostgreSQL and MySQL (every later
/// command fails: 25P02, XAER_RMFAIL), so the second look runs outside it, and a lost race is reported by
/// <see cref="KeyedInsertLostException"/>: the caller's transaction is over, and only the caller can decide what to
/// commit again without the lost row (see <see cref="NopWorkflowStepWriter"/>).
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
                throw new KeyedInsertLostException(typeof(TEntity).Name);
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

/// <summary>
/// A keyed insert inside a transaction lost its race to another writer's committed row; the database has ended the
/// transaction, so nothing written in it so far will be kept.
/// </summary>
public class KeyedInsertLostException(string table)
    : Exception($"Another writer committed a row with the same key in {table} first; this transaction has been ended by the database.");
