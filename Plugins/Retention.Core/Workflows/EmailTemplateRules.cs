using Retention.Core.Common;

namespace Retention.Core.Workflows;

/// <summary>
/// What a merchant may save as a step's email (subject and HTML body), checked the same way by both hosts: the plugin's
/// preview of a nopCommerce message template and the sandbox's step editor. A token the engine does not fill would reach
/// the customer as raw <c>%Retention.Something%</c>, so an unknown one is refused with the list of those that exist.
/// </summary>
public static class EmailTemplateRules
{
    /// <summary>The field names of <see cref="Validate"/>'s messages.</summary>
    public const string SubjectField = "Subject";

    /// <inheritdoc cref="SubjectField"/>
    public const string BodyField = "Body";

    /// <summary>nopCommerce's MessageTemplate.Subject column holds 1000 characters.</summary>
    public const int MaxSubjectLength = 1000;

    /// <summary>Far above any real email (the shipped ones are under 4 kB); keeps a pasted file out of the database.</summary>
    public const int MaxBodyLength = 100_000;

    private const string RetentionPrefix = "Retention.";

    /// <summary>The Retention tokens a template may use, sorted: every token the engine fills, and the test marker of test sends.</summary>
    public static readonly IReadOnlyList<string> RetentionTokens = EmailTemplates.Tokens.Keys
        .Append(WorkflowPreviews.TestMarkerToken)
        .Where(t => t.StartsWith(RetentionPrefix, StringComparison.Ordinal))
        .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private static readonly HashSet<string> Known = new(RetentionTokens, StringComparer.Ordinal);

    /// <summary>
    /// Checks an edited subject and body: both present and within size, no line break in the subject (it is a mail header),
    /// no unknown <c>%Retention.*%</c> token (the message lists the valid ones), and a marketing email keeps its unsubscribe
    /// link (<c>%Retention.Footer%</c> or <c>%Retention.UnsubscribeUrl%</c>). nopCommerce's own tokens are not checked here:
    /// they are the store's to add.
    /// </summary>
    public static ValidationResult Validate(string? subject, string? body, bool isMarketing)
    {
        var result = new ValidationResult();
        if (string.IsNullOrWhiteSpace(subject))
            result.Add(SubjectField, "Enter a subject.");
        else if (subject.Length > MaxSubjectLength)
            result.Add(SubjectField, $"A subject has at most {MaxSubjectLength} characters.");
        else if (subject.Contains('\r') || subject.Contains('\n'))
            result.Add(SubjectField, "A subject is one line.");
        else
            UnknownTokens(result, SubjectField, subject);

        if (string.IsNullOrWhiteSpace(body))
            result.Add(BodyField, "Enter the email's body.");
        else if (body.Length > MaxBodyLength)
            result.Add(BodyField, $"A body has at most {MaxBodyLength} characters.");
        else
        {
            UnknownTokens(result, BodyField, body);
            // Every marketing email carries a working unsubscribe link: a merchant must not be able to edit it away.
            if (isMarketing && !KeepsUnsubscribeLink(body))
                result.Add(BodyField, $"A marketing email keeps its unsubscribe link: put %{WorkflowTokens.Footer}% or %{WorkflowTokens.UnsubscribeUrl}% in the body.");
        }
        return result;
    }

    /// <summary>Whether a body carries the unsubscribe link: the footer token, or the bare URL token in a link of the merchant's own.</summary>
    public static bool KeepsUnsubscribeLink(string body) =>
        body.Contains($"%{WorkflowTokens.Footer}%", StringComparison.Ordinal) || body.Contains($"%{WorkflowTokens.UnsubscribeUrl}%", StringComparison.Ordinal);

    /// <summary>The <c>%Retention.*%</c> tokens of <paramref name="text"/> that the engine does not fill, in order of first use.</summary>
    public static IReadOnlyList<string> UnknownRetentionTokens(string text) =>
        EmailTemplates.TokensIn(text).Where(t => t.StartsWith(RetentionPrefix, StringComparison.Ordinal) && !Known.Contains(t)).ToList();

    private static void UnknownTokens(ValidationResult result, string field, string text)
    {
        var unknown = UnknownRetentionTokens(text);
        if (unknown.Count == 0)
            return;
        var named = string.Join(", ", unknown.Select(t => $"%{t}%"));
        result.Add(field, (unknown.Count == 1 ? $"Unknown token {named}." : $"Unknown tokens {named}.")
            + " The Retention tokens are: " + string.Join(", ", RetentionTokens.Select(t => $"%{t}%")) + ".");
    }
}
