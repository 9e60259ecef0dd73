using Retention.Core.Common;
using Retention.Core.Tables;

namespace Retention.Core.Cashback;

/// <summary>What a period's spend earns: the band reached, its rate, the amount and (paid as points) the points.</summary>
public sealed record CashbackQuote(decimal Spend, CashbackBand? Band, decimal Amount, int Points, CashbackBand? NextBand)
{
    public decimal RatePercent => Band?.RatePercent ?? 0m;
}

/// <summary>
/// The cashback rules as pure functions. <b>The band reached applies to the whole spend of the period</b> (spend 6,000 with
/// bands 1 % from 0 and 2 % from 5,000 earns 2 % of 6,000 = 120, not 1 % of 5,000 plus 2 % of 1,000): it is what merchants
/// advertise ("3 % back when you spend 20,000 a month") and what a shopper can check in their head. The cost is a step at
/// each band, which the admin sees on the settings page.
/// </summary>
public static class CashbackRules
{
    /// <summary>Ended periods a nightly run still pays when it was missed (the ones before are left unpaid).</summary>
    public const int CatchUpPeriods = 3;

    /// <summary>The highest band whose threshold <paramref name="spend"/> reaches; null below the first.</summary>
    public static CashbackBand? BandFor(IReadOnlyList<CashbackBand> bands, decimal spend) =>
        bands.Where(b => spend >= b.From).OrderByDescending(b => b.From).FirstOrDefault();

    /// <summary>The lowest band above what <paramref name="spend"/> reaches; null at the top.</summary>
    public static CashbackBand? NextBand(IReadOnlyList<CashbackBand> bands, decimal spend) =>
        bands.Where(b => b.From > spend).OrderBy(b => b.From).FirstOrDefault();

    /// <summary>The cashback of <paramref name="spend"/>, rounded to cents half away from zero.</summary>
    public static decimal Amount(decimal spend, decimal ratePercent) =>
        spend <= 0m || ratePercent <= 0m ? 0m : Math.Round(spend * ratePercent / 100m, 2, MidpointRounding.AwayFromZero);

    /// <summary>Points worth <paramref name="amount"/> at <paramref name="currencyPerPoint"/>, rounded down (never worth more than the cashback).</summary>
    public static int Points(decimal amount, decimal currencyPerPoint) =>
        amount <= 0m || currencyPerPoint <= 0m ? 0 : (int)Math.Min(int.MaxValue, Math.Floor(amount / currencyPerPoint));

    /// <summary>What <paramref name="spend"/> earns under <paramref name="settings"/>.</summary>
    public static CashbackQuote Quote(CashbackSettings settings, decimal spend, decimal currencyPerPoint)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var band = BandFor(settings.Bands, spend);
        var amount = Amount(spend, band?.RatePercent ?? 0m);
        var points = settings.PayAs == CashbackPayout.Points ? Points(amount, currencyPerPoint) : 0;
        return new CashbackQuote(spend, band, amount, points, NextBand(settings.Bands, spend));
    }

    /// <summary><c>cashback:{store}:{customer}:{period}</c>: the payout (its row, and its ledger entry when paid as points).</summary>
    public static IdempotencyKey PayoutKey(StoreId store, CustomerId customer, CashbackPeriod period) =>
        IdempotencyKey.For("cashback", store, customer, period.Label);

    /// <summary><c>cashback:{store}:0:{period}</c>: the period's marker row, written once every customer of it was paid.</summary>
    public static IdempotencyKey ClosedKey(StoreId store, CashbackPeriod period) => IdempotencyKey.For("cashback", store, 0, period.Label);

    /// <summary>
    /// <c>cashback-back:{store}:{customer}:{period}:{points taken back in all}</c>: a take-back of points, keyed by the total it
    /// brings the period to, so a redelivered refund computes the same total and the ledger refuses the duplicate.
    /// </summary>
    public static IdempotencyKey ClawbackKey(StoreId store, CustomerId customer, CashbackPeriod period, long totalTaken) =>
        IdempotencyKey.For("cashback-back", store, customer, period.Label, totalTaken);

    /// <summary>
    /// The ended periods a night on <paramref name="storeToday"/> pays, oldest first: at most <see cref="CatchUpPeriods"/>,
    /// none that began before the period holding <see cref="CashbackSettings.StartsOn"/>.
    /// </summary>
    public static IReadOnlyList<CashbackPeriod> PeriodsDue(CashbackSettings settings, DateOnly storeToday)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Enabled || settings.StartsOn is not { } starts)
            return [];
        var first = CashbackPeriod.Of(settings.Period, starts).FirstDay;
        var due = new List<CashbackPeriod>();
        var period = CashbackPeriod.Of(settings.Period, storeToday).Previous;
        while (due.Count < CatchUpPeriods && period.FirstDay >= first)
        {
            due.Add(period);
            period = period.Previous;
        }
        due.Reverse();
        return due;
    }

    /// <summary>
    /// What a payout owes back after refunds: the period's spend recomputed now earns at the band it still reaches, never at
    /// a higher rate than was paid (a band the admin raised since does not pay more); the difference from what was paid is
    /// owed in all, less what was taken back already. Money and (for points) points, never negative.
    /// </summary>
    public static (decimal Amount, int Points) StillOwed(CashbackPayoutView paid, IReadOnlyList<CashbackBand> bands, decimal spendNow, decimal currencyPerPoint)
    {
        ArgumentNullException.ThrowIfNull(paid);
        var rate = Math.Min(paid.RatePercent, BandFor(bands, spendNow)?.RatePercent ?? 0m);
        var due = Math.Min(paid.Amount, Amount(spendNow, rate));
        var owedAmount = Math.Max(0m, paid.Amount - due - paid.ClawedBack);
        if (paid.PayAs != CashbackPayout.Points)
            return (owedAmount, 0);
        var duePoints = Math.Min(paid.Points, Points(due, currencyPerPoint));
        return (owedAmount, Math.Max(0, paid.Points - duePoints - paid.ClawedBackPoints));
    }
}
