using Retention.Core.Common;
using Retention.Core.Localization;
using Retention.Core.Loyalty;

namespace Retention.Sandbox.Web;

/// <summary>
/// The sandbox's own words (its frame, the shop, My rewards, the checkout widget, the stamp blocks) in the language the
/// switch chose. Keyed by the English text, as the email phrases are (<c>RussianPhrases</c>): the pages keep reading
/// as English source, and a test finds every <c>T("…")</c> and <c>F("…")</c> of the pages in <see cref="Russian"/>.
/// Templates use Core's placeholders and plural forms (<see cref="TextFormat"/>).
/// </summary>
public static class SandboxTexts
{
    private const string Points = "{points, plural, one {# балл} few {# балла} many {# баллов} other {# балла}}";

    /// <summary>Russian, by the English text.</summary>
    public static IReadOnlyDictionary<string, string> Russian { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // The frame.
        ["Retention sandbox"] = "Песочница Retention",
        ["Admin"] = "Админка",
        ["Shop"] = "Магазин",
        ["Workflows"] = "Сценарии",
        ["Outbox"] = "Исходящие",
        ["Home"] = "Главная",
        ["Admin dashboard"] = "Панель администратора",
        ["My rewards"] = "Мои бонусы",
        ["Rewards"] = "Бонусы",
        ["Product"] = "Товар",
        ["Customer id"] = "Номер покупателя",
        ["Show"] = "Показать",
        ["Pick a customer to see the shop as they do."] = "Выберите покупателя, чтобы увидеть магазин его глазами.",
        ["Say which customer: add ?customer=N."] = "Укажите покупателя: добавьте ?customer=N.",
        ["'{raw}' is not a customer id."] = "«{raw}» — не номер покупателя.",
        ["There is no customer {id}."] = "Покупателя {id} нет.",
        ["'{raw}' is not a product id."] = "«{raw}» — не номер товара.",
        ["There is no product {id}."] = "Товара {id} нет.",
        // The home page.
        ["A local nopCommerce-like store for the Retention engine. Data: {data} — {source}."] = "Локальный магазин наподобие nopCommerce для движка Retention. Данные: {data} — {source}.",
        ["the merchant's retention figures."] = "показатели удержания для продавца.",
        ["what a shopper sees (points balance, orders)."] = "что видит покупатель (баланс баллов, заказы).",
        ["every email the engine queued, rendered as the customer sees it."] = "все письма, поставленные движком в очередь, в том виде, в каком их видит покупатель.",
        ["switch, edit, preview and measure the emails; advance the sandbox clock on the admin page to play them out."] = "включайте, редактируйте, просматривайте и измеряйте письма; переведите часы песочницы на странице администратора, чтобы увидеть, как они уходят.",
        ["Loyalty settings"] = "Настройки бонусной программы",
        ["points, expiry, redemption, tiers, multipliers and bonuses (the plugin's configure page)."] = "баллы, сгорание, списание, уровни, множители и бонусы (страница настройки плагина).",
        ["Points accounting"] = "Учёт баллов",
        ["the loyalty report for finance (per day, with CSV); a customer's loyalty block is at /admin/customers/N."] = "отчёт по бонусной программе для бухгалтерии (по дням, с выгрузкой CSV); бонусный блок покупателя — на странице /admin/customers/N.",
        ["JSON."] = "JSON.",
        ["demo store (seed {seed}, history up to {date})"] = "демо-магазин (seed {seed}, история до {date})",
        ["orders imported from {file} (up to {date})"] = "заказы, загруженные из {file} (до {date})",
        // The admin page's figures.
        ["{source}. Figures computed in the database at sandbox time {time}."] = "{source}. Показатели посчитаны в базе данных на время песочницы {time}.",
        ["Customer accounts"] = "Учётные записи покупателей",
        ["Orders (not cancelled)"] = "Заказы (без отменённых)",
        ["Revenue less refunds"] = "Выручка за вычетом возвратов",
        ["Revenue less refunds per order"] = "Выручка за вычетом возвратов на заказ",
        ["Open carts"] = "Открытые корзины",
        ["Abandoned carts"] = "Брошенные корзины",
        // The admin page's clock.
        ["Sandbox clock"] = "Часы песочницы",
        ["Sandbox time: {now}. Move it on to watch the workflows play out; every {workflow} step that falls due on the way is worked, the loyalty sweep runs for each day that begins, and the emails queued appear in the {outbox}."] =
            "Время песочницы: {now}. Переведите часы вперёд, чтобы увидеть, как работают сценарии: каждый шаг {workflow}, срок которого наступит, будет выполнен, "
            + "бонусная программа отработает каждый новый день, а поставленные в очередь письма появятся в разделе {outbox}.",
        ["workflow"] = "сценария",
        ["outbox"] = "«Исходящие»",
        ["Hours"] = "Часы",
        ["Days"] = "Дни",
        ["Advance and run"] = "Перевести и запустить",
        // The shop and its checkout widget.
        ["You are shopping as a guest."] = "Вы делаете покупки как гость.",
        ["Signed in as {name}"] = "Вы вошли как {name}",
        ["customer {id}"] = "покупатель {id}",
        ["Points available"] = "Доступно баллов",
        ["Points pending"] = "Баллов в ожидании",
        ["Orders"] = "Заказы",
        ["Cart"] = "Корзина",
        ["The cart is empty."] = "Корзина пуста.",
        ["Qty"] = "Кол-во",
        ["Price"] = "Цена",
        ["Subtotal"] = "Подытог",
        ["Shipping"] = "Доставка",
        ["free"] = "бесплатно",
        ["Tax"] = "Налог",
        ["Total"] = "Итого",
        ["Your rewards"] = "Ваши бонусы",
        ["{points, plural, one {# point} other {# points}}"] = Points,
        ["worth"] = "на сумму",
        ["(+{points} pending)"] = "(+{points} в ожидании)",
        ["This order earns {points, plural, one {# point} other {# points}}"] = "Этот заказ принесёт " + Points,
        ["promotion ×{multiplier}"] = "акция ×{multiplier}",
        ["your multiplier ×{multiplier}"] = "ваш множитель ×{multiplier}",
        ["Points can be used from {points, plural, one {# point} other {# points}} on."] = "Баллы можно тратить, когда на счёте не меньше {points, plural, one {# балла} other {# баллов}}.",
        ["Nothing to pay with points."] = "Оплачивать баллами нечего.",
        ["Use up to {points, plural, one {# point} other {# points}} ({money}) on this order."] = "В этом заказе можно потратить до {points, plural, one {# балла} other {# баллов}} ({money}).",
        ["No points to use on this order yet."] = "В этом заказе пока нечего оплатить баллами.",
        ["Points to use"] = "Потратить баллов",
        ["Coupon or gift card"] = "Купон или подарочная карта",
        ["Place order"] = "Оформить заказ",
        ["Order #{order} placed: "] = "Заказ №{order} оформлен: ",
        ["{points, plural, one {# point} other {# points}} used, "] = "списано " + Points + ", ",
        ["{money} paid. Thank you!"] = "оплачено {money}. Спасибо!",
        ["Points to use: '{points}' is not a whole number of points."] = "Потратить баллов: «{points}» — не целое число баллов.",
        ["The form's balance is malformed; reload the page."] = "Баланс в форме повреждён; обновите страницу.",
        // The tier block.
        ["Tier:"] = "Уровень:",
        ["none"] = "нет",
        ["(×{multiplier} points)"] = "(баллы ×{multiplier})",
        ["{money} more in the next 12 months to reach {tier}."] = "Купите ещё на {money} за 12 месяцев, чтобы получить уровень «{tier}».",
        ["{orders, plural, one {# more order} other {# more orders}} in the next 12 months to reach {tier}."] = "Ещё {orders, plural, one {# заказ} few {# заказа} many {# заказов} other {# заказа}} за 12 месяцев — и вы получите уровень «{tier}».",
        ["You are in the top tier."] = "У вас высший уровень.",
        ["Keep shopping to stay {tier}: the tier is reviewed on {date}."] = "Продолжайте покупать, чтобы сохранить уровень «{tier}»: он будет пересмотрен {date}.",
        // My rewards.
        ["Create an account"] = "Создать учётную запись",
        ["Your account is ready: welcome! Your points and rewards are below."] = "Учётная запись готова — добро пожаловать! Ваши баллы и бонусы ниже.",
        ["Available points"] = "Доступно баллов",
        ["Worth at checkout"] = "Скидка при оформлении",
        ["Pending"] = "В ожидании",
        ["Expiring soon"] = "Скоро сгорят",
        ["{points, plural, one {# point expires} other {# points expire}} from {date}: spend them at checkout before then."] =
            "{points, plural, one {# балл сгорит} few {# балла сгорят} many {# баллов сгорят} other {# балла сгорят}} начиная с {date}: потратьте их при оформлении заказа до этого дня.",
        ["{points, plural, one {# point expires} other {# points expire}} from {date}. Points can be used at checkout from {minimum, plural, one {# point} other {# points}} on: earn {needed} more with an order placed by {orderBy} to spend them."] =
            "{points, plural, one {# балл сгорит} few {# балла сгорят} many {# баллов сгорят} other {# балла сгорят}} начиная с {date}. Баллы можно тратить, когда на счёте не меньше {minimum, plural, one {# балла} other {# баллов}}: оформите заказ до {orderBy} и получите ещё {needed, plural, one {# балл} few {# балла} many {# баллов} other {# балла}}, чтобы ими воспользоваться.",
        ["{points, plural, one {# point expires} other {# points expire}} from {date}. Points can be used at checkout from {minimum, plural, one {# point} other {# points}} on, which this balance cannot reach before they lapse."] =
            "{points, plural, one {# балл сгорит} few {# балла сгорят} many {# баллов сгорят} other {# балла сгорят}} начиная с {date}. Баллы можно тратить, когда на счёте не меньше {minimum, plural, one {# балла} other {# баллов}}, а до этого дня столько не набрать.",
        ["Points can be used at checkout from {points, plural, one {# point} other {# points}} on."] = "Баллы можно тратить при оформлении заказа, когда на счёте не меньше {points, plural, one {# балла} other {# баллов}}.",
        ["Invite a friend"] = "Пригласите друга",
        ["Share your link; you earn points when a new customer's first order is paid."] = "Поделитесь ссылкой: вы получите баллы, когда новый покупатель оплатит свой первый заказ.",
        ["Your referral link"] = "Ваша реферальная ссылка",
        ["History"] = "История",
        ["Back to the shop"] = "Вернуться в магазин",
        ["No points yet."] = "Баллов пока нет.",
        ["Date"] = "Дата",
        ["Points"] = "Баллы",
        ["Reason"] = "Причина",
        ["Details"] = "Подробности",
        ["Status"] = "Статус",
        ["By"] = "Кто",
        ["pending until {date}"] = "в ожидании до {date}",
        ["Order #{order}"] = "Заказ №{order}",
        ["Review #{review}"] = "Отзыв №{review}",
        // Why points moved.
        ["Purchase"] = "Покупка",
        ["Refund or cancellation"] = "Возврат или отмена",
        ["Spent at checkout"] = "Списано при оформлении заказа",
        ["Spent points returned"] = "Возврат потраченных баллов",
        ["Expired"] = "Сгорели",
        ["Welcome bonus"] = "Приветственный бонус",
        ["Birthday bonus"] = "Бонус ко дню рождения",
        ["Review bonus"] = "Бонус за отзыв",
        ["Survey bonus"] = "Бонус за опрос",
        ["Referral bonus"] = "Бонус за приглашённого друга",
        ["Adjustment by the shop"] = "Корректировка магазином",
        ["Challenge completed"] = "Испытание выполнено",
        ["Challenge reward taken back"] = "Награда за испытание отозвана",
        ["Cashback"] = "Кэшбэк",
        ["Cashback taken back"] = "Кэшбэк отозван",
        // Challenges and badges.
        ["Challenges"] = "Испытания",
        ["No challenge is running right now."] = "Сейчас нет активных испытаний.",
        ["completed, reward paid"] = "выполнено, награда получена",
        ["completed"] = "выполнено",
        ["(reward pending the return window)"] = "(награда — после окончания срока возврата)",
        ["Join the leaderboard"] = "Участвовать в рейтинге",
        ["Leave the leaderboard"] = "Выйти из рейтинга",
        ["Only your first name and the initial of your last name are shown."] = "Показываются только ваше имя и первая буква фамилии.",
        ["Name"] = "Имя",
        ["Score"] = "Результат",
        ["Badges"] = "Значки",
        ["No badges yet: your first order earns one."] = "Значков пока нет: первый вы получите за первый заказ.",
        // Stamp cards.
        ["Stamp cards"] = "Карты со штампами",
        ["{stamps} of {fill, plural, one {# stamp} other {# stamps}}"] = "Штампов: {stamps} из {fill}",
        ["this order adds no stamp; {more, plural, one {# more stamp} other {# more stamps}} for {reward}."] =
            "этот заказ не добавит штампов; ещё {more, plural, one {# штамп} few {# штампа} many {# штампов} other {# штампа}} — и вы получите {reward}.",
        ["this order adds {adds, plural, one {# stamp} other {# stamps}} and fills the card: {reward} by email."] =
            "этот заказ добавит {adds, plural, one {# штамп} few {# штампа} many {# штампов} other {# штампа}} и заполнит карту: {reward} вы получите письмом.",
        ["this order adds {adds, plural, one {# stamp} other {# stamps}} and fills the card: {reward} by email ({cards} cards)."] =
            "этот заказ добавит {adds, plural, one {# штамп} few {# штампа} many {# штампов} other {# штампа}} и заполнит карту: {reward} вы получите письмом (карт: {cards}).",
        ["this order adds {adds, plural, one {# stamp} other {# stamps}}; then {more} more for {reward}."] =
            "этот заказ добавит {adds, plural, one {# штамп} few {# штампа} many {# штампов} other {# штампа}}; после него ещё {more, plural, one {# штамп} few {# штампа} many {# штампов} other {# штампа}} — и вы получите {reward}.",
        ["{stamps} of {fill}: {more, plural, one {# more stamp} other {# more stamps}} for {reward}."] =
            "Штампов: {stamps} из {fill}. Ещё {more, plural, one {# штамп} few {# штампа} many {# штампов} other {# штампа}} — и вы получите {reward}.",
        ["{name}: buy {fill}, get {reward}."] = "{name}: за {fill, plural, one {# покупку} few {# покупки} many {# покупок} other {# покупки}} вы получите {reward}.",
        ["{name}: buy {fill}, get {reward}; you have {stamps}, {more} to go."] =
            "{name}: за {fill, plural, one {# покупку} few {# покупки} many {# покупок} other {# покупки}} вы получите {reward}; у вас уже {stamps}, осталось {more}.",
        ["a free one"] = "бесплатный товар",
        ["{money} off"] = "скидку {money}",
        ["One stamp per order from {money}."] = "Один штамп за заказ от {money}.",
        ["One stamp per item."] = "Один штамп за каждый товар.",
        ["One stamp per order."] = "Один штамп за заказ.",
        ["The stamps on this card lapse on {date}."] = "Штампы на этой карте сгорят {date}.",
        ["This card takes no new stamps."] = "На эту карту больше не ставят штампы.",
        ["Coupons earned:"] = "Полученные купоны:",
    };

    /// <summary>The text in the chosen language (English as written when Russian lacks it).</summary>
    public static string T(string english) =>
        SandboxLanguage.Current == "ru" && Russian.TryGetValue(english, out var russian) ? russian : english;

    /// <summary>A template in the chosen language, filled for its reader (numbers and plural forms in their culture).</summary>
    public static string F(string english, params TextArg[] args) => TextFormat.Format(T(english), SandboxLanguage.Culture, args);

    /// <summary>A loyalty settings field's label in the chosen language (Core's table, as the plugin's resources have it).</summary>
    public static string SettingLabel(string property) =>
        SandboxLanguage.Current == "ru" && LoyaltySettingsTexts.Russian.TryGetValue(property, out var russian) ? russian.Label : LoyaltySettingsTexts.Label(property);

    /// <summary>A loyalty settings field's hint in the chosen language.</summary>
    public static string SettingHint(string property) =>
        SandboxLanguage.Current == "ru" && LoyaltySettingsTexts.Russian.TryGetValue(property, out var russian) ? russian.Hint : LoyaltySettingsTexts.Hint(property);

    /// <summary>A loyalty settings list choice in the chosen language.</summary>
    public static string SettingChoice(Enum value) =>
        SandboxLanguage.Current == "ru" && LoyaltySettingsTexts.RussianChoices.FirstOrDefault(c => c.Value.Equals(value)).Text is { } russian
            ? russian : LoyaltySettingsTexts.Choice(value);

    /// <summary>
    /// A field error in the chosen language: Core's keyed sentence in the reader's language, else the sandbox's own message
    /// (already asked for through <see cref="T"/> when it was made, or looked up here).
    /// </summary>
    public static string Say(FieldError error) => error.Text != null ? error.In(SandboxLanguage.Culture) : T(error.Message);

    /// <summary>A count as the reader writes it (1,500 in English, 1 500 in Russian).</summary>
    public static string N(long number) => number.ToString("N0", SandboxLanguage.Culture);
}
