using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Tests.Loyalty;
using Retention.Core.Workflows;

namespace Retention.Core.Tests.Workflows;

public class LinksTests
{
    private TriggersHarness _h = null!;

    [SetUp]
    public void SetUp() => _h = new TriggersHarness();

    private int Clicks => _h.Stores.AllEvents.Count(e => e.Kind == WorkflowEventKind.Clicked);

    // ---- unsubscribe

    [Test]
    public async Task Unsubscribe_stops_marketing_exits_marketing_enrollments_and_keeps_transactional_ones()
    {
        var cart = await _h.EnrolledAsync(WorkflowKind.AbandonedCart);
        var tier = await _h.EnrolledAsync(WorkflowKind.TierUp, subject: "tier:Gold:20260302");

        var result = await _h.Workflows.Links.UnsubscribeAsync(_h.Token(cart, LinkPurpose.Unsubscribe));

        Assert.That(result.Check.IsValid, Is.True);
        Assert.That(result.Changed, Is.True);
        Assert.That(_h.Contacts.Unsubscribes.Select(u => u.Customer), Is.EqualTo(new[] { new CustomerId(7) }));
        var cartNow = (await _h.Stores.GetAsync(cart.Id))!;
        Assert.That(cartNow.State, Is.EqualTo(EnrollmentState.Exited));
        Assert.That(cartNow.ExitReason, Is.EqualTo(WorkflowProgram.UnsubscribedExitReason));
        Assert.That((await _h.Stores.GetAsync(tier.Id))!.State, Is.EqualTo(EnrollmentState.Active));
        Assert.That(Clicks, Is.Zero, "Leaving is not a click.");
    }

    [Test]
    public async Task Replayed_unsubscribe_link_still_succeeds_but_changes_nothing()
    {
        var cart = await _h.EnrolledAsync();
        var token = _h.Token(cart, LinkPurpose.Unsubscribe);
        await _h.Workflows.Links.UnsubscribeAsync(token);
        var events = _h.Stores.AllEvents.Count;

        var replay = await _h.Workflows.Links.UnsubscribeAsync(token);

        Assert.That(replay.Check.IsValid, Is.True);
        Assert.That(replay.Changed, Is.False);
        Assert.That(_h.Stores.AllEvents, Has.Count.EqualTo(events));
    }

    // ---- refused tokens, on every route

    private static IEnumerable<TestCaseData> RefusedTokens()
    {
        yield return new TestCaseData("tampered", LinkStatus.Tampered).SetName("Tampered token");
        yield return new TestCaseData("truncated", LinkStatus.Malformed).SetName("Truncated token");
        yield return new TestCaseData("expired", LinkStatus.Expired).SetName("Expired token");
        yield return new TestCaseData("wrong-purpose", LinkStatus.WrongPurpose).SetName("Token made for another route");
        yield return new TestCaseData("other-secret", LinkStatus.Tampered).SetName("Token signed by another install");
        yield return new TestCaseData("garbage", LinkStatus.Malformed).SetName("Not a token at all");
    }

    private string Refused(string how, Enrollment enrollment, LinkPurpose purpose, int value = 0)
    {
        var genuine = _h.Token(enrollment, purpose, value: value);
        var dot = genuine.IndexOf('.');
        return how switch
        {
            // Change one character of the payload: the MAC no longer matches.
            "tampered" => genuine[..2] + (genuine[2] == 'A' ? 'B' : 'A') + genuine[3..],
            "truncated" => genuine[..(dot + 10)],
            "expired" => _h.Token(enrollment, purpose, value: value, lifetime: TimeSpan.FromSeconds(-1)),
            "wrong-purpose" => _h.Token(enrollment, purpose == LinkPurpose.Click ? LinkPurpose.Open : LinkPurpose.Click, value: value),
            "other-secret" => new LinkSigner(LinkSigner.NewSecret()).Sign(new LinkPayload(purpose, enrollment.Store, enrollment.Customer,
                enrollment.Id, 0, enrollment.Subject, value, _h.Clock.UtcNow.AddDays(1))),
            _ => "not a token",
        };
    }

    [TestCaseSource(nameof(RefusedTokens))]
    public async Task A_refused_token_changes_nothing_on_any_route(string how, LinkStatus expected)
    {
        var nps = await _h.EnrolledAsync(WorkflowKind.NpsSurvey, subject: "nps");
        var cart = await _h.EnrolledAsync(WorkflowKind.AbandonedCart);
        var score = LinkPayload.SurveyValue(SurveyKind.Nps, 9);

        var unsubscribe = await _h.Workflows.Links.UnsubscribeAsync(Refused(how, cart, LinkPurpose.Unsubscribe));
        var survey = await _h.Workflows.Links.AnswerSurveyAsync(Refused(how, nps, LinkPurpose.SurveyAnswer, score));
        var comment = await _h.Workflows.Links.CommentSurveyAsync(Refused(how, nps, LinkPurpose.SurveyAnswer, score), "Great");
        var restore = await _h.Workflows.Links.RestoreCartAsync(Refused(how, cart, LinkPurpose.CartRestore));
        var click = await _h.Workflows.Links.ClickAsync(Refused(how, cart, LinkPurpose.Click), "/shop");
        await _h.Workflows.Links.OpenAsync(Refused(how, cart, LinkPurpose.Open));

        Assert.Multiple(() =>
        {
            Assert.That(new[] { unsubscribe.Check, survey.Check, comment, restore.Check, click.Check }.Select(c => c.Status), Has.All.EqualTo(expected));
            Assert.That(unsubscribe.Changed, Is.False);
            Assert.That(survey.Recorded, Is.False);
            Assert.That(survey.Score, Is.Null);
            Assert.That(restore.Customer, Is.Null);
            Assert.That(_h.Contacts.Unsubscribes, Is.Empty);
            Assert.That(_h.Stores.AllAnswers, Is.Empty);
            Assert.That(_h.Stores.AllEvents, Is.Empty);
            Assert.That(_h.Stores.AllEnrollments.Select(e => e.State), Has.All.EqualTo(EnrollmentState.Active));
        });
    }

    [Test]
    public async Task A_token_for_one_customer_cannot_touch_another_customers_data()
    {
        var bobs = await _h.EnrolledAsync(WorkflowKind.AbandonedCart, customer: 8);
        // Genuinely signed for customer 7 but naming Bob's enrollment (what a bug, or a reused id, would produce).
        var forAlice = _h.Links.Sign(new LinkPayload(LinkPurpose.Unsubscribe, TriggersHarness.Store1, new CustomerId(7), bobs.Id, 0, bobs.Subject, 0,
            _h.Clock.UtcNow.AddDays(1)));
        var clickForAlice = _h.Links.Sign(new LinkPayload(LinkPurpose.Click, TriggersHarness.Store1, new CustomerId(7), bobs.Id, 0, bobs.Subject, 0,
            _h.Clock.UtcNow.AddDays(1)));

        await _h.Workflows.Links.UnsubscribeAsync(forAlice);
        await _h.Workflows.Links.ClickAsync(clickForAlice, "/shop");

        Assert.That(_h.Contacts.Unsubscribes.Select(u => u.Customer), Is.EqualTo(new[] { new CustomerId(7) }));
        Assert.That((await _h.Stores.GetAsync(bobs.Id))!.State, Is.EqualTo(EnrollmentState.Active));
        Assert.That(_h.Stores.AllEvents, Is.Empty);
    }

    // ---- surveys

    [Test]
    public async Task Survey_link_records_its_score_once_with_the_loyalty_bonus()
    {
        var loyalty = new ProgramHarness(L.Plain with { SurveyBonus = 25 }, TriggersHarness.T0);
        _h = new TriggersHarness(loyalty);
        var nps = await _h.EnrolledAsync(WorkflowKind.NpsSurvey, subject: "nps");

        var result = await _h.Workflows.Links.AnswerSurveyAsync(_h.Token(nps, LinkPurpose.SurveyAnswer, value: LinkPayload.SurveyValue(SurveyKind.Nps, 9)));

        Assert.That(result.Recorded, Is.True);
        Assert.That((result.Kind, result.Score, result.ExistingScore), Is.EqualTo(((SurveyKind?)SurveyKind.Nps, (int?)9, (int?)null)));
        var answer = _h.Stores.AllAnswers.Single();
        Assert.That((answer.Customer, answer.Subject, answer.Score, answer.EnrollmentId), Is.EqualTo((new CustomerId(7), "nps", 9, (long?)nps.Id)));
        var bonus = loyalty.Ledger.AllEntries.Single();
        Assert.That((bonus.Reason, bonus.Points, bonus.Customer), Is.EqualTo((LedgerReason.SurveyBonus, 25, new CustomerId(7))));
        Assert.That(Clicks, Is.EqualTo(1));
    }

    [Test]
    public async Task A_second_score_link_or_a_replay_keeps_the_first_answer_and_pays_no_second_bonus()
    {
        var loyalty = new ProgramHarness(L.Plain with { SurveyBonus = 25 }, TriggersHarness.T0);
        _h = new TriggersHarness(loyalty);
        var csat = await _h.EnrolledAsync(WorkflowKind.CsatSurvey, subject: "order:5");
        var four = _h.Token(csat, LinkPurpose.SurveyAnswer, value: LinkPayload.SurveyValue(SurveyKind.Csat, 4));
        await _h.Workflows.Links.AnswerSurveyAsync(four);

        var replay = await _h.Workflows.Links.AnswerSurveyAsync(four);
        var other = await _h.Workflows.Links.AnswerSurveyAsync(_h.Token(csat, LinkPurpose.SurveyAnswer, value: LinkPayload.SurveyValue(SurveyKind.Csat, 1)));

        Assert.That((replay.Recorded, replay.ExistingScore), Is.EqualTo((false, (int?)4)));
        Assert.That((other.Recorded, other.Score, other.ExistingScore), Is.EqualTo((false, (int?)1, (int?)4)));
        Assert.That(_h.Stores.AllAnswers.Single().Score, Is.EqualTo(4));
        Assert.That(loyalty.Ledger.AllEntries, Has.Count.EqualTo(1));
        Assert.That(Clicks, Is.EqualTo(1), "one click per step, however many links were followed");
    }

    [Test]
    public async Task A_signed_score_off_the_scale_is_refused()
    {
        var csat = await _h.EnrolledAsync(WorkflowKind.CsatSurvey, subject: "order:5");

        var result = await _h.Workflows.Links.AnswerSurveyAsync(_h.Token(csat, LinkPurpose.SurveyAnswer, value: LinkPayload.SurveyValue(SurveyKind.Csat, 9)));

        Assert.That(result.Check.Status, Is.EqualTo(LinkStatus.Malformed));
        Assert.That(_h.Stores.AllAnswers, Is.Empty);
    }

    [Test]
    public async Task Comment_is_trimmed_and_stored_on_the_links_own_answer()
    {
        var nps = await _h.EnrolledAsync(WorkflowKind.NpsSurvey, subject: "nps");
        var someoneElse = await _h.EnrolledAsync(WorkflowKind.NpsSurvey, customer: 8, subject: "nps");
        var token = _h.Token(nps, LinkPurpose.SurveyAnswer, value: LinkPayload.SurveyValue(SurveyKind.Nps, 3));
        await _h.Workflows.Links.AnswerSurveyAsync(_h.Token(someoneElse, LinkPurpose.SurveyAnswer, value: LinkPayload.SurveyValue(SurveyKind.Nps, 10)));
        await _h.Workflows.Links.AnswerSurveyAsync(token);

        var check = await _h.Workflows.Links.CommentSurveyAsync(token, "  Delivery was slow.  ");

        Assert.That(check.IsValid, Is.True);
        Assert.That(_h.Stores.AllAnswers.Single(a => a.Customer == new CustomerId(7)).Comment, Is.EqualTo("Delivery was slow."));
        Assert.That(_h.Stores.AllAnswers.Single(a => a.Customer == new CustomerId(8)).Comment, Is.Null);
    }

    [Test]
    public async Task Comment_posted_without_the_score_page_records_the_tokens_score_first()
    {
        var nps = await _h.EnrolledAsync(WorkflowKind.NpsSurvey, subject: "nps");

        await _h.Workflows.Links.CommentSurveyAsync(_h.Token(nps, LinkPurpose.SurveyAnswer, value: LinkPayload.SurveyValue(SurveyKind.Nps, 6)), "Too pricey");

        var answer = _h.Stores.AllAnswers.Single();
        Assert.That((answer.Score, answer.Comment), Is.EqualTo((6, "Too pricey")));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   \n ")]
    public async Task Empty_comment_is_refused_with_a_clear_message_and_nothing_stored(string? comment)
    {
        var nps = await _h.EnrolledAsync(WorkflowKind.NpsSurvey, subject: "nps");
        var token = _h.Token(nps, LinkPurpose.SurveyAnswer, value: LinkPayload.SurveyValue(SurveyKind.Nps, 6));

        Assert.That(WorkflowLinks.SurveyCommentError(comment), Is.EqualTo("Please write a comment before sending."));
        var error = Assert.ThrowsAsync<ArgumentException>(() => _h.Workflows.Links.CommentSurveyAsync(token, comment));
        Assert.That(error!.Message, Does.StartWith("Please write a comment"));
        Assert.That(_h.Stores.AllAnswers, Is.Empty);
    }

    [Test]
    public async Task Comment_over_2000_characters_is_refused_and_one_of_exactly_2000_kept()
    {
        var nps = await _h.EnrolledAsync(WorkflowKind.NpsSurvey, subject: "nps");
        var token = _h.Token(nps, LinkPurpose.SurveyAnswer, value: LinkPayload.SurveyValue(SurveyKind.Nps, 6));

        Assert.ThrowsAsync<ArgumentException>(() => _h.Workflows.Links.CommentSurveyAsync(token, new string('x', SurveyAnswer.MaxCommentLength + 1)));
        Assert.That(WorkflowLinks.SurveyCommentError(new string('x', SurveyAnswer.MaxCommentLength + 1)), Does.Contain("2000"));
        await _h.Workflows.Links.CommentSurveyAsync(token, " " + new string('y', SurveyAnswer.MaxCommentLength) + " ");

        Assert.That(_h.Stores.AllAnswers.Single().Comment, Has.Length.EqualTo(SurveyAnswer.MaxCommentLength));
    }

    // ---- cart, click, open

    [Test]
    public async Task Cart_link_names_whose_cart_to_restore_and_counts_as_the_steps_one_click()
    {
        var cart = await _h.EnrolledAsync(WorkflowKind.AbandonedCart);

        var restore = await _h.Workflows.Links.RestoreCartAsync(_h.Token(cart, LinkPurpose.CartRestore, step: 1));
        var click = await _h.Workflows.Links.ClickAsync(_h.Token(cart, LinkPurpose.Click, step: 1), "/cart");

        Assert.That((restore.Store, restore.Customer), Is.EqualTo(((StoreId?)TriggersHarness.Store1, (CustomerId?)new CustomerId(7))));
        Assert.That(click.Check.IsValid, Is.True);
        var clicked = _h.Stores.AllEvents.Single();
        Assert.That((clicked.Kind, clicked.Step, clicked.EnrollmentId, clicked.Workflow), Is.EqualTo((WorkflowEventKind.Clicked, 1, cart.Id, WorkflowKind.AbandonedCart)));
    }

    [Test]
    public async Task A_click_to_a_localized_page_counts_once_and_leads_to_its_encoded_address()
    {
        var cart = await _h.EnrolledAsync(WorkflowKind.AbandonedCart);
        var token = _h.Token(cart, LinkPurpose.Click, step: 1);

        var first = await _h.Workflows.Links.ClickAsync(token, "/чай-улун");
        var again = await _h.Workflows.Links.ClickAsync(token, "/чай-улун");

        Assert.That((first.TargetRefused, first.Location), Is.EqualTo((false, "/%D1%87%D0%B0%D0%B9-%D1%83%D0%BB%D1%83%D0%BD")));
        Assert.That(again.Location, Is.EqualTo(first.Location));
        Assert.That(Clicks, Is.EqualTo(1));
    }

    [TestCase("//evil.example/é")]
    [TestCase("https://evil.example/")]
    [TestCase("/\t/evil.example")]
    [TestCase("/é\u0085")]
    [TestCase(null)]
    public async Task A_click_with_a_refused_target_counts_nothing_and_has_no_location(string? to)
    {
        var cart = await _h.EnrolledAsync(WorkflowKind.AbandonedCart);

        var click = await _h.Workflows.Links.ClickAsync(_h.Token(cart, LinkPurpose.Click), to);

        Assert.That((click.Check.IsValid, click.TargetRefused, click.Location), Is.EqualTo((true, true, (string?)null)));
        Assert.That(_h.Stores.AllEvents, Is.Empty);
    }

    [Test]
    public async Task A_refused_token_to_a_good_target_has_no_location()
    {
        var cart = await _h.EnrolledAsync(WorkflowKind.AbandonedCart);

        var click = await _h.Workflows.Links.ClickAsync(Refused("tampered", cart, LinkPurpose.Click), "/é");

        Assert.That((click.Check.Status, click.TargetRefused, click.Location), Is.EqualTo((LinkStatus.Tampered, false, (string?)null)));
        Assert.That(_h.Stores.AllEvents, Is.Empty);
    }

    [Test]
    public async Task Clicks_on_different_steps_count_once_each()
    {
        var cart = await _h.EnrolledAsync(WorkflowKind.AbandonedCart);

        await _h.Workflows.Links.ClickAsync(_h.Token(cart, LinkPurpose.Click, step: 0), "/shop");
        await _h.Workflows.Links.ClickAsync(_h.Token(cart, LinkPurpose.Click, step: 1), "/shop");
        await _h.Workflows.Links.ClickAsync(_h.Token(cart, LinkPurpose.Click, step: 1), "/shop");

        Assert.That(_h.Stores.AllEvents.Select(e => e.Step), Is.EquivalentTo(new[] { 0, 1 }));
    }

    [Test]
    public async Task Links_from_a_test_email_are_valid_but_record_nothing()
    {
        var test = _h.Links.Sign(new LinkPayload(LinkPurpose.Click, TriggersHarness.Store1, new CustomerId(7), 0, 0, "test", 0, _h.Clock.UtcNow.AddDays(1)));

        var click = await _h.Workflows.Links.ClickAsync(test, "/shop");

        Assert.That(click.Check.IsValid, Is.True);
        Assert.That(_h.Stores.AllEvents, Is.Empty);
    }

    [Test]
    public async Task Open_pixel_counts_one_open_per_step()
    {
        var cart = await _h.EnrolledAsync(WorkflowKind.AbandonedCart);
        var token = _h.Token(cart, LinkPurpose.Open, step: 2);

        await _h.Workflows.Links.OpenAsync(token);
        await _h.Workflows.Links.OpenAsync(token);

        var opened = _h.Stores.AllEvents.Single();
        Assert.That((opened.Kind, opened.Step), Is.EqualTo((WorkflowEventKind.Opened, 2)));
    }

    [Test]
    public async Task Open_pixel_never_throws_even_when_the_store_fails()
    {
        var cart = await _h.EnrolledAsync(WorkflowKind.AbandonedCart);
        _h.Stores.BeforeCall = _ => throw new InvalidOperationException("database down");

        Assert.DoesNotThrowAsync(() => _h.Workflows.Links.OpenAsync(_h.Token(cart, LinkPurpose.Open)));
        Assert.DoesNotThrowAsync(() => _h.Workflows.Links.OpenAsync(new string('x', 100_000)));
    }

    [Test]
    public async Task Control_group_flag_is_copied_onto_link_events()
    {
        var control = await _h.EnrolledAsync(WorkflowKind.AbandonedCart, control: true);

        await _h.Workflows.Links.ClickAsync(_h.Token(control, LinkPurpose.Click), "/shop");

        Assert.That(_h.Stores.AllEvents.Single().IsControl, Is.True);
    }

    // ---- the tokens an email carries (LinksFor, through a real run)

    private async Task<StepLinks> LinksOfFirstEmailAsync(WorkflowKind kind, string subject, bool trackOpens = false)
    {
        await _h.Engine.EnableAsync(kind);
        await _h.Engine.Settings.SaveAsync(TriggersHarness.Store1, (await _h.Engine.Settings.LoadAsync(TriggersHarness.Store1)) with { TrackOpens = trackOpens });
        _h.Engine.CartLine();
        await _h.Workflows.Enrollment.EnrollAsync(new EnrollmentRequest(kind, TriggersHarness.Store1, new CustomerId(7), subject, _h.Clock.UtcNow));
        await _h.Engine.RunUntilAsync(_h.Clock.UtcNow.AddDays(4), workflows: _h.Workflows);
        return _h.Engine.Content.Rendered.First().Links;
    }

    [Test]
    public async Task A_survey_email_carries_one_signed_link_per_score_of_its_scale()
    {
        var links = await LinksOfFirstEmailAsync(WorkflowKind.NpsSurvey, "nps");
        var sentAt = _h.Stores.AllEvents.Single(e => e.Kind == WorkflowEventKind.Sent).OccurredUtc;

        Assert.That(links.SurveyAnswers.Keys, Is.EqualTo(Enumerable.Range(0, 11)));
        foreach (var (score, token) in links.SurveyAnswers)
        {
            var payload = _h.Links.Verify(token, LinkPurpose.SurveyAnswer, sentAt).Payload!;
            Assert.That((payload.SurveyKind, payload.SurveyScore, payload.Subject, payload.Customer), Is.EqualTo((SurveyKind.Nps, score, "nps", new CustomerId(7))));
            Assert.That(payload.ExpiresUtc, Is.EqualTo(sentAt + EmailLinks.LinkLifetime));
        }
        Assert.That((links.CartRestore, links.Open), Is.EqualTo(((string?)null, (string?)null)));
        Assert.That(_h.Links.Verify(links.Unsubscribe, LinkPurpose.Unsubscribe, sentAt).IsValid, Is.True);
    }

    [Test]
    public async Task A_cart_email_carries_a_cart_link_and_the_pixel_when_opens_are_counted()
    {
        var links = await LinksOfFirstEmailAsync(WorkflowKind.AbandonedCart, "cart:1", trackOpens: true);
        var enrollment = _h.Stores.AllEnrollments.Single();
        var sentAt = _h.Stores.AllEvents.First(e => e.Kind == WorkflowEventKind.Sent).OccurredUtc;

        var cart = _h.Links.Verify(links.CartRestore, LinkPurpose.CartRestore, sentAt).Payload!;
        Assert.That((cart.EnrollmentId, cart.Step), Is.EqualTo((enrollment.Id, 0)));
        Assert.That(_h.Links.Verify(links.Open, LinkPurpose.Open, sentAt).IsValid, Is.True);
        Assert.That(_h.Links.Verify(links.Click, LinkPurpose.Click, sentAt).IsValid, Is.True);
        Assert.That(links.SurveyAnswers, Is.Empty);
    }
}
