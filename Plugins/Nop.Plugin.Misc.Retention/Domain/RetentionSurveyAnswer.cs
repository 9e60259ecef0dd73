using Nop.Core;

namespace Nop.Plugin.Misc.Retention.Domain;

/// <summary>A survey answer, one per (survey kind, store, customer, subject).</summary>
public class RetentionSurveyAnswer : BaseEntity
{
    /// <summary>Core's answer key, unique.</summary>
    public string AnswerKey { get; set; }
    public int KindId { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public string Subject { get; set; }
    public int Score { get; set; }
    public string Comment { get; set; }
    public DateTime AnsweredUtc { get; set; }
    public int? EnrollmentId { get; set; }
}
