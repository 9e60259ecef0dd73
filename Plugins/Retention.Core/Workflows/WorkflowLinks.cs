using Retention.Core.Common;
using Retention.Core.Loyalty;

namespace Retention.Core.Workflows;

/// <summary>
/// The signed links in emails and the landing pages behind them: unsubscribe, survey scores and comments, cart restore,
/// tracked clicks and the open pixel. A refused link changes nothing: every method verifies the token before it reads or
/// writes anything, and acts only on the store and customer the token names. A preview link (from an admin's preview or
/// a test email, signed for a real sample customer) verifies but changes nothing either: the result says so through
/// <see cref="LinkCheck.IsPreview"/> and hosts show a page that says nothing was recorded.
/// </summary>
public sealed class WorkflowLinks
{
    private readonly LinkSigner _signer;
    private readonly ErasureCheck _erasure;
    private readonly IContactDirectory _contacts;
    private readonly IWorkflowSettingsStore _settings;
    private readonly WorkflowEnrollment _enrollment;
    private readonly IEnrollmentStore _enrollments;
    private readonly IWorkflowEventStore _events;
    private readonly ISurveyStore _surveys;
    private readonly IClock _clock;
    private readonly IWorkflowLoyalty? _loyalty;

    // loyalty: Awards the survey bonus; null where the host runs no loyalty program.
    internal WorkflowLinks(LinkSigner signer, ErasureCheck erasure, IContactDirectory contacts, IWorkflowSettingsStore settings, WorkflowEnrollment enrollment,
        IEnrollmentStore enrollments, IWorkflowEventStore events, ISurveyStore surveys, IClock clock, IWorkflowLoyalty? loyalty)
    {
        _signer = signer;
        _erasure = erasure;
        _contacts = contacts;
        _settings = settings;
        _enrollment = enrollment;
        _enrollments = enrollments;
        _events = events;
        _surveys = surveys;
        _clock = clock;
        _loyalty = loyalty;
    }

    /// <summary>
    /// What the unsubscribe page shows before anything changes: the verdict on the token and whether the customer is
    /// unsubscribed already. Nothing is written, because mail scanners follow every link in an email; the change waits
    /// for the POST of the page's button (or a mail client's one-click POST, RFC 8058), <see cref="UnsubscribeAsync"/>.
    /// </summary>
    public async Task<UnsubscribeQuestion> ReadUnsubscribeAsync(string? token, CancellationToken cancellationToken = default)
    {
        var check = await ForLiveCustomerAsync(_signer.Verify(token, LinkPurpose.Unsubscribe, _clock.UtcNow), cancellationToken);
        if (check.Payload is not { IsPreview: false } link)
            return new UnsubscribeQuestion(check, false);
        var contact = await _contacts.GetAsync(link.Store, link.Customer, cancellationToken);
        return new UnsubscribeQuestion(check, contact is { Unsubscribed: true });
    }

    /// <summary>
    /// What the survey page shows before anything is recorded: the score the link carries, and the score that stands
    /// when the survey was answered before. Nothing is written (mail scanners follow links); the answer is recorded by
    /// the POST of the page's button, <see cref="AnswerSurveyAsync"/>.
    /// </summary>
    public async Task<SurveyLinkResult> ReadSurveyAsync(string? token, CancellationToken cancellationToken = default)
    {
        var (check, link) = await VerifySurveyAsync(token, _clock.UtcNow, cancellationToken);
        if (link is null)
            return new SurveyLinkResult(check, null, null, false, null);
        if (link.IsPreview)
            return new SurveyLinkResult(check, link.SurveyKind, link.SurveyScore, false, null);
        var existing = await _surveys.FindAsync(link.SurveyKind, link.Store, link.Customer, link.Subject, cancellationToken);
        return new SurveyLinkResult(check, link.SurveyKind, link.SurveyScore, false, existing?.Score);
    }

    /// <summary>
    /// Unsubscribes: stops marketing email from the store, exits the customer's marketing enrollments. Hosts call it only
    /// on a POST (the page's button or a mail client's one-click POST), never on the GET a scanner makes; a repeated POST
    /// changes nothing more.
    /// </summary>
    public async Task<UnsubscribeResult> UnsubscribeAsync(string? token, CancellationToken cancellationToken = default)
    {
        var now = _clock.UtcNow;
        var check = await ForLiveCustomerAsync(_signer.Verify(token, LinkPurpose.Unsubscribe, now), cancellationToken);
        if (check.Payload is not { } link || link.IsPreview)
            return new UnsubscribeResult(check, false);

        var contact = await _contacts.GetAsync(link.Store, link.Customer, cancellationToken);
        await _contacts.UnsubscribeAsync(link.Store, link.Customer, now, cancellationToken);
        var settings = await _settings.LoadAsync(link.Store, cancellationToken);
        // Transactional workflows (points lapsing, a tier reached) are owed to the customer whatever their marketing choice.
        var exited = await _enrollment.CloseWhereAsync(link.Store, link.Customer, e => settings.For(e.Workflow).IsMarketing,
            WorkflowProgram.UnsubscribedExitReason, now, cancellationToken);
        // No click is recorded: leaving is not engagement, and as the last click it would credit the next order to this email.
        return new UnsubscribeResult(check, contact is { Unsubscribed: false } || exited > 0);
    }

    /// <summary>
    /// Records a survey score once (one answer per survey per customer) and counts the click. Hosts call it only on the
    /// POST of the survey page's button, never on the GET a scanner makes.
    /// </summary>
    public async Task<SurveyLinkResult> AnswerSurveyAsync(string? token, CancellationToken cancellationToken = default)
    {
        var now = _clock.UtcNow;
        var (check, link) = await VerifySurveyAsync(token, now, cancellationToken);
        if (link is null)
            return new SurveyLinkResult(check, null, null, false, null);
        if (link.IsPreview)
            return new SurveyLinkResult(check, link.SurveyKind, link.SurveyScore, false, null);

        var (recorded, standing) = await RecordAnswerAsync(link, now, cancellationToken);
        await RecordLinkEventAsync(link, WorkflowEventKind.Clicked, "survey", now, cancellationToken);
        return new SurveyLinkResult(check, link.SurveyKind, link.SurveyScore, recorded, recorded ? null : standing.Score);
    }

    /// <summary>
    /// The comment invited after a score, posted with the same token. It is stored on the answer of the token's own
    /// customer and survey (recording the token's score first if the landing page was skipped), replacing an earlier
    /// comment. A comment must pass <see cref="SurveyCommentError"/>; hosts check it first and show the message.
    /// </summary>
    /// <exception cref="ArgumentException">The comment is empty or longer than <see cref="SurveyAnswer.MaxCommentLength"/>.</exception>
    public async Task<LinkCheck> CommentSurveyAsync(string? token, string? comment, CancellationToken cancellationToken = default)
    {
        var now = _clock.UtcNow;
        var (check, link) = await VerifySurveyAsync(token, now, cancellationToken);
        if (link is null)
            return check;
        if (SurveyCommentError(comment) is { } error)
            throw new ArgumentException(error, nameof(comment));
        if (link.IsPreview)
            return check;

        await RecordAnswerAsync(link, now, cancellationToken);
        await _surveys.SetCommentAsync(link.SurveyKind, link.Store, link.Customer, link.Subject, comment!.Trim(), cancellationToken);
        return check;
    }

    /// <summary>What is wrong with a survey comment as typed, or null when it can be saved (trimmed).</summary>
    public static string? SurveyCommentError(string? comment)
    {
        var trimmed = comment?.Trim() ?? "";
        if (trimmed.Length == 0)
            return "Please write a comment before sending.";
        if (trimmed.Length > SurveyAnswer.MaxCommentLength)
            return $"A comment can be at most {SurveyAnswer.MaxCommentLength} characters long.";
        return null;
    }

    /// <summary>A "return to your cart" link: verifies it and counts the click; the host copies the customer's cart into the visitor's.</summary>
    public async Task<CartRestoreResult> RestoreCartAsync(string? token, CancellationToken cancellationToken = default)
    {
        var now = _clock.UtcNow;
        var check = await ForLiveCustomerAsync(_signer.Verify(token, LinkPurpose.CartRestore, now), cancellationToken);
        if (check.Payload is not { } link || link.IsPreview)
            return new CartRestoreResult(check, null, null);
        await RecordLinkEventAsync(link, WorkflowEventKind.Clicked, "cart", now, cancellationToken);
        return new CartRestoreResult(check, link.Store, link.Customer);
    }

    /// <summary>
    /// A tracked link to a store page: the target <paramref name="to"/> (the <c>to</c> parameter as the host decoded it)
    /// is checked and encoded first (<see cref="ClickTarget.Location"/>), so a click is counted (once per step) only when
    /// there is a redirect to answer with; a refused target counts nothing, whatever the token.
    /// </summary>
    public async Task<ClickResult> ClickAsync(string? token, string? to, CancellationToken cancellationToken = default)
    {
        var now = _clock.UtcNow;
        var check = await ForLiveCustomerAsync(_signer.Verify(token, LinkPurpose.Click, now), cancellationToken);
        if (ClickTarget.Location(to) is not { } location)
            return new ClickResult(check, true, null);
        if (check.Payload is not { } link)
            return new ClickResult(check, false, null);
        await RecordLinkEventAsync(link, WorkflowEventKind.Clicked, null, now, cancellationToken);
        return new ClickResult(check, false, location);
    }

    /// <summary>The tracking pixel: counts the open once per step. Never fails visibly (a pixel has no error page).</summary>
    public async Task OpenAsync(string? token, CancellationToken cancellationToken = default)
    {
        try
        {
            var now = _clock.UtcNow;
            if ((await ForLiveCustomerAsync(_signer.Verify(token, LinkPurpose.Open, now), cancellationToken)).Payload is { } link)
                await RecordLinkEventAsync(link, WorkflowEventKind.Opened, null, now, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A lost open is a rounding error in a report; an error on an image request only shows a broken picture.
        }
    }

    /// <summary>
    /// A genuine link of a customer the store has since erased is refused as an expired one: nothing may be written for
    /// an erased id (see <see cref="Store.Erasure"/>), and the page must not tell whoever holds the link that the account was erased.
    /// </summary>
    private async Task<LinkCheck> ForLiveCustomerAsync(LinkCheck check, CancellationToken cancellationToken)
    {
        if (check.Payload is not { IsPreview: false } link)
            return check;
        return await _erasure.IsErasedAsync(link.Store, link.Customer, cancellationToken) ? new LinkCheck(LinkStatus.Expired, null) : check;
    }

    private async Task<(LinkCheck Check, LinkPayload? Link)> VerifySurveyAsync(string? token, DateTime now, CancellationToken cancellationToken)
    {
        var check = await ForLiveCustomerAsync(_signer.Verify(token, LinkPurpose.SurveyAnswer, now), cancellationToken);
        if (check.Payload is not { } link)
            return (check, null);
        // Only this program signs survey links, so a genuine token with a score off the scale is a bug, still refused whole.
        if (!Enum.IsDefined(link.SurveyKind) || link.SurveyScore < SurveyAnswer.ScaleOf(link.SurveyKind).Min
            || link.SurveyScore > SurveyAnswer.ScaleOf(link.SurveyKind).Max)
            return (new LinkCheck(LinkStatus.Malformed, null), null);
        return (check, link);
    }

    /// <summary>Records the token's score unless the survey was answered; the answer that stands either way.</summary>
    private async Task<(bool Recorded, SurveyAnswer Standing)> RecordAnswerAsync(LinkPayload link, DateTime now, CancellationToken cancellationToken)
    {
        var existing = await _surveys.FindAsync(link.SurveyKind, link.Store, link.Customer, link.Subject, cancellationToken);
        if (existing is not null)
            return (false, existing);

        var answer = new SurveyAnswer
        {
            Kind = link.SurveyKind,
            Store = link.Store,
            Customer = link.Customer,
            Subject = link.Subject,
            Score = link.SurveyScore,
            AnsweredUtc = now,
            EnrollmentId = link.EnrollmentId > 0 ? link.EnrollmentId : null,
        };
        if (!await _surveys.TryAddAsync(answer, cancellationToken))
        {
            // Another click (a second score, a mail scanner) won the race: its answer stands.
            var winner = await _surveys.FindAsync(link.SurveyKind, link.Store, link.Customer, link.Subject, cancellationToken);
            return (false, winner ?? answer);
        }
        if (_loyalty is { } loyalty)
            await loyalty.SurveyAnsweredAsync(link.Store, link.Customer, answer.Key.Value, cancellationToken);
        return (true, answer);
    }

    /// <summary>
    /// Records a click or an open on the step the link came from: once per (enrollment, step, kind), whichever of the
    /// email's links was used. Links from test emails (enrollment 0) and links whose enrollment belongs to someone else
    /// record nothing.
    /// </summary>
    private async Task RecordLinkEventAsync(LinkPayload link, WorkflowEventKind kind, string? detail, DateTime now, CancellationToken cancellationToken)
    {
        if (link.EnrollmentId <= 0 || link.IsPreview)
            return;
        var enrollment = await _enrollments.GetAsync(link.EnrollmentId, cancellationToken);
        if (enrollment is null || enrollment.Store != link.Store || enrollment.Customer != link.Customer)
            return;
        var linkEvent = StepTransitions.StepEvent(enrollment with { NextStep = link.Step }, kind, detail, now) with { Key = LinkEventKey(kind, enrollment.Id, link.Step) };
        await _events.TryAddAsync(linkEvent, cancellationToken);
    }

    /// <summary>
    /// The key of a step's click or open event: <c>wf-clicked:{enrollment}:{step}</c>, <c>wf-opened:{enrollment}:{step}</c>.
    /// Public so a host that writes past events (the sandbox's demo history) keys them as a live click would be.
    /// </summary>
    public static IdempotencyKey LinkEventKey(WorkflowEventKind kind, long enrollmentId, int step) =>
        IdempotencyKey.For(kind == WorkflowEventKind.Opened ? "wf-opened" : "wf-clicked", enrollmentId, step);
}
