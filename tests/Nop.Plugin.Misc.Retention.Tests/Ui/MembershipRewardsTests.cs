using Nop.Plugin.Misc.Retention.Factories;
using Nop.Plugin.Misc.Retention.Tests.Services;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Membership;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Ui;

/// <summary>My rewards' membership block in the plugin: Core's lines over the merchant's resources, the shopper's currency and time zone.</summary>
public class MembershipRewardsTests
{
    private const int MembershipProduct = 40;
    private UiFixture _ui;
    private InMemoryLoyaltySettingsStore _settings;
    private MembershipProgram _membership;
    private StoreId _store;

    [SetUp]
    public async Task SetUp()
    {
        _ui = new UiFixture();
        _store = new StoreId(_ui.Store.Id);
        // The merchant's resources are the shipped English texts here, so the sentences read as a shopper reads them.
        _ui.Localization.Setup(l => l.GetResourceAsync(It.IsAny<string>())).ReturnsAsync((string key) =>
            MembershipTexts.English.FirstOrDefault(t => RetentionLocales.MembershipText(t.Key) == key).Value ?? key);
        _settings = new InMemoryLoyaltySettingsStore();
        var runner = new InMemoryQueryRunner();
        _membership = new MembershipProgram(new MembershipStore(new InMemoryTables().Table<MembershipRow>(), runner), _settings, new Monthly(), new InMemoryStoreData(),
            runner, null, _ui.Clock.Object);
        await SaveAsync(enabled: true);
    }

    private async Task SaveAsync(bool enabled) => Assert.That((await _settings.SaveAsync(_store, new LoyaltySettings
    {
        Membership = new MembershipSettings { Enabled = enabled, ProductId = MembershipProduct, DiscountPercent = 5m, FreeShipping = true, PointsMultiplier = 2m },
    })).IsValid, Is.True);

    private RewardsModelFactory Factory() => new(UiFixture.UntouchableProgram().Views, _ui.Clock.Object, _ui.CurrencyService.Object, _ui.CustomerService.Object,
        _ui.DateTimeHelper.Object, _ui.Localization.Object, _ui.Prices.Object, _ui.PriceFormatter.Object, _ui.Products.Object, _ui.Cart.Object, _ui.StoreContext.Object,
        _ui.WorkContext.Object, _ui.Install, FakeRepository.Reading(_ui.ProductCategories), new InMemoryQueryRunner(), _ui.Categories.Object, membership: _membership,
        urlRecordService: _urls.Object);

    private readonly Mock<Nop.Services.Seo.IUrlRecordService> _urls = new();

    private void ClubProduct(bool published = true)
    {
        var product = new Nop.Core.Domain.Catalog.Product { Id = MembershipProduct, Name = "Coffee Club", Price = 9m, Published = published };
        _ui.Products.Setup(p => p.GetProductByIdAsync(MembershipProduct)).ReturnsAsync(product);
        _urls.Setup(u => u.GetSeNameAsync(product, It.IsAny<int?>(), It.IsAny<bool>(), It.IsAny<bool>())).ReturnsAsync("coffee-club");
    }

    [Test]
    public async Task A_customer_who_is_not_a_member_gets_a_join_link_to_the_membership_product_with_its_price()
    {
        ClubProduct();
        var model = new Nop.Plugin.Misc.Retention.Models.Public.MyRewardsModel();

        await Factory().FillMembershipAsync(model, _store, new CustomerId(16));

        Assert.That((model.MembershipJoinUrl, model.MembershipJoinText), Is.EqualTo(("/coffee-club", "Join for EUR 18.00")), "the price in the working currency");
        Assert.That(model.MembershipPeriods, Is.Empty);
        Assert.That(model.MembershipLines.First(), Is.EqualTo("Not a member yet."));
    }

    [Test]
    public async Task A_member_reads_the_periods_paid_newest_first_with_their_orders_and_gets_no_join_link()
    {
        ClubProduct();
        var start = _ui.Clock.Object.UtcNow;
        await _membership.OrderPaidAsync(new MembershipOrder(_store, new CustomerId(15), 31, start, [MembershipProduct]));
        await _membership.OrderPaidAsync(new MembershipOrder(_store, new CustomerId(15), 32, start.AddDays(20), [MembershipProduct]));
        var model = new Nop.Plugin.Misc.Retention.Models.Public.MyRewardsModel();

        await Factory().FillMembershipAsync(model, _store, new CustomerId(15));

        string Day(DateTime utc) => utc.AddHours(1).ToString("d", System.Globalization.CultureInfo.CurrentCulture);
        Assert.That(model.MembershipPeriods, Is.EqualTo(new[]
        {
            $"{Day(start.AddMonths(1))} – {Day(start.AddMonths(2))} (order #32)",
            $"{Day(start)} – {Day(start.AddMonths(1))} (order #31)",
        }), "the renewal paid early continues from the paid-through day");
        Assert.That(model.MembershipJoinUrl, Is.Null);
    }

    [Test]
    public async Task An_unpublished_membership_product_gets_no_join_link()
    {
        ClubProduct(published: false);
        var model = new Nop.Plugin.Misc.Retention.Models.Public.MyRewardsModel();
        await Factory().FillMembershipAsync(model, _store, new CustomerId(16));
        Assert.That(model.MembershipJoinUrl, Is.Null);
    }

    [Test]
    public async Task A_member_reads_the_renewal_day_the_perks_and_what_the_membership_saved_this_year_in_the_working_currency()
    {
        var now = _ui.Clock.Object.UtcNow;
        await _membership.OrderPaidAsync(new MembershipOrder(_store, new CustomerId(15), 1, now, [MembershipProduct]));
        await _membership.OrderPaidAsync(new MembershipOrder(_store, new CustomerId(15), 2, now, [7], new MemberSaving(1.20m, 4.95m, 0, 0m)));

        var lines = await Factory().MembershipLinesAsync(_store, new CustomerId(15));

        var renews = now.AddMonths(1).AddHours(1).ToString("d", System.Globalization.CultureInfo.CurrentCulture);
        Assert.That(lines, Is.EqualTo(new[]
        {
            $"You are a member. Your membership renews on {renews}.",
            "Perks: 5 % off every order, free shipping, ×2 points.",
            "Your membership saved you EUR 12.30 this year.",
            "Discounts EUR 2.40, shipping EUR 9.90, extra points 0 points worth EUR 0.00.",
        }), "the day in the shopper's zone; the amounts converted to the working currency (twice the primary here)");
    }

    [Test]
    public async Task A_store_without_membership_shows_no_block()
    {
        await SaveAsync(enabled: false);
        Assert.That(await Factory().MembershipLinesAsync(_store, new CustomerId(15)), Is.Empty);
    }

    [Test]
    public async Task A_customer_who_never_joined_reads_not_a_member_yet_and_the_perks()
    {
        Assert.That(await Factory().MembershipLinesAsync(_store, new CustomerId(16)),
            Is.EqualTo(new[] { "Not a member yet.", "Perks: 5 % off every order, free shipping, ×2 points." }));
    }

    private sealed class Monthly : IMembershipProducts
    {
        public Task<MembershipCycle?> CycleOfAsync(StoreId store, int productId, CancellationToken cancellationToken = default) =>
            Task.FromResult<MembershipCycle?>(productId == MembershipProduct ? MembershipCycle.Monthly : null);
    }
}
