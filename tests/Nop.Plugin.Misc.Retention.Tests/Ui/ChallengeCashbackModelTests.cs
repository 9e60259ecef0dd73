using Moq;
using Nop.Plugin.Misc.Retention.Models.Public;
using Retention.Core.Cashback;
using Retention.Core.Challenges;
using Retention.Core.Localization;

namespace Nop.Plugin.Misc.Retention.Tests.Ui;

/// <summary>
/// My rewards' challenges and cashback in the store's words, from Core's views as the sandbox shows them: progress and
/// completion, the opt-in leaderboard's lines, badges; the running period's spend, band, expected cashback and payout day,
/// and the periods paid — money in the shopper's working currency.
/// </summary>
[SetCulture("en-US")]
public class ChallengeCashbackModelTests
{
    private static (UiFixture Ui, Factories.RewardsModelFactory Factory) Create(IDictionary<string, string> resources = null)
    {
        var ui = new UiFixture();
        var texts = resources ?? RetentionLocales.English();
        ui.Localization.Setup(l => l.GetResourceAsync(It.IsAny<string>())).ReturnsAsync((string key) => texts.TryGetValue(key, out var text) ? text : key);
        return (ui, ui.RewardsFactory(UiFixture.UntouchableProgram()));
    }

    private static ChallengePanel Panel() => new(true,
    [
        new ChallengeCard(11, "Coffee & tea", ChallengeGoal.Categories, 2, 2, 1m, CoreMessages.ChallengeProgress(ChallengeGoal.Categories, 2, 2),
            new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 30), CompletionState.Held, false, false),
        new ChallengeCard(12, "Three cups", ChallengeGoal.Orders, 2, 3, 2m / 3m, CoreMessages.ChallengeProgress(ChallengeGoal.Orders, 2, 3),
            new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 15), null, true, true),
    ], [new BadgeCard(Badges.FirstOrder, CoreMessages.BadgeFirstOrder(), new DateTime(2026, 6, 2, 0, 0, 0, DateTimeKind.Utc))]);

    [Test]
    public async Task Challenges_show_progress_completion_and_only_the_offered_leaderboards_lines_and_the_badges()
    {
        var (_, factory) = Create();
        var model = new MyRewardsModel();
        var asked = new List<int>();

        await factory.FillChallengesAsync(model, Panel(), id =>
        {
            asked.Add(id);
            return Task.FromResult<IReadOnlyList<LeaderboardLine>>([new LeaderboardLine(1, "Mia L.", 2m)]);
        });

        Assert.That(model.ChallengesEnabled, Is.True);
        Assert.That(model.Challenges.Select(c => (c.Name, c.Progress, c.Percent)), Is.EqualTo(new[]
        {
            ("Coffee & tea", "2 of 2 categories", 100), ("Three cups", "2 of 3 orders", 67),
        }));
        Assert.That(model.Challenges[0].State, Is.EqualTo("completed (the reward is pending the return window)"));
        Assert.That(model.Challenges[1].State, Is.Empty);
        Assert.That(model.Challenges[0].Dates, Is.EqualTo("6/1/2026 – 6/30/2026"));
        Assert.That(asked, Is.EqualTo(new[] { 12 }), "only the challenge offering a leaderboard reads one");
        Assert.That(model.Challenges[1].Leaderboard, Is.EqualTo(new[] { new LeaderboardLineModel(1, "Mia L.", "2") }));
        Assert.That(model.Challenges[1].OptedIn, Is.True);
        Assert.That(model.Badges, Is.EqualTo(new[] { "First order" }));
    }

    [Test]
    public async Task Challenges_switched_off_leave_the_section_out()
    {
        var (_, factory) = Create();
        var model = new MyRewardsModel();

        await factory.FillChallengesAsync(model, new ChallengePanel(false, [], []), _ => throw new AssertionException("no leaderboard is read"));

        Assert.That(model.ChallengesEnabled, Is.False);
        Assert.That(model.Challenges, Is.Empty);
    }

    [Test]
    public async Task Badges_and_progress_read_in_russian_from_the_russian_resources()
    {
        var (_, factory) = Create(RetentionLocalesRussian.Resources());
        var model = new MyRewardsModel();

        await factory.FillChallengesAsync(model, Panel(), _ => Task.FromResult<IReadOnlyList<LeaderboardLine>>([]));

        Assert.That(model.Badges, Is.EqualTo(new[] { "Первый заказ" }));
        Assert.That(model.Challenges[1].Progress, Is.EqualTo("2 из 3 заказов"));
        Assert.That(model.Challenges[0].State, Does.StartWith("выполнено"));
    }

    [Test]
    public async Task Cashback_shows_the_running_periods_spend_band_expected_amount_and_payout_day_in_the_working_currency_and_the_periods_paid()
    {
        var (_, factory) = Create();
        var model = new MyRewardsModel();
        var bands = new List<CashbackBand> { new(0m, 1m), new(500m, 2m) };
        var progress = new CashbackProgress(new CashbackPeriod(CashbackPeriodKind.Month, 2026, 6), new DateOnly(2026, 7, 1), CashbackPayout.GiftCard,
            new CashbackQuote(120m, bands[0], 1.2m, 0, bands[1]), bands);

        await factory.FillCashbackAsync(model, progress, []);

        Assert.That(model.CashbackLines, Is.EqualTo(new[]
        {
            "Spent in June 2026 so far: EUR 240.00",
            "That earns 1 % back: EUR 2.40 expected, paid on Wednesday, July 1, 2026.",
            "Spend EUR 760.00 more to reach 2 % back on the whole period.",
            "Bands: 1 % from EUR 0.00, 2 % from EUR 1000.00",
        }), "amounts in the working currency (twice the primary one in the fixture)");
        Assert.That(model.CashbackPaid, Is.Empty);
    }
}
