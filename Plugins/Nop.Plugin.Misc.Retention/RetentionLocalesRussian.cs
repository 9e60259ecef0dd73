using Retention.Core.Dashboard;
using Loyalty = Retention.Core.Loyalty;
using Workflows = Retention.Core.Workflows;
using Coupons = Retention.Core.Coupons;
using static Nop.Plugin.Misc.Retention.RetentionLocales;

namespace Nop.Plugin.Misc.Retention;

/// <summary>
/// The plugin's Russian locale resources, keyed by the names of <see cref="RetentionLocales"/>: installed for every store
/// language whose culture is ru-* (on install and on update), over the English ones. Counts go through plural
/// placeholders (<c>{0, plural, one {# балл} few {# балла} many {# баллов} other {# балла}}</c>), filled by
/// <see cref="global::Retention.Core.Localization.TextFormat.FormatIndexed"/>. Terms kept throughout: баллы, бонусный
/// баланс, уровень, сценарий (workflow), брошенная корзина, отписаться.
/// </summary>
public static class RetentionLocalesRussian
{
    private const string Points = "{0, plural, one {# балл} few {# балла} many {# баллов} other {# балла}}";

    // The verb agrees with the count too: "21 балл сгорит", "5 баллов сгорят".
    private const string PointsLapse = "{0, plural, one {# балл сгорит} few {# балла сгорят} many {# баллов сгорят} other {# балла сгорят}}";

    private static readonly Dictionary<string, string> AccountingColumns = new()
    {
        ["Day"] = "День (UTC)", ["Opening"] = "На начало", ["Earned"] = "Начислено", ["Bonuses"] = "Бонусы", ["Adjusted"] = "Корректировки",
        ["Reversed"] = "Сторнировано", ["Redeemed"] = "Потрачено", ["Reimbursed"] = "Возвращено", ["Expired"] = "Сгорело", ["Closing"] = "На конец",
        ["PendingAtClose"] = "В ожидании на конец", ["OpeningValue"] = "Стоимость на начало", ["ClosingValue"] = "Стоимость на конец (обязательства по баллам, включая ожидающие)",
        ["Challenges"] = "Начислено за испытания",
        ["StoreId"] = "ID магазина", ["CurrencyPerPoint"] = "Стоимость одного балла",
    };

    private static readonly Dictionary<Loyalty.LedgerReason, string> Reasons = new()
    {
        [Loyalty.LedgerReason.Purchase] = "Покупка",
        [Loyalty.LedgerReason.PurchaseReversal] = "Возврат или отмена",
        [Loyalty.LedgerReason.Redemption] = "Оплата заказа баллами",
        [Loyalty.LedgerReason.RedemptionRefund] = "Возврат потраченных баллов",
        [Loyalty.LedgerReason.Expiry] = "Сгорание",
        [Loyalty.LedgerReason.RegistrationBonus] = "Бонус за регистрацию",
        [Loyalty.LedgerReason.BirthdayBonus] = "Бонус ко дню рождения",
        [Loyalty.LedgerReason.ReviewBonus] = "Бонус за отзыв о товаре",
        [Loyalty.LedgerReason.SurveyBonus] = "Бонус за опрос",
        [Loyalty.LedgerReason.ReferralBonus] = "Бонус за приглашение",
        [Loyalty.LedgerReason.AdminAdjustment] = "Корректировка магазином",
        [Loyalty.LedgerReason.Cashback] = "Кэшбэк",
        [Loyalty.LedgerReason.CashbackReversal] = "Кэшбэк удержан после возврата",
        // Challenges and badges.
        [Loyalty.LedgerReason.ChallengeReward] = "Испытание выполнено",
        [Loyalty.LedgerReason.ChallengeRewardReversal] = "Награда за испытание отменена",
    };

    private static readonly Dictionary<string, (string Label, string Hint)> Fields = new()
    {
        [nameof(RetentionSettings.Enabled)] = ("Включено", "Когда выключено, плагин записывает события, но не начисляет баллы и не отправляет писем."),
        [nameof(RetentionSettings.ActiveWindowDays)] = ("Окно активности (дней)", "Покупатель считается активным, пока с его последнего заказа прошло не больше стольких дней (от 1 до 3650)."),
        [nameof(RetentionSettings.MetricsPeriodDays)] = ("Период панели (дней)", "Длина периода, который сравнивает панель; не длиннее окна активности."),
        [nameof(RetentionSettings.MarketingEmailsPerWeek)] = ("Маркетинговых писем в неделю", "Сколько маркетинговых писем самое большее получает один покупатель за 7 дней по всем сценариям (от 0 до 50)."),
        [nameof(RetentionSettings.QuietHoursStart)] = ("Тихие часы с", "Час (от 0 до 23, время магазина), с которого маркетинговые письма не отправляются."),
        [nameof(RetentionSettings.QuietHoursEnd)] = ("Тихие часы до", "Час (от 0 до 23, время магазина), когда отправка возобновляется; если он равен началу, тихих часов нет."),
        [nameof(RetentionSettings.AbandonedCartDelayMinutes)] = ("Корзина брошена через (минут)", "Сколько минут корзина должна простоять без изменений, чтобы считаться брошенной (от 5 до 10080)."),
    };

    private static readonly Dictionary<Workflows.WorkflowKind, string> WorkflowNames = new()
    {
        [Workflows.WorkflowKind.AbandonedCart] = "Брошенная корзина", [Workflows.WorkflowKind.WinBack] = "Возврат ушедших покупателей",
        [Workflows.WorkflowKind.ReviewRequest] = "Просьба об отзыве", [Workflows.WorkflowKind.NpsSurvey] = "Опрос NPS",
        [Workflows.WorkflowKind.CsatSurvey] = "Опрос CSAT", [Workflows.WorkflowKind.Welcome] = "Приветственная серия",
        [Workflows.WorkflowKind.Birthday] = "День рождения", [Workflows.WorkflowKind.PointsExpiry] = "Напоминание о сгорании баллов",
        [Workflows.WorkflowKind.TierUp] = "Новый уровень", [Workflows.WorkflowKind.Replenishment] = "Пополнение запасов",
        [Workflows.WorkflowKind.CrossSell] = "Сопутствующие товары",
        [Workflows.WorkflowKind.CardLevelUp] = "Новый уровень дисконтной карты",
        [Workflows.WorkflowKind.CashbackStatement] = "Выписка по кэшбэку",
        [Workflows.WorkflowKind.MembershipRenewal] = "Напоминание о продлении членства",
        [Workflows.WorkflowKind.MembershipExpiry] = "Напоминание об окончании членства",
        [Workflows.WorkflowKind.StampCardFull] = "Карта со штампами заполнена", [Workflows.WorkflowKind.StampCardExpiring] = "Напоминание о сгорающих штампах",
        [Workflows.WorkflowKind.ChallengeCompleted] = "Испытание выполнено", [Workflows.WorkflowKind.BadgeEarned] = "Получен значок",
    };

    private static readonly Dictionary<string, string> CashbackAdminTexts = new()
    {
        ["Title"] = "Периодический кэшбэк",
        ["Hint"] = "В конце каждого периода покупатель получает обратно долю потраченного за период (оплаченные заказы за вычетом возвратов): достигнутая ступень применяется ко всей сумме. Выплата — в первую ночь после окончания периода по часовому поясу магазина.",
        ["Enabled"] = "Выплачивать кэшбэк", ["Period"] = "Период", ["Period.Month"] = "Месяц", ["Period.Quarter"] = "Квартал",
        ["PayAs"] = "Форма выплаты", ["PayAs.Points"] = "Баллы", ["PayAs.GiftCard"] = "Подарочная карта (кредит магазина)",
        ["StartsOn"] = "Считать с", ["Band.From"] = "От суммы покупок за период", ["Band.RatePercent"] = "Ставка, %",
    };

    private static readonly Dictionary<string, (string Label, string Hint)> WorkflowFields = new()
    {
        ["Enabled"] = ("Включён", "Покупатели попадают в сценарий, только пока он включён; выключение останавливает новые включения и его письма."),
        ["Priority"] = ("Приоритет", "От 0 до 1000. Когда недельный лимит оставляет место для меньшего числа писем, чем пора отправить, первыми уходят письма с более высоким приоритетом."),
        ["IsMarketing"] = ("Маркетинговое письмо", "Маркетинговые письма учитывают согласие, недельный лимит и тихие часы; транзакционным (баллы, уровни) нужен лишь доступный покупатель."),
        ["ControlGroupPercent"] = ("Контрольная группа (%)", "От 0 до 50. Эта доля участников отслеживается, но писем не получает, чтобы измерить, что даёт сценарий (отчёт о приросте)."),
        ["ReentryDays"] = ("Повторное включение через (дней)", "От 0 до 3650. Через сколько дней тот же покупатель может снова попасть в этот сценарий; 0 — с любым новым поводом."),
        ["ExitOnOrderPlaced"] = ("Остановить, когда покупатель сделает заказ", "Оставшиеся шаги отменяются, как только покупатель оформит заказ в магазине."),
        ["ExitOnCartEmptied"] = ("Остановить, когда корзина опустеет", "Брошенная корзина: оставшиеся шаги отменяются, как только корзина станет пустой."),
        ["AudienceMinOrders"] = ("Минимум заказов", "Покупатели, у которых в магазине меньше заказов, в сценарий не попадают."),
        ["AudienceMaxOrders"] = ("Максимум заказов", "Покупатели, у которых заказов больше, в сценарий не попадают; оставьте пустым, чтобы не ограничивать."),
        ["DormancyMultiple"] = ("Спящий после (× собственный интервал)", "От 1 до 20. Повторный покупатель считается спящим, когда время с его последнего заказа превышает его средний интервал между заказами во столько раз."),
        ["OneTimeBuyerDormantDays"] = ("Разовые покупатели спят после (дней)", "От 0 до 3650; 0 — вычислить по медиане времени между покупками в магазине × множитель выше."),
        ["AfterOrderNumber"] = ("Спросить после заказа номер", "От 1 до 1000. Опрос NPS отправляется после N-го заказа покупателя."),
        ["DaysBeforeExpiry"] = ("Дней до сгорания", "От 1 до 365. За сколько дней до сгорания первых баллов отправляется напоминание."),
        ["AttributionWindowDays"] = ("Окно атрибуции (дней)", "От 1 до 90. Заказ, оформленный в течение стольких дней после клика (или отправки), засчитывается шагу."),
        ["AttributionBasis"] = ("Засчитывать заказы", "Последнему шагу, по ссылке из которого покупатель перешёл, или последнему отправленному ему шагу."),
        ["TrackOpens"] = ("Считать открытия", "Добавляет в письма пиксель отслеживания; по умолчанию выключено (приватность прежде всего). Клики считаются в любом случае."),
        ["BuiltInReminders"] = ("Собственные напоминания nopCommerce", "Если nopCommerce (5.00 и новее) сам напоминает о брошенных корзинах: заменить его напоминания своими или оставить их и не отправлять своих."),
        ["CouponCleanupDays"] = ("Удалять неиспользованные купоны через (дней)", "От 0 до 3650. Через сколько дней после окончания срока скидка неиспользованного купона удаляется из магазина."),
    };

    private static readonly Dictionary<Workflows.LinkStatus, string> LinkStatuses = new()
    {
        [Workflows.LinkStatus.Valid] = "Ссылка действительна.",
        [Workflows.LinkStatus.Malformed] = "Ссылка недействительна. Возможно, её обрезали или изменили.",
        [Workflows.LinkStatus.Tampered] = "Ссылка недействительна. Возможно, её обрезали или изменили.",
        [Workflows.LinkStatus.Expired] = "Срок действия ссылки истёк.",
        [Workflows.LinkStatus.WrongPurpose] = "Эта ссылка не для этой страницы.",
    };

    private static readonly Dictionary<int, string> WinBackReasons = new()
    {
        [1] = "Цены", [2] = "Качество товаров", [3] = "Доставка или обслуживание", [4] = "Нашёл другой магазин", [5] = "Больше не нужно", [6] = "Другое",
    };

    /// <summary>Every resource, Russian; the same names as <see cref="RetentionLocales.English"/>.</summary>
    public static IDictionary<string, string> Resources()
    {
        var r = new Dictionary<string, string>
        {
            [MenuTitle] = "Retention",
            [ConfigureTitle] = "Настройки Retention",
            [Saved] = "Настройки Retention сохранены.",
            [NotSaved] = "Ничего не сохранено: исправьте отмеченные ниже поля.",
            [DashboardTitle] = "Retention",
            [ReportTitle] = "Отчёт об удержании",
            [ReportSyncSegmentLabel] = "Поместить покупателей RFM-сегмента в отдельную роль покупателей (для скидок, доступа и рассылок):",
            [ReportSyncSegmentButton] = "Синхронизировать с ролью",
            [ReportSyncSegmentNoFigures] = "Показателей пока нет: панель заполнится после первого запуска задачи «Retention: refresh dashboard metrics».",
            [ReportSyncSegmentDone] = "Роль покупателей «{0}» ({1}): {2, plural, one {# покупатель} few {# покупателя} many {# покупателей} other {# покупателя}} (добавлено: {3}, удалено: {4}).",
            [ReportMenuTitle] = "Отчёт об удержании",
            [RewardsTitle] = "Ваши бонусы",
            [RewardsBalance] = "Доступно баллов",
            [RewardsPending] = "Баллы в ожидании",
            ["Security.Permission." + RetentionDefaults.Permissions.Manage] = "Панель администратора. Retention. Управление",

            [LoyaltyTitle] = "Бонусная программа",
            [LoyaltyNotice] = "Плагин берёт на себя собственные настройки nopCommerce «баллы за покупки» и баллы за регистрацию: он начисляет их по этим правилам и сам пополняет бонусный баланс nopCommerce, поэтому при оформлении заказа тратится один баланс. Оставьте эти две настройки nopCommerce равными нулю (Конфигурация › Настройки › Бонусные баллы), иначе покупатели получат баллы дважды. Балансы ведутся по магазинам: пока плагин установлен, «Баллы накапливаются для всех магазинов» выключено, а при удалении включается обратно. Баллы, которые вы начисляете или списываете на карточке бонусных баллов nopCommerce, попадают в историю плагина в течение часа.",
            [LoyaltySaved] = "Настройки бонусной программы сохранены.",
            [LoyaltyTiers] = "Уровни",
            [LoyaltyTiersEmpty] = "Уровней нет: все покупатели получают баллы по базовой ставке.",
            [LoyaltyAddTier] = "Добавить уровень",
            [LoyaltyRemoveTier] = "Удалить",
            [LoyaltyMultipliers] = "Множители",
            [LoyaltyCategoriesEmpty] = "В каталоге пока нет категорий.",
            [LoyaltyAddPromotion] = "Добавить акцию",
            [LoyaltyPromotionDayRequired] = "Укажите день.",
            [LoyaltyScope] = "Настройки магазина",
            [CustomerBlockTitle] = "Бонусные баллы",
            [Available] = "Доступно",
            [Pending] = "В ожидании",
            [Tier] = "Уровень",
            [NoTier] = "Нет",
            [History] = "История",
            [NoHistory] = "Баллов пока нет.",
            [HistoryDate] = "Дата",
            [HistoryPoints] = "Баллы",
            [HistoryReason] = "Причина",
            [HistoryActor] = "Кто",
            [HistoryPending] = "в ожидании",
            [AdjustTitle] = "Скорректировать баллы",
            [AdjustPoints] = "Баллы (со знаком минус, чтобы списать)",
            [AdjustReason] = "Причина (обязательно, сохраняется в истории)",
            [AdjustSubmit] = "Скорректировать",
            [AdjustConfirmOverdraw] = "Увести баланс в минус",
            [AdjustReasonShown] = "Покупатель увидит эту причину в истории своих баллов.",
            [AdjustDone] = "Баллы скорректированы.",
            [AdjustRejected] = "Баллы не скорректированы: исправьте отмеченные поля в блоке бонусной программы.",
            [AdjustReasonRequired] = "Укажите причину.",
            [AdjustPointsNonZero] = "Введите количество баллов, отличное от нуля.",
            [AdjustUnknownStore] = "Выберите один из магазинов.",
            [AdjustUnknownCustomer] = "Такого покупателя нет.",
            [AccessDenied] = "У вас нет права управлять плагином Retention.",
            [AccountingTitle] = "Учёт баллов",
            [AccountingMenu] = "Учёт баллов",
            [AccountingPrefix + "Store"] = "Магазин",
            [AccountingPrefix + "From"] = "С (день по UTC)",
            [AccountingPrefix + "To"] = "По (день по UTC, включительно)",
            [AccountingRun] = "Показать",
            [AccountingCsv] = "Выгрузить CSV",
            [AccountingNoRows] = "В этом диапазоне нет дней.",
            [AccountingCurrencyNote] = "Баллы по дням UTC; стоимость — в основной валюте магазина по стоимости балла. Стоимость на конец — это обязательства по баллам, включая ожидающие, как показатель панели «Обязательства по баллам, включая ожидающие» следующего дня; её «доступные сейчас» = (На конец − В ожидании на конец) × стоимость балла.",
            [AccountingRangeRequired] = "Укажите обе даты.",
            [AccountingFromAfterTo] = "Начало не может быть позже конца.",
            [AccountingRangeTooLong] = "Не больше 366 дней за раз.",
            [AccountingStoreRequired] = "Выберите магазин.",
            [RewardsValue] = "Стоимость",
            [RewardsOrderEarns] = "Этот заказ принесёт вам " + Points + ".",
            [RewardsTier] = "Ваш уровень",
            [RewardsNextTier] = "До уровня «{1}» осталось {0}",
            [RewardsTopTier] = "У вас высший уровень.",
            [RewardsGuestPrompt] = "Зарегистрируйтесь или войдите, чтобы получать баллы за каждый заказ.",
            [RewardsLogin] = "Войти",
            [RewardsRegister] = "Зарегистрироваться",
            [MyRewardsTitle] = "Мои бонусы",
            [RewardsExpiringSoon] = PointsLapse + " {1}: потратьте их при оформлении заказа до этого дня.",
            [RewardsMinimumToRedeem] = "Баллы можно тратить, когда на балансе не меньше {0, plural, one {# балла} other {# баллов}}.",
            [RewardsExpiringNeedMore] = PointsLapse + " {1}. Тратить баллы можно, когда на балансе не меньше {2, plural, one {# балла} other {# баллов}}: сделайте заказ до {4} и получите ещё {3, plural, one {# балл} few {# балла} many {# баллов} other {# балла}}, чтобы ими воспользоваться.",
            [RewardsExpiringOutOfReach] = PointsLapse + " {1}. Тратить баллы можно, когда на балансе не меньше {2, plural, one {# балла} other {# баллов}}, а до этого дня набрать столько уже не получится.",
            [RewardsReferralTitle] = "Пригласите друга",
            [RewardsReferralHint] = "Поделитесь этой ссылкой: когда новый покупатель зарегистрируется по ней и оплатит первый заказ, вы получите бонусные баллы.",
            [RewardsOrders] = "{0, plural, one {# заказ} few {# заказа} many {# заказов} other {# заказа}}",
            [ProductEarn] = "За этот товар вы получите " + Points + ".",
            [ProductGuestEarn] = "За этот товар полагается " + Points + ": зарегистрируйтесь или войдите, чтобы их получить.",
            [ReferralInvalidTitle] = "Ссылка-приглашение не работает",
            [ReferralInvalidHome] = "На главную",
            [ReferralInvalidBody] = "Возможно, ссылку обрезали при копировании. Попросите друга прислать её ещё раз.",
        };
        foreach (var (property, (label, hint)) in Loyalty.LoyaltySettingsTexts.Russian)
        {
            r[LoyaltyFieldPrefix + property] = label;
            r[LoyaltyFieldPrefix + property + ".Hint"] = hint;
        }
        foreach (var (column, label) in AccountingColumns)
            r[AccountingColumn(column)] = label;
        foreach (var (reason, text) in Reasons)
            r[Reason(reason)] = text;
        foreach (var (key, text) in Loyalty.RewardsPanel.Russian)
            r[RewardsPanelText(key)] = text;
        // Periodic cashback (issue 18).
        foreach (var (key, text) in global::Retention.Core.Cashback.CashbackTexts.Russian)
            r[CashbackText(key)] = text;
        // Paid membership (issue 18).
        foreach (var (key, text) in global::Retention.Core.Membership.MembershipTexts.Russian)
            r[MembershipText(key)] = text;
        foreach (var (key, text) in MembershipAdminRussian)
            r[MembershipAdmin(key)] = text;
        foreach (var (key, text) in CashbackAdminTexts)
            r[CashbackAdmin(key)] = text;
        r[LoyaltyFieldPrefix + "Cashback"] = CashbackAdminTexts["Title"];
        r[LoyaltyFieldPrefix + "Cashback.Hint"] = CashbackAdminTexts["Hint"];
        foreach (var (value, text) in Loyalty.LoyaltySettingsTexts.RussianChoices)
            r[EnumValue(value)] = text;
        foreach (var (key, text) in DashboardTexts.Russian)
            r[DashboardText(key)] = text;
        foreach (var (property, (label, hint)) in Fields)
        {
            r[Field(property)] = label;
            r[Hint(property)] = hint;
        }
        AddWorkflows(r);
        AddPrivacy(r);
        AddFlows(r);
        foreach (var (key, text) in global::Retention.Core.Localization.CoreMessages.Russian)
            r[CoreMessage(key)] = text;
        AddShopperChallenges(r);
        return r;
    }

    /// <summary>The membership settings page (issue 18), keyed as <see cref="RetentionLocales.MembershipAdminTexts"/>.</summary>
    private static readonly Dictionary<string, string> MembershipAdminRussian = new(StringComparer.Ordinal)
    {
        ["Title"] = "Платное членство",
        ["Menu"] = "Членство",
        ["Intro"] = "Членство, которое покупатели оплачивают периодическим товаром (ежемесячно или ежегодно). Первый оплаченный заказ этого товара делает покупателя участником (роль Retention.Member.{store}); каждое оплаченное продление добавляет один период; после пропущенного или неудачного продления привилегии сохраняются в течение льготных дней, затем членство заканчивается. При сохранении роль участника, скидка участника, бесплатная доставка и доступ к товарам только для участников приводятся в соответствие с настройками.",
        ["Saved"] = "Настройки членства сохранены; скидка участника, бесплатная доставка и товары только для участников приведены в соответствие.",
        ["Save"] = "Сохранить",
        ["Field.Enabled"] = "Членство включено",
        ["Field.ProductId"] = "ID товара членства (периодический товар)",
        ["Field.DiscountPercent"] = "Скидка участника (% от суммы заказа)",
        ["Field.FreeShipping"] = "Бесплатная доставка для участников",
        ["Field.PointsMultiplier"] = "Множитель баллов для участников",
        ["Field.GraceDays"] = "Льготный период после пропущенного продления (дней)",
        ["Field.RenewalReminderDays"] = "Напоминание о продлении (за сколько дней, 0 — не отправлять)",
        ["Field.ExpiryReminderDays"] = "Напоминание об окончании (за сколько дней, 0 — не отправлять)",
        ["Field.MemberOnlyProductIds"] = "ID товаров только для участников (через запятую)",
    };

    private static void AddWorkflows(IDictionary<string, string> r)
    {
        r[WorkflowsTitle] = "Сценарии Retention";
        r[WorkflowsMenu] = "Сценарии";
        r[WorkflowSaved] = "Настройки сценариев сохранены.";
        r[WorkflowOn] = "Вкл.";
        r[WorkflowOff] = "Выкл.";
        r[WorkflowSwitchOn] = "Включить";
        r[WorkflowSwitchOff] = "Выключить";
        r[WorkflowSwitchOnConfirm] = "Включить сценарий «{0}»? Он начнёт включать покупателей и отправлять свои письма.";
        r[WorkflowSwitchOffConfirm] = "Выключить сценарий «{0}»? Он перестанет отправлять письма; покупатели, которые в нём сейчас, больше ничего из него не получат.";
        r[WorkflowMarketing] = "Маркетинговый";
        r[WorkflowTransactional] = "Транзакционный";
        r[WorkflowPeriodFrom] = "С (день по UTC)";
        r[WorkflowPeriodTo] = "По (день по UTC, включительно)";
        r[WorkflowPeriodShow] = "Показать";
        r[WorkflowProgramTitle] = "Общие настройки всех сценариев";
        r[WorkflowStepsTitle] = "Шаги";
        r[WorkflowNoCoupon] = "Без купона";
        r[WorkflowEditTemplate] = "Изменить шаблон сообщения";
        r[WorkflowTemplateMissing] = "В магазине нет шаблона сообщения с таким именем.";
        r[WorkflowDormancyDefaults] = "В этом магазине медиана времени между покупками — {0} дн.; при множителе {1} разовые покупатели считаются спящими через {2, plural, one {# день} few {# дня} many {# дней} other {# дня}}.";
        r[WorkflowCustomer] = "Покупатель (id или e-mail)";
        r[WorkflowPreviewTitle] = "Предпросмотр";
        r[WorkflowPreviewButton] = "Предпросмотр";
        r[WorkflowPreviewNothing] = "Этот шаг не был бы отправлен этому покупателю:";
        r[WorkflowPreviewSubject] = "Тема";
        r[WorkflowPreviewToken] = "Переменная";
        r[WorkflowPreviewValue] = "Значение для этого покупателя";
        r[WorkflowTestEmail] = "Кому отправить (пусто — на ваш адрес)";
        r[WorkflowTestButton] = "Отправить тестовое письмо";
        r[WorkflowTestSent] = "Тестовое письмо для {0} поставлено в очередь.";
        r[WorkflowTestNoTemplate] = "Тестовое письмо не отправлено: шагу нечего сказать этому покупателю (причина — в предпросмотре) или его шаблон сообщения отсутствует.";
        r[WorkflowBadTestAddress] = "Укажите e-mail, на который отправить тестовое письмо.";
        r[WorkflowNoSuchCustomer] = "Нет покупателя с таким id или e-mail.";
        r[WorkflowNoSuchStep] = "В этом сценарии нет такого шага.";
        r[WorkflowBuiltInFound] = "Найдены собственные напоминания nopCommerce о брошенных корзинах: {0}. {1}";
        r[WorkflowBuiltInTakenOver] = "Плагин выключил их задачу и отправляет свои напоминания (при удалении плагина всё вернётся).";
        r[WorkflowBuiltInRunning] = "Их задача включена: выберите ниже, заменит ли их плагин или не будет вмешиваться.";
        r[WorkflowBuiltInOff] = "Их задача выключена.";
        r[WorkflowLiftTitle] = "Отчёт о приросте";
        r[WorkflowBackToEditor] = "назад к сценарию";
        r[WorkflowSurveysTitle] = "Результаты опросов";
        r[WorkflowSurveyAnswers] = "Ответы";
        r[WorkflowSurveyAnswer] = "Ответ";
        r[WorkflowSurveyCount] = "Количество";
        r[WorkflowSurveyComments] = "Последние комментарии";
        r[WorkflowSurveyNoComments] = "За этот период комментариев нет.";
        r[WorkflowSurveyScore(Workflows.SurveyKind.Nps)] = "Индекс NPS";
        r[WorkflowSurveyScore(Workflows.SurveyKind.Csat)] = "Довольны (4 или 5)";
        r[WorkflowSurveyScore(Workflows.SurveyKind.WinBackReason)] = "Оценка";
        foreach (var (kind, name) in WorkflowNames)
            r[WorkflowName(kind)] = name;
        foreach (var (property, (label, hint)) in WorkflowFields)
        {
            r[WorkflowField(property)] = label;
            r[WorkflowField(property) + ".Hint"] = hint;
        }
        foreach (var (column, label) in new[] { ("Name", "Сценарий"), ("Enabled", "Вкл. / выкл."), ("Priority", "Приоритет"), ("Type", "Тип"), ("Sent", "Отправлено"),
                     ("Clicked", "Клики"), ("Converted", "Заказы (последний клик)"), ("Revenue", "Выручка сценария"), ("OpenRate", "Доля открытий"),
                     ("ClickRate", "Доля кликов"), ("ConversionRate", "Конверсия"), ("RevenuePerRecipient", "Выручка на получателя"), ("Actions", "Отчёты") })
            r[WorkflowColumn(column)] = label;
        foreach (var (column, label) in new[] { ("Step", "Шаг"), ("DelayHours", "Задержка (часов от начала)"), ("Condition", "Только если"),
                     ("CouponKind", "Купон"), ("CouponValue", "Размер купона (% или сумма)"), ("CouponValidDays", "Купон действует (дней)"), ("TemplateName", "Шаблон сообщения") })
            r[WorkflowStepColumn(column)] = label;
        foreach (var (column, label) in new[] { ("Enrolled", "Участники"), ("Converted", "Участники с заказом"), ("ConversionRate", "Доля с заказом"), ("Revenue", "Выручка"),
                     ("RevenuePerEnrolled", "Выручка на участника"), ("Sent", "Получили письма"), ("Control", "Контрольная группа"),
                     ("ConversionLift", "Прирост конверсии (95 % интервал)"), ("RevenueLift", "Прирост выручки на участника (95 % интервал)") })
            r[WorkflowLiftColumn(column)] = label;
        r[WorkflowEnum(Workflows.StepCondition.Always)] = "Всегда";
        r[WorkflowEnum(Workflows.StepCondition.NotClickedYet)] = "По ссылкам из прошлых писем сценария не переходили";
        r[WorkflowEnum(Workflows.StepCondition.CartStillHasItems)] = "В корзине ещё есть товары";
        r[WorkflowEnum(Coupons.CouponKind.Percentage)] = "Скидка в процентах";
        r[WorkflowEnum(Coupons.CouponKind.Amount)] = "Скидка суммой";
        r[WorkflowEnum(Coupons.CouponKind.FreeProduct)] = "Бесплатный товар (карты со штампами)";
        r[WorkflowEnum(Workflows.AttributionBasis.Click)] = "Последнему клику";
        r[WorkflowEnum(Workflows.AttributionBasis.Send)] = "Последнему отправленному письму";
        r[WorkflowEnum(Workflows.BuiltInRemindersMode.TakeOver)] = "Заменить (выключить напоминания nopCommerce, отправлять свои)";
        r[WorkflowEnum(Workflows.BuiltInRemindersMode.StandAside)] = "Не вмешиваться (оставить напоминания nopCommerce, своих писем о брошенных корзинах не отправлять)";
        r[WorkflowEnum(Workflows.SurveyKind.Nps)] = "NPS";
        r[WorkflowEnum(Workflows.SurveyKind.Csat)] = "CSAT";
        r[WorkflowEnum(Workflows.SurveyKind.WinBackReason)] = "Причины ухода";
        r[LinkErrorTitle] = "Ссылка не работает";
        r[LinkHome] = "На главную";
        r[LinkExternalTarget] = "Эта ссылка ведёт за пределы магазина, поэтому мы не стали по ней переходить.";
        r[LinkOtherStore] = "Эта ссылка относится к другому нашему магазину. Откройте её из письма ещё раз.";
        r[LinkPreviewTitle] = "Ссылка из предпросмотра";
        r[LinkPreviewBody] = "Эта ссылка из предпросмотра или тестового письма, поэтому ничего не записано и не изменено: ни отписки, ни ответа на опрос, ни баллов, ни корзины. В письме, которое получает покупатель, такая же ссылка работает по-настоящему.";
        r[LinkUnsubscribeTitle] = "Отписаться";
        r[LinkUnsubscribed] = "Вы отписались: маркетинговых писем от нас больше не будет. Письма о ваших заказах и баллах по-прежнему будут приходить.";
        r[LinkAlreadyUnsubscribed] = "Вы уже отписаны: маркетинговых писем от нас вы не получаете.";
        r[LinkUnsubscribeQuestion] = "Отписаться от наших маркетинговых писем (предложения, напоминания, новости)? Письма о ваших заказах и баллах по-прежнему будут приходить.";
        r[LinkUnsubscribeButton] = "Отписаться";
        r[LinkSurveyQuestion] = "Ваш ответ: {0}.";
        r[LinkSurveySubmit] = "Отправить ответ";
        r[LinkSurveyTitle] = "Ваш ответ";
        r[LinkSurveyRecorded] = "Ваш ответ записан: {0}.";
        r[LinkSurveyAnsweredBefore] = "Вы уже отвечали на этот опрос; засчитан ваш первый ответ: {0}.";
        r[LinkCommentPrompt] = "Хотите что-нибудь добавить? (необязательно)";
        r[LinkCommentSubmit] = "Отправить";
        r[LinkCommentSaved] = "Спасибо, ваш комментарий сохранён.";
        r[LinkCommentRequired] = "Напишите комментарий перед отправкой.";
        r[LinkCommentTooLong] = "Пожалуйста, уложитесь в {0, plural, one {# символ} few {# символа} many {# символов} other {# символа}}.";
        foreach (var (status, text) in LinkStatuses)
            r[LinkStatus(status)] = text;
        foreach (var (reason, text) in WinBackReasons)
            r[WinBackReason(reason)] = text;
    }

    private static void AddPrivacy(IDictionary<string, string> r)
    {
        r[PrivacyTitle] = "Данные и удаление плагина";
        r[PrivacyUninstallIntro] = "Удаление плагина безвозвратно удаляет во всех магазинах:";
        r[PrivacyUninstallTables] = "его таблицы ({0}) со всеми строками (история баллов, уровни, приглашения, выданные купоны, участие в сценариях и события, ответы на опросы и комментарии, очередь писем, отписки, снимки панели): {1}";
        r[PrivacyUninstallSettings] = "его настройки: {0}";
        r[PrivacyUninstallTemplates] = "его шаблоны сообщений ({0}) со всеми правками: {1}";
        r[PrivacyUninstallTasks] = "его задачи по расписанию: {0}";
        r[PrivacyUninstallPermission] = "право {0}";
        r[PrivacyUninstallLocales] = "все текстовые ресурсы, имена которых начинаются с {0}";
        r[PrivacyUninstallKeeps] = "Сохраняются: роли покупателей, имена которых начинаются с {0} (их могут использовать скидки и правила каталога), скидки, выданные как купоны, и история бонусных баллов nopCommerce, чтобы у покупателей остался баланс, который можно потратить при оформлении заказа. Собственные настройки nopCommerce «баллы за покупки» и «баллы за регистрацию» возвращаются к значениям до установки.";
        r[PrivacyExportAll] = "Скачать все данные Retention (CSV)";
        r[PrivacyExportAllHint] = "ZIP-архив с отдельным CSV-файлом для каждой из таблиц выше. Скачайте его перед удалением, если вам нужна история.";
        r[PrivacyExportCustomer] = "Скачать данные Retention об этом покупателе (CSV)";
        r[PrivacyExportCustomerHint] = "Всё, что плагин хранит об этом покупателе, по CSV-файлу на таблицу — для запроса на доступ к данным. Когда покупатель удаляется окончательно (GDPR), эти строки тоже удаляются.";
        r[PrivacyUnknownCustomer] = "Покупателя с таким id нет.";
    }

    private static void AddFlows(IDictionary<string, string> r)
    {
        r[SwitchOnTitle] = "Включение: {0}";
        r[SwitchOnBacklog] = "{0, plural, one {# покупатель уже подходит} few {# покупателя уже подходят} many {# покупателей уже подходят} other {# покупателя уже подходят}} под условия и сразу попали бы в сценарий, если бы их ничто не сдерживало.";
        r[SwitchOnNoBacklog] = "Включение никого не добавляет сразу: этот сценарий начинается для покупателя, когда происходит его событие (заказ, доставка, регистрация…), начиная с этого момента.";
        r[SwitchOnFromNowOn] = "Только с этого момента: никто из них не попадёт в сценарий, только покупатели, которые подойдут под условия после включения.";
        r[SwitchOnIncludeBacklog] = "Включить накопившихся, распределив по дням";
        r[SwitchOnPerDay] = "Покупателей в день";
        r[SwitchOnDays] = "По {0} в день накопившиеся покупатели войдут в сценарий за {1, plural, one {# день} few {# дня} many {# дней} other {# дня}}, начиная с сегодняшнего, по порядку номеров; кто сделает заказ за это время, выпадет из очереди.";
        r[SwitchOnButton] = "Включить";
        r[SwitchOnBadPerDay] = "Укажите, сколько покупателей в день: от 1 до 100000 (и так, чтобы вышло не больше 3650 дней).";
        r[SwitchOnAlreadyOn] = "Этот сценарий уже включён.";
        r[EditEmail] = "Изменить письмо";
        r[EditEmailMissing] = "Шаблона сообщения {0} в этом магазине нет: переустановите шаблоны плагина или создайте шаблон с этим именем, чтобы шаг снова работал.";
        r[TemplateUnknownTokens] = "В поле «{0}» есть токены, которые плагин не заполняет: {1}. Покупатели увидят их как есть.";
        r[TemplateNoUnsubscribe] = "В этом маркетинговом письме нет ссылки для отписки: добавьте в текст %Retention.Footer% или %Retention.UnsubscribeUrl%.";
        r[TemplateValidTokens] = "Токены Retention: {0}";
        r[TemplateField(Workflows.EmailTemplateRules.SubjectField)] = "тема";
        r[TemplateField(Workflows.EmailTemplateRules.BodyField)] = "текст";
        r[AtRiskRoleAdded] = "Покупатель {0} добавлен в роль {1}.";
        r[AtRiskRoleAlready] = "Покупатель {0} уже в роли {1}.";
        r[AtRiskRoleRefused] = "Выберите одну из собственных активных ролей покупателей магазина (системные роли, например «Администраторы», не предлагаются).";
        r[AtRiskNoCustomer] = "Покупателя с таким id нет.";
        r[AtRiskStart(Workflows.ManualStartStatus.Started)] = "Реактивация для покупателя {0} запущена: первое письмо уйдёт при следующем запуске, в пределах недельного лимита и вне тихих часов.";
        r[AtRiskStart(Workflows.ManualStartStatus.StartedAsControl)] = "Реактивация для покупателя {0} запущена, но он в контрольной группе сценария: за ним наблюдают и не пишут ему, чтобы измерить эффект.";
        r[AtRiskStart(Workflows.ManualStartStatus.WorkflowOff)] = "Сценарий реактивации в этом магазине выключен: сначала включите его.";
        r[AtRiskStart(Workflows.ManualStartStatus.Unreachable)] = "Покупателю {0} нельзя написать: учётная запись неактивна, удалена или без адреса электронной почты.";
        r[AtRiskStart(Workflows.ManualStartStatus.NoConsent)] = "Покупатель {0} не давал согласия на рассылку или отписался: реактивация не запущена.";
        r[AtRiskStart(Workflows.ManualStartStatus.AlreadyStarted)] = "Покупатель {0} уже в сценарии реактивации или вышел из него меньше срока повторного входа назад.";
        r[AtRiskStart(Workflows.ManualStartStatus.NotInAudience)] = "Покупатель {0} не входит в аудиторию сценария реактивации.";
        // Stamp cards (issue 18 §2)
        r[StampsTitle] = "Карты со штампами";
        r[StampsProgress] = "Штампов: {0} из {1}. Ещё {2} — и вы получите {3}.";
        r[StampsFreeOne] = "товар в подарок";
        r[StampsAmountOff] = "скидку {0}";
        r[StampsLapse] = "Штампы на этой карте сгорят {0}.";
        r[StampsCoupons] = "Полученные купоны:";
        r[StampsAdminTitle] = "Карты со штампами";
        r[StampsAdminMenu] = "Карты со штампами";
        r[StampsAdminIntro] = "«Купи N — получи подарок»: каждый оплаченный заказ, подходящий под условия карты, ставит покупателю штамп, а за заполненную карту он получает по почте одноразовый купон. Карта считает один товар, одну категорию или все заказы от минимальной суммы; при возврате заказа его штампы снимаются. Чтобы добавить карту, заполните последнюю строку.";
        r[StampsAdminSaved] = "Карты со штампами сохранены: штампы начнут ставиться со следующего оплаченного заказа.";
        r[StampsAdminNewCard] = "Новая карта";
        r[StampsAdminRemove] = "Удалить";
        r[StampsAdminSave] = "Сохранить";
        r[StampsAdminField("Id")] = "Номер";
        r[StampsAdminField("Name")] = "Название для покупателей";
        r[StampsAdminField("Enabled")] = "Вкл.";
        r[StampsAdminField("Scope")] = "Что считает";
        r[StampsAdminField("TargetId")] = "ID товара или категории";
        r[StampsAdminField("MinOrderAmount")] = "Минимальная сумма заказа";
        r[StampsAdminField("Counting")] = "Штампы";
        r[StampsAdminField("StampsToFill")] = "Штампов на карте";
        r[StampsAdminField("Reward")] = "Награда";
        r[StampsAdminField("RewardAmount")] = "Сумма скидки";
        r[StampsAdminField("RewardProductId")] = "ID товара в подарок";
        r[StampsAdminField("ExpiryDays")] = "Незаполненная карта сгорает через (дней, 0 — никогда)";
        r[StampsAdminField("CouponValidDays")] = "Срок действия купона (дней)";
        r[StampsAdminChoice(global::Retention.Core.Stamps.StampScope.Order)] = "Заказы";
        r[StampsAdminChoice(global::Retention.Core.Stamps.StampScope.Product)] = "Товар";
        r[StampsAdminChoice(global::Retention.Core.Stamps.StampScope.Category)] = "Категорию";
        r[StampsAdminChoice(global::Retention.Core.Stamps.StampCounting.PerOrder)] = "Один за заказ";
        r[StampsAdminChoice(global::Retention.Core.Stamps.StampCounting.PerItem)] = "Один за единицу товара";
        r[StampsAdminChoice(global::Retention.Core.Stamps.StampReward.AmountOff)] = "Скидка на сумму";
        r[StampsAdminChoice(global::Retention.Core.Stamps.StampReward.FreeProduct)] = "Товар в подарок";
        r[ChallengesAdminTitle] = "Задания и значки";
        r[ChallengesAdminMenu] = "Задания";
        r[ChallengesAdminIntro] = "Задания с ограниченным сроком: покупки из разных категорий, сумма покупок, число заказов, одобренные отзывы (оценка никогда не учитывается), приглашённые друзья, сделавшие заказ, и ответы на опросы; за каждое покупатель получает награду один раз. Дни — календарные дни магазина, оба включительно. Чтобы добавить задание, заполните последнюю строку.";
        r[ChallengesAdminSaved] = "Задания сохранены.";
        r[ChallengesAdminCategoryIds] = "Укажите ID категорий целыми числами через запятую или оставьте поле пустым для любой категории.";
        r[ChallengesAdminNew] = "Новое задание";
        r[ChallengesAdminField("Enabled")] = "Задания включены";
        r[ChallengesAdminField("BadgesEnabled")] = "Значки за достижения (первый заказ, десятый заказ, год с магазином, высший уровень)";
        r[ChallengesAdminField("Id")] = "Номер";
        r[ChallengesAdminField("Name")] = "Название для покупателей";
        r[ChallengesAdminField("StartDate")] = "Первый день";
        r[ChallengesAdminField("EndDate")] = "Последний день";
        r[ChallengesAdminField("Goal")] = "Цель";
        r[ChallengesAdminField("Target")] = "Сколько нужно (число или сумма)";
        r[ChallengesAdminField("CategoryIds")] = "ID категорий";
        r[ChallengesAdminField("Reward")] = "Награда";
        r[ChallengesAdminField("RewardPoints")] = "Баллы";
        r[ChallengesAdminField("CouponAmount")] = "Скидка по купону";
        r[ChallengesAdminField("CouponValidDays")] = "Срок действия купона (дней)";
        r[ChallengesAdminField("Leaderboard")] = "Рейтинг участников (по желанию)";
        r[ChallengesAdminField("Remove")] = "Удалить";
        r[ChallengesAdminChoice(global::Retention.Core.Challenges.ChallengeGoal.Categories)] = "Покупки из разных категорий";
        r[ChallengesAdminChoice(global::Retention.Core.Challenges.ChallengeGoal.Spend)] = "Покупки на сумму";
        r[ChallengesAdminChoice(global::Retention.Core.Challenges.ChallengeGoal.Orders)] = "Число заказов";
        r[ChallengesAdminChoice(global::Retention.Core.Challenges.ChallengeGoal.Reviews)] = "Одобренные отзывы";
        r[ChallengesAdminChoice(global::Retention.Core.Challenges.ChallengeGoal.Referrals)] = "Приглашённые друзья с заказом";
        r[ChallengesAdminChoice(global::Retention.Core.Challenges.ChallengeGoal.Surveys)] = "Ответы на опросы";
        r[ChallengesAdminChoice(global::Retention.Core.Challenges.ChallengeReward.Points)] = "Баллы";
        r[ChallengesAdminChoice(global::Retention.Core.Challenges.ChallengeReward.Coupon)] = "Купон";
        r[ChallengesAdminChoice(global::Retention.Core.Challenges.ChallengeReward.Badge)] = "Только значок";
    }

    /// <summary>My rewards' challenge, badge and leaderboard texts (issue 18 §5).</summary>
    private static void AddShopperChallenges(IDictionary<string, string> r)
    {
        r[RetentionLocales.ShopperChallengesTitle] = "Испытания";
        r[RetentionLocales.ShopperChallengesNone] = "Сейчас нет активных испытаний.";
        r[RetentionLocales.ShopperChallengeDates] = "с {0} по {1}";
        r[RetentionLocales.ShopperChallengePaid] = "выполнено, награда получена";
        r[RetentionLocales.ShopperChallengeHeld] = "выполнено (награда станет доступна после окончания срока возврата)";
        r[RetentionLocales.ShopperLeaderboardJoin] = "Участвовать в рейтинге";
        r[RetentionLocales.ShopperLeaderboardLeave] = "Выйти из рейтинга";
        r[RetentionLocales.ShopperLeaderboardPrivacy] = "В рейтинге видны только ваше имя и первая буква фамилии.";
        r[RetentionLocales.ShopperLeaderboardName] = "Имя";
        r[RetentionLocales.ShopperLeaderboardScore] = "Результат";
        r[RetentionLocales.ShopperBadgesTitle] = "Значки";
        r[RetentionLocales.ShopperBadgesNone] = "Значков пока нет: первый вы получите за первый заказ.";
        // Stamp cards: the reminder lead per card (issue 18 gaps)
        r[StampsAdminField("ReminderDays")] = "Напомнить до сгорания карты (дней, 0 — не напоминать)";
    }
}
