using Retention.Core.Common;

namespace Retention.Core.Workflows;

// The signed links in emails and the landing pages behind them. A refused link changes nothing.
public sealed partial class WorkflowProgram
{
    /// <summary>One-click unsubscribe: stops marketing email from the store, exits the customer's marketing enrollments.</summary>
    public Task<UnsubscribeResult> UnsubscribeAsync(string? token, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>A one-click survey score: records it once (one answer per survey per customer) and counts the click.</summary>
    public Task<SurveyLinkResult> AnswerSurveyAsync(string? token, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>The comment invited after a score, posted with the same token; false when the link is refused or the survey was not answered.</summary>
    public Task<LinkCheck> CommentSurveyAsync(string? token, string? comment, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>A "return to your cart" link: verifies it and counts the click; the host copies the customer's cart into the visitor's.</summary>
    public Task<CartRestoreResult> RestoreCartAsync(string? token, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>A tracked link to a store page: counts the click (once per step) and lets the host redirect.</summary>
    public Task<LinkCheck> ClickAsync(string? token, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>The tracking pixel: counts the open once per step. Never fails visibly (a pixel has no error page).</summary>
    public Task OpenAsync(string? token, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>The signed tokens for one email of an enrollment (expiring after <see cref="LinkLifetime"/>).</summary>
    internal StepLinks LinksFor(Enrollment enrollment, WorkflowSettings workflow, int stepIndex, bool trackOpens, DateTime nowUtc) =>
        throw new NotImplementedException();
}
