using Retention.Core.Common;
using Retention.Core.Workflows;

namespace Retention.Core.Tests.Workflows;

/// <summary>
/// Mail scanners follow every link in an email: opening an unsubscribe or survey link (the GET) only reads, and the change
/// waits for the POST of the page's button or a mail client's one-click POST.
/// </summary>
public class ScannerSafeLinkTests
{
    private TriggersHarness _h = null!;

    [SetUp]
    public void SetUp() => _h = new TriggersHarness();

    [Test]
    public async Task Opening_an_unsubscribe_link_unsubscribes_no_one_and_asks_first()
    {
        var cart = await _h.EnrolledAsync(WorkflowKind.AbandonedCart);
        var token = _h.Token(cart, LinkPurpose.Unsubscribe);

        var question = await _h.Workflows.Links.ReadUnsubscribeAsync(token);
        var again = await _h.Workflows.Links.ReadUnsubscribeAsync(token);

        Assert.That((question.Check.IsValid, question.AlreadyUnsubscribed, again.AlreadyUnsubscribed), Is.EqualTo((true, false, false)));
        Assert.That(_h.Contacts.Unsubscribes, Is.Empty);
        Assert.That(_h.Stores.AllEvents, Is.Empty);
        Assert.That((await _h.Stores.GetAsync(cart.Id))!.State, Is.EqualTo(EnrollmentState.Active));
    }

    [Test]
    public async Task After_the_confirmed_unsubscribe_the_link_says_the_customer_is_unsubscribed_already()
    {
        var cart = await _h.EnrolledAsync(WorkflowKind.AbandonedCart);
        var token = _h.Token(cart, LinkPurpose.Unsubscribe);

        await _h.Workflows.Links.UnsubscribeAsync(token);
        var question = await _h.Workflows.Links.ReadUnsubscribeAsync(token);

        Assert.That(question.AlreadyUnsubscribed, Is.True);
    }

    [Test]
    public async Task A_tampered_unsubscribe_link_is_refused_when_opened()
    {
        var token = _h.Token(await _h.EnrolledAsync(WorkflowKind.AbandonedCart), LinkPurpose.Unsubscribe);

        var question = await _h.Workflows.Links.ReadUnsubscribeAsync(token[..2] + (token[2] == 'A' ? 'B' : 'A') + token[3..]);

        Assert.That(question.Check.Status, Is.EqualTo(LinkStatus.Tampered));
    }

    [Test]
    public async Task Opening_a_survey_link_records_no_answer_and_shows_the_score_it_carries()
    {
        var nps = await _h.EnrolledAsync(WorkflowKind.NpsSurvey, subject: "nps");
        var nine = _h.Token(nps, LinkPurpose.SurveyAnswer, value: LinkPayload.SurveyValue(SurveyKind.Nps, 9));

        var read = await _h.Workflows.Links.ReadSurveyAsync(nine);

        Assert.That((read.Check.IsValid, read.Kind, read.Score, read.Recorded, read.ExistingScore),
            Is.EqualTo((true, (SurveyKind?)SurveyKind.Nps, (int?)9, false, (int?)null)));
        Assert.That(_h.Stores.AllAnswers, Is.Empty);
        Assert.That(_h.Stores.AllEvents, Is.Empty);
    }

    [Test]
    public async Task Opening_a_second_survey_link_shows_the_answer_that_stands()
    {
        var nps = await _h.EnrolledAsync(WorkflowKind.NpsSurvey, subject: "nps");
        await _h.Workflows.Links.AnswerSurveyAsync(_h.Token(nps, LinkPurpose.SurveyAnswer, value: LinkPayload.SurveyValue(SurveyKind.Nps, 9)));

        var read = await _h.Workflows.Links.ReadSurveyAsync(_h.Token(nps, LinkPurpose.SurveyAnswer, value: LinkPayload.SurveyValue(SurveyKind.Nps, 3)));

        Assert.That((read.Score, read.ExistingScore), Is.EqualTo(((int?)3, (int?)9)));
        Assert.That(_h.Stores.AllAnswers.Select(a => a.Score), Is.EqualTo(new[] { 9 }));
    }

    [Test]
    public void An_email_with_an_unsubscribe_link_gets_the_one_click_headers()
    {
        var headers = EmailLinks.UnsubscribeHeaders("https://shop.example/retention/u/abc.def");

        Assert.That(headers, Is.EqualTo(new[]
        {
            new KeyValuePair<string, string>("List-Unsubscribe", "<https://shop.example/retention/u/abc.def>"),
            new KeyValuePair<string, string>("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
        }));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("/retention/u/abc")]
    [TestCase("mailto:unsubscribe@shop.example")]
    public void An_email_without_an_absolute_web_unsubscribe_link_gets_no_one_click_headers(string? url) =>
        Assert.That(EmailLinks.UnsubscribeHeaders(url), Is.Empty);
}
