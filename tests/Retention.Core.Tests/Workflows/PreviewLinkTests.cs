using Retention.Core.Common;
using Retention.Core.Tests.Loyalty;
using Retention.Core.Workflows;

namespace Retention.Core.Tests.Workflows;

/// <summary>
/// The links in an admin's preview and in test emails are signed for the sample customer, so they verify; they are
/// marked as preview links and every landing page changes nothing for them: no unsubscribe, no survey answer or bonus,
/// no comment, no cart copied, no click or open counted.
/// </summary>
public sealed class PreviewLinkTests
{
    private static readonly CustomerId Customer7 = new(7);

    private ProgramHarness _loyalty = null!;
    private TriggersHarness _h = null!;

    [SetUp]
    public void SetUp()
    {
        _loyalty = new ProgramHarness(L.Plain with { SurveyBonus = 50 }, TriggersHarness.T0);
        _h = new TriggersHarness(_loyalty);
    }

    private async Task<StepLinks> PreviewLinksAsync(WorkflowKind workflow)
    {
        await _h.Workflows.Previews.PreviewAsync(TriggersHarness.Store1, workflow, 0, Customer7);
        return _h.Engine.Content.Rendered.Last().Links;
    }

    private async Task<StepLinks> TestEmailLinksAsync(WorkflowKind workflow)
    {
        Assert.That(await _h.Workflows.Previews.SendTestAsync(TriggersHarness.Store1, workflow, 0, Customer7, "admin@example.com"), Is.True);
        return _h.Engine.Content.Rendered.Last().Links;
    }

    [Test]
    public async Task Every_link_of_a_preview_and_of_a_test_email_is_marked_as_a_preview_link()
    {
        foreach (var links in new[] { await PreviewLinksAsync(WorkflowKind.AbandonedCart), await TestEmailLinksAsync(WorkflowKind.NpsSurvey) })
        {
            var tokens = new List<(string? Token, LinkPurpose Purpose)>
            {
                (links.Unsubscribe, LinkPurpose.Unsubscribe), (links.Click, LinkPurpose.Click), (links.CartRestore, LinkPurpose.CartRestore),
            };
            tokens.AddRange(links.SurveyAnswers.Values.Select(t => ((string?)t, LinkPurpose.SurveyAnswer)));
            foreach (var (token, purpose) in tokens.Where(t => t.Token != null))
            {
                var check = _h.Links.Verify(token, purpose, _h.Clock.UtcNow);
                Assert.That((check.IsValid, check.IsPreview), Is.EqualTo((true, true)), purpose.ToString());
            }
        }
    }

    [Test]
    public async Task A_live_link_is_not_a_preview_link()
    {
        var cart = await _h.EnrolledAsync();

        var check = _h.Links.Verify(_h.Token(cart, LinkPurpose.Unsubscribe), LinkPurpose.Unsubscribe, _h.Clock.UtcNow);

        Assert.That((check.IsValid, check.IsPreview), Is.EqualTo((true, false)));
    }

    [Test]
    public async Task A_preview_unsubscribe_link_leaves_the_real_customer_subscribed_and_enrolled()
    {
        var cart = await _h.EnrolledAsync();
        var links = await PreviewLinksAsync(WorkflowKind.WinBack);

        var result = await _h.Workflows.Links.UnsubscribeAsync(links.Unsubscribe);

        Assert.That((result.Check.IsValid, result.Check.IsPreview, result.Changed), Is.EqualTo((true, true, false)));
        Assert.That(_h.Contacts.Unsubscribes, Is.Empty);
        Assert.That((await _h.Stores.GetAsync(cart.Id))!.State, Is.EqualTo(EnrollmentState.Active));
        Assert.That(_h.Stores.AllEvents, Is.Empty);
    }

    [TestCase(WorkflowKind.NpsSurvey)]
    [TestCase(WorkflowKind.CsatSurvey)]
    [TestCase(WorkflowKind.WinBack)]
    public async Task A_preview_survey_link_records_no_answer_and_pays_no_bonus(WorkflowKind workflow)
    {
        _h.Order(5, 7, TriggersHarness.T0.AddDays(-2), 10m);   // CSAT asks about an order: the sample is the customer's latest
        var links = await TestEmailLinksAsync(workflow);

        var result = await _h.Workflows.Links.AnswerSurveyAsync(links.SurveyAnswers.Values.First());
        var comment = await _h.Workflows.Links.CommentSurveyAsync(links.SurveyAnswers.Values.First(), "Lovely shop");

        Assert.That((result.Check.IsPreview, result.Recorded, result.Kind.HasValue), Is.EqualTo((true, false, true)));
        Assert.That((comment.IsValid, comment.IsPreview), Is.EqualTo((true, true)));
        Assert.That(_h.Stores.AllAnswers, Is.Empty, "survey statistics never see a preview answer");
        Assert.That(_loyalty.Ledger.AllEntries, Is.Empty, "no survey bonus");
        Assert.That(_h.Stores.AllEvents, Is.Empty);
    }

    [Test]
    public async Task A_preview_cart_link_names_no_cart_to_copy_and_a_preview_click_counts_nothing()
    {
        var links = await PreviewLinksAsync(WorkflowKind.AbandonedCart);

        var cart = await _h.Workflows.Links.RestoreCartAsync(links.CartRestore);
        var click = await _h.Workflows.Links.ClickAsync(links.Click, "/shop");

        Assert.That((cart.Check.IsPreview, cart.Store, cart.Customer), Is.EqualTo((true, (StoreId?)null, (CustomerId?)null)));
        Assert.That((click.Check.IsValid, click.Check.IsPreview, click.Location), Is.EqualTo((true, true, "/shop")), "the click still leads to the page");
        Assert.That(_h.Stores.AllEvents, Is.Empty);
    }
}
