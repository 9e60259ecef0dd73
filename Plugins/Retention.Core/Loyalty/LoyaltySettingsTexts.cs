namespace Retention.Core.Loyalty;

/// <summary>
/// The loyalty settings form's words, in English, keyed by the <see cref="LoyaltySettings"/> property they label (tier
/// columns as <c>Tier.Name</c>, promotion columns as <c>Promotion.Name</c>). Both settings pages read this one table: the
/// plugin installs it as nopCommerce locale resources (which the merchant can translate), the sandbox shows it as is.
/// </summary>
public static class LoyaltySettingsTexts
{
    /// <summary>Every field's label and the hint shown beside it, in the order the forms show them.</summary>
    public static IReadOnlyList<(string Property, string Label, string Hint)> Fields { get; } =
    [
        ("Enabled", "Loyalty program on", "Off: nothing new is awarded (purchases, bonuses, referrals) while refunds, redemptions, expiry and adjustments are still recorded, so balances stay true."),
        ("PointsPerCurrencyUnit", "Points per currency unit", "Points earned per one unit of the primary store currency of eligible spend (0 to 1000); rounded down once per order."),
        ("ActivationDelayDays", "Pending days (return window)", "Days earned points stay pending before they can be spent (0 to 365)."),
        ("EarnOnShipping", "Earn on shipping", "Shipping charges earn points too (off: no points on shipping)."),
        ("EarnOnTax", "Earn on tax", "Tax earns points too (off: no points on tax)."),
        ("EarnOnGiftCards", "Earn on gift cards", "Buying a gift card earns points (off: its points are earned when the card is spent)."),
        ("EarnOnPointsPaidPart", "Earn on the part paid with points", "The share of an order paid with points earns points too (off prevents farming points from points)."),
        ("Expiry", "Points expire", "Never; each lot a number of months after it became spendable; or the whole balance after that many months without activity."),
        ("ExpiryMonths", "Expiry after (months)", "Months for the expiry above (1 to 120; 0 when points never expire)."),
        ("ExpiryReminderDays", "Reminder (days before expiry)", "Days before points expire that the reminder email is due (0 to 365)."),
        ("Overdraft", "When a refund takes more than the balance", "Go negative (future earnings pay it back) or cap at zero (the rest is forgiven and logged)."),
        ("MaxAdjustmentPoints", "Largest manual adjustment (points)", "The most points one manual adjustment may add or take (1 to 1,000,000,000): a typo of a few zeros is refused, not booked."),
        ("MinimumBalanceToRedeem", "Minimum balance to redeem", "Points a shopper needs before any can be spent at checkout."),
        ("MaxRedeemSharePercent", "Maximum share payable with points (%)", "Largest share of an order that points may pay for (0 to 100)."),
        ("CurrencyPerPoint", "Value of one point", "What one point is worth at checkout, in the primary store currency."),
        ("TierBasis", "Tiers count", "What a tier threshold counts over the last 12 months: spend (primary currency) or paid orders."),
        ("TierDowngradeGraceDays", "Downgrade grace (days)", "Days a customer keeps a tier after falling below its threshold (0 to 3650)."),
        ("RegistrationBonus", "Registration bonus", "Points for registering (0 switches it off)."),
        ("BirthdayBonus", "Birthday bonus", "Points once a year on the customer's birthday (0 switches it off)."),
        ("ReviewBonus", "Review bonus", "Points for an approved product review, whatever its rating (0 switches it off)."),
        ("SurveyBonus", "Survey bonus", "Points for an answered survey (0 switches it off)."),
        ("ReferralBonus", "Referral bonus", "Points for the referrer when a new customer's first order is paid (0 switches it off)."),
        ("Tier.Name", "Tier", "The tier's name, shown to shoppers; unique."),
        ("Tier.Threshold", "Threshold", "12-month spend or order count from which the tier applies; no two tiers on the same threshold."),
        ("Tier.Multiplier", "Earn multiplier", "Multiplies the points earned by members of the tier (0 to 100)."),
        ("CategoryMultipliers", "Category multipliers", "Points are multiplied on products of these categories (0 to 100; empty: ×1). A product in several gets the highest; a product's own multiplier wins."),
        ("Promotions", "Promotions", "Date ranges in which points are multiplied, e.g. double points over a holiday weekend; when promotions overlap the highest applies."),
        ("Promotion.Name", "Promotion", "Shown to shoppers beside the points it earns, e.g. \"Black Friday weekend\"."),
        ("Promotion.StartUtc", "From (UTC day)", "The first day the promotion applies, from 00:00 UTC."),
        ("Promotion.EndUtc", "To (UTC day, included)", "The last day the promotion applies, to 24:00 UTC; when promotions overlap the highest applies."),
        ("Promotion.Multiplier", "Earn multiplier", "Multiplies the points earned during the promotion (0 to 100)."),
        // The cumulative discount card.
        ("Card", "Discount card", "A percentage off every order that grows with the customer's spend and drops one level after a while without a purchase."),
        ("Card.Enabled", "Discount card on", "On: customers get the percent of the level their spend reaches, at checkout, as a nopCommerce discount."),
        ("Card.WindowMonths", "Spend counted (months)", "Months of paid orders (less refunds) counted, ending today (1 to 120); 0 counts all time."),
        ("Card.DecayDays", "Drop a level after (days without a purchase)", "After this many days without a purchase the card is one level lower, after twice as many two levels; a purchase restores it (0 to 3650; 0 never drops)."),
        ("Card.Level.Threshold", "From spend", "Spend in the primary currency from which the level applies; each level's above the previous one's."),
        ("Card.Level.Percent", "Discount (%)", "Percent off the order (above 0, at most 100); each level's above the previous one's."),
    ];

    /// <summary>The shopper- and admin-facing name of each choice of the form's lists.</summary>
    public static IReadOnlyList<(Enum Value, string Text)> Choices { get; } =
    [
        (ExpiryMode.Never, "Never"),
        (ExpiryMode.LotAfterActivation, "Each lot, months after it became spendable"),
        (ExpiryMode.WholeBalanceAfterInactivity, "Whole balance, after months without activity"),
        (OverdraftPolicy.GoNegative, "Go negative, recover from future earnings"),
        (OverdraftPolicy.CapAtZero, "Cap at zero"),
        (TierBasis.Spend, "Spend"),
        (TierBasis.OrderCount, "Paid orders"),
    ];

    /// <summary>The Russian label and hint of every field of <see cref="Fields"/>, by property.</summary>
    public static IReadOnlyDictionary<string, (string Label, string Hint)> Russian { get; } = new Dictionary<string, (string Label, string Hint)>(StringComparer.Ordinal)
    {
        ["Enabled"] = ("Бонусная программа включена", "Выключена: ничего нового не начисляется (покупки, бонусы, приглашения), а возвраты, списания, сгорание и корректировки по-прежнему учитываются, чтобы балансы оставались верными."),
        ["PointsPerCurrencyUnit"] = ("Баллов за единицу валюты", "Сколько баллов начисляется за одну единицу основной валюты магазина в учитываемой сумме (от 0 до 1000); округляется вниз один раз на заказ."),
        ["ActivationDelayDays"] = ("Дней ожидания (срок возврата)", "Сколько дней начисленные баллы ждут, прежде чем их можно потратить (от 0 до 365)."),
        ["EarnOnShipping"] = ("Баллы за доставку", "Стоимость доставки тоже приносит баллы (выключено: за доставку баллы не начисляются)."),
        ["EarnOnTax"] = ("Баллы за налог", "Налог тоже приносит баллы (выключено: за налог баллы не начисляются)."),
        ["EarnOnGiftCards"] = ("Баллы за подарочные карты", "Покупка подарочной карты приносит баллы (выключено: баллы начисляются, когда картой расплачиваются)."),
        ["EarnOnPointsPaidPart"] = ("Баллы за часть, оплаченную баллами", "Часть заказа, оплаченная баллами, тоже приносит баллы (выключено: баллы нельзя «накручивать» баллами)."),
        ["Expiry"] = ("Сгорание баллов", "Никогда; каждое начисление через заданное число месяцев после того, как его можно потратить; или весь баланс после стольких месяцев без активности."),
        ["ExpiryMonths"] = ("Сгорают через (месяцев)", "Число месяцев для правила выше (от 1 до 120; 0, если баллы не сгорают)."),
        ["ExpiryReminderDays"] = ("Напоминание (за сколько дней)", "За сколько дней до сгорания баллов отправляется письмо-напоминание (от 0 до 365)."),
        ["Overdraft"] = ("Если возврат больше баланса", "Уходить в минус (долг гасится будущими начислениями) или остановиться на нуле (остаток прощается и записывается в журнал)."),
        ["MaxAdjustmentPoints"] = ("Наибольшая ручная корректировка (баллов)", "Сколько баллов самое большее можно начислить или списать одной ручной корректировкой (от 1 до 1 000 000 000): опечатка в несколько нулей будет отклонена, а не проведена."),
        ["MinimumBalanceToRedeem"] = ("Минимальный баланс для оплаты", "Сколько баллов нужно покупателю, чтобы начать тратить их при оформлении заказа."),
        ["MaxRedeemSharePercent"] = ("Наибольшая доля оплаты баллами (%)", "Какую наибольшую часть заказа можно оплатить баллами (от 0 до 100)."),
        ["CurrencyPerPoint"] = ("Стоимость одного балла", "Сколько стоит один балл при оформлении заказа, в основной валюте магазина."),
        ["TierBasis"] = ("Основа уровней", "Что учитывает порог уровня за последние 12 месяцев: сумму покупок (в основной валюте) или число оплаченных заказов."),
        ["TierDowngradeGraceDays"] = ("Отсрочка понижения (дней)", "Сколько дней покупатель сохраняет уровень после того, как опустился ниже его порога (от 0 до 3650)."),
        ["RegistrationBonus"] = ("Бонус за регистрацию", "Баллы за регистрацию (0 отключает бонус)."),
        ["BirthdayBonus"] = ("Бонус ко дню рождения", "Баллы раз в год в день рождения покупателя (0 отключает бонус)."),
        ["ReviewBonus"] = ("Бонус за отзыв", "Баллы за одобренный отзыв о товаре, с любой оценкой (0 отключает бонус)."),
        ["SurveyBonus"] = ("Бонус за опрос", "Баллы за ответ на опрос (0 отключает бонус)."),
        ["ReferralBonus"] = ("Бонус за приглашение", "Баллы пригласившему, когда новый покупатель оплатит первый заказ (0 отключает бонус)."),
        ["Tier.Name"] = ("Уровень", "Название уровня, которое видят покупатели; должно быть уникальным."),
        ["Tier.Threshold"] = ("Порог", "Сумма покупок или число заказов за 12 месяцев, с которых действует уровень; у двух уровней не может быть одного порога."),
        ["Tier.Multiplier"] = ("Множитель начисления", "Во сколько раз увеличиваются баллы участников уровня (от 0 до 100)."),
        ["CategoryMultipliers"] = ("Множители категорий", "Баллы за товары этих категорий умножаются (от 0 до 100; пусто — ×1). Для товара из нескольких категорий берётся наибольший множитель; собственный множитель товара важнее."),
        ["Promotions"] = ("Акции", "Периоды, когда баллы умножаются, например двойные баллы в праздничные выходные; если акции пересекаются, действует наибольший множитель."),
        ["Promotion.Name"] = ("Акция", "Покупатели видят её рядом с начисляемыми баллами, например «Выходные чёрной пятницы»."),
        ["Promotion.StartUtc"] = ("С (день по UTC)", "Первый день акции, с 00:00 UTC."),
        ["Promotion.EndUtc"] = ("По (день по UTC, включительно)", "Последний день акции, до 24:00 UTC; если акции пересекаются, действует наибольший множитель."),
        ["Promotion.Multiplier"] = ("Множитель начисления", "Во сколько раз увеличиваются баллы во время акции (от 0 до 100)."),
        // Накопительная дисконтная карта.
        ["Card"] = ("Дисконтная карта", "Скидка на каждый заказ, которая растёт с суммой покупок и снижается на уровень, если покупок долго нет."),
        ["Card.Enabled"] = ("Дисконтная карта включена", "Включена: покупатель получает скидку уровня, которого достигла сумма его покупок, при оформлении заказа как скидку nopCommerce."),
        ["Card.WindowMonths"] = ("Учитываемый период (месяцев)", "За сколько последних месяцев учитываются оплаченные заказы за вычетом возвратов (от 1 до 120); 0 — за всё время."),
        ["Card.DecayDays"] = ("Снижение уровня через (дней без покупок)", "Через столько дней без покупок карта опускается на уровень, через вдвое больше — на два; покупка возвращает уровень (от 0 до 3650; 0 — не снижается)."),
        ["Card.Level.Threshold"] = ("От суммы покупок", "Сумма в основной валюте магазина, с которой действует уровень; у каждого следующего уровня она больше."),
        ["Card.Level.Percent"] = ("Скидка (%)", "Скидка на заказ в процентах (больше 0, не больше 100); у каждого следующего уровня она больше."),
    };

    /// <summary>The Russian text of each list choice, in the order of <see cref="Choices"/>.</summary>
    public static IReadOnlyList<(Enum Value, string Text)> RussianChoices { get; } =
    [
        (ExpiryMode.Never, "Никогда"),
        (ExpiryMode.LotAfterActivation, "Каждое начисление, через несколько месяцев после того, как его можно потратить"),
        (ExpiryMode.WholeBalanceAfterInactivity, "Весь баланс, после нескольких месяцев без активности"),
        (OverdraftPolicy.GoNegative, "Уходить в минус, погашать будущими начислениями"),
        (OverdraftPolicy.CapAtZero, "Останавливаться на нуле"),
        (TierBasis.Spend, "Сумма покупок"),
        (TierBasis.OrderCount, "Число оплаченных заказов"),
    ];

    /// <summary>The label of <paramref name="property"/>; a missing one is a programming error.</summary>
    public static string Label(string property) => Find(property).Label;

    /// <summary>The hint of <paramref name="property"/>.</summary>
    public static string Hint(string property) => Find(property).Hint;

    /// <summary>The text of a list choice.</summary>
    public static string Choice(Enum value) =>
        Choices.FirstOrDefault(c => c.Value.Equals(value)).Text ?? throw new KeyNotFoundException($"No text for {value.GetType().Name}.{value}.");

    private static (string Property, string Label, string Hint) Find(string property)
    {
        foreach (var field in Fields)
            if (field.Property == property)
                return field;
        throw new KeyNotFoundException($"No loyalty settings text for '{property}'.");
    }
}
