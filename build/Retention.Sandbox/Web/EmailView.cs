using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Sandbox.Workflows;

namespace Retention.Sandbox.Web;

/// <summary>An email as its customer would see it: subject and plain text as text, the HTML body as HTML.</summary>
public sealed record RenderedEmail(string Subject, string Html, string Text);

/// <summary>
/// Renders a queued email from Core's default template (<see cref="EmailTemplates"/>), the message's own tokens and the
/// standard nopCommerce store and customer tokens the sandbox can fill, the way nopCommerce's tokenizer fills a template:
/// in the HTML body every value HTML-encoded except the markup tokens the content port built
/// (<see cref="WorkflowTokens.Markup"/>); in the subject and the text part every value as it is.
/// </summary>
public static class EmailView
{
    public const string StoreName = "Demo store";
    public const string StoreEmail = "shop@demo-store.example";
    public const string CompanyName = "Demo Store Ltd";
    public const string CompanyAddress = "1 Example Street, Springfield";

    /// <summary>
    /// Null when no Core template has that name (e.g. the loyalty notices, shown by their tokens). <paramref name="text"/> is
    /// the merchant's edit in force when the email was queued (<see cref="SandboxTemplateEdits"/>); null renders the shipped template.
    /// </summary>
    public static RenderedEmail? Render(string templateName, IReadOnlyDictionary<string, string> tokens, CustomerFact? customer, string toEmail, string storeUrl,
        TemplateText? text = null)
    {
        // The merchant's edit wins; otherwise the shipped template in the sandbox's language, English where it has none.
        if (text is not { Edited: true } && (EmailTemplates.Find(templateName, SandboxLanguage.Current) ?? EmailTemplates.Find(templateName)) is { } shipped)
            text = new TemplateText(shipped.Subject, shipped.HtmlBody, shipped.TextBody, Edited: false);
        if (text == null)
            return null;
        var plain = Standard(customer, toEmail, storeUrl);
        foreach (var (name, value) in tokens)
            plain[name] = value;
        return new RenderedEmail(EmailTemplates.Render(text.Subject, plain), EmailTemplates.RenderHtml(text.HtmlBody, plain),
            EmailTemplates.Render(text.TextBody, plain));
    }

    /// <summary>The nopCommerce tokens of <see cref="EmailTemplates.Tokens"/> (and their siblings) with the sandbox store's values.</summary>
    private static Dictionary<string, string> Standard(CustomerFact? customer, string toEmail, string storeUrl)
    {
        var first = customer?.FirstName ?? "";
        var last = customer?.LastName ?? "";
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Store.Name"] = StoreName,
            ["Store.URL"] = storeUrl,
            ["Store.Email"] = StoreEmail,
            ["Store.CompanyName"] = CompanyName,
            ["Store.CompanyAddress"] = CompanyAddress,
            ["Customer.Email"] = customer?.Email ?? toEmail,
            ["Customer.Username"] = customer?.Email ?? toEmail,
            ["Customer.FirstName"] = first,
            ["Customer.LastName"] = last,
            ["Customer.FullName"] = string.Join(" ", new[] { first, last }.Where(n => n.Length > 0)),
        };
    }
}
