namespace Retention.Core.Tables;

/// <summary>One workflow event (Core's <see cref="Workflows.WorkflowEvent"/>) as stored, unique by its key.</summary>
public sealed class WorkflowEventRow : TableRow
{
    /// <summary>The event's idempotency key, unique.</summary>
    public string EventKey { get; set; } = "";
    public long EnrollmentId { get; set; }
    public int WorkflowId { get; set; }
    public int Step { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    /// <summary><see cref="Workflows.WorkflowEventKind"/> as its number.</summary>
    public int KindId { get; set; }
    public DateTime OccurredUtc { get; set; }
    public bool IsControl { get; set; }
    public int? OrderId { get; set; }
    public decimal Revenue { get; set; }
    public string? Detail { get; set; }
}

/// <summary>One survey answer (Core's <see cref="Workflows.SurveyAnswer"/>) as stored; (kind, store, customer, subject) is unique.</summary>
public sealed class SurveyAnswerRow : TableRow
{
    /// <summary>The answer's key as one string: the plugin's unique column. The sandbox makes the four columns unique instead.</summary>
    public string AnswerKey { get; set; } = "";
    public int KindId { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public string Subject { get; set; } = "";
    public int Score { get; set; }
    public string? Comment { get; set; }
    public DateTime AnsweredUtc { get; set; }
    public long? EnrollmentId { get; set; }
}
