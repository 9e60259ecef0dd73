using System.Globalization;
using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Core.Loyalty;
using Retention.Core.Store;

namespace Retention.Core.Challenges;

/// <summary>A challenge completed by a customer (this call recorded it).</summary>
public sealed record ChallengeCompleted(StoreId Store, CustomerId Customer, ChallengeDefinition Challenge, int Attempt, bool Paid);

/// <summary>A badge a customer earned (this call recorded it).</summary>
public sealed record BadgeEarned(StoreId Store, CustomerId Customer, string Badge);

/// <summary>What one event did to the challenges: completions, un-completions and badges recorded by this call.</summary>
public sealed record ChallengeOutcome(IReadOnlyList<ChallengeCompleted> Completed, IReadOnlyList<ChallengeDefinition> Uncompleted, IReadOnlyList<BadgeEarned> Badges)
{
    public static readonly ChallengeOutcome None = new([], [], []);

    public ChallengeOutcome Plus(ChallengeOutcome other) =>
        new([.. Completed, .. other.Completed], [.. Uncompleted, .. other.Uncompleted], [.. Badges, .. other.Badges]);
}

/// <summary>
/// Paying and taking back a completion's reward: points through the one ledger (pending for the program's return window,
/// like purchase points), a coupon through the coupon store, a badge through the records; each keyed by the completion.
/// </summary>
public sealed class ChallengeRewards(ChallengeStore records, IPointsLedger ledger, ILoyaltyObserver observer, ICouponIssuer coupons, IClock clock)
{
    /// <summary>The ledger key of an attempt's points: the completion's key, with the attempt after the first.</summary>
    public static IdempotencyKey PointsKey(StoreId store, int challenge, CustomerId customer, int attempt) =>
        new(ChallengeStore.CompletionKey(store, challenge, customer) + (attempt > 1 ? FormattableString.Invariant($":{attempt}") : ""));

    /// <summary>The ledger key of the reversal of an attempt's points.</summary>
    public static IdempotencyKey ReversalKey(StoreId store, int challenge, CustomerId customer, int attempt) =>
        new(FormattableString.Invariant($"challenge-reverse:{store.Value}:{challenge}:{customer.Value}:{attempt}"));

    /// <summary>
    /// Records the completion and credits its points, pending until <paramref name="holdUntilUtc"/>; pays the rest at once
    /// when the hold is already over. Null when the challenge was already completed.
    /// </summary>
    public async Task<ChallengeCompleted?> CompleteAsync(StoreId store, CustomerId customer, ChallengeDefinition challenge, DateTime holdUntilUtc,
        ChallengeSettings settings, LoyaltySettings loyalty, CancellationToken cancellationToken)
    {
        var points = challenge.Reward == ChallengeReward.Points ? challenge.RewardPoints : 0;
        if (await records.TryCompleteAsync(store, challenge.Id, customer, holdUntilUtc, points, cancellationToken) is not { } attempt)
            return null;
        var now = clock.UtcNow;
        var activates = holdUntilUtc < now ? now : holdUntilUtc;
        // A lot like any bonus: it lapses by the program's expiry rule, counted from when it becomes spendable.
        if (points > 0)
            await AppendAsync(new LedgerEntry
            {
                Key = PointsKey(store, challenge.Id, customer, attempt), Store = store, Customer = customer, Points = points,
                Reason = LedgerReason.ChallengeReward, Source = LedgerSource.Challenge, SourceRef = challenge.Id.ToString(CultureInfo.InvariantCulture),
                CreatedUtc = now, ActivatesUtc = activates, ExpiresUtc = Lots.ExpiryFor(activates, loyalty), Note = challenge.Name,
            }, cancellationToken);
        var paid = holdUntilUtc <= now && await PayAsync(store, customer, challenge.Id, attempt, settings, cancellationToken);
        return new ChallengeCompleted(store, customer, challenge, attempt, paid);
    }

    /// <summary>Pays a held attempt: its coupon or badge, then the state; false when another writer paid or revoked it first.</summary>
    public async Task<bool> PayAsync(StoreId store, CustomerId customer, int challengeId, int attempt, ChallengeSettings settings, CancellationToken cancellationToken)
    {
        var record = (await records.OfCustomerAsync(store, customer, cancellationToken))
            .FirstOrDefault(r => r.Kind == ChallengeRecordKind.Completion && r.Subject == challengeId.ToString(CultureInfo.InvariantCulture));
        if (record is not { State: CompletionState.Held } || record.Attempt != attempt)
            return false;
        string? code = null;
        if (settings.Find(challengeId) is { } challenge)
        {
            if (challenge.Reward == ChallengeReward.Coupon)
                code = (await coupons.IssueAsync(new CouponRequest
                {
                    Key = PointsKey(store, challengeId, customer, attempt), Store = store, Customer = customer, Kind = CouponKind.Amount,
                    Value = challenge.CouponAmount, ExpiresUtc = clock.UtcNow.AddDays(challenge.CouponValidDays),
                    Name = "Retention: challenge " + challenge.Name,
                }, cancellationToken)).Code;
            else if (challenge.Reward == ChallengeReward.Badge)
                await records.TryAwardBadgeAsync(store, Badges.OfChallenge(challengeId), customer, cancellationToken);
        }
        return await records.TryMarkPaidAsync(record.Id, attempt, code, cancellationToken);
    }

    /// <summary>Un-completes a held attempt and takes its points back; false when it was paid or moved on meanwhile.</summary>
    public async Task<bool> RevokeAsync(ChallengeRecord record, ChallengeDefinition? challenge, CancellationToken cancellationToken)
    {
        if (!await records.TryRevokeAsync(record.Id, record.Attempt, cancellationToken))
            return false;
        if (record.Points > 0 && int.TryParse(record.Subject, NumberStyles.None, CultureInfo.InvariantCulture, out var challengeId))
            await AppendAsync(new LedgerEntry
            {
                Key = ReversalKey(record.Store, challengeId, record.Customer, record.Attempt), Store = record.Store, Customer = record.Customer,
                Points = -record.Points, Reason = LedgerReason.ChallengeRewardReversal, Source = LedgerSource.Challenge, SourceRef = record.Subject,
                CreatedUtc = clock.UtcNow, ActivatesUtc = clock.UtcNow, Note = challenge?.Name,
            }, cancellationToken);
        return true;
    }

    private async Task AppendAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        if (await ledger.TryAppendAsync(entry, cancellationToken))
            await observer.EntryAppendedAsync(entry, cancellationToken);
    }
}

/// <summary>
/// What store events do to the challenges and badges. Progress is counted from the store's data at each event
/// (<see cref="ChallengeProgress"/>); a goal reached records the completion once (its key) and credits the reward, held
/// for the loyalty program's return window (<see cref="LoyaltySettings.ActivationDelayDays"/>). A refund or cancellation
/// that drops progress below the goal inside that window un-completes it and takes the points back; once the window has
/// passed the reward is paid (the nightly run) and stands. Every method is safe to call again with the same event, and
/// writes nothing for an erased customer or a store with challenges switched off.
/// </summary>
public sealed class ChallengeEvents(ChallengeProgress progress, ChallengeRewards rewards, ChallengeStore records, IChallengeSettingsStore settings,
    ILoyaltySettingsStore loyaltySettings, ITierStandingStore tiers, IReferralStore referrals, IStoreData store, IQueryRunner runner, IClock clock)
{
    /// <summary>Challenges whose window ended this many days ago still take late events (a "paid" delivered after the end).</summary>
    public const int LateEventDays = 30;

    private static readonly ChallengeGoal[] OrderGoals = [ChallengeGoal.Orders, ChallengeGoal.Spend, ChallengeGoal.Categories];

    /// <summary>An order paid: the customer's order challenges and milestone badges, and the referrer's referral challenges.</summary>
    public async Task<ChallengeOutcome> OrderPaidAsync(StoreId storeId, CustomerId customer, CancellationToken cancellationToken = default)
    {
        // Every paid order comes here: a store without challenges spends no query on the referrer.
        if (!(await settings.LoadAsync(storeId, cancellationToken)).Enabled)
            return ChallengeOutcome.None;
        var outcome = await EvaluateAsync(storeId, customer, OrderGoals, badges: true, cancellationToken);
        if (await referrals.ReferrerOfAsync(storeId, customer, cancellationToken) is { } referrer)
            outcome = outcome.Plus(await EvaluateAsync(storeId, referrer, [ChallengeGoal.Referrals], badges: false, cancellationToken));
        return outcome;
    }

    /// <summary>A refund, cancellation or deleted order: held completions of the customer (and of their referrer) that fell below the goal are un-completed.</summary>
    public async Task<ChallengeOutcome> OrderRefundedAsync(StoreId storeId, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var outcome = await RecheckHeldAsync(storeId, customer, cancellationToken);
        if (await referrals.ReferrerOfAsync(storeId, customer, cancellationToken) is { } referrer)
            outcome = outcome.Plus(await RecheckHeldAsync(storeId, referrer, cancellationToken));
        return outcome;
    }

    /// <summary>An approved review (never its rating).</summary>
    public Task<ChallengeOutcome> ReviewApprovedAsync(StoreId storeId, CustomerId customer, CancellationToken cancellationToken = default) =>
        EvaluateAsync(storeId, customer, [ChallengeGoal.Reviews], badges: false, cancellationToken);

    /// <summary>A survey answered.</summary>
    public Task<ChallengeOutcome> SurveyAnsweredAsync(StoreId storeId, CustomerId customer, CancellationToken cancellationToken = default) =>
        EvaluateAsync(storeId, customer, [ChallengeGoal.Surveys], badges: false, cancellationToken);

    /// <summary>
    /// The night's work: held completions whose return window has passed are paid (coupon, badge; the points were
    /// credited pending and activate by themselves), and customers who became one-year customers in the last week get
    /// that badge. Both in ascending-id batches.
    /// </summary>
    public async Task<ChallengeOutcome> NightlyAsync(StoreId storeId, int batchSize = 500, CancellationToken cancellationToken = default)
    {
        var config = await settings.LoadAsync(storeId, cancellationToken);
        if (!config.Enabled) return ChallengeOutcome.None;
        var now = clock.UtcNow;
        var paid = new List<ChallengeCompleted>();
        long after = 0;
        while (true)
        {
            var due = await records.DueForPaymentAsync(storeId, now, after, batchSize, cancellationToken);
            foreach (var record in due)
            {
                var id = int.Parse(record.Subject, CultureInfo.InvariantCulture);
                if (await rewards.PayAsync(storeId, record.Customer, id, record.Attempt, config, cancellationToken) && config.Find(id) is { } c)
                    paid.Add(new ChallengeCompleted(storeId, record.Customer, c, record.Attempt, Paid: true));
            }
            if (due.Count < batchSize) break;
            after = due[^1].Id;
        }
        var badges = new List<BadgeEarned>();
        if (config.BadgesEnabled)
        {
            var (from, to, sid) = (now.AddYears(-1).AddDays(-7), now.AddYears(-1), storeId.Value);
            var afterCustomer = 0;
            while (true)
            {
                var batch = await runner.ToListAsync(store.Customers
                    .Where(c => c.RegisteredInStoreId == sid && !c.Deleted && c.CreatedOnUtc > from && c.CreatedOnUtc <= to && c.Id > afterCustomer)
                    .OrderBy(c => c.Id).Select(c => c.Id).Take(batchSize), cancellationToken);
                foreach (var id in batch)
                    if (await records.TryAwardBadgeAsync(storeId, Badges.OneYear, new CustomerId(id), cancellationToken))
                        badges.Add(new BadgeEarned(storeId, new CustomerId(id), Badges.OneYear));
                if (batch.Count < batchSize) break;
                afterCustomer = batch[^1];
            }
        }
        return new ChallengeOutcome(paid, [], badges);
    }

    private async Task<ChallengeOutcome> EvaluateAsync(StoreId storeId, CustomerId customer, IReadOnlyCollection<ChallengeGoal> goals, bool badges,
        CancellationToken cancellationToken)
    {
        var config = await settings.LoadAsync(storeId, cancellationToken);
        if (!config.Enabled || await Erasure.IsErasedAsync(store, runner, customer, cancellationToken))
            return ChallengeOutcome.None;
        var zone = await settings.TimeZoneAsync(storeId, cancellationToken);
        var now = clock.UtcNow;
        var loyalty = await loyaltySettings.LoadAsync(storeId, cancellationToken);
        var holdUntil = now.AddDays(loyalty.ActivationDelayDays);
        var done = (await records.OfCustomerAsync(storeId, customer, cancellationToken))
            .Where(r => r.Kind == ChallengeRecordKind.Completion && r.State != CompletionState.Revoked).Select(r => r.Subject).ToHashSet();
        var completed = new List<ChallengeCompleted>();
        foreach (var challenge in config.Challenges.Where(c => goals.Contains(c.Goal)))
        {
            var (start, end) = challenge.WindowUtc(zone);
            if (now < start || now >= end.AddDays(LateEventDays) || done.Contains(challenge.Id.ToString(CultureInfo.InvariantCulture)))
                continue;
            var score = await progress.ScoreAsync(storeId, challenge, start, end, customer, cancellationToken);
            if (score >= challenge.Target
                && await rewards.CompleteAsync(storeId, customer, challenge, holdUntil, config, loyalty, cancellationToken) is { } completion)
                completed.Add(completion);
        }
        var earned = badges && config.BadgesEnabled ? await MilestonesAsync(storeId, customer, loyalty, now, cancellationToken) : [];
        return new ChallengeOutcome(completed, [], earned);
    }

    private async Task<List<BadgeEarned>> MilestonesAsync(StoreId storeId, CustomerId customer, LoyaltySettings loyalty, DateTime now, CancellationToken cancellationToken)
    {
        var (sid, cid) = (storeId.Value, customer.Value);
        var orders = await runner.CountAsync(store.Orders.Where(o => o.StoreId == sid && o.CustomerId == cid && o.PaidDateUtc != null
            && o.OrderStatusId != (int)OrderState.Cancelled && o.PaymentStatusId != (int)PaymentState.Refunded && o.PaymentStatusId != (int)PaymentState.Voided), cancellationToken);
        var since = (await runner.ToListAsync(store.Customers.Where(c => c.Id == cid).Select(c => c.CreatedOnUtc), cancellationToken))
            .Select(d => (DateTime?)d).FirstOrDefault() ?? now;
        var top = loyalty.Tiers.OrderByDescending(t => t.Threshold).FirstOrDefault();
        var holdsTop = top is not null && (await tiers.GetAsync(storeId, customer, cancellationToken)).Tier == top.Name;
        var earned = new List<BadgeEarned>();
        foreach (var badge in Badges.Reached(orders, since, now, holdsTop))
            if (await records.TryAwardBadgeAsync(storeId, badge, customer, cancellationToken))
                earned.Add(new BadgeEarned(storeId, customer, badge));
        return earned;
    }

    private async Task<ChallengeOutcome> RecheckHeldAsync(StoreId storeId, CustomerId customer, CancellationToken cancellationToken)
    {
        var held = (await records.OfCustomerAsync(storeId, customer, cancellationToken))
            .Where(r => r.Kind == ChallengeRecordKind.Completion && r.State == CompletionState.Held).ToList();
        if (held.Count == 0) return ChallengeOutcome.None;
        var config = await settings.LoadAsync(storeId, cancellationToken);
        var zone = await settings.TimeZoneAsync(storeId, cancellationToken);
        var uncompleted = new List<ChallengeDefinition>();
        foreach (var record in held)
        {
            // A challenge the merchant has since deleted cannot be counted again: its held reward stands.
            if (config.Find(int.Parse(record.Subject, CultureInfo.InvariantCulture)) is not { } challenge) continue;
            var (start, end) = challenge.WindowUtc(zone);
            var score = await progress.ScoreAsync(storeId, challenge, start, end, customer, cancellationToken);
            if (score < challenge.Target && await rewards.RevokeAsync(record, challenge, cancellationToken))
                uncompleted.Add(challenge);
        }
        return new ChallengeOutcome([], uncompleted, []);
    }
}
