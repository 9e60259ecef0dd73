// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using System.Globalization;
using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Core.Tables;

namespace Retention.Core.Stamps;

/// <summary>The host's catalog as stamp cards need it.</summary>
public interface IStampCatalog
{
    /// <summary>The product's price in the primary currency (the value of a free-product coupon); null when it is gone.</summary>
    Task<decimal?> PriceAsync(StoreId store, int productId, CancellationToken cancellationToken = default);

    /// <summary>The product's name as shoppers read it (the "your card is full" email names the free product); null when it is gone.</summary>
    Task<string?> NameAsync(StoreId store, int productId, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);

    /// <summary>The product's name in the language <paramref name="reader"/>'s emails are written in; the plain name where the host keeps no translations.</summary>
    Task<string?> NameAsync(StoreId store, int productId, CustomerId reader, CancellationToken cancellationToken = default) => NameAsync(store, productId, cancellationToken);
}

/// <summary>A card that filled: its coupon is issued (the "your card is full" email's facts).</summary>
/// <param name="Number">Which of the customer's cards filled, from 1.</param>
public sealed record StampCardFilled(StoreId Store, CustomerId Customer, int CardId, string CardName, int Number, string CouponCode, DateTime CouponExpiresUtc,
    StampReward Reward, decimal RewardValue);

/// <summary>What an order paid did to the customer's stamp cards.</summary>
public sealed record StampOutcome(int StampsGiven, IReadOnlyList<StampCardFilled> Filled)
{
    public static readonly StampOutcome None = new(0, []);
}

/// <summary>What a refund did to the stamps of its order: stamps taken away, coupons withdrawn, coupons kept although used.</summary>
/// <param name="Refilled">Cards the customer's remaining stamps filled again after a withdrawn coupon (each with a new coupon and its email).</param>
public sealed record StampRemoval(int StampsRemoved, int CouponsWithdrawn, int Overdrawn, IReadOnlyList<StampCardFilled>? Refilled = null)
{
    public static readonly StampRemoval None = new(0, 0, 0);
}

/// <summary>A partial card about to lapse: the reminder email's facts ("2 more before May 3").</summary>
/// <param name="Number">Which of the customer's cards, from 1.</param>
public sealed record StampCardExpiring(StoreId Store, CustomerId Customer, int CardId, int Number, int Stamps, int StampsToGo, DateTime ExpiresUtc);

/// <summary>A full card as its email reads it: the card, its coupon and what the coupon gives, and the coupon's last moment.</summary>
public sealed record StampFilledCard(StampCardDefinition Card, int Number, string CouponCode, decimal RewardValue, DateTime FilledUtc, DateTime CouponExpiresUtc,
    StampState State);

/// <summary>A coupon a full card gave.</summary>
public sealed record StampCouponView(int Number, string Code, DateTime FilledUtc, StampState State);

/// <summary>One of the shopper's cards: the open card's stamps, when it lapses, and the coupons earned.</summary>
/// <param name="Stamps">Stamps on the open card (0 ≤ Stamps &lt; StampsToFill).</param>
/// <param name="ExpiresUtc">When the open card's stamps lapse; null when it is empty or cards never lapse.</param>
public sealed record StampCardView(StampCardDefinition Card, int Stamps, DateTime? ExpiresUtc, IReadOnlyList<StampCouponView> Coupons)
{
    public int StampsToGo => Card.StampsToFill - Stamps;
}

/// <summary>What a cart would do to a card: "this order adds 1 stamp", "2 more for a free one".</summary>
/// <param name="Adds">Stamps the cart gives when it is paid.</param>
/// <param name="ToGoAfter">Stamps still missing on the open card after this order (0: it fills).</param>
/// <param name="Fills">Cards this order fills.</param>
public sealed record StampCartPreview(StampCardView Current, int Adds, int ToGoAfter, int Fills);

/// <summary>Per store: partial cards holding stamps, cards that filled, and of their coupons the ones an order used.</summary>
/// <param name="ActiveCards">Cards in progress: partial cards holding a stamp that counts.</param>
/// <param name="FilledCards">Cards that filled and kept their coupon, all time.</param>
/// <param name="CouponsRedeemed">Of the coupons issued in the window, those an order used.</param>
/// <param name="CompletedInPeriod">Cards that filled in the window (their coupon withdrawn since or not).</param>
/// <param name="CouponsIssued">Coupons issued in the window and not withdrawn.</param>
public sealed record StampDashboard(int ActiveCards, int FilledCards, int CouponsRedeemed, int CompletedInPeriod = 0, int CouponsIssued = 0);

/// <summary>Reward coupons of full cards a customer can still use at an instant: issued, not withdrawn, not used, not expired.</summary>
public sealed record StampCouponsOutstanding(int Coupons, decimal Value);

/// <summary>The finance report's stamp lines for a period: coupons issued and redeemed, with their value.</summary>
public sealed record StampAccounting(StoreId Store, int CouponsIssued, decimal IssuedValue, int CouponsRedeemed, decimal RedeemedValue, int CouponsWithdrawn,
    int Overdrawn);

/// <summary>
/// Stamp cards, "buy N, get one" (<see cref="LoyaltySettings.StampCards"/>): stamps from paid orders, a single-use coupon
/// when a card fills, partial cards lapsing, refunds taking stamps back, and the shopper's and the merchant's views. Every
/// write is keyed (see <see cref="StampRow"/>), so the same event twice gives nothing twice; an erased customer gets nothing.
/// </summary>
/// <remarks>
/// <para>A card is numbered per customer, from 1; new stamps go on the open card: the highest number that neither filled nor
/// lapsed. A card lapses when a stamp arrives (or the shopper looks) <see cref="StampCardDefinition.ExpiryDays"/> after the
/// first stamp on it still counting; its stamps are marked expired and the next stamp opens the next card.</para>
/// <para>A refund that reverses the whole order (a cancellation, a full refund, a deleted order) takes its stamps away; a
/// partial refund keeps them (the order still qualified). When a taken stamp was on a full card, its coupon is withdrawn
/// if unused and the card's other stamps go back onto the open card (so the customer keeps what they still earned); if the
/// coupon was used it stays and the card is recorded as overdrawn, with nothing taken from later cards (docs/decisions.md).</para>
/// </remarks>
public sealed class StampProgram(StampStore stamps, CouponStore coupons, ILoyaltySettingsStore settings, IStampCatalog catalog, IStoreData store,
    IQueryRunner runner, IClock clock)
{
    /// <summary>The stamps a paid order gives on each of the store's cards, filling cards as they reach N.</summary>
    public async Task<StampOutcome> OrderPaidAsync(EarnOrder order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Refunds is { Share: 1m })
            return StampOutcome.None;
        var cards = (await settings.LoadAsync(order.Store, cancellationToken)).StampCards.Where(c => c.Enabled).ToList();
        var due = cards.Select(c => (Card: c, Count: StampCards.StampsFor(c, order))).Where(c => c.Count > 0).ToList();
        if (due.Count == 0 || await Erasure.IsErasedAsync(store, runner, order.Customer, cancellationToken))
            return StampOutcome.None;
        var given = 0;
        var filled = new List<StampCardFilled>();
        foreach (var (card, count) in due)
        {
            var rows = await stamps.CardAsync(order.Store, card.Id, order.Customer, cancellationToken);
            for (var n = 1; n <= count; n++)
            {
                var key = StampKey(order.Store, card.Id, order.OrderId, n);
                if (rows.Any(r => r.IdempotencyKey == key))
                    continue; // a replay: this stamp is given already
                var number = await OpenCardAsync(card, rows, order.PaidUtc, cancellationToken);
                var row = new StampRow
                {
                    IdempotencyKey = key,
                    StoreId = order.Store.Value,
                    CardId = card.Id,
                    CustomerId = order.Customer.Value,
                    OrderId = order.OrderId,
                    CardNumber = number,
                    KindId = (int)StampRowKind.Stamp,
                    StateId = (int)StampState.Active,
                    CreatedOnUtc = order.PaidUtc,
                };
                if (await stamps.TryAddAsync(row, cancellationToken))
                {
                    rows.Add(row);
                    given++;
                }
                else
                    rows = await stamps.CardAsync(order.Store, card.Id, order.Customer, cancellationToken);
            }
            // Also after a replay: a delivery that stopped between its last stamp and the coupon finishes the card here.
            filled.AddRange(await FillDueAsync(card, order.Store, order.Customer, rows, order.PaidUtc, cancellationToken));
        }
        return new StampOutcome(given, filled);
    }

    /// <summary>
    /// A refund, cancellation or deleted order: when it reverses the whole order, its stamps are taken away (see the
    /// class remarks for full cards). A partial refund changes nothing.
    /// </summary>
    public async Task<StampRemoval> OrderRefundedAsync(OrderRefund refund, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(refund);
        if (refund.Share < 1m)
            return StampRemoval.None;
        var taken = await stamps.ActiveStampsOfOrderAsync(refund.Store, refund.OrderId, cancellationToken);
        if (taken.Count == 0)
            return StampRemoval.None;
        var removed = await stamps.ChangeStateAsync(taken.Select(r => r.Id).ToList(), StampState.Active, StampState.Removed, cancellationToken);
        var (withdrawn, overdrawn) = (0, 0);
        var refilled = new List<StampCardFilled>();
        var cards = (await settings.LoadAsync(refund.Store, cancellationToken)).StampCards;
        foreach (var group in taken.GroupBy(r => (r.CardId, r.CustomerId)))
        {
            var customer = new CustomerId(group.Key.CustomerId);
            var rows = await stamps.CardAsync(refund.Store, group.Key.CardId, customer, cancellationToken);
            foreach (var number in group.Select(r => r.CardNumber).Distinct())
            {
                if (rows.FirstOrDefault(r => r.KindId == (int)StampRowKind.Card && r.CardNumber == number && r.StateId == (int)StampState.Filled) is not { } full)
                    continue;
                var outcome = await coupons.WithdrawUnusedAsync(new IdempotencyKey(full.IdempotencyKey), cancellationToken);
                if (outcome == CouponWithdrawal.Used)
                {
                    if (await stamps.ChangeStateAsync([full.Id], StampState.Filled, StampState.Overdrawn, cancellationToken) > 0)
                        overdrawn++;
                    continue;
                }
                if (await stamps.ChangeStateAsync([full.Id], StampState.Filled, StampState.Withdrawn, cancellationToken) == 0)
                    continue; // another delivery of this refund handled the card
                withdrawn++;
                full.StateId = (int)StampState.Withdrawn;
                // The stamps the customer still earned on that card go onto the open card, which may fill with them.
                if (cards.FirstOrDefault(c => c.Id == group.Key.CardId) is not { } card)
                    continue;
                var now = clock.UtcNow;
                var keep = rows.Where(r => r.KindId == (int)StampRowKind.Stamp && r.CardNumber == number && r.StateId == (int)StampState.Active
                                           && group.All(t => t.Id != r.Id)).ToList();
                var open = await OpenCardAsync(card, rows, now, cancellationToken);
                await stamps.MoveAsync(keep.Select(r => r.Id).ToList(), open, cancellationToken);
                rows = await stamps.CardAsync(refund.Store, card.Id, customer, cancellationToken);
                refilled.AddRange(await FillDueAsync(card, refund.Store, customer, rows, now, cancellationToken));
            }
        }
        return new StampRemoval(removed, withdrawn, overdrawn, refilled);
    }

    /// <summary>The shopper's cards in the store (every enabled card, and any other one they hold stamps or coupons of).</summary>
    public async Task<IReadOnlyList<StampCardView>> CardsAsync(StoreId storeId, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var cards = (await settings.LoadAsync(storeId, cancellationToken)).StampCards;
        var rows = await stamps.CustomerAsync(storeId, customer, cancellationToken);
        var now = clock.UtcNow;
        return cards.Where(c => c.Enabled || rows.Any(r => r.CardId == c.Id)).Select(c => View(c, rows.Where(r => r.CardId == c.Id).ToList(), now)).ToList();
    }

    /// <summary>What the cart (an order not yet paid) would do to each of the shopper's enabled cards it counts on.</summary>
    public async Task<IReadOnlyList<StampCartPreview>> PreviewAsync(EarnOrder cart, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cart);
        var views = await CardsAsync(cart.Store, cart.Customer, cancellationToken);
        return views.Where(v => v.Card.Enabled).Select(v => Preview(v, StampCards.StampsFor(v.Card, cart))).ToList();
    }

    /// <summary>What a product page says: the enabled product cards counting <paramref name="productId"/>, with the shopper's progress (guest: none).</summary>
    public async Task<IReadOnlyList<StampCardView>> ProductCardsAsync(StoreId storeId, CustomerId? customer, int productId, CancellationToken cancellationToken = default)
    {
        if (customer is { } known)
            return (await CardsAsync(storeId, known, cancellationToken)).Where(v => v.Card.Enabled && v.Card.Scope == StampScope.Product && v.Card.TargetId == productId).ToList();
        return (await settings.LoadAsync(storeId, cancellationToken)).StampCards
            .Where(c => c.Enabled && c.Scope == StampScope.Product && c.TargetId == productId)
            .Select(c => new StampCardView(c, 0, null, [])).ToList();
    }

    /// <summary>"This order adds <paramref name="adds"/>": how far it takes the open card.</summary>
    public static StampCartPreview Preview(StampCardView view, int adds)
    {
        ArgumentNullException.ThrowIfNull(view);
        var total = view.Stamps + adds;
        var fills = total / view.Card.StampsToFill;
        var onOpen = total % view.Card.StampsToFill;
        return new StampCartPreview(view, adds, fills > 0 && onOpen == 0 ? 0 : view.Card.StampsToFill - onOpen, fills);
    }

    /// <summary>The dashboard's stamp figures for a store.</summary>
    public async Task<StampDashboard> DashboardAsync(StoreId storeId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
    {
        var (active, filled) = await stamps.CountsAsync(storeId, cancellationToken);
        var accounting = await AccountingAsync(storeId, fromUtc, toUtc, cancellationToken);
        return new StampDashboard(active, filled, accounting.CouponsRedeemed, accounting.CouponsIssued + accounting.CouponsWithdrawn, accounting.CouponsIssued);
    }

    /// <summary>
    /// The reward coupons outstanding at <paramref name="atUtc"/> (the finance report's liability line): cards filled before
    /// it whose coupon stands (not withdrawn, not overdrawn), that no order has used, and that have not expired by then
    /// (the card's coupon validity from the day it filled; a card since deleted from the settings counts until used).
    /// Valued at the reward's value when issued. Usage is as the coupons stand now.
    /// </summary>
    public async Task<StampCouponsOutstanding> OutstandingAsync(StoreId storeId, DateTime atUtc, CancellationToken cancellationToken = default)
    {
        var validDays = (await settings.LoadAsync(storeId, cancellationToken)).StampCards.ToDictionary(c => c.Id, c => c.CouponValidDays);
        var standing = (await stamps.CardsFilledAsync(storeId, DateTime.MinValue, atUtc, cancellationToken))
            .Where(c => c.StateId == (int)StampState.Filled
                        && (!validDays.TryGetValue(c.CardId, out var days) || TableQueries.Utc(c.CreatedOnUtc).AddDays(days) > atUtc))
            .ToList();
        var used = await coupons.UsedAsync(standing.Select(c => c.IdempotencyKey).ToList(), cancellationToken);
        var open = standing.Where(c => !used.Contains(c.IdempotencyKey)).ToList();
        return new StampCouponsOutstanding(open.Count, open.Sum(c => c.RewardValue));
    }

    /// <summary>The finance report's stamp lines: coupons of cards filled in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), and those an order used.</summary>
    public async Task<StampAccounting> AccountingAsync(StoreId storeId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
    {
        var cards = await stamps.CardsFilledAsync(storeId, fromUtc, toUtc, cancellationToken);
        var issued = cards.Where(c => c.StateId != (int)StampState.Withdrawn).ToList();
        var used = await coupons.UsedAsync(issued.Select(c => c.IdempotencyKey).ToList(), cancellationToken);
        var redeemed = issued.Where(c => used.Contains(c.IdempotencyKey) || c.StateId == (int)StampState.Overdrawn).ToList();
        return new StampAccounting(storeId, issued.Count, issued.Sum(c => c.RewardValue), redeemed.Count, redeemed.Sum(c => c.RewardValue),
            cards.Count(c => c.StateId == (int)StampState.Withdrawn), cards.Count(c => c.StateId == (int)StampState.Overdrawn));
    }

    /// <summary>A new card's reminder lead (days before it lapses); each card sets its own (<see cref="StampCardDefinition.ReminderDays"/>).</summary>
    public const int ReminderDays = StampCards.DefaultReminderDays;

    /// <summary>
    /// The partial cards of the store that lapse within their card's reminder lead from now and still hold a stamp (the
    /// night's reminder emails, once per card). Cards without a lead, or living no longer than twice it, are not reminded
    /// (<see cref="StampCards.Reminds"/>): the reminder would come almost with the first stamp. Read per card from the
    /// stamps that could open such a card.
    /// </summary>
    public async Task<IReadOnlyList<StampCardExpiring>> ExpiringAsync(StoreId storeId, CancellationToken cancellationToken = default)
    {
        var nowUtc = clock.UtcNow;
        var cards = (await settings.LoadAsync(storeId, cancellationToken)).StampCards.Where(c => c.Enabled && StampCards.Reminds(c)).ToList();
        var found = new List<StampCardExpiring>();
        foreach (var card in cards)
        {
            var from = nowUtc.AddDays(-card.ExpiryDays);
            var candidates = await stamps.ActiveStampHoldersAsync(storeId, card.Id, from, from.AddDays(card.ReminderDays), cancellationToken);
            foreach (var customerId in candidates)
            {
                var customer = new CustomerId(customerId);
                var rows = await stamps.CardAsync(storeId, card.Id, customer, cancellationToken);
                var view = View(card, rows, nowUtc);
                if (view.Stamps > 0 && view.ExpiresUtc is { } expires && expires > nowUtc && expires <= nowUtc.AddDays(card.ReminderDays))
                    found.Add(new StampCardExpiring(storeId, customer, card.Id, OpenNumber(card, rows), view.Stamps, view.StampsToGo, expires));
            }
        }
        return found;
    }

    /// <summary>The partial card <paramref name="number"/> as it is now, when it still holds stamps and lapses later than now; else null (filled, lapsed, refunded).</summary>
    public async Task<StampCardExpiring?> StillExpiringAsync(StoreId storeId, CustomerId customer, int cardId, int number, CancellationToken cancellationToken = default)
    {
        var card = (await settings.LoadAsync(storeId, cancellationToken)).StampCards.FirstOrDefault(c => c.Id == cardId && c.Enabled);
        if (card is null)
            return null;
        var rows = await stamps.CardAsync(storeId, cardId, customer, cancellationToken);
        var now = clock.UtcNow;
        var view = View(card, rows, now);
        return view.Stamps > 0 && view.ExpiresUtc is { } expires && OpenNumber(card, rows) == number
            ? new StampCardExpiring(storeId, customer, cardId, number, view.Stamps, view.StampsToGo, expires)
            : null;
    }

    /// <summary>The full card <paramref name="number"/> of a customer with its coupon; null when there is none (erased, never filled).</summary>
    public async Task<StampFilledCard?> FilledCardAsync(StoreId storeId, CustomerId customer, int cardId, int number, CancellationToken cancellationToken = default)
    {
        var card = (await settings.LoadAsync(storeId, cancellationToken)).StampCards.FirstOrDefault(c => c.Id == cardId);
        if (card is null)
            return null;
        var row = (await stamps.CardAsync(storeId, cardId, customer, cancellationToken))
            .FirstOrDefault(r => r.KindId == (int)StampRowKind.Card && r.CardNumber == number);
        if (row is null)
            return null;
        var filled = TableQueries.Utc(row.CreatedOnUtc);
        return new StampFilledCard(card, number, row.CouponCode ?? "", row.RewardValue, filled, filled.AddDays(card.CouponValidDays), (StampState)row.StateId);
    }

    /// <summary>The reward product's name for the card's email (null for an amount off, or a product gone).</summary>
    public Task<string?> RewardProductNameAsync(StoreId storeId, StampCardDefinition card, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        return card.Reward == StampReward.FreeProduct ? catalog.NameAsync(storeId, card.RewardProductId, cancellationToken) : Task.FromResult<string?>(null);
    }

    /// <summary>The reward product's name in the language of <paramref name="reader"/>'s emails (null for an amount off, or a product gone).</summary>
    public Task<string?> RewardProductNameAsync(StoreId storeId, StampCardDefinition card, CustomerId reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        return card.Reward == StampReward.FreeProduct ? catalog.NameAsync(storeId, card.RewardProductId, reader, cancellationToken) : Task.FromResult<string?>(null);
    }

    /// <summary><c>stamp:{store}:{card}:{order}:{n}</c>: the n-th stamp an order gave on a card.</summary>
    public static string StampKey(StoreId storeId, int cardId, int orderId, int n) =>
        string.Create(CultureInfo.InvariantCulture, $"stamp:{storeId.Value}:{cardId}:{orderId}:{n}");

    /// <summary><c>stamp-card:{store}:{card}:{customer}:{number}</c>: a full card, and its coupon.</summary>
    public static string CardKey(StoreId storeId, int cardId, CustomerId customer, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"stamp-card:{storeId.Value}:{cardId}:{customer.Value}:{number}");

    /// <summary>The card's state for the shopper at <paramref name="now"/>: a lapsed open card shows empty.</summary>
    public static StampCardView View(StampCardDefinition card, IReadOnlyList<StampRow> rows, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(rows);
        var coupons = rows.Where(r => r.KindId == (int)StampRowKind.Card)
            .Select(r => new StampCouponView(r.CardNumber, r.CouponCode ?? "", TableQueries.Utc(r.CreatedOnUtc), (StampState)r.StateId)).ToList();
        var number = OpenNumber(card, rows);
        var active = rows.Where(r => r.KindId == (int)StampRowKind.Stamp && r.CardNumber == number && r.StateId == (int)StampState.Active).ToList();
        if (active.Count == 0)
            return new StampCardView(card, 0, null, coupons);
        var expires = StampCards.ExpiresUtc(card, TableQueries.Utc(active.Min(r => r.CreatedOnUtc)));
        return expires <= now ? new StampCardView(card, 0, null, coupons) : new StampCardView(card, Math.Min(active.Count, card.StampsToFill - 1), expires, coupons);
    }

    /// <summary>
    /// The highest card number that neither filled nor lapsed (a new number when the last one did); a card holding N
    /// counting stamps is full even before its coupon is written, so one order's many stamps spill onto the next card.
    /// </summary>
    private static int OpenNumber(StampCardDefinition card, IReadOnlyList<StampRow> rows)
    {
        if (rows.Count == 0)
            return 1;
        var last = rows.Max(r => r.CardNumber);
        var closed = rows.Any(r => r.CardNumber == last && (r.KindId == (int)StampRowKind.Card || r.StateId == (int)StampState.Expired))
                     || rows.Count(r => r.CardNumber == last && r.KindId == (int)StampRowKind.Stamp && r.StateId == (int)StampState.Active) >= card.StampsToFill;
        return closed ? last + 1 : last;
    }

    /// <summary>The card a stamp given at <paramref name="atUtc"/> goes on; a lapsed open card is marked expired first.</summary>
    private async Task<int> OpenCardAsync(StampCardDefinition card, List<StampRow> rows, DateTime atUtc, CancellationToken cancellationToken)
    {
        var number = OpenNumber(card, rows);
        var active = rows.Where(r => r.KindId == (int)StampRowKind.Stamp && r.CardNumber == number && r.StateId == (int)StampState.Active).ToList();
        if (active.Count == 0 || StampCards.ExpiresUtc(card, TableQueries.Utc(active.Min(r => r.CreatedOnUtc))) is not { } expires || expires > atUtc)
            return number;
        await stamps.ChangeStateAsync(active.Select(r => r.Id).ToList(), StampState.Active, StampState.Expired, cancellationToken);
        active.ForEach(r => r.StateId = (int)StampState.Expired);
        return number + 1;
    }

    /// <summary>Issues the coupon of every card that holds N counting stamps and has no card row yet.</summary>
    private async Task<List<StampCardFilled>> FillDueAsync(StampCardDefinition card, StoreId storeId, CustomerId customer, List<StampRow> rows, DateTime atUtc,
        CancellationToken cancellationToken)
    {
        var filled = new List<StampCardFilled>();
        var due = rows.Where(r => r.KindId == (int)StampRowKind.Stamp && r.StateId == (int)StampState.Active)
            .GroupBy(r => r.CardNumber)
            .Where(g => g.Count() >= card.StampsToFill && !rows.Any(r => r.KindId == (int)StampRowKind.Card && r.CardNumber == g.Key))
            .Select(g => g.Key).OrderBy(n => n).ToList();
        foreach (var number in due)
        {
            var key = CardKey(storeId, card.Id, customer, number);
            var value = card.Reward == StampReward.AmountOff ? card.RewardAmount : await catalog.PriceAsync(storeId, card.RewardProductId, cancellationToken) ?? 0m;
            var coupon = await coupons.IssueAsync(new CouponRequest
            {
                Key = new IdempotencyKey(key),
                Store = storeId,
                Customer = customer,
                Kind = card.Reward == StampReward.AmountOff ? CouponKind.Amount : CouponKind.FreeProduct,
                Value = card.Reward == StampReward.AmountOff ? card.RewardAmount : 100m,
                ProductId = card.Reward == StampReward.FreeProduct ? card.RewardProductId : 0,
                ExpiresUtc = atUtc.AddDays(card.CouponValidDays),
                Name = $"Retention: stamp card {card.Name} #{number}",
            }, cancellationToken);
            var row = new StampRow
            {
                IdempotencyKey = key,
                StoreId = storeId.Value,
                CardId = card.Id,
                CustomerId = customer.Value,
                CardNumber = number,
                KindId = (int)StampRowKind.Card,
                StateId = (int)StampState.Filled,
                CreatedOnUtc = atUtc,
                CouponCode = coupon.Code,
                RewardValue = value,
            };
            if (!await stamps.TryAddAsync(row, cancellationToken))
                continue; // another delivery filled it; its email is that delivery's
            rows.Add(row);
            filled.Add(new StampCardFilled(storeId, customer, card.Id, card.Name, number, coupon.Code, coupon.ExpiresUtc, card.Reward, value));
        }
        return filled;
    }
}
