using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Retention.Controllers;
using Retention.Core.Challenges;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Ui;

/// <summary>
/// The plugin's leaderboard opt-in (My rewards' POST): the signed-in customer joins or leaves, for a challenge of this
/// store that offers a leaderboard only; the board then names people by first name and initial, nothing more.
/// </summary>
public class LeaderboardOptInTests
{
    private const int Board = 1, NoBoard = 2;
    private UiFixture _ui;
    private ChallengeStore _records;
    private ChallengeViews _views;
    private InMemoryStoreData _store;
    private StoreId _storeId;

    [SetUp]
    public async Task SetUp()
    {
        _ui = new UiFixture();
        _storeId = new StoreId(_ui.Store.Id);
        _ui.Clock.Setup(c => c.UtcNow).Returns(new DateTime(2026, 7, 1, 12, 0, 0, DateTimeKind.Utc));
        var tables = new InMemoryTables();
        var runner = new InMemoryQueryRunner();
        _store = new InMemoryStoreData();
        var settings = new InMemoryChallengeSettingsStore();
        _records = new ChallengeStore(tables.Table<ChallengeRecordRow>(), runner, _ui.Clock.Object);
        _views = new ChallengeViews(new ChallengeProgress(new ChallengeSources(_store, new InMemoryChallengeFacts(tables)), runner), _records, settings, _store, runner,
            _ui.Clock.Object);
        ChallengeDefinition Orders(int id, bool leaderboard) => new()
        {
            Id = id, Name = $"Challenge {id}", StartDate = new DateOnly(2026, 6, 1), EndDate = new DateOnly(2026, 8, 31), Goal = ChallengeGoal.Orders, Target = 3,
            Reward = ChallengeReward.Points, RewardPoints = 10, Leaderboard = leaderboard,
        };
        Assert.That((await settings.SaveAsync(_storeId, new ChallengeSettings { Enabled = true, Challenges = [Orders(Board, true), Orders(NoBoard, false)] })).IsValid);
        _store.CustomerList.Add(new CustomerFact { Id = 15, FirstName = "Mia", LastName = "Lindqvist", Email = "mia@shop.test" });
        _store.OrderList.Add(new OrderFact
        {
            Id = 1, StoreId = _storeId.Value, CustomerId = 15, CreatedOnUtc = new DateTime(2026, 6, 10, 0, 0, 0, DateTimeKind.Utc),
            PaidDateUtc = new DateTime(2026, 6, 10, 0, 0, 0, DateTimeKind.Utc), PaymentStatusId = 30, OrderTotal = 20m, OrderSubtotalExclTax = 20m,
        });
        _challengeSettings = settings;
    }

    private InMemoryChallengeSettingsStore _challengeSettings;

    private RetentionRewardsController Controller() => UiFixture.WithHttpContext(new RetentionRewardsController(_ui.RewardsFactory(UiFixture.UntouchableProgram()),
        _ui.Clock.Object, _ui.StoreContext.Object, _ui.Install, _ui.WorkContext.Object, _records, _challengeSettings));

    [Test]
    public async Task A_signed_in_customer_joins_then_leaves_and_the_board_shows_only_the_first_name_and_initial()
    {
        _ui.SignIn(_ui.Registered(15, "mia@shop.test"));

        var joined = await Controller().Leaderboard(Board, join: true);

        Assert.That(joined, Is.InstanceOf<RedirectToRouteResult>().With.Property(nameof(RedirectToRouteResult.RouteName)).EqualTo(Infrastructure.RouteProvider.MyRewardsRouteName));
        var board = await _views.LeaderboardAsync(_storeId, Board);
        Assert.That(board.Select(l => l.DisplayName), Is.EqualTo(new[] { "Mia L." }), "first name and initial: never the full name or the email");
        Assert.That(board.Single().DisplayName, Does.Not.Contain("Lindqvist").And.Not.Contain("@"));

        await Controller().Leaderboard(Board, join: false);
        Assert.That(await _views.LeaderboardAsync(_storeId, Board), Is.Empty, "opted out: off the board");
        Assert.That(await _records.OptedInAsync(_storeId, Board), Is.Empty);
    }

    [Test]
    public async Task A_guest_or_a_challenge_without_a_leaderboard_changes_nothing()
    {
        _ui.SignIn(_ui.Guest(15));
        await Controller().Leaderboard(Board, join: true);
        Assert.That(await _records.OptedInAsync(_storeId, Board), Is.Empty, "a guest has no place on a board");

        _ui.SignIn(_ui.Registered(15));
        await Controller().Leaderboard(NoBoard, join: true);
        await Controller().Leaderboard(99, join: true);
        Assert.That(await _records.OptedInAsync(_storeId, NoBoard), Is.Empty, "the challenge offers no leaderboard");
        Assert.That(await _records.OptedInAsync(_storeId, 99), Is.Empty, "no such challenge");
    }

    [Test]
    public void The_opt_in_is_a_post_checked_against_forgery()
    {
        var action = typeof(RetentionRewardsController).GetMethod(nameof(RetentionRewardsController.Leaderboard));
        Assert.That(action!.GetCustomAttribute<HttpPostAttribute>(), Is.Not.Null, "a GET never changes the opt-in");
        Assert.That(typeof(RetentionRewardsController).GetCustomAttribute<AutoValidateAntiforgeryTokenAttribute>(), Is.Not.Null,
            "every POST of the controller needs the antiforgery token");
        Assert.That(action.GetCustomAttribute<IgnoreAntiforgeryTokenAttribute>(), Is.Null);
    }
}
