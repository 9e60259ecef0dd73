using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Retention.Core.Common;
using Microsoft.EntityFrameworkCore.Storage;
using Retention.Core.Messaging;
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

    /// <summary>
    /// One multi-row <c>INSERT … ON CONFLICT DO NOTHING RETURNING "Id", key</c> per chunk (PostgreSQL and SQLite both have
    /// it): a row whose key exists, committed or being inserted by another writer, is skipped by the database without an
    /// error, so the transaction goes on.
    /// </summary>
    public async Task<IReadOnlyList<TRow>> TryInsertManyAsync(IReadOnlyList<TRow> rows, Expression<Func<TRow, string>> key, CancellationToken cancellationToken = default)
    {
        var keyOf = key.Compile();
        var candidates = TableColumns.FirstOfEachKey(rows, keyOf);
        if (candidates.Count == 0)
            return [];
        await using var db = database.CreateContext();
        // The commands run on a connection the context opened for them: closed again before the context goes back to the
        // pool, or every call outside a transaction would keep one (PostgreSQL refuses clients past max_connections).
        try
        {
            return await InsertNewAsync(db, candidates, key, keyOf, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<IReadOnlyList<TRow>> InsertNewAsync(SandboxDbContext db, List<TRow> candidates, Expression<Func<TRow, string>> key, Func<TRow, string> keyOf,
        CancellationToken cancellationToken)
    {
        var sql = new EfSql(db, typeof(TRow));
        var keyColumn = sql.Column(TableColumns.Of(key).Single());
        var columns = sql.Entity.GetProperties().Where(p => !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never)).ToList();
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        // Every writer inserts in key order: two batches that overlap in different orders would otherwise each hold a key
        // the other waits for in the unique index, which PostgreSQL ends as a deadlock (seen under load).
        foreach (var chunk in candidates.OrderBy(keyOf, StringComparer.Ordinal).Chunk(Math.Max(1, EfSql.MaxParameters / columns.Count)))
        {
            await using var command = await sql.CommandAsync(cancellationToken);
            var text = new System.Text.StringBuilder("INSERT INTO ").Append(sql.Table).Append(" (")
                .AppendJoin(", ", columns.Select(sql.Column)).Append(") VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                text.Append(i == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Count; c++)
                    text.Append(c == 0 ? "" : ", ").Append(sql.Parameter(command, columns[c], columns[c].PropertyInfo!.GetValue(chunk[i])));
                text.Append(')');
            }
            command.CommandText = text.Append(" ON CONFLICT DO NOTHING RETURNING ").Append(sql.Column(sql.Entity.FindPrimaryKey()!.Properties[0]))
                .Append(", ").Append(keyColumn).ToString();
            foreach (var (id, keyValue) in await EfSql.ReadAsync(command, cancellationToken))
                ids[(string)keyValue!] = id;
        }
        var inserted = new List<TRow>();
        foreach (var row in candidates)
        {
            if (!ids.TryGetValue(keyOf(row), out var id))
                continue;
            row.Id = id;
            inserted.Add(row);
        }
        return inserted;
    }

    /// <summary>
    /// One command per chunk of single-row <c>UPDATE … SET … WHERE "Id" = … AND expected RETURNING "Id"</c> statements in id
    /// order: one round trip, each row its own compare-and-set, and the rows locked in the order the statements run.
    /// </summary>
    public async Task<IReadOnlySet<long>> UpdateManyAsync(IReadOnlyList<RowChange<TRow>> changes, Expression<Func<TRow, object?>> expected,
        Expression<Func<TRow, object?>> set, CancellationToken cancellationToken = default)
    {
        var ordered = TableColumns.InIdOrder(changes);
        if (ordered.Count == 0)
            return new HashSet<long>();
        await using var db = database.CreateContext();
        try
        {
            return await UpdateEachAsync(db, ordered, expected, set, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<IReadOnlySet<long>> UpdateEachAsync(SandboxDbContext db, List<RowChange<TRow>> ordered, Expression<Func<TRow, object?>> expected,
        Expression<Func<TRow, object?>> set, CancellationToken cancellationToken)
    {
        var changed = new HashSet<long>();
        var sql = new EfSql(db, typeof(TRow));
        var id = sql.Entity.FindPrimaryKey()!.Properties[0];
        var compared = TableColumns.Of(expected).Select(sql.Property).ToList();
        var written = TableColumns.Of(set).Select(sql.Property).ToList();
        foreach (var chunk in ordered.Chunk(Math.Max(1, EfSql.MaxParameters / (1 + compared.Count + written.Count))))
        {
            await using var command = await sql.CommandAsync(cancellationToken);
            var text = new System.Text.StringBuilder();
            foreach (var change in chunk)
            {
                text.Append("UPDATE ").Append(sql.Table).Append(" SET ");
                for (var c = 0; c < written.Count; c++)
                    text.Append(c == 0 ? "" : ", ").Append(sql.Column(written[c])).Append(" = ")
                        .Append(sql.Parameter(command, written[c], written[c].PropertyInfo!.GetValue(change.Values)));
                text.Append(" WHERE ").Append(sql.Column(id)).Append(" = ").Append(sql.Parameter(command, id, change.Id));
                foreach (var column in compared)
                {
                    var value = column.PropertyInfo!.GetValue(change.Expected);
                    text.Append(" AND ").Append(sql.Column(column))
                        .Append(value == null ? " IS NULL" : " = " + sql.Parameter(command, column, value));
                }
                text.Append(" RETURNING ").Append(sql.Column(id)).Append(";\n");
            }
            command.CommandText = text.ToString();
            foreach (var (changedId, _) in await EfSql.ReadAsync(command, cancellationToken))
                changed.Add(changedId);
        }
        return changed;
    }
}

/// <summary>
/// Hand-written SQL on an entity's table for the batch verbs EF Core has no operator for: names and parameters come from
/// the EF model (column names, the provider's quoting, each column's type mapping with its value converter), and the
/// command runs on the context's connection and transaction, so it joins <see cref="SandboxDatabase.InTransactionAsync{T}"/>.
/// </summary>
internal sealed class EfSql(SandboxDbContext db, Type rowType)
{
    /// <summary>Parameters per command: PostgreSQL takes 65,535 and SQLite 32,766.</summary>
    public const int MaxParameters = 30_000;

    private readonly Microsoft.EntityFrameworkCore.Storage.ISqlGenerationHelper _names = db.GetService<Microsoft.EntityFrameworkCore.Storage.ISqlGenerationHelper>();

    public Microsoft.EntityFrameworkCore.Metadata.IEntityType Entity { get; } = db.Model.FindEntityType(rowType)
        ?? throw new InvalidOperationException($"{rowType.Name} is not a table of the sandbox database.");

    private Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier Store =>
        Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(Entity.GetTableName()!, Entity.GetSchema());

    public string Table => _names.DelimitIdentifier(Entity.GetTableName()!, Entity.GetSchema());

    public Microsoft.EntityFrameworkCore.Metadata.IProperty Property(PropertyInfo property) => Entity.FindProperty(property.Name)
        ?? throw new ArgumentException($"{rowType.Name}.{property.Name} is not a column of the sandbox database.", nameof(property));

    public string Column(PropertyInfo property) => Column(Property(property));

    public string Column(Microsoft.EntityFrameworkCore.Metadata.IProperty property) => _names.DelimitIdentifier(property.GetColumnName(Store)!);

    /// <summary>A new parameter of <paramref name="command"/> holding <paramref name="value"/> as the column stores it; its placeholder.</summary>
    public string Parameter(System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Metadata.IProperty property, object? value)
    {
        var name = "p" + command.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(command, name, value, property.IsNullable));
        return "@" + name;
    }

    /// <summary>
    /// Runs <paramref name="command"/> and reads every result set's rows as (id, second column or null). A database error
    /// is thrown as EF Core's <see cref="DbUpdateException"/> around the driver's, as a <c>SaveChanges</c> would throw it,
    /// so callers see one kind of failed write whichever way the sandbox wrote.
    /// </summary>
    public static async Task<List<(long Id, object? Value)>> ReadAsync(System.Data.Common.DbCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<(long, object?)>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            do
            {
                while (await reader.ReadAsync(cancellationToken))
                    rows.Add((Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
                        reader.FieldCount > 1 && !reader.IsDBNull(1) ? reader.GetValue(1) : null));
            } while (await reader.NextResultAsync(cancellationToken));
        }
        catch (System.Data.Common.DbException e)
        {
            throw new DbUpdateException("A batched write to the sandbox database failed: " + e.Message, e);
        }
        return rows;
    }

    /// <summary>A command on the context's open connection, in its transaction if it has one.</summary>
    public async Task<System.Data.Common.DbCommand> CommandAsync(CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }
}

/// <summary>Core's table stores over the sandbox database.</summary>
public static class SandboxStores
{
    /// <summary>The changed-customers feed the dashboard's incremental refresh reads, in <c>ChangedCustomers</c>.</summary>
    public static ChangedCustomerFeed ChangedCustomers(SandboxDatabase database, IClock clock) =>
        new(new EfTable<ChangedCustomerRow>(database), new EfQueryRunner(), clock);

    public static ReferralStore Referrals(SandboxDatabase database, IClock clock) => new(new EfTable<ReferralRow>(database), new EfQueryRunner(), clock);

    /// <summary>Periodic cashback's payouts in <c>CashbackPayouts</c>.</summary>
    public static CashbackStore Cashback(SandboxDatabase database, IClock clock) => new(new EfTable<CashbackPayoutRow>(database), new EfQueryRunner(), clock);

    /// <summary>Paid membership's facts in <c>Memberships</c>.</summary>
    public static MembershipStore Membership(SandboxDatabase database) => new(new EfTable<MembershipRow>(database), new EfQueryRunner());

    public static UnsubscribeStore Unsubscribes(SandboxDatabase database) => new(new EfTable<UnsubscribeRow>(database), new EfQueryRunner());

    /// <summary>Coupons recorded in <c>Coupons</c>, their discounts in the sandbox store's <c>Discounts</c>.</summary>
    public static CouponStore Coupons(SandboxDatabase database, IClock clock) =>
        new(new EfTable<CouponRow>(database), new SandboxDiscounts(database, clock), new EfQueryRunner(), clock);

    public static StampStore Stamps(SandboxDatabase database) => new(new EfTable<StampRow>(database), new EfQueryRunner());

    public static EnrollmentStore Enrollments(SandboxDatabase database) => new(new EfTable<EnrollmentRow>(database), new EfQueryRunner());

    public static WorkflowEventStore Events(SandboxDatabase database) => new(new EfTable<WorkflowEventRow>(database), new EfQueryRunner());

    public static SurveyStore Surveys(SandboxDatabase database) => new(new EfTable<SurveyAnswerRow>(database), new EfQueryRunner());

    /// <summary>The visible outbox: queued emails land in the <c>Outbox</c> table and on the <c>/outbox</c> page, and go nowhere else.</summary>
    public static OutboxStore Outbox(SandboxDatabase database) => new(new EfTable<OutboxRow>(database), new EfQueryRunner(), NoDelivery.Instance);

    /// <summary>One database holds enrollments, events and the outbox: a batch's moves, events and emails commit together.</summary>
    public static WorkflowStepWriter StepWriter(SandboxDatabase database) =>
        new(new EfTables(database), Enrollments(database), Events(database), Outbox(database));
}
