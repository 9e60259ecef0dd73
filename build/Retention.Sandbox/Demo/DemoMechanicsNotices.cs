using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Cashback;
using Retention.Core.Common;
using Retention.Core.Localization;
using Retention.Core.Loyalty.Cards;
using Retention.Core.Membership;
using Retention.Core.Stamps;
using Retention.Core.Tables;
using Retention.Core.Workflows;
using Retention.Core.Workflows.Content;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Demo;

/// <summary>
/// One loyalty-mechanics email the live engine would have enrolled during the history: the workflow, the subject Core's
/// door gives it (<see cref="CashbackPaid.Subject"/>, <see cref="StampNotice.FullSubject"/>, <see cref="MembershipReminder.Subject"/>),
/// when, and the tokens Core's content would have filled then.
/// </summary>
internal sealed record MechanicsNotice(WorkflowKind Kind, int Customer, string Subject, DateTime AtUtc, IReadOnlyDictionary<string, string> Tokens);

/// <summary>
/// The mechanics' emails of the demo's history, read from what the seeding stages wrote (cashback payouts, the stamp cards
/// filled, the Coffee Club's payments, the orders that raised a discount card), so the workflow list shows their sends beside the other workflows'. The tokens are
/// those <see cref="WorkflowEmailContent"/> fills for the same facts, as the sandbox's English reader writes them.
/// Challenge and badge emails are not here: the demo counts the challenges at its last instant, so theirs are the first
/// live run's. Deterministic: ordered by time, customer and subject.
/// </summary>
internal static class DemoMechanicsNotices
{
    private const int Store = DemoStoreGenerator.StoreId;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    // The hour of the nightly sweep that finds the membership reminders due.
    private const int SweepHour = 3;

    public static async Task<List<MechanicsNotice>> ReadAsync(SandboxDatabase database, StoreContent content, DateTime fromUtc, DateTime asOfUtc,
        IReadOnlyList<(StampCardFilled Card, DateTime AtUtc)>? stampFills, IReadOnlyList<CardRaise>? cardRaises, CancellationToken cancellationToken)
    {
        var reader = EmailReader.English;
        var notices = new List<MechanicsNotice>();
        await using var db = database.CreateContext();

        // Cashback: the statement of each payout, enrolled when the night paid it.
        var payouts = await db.CashbackPayouts.AsNoTracking()
            .Where(p => p.StoreId == Store && p.CustomerId > 0 && p.CreatedOnUtc >= fromUtc && p.CreatedOnUtc < asOfUtc)
            .ToListAsync(cancellationToken);
        foreach (var payout in payouts.Select(CashbackStore.ViewOf))
        {
            var amount = Money(payout.Amount);
            notices.Add(new MechanicsNotice(WorkflowKind.CashbackStatement, payout.Customer.Value,
                new CashbackPaid(payout.Store, payout.Customer, payout.Period, payout.PaidUtc).Subject, payout.PaidUtc, new Dictionary<string, string>
                {
                    [WorkflowTokens.CashbackPeriod] = CashbackTexts.PeriodName(payout.Period),
                    [WorkflowTokens.CashbackSpend] = Money(payout.Spend),
                    [WorkflowTokens.CashbackRate] = payout.RatePercent.ToString("0.##", Inv) + " %",
                    [WorkflowTokens.CashbackAmount] = amount,
                    [WorkflowTokens.CashbackHowToUse] = payout.PayAs == CashbackPayout.Points
                        ? $"{payout.Points.ToString("N0", Inv)} points were added to your balance: use them at checkout."
                        : $"Your gift card code is {payout.GiftCardCode}: enter it at checkout to pay with it (it holds {amount}).",
                }));
        }

        // The discount card: the congratulation for the percent an order reached (its subject carries the percent, as live).
        foreach (var raise in cardRaises ?? [])
            if (raise.AtUtc >= fromUtc && raise.AtUtc < asOfUtc)
                notices.Add(new MechanicsNotice(WorkflowKind.CardLevelUp, raise.Customer, CardNotice.Subject(raise.Percent, raise.AtUtc), raise.AtUtc,
                    new Dictionary<string, string> { [WorkflowTokens.CardDiscount] = raise.Percent.ToString("0.##", Inv) + "%" }));

        // Stamp cards: the full card's coupon, when the order filled it.
        var products = content.Products.ToDictionary(p => p.Id, p => p.Name);
        var cards = DemoLoyalty.StampCards.ToDictionary(c => c.Id);
        foreach (var (card, at) in stampFills ?? [])
        {
            if (at < fromUtc || at >= asOfUtc || !cards.TryGetValue(card.CardId, out var definition))
                continue;
            notices.Add(new MechanicsNotice(WorkflowKind.StampCardFull, card.Customer.Value, StampNotice.FullSubject(card.CardId, card.Number), at,
                new Dictionary<string, string>
                {
                    [WorkflowTokens.StampCardName] = card.CardName,
                    [WorkflowTokens.StampReward] = reader.Say(definition.Reward == StampReward.AmountOff
                        ? CoreMessages.EmailStampAmountOff(Money(definition.RewardAmount))
                        : CoreMessages.EmailStampFreeProduct(products.GetValueOrDefault(definition.RewardProductId))),
                    [WorkflowTokens.CouponCode] = card.CouponCode,
                    [WorkflowTokens.CouponValue] = Money(card.RewardValue),
                    [WorkflowTokens.CouponExpires] = reader.Date(card.CouponExpiresUtc, null),
                }));
        }

        // The Coffee Club: each night's sweep finds the reminder due from the payments, cancellations and failures known then.
        var membership = DemoMembership.Settings();
        var rows = await db.Memberships.AsNoTracking().Where(r => r.StoreId == Store).ToListAsync(cancellationToken);
        string Text(string key) => MembershipTexts.Template(key, reader.Culture);
        var perks = MembershipTexts.Perks(membership, Text, reader.Culture);
        var perksSentence = perks.Count == 0 ? string.Empty : TextFormat.Format(Text("perks"), reader.Culture, TextArg.Of("perks", string.Join(", ", perks)));
        foreach (var member in rows.GroupBy(r => r.CustomerId).OrderBy(g => g.Key))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var night = fromUtc.Date.AddDays(1).AddHours(SweepHour); night < asOfUtc; night = night.AddDays(1))
            {
                var known = member.Where(r => r.AtUtc <= night).ToList();
                var payments = known.Where(r => r.Kind == (int)MembershipRowKind.Period && !r.TakenBack)
                    .Select(r => new MembershipPayment(r.OrderId, r.AtUtc, new MembershipCycle((MembershipCycleUnit)r.CycleUnit, r.CycleLength))).ToList();
                var status = MembershipRules.Status(payments, known.Where(r => r.Kind == (int)MembershipRowKind.Cancelled).Select(r => r.AtUtc),
                    known.Where(r => r.Kind == (int)MembershipRowKind.RenewalFailed).Select(r => r.AtUtc), membership.GraceDays, night);
                if (MembershipRules.ReminderDue(status, membership, night) is not { } due)
                    continue;
                var reminder = new MembershipReminder(new StoreId(Store), new CustomerId(member.Key), due.Kind, due.DateUtc, night);
                if (!seen.Add(reminder.Subject))
                    continue;
                var yearStart = new DateTime(night.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
                var saved = known.Where(r => r.Kind == (int)MembershipRowKind.Saving && !r.TakenBack && r.AtUtc >= yearStart)
                    .Sum(r => (r.DiscountCents + r.ShippingCents + r.PointsValueCents) / 100m);
                var savedAmount = Money(saved);
                notices.Add(new MechanicsNotice(due.Kind == MembershipReminderKind.Renewal ? WorkflowKind.MembershipRenewal : WorkflowKind.MembershipExpiry,
                    member.Key, reminder.Subject, night, new Dictionary<string, string>
                    {
                        [WorkflowTokens.MemberRenewalDate] = reader.Date(status.PaidThroughUtc!.Value, null),
                        [WorkflowTokens.MemberEndsOn] = reader.Date(status.EndsUtc!.Value, null),
                        [WorkflowTokens.MemberSavedThisYear] = savedAmount,
                        [WorkflowTokens.MemberSavings] = saved > 0m
                            ? TextFormat.Format(MembershipTexts.Template("saved", reader.Culture), reader.Culture, TextArg.Of("amount", savedAmount))
                            : string.Empty,
                        [WorkflowTokens.MemberPerks] = perksSentence,
                    }));
            }
        }
        return notices.OrderBy(n => n.AtUtc).ThenBy(n => n.Customer).ThenBy(n => n.Subject, StringComparer.Ordinal).ToList();
    }

    // As the sandbox's email facts write money (SandboxWorkflowContent).
    private static string Money(decimal amount) => "$" + amount.ToString("0.00", Inv);
}
