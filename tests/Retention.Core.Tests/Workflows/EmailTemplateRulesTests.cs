using Retention.Core.Workflows;

namespace Retention.Core.Tests.Workflows;

public class EmailTemplateRulesTests
{
    [Test]
    public void Every_shipped_template_passes_the_rules_a_merchant_edit_must_pass()
    {
        foreach (var template in EmailTemplates.All)
            Assert.That(EmailTemplateRules.Validate(template.Subject, template.HtmlBody, template.IsMarketing).Errors, Is.Empty, template.Name);
    }

    [Test]
    public void An_unknown_retention_token_is_refused_at_its_field_with_the_valid_ones_listed()
    {
        var result = EmailTemplateRules.Validate("Hi %Retention.Cupon%", "<p>%Retention.CouponCode% %Retention.Nope% %Store.Whatever%</p>%Retention.Footer%", isMarketing: true);

        Assert.That(result.Errors.Select(e => e.Field), Is.EqualTo(new[] { EmailTemplateRules.SubjectField, EmailTemplateRules.BodyField }));
        Assert.That(result.Errors[0].Message, Does.StartWith("Unknown token %Retention.Cupon%.").And.Contain("%Retention.CouponCode%"));
        Assert.That(result.Errors[1].Message, Does.StartWith("Unknown token %Retention.Nope%.").And.Contain("%Retention.UnsubscribeUrl%"));
        Assert.That(result.Errors[1].Message, Does.Not.Contain("Store.Whatever"), "nopCommerce's own tokens are the store's business");
    }

    [Test]
    public void A_marketing_email_must_keep_its_unsubscribe_link_a_transactional_one_need_not()
    {
        Assert.That(EmailTemplateRules.Validate("Hi", "<p>No way out</p>", isMarketing: true).Errors.Single().Message, Does.Contain("unsubscribe"));
        Assert.That(EmailTemplateRules.Validate("Hi", "<p><a href=\"%Retention.UnsubscribeUrl%\">Stop</a></p>", isMarketing: true).IsValid, Is.True);
        Assert.That(EmailTemplateRules.Validate("Hi", "<p>Your points lapse</p>", isMarketing: false).IsValid, Is.True);
    }

    [Test]
    public void A_subject_is_one_line_and_neither_field_may_be_empty()
    {
        Assert.That(EmailTemplateRules.Validate("Hi\r\nBcc: x@example.com", "<p>x</p>", false).Errors.Single().Field, Is.EqualTo("Subject"));
        Assert.That(EmailTemplateRules.Validate(" ", "", false).Errors.Select(e => e.Field), Is.EqualTo(new[] { "Subject", "Body" }));
    }
}
