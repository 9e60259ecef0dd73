using System.Globalization;
using Retention.Core.Localization;

namespace Retention.Core.Membership;

/// <summary>
/// What the shopper reads about paid membership (My rewards, checkout, the product page), as keyed templates with
/// <see cref="TextFormat"/> placeholders: the sandbox shows them from here, the plugin installs them as locale resources
/// merchants can translate. Hosts supply only how money and days are written.
/// </summary>
public static class MembershipTexts
{
    /// <summary>The English templates by key.</summary>
    public static IReadOnlyDictionary<string, string> English { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["title"] = "Membership",
        ["active"] = "You are a member. Your membership renews on {date}.",
        ["ending"] = "You are a member until {date}; you cancelled the renewal.",
        ["grace"] = "Your renewal was not paid. Your perks stay until {date}: renew before then to keep them.",
        ["grace.failed"] = "The payment for your renewal failed. Your perks stay until {date}: update your payment before then to keep them.",
        ["lapsed"] = "Your membership ended on {date}. Join again to get the perks back.",
        ["none"] = "Not a member yet.",
        ["perks"] = "Perks: {perks}.",
        ["perk.discount"] = "{percent} % off every order",
        ["perk.shipping"] = "free shipping",
        ["perk.points"] = "×{multiplier} points",
        ["perk.memberOnly"] = "members-only products",
        ["saved"] = "Your membership saved you {amount} this year.",
        ["saved.parts"] = "Discounts {discount}, shipping {shipping}, extra points {points, plural, one {# point} other {# points}} worth {value}.",
        ["join"] = "Join for {price}",
        ["checkout.discount"] = "Member discount: {percent} % off",
        ["checkout.shipping"] = "Free shipping for members",
        ["membersOnly"] = "This product is for members only.",
        ["history"] = "Membership periods",
        ["period"] = "{from} – {to} (order #{order})",
    };

    /// <summary>The Russian templates, keyed as <see cref="English"/>.</summary>
    public static IReadOnlyDictionary<string, string> Russian { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["title"] = "Членство в клубе",
        ["active"] = "Вы участник клуба. Членство продлится {date}.",
        ["ending"] = "Вы участник клуба до {date}; продление вы отменили.",
        ["grace"] = "Продление не оплачено. Привилегии сохраняются до {date}: продлите членство до этого дня, чтобы не потерять их.",
        ["grace.failed"] = "Оплата продления не прошла. Привилегии сохраняются до {date}: обновите способ оплаты до этого дня, чтобы не потерять их.",
        ["lapsed"] = "Ваше членство закончилось {date}. Вступите снова, чтобы вернуть привилегии.",
        ["none"] = "Вы пока не участник клуба.",
        ["perks"] = "Привилегии: {perks}.",
        ["perk.discount"] = "скидка {percent} % на каждый заказ",
        ["perk.shipping"] = "бесплатная доставка",
        ["perk.points"] = "баллы ×{multiplier}",
        ["perk.memberOnly"] = "товары только для участников",
        ["saved"] = "В этом году членство сэкономило вам {amount}.",
        ["saved.parts"] = "Скидки {discount}, доставка {shipping}, дополнительные баллы: {points, plural, one {# балл} few {# балла} many {# баллов} other {# балла}} на сумму {value}.",
        ["join"] = "Вступить за {price}",
        ["checkout.discount"] = "Скидка участника: {percent} %",
        ["checkout.shipping"] = "Бесплатная доставка для участников",
        ["membersOnly"] = "Этот товар доступен только участникам клуба.",
        ["history"] = "Периоды членства",
        ["period"] = "{from} – {to} (заказ № {order})",
    };

    /// <summary>The templates by two-letter language.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ByLanguage { get; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase) { ["en"] = English, ["ru"] = Russian };

    /// <summary>The template of <paramref name="key"/> in <paramref name="culture"/>'s language (English when there is none).</summary>
    public static string Template(string key, CultureInfo? culture) =>
        (culture is not null && ByLanguage.TryGetValue(culture.TwoLetterISOLanguageName, out var table) ? table : English).GetValueOrDefault(key) ?? English[key];

    /// <summary>
    /// The My rewards lines, in order: the state with its date, the perks (a member's), and what the membership saved this
    /// year (whenever it saved anything). Nothing for a store without membership.
    /// </summary>
    public static IReadOnlyList<string> StatusLines(MemberStatus status, MembershipSettings settings, MemberSaving savedThisYear, Func<string, string> text,
        Func<decimal, string> money, Func<DateTime, string> day, CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(savedThisYear);
        var c = culture ?? CultureInfo.InvariantCulture;
        string Say(string key, params TextArg[] args) => TextFormat.Format(text(key), c, args);
        var lines = new List<string>();
        if (!settings.Enabled) return lines;
        lines.Add(status.State switch
        {
            MemberState.Active => Say("active", TextArg.Of("date", day(status.PaidThroughUtc!.Value))),
            MemberState.Ending => Say("ending", TextArg.Of("date", day(status.EndsUtc!.Value))),
            MemberState.Grace => Say(status.LastRenewalFailed ? "grace.failed" : "grace", TextArg.Of("date", day(status.EndsUtc!.Value))),
            MemberState.Lapsed => Say("lapsed", TextArg.Of("date", day(status.EndsUtc!.Value))),
            _ => Say("none"),
        });
        lines.Add(Say("perks", TextArg.Of("perks", string.Join(", ", Perks(settings, text, c)))));
        if (savedThisYear.Total > 0m || savedThisYear.ExtraPoints > 0)
        {
            lines.Add(Say("saved", TextArg.Of("amount", money(savedThisYear.Total))));
            lines.Add(Say("saved.parts", TextArg.Of("discount", money(savedThisYear.Discount)), TextArg.Of("shipping", money(savedThisYear.Shipping)),
                TextArg.Count("points", savedThisYear.ExtraPoints), TextArg.Of("value", money(savedThisYear.PointsValue))));
        }
        return lines;
    }

    /// <summary>The perks the settings give, each as a phrase ("5 % off every order", "free shipping", …).</summary>
    public static IReadOnlyList<string> Perks(MembershipSettings settings, Func<string, string> text, CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var c = culture ?? CultureInfo.InvariantCulture;
        var perks = new List<string>();
        if (settings.DiscountPercent > 0m) perks.Add(TextFormat.Format(text("perk.discount"), c, TextArg.Count("percent", settings.DiscountPercent, "0.##")));
        if (settings.FreeShipping) perks.Add(text("perk.shipping"));
        if (settings.PointsMultiplier > 1m) perks.Add(TextFormat.Format(text("perk.points"), c, TextArg.Count("multiplier", settings.PointsMultiplier, "0.##")));
        if (settings.MemberOnlyProductIds.Count > 0) perks.Add(text("perk.memberOnly"));
        return perks;
    }
}
