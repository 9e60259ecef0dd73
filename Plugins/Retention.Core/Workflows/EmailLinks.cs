namespace Retention.Core.Workflows;

/// <summary>
/// Signs the links one email of an enrollment carries (unsubscribe, tracked click, cart restore, survey scores, open
/// pixel); the due-step batch uses it for real emails, previews and test sends for preview links.
/// </summary>
public sealed class EmailLinks
{
    /// <summary>How long links in an email stay valid.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(60);

    private readonly LinkSigner _signer;

    internal EmailLinks(LinkSigner signer)
    {
        _signer = signer ?? throw new ArgumentNullException(nameof(signer));
    }

    /// <summary>
    /// The signed tokens for one email of an enrollment (expiring after <see cref="LinkLifetime"/>); marked as preview
    /// links for a preview or a test email.
    /// </summary>
    internal StepLinks For(Enrollment enrollment, WorkflowSettings workflow, int stepIndex, bool trackOpens, DateTime nowUtc, bool preview = false)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        ArgumentNullException.ThrowIfNull(workflow);
        var expires = nowUtc + LinkLifetime;
        string Sign(LinkPurpose purpose, int value = 0) =>
            _signer.Sign(new LinkPayload(purpose, enrollment.Store, enrollment.Customer, enrollment.Id, stepIndex, enrollment.Subject, value, expires, preview));

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

    /// <summary>The value of <c>List-Unsubscribe-Post</c> that asks for one-click unsubscribe (RFC 8058), and the body a mail client posts.</summary>
    public const string OneClickPostValue = "List-Unsubscribe=One-Click";

    /// <summary>
    /// The headers that let a mail client offer its own unsubscribe button (RFC 2369 and RFC 8058): <c>List-Unsubscribe</c>
    /// naming the signed unsubscribe link, and <c>List-Unsubscribe-Post</c> asking the client to POST
    /// <see cref="OneClickPostValue"/> to it. The link's POST unsubscribes without an antiforgery token (a mail client has
    /// none); the signed token is the proof. None when the email carries no absolute unsubscribe link. Mailbox providers
    /// act on https links only; an http link (a local sandbox) still gets the headers, so what a live store sends is visible.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> UnsubscribeHeaders(string? unsubscribeUrl)
    {
        if (string.IsNullOrWhiteSpace(unsubscribeUrl) || !Uri.TryCreate(unsubscribeUrl, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            return [];
        return
        [
            new("List-Unsubscribe", $"<{url.AbsoluteUri}>"),
            new("List-Unsubscribe-Post", OneClickPostValue),
        ];
    }

    /// <summary>
    /// The survey a workflow's emails carry; its subject is the enrollment's (<c>nps</c>, <c>order:{id}</c>, win-back's month).
    /// Every step of such a workflow gets the score links, so an admin who reorders win-back's steps keeps a working survey.
    /// </summary>
    public static SurveyKind? SurveyOf(WorkflowKind workflow) => workflow switch
    {
        WorkflowKind.NpsSurvey => SurveyKind.Nps,
        WorkflowKind.CsatSurvey => SurveyKind.Csat,
        WorkflowKind.WinBack => SurveyKind.WinBackReason,
        _ => null,
    };
}
