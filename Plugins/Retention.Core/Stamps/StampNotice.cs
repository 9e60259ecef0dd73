using System.Globalization;

namespace Retention.Core.Stamps;

/// <summary>
/// The enrollment subjects of the stamp card emails: one enrollment per full card (<c>stamp-full:{card}:{number}</c>) and
/// one reminder per partial card (<c>stamp-expiring:{card}:{number}</c>), so a replayed order or a second night sends nothing twice.
/// </summary>
public static class StampNotice
{
    private const string Full = "stamp-full:";
    private const string Expiring = "stamp-expiring:";

    public static string FullSubject(int cardId, int number) => string.Create(CultureInfo.InvariantCulture, $"{Full}{cardId}:{number}");

    public static string ExpiringSubject(int cardId, int number) => string.Create(CultureInfo.InvariantCulture, $"{Expiring}{cardId}:{number}");

    /// <summary>The card and its number a full-card subject names; null for any other subject.</summary>
    public static (int CardId, int Number)? FullOf(string subject) => Parse(subject, Full);

    /// <summary>The card and its number a reminder subject names; null for any other subject.</summary>
    public static (int CardId, int Number)? ExpiringOf(string subject) => Parse(subject, Expiring);

    private static (int, int)? Parse(string subject, string prefix)
    {
        if (subject is null || !subject.StartsWith(prefix, StringComparison.Ordinal))
            return null;
        var parts = subject[prefix.Length..].Split(':');
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var card)
               && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? (card, number)
            : null;
    }
}
