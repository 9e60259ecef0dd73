using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Ports;

/// <summary>
/// Commits a run's step outcomes in one transaction on one connection: the compare-and-set moves (the conditions of
/// <see cref="EfEnrollmentStore.TryAdvanceAsync"/>), then, for the moves that won, the events and the emails inserted in
/// bulk, each once by its key. State change and email queueing commit together, so a killed process leaves every step
/// either done with its email or still due; any failure rolls the whole call back and rethrows.
/// </summary>
/// <remarks>
/// The moves go as one command of single-row <c>UPDATE … RETURNING</c> statements in id order (one round trip per
/// <see cref="Chunk"/> outcomes on PostgreSQL, in-process on SQLite): two writers over the same enrollments then lock rows
/// in the same order and cannot deadlock, which a set-based <c>UPDATE … FROM (VALUES …)</c> does not promise.
/// </remarks>
public sealed class EfWorkflowStepWriter(SandboxDatabase database) : IWorkflowStepWriter
{
    /// <summary>Outcomes or rows per command: 7 parameters a move and 12 an event keep a command far below both databases' parameter limits.</summary>
    public const int Chunk = 1000;

    private const int Active = (int)EnrollmentState.Active;

    public async Task<IReadOnlySet<long>> CommitAsync(IReadOnlyList<StepOutcome> outcomes, CancellationToken cancellationToken = default)
    {
        Validate(outcomes);
        var won = new HashSet<long>();
        if (outcomes.Count == 0)
            return won;

        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            var dbTransaction = transaction.GetDbTransaction();
            foreach (var chunk in outcomes.OrderBy(o => o.Transition.EnrollmentId).Chunk(Chunk))
                await AdvanceAsync(connection, dbTransaction, chunk, won, cancellationToken);

            var winners = outcomes.Where(o => won.Contains(o.Transition.EnrollmentId)).ToList();
            foreach (var chunk in winners.Where(o => o.Event != null).Select(o => o.Event!).Chunk(Chunk))
                await InsertAsync(connection, dbTransaction, EventColumns, chunk, cancellationToken);
            foreach (var chunk in winners.Where(o => o.Message != null).Select(o => EfMessageOutbox.ToRow(o.Message!)).Chunk(Chunk))
                await InsertAsync(connection, dbTransaction, OutboxColumns, chunk, cancellationToken);

            await transaction.CommitAsync(cancellationToken);
            return won;
        }
        catch
        {
            await transaction.RollbackAsync(CancellationToken.None);
            throw;
        }
    }

    private static void Validate(IReadOnlyList<StepOutcome> outcomes)
    {
        StepOutcomeRules.Validate(outcomes);
        // The column's limit, checked here so SQLite (which does not enforce lengths) refuses it as PostgreSQL would.
        if (outcomes.FirstOrDefault(o => o.Event?.Detail is { Length: > EfWorkflowEventStore.MaxDetailLength }) is { Event: { } tooLong })
            throw new ArgumentException($"An event's detail is at most {EfWorkflowEventStore.MaxDetailLength} characters (event '{tooLong.Key.Value}').",
                nameof(outcomes));
    }

    /// <summary>One command of compare-and-set updates; each returns its id only when it moved the row.</summary>
    private static async Task AdvanceAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<StepOutcome> chunk, HashSet<long> won,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder();
        var n = 0;
        foreach (var outcome in chunk)
        {
            var t = outcome.Transition;
            var active = t.State == EnrollmentState.Active;
            sql.Append("UPDATE \"Enrollments\" SET \"NextStep\" = ").Append(Add(command, ref n, t.NextStep))
                .Append(", \"NextDueUtc\" = ").Append(Add(command, ref n, active ? EfEnrollmentStore.NotEarly(t.NextDueUtc) : null))
                .Append(", \"StateId\" = ").Append(Add(command, ref n, (int)t.State))
                .Append(", \"ExitReason\" = ").Append(Add(command, ref n, t.ExitReason))
                .Append(", \"ClosedUtc\" = ").Append(Add(command, ref n, active ? null : t.AtUtc))
                .Append(" WHERE \"Id\" = ").Append(Add(command, ref n, t.EnrollmentId))
                .Append(" AND \"StateId\" = ").Append(Active.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Append(" AND \"NextStep\" = ").Append(Add(command, ref n, t.FromStep))
                .Append(" RETURNING \"Id\";\n");
        }
        command.CommandText = sql.ToString();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        do
        {
            while (await reader.ReadAsync(cancellationToken))
                won.Add(reader.GetInt64(0));
        } while (await reader.NextResultAsync(cancellationToken));
    }

    /// <summary>A column of a bulk insert: its quoted name and how a row gives its value.</summary>
    private sealed record Column<TRow>(string Name, Func<TRow, object?> Value);

    /// <summary>The rows not yet there (by <c>Key</c>) in one multi-row <c>INSERT … ON CONFLICT DO NOTHING</c>: a key written before stays once.</summary>
    private static async Task InsertAsync<TRow>(DbConnection connection, DbTransaction transaction, (string Table, Column<TRow>[] Columns) target,
        IReadOnlyList<TRow> rows, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder("INSERT INTO \"").Append(target.Table).Append("\" (")
            .AppendJoin(", ", target.Columns.Select(c => $"\"{c.Name}\"")).Append(") VALUES ");
        var n = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            sql.Append(i == 0 ? "(" : ", (");
            for (var c = 0; c < target.Columns.Length; c++)
                sql.Append(c == 0 ? "" : ", ").Append(Add(command, ref n, target.Columns[c].Value(rows[i])));
            sql.Append(')');
        }
        command.CommandText = sql.Append(" ON CONFLICT (\"Key\") DO NOTHING").ToString();
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Add(DbCommand command, ref int n, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@p" + n++.ToString(System.Globalization.CultureInfo.InvariantCulture);
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter.ParameterName;
    }

    private static readonly (string, Column<WorkflowEvent>[]) EventColumns = ("WorkflowEvents",
    [
        new("Key", e => e.Key.Value),
        new("EnrollmentId", e => e.EnrollmentId),
        new("WorkflowId", e => (int)e.Workflow),
        new("Step", e => e.Step),
        new("StoreId", e => e.Store.Value),
        new("CustomerId", e => e.Customer.Value),
        new("KindId", e => (int)e.Kind),
        new("OccurredUtc", e => e.OccurredUtc),
        new("IsControl", e => e.IsControl),
        new("OrderId", e => e.OrderId),
        new("Revenue", e => e.Revenue),
        new("Detail", e => e.Detail),
    ]);

    private static readonly (string, Column<OutboxMessageRow>[]) OutboxColumns = ("Outbox",
    [
        new("Key", m => m.Key),
        new("StoreId", m => m.StoreId),
        new("CustomerId", m => m.CustomerId),
        new("ToEmail", m => m.ToEmail),
        new("ToName", m => m.ToName),
        new("TemplateName", m => m.TemplateName),
        new("TokensJson", m => m.TokensJson),
        new("IsMarketing", m => m.IsMarketing),
        new("CreatedUtc", m => m.CreatedUtc),
        new("NotBeforeUtc", m => m.NotBeforeUtc),
    ]);
}
