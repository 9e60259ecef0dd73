using System.Globalization;
using System.Text;
using Retention.Core.Localization;

namespace Retention.Core.Loyalty;

/// <summary>
/// The note of a ledger line as stored. The notes Core writes ("Order #1001", "Thank you for your review") are kept as a
/// message key with its values (<c>@ledger.order|order=1001</c>), so each reader sees them in their own language however
/// long ago the line was written; the host renders them like any <see cref="CoreText"/>. An admin's reason, the wallet's
/// own note and the free text of rows written before keys are not keyed and are shown as written.
/// </summary>
public static class LedgerNotes
{
    // A stored note starting with the marker and naming a key Core knows is Core's; anything else is a person's words.
    private const char Marker = '@';
    private const char Separator = '|';
    // A value that is a number (plural forms choose by it) rather than text.
    private const char NumberMark = '#';

    /// <summary>The keys of the ledger's notes (their texts are read in the reader's language when a history is shown).</summary>
    public static IReadOnlyList<string> Keys { get; } = CoreMessages.English.Keys.Where(k => k.StartsWith("ledger.", StringComparison.Ordinal)).ToList();

    public static string Order(string orderRef) => Store(new("ledger.order", TextArg.Of("order", orderRef)));
    public static string OrderRefunded(string orderRef) => Store(new("ledger.orderRefunded", TextArg.Of("order", orderRef)));
    public static string OrderRefundedCapped(string orderRef, int due) =>
        Store(new("ledger.orderRefundedCapped", TextArg.Of("order", orderRef), TextArg.Count("due", due)));
    public static string SpentOnOrder(string orderRef) => Store(new("ledger.spentOnOrder", TextArg.Of("order", orderRef)));
    public static string SpentReturned(string orderRef) => Store(new("ledger.spentReturned", TextArg.Of("order", orderRef)));
    public static string Expired() => Store(new("ledger.expired"));
    public static string ExpiredAfterInactivity() => Store(new("ledger.expiredInactivity"));
    public static string Welcome() => Store(new("ledger.welcome"));
    // The year as a year (2026), never as a count with a thousands separator.
    public static string Birthday(int year) => Store(new("ledger.birthday", TextArg.Of("year", year.ToString(CultureInfo.InvariantCulture))));
    public static string Review() => Store(new("ledger.review"));
    public static string Survey() => Store(new("ledger.survey"));
    public static string Referral(string orderRef) => Store(new("ledger.referral", TextArg.Of("order", orderRef)));
    public static string WalletEntry() => Store(new("ledger.wallet"));
    public static string Cashback(string period) => Store(new("ledger.cashback", TextArg.Of("period", period)));
    public static string CashbackTakenBack(string period) => Store(new("ledger.cashbackTakenBack", TextArg.Of("period", period)));

    /// <summary>The stored form of <paramref name="text"/>: its key, then each value (escaped, numbers marked).</summary>
    public static string Store(CoreText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stored = new StringBuilder().Append(Marker).Append(text.Key);
        foreach (var arg in text.Args)
        {
            stored.Append(Separator);
            if (arg.Number is { } number)
                stored.Append(NumberMark).Append(arg.Name).Append('=').Append(number.ToString(CultureInfo.InvariantCulture));
            else
                stored.Append(arg.Name).Append('=').Append(Uri.EscapeDataString(arg.Text ?? ""));
        }
        return stored.ToString();
    }

    /// <summary>Core's text a stored note holds; null for a person's words (or an old row's), which are shown as written.</summary>
    public static CoreText? Parse(string? note)
    {
        if (string.IsNullOrEmpty(note) || note[0] != Marker)
            return null;
        var parts = note[1..].Split(Separator);
        if (!CoreMessages.English.ContainsKey(parts[0]))
            return null;
        var args = new List<TextArg>();
        foreach (var part in parts.Skip(1))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
                return null;
            var value = part[(equals + 1)..];
            if (part[0] == NumberMark)
            {
                if (!decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
                    return null;
                args.Add(TextArg.Count(part[1..equals], number));
            }
            else
                args.Add(TextArg.Of(part[..equals], Uri.UnescapeDataString(value)));
        }
        return new CoreText(parts[0], [.. args]);
    }

    /// <summary>
    /// The note as a reader of <paramref name="culture"/> reads it: Core's text from <paramref name="templateOf"/> (the
    /// host's translation; null or empty falls back to Core's table), a person's words as written.
    /// </summary>
    public static string? Text(string? note, CultureInfo culture, Func<string, string?>? templateOf = null)
    {
        ArgumentNullException.ThrowIfNull(culture);
        if (Parse(note) is not { } text)
            return note;
        var template = templateOf?.Invoke(text.Key);
        return WithPeriodNamed(text, culture).Render(string.IsNullOrEmpty(template) ? CoreMessages.TemplateFor(text.Key, culture) : template, culture);
    }

    /// <summary>
    /// A cashback note stores its period as the period's key (<c>2026-11</c>, <c>2026-q4</c>), which stays the same in
    /// every language; the reader sees it named in theirs ("November 2026", "ноябрь 2026", "4-й квартал 2026"), as the
    /// statement email names it. A value that is no period key is shown as stored.
    /// </summary>
    private static CoreText WithPeriodNamed(CoreText text, CultureInfo culture)
    {
        if (text.Args.FirstOrDefault(a => a.Name == "period") is not { Text: { } stored } || global::Retention.Core.Cashback.CashbackPeriod.Parse(stored) is not { } period)
            return text;
        return new CoreText(text.Key, [.. text.Args.Select(a => a.Name == "period" ? TextArg.Of("period", global::Retention.Core.Cashback.CashbackTexts.PeriodName(period, culture)) : a)]);
    }
}
