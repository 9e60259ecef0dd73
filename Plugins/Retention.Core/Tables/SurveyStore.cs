using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;

namespace Retention.Core.Tables;

/// <summary>Survey answers over the host's answer table, one per (kind, store, customer, subject); the one implementation every host uses.</summary>
public sealed class SurveyStore(ITable<SurveyAnswerRow> table, IQueryRunner runner) : ISurveyStore
{
    public Task<bool> TryAddAsync(SurveyAnswer answer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var (min, max) = SurveyAnswer.ScaleOf(answer.Kind);
        if (answer.Score < min || answer.Score > max)
            throw new ArgumentOutOfRangeException(nameof(answer), answer.Score, $"A {answer.Kind} score is between {min} and {max}.");
        if (string.IsNullOrWhiteSpace(answer.Subject) || answer.Subject.Length > Enrollment.MaxSubjectLength)
            throw new ArgumentException($"A survey's subject is 1 to {Enrollment.MaxSubjectLength} characters.", nameof(answer));
        var row = new SurveyAnswerRow
        {
            AnswerKey = answer.Key.Value,
            KindId = (int)answer.Kind,
            StoreId = answer.Store.Value,
            CustomerId = answer.Customer.Value,
            Subject = answer.Subject,
            Score = answer.Score,
            Comment = Clip(answer.Comment),
            AnsweredUtc = answer.AnsweredUtc,
            EnrollmentId = answer.EnrollmentId is { } id and > 0 and <= int.MaxValue ? id : null,
        };
        return table.TryInsertAsync(row, Same(answer.Kind, answer.Store, answer.Customer, answer.Subject), cancellationToken);
    }

    public async Task<SurveyAnswer?> FindAsync(SurveyKind kind, StoreId store, CustomerId customer, string subject, CancellationToken cancellationToken = default)
    {
        var row = await runner.FirstOrDefaultAsync(table.Rows.Where(Same(kind, store, customer, subject)), cancellationToken);
        return row == null ? null : new SurveyAnswer
        {
            Kind = (SurveyKind)row.KindId,
            Store = new StoreId(row.StoreId),
            Customer = new CustomerId(row.CustomerId),
            Subject = row.Subject,
            Score = row.Score,
            Comment = row.Comment,
            AnsweredUtc = TableQueries.Utc(row.AnsweredUtc),
            EnrollmentId = row.EnrollmentId,
        };
    }

    public async Task<bool> SetCommentAsync(SurveyKind kind, StoreId store, CustomerId customer, string subject, string comment, CancellationToken cancellationToken = default)
    {
        var clipped = Clip(comment);
        return await table.UpdateAsync(Same(kind, store, customer, subject), r => new SurveyAnswerRow { Comment = clipped }, cancellationToken) > 0;
    }

    private static System.Linq.Expressions.Expression<Func<SurveyAnswerRow, bool>> Same(SurveyKind kind, StoreId store, CustomerId customer, string subject)
    {
        var (kindId, storeId, customerId) = ((int)kind, store.Value, customer.Value);
        return r => r.CustomerId == customerId && r.StoreId == storeId && r.KindId == kindId && r.Subject == subject;
    }

    // A comment is free text from a landing page: kept to the column's size rather than refused after the score stands.
    private static string? Clip(string? comment) =>
        string.IsNullOrWhiteSpace(comment) ? null : comment.Length > SurveyAnswer.MaxCommentLength ? comment[..SurveyAnswer.MaxCommentLength] : comment;
}
