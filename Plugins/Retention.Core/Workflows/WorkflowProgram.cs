using Retention.Core.Common;

namespace Retention.Core.Workflows;

/// <summary>A request to put a customer into a workflow about a subject (see <see cref="Enrollment"/>).</summary>
public sealed record EnrollmentRequest(WorkflowKind Workflow, StoreId Store, CustomerId Customer, string Subject, DateTime AnchorUtc);

/// <summary>
/// The workflows as hosts call them: each store event maps to one method here, the scheduled task calls
/// <see cref="RunAsync"/>, the landing pages call the link methods, the admin pages the report methods. Every method
/// is safe to call again with the same input: enrollments, steps, coupons, events and answers carry unique keys.
/// </summary>
/// <remarks>
/// Split by concern over partial files: the engine (enrolling, running due steps under the contact policy, previews),
/// the triggers (events and scans that enroll, attribution), the links (signed landing pages) and the reports.
/// </remarks>
public sealed partial class WorkflowProgram
{
    /// <summary>Largest batch of due steps one run takes per lock hold; the rest wait for the next run.</summary>
    public const int MaxBatchSize = 5000;

    /// <summary>How long links in an email stay valid.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(60);

    /// <summary>The lock every node's run takes, so two nodes never work the same batch at once.</summary>
    public const string RunLockResource = "workflows.run";

    private readonly WorkflowServices _s;

    public WorkflowProgram(WorkflowServices services)
    {
        _s = services ?? throw new ArgumentNullException(nameof(services));
    }
}
