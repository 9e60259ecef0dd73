using System.Globalization;

namespace Retention.Core.Loyalty.Cards;

/// <summary>
/// The "your card went up" email, one rule for both hosts: the card's workflow enrolls the customer under
/// <see cref="Subject"/>, which names the percent reached and the UTC day, so two evaluations of one order (two nodes, a
/// replay) enroll once, and the email shows the percent reached when it was reached.
/// </summary>
public static class CardNotice
{
    private const string Prefix = "card:";

    /// <summary><c>card:{percent}:{yyyyMMdd}</c>, the percent in invariant digits (5, 7.5).</summary>
    public static string Subject(decimal percent, DateTime atUtc) =>
        $"{Prefix}{percent.ToString("0.##", CultureInfo.InvariantCulture)}:{atUtc.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    /// <summary>The percent a <see cref="Subject"/> names; null for any other subject.</summary>
    public static decimal? PercentOf(string? subject)
    {
        if (subject is null || !subject.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var parts = subject.Split(':');
        return parts.Length == 3 && decimal.TryParse(parts[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) ? percent : null;
    }

    /// <summary>Whether a change earns the email: a move up to a level (a drop, or a restore after one, never announces twice a day).</summary>
    public static bool Announces(CardChanged change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.Change == CardChange.Up && change.To is not null;
    }
}
