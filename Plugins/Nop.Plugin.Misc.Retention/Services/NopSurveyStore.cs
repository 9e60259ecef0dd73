using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>Survey answers in the plugin's table, one per (kind, store, customer, subject) by the unique key.</summary>
public class NopSurveyStore : ISurveyStore
{
    private readonly IRepository<RetentionSurveyAnswer> _answers;
    private readonly IQueryRunner _runner;

    public NopSurveyStore(IRepository<RetentionSurveyAnswer> answers, IQueryRunner runner)
    {
        _answers = answers;
        _runner = runner;
    }

    public Task<bool> TryAddAsync(SurveyAnswer answer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var (min, max) = SurveyAnswer.ScaleOf(answer.Kind);
        if (answer.Score < min || answer.Score > max)
            throw new ArgumentOutOfRangeException(nameof(answer), answer.Score, $"A {answer.Kind} score is between {min} and {max}.");
        if (string.IsNullOrWhiteSpace(answer.Subject) || answer.Subject.Length > Enrollment.MaxSubjectLength)
            throw new ArgumentException($"A survey's subject is 1 to {Enrollment.MaxSubjectLength} characters.", nameof(answer));
        var key = answer.Key.Value;
        var row = new RetentionSurveyAnswer
        {
            AnswerKey = key,
            KindId = (int)answer.Kind,
            StoreId = answer.Store.Value,
            CustomerId = answer.Customer.Value,
            Subject = answer.Subject,
            Score = answer.Score,
            Comment = Clip(answer.Comment),
            AnsweredUtc = answer.AnsweredUtc,
            EnrollmentId = answer.EnrollmentId is { } id and > 0 and <= int.MaxValue ? (int)id : null,
        };
        return KeyedInsert.TryInsertAsync(_answers, _runner, row, table => table.Where(a => a.AnswerKey == key));
    }

    public async Task<SurveyAnswer> FindAsync(SurveyKind kind, StoreId store, CustomerId customer, string subject, CancellationToken cancellationToken = default)
    {
        var row = await FindRowAsync(kind, store, customer, subject);
        return row == null ? null : new SurveyAnswer
        {
            Kind = (SurveyKind)row.KindId,
            Store = new StoreId(row.StoreId),
            Customer = new CustomerId(row.CustomerId),
            Subject = row.Subject,
            Score = row.Score,
            Comment = row.Comment,
            AnsweredUtc = global::Retention.Core.Tables.TableQueries.Utc(row.AnsweredUtc),
            EnrollmentId = row.EnrollmentId,
        };
    }

    public async Task<bool> SetCommentAsync(SurveyKind kind, StoreId store, CustomerId customer, string subject, string comment, CancellationToken cancellationToken = default)
    {
        var row = await FindRowAsync(kind, store, customer, subject);
        if (row == null)
            return false;
        row.Comment = Clip(comment);
        await _answers.UpdateAsync(row, publishEvent: false);
        return true;
    }

    private Task<RetentionSurveyAnswer> FindRowAsync(SurveyKind kind, StoreId store, CustomerId customer, string subject) =>
        _runner.FirstOrDefaultAsync(_answers.Table.Where(a =>
            a.CustomerId == customer.Value && a.StoreId == store.Value && a.KindId == (int)kind && a.Subject == subject));

    // A comment is free text from a landing page: kept to the column's size rather than refused after the score stands.
    private static string Clip(string comment) =>
        string.IsNullOrWhiteSpace(comment) ? null : comment.Length > SurveyAnswer.MaxCommentLength ? comment[..SurveyAnswer.MaxCommentLength] : comment;
}
