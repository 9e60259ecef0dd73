using Retention.Core.Common;
using Retention.Core.Store;

namespace Retention.Core.Loyalty;

/// <summary>
/// What shoppers, admins and finance read of the program, writing nothing: a customer's rewards, the points an order or
/// a product would earn, the points an order may spend, the daily points accounting.
/// </summary>
public sealed class LoyaltyViews
{
    private readonly IPointsLedger _ledger;
    private readonly ILedgerData _ledgerData;
    private readonly ILoyaltySettingsStore _settings;
    private readonly TierEvaluation _tiers;
    private readonly IQueryRunner _runner;
    private readonly Membership.IMemberEarning? _membership;
    private readonly IClock _clock;

    // membership: paid membership's multiplier where the host runs it, so a quote multiplies as the award does.
    public LoyaltyViews(IPointsLedger ledger, ILedgerData ledgerData, ILoyaltySettingsStore settings, TierEvaluation tiers, IQueryRunner runner, IClock clock,
        Membership.IMemberEarning? membership = null)
    {
        _membership = membership;
        _ledger = ledger;
        _ledgerData = ledgerData;
        _settings = settings;
        _tiers = tiers;
        _runner = runner;
        _clock = clock;
    }

    /// <summary>Largest report the accounting query builds in one call (a year, leap day included).</summary>
    public const int MaxAccountingDays = 366;

    /// <summary>The shopper's rewards: balance, pending, value, expiring soon, history (newest first), tier progress.</summary>
    public async Task<RewardsView> GetRewardsAsync(StoreId store, CustomerId customer, int historyLimit = 50, CancellationToken cancellationToken = default)
    {
        if (historyLimit < 0)
            throw new ArgumentOutOfRangeException(nameof(historyLimit), historyLimit, "The history limit cannot be negative.");
        var settings = await _settings.LoadAsync(store, cancellationToken);
        var now = _clock.UtcNow;
        // The entries are read anyway (history, expiring soon); the balance is their sum, so no second query asks for it.
        var entries = await _ledger.GetEntriesAsync(store, customer, cancellationToken);
        var balance = Lots.Spendable(entries, settings, now);
        var history = entries.Select((e, i) => (e, i)).OrderByDescending(x => x.e.CreatedUtc).ThenByDescending(x => x.i).Take(historyLimit)
            .Select(x => new RewardsHistoryLine(x.e.CreatedUtc, x.e.ActivatesUtc, x.e.Points, x.e.Reason, x.e.Source, x.e.SourceRef, x.e.Note,
                x.e.Actor, x.e.ActivatesUtc > now))
            .ToList();
        var expiring = Lots.ExpiringWithin(entries, settings, now, settings.ExpiryReminderDays);

        var tier = await TierProgressAsync(store, customer, settings, now, cancellationToken);

        return new RewardsView(store, customer, balance.Available, balance.Pending, RedemptionLimits.ValueOf(Math.Max(0, balance.Available), settings),
            expiring, history, tier.Tier, tier.Multiplier, tier.Basis, tier.Measure, tier.NextTier, tier.NextTierMissing,
            tier.Progress, tier.DowngradeAtUtc, settings.MinimumBalanceToRedeem, RedemptionLimits.CanRedeem(balance.Available, settings),
            expiring.Points > 0 && expiring.FirstExpiryUtc is { } first ? ExpiryNotices.For(entries, settings, now, first) : null);
    }

    /// <summary>
    /// The checkout widget: the balance, what the cart (<paramref name="cart"/>) earns with the customer's tier, what may be
    /// spent on an order of <paramref name="orderTotal"/>, and the tier progress. No entry is read while the ledger's
    /// summary holds: the balance comes from it, the tier from the standing and the rolling measure, each read once.
    /// </summary>
    public async Task<CheckoutView> CheckoutAsync(EarnOrder cart, decimal orderTotal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cart);
        var settings = await _settings.LoadAsync(cart.Store, cancellationToken);
        var now = _clock.UtcNow;
        var balance = await _ledger.GetSpendableAsync(cart.Store, cart.Customer, settings, now, cancellationToken);
        var tier = await TierProgressAsync(cart.Store, cart.Customer, settings, now, cancellationToken);
        // The multiplier of the tier held with the member's, as QuoteOrderAsync reads it (1 when tiers are off or none is held).
        var quote = settings.Enabled ? Earning.Quote(cart, settings, await WithMemberAsync(cart, tier.Multiplier, cancellationToken)) : new EarnQuote(0, 0m, 1m, 1m);
        return new CheckoutView(balance.Available, balance.Pending, RedemptionLimits.ValueOf(Math.Max(0, balance.Available), settings), quote,
            RedemptionLimits.For(balance.Available, orderTotal, settings), tier);
    }

    /// <summary>Where the customer stands on the tier ladder now and how far the next step up is.</summary>
    private async Task<TierProgressView> TierProgressAsync(StoreId store, CustomerId customer, LoyaltySettings settings, DateTime now, CancellationToken cancellationToken)
    {
        var tiers = settings.Tiers;
        var standing = await _tiers.StandingAsync(store, customer, cancellationToken);
        var held = tiers.FirstOrDefault(t => t.Name == standing.Tier);
        var measure = tiers.Count == 0 ? 0m : await _tiers.MeasureAsync(store, customer, settings.TierBasis, now, cancellationToken);
        // The next step up is above both the measure and the tier held (in grace the customer may hold more than they measure).
        var next = tiers.Where(t => t.Threshold > measure && (held is null || t.Threshold > held.Threshold)).OrderBy(t => t.Threshold).FirstOrDefault();
        var progress = tiers.Count == 0 ? 0m
            : next is null ? 1m
            : next.Threshold <= 0m ? 1m
            : Math.Clamp(measure / next.Threshold, 0m, 1m);
        var downgradeAt = held is not null && standing.BelowSinceUtc is { } below ? below.AddDays(settings.TierDowngradeGraceDays) : (DateTime?)null;
        return new TierProgressView(held?.Name, held?.Multiplier ?? 1m, settings.TierBasis, measure, next?.Name, next is null ? null : next.Threshold - measure,
            progress, downgradeAt);
    }

    /// <summary>What the customer's points-expiry reminder may say now (<see cref="ExpiryNotices"/>); null when no points lapse within the reminder days.</summary>
    public async Task<(ExpiringSoon Expiring, ExpiryNotice Notice)?> ExpiryNoticeAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var settings = await _settings.LoadAsync(store, cancellationToken);
        var now = _clock.UtcNow;
        var entries = await _ledger.GetEntriesAsync(store, customer, cancellationToken);
        var expiring = Lots.ExpiringWithin(entries, settings, now, settings.ExpiryReminderDays);
        return expiring.Points > 0 && expiring.FirstExpiryUtc is { } first ? (expiring, ExpiryNotices.For(entries, settings, now, first)) : null;
    }

    /// <summary>Points this order (a cart at checkout) would earn, with the customer's current tier.</summary>
    public async Task<EarnQuote> QuoteOrderAsync(EarnOrder order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var settings = await _settings.LoadAsync(order.Store, cancellationToken);
        if (!settings.Enabled) return new EarnQuote(0, 0m, 1m, 1m);
        var multiplier = await _tiers.MultiplierAsync(order.Store, order.Customer, settings, cancellationToken);
        return Earning.Quote(order, settings, await WithMemberAsync(order, multiplier, cancellationToken));
    }

    /// <summary>The tier's multiplier combined with the member's, as the award combines them (<see cref="LoyaltyEvents.OrderPaidAsync"/>).</summary>
    private async Task<decimal> WithMemberAsync(EarnOrder order, decimal tierMultiplier, CancellationToken cancellationToken) =>
        _membership is null ? tierMultiplier
            : Membership.MembershipRules.CombinedMultiplier(tierMultiplier, await _membership.MultiplierAsync(order.Store, order.Customer, cancellationToken));

    /// <summary>"Earn N points" on a product page, for a guest (<paramref name="customer"/> null) or a customer with a tier.</summary>
    public async Task<int> QuoteProductAsync(StoreId store, CustomerId? customer, EarnLine line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        var settings = await _settings.LoadAsync(store, cancellationToken);
        if (!settings.Enabled) return 0;
        var multiplier = customer is { } c ? await _tiers.MultiplierAsync(store, c, settings, cancellationToken) : 1m;
        return Earning.ForProduct(line, settings, _clock.UtcNow, multiplier);
    }

    /// <summary>The rewards panel: ways to earn, ways to redeem, tiers (the same for guests and customers).</summary>
    public async Task<ProgramView> ProgramAsync(StoreId store, CancellationToken cancellationToken = default) =>
        ProgramRules.Of(await _settings.LoadAsync(store, cancellationToken), _clock.UtcNow);

    /// <summary>"Earn N points" on a product page with its parts (rate, category or product multiplier, promotion, tier), which multiply to N.</summary>
    public async Task<ProductEarnView> ExplainProductAsync(StoreId store, CustomerId? customer, EarnLine line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        var settings = await _settings.LoadAsync(store, cancellationToken);
        var (multiplier, tier) = (1m, (string?)null);
        if (customer is { } c && settings.Enabled)
        {
            multiplier = await _tiers.MultiplierAsync(store, c, settings, cancellationToken);
            tier = multiplier == 1m ? null : (await _tiers.StandingAsync(store, c, cancellationToken)).Tier;
        }
        return ProgramRules.ExplainProduct(line, settings, _clock.UtcNow, multiplier, tier);
    }

    /// <summary>How many points the customer may spend on an order of <paramref name="orderTotal"/>.</summary>
    /// <remarks>Points already earned stay spendable when the program is switched off: they are the customer's.</remarks>
    public async Task<RedemptionAllowance> AllowanceAsync(StoreId store, CustomerId customer, decimal orderTotal, CancellationToken cancellationToken = default)
    {
        var settings = await _settings.LoadAsync(store, cancellationToken);
        // The balance the rewards page shows: points past their expiry are gone even before the sweep writes them.
        var balance = await _ledger.GetSpendableAsync(store, customer, settings, _clock.UtcNow, cancellationToken);
        return RedemptionLimits.For(balance.Available, orderTotal, settings);
    }

    /// <summary>The finance report: one line per UTC day in [<paramref name="from"/>, <paramref name="to"/>], computed in the database.</summary>
    /// <remarks>
    /// Four grouped queries whatever the length (see <see cref="LoyaltyQueries"/>): the balance before the first day by
    /// creation and by activation, the movements per day and reason, the activations per day. Movements are signed
    /// (reversals, redemptions and expiries negative) so Opening + every column = Closing. PendingAtClose counts points
    /// created before the day's end that become spendable at or after it (every rule activates an entry at or after its
    /// creation). Reasons: Earned = purchase, Bonuses = registration, birthday, review, survey and referral, Adjusted =
    /// admin adjustments, Reversed = purchase reversals, Redeemed = redemptions, Reimbursed = spent points given back,
    /// Expired = expiries. Valued at the store's current point value.
    /// </remarks>
    public async Task<IReadOnlyList<PointsAccountingDay>> AccountingAsync(StoreId store, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        if (to < from)
            throw new ArgumentException($"The report ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).", nameof(to));
        if (to.DayNumber - from.DayNumber + 1 > MaxAccountingDays)
            throw new ArgumentException($"A report covers at most {MaxAccountingDays} days; ask for a shorter period.", nameof(to));

        var settings = await _settings.LoadAsync(store, cancellationToken);
        var fromUtc = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var endUtc = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        var opening = (await _runner.ToListAsync(LoyaltyQueries.SumBefore(_ledgerData, store.Value, fromUtc, byActivation: false), cancellationToken)).Sum();
        var active = (await _runner.ToListAsync(LoyaltyQueries.SumBefore(_ledgerData, store.Value, fromUtc, byActivation: true), cancellationToken)).Sum();
        var movements = (await _runner.ToListAsync(LoyaltyQueries.MovementsByDayAndReason(_ledgerData, store.Value, fromUtc, endUtc), cancellationToken))
            .ToLookup(r => new DateOnly(r.Year, r.Month, r.Day));
        var activations = (await _runner.ToListAsync(LoyaltyQueries.ActivationsByDay(_ledgerData, store.Value, fromUtc, endUtc), cancellationToken))
            .ToLookup(r => new DateOnly(r.Year, r.Month, r.Day));

        var days = new List<PointsAccountingDay>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            long earned = 0, bonuses = 0, adjusted = 0, reversed = 0, redeemed = 0, reimbursed = 0, expired = 0, challenges = 0;
            foreach (var row in movements[day])
            {
                switch ((LedgerReason)row.ReasonId)
                {
                    case LedgerReason.Purchase: earned += row.Points; break;
                    case LedgerReason.PurchaseReversal: reversed += row.Points; break;
                    case LedgerReason.Redemption: redeemed += row.Points; break;
                    case LedgerReason.RedemptionRefund: reimbursed += row.Points; break;
                    case LedgerReason.Expiry: expired += row.Points; break;
                    case >= LedgerReason.RegistrationBonus and <= LedgerReason.ReferralBonus: bonuses += row.Points; break;
                    // Challenge rewards less the ones taken back: a row of their own, as finance asks.
                    case LedgerReason.ChallengeReward or LedgerReason.ChallengeRewardReversal: challenges += row.Points; break;
                    // Admin adjustments, and any reason a later version adds, so the day still balances.
                    default: adjusted += row.Points; break;
                }
            }
            var closing = opening + earned + bonuses + adjusted + reversed + redeemed + reimbursed + expired + challenges;
            active += activations[day].Sum(r => r.Points);
            days.Add(new PointsAccountingDay(day, store, opening, earned, bonuses, adjusted, reversed, redeemed, reimbursed, expired, closing,
                closing - active, settings.CurrencyPerPoint, challenges));
            opening = closing;
        }
        return days;
    }
}
