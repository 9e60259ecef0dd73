using Microsoft.AspNetCore.Mvc;
using Nop.Core.Domain.Catalog;
using Nop.Plugin.Misc.Retention.Controllers;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Services.Messages;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Stamps;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Ui;

/// <summary>The plugin's stamp cards page: Core judges the cards against the store's catalog and nothing is saved on any error.</summary>
public class StampCardsAdminTests
{
    private const int Coffee = 11, Mug = 12, Tea = 5;
    private UiFixture _ui;
    private InMemoryLoyaltySettingsStore _settings;
    private Mock<INotificationService> _notifications;

    [SetUp]
    public void SetUp()
    {
        _ui = new UiFixture();
        _ui.AdminCatalog(scope: 2, live: [Coffee], deleted: [Mug]);
        _ui.CategoryList.Add(new Category { Id = Tea, Name = "Tea" });
        _settings = new InMemoryLoyaltySettingsStore();
        _notifications = new Mock<INotificationService>();
    }

    private RetentionStampsAdminController Controller() => UiFixture.WithHttpContext(new RetentionStampsAdminController(_settings, _ui.Products.Object,
        _ui.Categories.Object, _ui.Localization.Object, _notifications.Object, _ui.StoreContext.Object));

    private static StampCardModel CoffeeCard() => new()
    {
        Name = "Coffee card", Scope = StampScope.Product, TargetId = Coffee, StampsToFill = 6, Reward = StampReward.FreeProduct, RewardProductId = Coffee,
    };

    private async Task<IReadOnlyList<StampCardDefinition>> SavedAsync() => (await _settings.LoadAsync(new StoreId(2))).StampCards;

    [Test]
    public async Task A_new_card_typed_in_the_blank_row_is_saved_with_the_next_free_number_for_the_admins_store()
    {
        await _settings.SaveAsync(new StoreId(2), new LoyaltySettings { StampCards = [new StampCardDefinition { Id = 4, Name = "Orders card", StampsToFill = 5, RewardAmount = 3m }] });
        var model = new StampCardsModel { StampCards = [StampCardModel.From((await SavedAsync())[0]), CoffeeCard(), new StampCardModel()] };

        var result = await Controller().StampCards(model);

        Assert.That(result, Is.TypeOf<RedirectToActionResult>());
        var saved = await SavedAsync();
        Assert.That(saved.Select(c => (c.Id, c.Name)), Is.EqualTo(new[] { (4, "Orders card"), (5, "Coffee card") }), "the blank row adds nothing");
        Assert.That(saved[1], Is.EqualTo(new StampCardDefinition
        {
            Id = 5, Name = "Coffee card", Scope = StampScope.Product, TargetId = Coffee, StampsToFill = 6, Reward = StampReward.FreeProduct, RewardProductId = Coffee,
        }));
        Assert.That((await _settings.LoadAsync(new StoreId(1))).StampCards, Is.Empty, "another store keeps its own cards");
        _notifications.Verify(n => n.SuccessNotification(RetentionLocales.StampsAdminSaved, true));
    }

    [Test]
    public async Task A_card_naming_a_deleted_product_or_an_unknown_category_is_refused_on_its_field_and_nothing_is_saved()
    {
        var model = new StampCardsModel
        {
            StampCards =
            [
                CoffeeCard() with { RewardProductId = Mug },
                new StampCardModel { Name = "Tea card", Scope = StampScope.Category, TargetId = 99, StampsToFill = 1, RewardAmount = 2m },
            ],
        };
        var controller = Controller();

        var result = await controller.StampCards(model);

        Assert.That(result, Is.TypeOf<ViewResult>());
        Assert.That(controller.ModelState.Where(e => e.Value!.Errors.Count > 0).Select(e => e.Key),
            Is.EquivalentTo(new[] { "StampCards[0].RewardProductId", "StampCards[1].TargetId", "StampCards[1].StampsToFill" }));
        Assert.That(await SavedAsync(), Is.Empty);
        Assert.That(((StampCardsModel)((ViewResult)result).Model!).StampCards, Has.Count.EqualTo(3), "the typed rows come back, and a blank row to add one");
        _notifications.Verify(n => n.ErrorNotification(RetentionLocales.NotSaved, true));
    }

    [Test]
    public async Task The_reminder_lead_is_saved_per_card_and_one_in_the_first_half_of_the_cards_life_is_refused_on_its_field()
    {
        var early = CoffeeCard();
        early.ExpiryDays = 30;
        early.ReminderDays = 15;
        var controller = Controller();

        var refused = await controller.StampCards(new StampCardsModel { StampCards = [early] });

        Assert.That(refused, Is.TypeOf<ViewResult>());
        Assert.That(controller.ModelState.Where(e => e.Value!.Errors.Count > 0).Select(e => e.Key), Is.EqualTo(new[] { "StampCards[0].ReminderDays" }));
        Assert.That(await SavedAsync(), Is.Empty, "nothing saved");

        early.ReminderDays = 10;
        Assert.That(await Controller().StampCards(new StampCardsModel { StampCards = [early] }), Is.TypeOf<RedirectToActionResult>());
        Assert.That((await SavedAsync()).Single().ReminderDays, Is.EqualTo(10));
        Assert.That(StampCardModel.From((await SavedAsync()).Single()).ReminderDays, Is.EqualTo(10), "the page shows the lead saved");
    }

    [Test]
    public async Task A_ticked_card_is_removed_and_the_others_keep_their_numbers()
    {
        await _settings.SaveAsync(new StoreId(2), new LoyaltySettings
        {
            StampCards = [new StampCardDefinition { Id = 1, Name = "Old", StampsToFill = 5, RewardAmount = 3m }, new StampCardDefinition { Id = 2, Name = "Kept", StampsToFill = 4, RewardAmount = 1m }],
        });
        var rows = (await SavedAsync()).Select(StampCardModel.From).ToList();
        rows[0].Remove = true;

        await Controller().StampCards(new StampCardsModel { StampCards = rows });

        Assert.That((await SavedAsync()).Select(c => (c.Id, c.Name)), Is.EqualTo(new[] { (2, "Kept") }));
    }

    [Test]
    public async Task A_value_the_binder_refused_keeps_the_rows_as_posted_and_saves_nothing()
    {
        var controller = Controller();
        controller.ModelState.AddModelError("StampCards[0].StampsToFill", "The value 'x' is not valid.");

        var result = await controller.StampCards(new StampCardsModel { StampCards = [CoffeeCard()] });

        Assert.That(result, Is.TypeOf<ViewResult>());
        Assert.That(await SavedAsync(), Is.Empty);
    }

    [Test]
    public async Task The_page_shows_the_stores_cards_and_a_blank_row()
    {
        await _settings.SaveAsync(new StoreId(2), new LoyaltySettings { StampCards = [new StampCardDefinition { Id = 3, Name = "Orders card", StampsToFill = 5, RewardAmount = 3m }] });

        var model = (StampCardsModel)((ViewResult)await Controller().StampCards()).Model!;

        Assert.That(model.StampCards.Select(c => (c.Id, c.IsBlank)), Is.EqualTo(new[] { (3, false), (0, true) }));
        Assert.That(model.StampCards[0].MinOrderAmount, Is.EqualTo(0m));
        Assert.That(model.StampCards[0].TargetId, Is.Null, "an order card names no product");
    }
}
