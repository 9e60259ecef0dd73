using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Retention.Controllers;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Services.Messages;
using Retention.Core.Challenges;
using Retention.Core.Common;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Ui;

/// <summary>The plugin's challenges page: Core judges the challenges against the store's categories and nothing is saved on any error.</summary>
public class ChallengesAdminTests
{
    private const int Tea = 5, Cups = 6;
    private UiFixture _ui;
    private InMemoryChallengeSettingsStore _settings;
    private Mock<INotificationService> _notifications;

    [SetUp]
    public void SetUp()
    {
        _ui = new UiFixture();
        _ui.StoreContext.Setup(s => s.GetActiveStoreScopeConfigurationAsync()).ReturnsAsync(2);
        _settings = new InMemoryChallengeSettingsStore();
        _settings.Categories.UnionWith([Tea, Cups]);
        _notifications = new Mock<INotificationService>();
    }

    private RetentionChallengesAdminController Controller() =>
        UiFixture.WithHttpContext(new RetentionChallengesAdminController(_settings, _ui.Localization.Object, _notifications.Object, _ui.StoreContext.Object));

    private static ChallengeModel Explorer() => new()
    {
        Name = "Tea explorer", StartDate = new DateTime(2026, 12, 1), EndDate = new DateTime(2026, 12, 31), Goal = ChallengeGoal.Categories, Target = 2m,
        CategoryIds = "5, 6", Reward = ChallengeReward.Points, RewardPoints = 300,
    };

    private async Task<ChallengeSettings> SavedAsync() => await _settings.LoadAsync(new StoreId(2));

    [Test]
    public async Task A_new_challenge_is_saved_with_the_next_free_number_its_days_and_categories_and_the_switches()
    {
        var result = await Controller().Challenges(new ChallengesModel { Enabled = true, BadgesEnabled = false, Challenges = [Explorer(), new ChallengeModel()] });

        Assert.That(result, Is.TypeOf<RedirectToActionResult>());
        var saved = await SavedAsync();
        Assert.That((saved.Enabled, saved.BadgesEnabled), Is.EqualTo((true, false)));
        Assert.That(saved.Challenges, Has.Count.EqualTo(1), "the blank row adds nothing");
        var challenge = saved.Challenges[0];
        Assert.That((challenge.Id, challenge.Name, challenge.StartDate, challenge.EndDate), Is.EqualTo((1, "Tea explorer", new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 31))));
        Assert.That(challenge.CategoryIds, Is.EqualTo(new[] { Tea, Cups }));
        Assert.That((challenge.Goal, challenge.Target, challenge.Reward, challenge.RewardPoints), Is.EqualTo((ChallengeGoal.Categories, 2m, ChallengeReward.Points, 300)));
        Assert.That((await _settings.LoadAsync(new StoreId(1))).Challenges, Is.Empty, "another store keeps its own");
    }

    [Test]
    public async Task Unreadable_category_ids_a_missing_day_and_an_end_before_the_start_are_refused_on_their_fields_and_nothing_is_saved()
    {
        var controller = Controller();
        var model = new ChallengesModel
        {
            Enabled = true,
            Challenges =
            [
                Explorer() with { CategoryIds = "5, tea" },
                Explorer() with { Name = "No start", StartDate = null },
            ],
        };

        var result = await controller.Challenges(model);

        Assert.That(result, Is.TypeOf<ViewResult>());
        Assert.That(controller.ModelState.Where(e => e.Value!.Errors.Count > 0).Select(e => e.Key),
            Is.EquivalentTo(new[] { "Challenges[0].CategoryIds", "Challenges[1].StartDate" }));
        Assert.That((await SavedAsync()).Enabled, Is.False);

        controller = Controller();
        result = await controller.Challenges(new ChallengesModel { Challenges = [Explorer() with { EndDate = new DateTime(2026, 11, 30), CategoryIds = "5, 99" }] });

        Assert.That(controller.ModelState.Where(e => e.Value!.Errors.Count > 0).Select(e => e.Key),
            Is.EquivalentTo(new[] { "Challenges[0].EndDate", "Challenges[0].CategoryIds" }), "Core's own judgement: the window and the store's categories");
        Assert.That((await SavedAsync()).Challenges, Is.Empty);
        Assert.That(((ChallengesModel)((ViewResult)result).Model!).Challenges, Has.Count.EqualTo(2), "the typed row comes back, and a blank row to add one");
        _notifications.Verify(n => n.ErrorNotification(RetentionLocales.NotSaved, true), Times.Exactly(2));
    }

    [Test]
    public async Task A_ticked_challenge_is_removed_and_the_others_keep_their_numbers()
    {
        var saved = await _settings.SaveAsync(new StoreId(2), new ChallengeSettings
        {
            Challenges = [Explorer().ToDefinition(1, [Tea, Cups]), Explorer().ToDefinition(2, [Tea, Cups]) with { Name = "Kept" }],
        });
        Assert.That(saved.IsValid, Is.True);
        var page = (ChallengesModel)((ViewResult)await Controller().Challenges()).Model!;
        Assert.That(page.Challenges.Select(c => (c.Id, c.IsBlank)), Is.EqualTo(new[] { (1, false), (2, false), (0, true) }));
        page.Challenges[0].Remove = true;

        await Controller().Challenges(page);

        Assert.That((await SavedAsync()).Challenges.Select(c => (c.Id, c.Name)), Is.EqualTo(new[] { (2, "Kept") }));
    }
}
