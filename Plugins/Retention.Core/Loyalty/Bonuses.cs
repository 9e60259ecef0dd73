// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using System.Globalization;
using System.Text;
using Retention.Core.Common;
using Retention.Core.Localization;

namespace Retention.Core.Loyalty;

/// <summary>The facts a referral credit depends on.</summary>
/// <param name="EarlierPaidOrders">Paid orders the referred customer had before this one (in any store): a genuinely new customer has none.</param>
public sealed record ReferralCandidate(StoreId Store, CustomerId Referrer, string? ReferrerEmail, string? ReferrerAddress,
    CustomerId Referred, string? ReferredEmail, string? ReferredAddress, int OrderId, bool OrderPaid, int EarlierPaidOrders);

/// <summary>Why a referral earns nothing.</summary>
public enum ReferralRefusal
{
    None = 0,
    SelfReferral = 1,
    SameEmail = 2,
    SameAddress = 3,
    NotPaid = 4,
    NotFirstPaidOrder = 5,
    NoBonusConfigured = 6,
}

/// <summary>A referral credit for the referrer, or why there is none.</summary>
public sealed record ReferralDecision(LedgerEntry? Entry, ReferralRefusal Refusal);

/// <summary>A manual adjustment: the entry, or the field errors that stopped it.</summary>
public sealed record AdminAdjustment(LedgerEntry? Entry, ValidationResult Validation)
{
    /// <summary>The field of the error that asks the admin to confirm taking a balance below zero.</summary>
    public const string ConfirmOverdrawField = "ConfirmOverdraw";
}

/// <summary>
/// Fixed bonuses for things a customer does. Each is keyed by the thing it rewards, so it is paid once however often the
/// event arrives. A bonus is never reversed by a refund. Amounts come from <see cref="LoyaltySettings"/>; zero switches a
/// bonus off and produces no entry.
/// </summary>
public static class Bonuses
{
    /// <summary>Days after the birthday a missed nightly run may still pay it.</summary>
    public const int BirthdayCatchUpDays = 7;

    /// <summary>Once per customer and store: <c>bonus:registration:{store}:{customer}</c>.</summary>
    public static LedgerEntry? Registration(StoreId store, CustomerId customer, LoyaltySettings settings, IClock clock) =>
        Credit(IdempotencyKey.For("bonus:registration", store, customer), store, customer, settings.RegistrationBonus,
            LedgerReason.RegistrationBonus, LedgerSource.Customer, customer.ToString(), settings, clock.UtcNow, pending: false, LedgerNotes.Welcome());

    /// <summary>
    /// The day a birthday is celebrated in <paramref name="year"/>. A 29 February birthday is celebrated on 28 February in
    /// other years: still in the birthday's own month, and never later than the real day would have been.
    /// </summary>
    public static DateOnly Celebration(DateOnly dateOfBirth, int year) =>
        dateOfBirth is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year) ? new DateOnly(year, 2, 28) : new DateOnly(year, dateOfBirth.Month, dateOfBirth.Day);

    /// <summary>
    /// The birthday bonus, once a year (<c>bonus:birthday:{store}:{customer}:{year}</c>), on the celebration day in the
    /// store's time zone (<paramref name="today"/>) or within <see cref="BirthdayCatchUpDays"/> days after it, so one
    /// missed nightly run does not lose it. A birthday edited to another day in the same year pays nothing more.
    /// </summary>
    public static LedgerEntry? Birthday(StoreId store, CustomerId customer, DateOnly? dateOfBirth, DateOnly today, LoyaltySettings settings, IClock clock)
    {
        if (dateOfBirth is not { } dob) return null;
        foreach (var year in new[] { today.Year, today.Year - 1 })
        {
            var day = Celebration(dob, year);
            if (today >= day && today.DayNumber - day.DayNumber < BirthdayCatchUpDays)
                return Credit(IdempotencyKey.For("bonus:birthday", store, customer, year), store, customer, settings.BirthdayBonus,
                    LedgerReason.BirthdayBonus, LedgerSource.Customer, customer.ToString(), settings, clock.UtcNow, pending: false, LedgerNotes.Birthday(year));
        }
        return null;
    }

    /// <summary>
    /// A product review, once approved, once per review (<c>bonus:review:{store}:{review}</c>). The rating is deliberately
    /// not an input: rewards conditioned on a review's sentiment are unlawful in the US since October 2024 (FTC rule on
    /// consumer reviews), so no rule here can depend on it.
    /// </summary>
    public static LedgerEntry? Review(StoreId store, CustomerId customer, int reviewId, bool approved, LoyaltySettings settings, IClock clock) =>
        approved
            ? Credit(IdempotencyKey.For("bonus:review", store, reviewId), store, customer, settings.ReviewBonus, LedgerReason.ReviewBonus,
                LedgerSource.Review, reviewId.ToString(CultureInfo.InvariantCulture), settings, clock.UtcNow, pending: false, LedgerNotes.Review())
            : null;

    /// <summary>An answered survey, once per response (<c>bonus:survey:{store}:{response}</c>), whatever the answers say.</summary>
    public static LedgerEntry? Survey(StoreId store, CustomerId customer, string responseId, LoyaltySettings settings, IClock clock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(responseId);
        return Credit(IdempotencyKey.For("bonus:survey", store, responseId), store, customer, settings.SurveyBonus, LedgerReason.SurveyBonus,
            LedgerSource.Survey, responseId, settings, clock.UtcNow, pending: false, LedgerNotes.Survey());
    }

    /// <summary>
    /// The referrer's credit when the referred customer's first paid order arrives. Only a genuinely new customer counts:
    /// not the referrer themselves, not the same e-mail (compared case-blind, without "+tags", and without dots for Gmail),
    /// not the same address, and only a first paid order. Once per referred customer (<c>bonus:referral:{store}:{referred}</c>)
    /// whoever claims them. Pending for the return window like purchase points, so an order placed and refunded at once
    /// cannot be used to mint a bonus; not clawed back once active.
    /// </summary>
    public static ReferralDecision Referral(ReferralCandidate c, LoyaltySettings settings, IClock clock)
    {
        var refusal =
            c.Referrer == c.Referred ? ReferralRefusal.SelfReferral
            : NormalizeEmail(c.ReferrerEmail) is { } a && a == NormalizeEmail(c.ReferredEmail) ? ReferralRefusal.SameEmail
            : NormalizeAddress(c.ReferrerAddress) is { } x && x == NormalizeAddress(c.ReferredAddress) ? ReferralRefusal.SameAddress
            : !c.OrderPaid ? ReferralRefusal.NotPaid
            : c.EarlierPaidOrders > 0 ? ReferralRefusal.NotFirstPaidOrder
            : settings.ReferralBonus <= 0 ? ReferralRefusal.NoBonusConfigured
            : ReferralRefusal.None;
        if (refusal != ReferralRefusal.None) return new ReferralDecision(null, refusal);
        var entry = Credit(IdempotencyKey.For("bonus:referral", c.Store, c.Referred), c.Store, c.Referrer, settings.ReferralBonus,
            LedgerReason.ReferralBonus, LedgerSource.Referral, c.Referred.ToString(), settings, clock.UtcNow, pending: true,
            LedgerNotes.Referral(c.OrderId.ToString(CultureInfo.InvariantCulture)));
        return new ReferralDecision(entry, ReferralRefusal.None);
    }

    /// <summary>
    /// A manual adjustment by an admin, credit or debit. Reason and actor are mandatory (the entry is the audit: who, when,
    /// why). <paramref name="requestId"/> comes from the form, so a double-submitted form adjusts once.
    /// </summary>
    /// <param name="current">The customer's balance now (available and pending): the bounds and the overdraft are judged on it.</param>
    /// <param name="confirmOverdraw">The admin confirmed taking the available balance below zero.</param>
    public static AdminAdjustment Adjustment(StoreId store, CustomerId customer, int points, string? reason, string? actor, string requestId,
        LoyaltySettings settings, IClock clock, PointsBalance current = default, bool confirmOverdraw = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var validation = new ValidationResult();
        var total = current.Available + current.Pending;
        var after = total + points;
        // A debit that only brings a balance from beyond the limit back towards it repairs data written before the
        // bounds existed, so it is taken whatever its size.
        var repair = points < 0 && total > LoyaltyLimits.MaxBalance && after >= 0;
        if (points == 0)
            validation.Add("Points", CoreMessages.AdjustNonZero());
        else if (Math.Abs((long)points) > settings.MaxAdjustmentPoints && !repair)
            validation.Add("Points", CoreMessages.AdjustMax(settings.MaxAdjustmentPoints));
        else if (points > 0 && after > LoyaltyLimits.MaxBalance)
            validation.Add("Points", CoreMessages.AdjustLimit(after, LoyaltyLimits.MaxBalance));
        else if (points < 0 && current.Available + points < 0 && !confirmOverdraw)
            validation.Add(AdminAdjustment.ConfirmOverdrawField,
                CoreMessages.AdjustOverdraw(-(long)points, current.Available, (long)current.Available + points));
        if (string.IsNullOrWhiteSpace(reason)) validation.Add("Reason", CoreMessages.AdjustReasonRequired());
        else if (reason.Trim().Length > LoyaltyLimits.MaxReasonLength)
            validation.Add("Reason", CoreMessages.AdjustReasonTooLong(LoyaltyLimits.MaxReasonLength));
        else if (reason.Any(char.IsControl))
            validation.Add("Reason", CoreMessages.AdjustReasonControl());
        if (string.IsNullOrWhiteSpace(actor)) validation.Add("Actor", CoreMessages.AdjustActor());
        if (string.IsNullOrWhiteSpace(requestId)) validation.Add("RequestId", CoreMessages.AdjustRequestId());
        if (!validation.IsValid) return new AdminAdjustment(null, validation);

        var now = clock.UtcNow;
        var entry = new LedgerEntry
        {
            Key = IdempotencyKey.For("admin", store, customer, requestId),
            Store = store,
            Customer = customer,
            Points = points,
            Reason = LedgerReason.AdminAdjustment,
            Source = LedgerSource.Admin,
            SourceRef = requestId,
            CreatedUtc = now,
            ActivatesUtc = now,
            ExpiresUtc = points > 0 ? Lots.ExpiryFor(now, settings) : null,
            Actor = actor!.Trim(),
            Note = reason!.Trim(),
        };
        return new AdminAdjustment(entry, validation);
    }

    /// <summary>
    /// Points that appeared in the store's wallet from outside the program (an admin's entry on nopCommerce's own card),
    /// taken into the ledger once per wallet entry as an adjustment by the store: same points, same dates, the wallet's
    /// note, expiring like any lot when positive.
    /// </summary>
    public static LedgerEntry WalletEntry(StoreId store, CustomerId customer, int points, int walletEntryId, DateTime createdUtc, DateTime? activatesUtc,
        string? note, LoyaltySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (points == 0)
            throw new ArgumentOutOfRangeException(nameof(points), points, "A wallet entry without points has nothing to take in.");
        var activates = activatesUtc is { } a && a > createdUtc ? a : createdUtc;
        return new LedgerEntry
        {
            Key = IdempotencyKey.For("wallet", store, walletEntryId),
            Store = store,
            Customer = customer,
            Points = points,
            Reason = LedgerReason.AdminAdjustment,
            Source = LedgerSource.Wallet,
            SourceRef = walletEntryId.ToString(CultureInfo.InvariantCulture),
            CreatedUtc = createdUtc,
            ActivatesUtc = activates,
            ExpiresUtc = points > 0 ? Lots.ExpiryFor(activates, settings) : null,
            Actor = "store wallet",
            Note = string.IsNullOrWhiteSpace(note) ? LedgerNotes.WalletEntry() : note.Trim(),
        };
    }

    /// <summary>E-mail as a person is identified by it: trimmed, lower case, without a "+tag"; Gmail ignores dots.</summary>
    public static string? NormalizeEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return null;
        var e = email.Trim().ToLowerInvariant();
        var at = e.LastIndexOf('@');
        if (at <= 0) return e;
        var (local, domain) = (e[..at], e[(at + 1)..]);
        var plus = local.IndexOf('+');
        if (plus >= 0) local = local[..plus];
        if (domain is "gmail.com" or "googlemail.com") { local = local.Replace(".", "", StringComparison.Ordinal); domain = "gmail.com"; }
        return local + "@" + domain;
    }

    /// <summary>An address reduced to its letters and digits, lower case, so spacing and punctuation do not hide a match.</summary>
    public static string? NormalizeAddress(string? address)
    {
        if (string.IsNullOrWhiteSpace(address)) return null;
        var sb = new StringBuilder();
        foreach (var ch in address.ToLowerInvariant())
            if (char.IsLetterOrDigit(ch)) sb.Append(ch);
        return sb.Length == 0 ? null : sb.ToString();
    }

    private static LedgerEntry? Credit(IdempotencyKey key, StoreId store, CustomerId customer, int points, LedgerReason reason, LedgerSource source,
        string sourceRef, LoyaltySettings settings, DateTime now, bool pending, string note)
    {
        if (points <= 0) return null;
        var activates = pending ? now.AddDays(settings.ActivationDelayDays) : now;
        return new LedgerEntry
        {
            Key = key,
            Store = store,
            Customer = customer,
            Points = points,
            Reason = reason,
            Source = source,
            SourceRef = sourceRef,
            CreatedUtc = now,
            ActivatesUtc = activates,
            ExpiresUtc = Lots.ExpiryFor(activates, settings),
            Note = note,
        };
    }
}
