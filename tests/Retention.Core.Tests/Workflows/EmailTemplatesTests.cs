using System.Text.RegularExpressions;
using Retention.Core.Workflows;

namespace Retention.Core.Tests.Workflows;

public class EmailTemplatesTests
{
    private static IEnumerable<EmailTemplate> Templates => EmailTemplates.All;

    [Test]
    public void Every_template_the_catalog_names_has_a_default_and_there_are_no_others()
    {
        var catalog = WorkflowCatalog.AllTemplateNames().ToList();

        Assert.That(EmailTemplates.All.Select(t => t.Name), Is.EquivalentTo(catalog));
        Assert.That(catalog, Has.All.Matches<string>(name => EmailTemplates.Find(name) is not null));
    }

    [Test]
    public void Find_returns_null_for_a_name_outside_the_catalog()
    {
        Assert.That(EmailTemplates.Find("Retention.AbandonedCart.Step9"), Is.Null);
    }

    [TestCaseSource(nameof(Templates))]
    public void Every_token_used_is_documented(EmailTemplate template)
    {
        var used = EmailTemplates.TokensIn(template.Subject + template.HtmlBody + template.TextBody);

        Assert.That(used, Is.Not.Empty);
        Assert.That(used, Is.SubsetOf(EmailTemplates.Tokens.Keys), template.Name);
    }

    [TestCaseSource(nameof(Templates))]
    public void Html_tags_are_balanced(EmailTemplate template)
    {
        Assert.That(UnbalancedTag(template.HtmlBody), Is.Null, template.Name);
    }

    [TestCaseSource(nameof(Templates))]
    public void Html_is_a_600_pixel_table_layout_with_inline_styles_and_nothing_a_mail_client_strips(EmailTemplate template)
    {
        var html = template.HtmlBody;

        Assert.That(html, Does.StartWith("<table"));
        Assert.That(html, Does.Contain("width=\"600\""));
        Assert.That(html, Does.Not.Contain("<script").IgnoreCase);
        Assert.That(html, Does.Not.Contain("<style").IgnoreCase);
        Assert.That(html, Does.Not.Contain("<link").IgnoreCase);
        Assert.That(html, Does.Not.Contain(" class=").IgnoreCase);
        Assert.That(html, Does.Not.Contain("<div").IgnoreCase, "tables, not divs, lay out an email");
    }

    [TestCaseSource(nameof(Templates))]
    public void Every_body_ends_with_the_open_pixel(EmailTemplate template)
    {
        Assert.That(template.HtmlBody, Does.EndWith("%Retention.OpenPixel%"));
    }

    [TestCaseSource(nameof(Templates))]
    public void Marketing_emails_end_with_the_unsubscribe_footer_and_transactional_ones_do_not_offer_it(EmailTemplate template)
    {
        var kind = WorkflowCatalog.All.Single(k => WorkflowCatalog.Default(k).Steps.Any(s => s.TemplateName == template.Name));
        Assert.That(template.IsMarketing, Is.EqualTo(WorkflowCatalog.Default(kind).IsMarketing));
        if (template.IsMarketing)
        {
            var lastContentToken = EmailTemplates.TokensIn(template.HtmlBody).Where(t => t != "Retention.OpenPixel").Last();
            Assert.That(lastContentToken, Is.EqualTo("Retention.Footer"));
            Assert.That(template.TextBody, Does.Contain("%Retention.UnsubscribeUrl%"));
        }
        else
        {
            Assert.That(template.HtmlBody + template.TextBody, Does.Not.Contain("%Retention.Footer%").And.Not.Contain("%Retention.UnsubscribeUrl%"));
        }
    }

    [TestCaseSource(nameof(Templates))]
    public void Subject_is_plain_text_naming_the_store(EmailTemplate template)
    {
        Assert.That(template.Subject, Does.StartWith("%Store.Name%: "));
        Assert.That(template.Subject, Does.Not.Contain("<"));
        Assert.That(template.TextBody, Does.Not.Match("<[a-zA-Z/]"), "the plain-text part carries no markup of its own");
    }

    [Test]
    public void Each_workflow_email_carries_the_content_its_workflow_is_about()
    {
        string Html(WorkflowKind kind, int step) => EmailTemplates.Find(WorkflowCatalog.TemplateName(kind, step))!.HtmlBody;

        Assert.Multiple(() =>
        {
            Assert.That(Html(WorkflowKind.AbandonedCart, 0), Does.Contain("%Retention.CartItems%").And.Contain("%Retention.CartRestoreUrl%"));
            Assert.That(Html(WorkflowKind.WinBack, 2), Does.Contain("%Retention.SurveyLinks%"));
            Assert.That(Html(WorkflowKind.NpsSurvey, 0), Does.Contain("%Retention.SurveyLinks%"));
            Assert.That(Html(WorkflowKind.CsatSurvey, 0), Does.Contain("%Retention.SurveyLinks%"));
            Assert.That(Html(WorkflowKind.ReviewRequest, 0), Does.Contain("%Retention.ReviewLinks%").And.Contain("%Retention.ReviewBonus%"));
            Assert.That(Html(WorkflowKind.PointsExpiry, 0), Does.Contain("%Retention.ExpiringPoints%").And.Contain("%Retention.ExpiryDate%"));
            Assert.That(Html(WorkflowKind.TierUp, 0), Does.Contain("%Retention.TierName%").And.Contain("%Retention.TierPerks%"));
            Assert.That(Html(WorkflowKind.CrossSell, 0), Does.Contain("%Retention.Products%"));
            Assert.That(Html(WorkflowKind.Replenishment, 0), Does.Contain("%Retention.Products%"));
        });
    }

    [Test]
    public void Every_step_with_a_coupon_shows_its_code_and_expiry()
    {
        foreach (var kind in WorkflowCatalog.All)
        {
            var steps = WorkflowCatalog.Default(kind).Steps;
            for (var i = 0; i < steps.Count; i++)
            {
                var template = EmailTemplates.Find(steps[i].TemplateName)!;
                var mentions = template.HtmlBody.Contains("%Retention.CouponCode%", StringComparison.Ordinal);
                // A full stamp card's coupon is issued by the stamp program when the card fills, not by the step.
                Assert.That(mentions, Is.EqualTo(steps[i].Coupon is not null || kind == WorkflowKind.StampCardFull), template.Name);
                if (mentions)
                    Assert.That(template.TextBody, Does.Contain("%Retention.CouponCode%").And.Contain("%Retention.CouponExpires%"));
            }
        }
    }

    [Test]
    public void Render_fills_known_tokens_and_leaves_unknown_ones_as_written()
    {
        var rendered = EmailTemplates.Render("%Store.Name% says hi to %Customer.FirstName% and %Other.Thing%",
            new Dictionary<string, string> { ["Store.Name"] = "Acme", ["Customer.FirstName"] = "Ana" });

        Assert.That(rendered, Is.EqualTo("Acme says hi to Ana and %Other.Thing%"));
    }

    [Test]
    public void Balance_check_catches_an_unclosed_and_a_misnested_tag()
    {
        Assert.That(UnbalancedTag("<table><tr><td>x</td></tr>"), Is.EqualTo("table"));
        Assert.That(UnbalancedTag("<p><strong>x</p></strong>"), Is.EqualTo("strong"));
        Assert.That(UnbalancedTag("<p>x<br /><img src=\"a\"></p>"), Is.Null);
    }

    private static readonly HashSet<string> VoidElements = new(StringComparer.OrdinalIgnoreCase) { "br", "img", "hr", "meta", "input" };

    /// <summary>The first tag that is not properly closed, or null when the tags nest properly.</summary>
    private static string? UnbalancedTag(string html)
    {
        var open = new Stack<string>();
        foreach (Match tag in Regex.Matches(html, "<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>"))
        {
            var name = tag.Groups[2].Value.ToLowerInvariant();
            if (tag.Groups[1].Value == "/")
            {
                if (open.Count == 0 || open.Peek() != name)
                    return open.Count == 0 ? name : open.Peek();
                open.Pop();
            }
            else if (tag.Groups[3].Value != "/" && !VoidElements.Contains(name))
            {
                open.Push(name);
            }
        }
        return open.Count == 0 ? null : open.Peek();
    }

    [Test]
    public void An_html_body_encodes_every_plain_token_and_keeps_the_markup_tokens_markup()
    {
        var tierUp = EmailTemplates.Find(WorkflowCatalog.TemplateName(WorkflowKind.TierUp, 0))!;
        var values = new Dictionary<string, string>
        {
            [WorkflowTokens.TierName] = "Gold<a href=\"https://evil.example/\">claim</a>",
            [WorkflowTokens.Footer] = "<a href=\"https://shop.example/u\">Unsubscribe</a>",
        };

        var html = EmailTemplates.RenderHtml(tierUp.HtmlBody + "%Retention.Footer%", values);

        Assert.That(html, Does.Contain("Gold&lt;a href=&quot;https://evil.example/&quot;&gt;claim&lt;/a&gt;"));
        Assert.That(html, Does.Not.Contain("<a href=\"https://evil.example/\">"));
        Assert.That(html, Does.Contain("<a href=\"https://shop.example/u\">Unsubscribe</a>"), "a markup token stays markup");
        Assert.That(EmailTemplates.Render(tierUp.Subject, values), Does.Contain("welcome to Gold<a href="), "a subject is text: nothing to encode");
    }

    [Test]
    public void Every_call_to_action_goes_through_a_tracked_link_and_only_the_header_links_the_bare_store()
    {
        foreach (var template in EmailTemplates.All)
        {
            var bare = System.Text.RegularExpressions.Regex.Matches(template.HtmlBody, "href=\"%Store\\.URL%\"").Count;
            Assert.That(bare, Is.EqualTo(1), template.Name + ": only the store name in the header links the untracked store address.");
            Assert.That(template.TextBody, Does.Not.Contain(": %Store.URL%"), template.Name);
        }
        Assert.That(EmailTemplates.Find("Retention.WinBack.Step1")!.HtmlBody, Does.Contain("href=\"%Retention.ShopUrl%\""));
    }
}
