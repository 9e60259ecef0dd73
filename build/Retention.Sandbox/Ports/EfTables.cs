using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Retention.Core.Common;
using Retention.Core.Tables;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Ports;

/// <summary>
/// Core's table port over the sandbox database: Core's row types are the EF entities (mapped in
/// <see cref="SandboxDbContext"/>), each call opens a short-lived context, and a transaction is the database's
/// (<see cref="SandboxDatabase.InTransactionAsync{T}"/>), which every port's context joins while it runs.
/// </summary>
public sealed class EfTables(SandboxDatabase database) : ITableTransactions
{
    public ITable<TRow> Table<TRow>() where TRow : TableRow => new EfTable<TRow>(database);

    public Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(work, cancellationToken);
}

/// <summary>One of Core's tables in the sandbox database.</summary>
public sealed class EfTable<TRow>(SandboxDatabase database) : ITable<TRow> where TRow : TableRow
{
    private static readonly MethodInfo SetColumn = typeof(EfTable<TRow>).GetMethod(nameof(Set), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static void Set<TValue>(UpdateSettersBuilder<TRow> setters, Expression<Func<TRow, TValue>> column, Expression<Func<TRow, TValue>> value) =>
        setters.SetProperty(column, value);

    /// <summary>
    /// The rows, on a context of their own (the transaction's inside one). The context is left to the garbage collector:
    /// it holds a connection only while a query runs.
    /// </summary>
    public IQueryable<TRow> Rows => database.CreateContext().Set<TRow>().AsNoTracking();

    public async Task<bool> TryInsertAsync(TRow row, Expression<Func<TRow, bool>> sameKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        await using var db = database.CreateContext();
        if (await db.Set<TRow>().AsNoTracking().AnyAsync(sameKey, cancellationToken))
            return false;
        db.Set<TRow>().Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (SandboxDatabase.IsUniqueViolation(e))
        {
            // Inside a transaction EF Core saved under a savepoint and has rolled back to it: the transaction goes on.
            db.Entry(row).State = EntityState.Detached;
            row.Id = 0;
            return false;
        }
    }

    public async Task<int> UpdateAsync(Expression<Func<TRow, bool>> where, Expression<Func<TRow, TRow>> set, CancellationToken cancellationToken = default)
    {
        var init = set.Body as MemberInitExpression
                   ?? throw new ArgumentException("An update names its columns: r => new TRow { A = …, B = … }.", nameof(set));
        await using var db = database.CreateContext();
        return await db.Set<TRow>().Where(where).ExecuteUpdateAsync(setters =>
        {
            foreach (var binding in init.Bindings.Cast<MemberAssignment>())
            {
                var property = (PropertyInfo)binding.Member;
                var column = Expression.Lambda(Expression.Property(set.Parameters[0], property), set.Parameters[0]);
                var value = Expression.Lambda(binding.Expression.Type == property.PropertyType ? binding.Expression : Expression.Convert(binding.Expression, property.PropertyType), set.Parameters[0]);
                SetColumn.MakeGenericMethod(property.PropertyType).Invoke(null, [setters, column, value]);
            }
        }, cancellationToken);
    }

    public async Task<int> DeleteAsync(Expression<Func<TRow, bool>> where, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        return await db.Set<TRow>().Where(where).ExecuteDeleteAsync(cancellationToken);
    }
}

/// <summary>Core's table stores over the sandbox database.</summary>
public static class SandboxStores
{
    public static ReferralStore Referrals(SandboxDatabase database, IClock clock) => new(new EfTable<ReferralRow>(database), new EfQueryRunner(), clock);

    public static UnsubscribeStore Unsubscribes(SandboxDatabase database) => new(new EfTable<UnsubscribeRow>(database), new EfQueryRunner());

    /// <summary>Coupons recorded in <c>Coupons</c>, their discounts in the sandbox store's <c>Discounts</c>.</summary>
    public static CouponStore Coupons(SandboxDatabase database, IClock clock) =>
        new(new EfTable<CouponRow>(database), new SandboxDiscounts(database, clock), new EfQueryRunner(), clock);

    public static EnrollmentStore Enrollments(SandboxDatabase database) => new(new EfTable<EnrollmentRow>(database), new EfQueryRunner());

    public static WorkflowEventStore Events(SandboxDatabase database) => new(new EfTable<WorkflowEventRow>(database), new EfQueryRunner());

    public static SurveyStore Surveys(SandboxDatabase database) => new(new EfTable<SurveyAnswerRow>(database), new EfQueryRunner());

    /// <summary>One database holds enrollments, events and the outbox: a batch's moves, events and emails commit together.</summary>
    public static WorkflowStepWriter StepWriter(SandboxDatabase database) =>
        new(new EfTables(database), Enrollments(database), Events(database), new EfMessageOutbox(database));
}
