using Retention.Core.Loyalty.Cards;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Core.Events;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Demo;
using Retention.Sandbox.Ports;

namespace Retention.Sandbox.Workflows;

/// <summary>What placing an order did: the order, or why none was placed (nothing written then).</summary>
public sealed record CheckoutResult(OrderFact? Order, IReadOnlyList<OrderLineFact> Lines, string? Problem)
{
    /// <summary>Points the order spent (0 when paid in money only); their value is off <see cref="OrderFact.OrderTotal"/>.</summary>
    public int PointsSpent { get; init; }

    /// <summary>What the points paid, in the store's currency.</summary>
    public decimal PaidWithPoints { get; init; }

    /// <summary>The discount card's part of <see cref="OrderFact.OrderDiscount"/> (0 when a coupon gave more, or no card).</summary>
    public decimal CardDiscount { get; init; }
    /// <summary>What a gift card (cashback's store credit) paid, off <see cref="OrderFact.OrderTotal"/>.</summary>
    public decimal PaidWithGiftCard { get; init; }

    /// <summary>The member discount's part of <see cref="OrderFact.OrderDiscount"/> (0 when a coupon or the card gave more, or no membership).</summary>
    public decimal MemberDiscount { get; init; }

    /// <summary>The shipping a member did not pay (0 for a non-member, or an order that ships free anyway).</summary>
    public decimal MemberShippingSaved { get; init; }

    /// <summary>The answer for an empty cart (also the one a repeated checkout gets once the first has placed the order).</summary>
    public const string EmptyCartProblem = "The cart is empty: there is nothing to order.";

    /// <summary>The answer of a checkout that lost the cart to another one running at the same time.</summary>
    public const string AlreadyPlacedProblem = "This cart was just checked out by another request; it was placed as one order, and no second order was made.";

    public bool Placed => Order != null;

    /// <summary>True when another checkout of the same cart placed it while this one was pricing it.</summary>
    public bool AlreadyPlaced => Problem == AlreadyPlacedProblem;

    /// <summary>The cart rows this checkout priced; it places the order only if it is the one that removes them.</summary>
    internal IReadOnlyList<int> CartItemIds { get; init; } = [];

    public static CheckoutResult Refused(string problem) => new(null, [], problem);
}

/// <summary>
/// The sandbox's checkout: turns a customer's cart into a paid order the way nopCommerce's order processing would (the
/// demo store's prices, free shipping from 49, 8 % tax, an optional single-use coupon of that customer), empties the cart,
/// then hands Core's door the order placed and the order paid (<see cref="StoreEvents"/>), as nopCommerce's order-placed
/// and order-paid events would. Points the shopper applies pay part of the total, within Core's allowance (the rule the
/// plugin applies through nopCommerce's reward points); their redemption is written with the order, in one transaction.
/// </summary>
public sealed class SandboxCheckout(SandboxDatabase database, IClock clock, StoreEvents events, IReferralStore? referrals = null,
    ILoyaltySettingsStore? settings = null, CardProgram? cards = null, Retention.Core.Membership.MembershipProgram? membership = null)
{
    private readonly CouponStore _coupons = SandboxStores.Coupons(database, clock);
    private readonly ILoyaltySettingsStore _settings = settings ?? new EfLoyaltySettingsStore(database);

    public const decimal FreeShippingFrom = 49m;
    public const decimal Shipping = 4.95m;
    public const decimal TaxRate = 0.08m;

    private const int Attempts = 5;

    public Task<CheckoutResult> PlaceOrderAsync(StoreId store, CustomerId customer, string? couponCode, CancellationToken cancellationToken = default) =>
        PlaceOrderAsync(store, customer, couponCode, 0, null, cancellationToken);

    /// <summary>
    /// Places the cart, spending <paramref name="points"/> on it. <paramref name="shownBalance"/> is the balance the shopper's
    /// page showed (null: not checked); see <see cref="RedemptionLimits.Refusal"/> for what is refused. A refusal writes nothing.
    /// </summary>
    public async Task<CheckoutResult> PlaceOrderAsync(StoreId store, CustomerId customer, string? couponCode, int points, long? shownBalance,
        CancellationToken cancellationToken = default)
    {
        var code = string.IsNullOrWhiteSpace(couponCode) ? null : couponCode.Trim().ToUpperInvariant();
        var now = Seconds(clock.UtcNow);
        // The level the customer holds, as nopCommerce's checkout finds the level's discount through the customer's role.
        var cardPercent = cards is null ? 0m : await cards.CheckoutPercentAsync(store, customer, cancellationToken);
        // The member's perks, as nopCommerce's checkout finds the member discounts through the member role.
        var perks = membership is null ? null : await membership.PerksAsync(store, customer, cancellationToken);
        IReadOnlyList<int> memberOnly = membership is null ? []
            : (await membership.SettingsAsync(store, cancellationToken)) is { Enabled: true } m ? m.MemberOnlyProductIds : [];
        CheckoutResult? placed = null;
        // Order ids are the next free number, as nopCommerce's identity column gives; two checkouts at once collide on the
        // key, and the loser takes the next number.
        for (var attempt = 0; attempt < Attempts && placed == null; attempt++)
        {
            await using var db = database.CreateContext();
            // A gift card's code is typed where a coupon's is (as nopCommerce's cart takes both in one box).
            var giftCard = code == null ? null
                : await db.GiftCards.AsNoTracking().Where(g => g.Code == code && g.IsActive && g.StoreId == store.Value).Select(g => (int?)g.Id)
                    .FirstOrDefaultAsync(cancellationToken);
            var coupon = giftCard == null ? code : null;
            var built = await BuildAsync(db, _coupons, store, customer, coupon, cardPercent, perks, perks is null ? memberOnly : [], now, cancellationToken);
            if (!built.Placed)
                return built;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                // The claim on the cart, first in the transaction: removing exactly the rows this checkout priced. Another
                // checkout of the same cart (a double click, a retry, another node) waits on those rows — PostgreSQL's row
                // locks, SQLite's one writer — and then finds them gone, so one cart makes one order whatever the process.
                var ids = built.CartItemIds.ToArray();
                var claimed = await db.CartItems.Where(c => c.StoreId == store.Value && c.CustomerId == customer.Value && ids.Contains(c.Id))
                    .ExecuteDeleteAsync(cancellationToken);
                if (claimed != ids.Length)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    if (claimed == 0)
                        return CheckoutResult.Refused(CheckoutResult.AlreadyPlacedProblem);
                    continue; // the cart changed while it was priced: price it again
                }
                // The balance is read after the cart is claimed, inside the transaction: a second checkout of this cart
                // waits above, so two orders never spend the same points.
                if (points != 0 || shownBalance != null)
                {
                    var spent = await SpendAsync(db, store, customer, built, points, shownBalance, cancellationToken);
                    if (spent.Problem != null)
                    {
                        await transaction.RollbackAsync(cancellationToken);
                        return CheckoutResult.Refused(spent.Problem);
                    }
                    built = spent;
                }
                if (giftCard is { } cardId)
                {
                    // Read after the cart is claimed, inside the transaction: two orders never spend the same balance.
                    var card = await db.GiftCards.FirstAsync(g => g.Id == cardId, cancellationToken);
                    var applied = Math.Min(card.Remaining, built.Order!.OrderTotal);
                    if (applied <= 0m)
                    {
                        await transaction.RollbackAsync(cancellationToken);
                        return CheckoutResult.Refused($"The gift card {code} has no balance left.");
                    }
                    card.UsedAmount += applied;
                    built.Order.OrderTotal -= applied;
                    built = built with { PaidWithGiftCard = applied };
                }
                db.Orders.Add(built.Order!);
                db.OrderLines.AddRange(built.Lines);
                if (coupon != null)
                    db.CouponRedemptions.Add(new CouponRedemptionRow { Code = coupon, StoreId = store.Value, OrderId = built.Order!.Id, UsedUtc = now });
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                placed = built;
            }
            catch (DbUpdateException e) when (SandboxDatabase.IsUniqueViolation(e))
            {
                await transaction.RollbackAsync(cancellationToken);
                if (coupon != null && await UsedAsync(coupon, cancellationToken))
                    return CheckoutResult.Refused($"The coupon {code} has been used already.");
            }
        }
        if (placed == null)
            throw new InvalidOperationException($"Could not number a new order after {Attempts} attempts.");

        var order = placed.Order!;
        await events.OrderPlacedAsync(new PlacedOrder(order, placed.Lines, code == null || placed.PaidWithGiftCard > 0m ? [] : [code]), cancellationToken);
        // The redemption is in the ledger already (written with the order); the door hears of it as the plugin's does, and
        // its key makes that a no-op here.
        await events.PointsSpentAsync(store, customer, order.Id, placed.PointsSpent, cancellationToken);
        await using (var db = database.CreateContext())
            await events.OrderPaidAsync(await EarnOrderAsync(db, order, placed.Lines, cancellationToken, placed.PaidWithPoints),
                referrals == null ? null : await ReferralAsync(db, referrals, order, cancellationToken), cancellationToken,
                placed.MemberDiscount + placed.MemberShippingSaved > 0m
                    ? new Retention.Core.Membership.MemberSaving(placed.MemberDiscount, placed.MemberShippingSaved, 0, 0m)
                    : null);
        return placed;
    }

    /// <summary>
    /// Cancels an order as nopCommerce's order processing does: the order becomes cancelled, and the loyalty program takes
    /// back what it earned and gives back the points spent on it (Core's reversal, keyed by the order: a second cancel
    /// changes nothing). Null when it was cancelled; otherwise why not.
    /// </summary>
    public async Task<string?> CancelAsync(StoreId store, int orderId, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId && o.StoreId == store.Value, cancellationToken);
        if (order == null)
            return $"There is no order {orderId}.";
        // One statement that expects the state it read: of two clicks, one cancels and tells the door.
        var changed = await db.Orders.Where(o => o.Id == orderId && o.StoreId == store.Value && o.OrderStatusId != (int)OrderState.Cancelled)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.OrderStatusId, (int)OrderState.Cancelled), cancellationToken);
        if (changed == 0)
            return $"Order {orderId} is cancelled already.";
        await events.OrderRefundedAsync(new OrderRefund(store, new CustomerId(order.CustomerId), order.Id, order.OrderTotal, order.RefundedAmount, Cancelled: true),
            cancellationToken);
        return null;
    }

    /// <summary>
    /// The facts Core's referral rule judges when somebody invited this customer (the plugin's order consumer gathers the
    /// same from nopCommerce); the sandbox keeps no addresses, so the same-household check has nothing to compare.
    /// </summary>
    public static async Task<ReferralCandidate?> ReferralAsync(SandboxDbContext db, IReferralStore referrals, OrderFact order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(referrals);
        ArgumentNullException.ThrowIfNull(order);
        var store = new StoreId(order.StoreId);
        var referred = new CustomerId(order.CustomerId);
        if (await referrals.ReferrerOfAsync(store, referred, cancellationToken) is not { } referrer)
            return null;
        var emails = await db.Customers.AsNoTracking().Where(c => c.Id == referrer.Value || c.Id == referred.Value)
            .ToDictionaryAsync(c => c.Id, c => c.Email, cancellationToken);
        var earlierPaid = await db.Orders.AsNoTracking()
            .CountAsync(o => o.CustomerId == order.CustomerId && o.StoreId == order.StoreId && o.Id != order.Id && o.PaidDateUtc != null, cancellationToken);
        return new ReferralCandidate(store, referrer, emails.GetValueOrDefault(referrer.Value), null, referred, emails.GetValueOrDefault(referred.Value), null,
            order.Id, OrderPaid: order.PaidDateUtc != null, EarlierPaidOrders: earlierPaid);
    }

    private static async Task<CheckoutResult> BuildAsync(SandboxDbContext db, CouponStore coupons, StoreId store, CustomerId customer, string? code, decimal cardPercent,
        Retention.Core.Membership.MemberPerks? perks, IReadOnlyList<int> membersOnly, DateTime now, CancellationToken cancellationToken)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == customer.Value && !c.Deleted, cancellationToken))
            return CheckoutResult.Refused($"There is no customer {customer.Value}.");
        var cart = await db.CartItems.AsNoTracking()
            .Where(c => c.StoreId == store.Value && c.CustomerId == customer.Value)
            .Join(db.Products, c => c.ProductId, p => p.Id, (c, p) => new { p.Id, p.Price, p.IsGiftCard, c.Quantity, CartItemId = c.Id })
            .OrderBy(l => l.Id).ThenBy(l => l.CartItemId)
            .ToListAsync(cancellationToken);
        if (cart.Count == 0)
            return CheckoutResult.Refused(CheckoutResult.EmptyCartProblem);
        // nopCommerce's ACL hides a members-only product from everyone outside the member role, and its cart refuses it.
        if (cart.FirstOrDefault(l => membersOnly.Contains(l.Id)) is { } hidden)
            return CheckoutResult.Refused($"Product {hidden.Id} is for members only: remove it from the cart or join the club first.");

        var subtotal = cart.Sum(l => l.Price * l.Quantity);
        var discount = 0m;
        if (code != null)
        {
            // As nopCommerce finds an active discount by its code, then asks the coupon's requirement (Core's guard) whose it is.
            var coupon = await db.Discounts.AsNoTracking().Where(d => d.CouponCode == code && d.IsActive).OrderBy(d => d.Id).FirstOrDefaultAsync(cancellationToken);
            if (coupon == null || coupon.StoreId != store.Value || !await coupons.IsIssuedToAsync(coupon.Id, customer, cancellationToken))
                return CheckoutResult.Refused($"The coupon {code} is not valid for this customer.");
            if (coupon.EndDateUtc <= now)
                return CheckoutResult.Refused($"The coupon {code} expired on {coupon.EndDateUtc:yyyy-MM-dd HH:mm} UTC.");
            if (await db.CouponRedemptions.AnyAsync(r => r.Code == code, cancellationToken))
                return CheckoutResult.Refused($"The coupon {code} has been used already.");
            if ((CouponKind)coupon.KindId == CouponKind.FreeProduct)
            {
                // A stamp card's free product: one unit of it off, as nopCommerce's discount assigned to that product does.
                var line = cart.FirstOrDefault(l => l.Id == coupon.ProductId);
                if (line == null)
                    return CheckoutResult.Refused($"The coupon {code} is for a free product that is not in the cart: add it first.");
                discount = line.Price;
            }
            else
                discount = Math.Round((CouponKind)coupon.KindId == CouponKind.Percentage ? subtotal * coupon.Value / 100m : Math.Min(coupon.Value, subtotal), 2);
        }
        // The card's discount and a coupon do not add up: like nopCommerce with two non-cumulative order-total discounts,
        // the order gets the larger one.
        var card = CardRules.DiscountOn(subtotal, cardPercent);
        var cardDiscount = card > discount ? card : 0m;
        discount = Math.Max(discount, card);
        // The member discount is one more non-cumulative order-total discount: the largest of the three applies.
        var member = perks is null ? 0m : CardRules.DiscountOn(subtotal, perks.DiscountPercent);
        var memberDiscount = member > discount ? member : 0m;
        if (memberDiscount > 0m) cardDiscount = 0m;
        discount = Math.Max(discount, member);
        var orderId = (await db.Orders.MaxAsync(o => (int?)o.Id, cancellationToken) ?? 0) + 1;
        var lineId = await db.OrderLines.MaxAsync(l => (int?)l.Id, cancellationToken) ?? 0;
        // The membership product is virtual (nothing to ship); a member's free shipping is the 100 % shipping discount.
        var virtualOnly = cart.All(l => l.Id == DemoMembership.ProductId);
        var charged = PaidOrder(orderId, store, customer, subtotal, discount, now).OrderShippingExclTax;
        var memberShipping = perks is { FreeShipping: true } && !virtualOnly ? charged : 0m;
        var order = PaidOrder(orderId, store, customer, subtotal, discount, now, freeShipping: virtualOnly || perks is { FreeShipping: true });
        var lines = cart.Select(l => new OrderLineFact
        {
            Id = ++lineId,
            OrderId = orderId,
            ProductId = l.Id,
            Quantity = l.Quantity,
            PriceExclTax = l.Price * l.Quantity,
            IsGiftCard = l.IsGiftCard,
        }).ToList();
        return new CheckoutResult(order, lines, null)
        {
            CartItemIds = cart.Select(l => l.CartItemId).ToList(), CardDiscount = cardDiscount, MemberDiscount = memberDiscount, MemberShippingSaved = memberShipping,
        };
    }

    /// <summary>The order with <paramref name="points"/> paying part of it, or why not (Core's refusal, in words).</summary>
    private async Task<CheckoutResult> SpendAsync(SandboxDbContext db, StoreId store, CustomerId customer, CheckoutResult built, int points, long? shownBalance,
        CancellationToken cancellationToken)
    {
        var order = built.Order!;
        var settings = await _settings.LoadAsync(store, cancellationToken);
        var now = clock.UtcNow;
        // The balance LoyaltyViews shows (Core's Lots.Spendable), over the entries read on this transaction's connection.
        var rows = await db.Ledger.AsNoTracking().Where(r => r.StoreId == store.Value && r.CustomerId == customer.Value)
            .OrderBy(r => r.CreatedOnUtc).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        var available = Lots.Spendable(rows.Select(PointsLedgerStore.FromRow).ToList(), settings, now).Available;
        if (RedemptionLimits.Refusal(points, available, shownBalance, order.OrderTotal, settings) is { } refusal)
            return CheckoutResult.Refused(refusal);
        if (points == 0)
            return built;
        var value = RedemptionLimits.ValueOf(points, settings);
        order.OrderTotal -= value;
        db.Ledger.Add(PointsLedgerStore.ToRow(RedemptionLimits.Entry(store, customer, order.Id, points, clock)));
        // The wallet writes its line beside Core's ledger store, so the summary that store keeps goes in the same
        // transaction: the balance is read from the entries until the store takes the summary again with the next entry.
        await db.PointsSummaries.Where(r => r.StoreId == store.Value && r.CustomerId == customer.Value).ExecuteDeleteAsync(cancellationToken);
        return built with { PointsSpent = points, PaidWithPoints = value };
    }

    /// <summary>A paid order priced as this checkout prices: free shipping from <see cref="FreeShippingFrom"/>, <see cref="TaxRate"/> on the rest.</summary>
    /// <remarks><c>freeShipping</c>: nothing to ship, or a member's free shipping.</remarks>
    public static OrderFact PaidOrder(int orderId, StoreId store, CustomerId customer, decimal subtotal, decimal discount, DateTime now, bool freeShipping = false)
    {
        var shipping = freeShipping || subtotal - discount >= FreeShippingFrom ? 0m : Shipping;
        var tax = Math.Round((subtotal - discount + shipping) * TaxRate, 2);
        return new OrderFact
        {
            Id = orderId,
            OrderGuid = Guid.NewGuid(),
            StoreId = store.Value,
            CustomerId = customer.Value,
            CreatedOnUtc = now,
            PaidDateUtc = now,
            OrderStatusId = (int)OrderState.Processing,
            PaymentStatusId = (int)PaymentState.Paid,
            OrderSubtotalExclTax = subtotal,
            OrderDiscount = discount,
            OrderShippingExclTax = shipping,
            OrderTax = tax,
            OrderTotal = subtotal - discount + shipping + tax,
        };
    }

    private async Task<bool> UsedAsync(string code, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        return await db.CouponRedemptions.AnyAsync(r => r.Code == code, cancellationToken);
    }

    /// <summary>
    /// A paid order as the earning rule sees it: the demo catalog's categories on its lines, and what was refunded or
    /// cancelled on it already (a farm node may take the refund before the "paid"; Core awards what the order is worth).
    /// </summary>
    public static async Task<EarnOrder> EarnOrderAsync(SandboxDbContext db, OrderFact order, IReadOnlyList<OrderLineFact> lines, CancellationToken cancellationToken = default,
        decimal paidWithPoints = 0m)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(lines);
        var ids = lines.Select(l => l.ProductId).ToList();
        var categories = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Category, cancellationToken);
        return new EarnOrder(new StoreId(order.StoreId), new CustomerId(order.CustomerId), order.Id, order.PaidDateUtc ?? order.CreatedOnUtc,
            lines.Select(l => DemoLoyalty.Line(l, categories.GetValueOrDefault(l.ProductId))).ToList(), order.OrderDiscount, order.OrderShippingExclTax, order.OrderTax,
            PaidWithPoints: paidWithPoints,
            Refunds: new OrderRefund(new StoreId(order.StoreId), new CustomerId(order.CustomerId), order.Id, order.OrderTotal, order.RefundedAmount,
                Cancelled: order.OrderStatusId == (int)OrderState.Cancelled));
    }

    private static DateTime Seconds(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
}
