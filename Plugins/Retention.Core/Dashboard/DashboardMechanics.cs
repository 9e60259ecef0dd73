// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using System.Diagnostics;
using Retention.Core.Cashback;
using Retention.Core.Challenges;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Membership;
using Retention.Core.Stamps;

namespace Retention.Core.Dashboard;

/// <summary>
/// The loyalty mechanics' sections of the dashboard (issue 18): one per mechanic switched on in the store, null when it is
/// off (the script then shows no section). The window is the snapshot's default period, [as_of − P, as_of) in UTC.
/// </summary>
public sealed record DashboardMechanics(DashboardMembership? Membership, DashboardCashback? Cashback, DashboardStamps? Stamps, DashboardChallenges? Challenges);

/// <summary>Paid membership in the window: <see cref="MembershipProgram.DashboardAsync"/>'s figures, the ones /admin/membership shows.</summary>
/// <param name="RenewalRate">Paid renewals ÷ renewals due in the window (renewals paid + memberships ended); null when none was due.</param>
/// <param name="RevenuePerMember">Order revenue ÷ customers who ordered, among members; null when no member ordered.</param>
/// <param name="RevenuePerNonMember">The same among everyone else; null when nobody else ordered.</param>
/// <param name="Savings">What the perks gave members' orders in the window.</param>
/// <param name="MembershipRevenue">Totals of the orders that paid a membership period in the window.</param>
public sealed record DashboardMembership(int PeriodDays, int Members, int Joined, int Churned, int Renewals, double? RenewalRate, decimal? RevenuePerMember,
    decimal? RevenuePerNonMember, int MembersWhoOrdered, int NonMembersWhoOrdered, decimal Savings, decimal MembershipRevenue);

/// <summary>Periodic cashback: the last ended period's payout and what the store still owes.</summary>
/// <param name="LastPeriod">The last ended period's label (<c>2026-11</c>, <c>2026-q4</c>).</param>
/// <param name="PayAs"><c>Points</c> or <c>GiftCard</c>: how cashback is paid now.</param>
/// <param name="TakenBack">Of the last period's payout, what refunds since took back.</param>
/// <param name="PointsOutstanding">Cashback points credited before as_of less those taken back (the finance report's line).</param>
/// <param name="GiftCardRemaining">The cashback gift cards' remaining balances, now.</param>
public sealed record DashboardCashback(string LastPeriod, string PayAs, int CustomersPaid, decimal AmountPaid, decimal TakenBack, long PointsOutstanding,
    decimal PointsOutstandingValue, decimal GiftCardRemaining, int GiftCards);

/// <summary>Stamp cards: cards in progress now, and the window's completed cards and reward coupons.</summary>
/// <param name="CouponsOutstanding">Reward coupons a customer can still use at as_of (<see cref="StampProgram.OutstandingAsync"/>).</param>
public sealed record DashboardStamps(int PeriodDays, int CardsInProgress, int CompletedInPeriod, int CouponsIssued, int CouponsRedeemed, int CouponsOutstanding,
    decimal CouponsOutstandingValue);

/// <summary>Challenges and badges: the challenges running or ended in the window, with completions, and the badges awarded.</summary>
/// <param name="Active">Challenges running now.</param>
/// <param name="Completions">Completions (not revoked) of the challenges listed.</param>
public sealed record DashboardChallenges(int PeriodDays, int Active, int Completions, int BadgesInPeriod, int BadgesAwarded, IReadOnlyList<DashboardChallenge> Challenges);

/// <summary>One challenge of the dashboard's list.</summary>
public sealed record DashboardChallenge(int Id, string Name, DateOnly StartDate, DateOnly EndDate, bool Running, int Participants, int Completions);

/// <summary>
/// One line of the finance report's loyalty-mechanics part.
/// </summary>
/// <param name="Key">Stable key: <c>cashbackPoints</c>, <c>cashbackPointsValue</c>, <c>cashbackGiftCards</c>, <c>membershipRevenue</c>,
/// <c>membershipPeriods</c>, <c>stampCoupons</c>, <c>stampCouponsValue</c>; its label is <c>finance.{Key}</c> in <see cref="DashboardTexts"/>.</param>
/// <param name="Unit"><c>count</c>, <c>points</c> or <c>money</c> (the store's primary currency).</param>
public sealed record MechanicsAccountingLine(string Key, string Unit, decimal Value);

/// <summary>The finance report's loyalty-mechanics part for the UTC days [From, To]: liabilities at the end of To, revenue within.</summary>
public sealed record MechanicsAccounting(StoreId Store, DateOnly From, DateOnly To, IReadOnlyList<MechanicsAccountingLine> Lines)
{
    /// <summary>The line of <paramref name="key"/>, or null when the report has none (its mechanic is off and it is zero).</summary>
    public MechanicsAccountingLine? Line(string key) => Lines.FirstOrDefault(l => l.Key == key);
}

/// <summary>
/// The loyalty mechanics' figures for the dashboard and the finance report, from each mechanic's own Core definition
/// (<see cref="MembershipProgram.DashboardAsync"/>, <see cref="CashbackProgram.AccountingAsync"/>, <see cref="StampProgram"/>,
/// <see cref="ChallengeViews.DashboardAsync"/>), so /admin/membership, the dashboard and the report say one number. A few
/// aggregate queries per mechanic, never one per customer. Any program may be null where a host does not run it.
/// </summary>
public sealed class MechanicsFigures(ILoyaltySettingsStore settings, MembershipProgram? membership = null, CashbackProgram? cashback = null,
    StampProgram? stamps = null, ChallengeViews? challenges = null, IChallengeSettingsStore? challengeSettings = null)
{
    /// <summary>Called after each mechanic with its name and wall time (the dashboard builder's profile).</summary>
    public Action<string, TimeSpan>? OnPhase { get; set; }

    /// <summary>The window a dashboard of <paramref name="asOf"/> with period <paramref name="periodDays"/> reads: [as_of − P, as_of) in UTC.</summary>
    public static (DateTime FromUtc, DateTime ToUtc) Window(DateOnly asOf, int periodDays)
    {
        var to = asOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        return (to.AddDays(-periodDays), to);
    }

    /// <summary>The sections for the mechanics switched on in <paramref name="store"/>.</summary>
    public async Task<DashboardMechanics> DashboardAsync(StoreId store, DateOnly asOf, int periodDays, CancellationToken cancellationToken = default)
    {
        var loyalty = await settings.LoadAsync(store, cancellationToken);
        var (fromUtc, toUtc) = Window(asOf, periodDays);
        var watch = Stopwatch.StartNew();

        DashboardMembership? member = null;
        if (membership is not null && loyalty.Membership is { Enabled: true })
        {
            var m = await membership.DashboardAsync(store, fromUtc, toUtc, cancellationToken);
            member = new DashboardMembership(periodDays, m.Members, m.Starts, m.Churned, m.Renewals, m.RenewalRate is { } r ? (double)r : null, m.RevenuePerMember,
                m.RevenuePerNonMember, m.MembersWhoOrdered, m.NonMembersWhoOrdered, m.Savings, m.MembershipRevenue);
        }
        Phase("membership", watch);

        DashboardCashback? back = null;
        if (cashback is not null && loyalty.Cashback is { Enabled: true })
        {
            var zone = challengeSettings is null ? TimeZoneInfo.Utc : await challengeSettings.TimeZoneAsync(store, cancellationToken);
            var last = await cashback.LastPeriodAsync(store, zone, cancellationToken);
            var owed = await cashback.AccountingAsync(store, asOf.AddDays(-1), asOf.AddDays(-1), cancellationToken);
            if (last is not null)
                back = new DashboardCashback(last.Period.Label, loyalty.Cashback.PayAs.ToString(), last.CustomersPaid, last.AmountPaid, last.TakenBack,
                    owed.PointsOutstanding, owed.PointsOutstandingValue, owed.GiftCardRemaining, owed.GiftCards);
        }
        Phase("cashback", watch);

        DashboardStamps? card = null;
        if (stamps is not null && loyalty.StampCards.Any(c => c.Enabled))
        {
            var s = await stamps.DashboardAsync(store, fromUtc, toUtc, cancellationToken);
            var open = await stamps.OutstandingAsync(store, toUtc, cancellationToken);
            card = new DashboardStamps(periodDays, s.ActiveCards, s.CompletedInPeriod, s.CouponsIssued, s.CouponsRedeemed, open.Coupons, open.Value);
        }
        Phase("stamps", watch);

        DashboardChallenges? game = null;
        if (challenges is not null && challengeSettings is not null && (await challengeSettings.LoadAsync(store, cancellationToken)).Enabled)
        {
            var c = await challenges.DashboardAsync(store, fromUtc, cancellationToken);
            game = new DashboardChallenges(periodDays, c.Challenges.Count(x => x.Running), c.Challenges.Sum(x => x.Completions), c.BadgesAwardedInPeriod,
                c.BadgesAwarded, c.Challenges.Select(x => new DashboardChallenge(x.Id, x.Name, x.StartDate, x.EndDate, x.Running, x.Participants, x.Completions)).ToList());
        }
        Phase("challenges", watch);
        return new DashboardMechanics(member, back, card, game);
    }

    /// <summary>
    /// The finance report's mechanics lines for the UTC days [<paramref name="from"/>, <paramref name="to"/>]: cashback owed
    /// at the end of <paramref name="to"/> as points and as gift-card balances (each its own line), the membership's revenue
    /// and periods paid within the days, and the stamp reward coupons outstanding at the end. A mechanic that is off shows
    /// its lines only when they are not zero (a liability outlives the switch). The same definitions as the dashboard's
    /// sections: a dashboard of as_of = <paramref name="to"/> + 1 day whose period is the report's length says the same figures.
    /// </summary>
    public async Task<MechanicsAccounting> AccountingAsync(StoreId store, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        if (to < from)
            throw new ArgumentException($"The report ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).", nameof(to));
        var loyalty = await settings.LoadAsync(store, cancellationToken);
        var (fromUtc, toUtc) = (from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        var lines = new List<MechanicsAccountingLine>();
        void Add(bool on, string key, string unit, decimal value)
        {
            if (on || value != 0m) lines.Add(new MechanicsAccountingLine(key, unit, value));
        }

        if (cashback is not null)
        {
            var owed = await cashback.AccountingAsync(store, to, to, cancellationToken);
            var on = loyalty.Cashback is { Enabled: true };
            Add(on, "cashbackPoints", "points", owed.PointsOutstanding);
            Add(on, "cashbackPointsValue", "money", owed.PointsOutstandingValue);
            Add(on, "cashbackGiftCards", "money", owed.GiftCardRemaining);
        }
        if (membership is not null)
        {
            var m = await membership.DashboardAsync(store, fromUtc, toUtc, cancellationToken);
            var on = loyalty.Membership is { Enabled: true };
            Add(on, "membershipRevenue", "money", m.MembershipRevenue);
            Add(on, "membershipPeriods", "count", m.Renewals + m.Starts);
        }
        if (stamps is not null)
        {
            var open = await stamps.OutstandingAsync(store, toUtc, cancellationToken);
            var on = loyalty.StampCards.Any(c => c.Enabled);
            Add(on, "stampCoupons", "count", open.Coupons);
            Add(on, "stampCouponsValue", "money", open.Value);
        }
        return new MechanicsAccounting(store, from, to, lines);
    }

    private void Phase(string name, Stopwatch watch)
    {
        OnPhase?.Invoke(name, watch.Elapsed);
        watch.Restart();
    }
}

/// <summary>
/// The finance report's mechanics lines as CSV, one writer for both hosts: a header row and one row per line, the
/// headers and labels in the admin's language (the host's text of <c>finance.*</c>), the stable key beside
/// each label so a spreadsheet can still pick a line by it, and invariant numbers (dot decimals).
/// </summary>
public static class MechanicsAccountingCsv
{
    /// <param name="text">The host's text of a <see cref="DashboardTexts"/> key in the admin's language.</param>
    public static string Write(MechanicsAccounting accounting, Func<string, string> text)
    {
        ArgumentNullException.ThrowIfNull(accounting);
        ArgumentNullException.ThrowIfNull(text);
        var csv = new System.Text.StringBuilder();
        csv.Append(string.Join(",", new[] { "finance.key", "finance.figure", "finance.value" }.Select(k => Quote(text(k))))).Append("\r\n");
        foreach (var line in accounting.Lines)
            csv.Append(Quote(line.Key)).Append(',').Append(Quote(text("finance." + line.Key))).Append(',')
                .Append(line.Value.ToString(line.Unit == "money" ? "0.00" : "0", System.Globalization.CultureInfo.InvariantCulture)).Append("\r\n");
        return csv.ToString();
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
