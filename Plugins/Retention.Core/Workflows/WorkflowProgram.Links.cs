using Retention.Core.Common;
using Retention.Core.Store;

namespace Retention.Core.Workflows;

// The signed links in emails and the landing pages behind them. A refused link changes nothing: every method verifies
// the token before it reads or writes anything, and acts only on the store and customer the token names. A preview link
// (from an admin's preview or a test email, signed for a real sample customer) verifies but changes nothing either: the
// result says so through LinkCheck.IsPreview and hosts show a page that says nothing was recorded.
public sealed partial class WorkflowProgram
{
    /// <summary>Why an enrollment closed when its customer unsubscribed.</summary>
    public const string UnsubscribedExitReason = "The customer unsubscribed.";

    /// <summary>One-click unsubscribe: stops marketing email from the store, exits the customer's marketing enrollments.</summary>
    public async Task<UnsubscribeResult> UnsubscribeAsync(string? token, CancellationToken cancellationToken = default)
    {
        var now = _s.Clock.UtcNow;
        var check = await ForLiveCustomerAsync(_s.Links.Verify(token, LinkPurpose.Unsubscribe, now), cancellationToken);
        if (check.Payload is not { } link || link.IsPreview)
            return new UnsubscribeResult(check, false);

        var contact = await _s.Contacts.GetAsync(link.Store, link.Customer, cancellationToken);
        await _s.Contacts.UnsubscribeAsync(link.Store, link.Customer, now, cancellationToken);
        var settings = await _s.Settings.LoadAsync(link.Store, cancellationToken);
        var exited = 0;
        foreach (var enrollment in await _s.Enrollments.ActiveForCustomerAsync(link.Store, link.Customer, cancellationToken))
        {
            // Transactional workflows (points lapsing, a tier reached) are owed to the customer whatever their marketing choice.
            if (!settings.For(enrollment.Workflow).IsMarketing)
                continue;
            if (await CloseAsync(enrollment, EnrollmentState.Exited, UnsubscribedExitReason, now, cancellationToken))
                exited++;
        }
        await RecordLinkEventAsync(link, WorkflowEventKind.Clicked, "unsubscribe", now, cancellationToken);
        return new UnsubscribeResult(check, contact is { Unsubscribed: false } || exited > 0);
    }

    /// <summary>A one-click survey score: records it once (one answer per survey per customer) and counts the click.</summary>
    public async Task<SurveyLinkResult> AnswerSurveyAsync(string? token, CancellationToken cancellationToken = default)
    {
        var now = _s.Clock.UtcNow;
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
        var now = _s.Clock.UtcNow;
        var (check, link) = await VerifySurveyAsync(token, now, cancellationToken);
        if (link is null)
            return check;
        if (SurveyCommentError(comment) is { } error)
            throw new ArgumentException(error, nameof(comment));
        if (link.IsPreview)
            return check;

        await RecordAnswerAsync(link, now, cancellationToken);
        await _s.Surveys.SetCommentAsync(link.SurveyKind, link.Store, link.Customer, link.Subject, comment!.Trim(), cancellationToken);
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
        var now = _s.Clock.UtcNow;
        var check = await ForLiveCustomerAsync(_s.Links.Verify(token, LinkPurpose.CartRestore, now), cancellationToken);
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
        var now = _s.Clock.UtcNow;
        var check = await ForLiveCustomerAsync(_s.Links.Verify(token, LinkPurpose.Click, now), cancellationToken);
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
            var now = _s.Clock.UtcNow;
            if ((await ForLiveCustomerAsync(_s.Links.Verify(token, LinkPurpose.Open, now), cancellationToken)).Payload is { } link)
                await RecordLinkEventAsync(link, WorkflowEventKind.Opened, null, now, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A lost open is a rounding error in a report; an error on an image request only shows a broken picture.
        }
    }

    /// <summary>
    /// The signed tokens for one email of an enrollment (expiring after <see cref="LinkLifetime"/>); marked as preview
    /// links for a preview or a test email.
    /// </summary>
    internal StepLinks LinksFor(Enrollment enrollment, WorkflowSettings workflow, int stepIndex, bool trackOpens, DateTime nowUtc, bool preview = false)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        ArgumentNullException.ThrowIfNull(workflow);
        var expires = nowUtc + LinkLifetime;
        string Sign(LinkPurpose purpose, int value = 0) =>
            _s.Links.Sign(new LinkPayload(purpose, enrollment.Store, enrollment.Customer, enrollment.Id, stepIndex, enrollment.Subject, value, expires, preview));

        var surveys = new Dictionary<int, string>();
        if (SurveyOf(workflow.Kind) is { } survey)
        {
            var (min, max) = SurveyAnswer.ScaleOf(survey);
            for (var score = min; score <= max; score++)
                surveys[score] = Sign(LinkPurpose.SurveyAnswer, LinkPayload.SurveyValue(survey, score));
        }
        return new StepLinks(
            Sign(LinkPurpose.Unsubscribe),
            Sign(LinkPurpose.Click),
            workflow.Kind == WorkflowKind.AbandonedCart ? Sign(LinkPurpose.CartRestore) : null,
            surveys,
            trackOpens ? Sign(LinkPurpose.Open) : null);
    }

    /// <summary>
    /// The survey a workflow's emails carry; its subject is the enrollment's (<c>nps</c>, <c>order:{id}</c>, win-back's month).
    /// Every step of such a workflow gets the score links, so an admin who reorders win-back's steps keeps a working survey.
    /// </summary>
    internal static SurveyKind? SurveyOf(WorkflowKind workflow) => workflow switch
    {
        WorkflowKind.NpsSurvey => SurveyKind.Nps,
        WorkflowKind.CsatSurvey => SurveyKind.Csat,
        WorkflowKind.WinBack => SurveyKind.WinBackReason,
        _ => null,
    };

    /// <summary>
    /// A genuine link of a customer the store has since erased is refused as an expired one: nothing may be written for
    /// an erased id (see <see cref="Erasure"/>), and the page must not tell whoever holds the link that the account was erased.
    /// </summary>
    private async Task<LinkCheck> ForLiveCustomerAsync(LinkCheck check, CancellationToken cancellationToken)
    {
        if (check.Payload is not { IsPreview: false } link)
            return check;
        return await ErasedAsync(link.Store, link.Customer, cancellationToken) ? new LinkCheck(LinkStatus.Expired, null) : check;
    }

    /// <summary>
    /// Whether the store erased the customer (<see cref="Erasure"/>), from the contact facts the engine reads anyway:
    /// the contact directory opens its own connection per call, so events handled at once on one program stay apart.
    /// </summary>
    private async Task<bool> ErasedAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken) =>
        await _s.Contacts.GetAsync(store, customer, cancellationToken) is { } contact && Erasure.IsErased(contact.Deleted, contact.Email);

    private async Task<(LinkCheck Check, LinkPayload? Link)> VerifySurveyAsync(string? token, DateTime now, CancellationToken cancellationToken)
    {
        var check = await ForLiveCustomerAsync(_s.Links.Verify(token, LinkPurpose.SurveyAnswer, now), cancellationToken);
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
        var existing = await _s.Surveys.FindAsync(link.SurveyKind, link.Store, link.Customer, link.Subject, cancellationToken);
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
        if (!await _s.Surveys.TryAddAsync(answer, cancellationToken))
        {
            // Another click (a second score, a mail scanner) won the race: its answer stands.
            var winner = await _s.Surveys.FindAsync(link.SurveyKind, link.Store, link.Customer, link.Subject, cancellationToken);
            return (false, winner ?? answer);
        }
        if (_s.Loyalty is { } loyalty)
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
        var enrollment = await _s.Enrollments.GetAsync(link.EnrollmentId, cancellationToken);
        if (enrollment is null || enrollment.Store != link.Store || enrollment.Customer != link.Customer)
            return;
        var linkEvent = StepEvent(enrollment with { NextStep = link.Step }, kind, detail, now) with { Key = LinkEventKey(kind, enrollment.Id, link.Step) };
        await _s.Events.TryAddAsync(linkEvent, cancellationToken);
    }

    /// <summary>The key of a step's click or open event: <c>wf-clicked:{enrollment}:{step}</c>, <c>wf-opened:{enrollment}:{step}</c>.</summary>
    internal static IdempotencyKey LinkEventKey(WorkflowEventKind kind, long enrollmentId, int step) =>
        IdempotencyKey.For(kind == WorkflowEventKind.Opened ? "wf-opened" : "wf-clicked", enrollmentId, step);
}
