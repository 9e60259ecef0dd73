using Retention.Core.Common;

namespace Retention.Core.Workflows;

// The engine: enrolling, running due steps under the contact policy, previews and test sends.
public sealed partial class WorkflowProgram
{
    /// <summary>
    /// Puts the customer into the workflow about the subject if the workflow is on in the store, the customer is in its
    /// audience and past its re-entry time; assigns the control group deterministically (same customer + workflow → same
    /// arm on every node) and schedules the first step at anchor + its delay.
    /// </summary>
    public Task<EnrollOutcome> EnrollAsync(EnrollmentRequest request, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>
    /// The scheduled run, under <see cref="RunLockResource"/>: per store, the scans that enroll (abandoned carts, dormant
    /// customers, birthdays, expiring points), then up to <paramref name="batchSize"/> due steps (higher-priority workflows
    /// first), then expired unused coupons. Each due step: exit checks, the step's condition, the contact policy (consent,
    /// suppression, weekly cap, quiet hours), the coupon, the email under the step's key, the event, and the enrollment
    /// moved on with a compare-and-set — so a crash between any two of these repeats nothing when the run is retried.
    /// </summary>
    public Task<WorkflowRunReport> RunAsync(int batchSize = 500, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Renders step <paramref name="stepIndex"/> of a workflow with a real customer's data; nothing is recorded, issued or sent.</summary>
    public Task<StepPreview> PreviewAsync(StoreId store, WorkflowKind workflow, int stepIndex, CustomerId customer, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>
    /// Sends step <paramref name="stepIndex"/> rendered for <paramref name="sampleCustomer"/> to <paramref name="toEmail"/>
    /// (an admin's address): no enrollment, no cap, no coupon issued (a sample code is shown). False when the template is missing.
    /// </summary>
    public Task<bool> SendTestAsync(StoreId store, WorkflowKind workflow, int stepIndex, CustomerId sampleCustomer, string toEmail,
        CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Closes the customer's active enrollments in the store whose workflow exits on <paramref name="reason"/>; returns how many.</summary>
    internal Task<int> ExitAsync(StoreId store, CustomerId customer, ExitOn reason, DateTime atUtc, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}
