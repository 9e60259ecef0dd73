using System.Globalization;
using Retention.Core.Localization;

namespace Retention.Core.Cashback;

/// <summary>
/// What the shopper reads about cashback (My rewards, checkout), as keyed templates with <see cref="TextFormat"/>
/// placeholders: the sandbox shows them from here, the plugin installs them as locale resources merchants can translate.
/// Hosts supply only how money and days are written.
/// </summary>
public static class CashbackTexts
{
    /// <summary>The English templates by key.</summary>
    public static IReadOnlyDictionary<string, string> English { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["title"] = "Cashback",
        ["spent"] = "Spent in {period} so far: {spend}",
        ["rate"] = "That earns {rate} % back: {amount} expected, paid on {date}.",
        ["rate.points"] = "That earns {rate} % back: {amount} ({points, plural, one {# point} other {# points}}) expected, paid on {date}.",
        ["rate.none"] = "Spend {more} more this period to earn cashback.",
        ["next"] = "Spend {more} more to reach {rate} % back on the whole period.",
        ["top"] = "You reached the top band.",
        ["bands"] = "Bands: {bands}",
        ["band"] = "{rate} % from {from}",
        ["checkout"] = "This order brings your cashback for {period} to {amount} ({rate} % back).",
        ["checkout.none"] = "Spend {more} more in {period} to earn cashback.",
        ["history"] = "Cashback paid",
        ["paid.points"] = "{period}: {amount} as {points, plural, one {# point} other {# points}}",
        ["paid.giftCard"] = "{period}: {amount} as gift card {code}, {remaining} left",
        ["paid.takenBack"] = "({taken} taken back after a refund)",
        ["quarter"] = "Q{number} {year}",
    };

    /// <summary>The Russian templates, keyed as <see cref="English"/>.</summary>
    public static IReadOnlyDictionary<string, string> Russian { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["title"] = "Кэшбэк",
        ["spent"] = "Покупки за период {period} на сегодня: {spend}",
        ["rate"] = "Это даёт {rate} % кэшбэка: ожидается {amount}, выплата {date}.",
        ["rate.points"] = "Это даёт {rate} % кэшбэка: ожидается {amount} ({points, plural, one {# балл} few {# балла} many {# баллов} other {# балла}}), выплата {date}.",
        ["rate.none"] = "Купите ещё на {more} в этом периоде, чтобы получить кэшбэк.",
        ["next"] = "Купите ещё на {more}, чтобы получить {rate} % кэшбэка за весь период.",
        ["top"] = "Вы достигли высшей ступени.",
        ["bands"] = "Ступени: {bands}",
        ["band"] = "{rate} % от {from}",
        ["checkout"] = "С этим заказом ваш кэшбэк за период {period} составит {amount} ({rate} %).",
        ["checkout.none"] = "Купите ещё на {more} в периоде {period}, чтобы получить кэшбэк.",
        ["history"] = "Выплаченный кэшбэк",
        ["paid.points"] = "{period}: {amount}, начислено {points, plural, one {# балл} few {# балла} many {# баллов} other {# балла}}",
        ["paid.giftCard"] = "{period}: {amount} подарочной картой {code}, остаток {remaining}",
        ["paid.takenBack"] = "({taken} удержано после возврата)",
        ["quarter"] = "{number}-й квартал {year}",
    };

    /// <summary>The templates by two-letter language.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ByLanguage { get; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase) { ["en"] = English, ["ru"] = Russian };

    /// <summary>The template of <paramref name="key"/> in <paramref name="culture"/>'s language (English when there is none).</summary>
    public static string Template(string key, CultureInfo? culture) =>
        (culture is not null && ByLanguage.TryGetValue(culture.TwoLetterISOLanguageName, out var table) ? table : English).GetValueOrDefault(key) ?? English[key];

    /// <summary>The period as a reader names it: "November 2026", "Q4 2026" (in Russian "ноябрь 2026", "4-й квартал 2026").</summary>
    public static string PeriodName(CashbackPeriod period, CultureInfo? culture = null, Func<string, string>? text = null)
    {
        var c = culture ?? CultureInfo.InvariantCulture;
        if (period.Kind == CashbackPeriodKind.Quarter)
            return TextFormat.Format(text?.Invoke("quarter") ?? Template("quarter", culture), c,
                TextArg.Count("number", period.Number, "0"), TextArg.Count("year", period.Year, "0"));
        var month = (c.Equals(CultureInfo.InvariantCulture) ? CultureInfo.GetCultureInfo("en-US") : c).DateTimeFormat.GetMonthName(period.Number);
        return month + " " + period.Year.ToString("0", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The My rewards lines for a running period, in order: spend so far, the rate and expected cashback (or what is
    /// still to spend to earn any), the next band (or the top reached), the bands.
    /// </summary>
    public static IReadOnlyList<string> ProgressLines(CashbackProgress progress, Func<string, string> text, Func<decimal, string> money,
        Func<DateOnly, string> day, CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var c = culture ?? CultureInfo.InvariantCulture;
        string Say(string key, params TextArg[] args) => TextFormat.Format(text(key), c, args);
        var quote = progress.Quote;
        var period = TextArg.Of("period", PeriodName(progress.Period, c, text));
        var lines = new List<string> { Say("spent", period, TextArg.Of("spend", money(quote.Spend))) };
        if (quote.Band is null)
            lines.Add(Say("rate.none", TextArg.Of("more", money(Math.Max(0m, (quote.NextBand?.From ?? 0m) - quote.Spend)))));
        else if (progress.PayAs == CashbackPayout.Points)
            lines.Add(Say("rate.points", Rate(quote.RatePercent), TextArg.Of("amount", money(quote.Amount)), TextArg.Count("points", quote.Points),
                TextArg.Of("date", day(progress.PayoutDay))));
        else
            lines.Add(Say("rate", Rate(quote.RatePercent), TextArg.Of("amount", money(quote.Amount)), TextArg.Of("date", day(progress.PayoutDay))));
        if (quote.Band is not null)
            lines.Add(quote.NextBand is { } next
                ? Say("next", TextArg.Of("more", money(next.From - quote.Spend)), Rate(next.RatePercent))
                : Say("top"));
        var bands = string.Join(", ", progress.Bands.Select(b => Say("band", Rate(b.RatePercent), TextArg.Of("from", money(b.From)))));
        lines.Add(Say("bands", TextArg.Of("bands", bands)));
        return lines;
    }

    /// <summary>The checkout's line: what the order brings the running period's cashback to.</summary>
    public static string CheckoutLine(CashbackProgress withOrder, Func<string, string> text, Func<decimal, string> money, CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(withOrder);
        var c = culture ?? CultureInfo.InvariantCulture;
        var quote = withOrder.Quote;
        var period = TextArg.Of("period", PeriodName(withOrder.Period, c, text));
        return quote.Band is null
            ? TextFormat.Format(text("checkout.none"), c, TextArg.Of("more", money(Math.Max(0m, (quote.NextBand?.From ?? 0m) - quote.Spend))), period)
            : TextFormat.Format(text("checkout"), c, period, TextArg.Of("amount", money(quote.Amount)), Rate(quote.RatePercent));
    }

    /// <summary>One line of the payout history.</summary>
    public static string PaidLine(CashbackStatement statement, Func<string, string> text, Func<decimal, string> money, CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var c = culture ?? CultureInfo.InvariantCulture;
        var p = statement.Payout;
        var period = TextArg.Of("period", PeriodName(p.Period, c, text));
        var line = p.PayAs == CashbackPayout.Points
            ? TextFormat.Format(text("paid.points"), c, period, TextArg.Of("amount", money(p.Amount)), TextArg.Count("points", p.Points))
            : TextFormat.Format(text("paid.giftCard"), c, period, TextArg.Of("amount", money(p.Amount)), TextArg.Of("code", p.GiftCardCode ?? ""),
                TextArg.Of("remaining", money(statement.GiftCardRemaining ?? 0m)));
        return p.ClawedBack > 0m ? line + " " + TextFormat.Format(text("paid.takenBack"), c, TextArg.Of("taken", money(p.ClawedBack))) : line;
    }

    private static TextArg Rate(decimal rate) => TextArg.Count("rate", rate, "0.##");
}
