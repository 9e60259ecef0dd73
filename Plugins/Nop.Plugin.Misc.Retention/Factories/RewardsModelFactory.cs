using Retention.Core.Localization;
using Retention.Core.Loyalty.Cards;
using System.Globalization;
using Nop.Core;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Misc.Retention.Models.Public;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Data;
using Nop.Services.Catalog;
using Nop.Services.Customers;
using Nop.Services.Directory;
using Nop.Services.Helpers;
using Nop.Services.Localization;
using Nop.Services.Orders;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Factories;

/// <summary>
/// Builds what shoppers see of their points (checkout widget, "My rewards", product page). The customer is always the
/// one of the current request (<see cref="IWorkContext"/>), never an id from the request, so nobody sees another's points.
/// Money is stored in the primary currency and shown in the shopper's working currency.
/// </summary>
public class RewardsModelFactory
{
    #region Fields

    private readonly LoyaltyViews _views;
    private readonly IClock _clock;
    private readonly ICurrencyService _currencyService;
    private readonly ICustomerService _customerService;
    private readonly IDateTimeHelper _dateTimeHelper;
    private readonly ILocalizationService _localizationService;
    private readonly IPriceCalculationService _priceCalculationService;
    private readonly IPriceFormatter _priceFormatter;
    private readonly IProductService _productService;
    private readonly IShoppingCartService _shoppingCartService;
    private readonly IStoreContext _storeContext;
    private readonly IWorkContext _workContext;
    private readonly RetentionInstallSettings _installSettings;
    private readonly IRepository<ProductCategory> _productCategories;
    private readonly IQueryRunner _runner;
    private readonly ICategoryService _categoryService;
    private readonly CardProgram _cards;
    private readonly global::Retention.Core.Stamps.StampProgram _stamps;
    private readonly global::Retention.Core.Membership.MembershipProgram _membership;
    private readonly global::Retention.Core.Challenges.ChallengeViews _challenges;
    private readonly global::Retention.Core.Cashback.CashbackProgram _cashback;
    private readonly Nop.Services.Configuration.ISettingService _settingService;
    private readonly Nop.Services.Seo.IUrlRecordService _urlRecordService;

    #endregion

    #region Ctor

    public RewardsModelFactory(LoyaltyViews views, IClock clock, ICurrencyService currencyService, ICustomerService customerService,
        IDateTimeHelper dateTimeHelper, ILocalizationService localizationService, IPriceCalculationService priceCalculationService,
        IPriceFormatter priceFormatter, IProductService productService, IShoppingCartService shoppingCartService, IStoreContext storeContext,
        IWorkContext workContext, RetentionInstallSettings installSettings, IRepository<ProductCategory> productCategories, IQueryRunner runner,
        ICategoryService categoryService, CardProgram cards = null, global::Retention.Core.Stamps.StampProgram stamps = null,
        global::Retention.Core.Membership.MembershipProgram membership = null,
        global::Retention.Core.Challenges.ChallengeViews challenges = null, global::Retention.Core.Cashback.CashbackProgram cashback = null,
        Nop.Services.Configuration.ISettingService settingService = null, Nop.Services.Seo.IUrlRecordService urlRecordService = null)
    {
        _membership = membership;
        _urlRecordService = urlRecordService;
        _settingService = settingService;
        _challenges = challenges;
        _cashback = cashback;
        _cards = cards;
        _stamps = stamps;
        _views = views;
        _clock = clock;
        _currencyService = currencyService;
        _customerService = customerService;
        _dateTimeHelper = dateTimeHelper;
        _localizationService = localizationService;
        _priceCalculationService = priceCalculationService;
        _priceFormatter = priceFormatter;
        _productService = productService;
        _shoppingCartService = shoppingCartService;
        _storeContext = storeContext;
        _workContext = workContext;
        _installSettings = installSettings;
        _productCategories = productCategories;
        _runner = runner;
        _categoryService = categoryService;
    }

    #endregion

    #region Methods

    /// <summary>Guests have no balance to show; they get a prompt to register or log in.</summary>
    public async Task<bool> IsGuestAsync(Customer customer) =>
        customer == null || !await _customerService.IsRegisteredAsync(customer);

    /// <summary>The checkout widget: balance, its value, what the current cart earns, tier progress.</summary>
    public async Task<RewardsWidgetModel> PrepareCheckoutAsync()
    {
        var customer = await _workContext.GetCurrentCustomerAsync();
        if (await IsGuestAsync(customer))
            return new RewardsWidgetModel { IsGuest = true };

        var store = await _storeContext.GetCurrentStoreAsync();
        var (storeId, customerId) = (new StoreId(store.Id), new CustomerId(customer.Id));
        var lines = await CartLinesAsync(customer, store.Id);
        // One view for the widget: the balance from the ledger's per-customer summary instead of every entry, and the
        // cart's quote with the multiplier read in the same pass. The widget shows no allowance, so the total is the cart's.
        var view = await _views.CheckoutAsync(new EarnOrder(storeId, customerId, 0, _clock.UtcNow, lines), lines.Sum(l => l.UnitPrice * l.Quantity - l.Discount));
        var model = new RewardsWidgetModel();
        await FillSummaryAsync(model, view.Available, view.Pending, view.AvailableValue, view.Tier);
        await FillCardAsync(model, storeId, customerId);
        if (lines.Count > 0)
        {
            model.OrderPoints = view.Quote.Points;
            // The sandbox's checkout hints from the same Core views: the running cashback period with this order, the challenges it completes.
            var total = lines.Sum(l => l.UnitPrice * l.Quantity - l.Discount);
            if (_cashback != null && await _cashback.ProgressAsync(storeId, customerId, await StoreZoneAsync(storeId), total) is { } withOrder)
            {
                var text = await CashbackTemplatesAsync();
                model.CashbackLine = (await WithMoneyAsync(money => [global::Retention.Core.Cashback.CashbackTexts.CheckoutLine(withOrder, text, money,
                    CultureInfo.CurrentCulture)]))[0];
            }
            if (_challenges != null)
                foreach (var challenge in await _challenges.CompletedByOrderAsync(storeId, customerId, total, lines.Select(l => l.ProductId).Distinct().ToList()))
                    model.ChallengeLines.Add(await SayAsync(CoreMessages.ChallengeCompletesAtCheckout(challenge.Name)));
        }
        return model;
    }

    /// <summary>"My rewards" of the current customer.</summary>
    public async Task<MyRewardsModel> PrepareMyRewardsAsync()
    {
        var customer = await _workContext.GetCurrentCustomerAsync();
        var store = await _storeContext.GetCurrentStoreAsync();
        if (await IsGuestAsync(customer))
            return new MyRewardsModel { IsGuest = true, Panel = await PreparePanelAsync(new StoreId(store.Id), null) };

        return await PrepareMyRewardsAsync(await _views.GetRewardsAsync(new StoreId(store.Id), new CustomerId(customer.Id)));
    }

    /// <summary>"My rewards" from the program's view of one customer.</summary>
    public async Task<MyRewardsModel> PrepareMyRewardsAsync(RewardsView view)
    {
        var model = new MyRewardsModel
        {
            ExpiringSoonPoints = view.ExpiringSoon?.Points ?? 0,
            MinimumBalanceToRedeem = view.MinimumBalanceToRedeem,
            CanRedeem = view.CanRedeem,
            ExpiryAdvice = view.ExpiryAdvice,
            ExpiryPointsNeeded = view.Expiry?.PointsNeeded ?? 0,
            ReferralCode = ReferralCodes.Create(view.Store, view.Customer, _installSettings.ReferralSecretBytes()),
        };
        await FillSummaryAsync(model, view.Available, view.Pending, view.AvailableValue,
            new TierProgressView(view.Tier, view.TierMultiplier, view.TierBasis, view.TierMeasure, view.NextTier, view.NextTierMissing, view.TierProgress, view.DowngradeAtUtc));
        await FillCardAsync(model, view.Store, view.Customer);
        if (model.ExpiringSoonPoints > 0 && view.ExpiringSoon.FirstExpiryUtc is { } expiry)
            model.ExpiringSoonDate = await _dateTimeHelper.ConvertToUserTimeAsync(expiry, DateTimeKind.Utc);
        if (view.Expiry?.OrderByUtc is { } orderBy)
            model.ExpiryOrderBy = await _dateTimeHelper.ConvertToUserTimeAsync(orderBy, DateTimeKind.Utc);
        foreach (var line in view.History)
            model.History.Add(await HistoryLineAsync(line, includeActor: false));
        model.Panel = await PreparePanelAsync(view.Store, view.Tier);
        if (_stamps != null)
            foreach (var card in await _stamps.CardsAsync(view.Store, view.Customer))
                model.StampCards.Add(await StampCardAsync(card));
        if (_membership != null)
            await FillMembershipAsync(model, view.Store, view.Customer);
        if (_challenges != null)
            await FillChallengesAsync(model, await _challenges.PanelAsync(view.Store, view.Customer), id => _challenges.LeaderboardAsync(view.Store, id));
        if (_cashback != null)
            await FillCashbackAsync(model, await _cashback.ProgressAsync(view.Store, view.Customer, await StoreZoneAsync(view.Store)),
                await _cashback.HistoryAsync(view.Store, view.Customer));
        return model;
    }

    /// <summary>
    /// Paid membership in My rewards (Core's <c>MembershipTexts.StatusLines</c> over the merchant's resources): the state
    /// with its date (paid through / renews, perks until), the perks, and what it saved this year. None while it is off.
    /// </summary>
    public async Task<List<string>> MembershipLinesAsync(StoreId store, CustomerId customer)
    {
        var settings = await _membership.SettingsAsync(store);
        if (!settings.Enabled)
            return new List<string>();
        var status = await _membership.StatusAsync(store, customer);
        var saved = await _membership.SavedThisYearAsync(store, customer);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in global::Retention.Core.Membership.MembershipTexts.English.Keys)
            texts[key] = await _localizationService.GetResourceAsync(RetentionLocales.MembershipText(key));
        // The lines are written synchronously: the amounts and days they can name are formatted first.
        var money = new Dictionary<decimal, string>();
        foreach (var amount in new[] { saved.Total, saved.Discount, saved.Shipping, saved.PointsValue })
            money[amount] = await FormatMoneyAsync(amount);
        var days = new Dictionary<DateTime, string>();
        foreach (var day in new[] { status.PaidThroughUtc, status.EndsUtc }.OfType<DateTime>())
            days[day] = (await _dateTimeHelper.ConvertToUserTimeAsync(day, DateTimeKind.Utc)).ToString("d", CultureInfo.CurrentCulture);
        return global::Retention.Core.Membership.MembershipTexts.StatusLines(status, settings, saved, key => texts[key], amount => money[amount],
            day => days[day], CultureInfo.CurrentCulture).ToList();
    }

    /// <summary>
    /// My rewards' membership block: the lines (<see cref="MembershipLinesAsync"/>), the periods paid (newest first, the last
    /// twelve, each with its order), and for a customer who is not a member the link to the membership product with its price.
    /// </summary>
    public async Task FillMembershipAsync(MyRewardsModel model, StoreId store, CustomerId customer)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.MembershipLines = await MembershipLinesAsync(store, customer);
        if (model.MembershipLines.Count == 0)
            return;
        var status = await _membership.StatusAsync(store, customer);
        var period = await _localizationService.GetResourceAsync(RetentionLocales.MembershipText("period"));
        foreach (var p in status.Periods.Reverse().Take(12))
            model.MembershipPeriods.Add(TextFormat.Format(period, CultureInfo.CurrentCulture, TextArg.Of("from", await UserDayAsync(p.StartUtc)),
                TextArg.Of("to", await UserDayAsync(p.EndUtc)), TextArg.Of("order", p.OrderId.ToString(CultureInfo.CurrentCulture))));
        if (status.IsMember)
            return;
        var settings = await _membership.SettingsAsync(store);
        if (await _productService.GetProductByIdAsync(settings.ProductId) is not { Deleted: false, Published: true } product)
            return;
        model.MembershipJoinUrl = _urlRecordService == null ? null : "/" + await _urlRecordService.GetSeNameAsync(product);
        model.MembershipJoinText = TextFormat.Format(await _localizationService.GetResourceAsync(RetentionLocales.MembershipText("join")), CultureInfo.CurrentCulture,
            TextArg.Of("price", await FormatMoneyAsync(product.Price)));
    }

    private async Task<string> UserDayAsync(DateTime utc) =>
        (await _dateTimeHelper.ConvertToUserTimeAsync(utc, DateTimeKind.Utc)).ToString("d", CultureInfo.CurrentCulture);

    /// <summary>My rewards' challenges (progress, days, completion, the opt-in leaderboard) and badges, from Core's panel, in the shopper's language.</summary>
    public async Task FillChallengesAsync(MyRewardsModel model, global::Retention.Core.Challenges.ChallengePanel panel,
        Func<int, Task<IReadOnlyList<global::Retention.Core.Challenges.LeaderboardLine>>> leaderboard)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(panel);
        model.ChallengesEnabled = panel.Enabled;
        if (!panel.Enabled)
            return;
        var culture = CultureInfo.CurrentCulture;
        foreach (var c in panel.Challenges)
        {
            var challenge = new ChallengeModel
            {
                Id = c.Id,
                Name = c.Name,
                Progress = await SayAsync(c.Progress),
                Percent = (int)Math.Round(c.Fraction * 100m, MidpointRounding.AwayFromZero),
                Dates = global::Retention.Core.Localization.TextFormat.FormatIndexed(await _localizationService.GetResourceAsync(RetentionLocales.ShopperChallengeDates),
                    culture, c.StartDate.ToString("d", culture), c.EndDate.ToString("d", culture)),
                State = c.State switch
                {
                    global::Retention.Core.Challenges.CompletionState.Paid => await _localizationService.GetResourceAsync(RetentionLocales.ShopperChallengePaid),
                    global::Retention.Core.Challenges.CompletionState.Held => await _localizationService.GetResourceAsync(RetentionLocales.ShopperChallengeHeld),
                    _ => "",
                },
                LeaderboardOffered = c.LeaderboardOffered,
                OptedIn = c.OptedIn,
            };
            if (c.LeaderboardOffered)
                foreach (var line in await leaderboard(c.Id))
                    challenge.Leaderboard.Add(new LeaderboardLineModel(line.Rank, line.DisplayName,
                        line.Score.ToString(c.Goal == global::Retention.Core.Challenges.ChallengeGoal.Spend ? "N2" : "N0", culture)));
            model.Challenges.Add(challenge);
        }
        foreach (var badge in panel.Badges)
            model.Badges.Add(await SayAsync(badge.Name));
    }

    /// <summary>My rewards' cashback: the running period (spend, band, what it would pay and when) and the periods paid, in the store's words.</summary>
    public async Task FillCashbackAsync(MyRewardsModel model, global::Retention.Core.Cashback.CashbackProgress progress,
        IReadOnlyList<global::Retention.Core.Cashback.CashbackStatement> paid)
    {
        ArgumentNullException.ThrowIfNull(model);
        var text = await CashbackTemplatesAsync();
        var culture = CultureInfo.CurrentCulture;
        if (progress != null)
            model.CashbackLines.AddRange(await WithMoneyAsync(money =>
                global::Retention.Core.Cashback.CashbackTexts.ProgressLines(progress, text, money, day => day.ToString("D", culture), culture)));
        if (paid is { Count: > 0 })
            model.CashbackPaid.AddRange(await WithMoneyAsync(money => paid.Select(statement =>
                global::Retention.Core.Cashback.CashbackTexts.PaidLine(statement, text, money, culture)).ToList()));
    }

    /// <summary>The store's time zone as the nightly cashback payout reads it (nopCommerce's per-store setting; the server's when none is set).</summary>
    private async Task<TimeZoneInfo> StoreZoneAsync(StoreId store)
    {
        var zoneId = _settingService == null ? null
            : (await _settingService.LoadSettingAsync<Nop.Services.Helpers.DateTimeSettings>(store.Value))?.DefaultStoreTimeZoneId;
        return !string.IsNullOrWhiteSpace(zoneId) && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var found) ? found : TimeZoneInfo.Local;
    }

    /// <summary>A Core sentence from its locale resource (a merchant's own wording wins), else Core's own text in the shopper's language.</summary>
    private async Task<string> SayAsync(CoreText text)
    {
        var name = RetentionLocales.CoreMessage(text.Key);
        var template = await _localizationService.GetResourceAsync(name);
        var found = !string.IsNullOrEmpty(template) && !string.Equals(template, name, StringComparison.OrdinalIgnoreCase);
        return found ? text.Render(template, CultureInfo.CurrentCulture) : CoreMessages.Render(text, CultureInfo.CurrentCulture);
    }

    /// <summary>Every cashback template from its locale resource (Core's text where a resource is missing), read once per page.</summary>
    private async Task<Func<string, string>> CashbackTemplatesAsync()
    {
        var templates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in global::Retention.Core.Cashback.CashbackTexts.English.Keys)
        {
            var name = RetentionLocales.CashbackText(key);
            var template = await _localizationService.GetResourceAsync(name);
            templates[key] = !string.IsNullOrEmpty(template) && !string.Equals(template, name, StringComparison.OrdinalIgnoreCase)
                ? template
                : global::Retention.Core.Cashback.CashbackTexts.Template(key, CultureInfo.CurrentCulture);
        }
        return key => templates[key];
    }

    /// <summary>
    /// Core's text helpers write money through a synchronous function, and nopCommerce formats money asynchronously: the
    /// lines are made with a marker per amount, then each marker becomes the amount in the shopper's working currency.
    /// </summary>
    private async Task<List<string>> WithMoneyAsync(Func<Func<decimal, string>, IEnumerable<string>> make)
    {
        var amounts = new List<decimal>();
        string Mark(decimal amount)
        {
            amounts.Add(amount);
            return "\u0001" + (amounts.Count - 1).ToString(CultureInfo.InvariantCulture) + "\u0002";
        }
        var lines = make(Mark).ToList();
        var written = new List<string>(amounts.Count);
        foreach (var amount in amounts)
            written.Add(await FormatMoneyAsync(amount));
        return lines.Select(line => System.Text.RegularExpressions.Regex.Replace(line, "\u0001([0-9]+)\u0002",
            m => written[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)])).ToList();
    }

    /// <summary>One stamp card in My rewards: its stamps, when the partial card lapses, the coupons it gave that still stand.</summary>
    public async Task<StampCardModel> StampCardAsync(global::Retention.Core.Stamps.StampCardView card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        var reward = card.Card.Reward == global::Retention.Core.Stamps.StampReward.FreeProduct
            ? await _localizationService.GetResourceAsync(RetentionLocales.StampsFreeOne)
            : global::Retention.Core.Localization.TextFormat.FormatIndexed(await _localizationService.GetResourceAsync(RetentionLocales.StampsAmountOff), culture,
                await FormatMoneyAsync(card.Card.RewardAmount));
        var model = new StampCardModel
        {
            Name = card.Card.Name,
            Stamps = card.Stamps,
            StampsToFill = card.Card.StampsToFill,
            Progress = global::Retention.Core.Localization.TextFormat.FormatIndexed(await _localizationService.GetResourceAsync(RetentionLocales.StampsProgress), culture,
                card.Stamps, card.Card.StampsToFill, card.StampsToGo, reward),
            Coupons = card.Coupons.Where(c => c.State is global::Retention.Core.Tables.StampState.Filled or global::Retention.Core.Tables.StampState.Overdrawn)
                .Select(c => c.Code).ToList(),
        };
        if (card.ExpiresUtc is { } lapses)
            model.Lapse = global::Retention.Core.Localization.TextFormat.FormatIndexed(await _localizationService.GetResourceAsync(RetentionLocales.StampsLapse), culture,
                (await _dateTimeHelper.ConvertToUserTimeAsync(lapses, DateTimeKind.Utc)).ToString("d", culture));
        return model;
    }

    /// <summary>
    /// The rewards panel of a store in the shopper's language and currency: Core's sentences (<see cref="RewardsPanel"/>)
    /// from the store's settings, with the categories and products a multiplier is about named from the catalog.
    /// </summary>
    public async Task<RewardsPanelModel> PreparePanelAsync(StoreId store, string currentTier)
    {
        var program = await _views.ProgramAsync(store);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in RewardsPanel.English.Keys)
            texts[key] = await _localizationService.GetResourceAsync(RetentionLocales.RewardsPanelText(key));
        // Core asks for money synchronously: the few amounts it writes (one unit, the tier thresholds) are formatted first.
        var money = new Dictionary<decimal, string>();
        foreach (var amount in program.Tiers.Select(t => t.Threshold).Append(1m).Distinct())
            money[amount] = await FormatMoneyAsync(amount);
        var names = new Dictionary<(EarnWayKind, int), string>();
        var categoryIds = program.WaysToEarn.Where(w => w.Kind == EarnWayKind.Category).Select(w => w.RefId ?? 0).ToHashSet();
        if (categoryIds.Count > 0)
            foreach (var category in (await _categoryService.GetAllCategoriesAsync(store.Value, showHidden: false)).Where(c => categoryIds.Contains(c.Id)))
                names[(EarnWayKind.Category, category.Id)] = category.Name;
        var productIds = program.WaysToEarn.Where(w => w.Kind == EarnWayKind.Product).Select(w => w.RefId ?? 0).Distinct().ToArray();
        if (productIds.Length > 0)
            foreach (var product in await _productService.GetProductsByIdsAsync(productIds))
                names[(EarnWayKind.Product, product.Id)] = product.Name;

        var lines = RewardsPanel.Lines(program, currentTier, key => texts[key], amount => money.GetValueOrDefault(amount) ?? amount.ToString("N2"),
            utc => utc.ToString("d"), way => names.GetValueOrDefault((way.Kind, way.RefId ?? 0)), CultureInfo.CurrentCulture);
        return new RewardsPanelModel
        {
            Enabled = lines.Enabled,
            WaysToEarn = lines.WaysToEarn.ToList(),
            Notes = lines.Notes.ToList(),
            WaysToRedeem = lines.WaysToRedeem.ToList(),
            Tiers = lines.Tiers.ToList(),
            JoinPrompt = RewardsPanel.JoinPrompt(program, key => texts[key], CultureInfo.CurrentCulture),
        };
    }

    /// <summary>"Earn N points" for the product's current price for this customer (discounts included) and their tier.</summary>
    public async Task<ProductPointsModel> PrepareProductPointsAsync(int productId)
    {
        var product = await _productService.GetProductByIdAsync(productId);
        if (product == null)
            return null;
        var customer = await _workContext.GetCurrentCustomerAsync();
        var store = await _storeContext.GetCurrentStoreAsync();
        var isGuest = await IsGuestAsync(customer);
        var (_, finalPrice, _, _) = await _priceCalculationService.GetFinalPriceAsync(product, customer, store);
        // With its categories, as the order consumer earns it, so a double-points category shows its double points here too.
        var line = new EarnLine(product.Id, 1, finalPrice, IsGiftCard: product.IsGiftCard, CategoryIds: (await CategoriesAsync([product.Id])).GetValueOrDefault(product.Id));
        var explained = await _views.ExplainProductAsync(new StoreId(store.Id), isGuest ? null : new CustomerId(customer.Id), line);
        // The parts multiplied, in Core's words, so the badge's number adds up (only when something multiplies the base rate).
        string explanation = null;
        if (explained.Points > 0 && (explained.LineMultiplier != 1m || explained.PromotionMultiplier != 1m || explained.TierMultiplier != 1m))
        {
            var texts = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var key in RewardsPanel.English.Keys.Where(k => k.StartsWith("product.", StringComparison.Ordinal)))
                texts[key] = await _localizationService.GetResourceAsync(RetentionLocales.RewardsPanelText(key));
            var money = new Dictionary<decimal, string> { [1m] = await FormatMoneyAsync(1m) };
            money[finalPrice] = await FormatMoneyAsync(finalPrice);
            var multiplierName = explained.MultiplierCategoryId is { } categoryId
                ? (await _categoryService.GetAllCategoriesAsync(store.Id)).FirstOrDefault(c => c.Id == categoryId)?.Name
                : product.Name;
            explanation = RewardsPanel.ExplainProduct(explained, finalPrice, multiplierName, key => texts[key], amount => money[amount], CultureInfo.CurrentCulture);
        }
        return new ProductPointsModel { Points = explained.Points, IsGuest = isGuest, Explanation = explanation };
    }

    /// <summary>One ledger line for people: local date, localized reason.</summary>
    public async Task<RewardsHistoryLineModel> HistoryLineAsync(RewardsHistoryLine line, bool includeActor) => new()
    {
        Date = await _dateTimeHelper.ConvertToUserTimeAsync(line.CreatedUtc, DateTimeKind.Utc),
        Points = line.Points,
        Reason = await _localizationService.GetResourceAsync(RetentionLocales.Reason(line.Reason)),
        Note = await _localizationService.LedgerNoteAsync(line.Note),
        Actor = includeActor ? line.Actor : null,
        IsPending = line.IsPending,
    };

    /// <summary>An amount of the primary store currency, converted to and formatted in the shopper's working currency.</summary>
    public async Task<string> FormatMoneyAsync(decimal primaryAmount)
    {
        var currency = await _workContext.GetWorkingCurrencyAsync();
        var converted = await _currencyService.ConvertFromPrimaryStoreCurrencyAsync(primaryAmount, currency);
        return await _priceFormatter.FormatPriceAsync(converted);
    }

    #endregion

    #region Utilities

    private async Task FillSummaryAsync(RewardsWidgetModel model, long available, long pending, decimal availableValue, TierProgressView tier)
    {
        model.Available = available;
        model.Pending = pending;
        model.AvailableValue = await FormatMoneyAsync(availableValue);
        model.Tier = tier.Tier;
        model.NextTier = tier.NextTier;
        model.TierProgressPercent = (int)Math.Floor(Math.Clamp(tier.Progress, 0m, 1m) * 100m);
        if (tier.NextTier != null && tier.NextTierMissing is { } missing)
            model.NextTierMissing = tier.Basis == TierBasis.Spend
                ? await FormatMoneyAsync(missing)
                : global::Retention.Core.Localization.TextFormat.FormatIndexed(await _localizationService.GetResourceAsync(RetentionLocales.RewardsOrders), System.Globalization.CultureInfo.CurrentCulture, Math.Ceiling(missing));
    }

    /// <summary>
    /// The discount card's lines, each Core sentence from its locale resource (a merchant's own wording wins), money in the
    /// working currency and the drop date in the shopper's time zone.
    /// </summary>
    private async Task FillCardAsync(RewardsWidgetModel model, StoreId store, CustomerId customer)
    {
        if (_cards == null || await _cards.StatusAsync(store, customer) is not { } status)
            return;
        model.CardPercent = status.Percent;
        var missing = status.Next is null ? "" : await FormatMoneyAsync(status.Missing);
        var drops = status.DropsOnUtc is { } utc ? (await _dateTimeHelper.ConvertToUserTimeAsync(utc, DateTimeKind.Utc)).ToString("D", CultureInfo.CurrentCulture) : "";
        foreach (var text in CardView.Lines(status, _ => missing, _ => drops))
        {
            var name = RetentionLocales.CoreMessage(text.Key);
            var template = await _localizationService.GetResourceAsync(name);
            var found = !string.IsNullOrEmpty(template) && !string.Equals(template, name, StringComparison.OrdinalIgnoreCase);
            model.CardLines.Add(found ? text.Render(template, CultureInfo.CurrentCulture) : CoreMessages.Render(text, CultureInfo.CurrentCulture));
        }
    }

    /// <summary>Each product's category ids, as the order consumer reads them for the order's points.</summary>
    private async Task<Dictionary<int, IReadOnlyList<int>>> CategoriesAsync(IReadOnlyCollection<int> productIds) =>
        (await _runner.ToListAsync(_productCategories.Table.Where(pc => productIds.Contains(pc.ProductId))))
            .GroupBy(pc => pc.ProductId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<int>)g.Select(pc => pc.CategoryId).Distinct().OrderBy(id => id).ToList());

    /// <summary>The cart as the earning rule reads an order: each line after its own discounts, in the primary currency.</summary>
    private async Task<List<EarnLine>> CartLinesAsync(Customer customer, int storeId)
    {
        var lines = new List<EarnLine>();
        var items = await _shoppingCartService.GetShoppingCartAsync(customer, ShoppingCartType.ShoppingCart, storeId);
        var categories = items.Count == 0 ? new Dictionary<int, IReadOnlyList<int>>() : await CategoriesAsync(items.Select(i => i.ProductId).Distinct().ToList());
        foreach (var item in items)
        {
            var product = await _productService.GetProductByIdAsync(item.ProductId);
            if (product == null)
                continue;
            var (subTotal, discountAmount, _, _) = await _shoppingCartService.GetSubTotalAsync(item, includeDiscounts: true);
            // The sub-total is already after the line's discount; passing it whole keeps the quantity's rounding out of it.
            lines.Add(new EarnLine(item.ProductId, 1, subTotal + discountAmount, discountAmount, product.IsGiftCard, categories.GetValueOrDefault(item.ProductId)));
        }
        return lines;
    }

    #endregion
}
