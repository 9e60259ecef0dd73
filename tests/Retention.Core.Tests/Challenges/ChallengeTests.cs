using System.Globalization;
using Retention.Core.Challenges;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Core.Tables;
using static Retention.Core.Tests.Challenges.ChallengeHarness;

namespace Retention.Core.Tests.Challenges;

public sealed class ChallengeProgressTests
{
    [Test]
    public async Task Categories_count_each_category_bought_once_and_only_the_listed_ones()
    {
        var h = new ChallengeHarness();
        h.Catalog.Map(100, 1);
        h.Catalog.Map(101, 1);
        h.Catalog.Map(102, 2, 3);
        h.Catalog.Map(103, 4);
        h.PaidOrder(1, 30m, products: [100, 101]);
        h.PaidOrder(2, 30m, products: [102, 103]);

        Assert.That(await h.ScoreAsync(Challenge(ChallengeGoal.Categories, 3)), Is.EqualTo(4m));
        Assert.That(await h.ScoreAsync(Challenge(ChallengeGoal.Categories, 2, categories: [1, 3])), Is.EqualTo(2m));
    }

    [Test]
    public async Task Spend_is_the_counted_orders_net_of_refunds()
    {
        var h = new ChallengeHarness();
        h.PaidOrder(1, 100m).RefundedAmount = 30m;
        h.PaidOrder(2, 50m);
        var refunded = h.PaidOrder(3, 500m);
        refunded.PaymentStatusId = (int)PaymentState.Refunded;
        refunded.RefundedAmount = 500m;

        Assert.That(await h.ScoreAsync(Challenge(ChallengeGoal.Spend, 200m)), Is.EqualTo(120m));
    }

    [Test]
    public async Task Orders_count_only_paid_orders_not_cancelled_refunded_or_voided_in_the_store()
    {
        var h = new ChallengeHarness();
        h.PaidOrder(1, 10m);
        h.PaidOrder(2, 10m).OrderStatusId = (int)OrderState.Cancelled;
        h.PaidOrder(3, 10m).PaymentStatusId = (int)PaymentState.Voided;
        var unpaid = h.PaidOrder(4, 10m);
        unpaid.PaidDateUtc = null;
        unpaid.PaymentStatusId = (int)PaymentState.Pending;
        h.PaidOrder(5, 10m).StoreId = 2;
        h.PaidOrder(6, 10m, customer: 8);

        Assert.That(await h.ScoreAsync(Challenge(ChallengeGoal.Orders, 3)), Is.EqualTo(1m));
    }

    [Test]
    public async Task Reviews_count_when_approved_whatever_the_rating()
    {
        var h = new ChallengeHarness();
        h.Store.ProductReviewList.AddRange([
            new ProductReviewFact { Id = 1, StoreId = 1, CustomerId = Anna, Rating = 1, IsApproved = true, CreatedOnUtc = T0 },
            new ProductReviewFact { Id = 2, StoreId = 1, CustomerId = Anna, Rating = 5, IsApproved = true, CreatedOnUtc = T0 },
            new ProductReviewFact { Id = 3, StoreId = 1, CustomerId = Anna, Rating = 5, IsApproved = false, CreatedOnUtc = T0 },
        ]);

        Assert.That(await h.ScoreAsync(Challenge(ChallengeGoal.Reviews, 2)), Is.EqualTo(2m));
    }

    [Test]
    public async Task Referrals_count_referred_customers_who_bought_in_the_window()
    {
        var h = new ChallengeHarness();
        await h.Referrals.TryRecordAsync(Store1, new CustomerId(20), new CustomerId(Anna));
        await h.Referrals.TryRecordAsync(Store1, new CustomerId(21), new CustomerId(Anna));
        await h.Referrals.TryRecordAsync(Store1, new CustomerId(22), new CustomerId(Anna));
        h.PaidOrder(1, 10m, customer: 20);
        h.PaidOrder(2, 10m, customer: 20);
        h.PaidOrder(3, 10m, customer: 21, paid: new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc));

        Assert.That(await h.ScoreAsync(Challenge(ChallengeGoal.Referrals, 2)), Is.EqualTo(1m));
    }

    [Test]
    public async Task Survey_answers_count_in_the_window()
    {
        var h = new ChallengeHarness();
        var answers = h.Tables.Table<SurveyAnswerRow>();
        await answers.TryInsertAsync(new SurveyAnswerRow { AnswerKey = "a", StoreId = 1, CustomerId = Anna, Subject = "o1", Score = 2, AnsweredUtc = T0 }, r => r.AnswerKey == "a");
        await answers.TryInsertAsync(new SurveyAnswerRow { AnswerKey = "b", StoreId = 1, CustomerId = Anna, Subject = "o2", Score = 9, AnsweredUtc = T0.AddYears(-1) }, r => r.AnswerKey == "b");

        Assert.That(await h.ScoreAsync(Challenge(ChallengeGoal.Surveys, 1)), Is.EqualTo(1m));
    }

    [Test]
    public async Task The_window_runs_from_the_first_days_midnight_to_the_midnight_after_the_last_in_the_stores_time_zone()
    {
        var h = new ChallengeHarness();
        h.Settings.Zone = TimeZoneInfo.CreateCustomTimeZone("Plus3", TimeSpan.FromHours(3), "Plus3", "Plus3");
        var challenge = Challenge(ChallengeGoal.Orders, 5);
        // Local 1 June 00:00 is 31 May 21:00 UTC; local 1 September 00:00 is 31 August 21:00 UTC.
        h.PaidOrder(1, 10m, paid: new DateTime(2026, 5, 31, 20, 59, 59, DateTimeKind.Utc));
        h.PaidOrder(2, 10m, paid: new DateTime(2026, 5, 31, 21, 0, 0, DateTimeKind.Utc));
        h.PaidOrder(3, 10m, paid: new DateTime(2026, 8, 31, 20, 59, 59, DateTimeKind.Utc));
        h.PaidOrder(4, 10m, paid: new DateTime(2026, 8, 31, 21, 0, 0, DateTimeKind.Utc));

        Assert.That(await h.ScoreAsync(challenge), Is.EqualTo(2m));
    }
}

public sealed class ChallengeCompletionTests
{
    [Test]
    public async Task Reaching_the_goal_completes_the_challenge_and_credits_its_points_once_on_a_replay()
    {
        var h = new ChallengeHarness();
        h.Use(Challenge(ChallengeGoal.Orders, 2));
        h.PaidOrder(1, 10m);
        Assert.That((await h.PaidAsync()).Completed, Is.Empty);
        h.PaidOrder(2, 10m);

        var first = await h.PaidAsync();
        var replay = await h.PaidAsync();

        Assert.That(first.Completed.Select(c => c.Challenge.Id), Is.EqualTo(new[] { 1 }));
        Assert.That(replay.Completed, Is.Empty);
        var entry = (await h.EntriesAsync()).Single();
        Assert.That((entry.Key.Value, entry.Points, entry.Reason), Is.EqualTo(("challenge:1:1:7", 100, LedgerReason.ChallengeReward)));
        Assert.That(entry.ExpiresUtc, Is.Null, "the harness's program never expires points");
        Assert.That(h.Observer.Entries.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task A_refund_that_drops_progress_below_the_goal_before_payment_uncompletes_it_and_takes_the_points_back()
    {
        var h = new ChallengeHarness(activationDelayDays: 14);
        h.Use(Challenge(ChallengeGoal.Spend, 100m));
        var order = h.PaidOrder(1, 120m);
        await h.PaidAsync();
        Assert.That((await h.CompletionsAsync()).Single().State, Is.EqualTo(CompletionState.Held));

        order.RefundedAmount = 30m;
        order.PaymentStatusId = (int)PaymentState.PartiallyRefunded;
        var outcome = await h.Events.OrderRefundedAsync(Store1, new CustomerId(Anna));

        Assert.That(outcome.Uncompleted.Select(c => c.Id), Is.EqualTo(new[] { 1 }));
        Assert.That((await h.CompletionsAsync()).Single().State, Is.EqualTo(CompletionState.Revoked));
        Assert.That((await h.EntriesAsync()).Select(e => (e.Key.Value, e.Points)),
            Is.EqualTo(new[] { ("challenge:1:1:7", 100), ("challenge-reverse:1:1:7:1", -100) }));
    }

    [Test]
    public async Task Challenge_points_lapse_by_the_programs_expiry_rule_from_when_they_become_spendable()
    {
        var h = new ChallengeHarness();
        await h.LoyaltySettings.SaveAsync(Store1, new LoyaltySettings { ActivationDelayDays = 14, Expiry = ExpiryMode.LotAfterActivation, ExpiryMonths = 12 });
        h.Use(Challenge(ChallengeGoal.Orders, 1));
        h.PaidOrder(1, 10m);

        await h.PaidAsync();

        var entry = (await h.EntriesAsync()).Single();
        Assert.That((entry.ActivatesUtc, entry.ExpiresUtc), Is.EqualTo((T0.AddDays(14), (DateTime?)T0.AddDays(14).AddMonths(12))));
    }

    [Test]
    public async Task A_refund_that_keeps_the_goal_reached_changes_nothing()
    {
        var h = new ChallengeHarness(activationDelayDays: 14);
        h.Use(Challenge(ChallengeGoal.Spend, 100m));
        var order = h.PaidOrder(1, 150m);
        await h.PaidAsync();
        order.RefundedAmount = 30m;

        Assert.That((await h.Events.OrderRefundedAsync(Store1, new CustomerId(Anna))).Uncompleted, Is.Empty);
        Assert.That((await h.CompletionsAsync()).Single().State, Is.EqualTo(CompletionState.Held));
    }

    [Test]
    public async Task After_the_return_window_the_nightly_run_pays_and_a_later_refund_leaves_the_reward_standing()
    {
        var h = new ChallengeHarness(activationDelayDays: 14);
        h.Use(Challenge(ChallengeGoal.Orders, 1));
        var order = h.PaidOrder(1, 40m);
        await h.PaidAsync();
        h.Clock.UtcNow = T0.AddDays(15);

        var night = await h.Events.NightlyAsync(Store1);
        order.OrderStatusId = (int)OrderState.Cancelled;
        var refund = await h.Events.OrderRefundedAsync(Store1, new CustomerId(Anna));

        Assert.That(night.Completed.Single().Paid, Is.True);
        Assert.That(refund.Uncompleted, Is.Empty);
        Assert.That((await h.CompletionsAsync()).Single().State, Is.EqualTo(CompletionState.Paid));
        Assert.That((await h.EntriesAsync()).Sum(e => e.Points), Is.EqualTo(100));
    }

    [Test]
    public async Task An_uncompleted_challenge_completed_again_is_rewarded_under_its_next_attempts_key()
    {
        var h = new ChallengeHarness(activationDelayDays: 14);
        h.Use(Challenge(ChallengeGoal.Orders, 1));
        var order = h.PaidOrder(1, 40m);
        await h.PaidAsync();
        order.OrderStatusId = (int)OrderState.Cancelled;
        await h.Events.OrderRefundedAsync(Store1, new CustomerId(Anna));
        h.PaidOrder(2, 40m);

        var again = await h.PaidAsync();

        Assert.That(again.Completed.Single().Attempt, Is.EqualTo(2));
        Assert.That((await h.EntriesAsync()).Select(e => e.Key.Value),
            Is.EqualTo(new[] { "challenge:1:1:7", "challenge-reverse:1:1:7:1", "challenge:1:1:7:2" }));
        Assert.That((await h.EntriesAsync()).Sum(e => e.Points), Is.EqualTo(100));
    }

    [Test]
    public async Task A_coupon_reward_is_issued_once_when_the_completion_is_paid()
    {
        var h = new ChallengeHarness();
        h.Use(Challenge(ChallengeGoal.Orders, 1, reward: ChallengeReward.Coupon));
        h.PaidOrder(1, 40m);

        await h.PaidAsync();
        await h.Events.NightlyAsync(Store1);

        var record = (await h.CompletionsAsync()).Single();
        Assert.That(record.State, Is.EqualTo(CompletionState.Paid));
        Assert.That(h.Coupons.Coupons.Select(c => c.Code), Is.EqualTo(new[] { record.CouponCode }));
        Assert.That(await h.EntriesAsync(), Is.Empty);
    }

    [Test]
    public async Task A_badge_reward_gives_the_challenges_badge()
    {
        var h = new ChallengeHarness();
        h.Use(Challenge(ChallengeGoal.Orders, 1, reward: ChallengeReward.Badge));
        h.PaidOrder(1, 40m);

        await h.PaidAsync();

        Assert.That((await h.RecordsAsync()).Where(r => r.Kind == ChallengeRecordKind.Badge).Select(r => r.Subject),
            Is.EquivalentTo(new[] { Badges.FirstOrder, Badges.OfChallenge(1) }));
    }

    [Test]
    public async Task A_referred_friends_order_completes_the_referrers_challenge()
    {
        var h = new ChallengeHarness();
        h.Use(Challenge(ChallengeGoal.Referrals, 1));
        await h.Referrals.TryRecordAsync(Store1, new CustomerId(20), new CustomerId(Anna));
        h.PaidOrder(1, 40m, customer: 20);

        var outcome = await h.PaidAsync(customer: 20);

        Assert.That(outcome.Completed.Select(c => c.Customer.Value).ToList(), Is.EqualTo(new[] { Anna }));
    }

    [Test]
    public async Task Nothing_is_counted_or_awarded_when_challenges_are_off_or_the_customer_was_erased()
    {
        var h = new ChallengeHarness();
        h.PaidOrder(1, 40m);
        Assert.That((await h.PaidAsync()).Badges, Is.Empty);

        h.Use(Challenge(ChallengeGoal.Orders, 1));
        var erased = h.Customer(Anna);
        erased.Deleted = true;
        erased.Email = "";

        Assert.That(await h.PaidAsync(), Is.EqualTo(ChallengeOutcome.None));
        Assert.That(await h.RecordsAsync(), Is.Empty);
    }

    [Test]
    public async Task An_order_after_the_window_does_not_complete_it()
    {
        var h = new ChallengeHarness();
        h.Use(Challenge(ChallengeGoal.Orders, 1));
        h.Clock.UtcNow = new DateTime(2026, 9, 2, 0, 0, 0, DateTimeKind.Utc);
        h.PaidOrder(1, 40m);

        Assert.That((await h.PaidAsync()).Completed, Is.Empty);
    }

    [Test]
    public async Task The_door_hands_an_order_paid_to_the_challenges_after_loyalty()
    {
        var h = new ChallengeHarness();
        h.Use(Challenge(ChallengeGoal.Orders, 1));
        h.PaidOrder(1, 40m);

        await h.Door().OrderPaidAsync(new EarnOrder(Store1, new CustomerId(Anna), 1, T0, []), null);

        Assert.That((await h.RecordsAsync()).Count(r => r.Kind == ChallengeRecordKind.Completion), Is.EqualTo(1));
    }
}

public sealed class BadgeTests
{
    [Test]
    public async Task Milestone_badges_are_awarded_once_each()
    {
        var h = new ChallengeHarness();
        h.Use();
        h.Customer(Anna, created: T0.AddYears(-2));
        for (var i = 1; i <= 10; i++) h.PaidOrder(i, 10m);

        var first = await h.PaidAsync();
        var replay = await h.PaidAsync();

        Assert.That(first.Badges.Select(b => b.Badge), Is.EquivalentTo(new[] { Badges.FirstOrder, Badges.TenthOrder, Badges.OneYear }));
        Assert.That(replay.Badges, Is.Empty);
    }

    [Test]
    public async Task The_top_tier_badge_comes_with_the_highest_tier()
    {
        var h = new ChallengeHarness();
        h.Use();
        await h.LoyaltySettings.SaveAsync(Store1, new LoyaltySettings
        {
            ActivationDelayDays = 0, Expiry = ExpiryMode.Never, ExpiryMonths = 0,
            Tiers = [new TierDefinition("Silver", 100m, 1m), new TierDefinition("Gold", 500m, 1.5m)],
        });
        await h.Standings.SaveAsync(Store1, new CustomerId(Anna), new TierStanding("Gold"));
        h.PaidOrder(1, 10m);

        Assert.That((await h.PaidAsync()).Badges.Select(b => b.Badge), Does.Contain(Badges.TopTier));
    }

    [Test]
    public async Task The_nightly_run_gives_the_one_year_badge_to_customers_whose_first_year_just_ended()
    {
        var h = new ChallengeHarness();
        h.Use();
        h.Customer(1, created: T0.AddYears(-1).AddDays(-2));
        h.Customer(2, created: T0.AddYears(-1).AddDays(-30));
        h.Customer(3, created: T0.AddMonths(-11));

        var night = await h.Events.NightlyAsync(Store1, batchSize: 1);

        Assert.That(night.Badges.Select(b => b.Customer.Value), Is.EqualTo(new[] { 1 }));
    }
}

public sealed class ChallengeViewTests
{
    [Test]
    public async Task My_rewards_shows_progress_as_a_fraction_and_two_of_three_categories()
    {
        var h = new ChallengeHarness();
        h.Use(Challenge(ChallengeGoal.Categories, 3, leaderboard: true));
        h.Catalog.Map(100, 1);
        h.Catalog.Map(101, 2);
        h.PaidOrder(1, 30m, products: [100, 101]);

        var card = (await h.Views.PanelAsync(Store1, new CustomerId(Anna))).Challenges.Single();

        Assert.That((card.Done, card.Target, card.LeaderboardOffered, card.OptedIn), Is.EqualTo((2m, 3m, true, false)));
        Assert.That(card.Fraction, Is.EqualTo(2m / 3m));
        Assert.That(card.Progress.English(), Is.EqualTo("2 of 3 categories"));
        Assert.That(card.Progress.Render(Retention.Core.Localization.CoreMessages.Russian[card.Progress.Key], CultureInfo.GetCultureInfo("ru-RU")), Is.EqualTo("2 из 3 категорий"));
    }

    [Test]
    public async Task Checkout_names_the_challenge_this_order_completes()
    {
        var h = new ChallengeHarness();
        h.Use(Challenge(ChallengeGoal.Categories, 2), Challenge(ChallengeGoal.Spend, 500m, id: 2, name: "Big spender"));
        h.Catalog.Map(100, 1);
        h.Catalog.Map(101, 2);
        h.PaidOrder(1, 30m, products: [100]);

        var completes = await h.Views.CompletedByOrderAsync(Store1, new CustomerId(Anna), 20m, [101]);
        var notYet = await h.Views.CompletedByOrderAsync(Store1, new CustomerId(Anna), 20m, [100]);

        Assert.That(completes.Select(c => c.Name), Is.EqualTo(new[] { "Summer" }));
        Assert.That(notYet, Is.Empty);
    }

    [Test]
    public async Task The_leaderboard_shows_only_opted_in_customers_by_first_name_and_initial_never_the_erased()
    {
        var h = new ChallengeHarness();
        h.Use(Challenge(ChallengeGoal.Orders, 5, leaderboard: true));
        h.Customer(1, "Anna", "Karenina");
        h.Customer(2, "Boris", "Godunov");
        h.Customer(3, "Erased", "Person").Deleted = true;
        h.Customer(4, "Quiet", "Shopper");
        foreach (var (order, customer) in new[] { (1, 1), (2, 2), (3, 2), (4, 3), (5, 3), (6, 3), (7, 4) })
            h.PaidOrder(order, 10m, customer: customer);
        foreach (var id in new[] { 1, 2, 3 })
            await h.Records.SetLeaderboardAsync(Store1, 1, new CustomerId(id), true);

        var board = await h.Views.LeaderboardAsync(Store1, 1);

        Assert.That(board.Select(l => (l.Rank, l.DisplayName, l.Score)), Is.EqualTo(new[] { (1, "Boris G.", 2m), (2, "Anna K.", 1m) }));
    }

    [Test]
    public async Task A_challenge_without_a_leaderboard_shows_none_even_to_opted_in_customers()
    {
        var h = new ChallengeHarness();
        h.Use(Challenge(ChallengeGoal.Orders, 5));
        h.Customer(1, "Anna", "Karenina");
        h.PaidOrder(1, 10m, customer: 1);
        await h.Records.SetLeaderboardAsync(Store1, 1, new CustomerId(1), true);

        Assert.That(await h.Views.LeaderboardAsync(Store1, 1), Is.Empty);
    }

    [TestCase("Anna", "Karenina", "Anna K.")]
    [TestCase("  Anna Maria ", "von Trapp", "Anna V.")]
    [TestCase("", "Karenina", "K.")]
    [TestCase(null, null, "—")]
    [TestCase("<b>Anna</b>", "x@y", "bAnna/b X.")]
    public void Leaderboard_names_are_a_first_name_and_an_initial_never_more(string? first, string? last, string expected) =>
        Assert.That(ChallengeViews.DisplayName(first, last), Is.EqualTo(expected));

    [Test]
    public async Task The_dashboard_counts_participants_completions_and_badges()
    {
        var h = new ChallengeHarness();
        h.Use(Challenge(ChallengeGoal.Orders, 2));
        h.PaidOrder(1, 10m, customer: 1);
        h.PaidOrder(2, 10m, customer: 2);
        h.PaidOrder(3, 10m, customer: 2);
        await h.PaidAsync(1);
        await h.PaidAsync(2);

        var dashboard = await h.Views.DashboardAsync(Store1, T0.AddDays(-30));

        var standing = dashboard.Challenges.Single();
        Assert.That((standing.Running, standing.Participants, standing.Completions), Is.EqualTo((true, 2, 1)));
        Assert.That(dashboard.BadgesAwarded, Is.EqualTo(2));
    }
}

public sealed class ChallengeSettingsTests
{
    private static readonly IReadOnlySet<int> Known = new HashSet<int> { 1, 2 };

    [Test]
    public void Each_mistake_is_named_at_its_field()
    {
        var settings = new ChallengeSettings
        {
            Enabled = true,
            Challenges =
            [
                Challenge(ChallengeGoal.Categories, 3, categories: [1, 9]) with { EndDate = new DateOnly(2026, 5, 1) },
                Challenge(ChallengeGoal.Orders, 0, id: 1, name: " "),
                Challenge(ChallengeGoal.Orders, 2.5m, id: 3, points: 0),
                Challenge(ChallengeGoal.Categories, 3, id: 4, categories: [1, 2]),
                Challenge(ChallengeGoal.Spend, 50m, id: 5, reward: ChallengeReward.Coupon) with { CouponAmount = 0m },
            ],
        };

        var fields = settings.Validate(Known).Errors.Select(e => e.Field).ToList();

        Assert.That(fields, Is.EqualTo(new[]
        {
            "Challenges[0].EndDate", "Challenges[0].CategoryIds",
            "Challenges[1].Id", "Challenges[1].Name", "Challenges[1].Target",
            "Challenges[2].Target", "Challenges[2].RewardPoints",
            "Challenges[3].Target",
            "Challenges[4].CouponAmount",
        }));
    }

    [Test]
    public void A_well_formed_challenge_is_accepted()
    {
        var settings = new ChallengeSettings { Enabled = true, Challenges = [Challenge(ChallengeGoal.Categories, 2, categories: [1, 2])] };

        Assert.That(settings.Validate(Known).IsValid, Is.True);
    }

    [Test]
    public void Every_challenge_text_has_russian()
    {
        var keys = Retention.Core.Localization.CoreMessages.English.Keys.Where(k => k.Contains("challenge", StringComparison.OrdinalIgnoreCase) || k.StartsWith("badge.", StringComparison.Ordinal));
        Assert.That(keys.Where(k => !Retention.Core.Localization.CoreMessages.Russian.ContainsKey(k)), Is.Empty);
    }
}
