using Retention.Core.Localization;

namespace Retention.Core.Loyalty.Cards;

/// <summary>
/// What the shopper reads about their card, the same sentences in My rewards and at checkout on both hosts: the discount
/// now, how much more spend reaches the next level, and when the discount drops without a purchase (or that the next order
/// brings back what the spend earned). The host writes money and dates its own way and renders each text in the reader's
/// language (<see cref="CoreMessages.Render"/>, or the store's resources over it).
/// </summary>
public static class CardView
{
    public static IReadOnlyList<CoreText> Lines(CardStatus status, Func<decimal, string> money, Func<DateTime, string> day)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(money);
        ArgumentNullException.ThrowIfNull(day);
        var lines = new List<CoreText> { status.Level is { } level ? CoreMessages.CardCurrent(level.Percent) : CoreMessages.CardNone() };
        lines.Add(status.Next is { } next ? CoreMessages.CardNext(money(status.Missing), next.Percent) : CoreMessages.CardTop());
        if (status.DropsOnUtc is { } drops)
            lines.Add(status.DropsTo is { } lower ? CoreMessages.CardDropsOn(lower.Percent, day(drops)) : CoreMessages.CardEndsOn(day(drops)));
        if (status.Earned is { } earned && earned != status.Level)
            lines.Add(CoreMessages.CardRestore(earned.Percent));
        return lines;
    }
}
