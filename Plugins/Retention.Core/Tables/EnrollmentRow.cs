namespace Retention.Core.Tables;

/// <summary>
/// One customer in one workflow about one subject (Core's <see cref="Workflows.Enrollment"/>) as stored: (workflow, store,
/// customer, subject) is unique, and (state, next due) indexed for the due-step query.
/// </summary>
public sealed class EnrollmentRow : TableRow
{
    /// <summary>
    /// The enrollment key (workflow, store, customer, subject) as one string: the plugin's unique column. The sandbox makes
    /// the four columns unique instead and does not store it.
    /// </summary>
    public string EnrollmentKey { get; set; } = "";
    public int WorkflowId { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public string Subject { get; set; } = "";
    public DateTime EnrolledUtc { get; set; }
    public DateTime AnchorUtc { get; set; }
    public bool IsControl { get; set; }
    /// <summary><see cref="Workflows.EnrollmentState"/> as its number.</summary>
    public int StateId { get; set; }
    public int NextStep { get; set; }
    public DateTime? NextDueUtc { get; set; }
    public string? ExitReason { get; set; }
    public DateTime? ClosedUtc { get; set; }
}
