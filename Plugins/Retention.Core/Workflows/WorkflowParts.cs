using Retention.Core.Store;

namespace Retention.Core.Workflows;

/// <summary>
/// The workflows' classes composed over one host's ports: written once here, so every host (the plugin's container, the
/// sandbox, the tests) wires them alike. Hosts register each part on its own; a caller takes only the part it uses.
/// </summary>
/// <param name="Program">What store events do (enrollments, exits, attribution).</param>
/// <param name="Enrollment">The one door into a workflow.</param>
/// <param name="Run">The scheduled run: scans, due steps, coupon cleanup.</param>
/// <param name="Scans">The scans that enroll without an event, and win-back's store figures.</param>
/// <param name="Links">The landing pages behind an email's links.</param>
/// <param name="Previews">The admin's preview and test send.</param>
/// <param name="Reports">Statistics, lift, surveys.</param>
public sealed record WorkflowParts(WorkflowProgram Program, WorkflowEnrollment Enrollment, WorkflowRun Run, WorkflowScans Scans, WorkflowLinks Links,
    WorkflowPreviews Previews, WorkflowReports Reports)
{
    /// <summary>Every part over <paramref name="services"/>, sharing the small pieces (erasure check, link signing, enrollment).</summary>
    public static WorkflowParts Compose(WorkflowServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var s = services;
        var erasure = new ErasureCheck(s.Contacts);
        var emailLinks = new EmailLinks(s.Links);
        var enrollment = new WorkflowEnrollment(s.Settings, s.Options, s.Enrollments, s.BuiltInReminders, erasure, s.Store, s.Runner, s.Clock);
        var scans = new WorkflowScans(s.Settings, enrollment, s.Enrollments, s.Store, s.Runner, s.Contacts,
            s.PurchaseGaps ?? new Metrics.LinqPurchaseGapQuery(s.Store, s.Runner), s.Clock, s.Loyalty, s.DailyScans, s.Events, s.Options);
        var dueSteps = new DueStepBatch(
            new DueStepFactReader(s.Store, s.Runner, s.Events, s.Contacts, s.Outbox, s.BuiltInReminders, s.Enrollments),
            new StepComposer(s.Coupons, s.Content, emailLinks),
            s.StepWriter ?? new SinglePortStepWriter(s.Enrollments, s.Events, s.Outbox),
            s.Clock);
        return new WorkflowParts(
            new WorkflowProgram(s.Settings, enrollment, new WorkflowAttribution(s.Events), erasure, s.Store, s.Runner, s.Replenishment),
            enrollment,
            new WorkflowRun(s.Settings, s.Options, s.Enrollments, scans, dueSteps, s.Coupons, s.Lock, s.Clock),
            scans,
            new WorkflowLinks(s.Links, erasure, s.Contacts, s.Settings, enrollment, s.Enrollments, s.Events, s.Surveys, s.Clock, s.Loyalty),
            new WorkflowPreviews(s.Settings, s.Contacts, s.Content, s.Outbox, emailLinks, s.Store, s.Runner, s.Clock),
            new WorkflowReports(s.Settings, s.Data, s.Store, s.Runner));
    }
}
