using Retention.Core.Challenges;
using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Loyalty;
using Retention.Core.Tests.Workflows;
using Retention.Core.Workflows;
using Retention.Core.Workflows.Content;

namespace Retention.Core.Tests.Challenges;

/// <summary>
/// The challenge and badge emails through the one door: one "challenge completed" per attempt once the reward is in the
/// customer's hands (points at once, pending; a coupon when the return window has passed and it is issued), one "badge
/// earned" per badge, and a completion a refund revoked before its email went has nothing to say.
/// </summary>
public sealed class ChallengeEmailTests
{
    private static readonly StoreId Store = ChallengeHarness.Store1;
    private static readonly CustomerId Anna = new(ChallengeHarness.Anna);

    private sealed class Money : IEmailFacts
    {
        public Task<IReadOnlyList<EmailFacts>> ReadAsync(IReadOnlyList<StepMessage> messages, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<EmailFacts>>(messages.Select(_ => EmailFacts.Of("https://s.example")).ToList());

        public Task<string> FormatMoneyAsync(StepMessage message, decimal amount, CancellationToken cancellationToken = default) =>
            Task.FromResult("$" + amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));

        public Task<EmailReader> ReaderAsync(StepMessage message, CancellationToken cancellationToken = default) => Task.FromResult(EmailReader.English);
    }

    private sealed record Setup(ChallengeHarness Challenges, TriggersHarness Workflows, StoreEvents Door)
    {
        public List<Enrollment> Enrolled(WorkflowKind kind) => Workflows.Stores.AllEnrollments.Where(e => e.Workflow == kind).ToList();

        public Task<StepContent> RenderAsync(Enrollment enrollment) =>
            new WorkflowEmailContent(new Money(), challenges: new ChallengeNotices(Challenges.Records, Challenges.Settings)).RenderAsync(new StepMessage(enrollment,
                WorkflowCatalog.Default(enrollment.Workflow), 0, new ContactFacts("a@example.com", "Anna", true, false, true, false, TimeZoneInfo.Utc), null,
                new StepLinks("U", "C", null, new Dictionary<int, string>(), null), IsPreview: false));

        public Task PaidAsync(int orderId) =>
            Door.OrderPaidAsync(new EarnOrder(Store, Anna, orderId, Challenges.Clock.UtcNow, [new EarnLine(1, 1, 50m)]), null);
    }

    private static async Task<Setup> CreateAsync(ChallengeReward reward)
    {
        var challenges = new ChallengeHarness(activationDelayDays: 14);
        challenges.Use(ChallengeHarness.Challenge(ChallengeGoal.Orders, 2, reward: reward, name: "Two orders"));
        challenges.Customer(ChallengeHarness.Anna, "Anna");
        var workflows = new TriggersHarness();
        await workflows.Engine.EnableAsync(WorkflowKind.ChallengeCompleted);
        await workflows.Engine.EnableAsync(WorkflowKind.BadgeEarned);
        var triggers = new WorkflowTriggers(workflows.Workflows.Program, workflows.Engine.Settings, workflows.Stores, workflows.Clock);
        return new Setup(challenges, workflows, new StoreEvents(null, null, triggers, challenges: challenges.Events));
    }

    [Test]
    public async Task A_challenge_a_survey_answer_completes_sends_its_email_like_one_an_order_completes()
    {
        var challenges = new ChallengeHarness();
        challenges.Use(ChallengeHarness.Challenge(ChallengeGoal.Surveys, 1, name: "Tell us"));
        challenges.Customer(ChallengeHarness.Anna, "Anna");
        var workflows = new TriggersHarness();
        await workflows.Engine.EnableAsync(WorkflowKind.ChallengeCompleted);
        var triggers = new WorkflowTriggers(workflows.Workflows.Program, workflows.Engine.Settings, workflows.Stores, workflows.Clock);
        var loyalty = new Retention.Core.Tests.Loyalty.ProgramHarness(now: ChallengeHarness.T0);
        var surveys = new WorkflowLoyalty(loyalty.Events, loyalty.Nightly, challenges.Events, () => triggers);
        var answers = challenges.Tables.Table<Retention.Core.Tables.SurveyAnswerRow>();
        await answers.TryInsertAsync(new Retention.Core.Tables.SurveyAnswerRow { AnswerKey = "a", StoreId = 1, CustomerId = ChallengeHarness.Anna, Subject = "o1", Score = 9,
            AnsweredUtc = ChallengeHarness.T0 }, r => r.AnswerKey == "a");

        await surveys.SurveyAnsweredAsync(Store, Anna, "a");
        await surveys.SurveyAnsweredAsync(Store, Anna, "a");

        var completed = workflows.Stores.AllEnrollments.Where(e => e.Workflow == WorkflowKind.ChallengeCompleted).ToList();
        Assert.That(completed.Select(e => (e.Customer, e.Subject)), Is.EqualTo(new[] { (Anna, ChallengeNotice.CompletedSubject(1, 1)) }),
            "one email for the completion, none for the replay");
        var silent = new WorkflowLoyalty(loyalty.Events, loyalty.Nightly, challenges.Events);
        Assert.DoesNotThrowAsync(() => silent.SurveyAnsweredAsync(Store, Anna, "a"), "a host without the workflows' door still counts the answer");
    }

    [Test]
    public async Task A_points_challenge_completed_emails_once_with_the_points_and_the_day_they_become_spendable_and_the_first_order_badge_once()
    {
        var s = await CreateAsync(ChallengeReward.Points);
        s.Challenges.PaidOrder(1, 50m);
        await s.PaidAsync(1);
        Assert.That(s.Enrolled(WorkflowKind.ChallengeCompleted), Is.Empty, "one order of two");
        s.Challenges.PaidOrder(2, 50m);
        await s.PaidAsync(2);
        await s.PaidAsync(2);

        var completed = s.Enrolled(WorkflowKind.ChallengeCompleted).Single();
        Assert.That(completed.Subject, Is.EqualTo(ChallengeNotice.CompletedSubject(1, 1)));
        var content = await s.RenderAsync(completed);
        Assert.That(content.Tokens[WorkflowTokens.ChallengeName], Is.EqualTo("Two orders"));
        Assert.That(content.Tokens[WorkflowTokens.ChallengeReward], Is.EqualTo("100 points were added to your balance: you can spend them from June 24, 2026."));

        var badge = s.Enrolled(WorkflowKind.BadgeEarned).Single();
        Assert.That(badge.Subject, Is.EqualTo(ChallengeNotice.BadgeSubject(Badges.FirstOrder)));
        Assert.That((await s.RenderAsync(badge)).Tokens[WorkflowTokens.BadgeName], Is.EqualTo("First order"));
    }

    [Test]
    public async Task A_coupon_challenge_emails_when_the_night_pays_it_and_the_email_carries_the_issued_code()
    {
        var s = await CreateAsync(ChallengeReward.Coupon);
        s.Challenges.PaidOrder(1, 50m);
        s.Challenges.PaidOrder(2, 50m);
        await s.PaidAsync(2);
        Assert.That(s.Enrolled(WorkflowKind.ChallengeCompleted), Is.Empty, "the coupon waits for the return window: so does its email");

        s.Challenges.Clock.UtcNow = ChallengeHarness.T0.AddDays(15);
        await s.Door.LoyaltyNightAsync(Store, DateOnly.FromDateTime(s.Challenges.Clock.UtcNow));
        await s.Door.LoyaltyNightAsync(Store, DateOnly.FromDateTime(s.Challenges.Clock.UtcNow));

        var completed = s.Enrolled(WorkflowKind.ChallengeCompleted).Single();
        var code = (await s.Challenges.CompletionsAsync()).Single().CouponCode;
        Assert.That(code, Is.Not.Null.And.Not.Empty);
        Assert.That((await s.RenderAsync(completed)).Tokens[WorkflowTokens.ChallengeReward],
            Is.EqualTo($"A coupon for $5.00 off: enter the code {code} at checkout. It works once, until July 25, 2026."));
    }

    [Test]
    public async Task A_completion_a_refund_revoked_before_its_email_went_has_nothing_to_say()
    {
        var s = await CreateAsync(ChallengeReward.Points);
        s.Challenges.PaidOrder(1, 50m);
        var second = s.Challenges.PaidOrder(2, 50m);
        await s.PaidAsync(2);
        second.PaymentStatusId = (int)Retention.Core.Store.PaymentState.Refunded;
        second.RefundedAmount = second.OrderTotal;

        await s.Door.OrderRefundedAsync(new OrderRefund(Store, Anna, 2, 50m, 50m));

        var content = await s.RenderAsync(s.Enrolled(WorkflowKind.ChallengeCompleted).Single());
        Assert.That(content.NothingToSay, Does.Contain("revoked"));
    }

    [Test]
    public void Subjects_name_the_challenge_and_attempt_or_the_badge()
    {
        Assert.That(ChallengeNotice.CompletedOf(ChallengeNotice.CompletedSubject(3, 2)), Is.EqualTo((3, 2)));
        Assert.That(ChallengeNotice.BadgeOf(ChallengeNotice.BadgeSubject("challenge-3")), Is.EqualTo("challenge-3"));
        Assert.That(ChallengeNotice.CompletedOf("badge:first-order"), Is.Null);
        Assert.That(ChallengeNotice.BadgeOf("challenge:3:1"), Is.Null);
    }
}
