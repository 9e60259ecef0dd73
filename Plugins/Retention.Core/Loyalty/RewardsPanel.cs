using System.Globalization;
using Retention.Core.Localization;

namespace Retention.Core.Loyalty;

/// <summary>One row of the panel's tier table.</summary>
public sealed record RewardsPanelTier(string Name, string ReachedWith, string Earns, bool IsCurrent);

/// <summary>The rewards panel as sentences, ready to show: the same words on both hosts' pages.</summary>
public sealed record RewardsPanelLines(bool Enabled, IReadOnlyList<string> WaysToEarn, IReadOnlyList<string> Notes, IReadOnlyList<string> WaysToRedeem,
    IReadOnlyList<RewardsPanelTier> Tiers);

/// <summary>
/// The rewards panel's words ("ways to earn / ways to redeem", as Smile.io and LoyaltyLion show them) made from Core's
/// <see cref="ProgramView"/>. Texts are keyed templates with <c>{name}</c> placeholders: the sandbox shows
/// <see cref="English"/>, the plugin installs it as locale resources that merchants translate. The host supplies only
/// facts it owns: how money and days are written, and the names of categories and products.
/// </summary>
public static class RewardsPanel
{
    /// <summary>The English templates by key.</summary>
    public static IReadOnlyDictionary<string, string> English { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["title.earn"] = "Ways to earn",
        ["title.redeem"] = "Ways to redeem",
        ["title.tiers"] = "Tiers",
        ["way.Spend"] = "{points, plural, one {# point} other {# points}} for every {money} spent",
        ["way.Category"] = "×{multiplier} points on {name}",
        ["way.Product"] = "×{multiplier} points on {name}",
        ["way.Promotion"] = "×{multiplier} points on everything during {name} ({from} to {to})",
        ["way.Registration"] = "{points, plural, one {# point} other {# points}} for creating an account",
        ["way.Birthday"] = "{points, plural, one {# point} other {# points}} on your birthday",
        ["way.Review"] = "{points, plural, one {# point} other {# points}} for each approved product review",
        ["way.Survey"] = "{points, plural, one {# point} other {# points}} for answering a satisfaction survey",
        ["way.Referral"] = "{points, plural, one {# point} other {# points}} when a friend you invite pays their first order",
        ["note.pending"] = "Points for an order can be spent {days, plural, one {# day} other {# days}} after it is paid (the return window).",
        ["note.expiryLot"] = "Points expire {months, plural, one {# month} other {# months}} after they can be spent.",
        ["note.expiryInactive"] = "Points expire after {months, plural, one {# month} other {# months}} without any points activity.",
        ["redeem.value"] = "{points, plural, one {# point} other {# points}} = {money} off at checkout",
        ["redeem.minimum"] = "Points can be used from {points, plural, one {# point} other {# points}} on",
        ["redeem.share"] = "Points pay up to {percent} % of an order",
        ["tier.column.name"] = "Tier",
        ["tier.column.reached"] = "Reached with",
        ["tier.column.earns"] = "Points",
        ["tier.joining"] = "joining",
        ["tier.spend"] = "{money} spent in 12 months",
        ["tier.orders"] = "{orders, plural, one {# order} other {# orders}} in 12 months",
        ["tier.base"] = "base rate",
        ["tier.multiplier"] = "×{multiplier} on purchases",
        ["tier.you"] = "(you)",
        ["paused"] = "The rewards program is paused: points you have stay yours and can still be spent.",
        ["join"] = "Join to earn: create an account and every order earns points you can spend on the next one.",
        ["join.bonus"] = "Join to earn: create an account and get {points, plural, one {# point} other {# points}} at once; every order earns points you can spend on the next one.",
        ["product.base"] = "{price} × {rate, plural, one {# point} other {# points}} per {unit} = {points}",
        ["product.multiplier"] = "×{multiplier} on {name}",
        ["product.promotion"] = "×{multiplier} {name}",
        ["product.tier"] = "×{multiplier} for your {tier} tier",
        ["product.result"] = "{parts} → {points, plural, one {# point} other {# points}} (rounded down).",
    };


    /// <summary>The Russian templates, keyed as <see cref="English"/>.</summary>
    public static IReadOnlyDictionary<string, string> Russian { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["title.earn"] = "Как получить баллы",
        ["title.redeem"] = "Как потратить баллы",
        ["title.tiers"] = "Уровни",
        ["way.Spend"] = "{points, plural, one {# балл} few {# балла} many {# баллов} other {# балла}} за каждые потраченные {money}",
        ["way.Category"] = "Баллы ×{multiplier} за товары категории «{name}»",
        ["way.Product"] = "Баллы ×{multiplier} за товар «{name}»",
        ["way.Promotion"] = "Баллы ×{multiplier} за все покупки во время акции «{name}» ({from} — {to})",
        ["way.Registration"] = "{points, plural, one {# балл} few {# балла} many {# баллов} other {# балла}} за регистрацию",
        ["way.Birthday"] = "{points, plural, one {# балл} few {# балла} many {# баллов} other {# балла}} в день рождения",
        ["way.Review"] = "{points, plural, one {# балл} few {# балла} many {# баллов} other {# балла}} за каждый одобренный отзыв о товаре",
        ["way.Survey"] = "{points, plural, one {# балл} few {# балла} many {# баллов} other {# балла}} за ответ на опрос об удовлетворённости",
        ["way.Referral"] = "{points, plural, one {# балл} few {# балла} many {# баллов} other {# балла}}, когда приглашённый вами друг оплатит первый заказ",
        ["note.pending"] = "Баллы за заказ можно потратить через {days, plural, one {# день} few {# дня} many {# дней} other {# дня}} после оплаты (срок возврата).",
        ["note.expiryLot"] = "Баллы сгорают через {months, plural, one {# месяц} few {# месяца} many {# месяцев} other {# месяца}} после того, как их можно потратить.",
        ["note.expiryInactive"] = "Баллы сгорают после {months, plural, one {# месяца} other {# месяцев}} без начислений и списаний.",
        ["redeem.value"] = "{points, plural, one {# балл} few {# балла} many {# баллов} other {# балла}} = скидка {money} при оформлении заказа",
        ["redeem.minimum"] = "Баллы можно тратить, когда на балансе не меньше {points, plural, one {# балла} other {# баллов}}",
        ["redeem.share"] = "Баллами можно оплатить до {percent} % заказа",
        ["tier.column.name"] = "Уровень",
        ["tier.column.reached"] = "Условие",
        ["tier.column.earns"] = "Баллы",
        ["tier.joining"] = "сразу после регистрации",
        ["tier.spend"] = "покупки на {money} за 12 месяцев",
        ["tier.orders"] = "{orders, plural, one {# заказ} few {# заказа} many {# заказов} other {# заказа}} за 12 месяцев",
        ["tier.base"] = "базовое начисление",
        ["tier.multiplier"] = "×{multiplier} за покупки",
        ["tier.you"] = "(ваш уровень)",
        ["paused"] = "Бонусная программа приостановлена: ваши баллы сохраняются, и их по-прежнему можно потратить.",
        ["join"] = "Присоединяйтесь: создайте аккаунт, и за каждый заказ вы будете получать баллы, которыми можно оплатить следующий.",
        ["join.bonus"] = "Присоединяйтесь: создайте аккаунт и сразу получите {points, plural, one {# балл} few {# балла} many {# баллов} other {# балла}}, а за каждый заказ — баллы, которыми можно оплатить следующий.",
        ["product.base"] = "{price} × {rate, plural, one {# балл} few {# балла} many {# баллов} other {# балла}} за {unit} = {points}",
        ["product.multiplier"] = "×{multiplier} за «{name}»",
        ["product.promotion"] = "×{multiplier} по акции «{name}»",
        ["product.tier"] = "×{multiplier} за ваш уровень «{tier}»",
        ["product.result"] = "{parts} → {points, plural, one {# балл} few {# балла} many {# баллов} other {# балла}} (с округлением вниз).",
    };

    /// <summary>Every language the panel ships in, by two-letter code.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ByLanguage { get; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase) { ["en"] = English, ["ru"] = Russian };

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// The panel for <paramref name="program"/>. <paramref name="text"/> gives the template of a key (the host's language),
    /// <paramref name="money"/> writes an amount of the primary currency as the shopper reads prices, <paramref name="day"/> a
    /// UTC instant as a day, <paramref name="name"/> the category or product a multiplier is about (null: "category N").
    /// <paramref name="culture"/> writes the numbers and picks plural forms (null: English as Core writes it).
    /// </summary>
    public static RewardsPanelLines Lines(ProgramView program, string? currentTier, Func<string, string> text, Func<decimal, string> money,
        Func<DateTime, string> day, Func<EarnWay, string?> name, CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (!program.Enabled)
            return new RewardsPanelLines(false, [], [text("paused")], [], []);
        var c = culture ?? Inv;
        string Say(string key, params TextArg[] values) => TextFormat.Format(text(key), c, values);
        TextArg T(string placeholder, string value) => TextArg.Of(placeholder, value);
        TextArg N(string placeholder, decimal value) => TextArg.Count(placeholder, value);
        TextArg X(string placeholder, decimal value) => TextArg.Count(placeholder, value, "0.##");

        var earn = program.WaysToEarn.Select(w => w.Kind switch
        {
            EarnWayKind.Spend => Say("way.Spend", X("points", w.Value), T("money", money(1m))),
            EarnWayKind.Category => Say("way.Category", X("multiplier", w.Value), T("name", name(w) ?? $"category {w.RefId}")),
            EarnWayKind.Product => Say("way.Product", X("multiplier", w.Value), T("name", name(w) ?? $"product {w.RefId}")),
            // A promotion ends at the midnight after its last day.
            EarnWayKind.Promotion => Say("way.Promotion", X("multiplier", w.Value), T("name", w.Name ?? ""), T("from", day(w.StartUtc!.Value)),
                T("to", day(w.EndUtc!.Value.AddTicks(-1)))),
            _ => Say("way." + w.Kind, N("points", w.Value)),
        }).ToList();

        var notes = new List<string>();
        if (program.ActivationDelayDays > 0)
            notes.Add(Say("note.pending", X("days", program.ActivationDelayDays)));
        if (program.Expiry == ExpiryMode.LotAfterActivation && program.ExpiryMonths > 0)
            notes.Add(Say("note.expiryLot", X("months", program.ExpiryMonths)));
        else if (program.Expiry == ExpiryMode.WholeBalanceAfterInactivity && program.ExpiryMonths > 0)
            notes.Add(Say("note.expiryInactive", X("months", program.ExpiryMonths)));

        var redeem = new List<string>();
        if (program.PointsPerCurrencyUnitOfValue > 0m)
            redeem.Add(Say("redeem.value", N("points", program.PointsPerCurrencyUnitOfValue), T("money", money(1m))));
        if (program.MinimumBalanceToRedeem > 0)
            redeem.Add(Say("redeem.minimum", N("points", program.MinimumBalanceToRedeem)));
        redeem.Add(Say("redeem.share", X("percent", program.MaxRedeemSharePercent)));

        var tiers = program.Tiers.Select(t => new RewardsPanelTier(t.Name,
            t.Threshold <= 0m ? text("tier.joining")
            : program.TierBasis == TierBasis.Spend ? Say("tier.spend", T("money", money(t.Threshold)))
            : Say("tier.orders", TextArg.Count("orders", t.Threshold, "0")),
            t.Multiplier == 1m ? text("tier.base") : Say("tier.multiplier", X("multiplier", t.Multiplier)),
            t.Name == currentTier)).ToList();
        return new RewardsPanelLines(true, earn, notes, redeem, tiers);
    }

    /// <summary>
    /// "$7.50 × 10 points per $1.00 = 75 · ×2 on Tea · ×1.25 for your Silver tier → 187 points (rounded down)": the parts
    /// Core multiplied for a product's badge, so the numbers shown add up. <paramref name="multiplierName"/> is the category
    /// (or, for a product multiplier, the product) the line multiplier comes from.
    /// </summary>
    public static string ExplainProduct(ProductEarnView x, decimal price, string? multiplierName, Func<string, string> text, Func<decimal, string> money,
        CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var c = culture ?? Inv;
        string Say(string key, params TextArg[] values) => TextFormat.Format(text(key), c, values);
        TextArg X(string placeholder, decimal value) => TextArg.Count(placeholder, value, "0.##");
        var parts = new List<string>
        {
            Say("product.base", TextArg.Of("price", money(price)), X("rate", x.BasePoints / Math.Max(price, 0.01m)), TextArg.Of("unit", money(1m)), X("points", x.BasePoints)),
        };
        if (x.LineMultiplier != 1m)
            parts.Add(Say("product.multiplier", X("multiplier", x.LineMultiplier), TextArg.Of("name", multiplierName ?? "")));
        if (x.PromotionMultiplier != 1m)
            parts.Add(Say("product.promotion", X("multiplier", x.PromotionMultiplier), TextArg.Of("name", x.PromotionName ?? "")));
        if (x.TierMultiplier != 1m)
            parts.Add(Say("product.tier", X("multiplier", x.TierMultiplier), TextArg.Of("tier", x.Tier ?? "")));
        return Say("product.result", TextArg.Of("parts", string.Join(" · ", parts)), TextArg.Count("points", x.Points));
    }

    /// <summary>The guests' invitation, with the registration bonus when there is one.</summary>
    public static string JoinPrompt(ProgramView program, Func<string, string> text, CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(program);
        var welcome = program.WaysToEarn.FirstOrDefault(w => w.Kind == EarnWayKind.Registration);
        return welcome == null ? text("join") : TextFormat.Format(text("join.bonus"), culture ?? Inv, TextArg.Count("points", welcome.Value));
    }

    /// <summary>A template with its <c>{name}</c> placeholders filled.</summary>
    public static string Fill(string template, params (string Name, string Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(template);
        foreach (var (placeholder, value) in values)
            template = template.Replace("{" + placeholder + "}", value, StringComparison.Ordinal);
        return template;
    }
}
