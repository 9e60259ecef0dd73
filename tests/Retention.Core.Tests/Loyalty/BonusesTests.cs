using Retention.Core.Common;
using Retention.Core.Loyalty;
using static Retention.Core.Tests.Loyalty.L;

namespace Retention.Core.Tests.Loyalty;

public class BonusesTests
{
    private static readonly LoyaltySettings Settings = Plain with
    {
        RegistrationBonus = 50, BirthdayBonus = 100, ReviewBonus = 20, SurveyBonus = 10, ReferralBonus = 500, ActivationDelayDays = 14,
    };
    private static readonly FixedClock Clock = new(T0);

    [Test]
    public void Registration_bonus_is_keyed_per_store_and_customer_and_spendable_at_once()
    {
        var entry = Bonuses.Registration(Store1, Customer, Settings, Clock)!;

        Assert.That(entry.Key.Value, Is.EqualTo("bonus:registration:1:7"));
        Assert.That((entry.Points, entry.Reason, entry.Source), Is.EqualTo((50, LedgerReason.RegistrationBonus, LedgerSource.Customer)));
        Assert.That(entry.ActivatesUtc, Is.EqualTo(T0));
    }

    [Test]
    public void Bonus_set_to_zero_produces_no_entry()
    {
        Assert.That(Bonuses.Registration(Store1, Customer, Plain, Clock), Is.Null);
        Assert.That(Bonuses.Review(Store1, Customer, 1, approved: true, Plain, Clock), Is.Null);
    }

    [Test]
    public void Bonus_lots_carry_the_expiry_of_the_store()
    {
        var entry = Bonuses.Registration(Store1, Customer, Settings with { Expiry = ExpiryMode.LotAfterActivation, ExpiryMonths = 6 }, Clock)!;

        Assert.That(entry.ExpiresUtc, Is.EqualTo(T0.AddMonths(6)));
    }

    [Test]
    public void Birthday_bonus_is_paid_on_the_day_once_a_year()
    {
        var dob = new DateOnly(1990, 6, 15);

        var onTheDay = Bonuses.Birthday(Store1, Customer, dob, new DateOnly(2026, 6, 15), Settings, Clock)!;
        var nextYear = Bonuses.Birthday(Store1, Customer, dob, new DateOnly(2027, 6, 15), Settings, Clock)!;

        Assert.That(onTheDay.Key.Value, Is.EqualTo("bonus:birthday:1:7:2026"));
        Assert.That(onTheDay.Points, Is.EqualTo(100));
        Assert.That(nextYear.Key, Is.Not.EqualTo(onTheDay.Key));
        Assert.That(Bonuses.Birthday(Store1, Customer, dob, new DateOnly(2026, 6, 20), Settings, Clock)!.Key, Is.EqualTo(onTheDay.Key));
    }

    [Test]
    public void Birthday_bonus_is_not_paid_before_the_day_or_long_after_it()
    {
        var dob = new DateOnly(1990, 6, 15);

        Assert.That(Bonuses.Birthday(Store1, Customer, dob, new DateOnly(2026, 6, 14), Settings, Clock), Is.Null);
        Assert.That(Bonuses.Birthday(Store1, Customer, dob, new DateOnly(2026, 6, 15).AddDays(Bonuses.BirthdayCatchUpDays), Settings, Clock), Is.Null);
        Assert.That(Bonuses.Birthday(Store1, Customer, null, new DateOnly(2026, 6, 15), Settings, Clock), Is.Null);
    }

    [Test]
    public void Leap_day_birthday_is_celebrated_on_the_28th_of_February_in_other_years()
    {
        var dob = new DateOnly(2000, 2, 29);

        Assert.That(Bonuses.Celebration(dob, 2027), Is.EqualTo(new DateOnly(2027, 2, 28)));
        Assert.That(Bonuses.Celebration(dob, 2028), Is.EqualTo(new DateOnly(2028, 2, 29)));
        Assert.That(Bonuses.Birthday(Store1, Customer, dob, new DateOnly(2027, 2, 28), Settings, Clock)!.Key.Value, Is.EqualTo("bonus:birthday:1:7:2027"));
        Assert.That(Bonuses.Birthday(Store1, Customer, dob, new DateOnly(2028, 2, 28), Settings, Clock), Is.Null);
        Assert.That(Bonuses.Birthday(Store1, Customer, dob, new DateOnly(2028, 2, 29), Settings, Clock), Is.Not.Null);
    }

    [Test]
    public void Late_december_birthday_caught_up_in_january_counts_for_the_year_it_fell_in()
    {
        var entry = Bonuses.Birthday(Store1, Customer, new DateOnly(1985, 12, 30), new DateOnly(2027, 1, 2), Settings, Clock)!;

        Assert.That(entry.Key.Value, Is.EqualTo("bonus:birthday:1:7:2026"));
    }

    [Test]
    public void Approved_review_earns_once_per_review_and_an_unapproved_one_earns_nothing()
    {
        var entry = Bonuses.Review(Store1, Customer, 31, approved: true, Settings, Clock)!;

        Assert.That(entry.Key.Value, Is.EqualTo("bonus:review:1:31"));
        Assert.That((entry.Points, entry.Source, entry.SourceRef), Is.EqualTo((20, LedgerSource.Review, "31")));
        Assert.That(Bonuses.Review(Store1, Customer, 31, approved: false, Settings, Clock), Is.Null);
    }

    [Test]
    public void Review_bonus_cannot_depend_on_the_rating()
    {
        // The rule has no rating input at all: a one-star and a five-star review are rewarded alike.
        var parameters = typeof(Bonuses).GetMethod(nameof(Bonuses.Review))!.GetParameters().Select(p => p.Name!.ToLowerInvariant());

        Assert.That(parameters, Has.None.Contains("rating"));
    }

    [Test]
    public void Survey_answer_earns_once_per_response()
    {
        var entry = Bonuses.Survey(Store1, Customer, "nps-2026-03-7", Settings, Clock)!;

        Assert.That(entry.Key.Value, Is.EqualTo("bonus:survey:1:nps-2026-03-7"));
        Assert.That((entry.Points, entry.Reason, entry.Source), Is.EqualTo((10, LedgerReason.SurveyBonus, LedgerSource.Survey)));
    }

    private static ReferralCandidate Referral(int referrer = 7, string referrerEmail = "ann@example.com", string? referrerAddress = "1 Main St",
        int referred = 8, string referredEmail = "bob@example.com", string? referredAddress = "9 Oak Rd", bool paid = true, int earlier = 0) =>
        new(Store1, new CustomerId(referrer), referrerEmail, referrerAddress, new CustomerId(referred), referredEmail, referredAddress, 500, paid, earlier);

    [Test]
    public void Referrer_is_credited_for_a_new_customers_first_paid_order_after_the_return_window()
    {
        var decision = Bonuses.Referral(Referral(), Settings, Clock);

        var entry = decision.Entry!;
        Assert.That(decision.Refusal, Is.EqualTo(ReferralRefusal.None));
        Assert.That(entry.Customer, Is.EqualTo(new CustomerId(7)));
        Assert.That(entry.Key.Value, Is.EqualTo("bonus:referral:1:8"));
        Assert.That((entry.Points, entry.Reason, entry.Source, entry.SourceRef), Is.EqualTo((500, LedgerReason.ReferralBonus, LedgerSource.Referral, "8")));
        Assert.That(entry.ActivatesUtc, Is.EqualTo(T0.AddDays(14)));
    }

    [Test]
    public void Same_referred_customer_earns_one_referral_whoever_claims_them()
    {
        Assert.That(Bonuses.Referral(Referral(referrer: 7), Settings, Clock).Entry!.Key,
            Is.EqualTo(Bonuses.Referral(Referral(referrer: 9, referrerEmail: "cy@example.com", referrerAddress: "2 Elm"), Settings, Clock).Entry!.Key));
    }

    [TestCase(7, "ann@example.com", "1 Main St", "bob@example.com", "9 Oak Rd", true, 0, ReferralRefusal.SelfReferral)]
    [TestCase(8, "ann@example.com", "1 Main St", " ANN+shop@Example.com ", "9 Oak Rd", true, 0, ReferralRefusal.SameEmail)]
    [TestCase(8, "a.n.n@gmail.com", "1 Main St", "ann+x@googlemail.com", "9 Oak Rd", true, 0, ReferralRefusal.SameEmail)]
    [TestCase(8, "ann@example.com", "1 Main St.", "bob@example.com", "1, main st", true, 0, ReferralRefusal.SameAddress)]
    [TestCase(8, "ann@example.com", "1 Main St", "bob@example.com", "9 Oak Rd", false, 0, ReferralRefusal.NotPaid)]
    [TestCase(8, "ann@example.com", "1 Main St", "bob@example.com", "9 Oak Rd", true, 1, ReferralRefusal.NotFirstPaidOrder)]
    public void Referral_is_refused_unless_the_customer_is_genuinely_new(int referred, string referrerEmail, string referrerAddress,
        string referredEmail, string referredAddress, bool paid, int earlier, ReferralRefusal expected)
    {
        var decision = Bonuses.Referral(Referral(7, referrerEmail, referrerAddress, referred, referredEmail, referredAddress, paid, earlier), Settings, Clock);

        Assert.That(decision.Refusal, Is.EqualTo(expected));
        Assert.That(decision.Entry, Is.Null);
    }

    [Test]
    public void Missing_addresses_do_not_count_as_the_same_address()
    {
        Assert.That(Bonuses.Referral(Referral(referrerAddress: null, referredAddress: null), Settings, Clock).Refusal, Is.EqualTo(ReferralRefusal.None));
    }

    [Test]
    public void Referral_without_a_configured_bonus_says_so()
    {
        Assert.That(Bonuses.Referral(Referral(), Plain, Clock).Refusal, Is.EqualTo(ReferralRefusal.NoBonusConfigured));
    }

    [Test]
    public void Admin_adjustment_records_who_and_why_and_is_keyed_by_the_request()
    {
        var result = Bonuses.Adjustment(Store1, Customer, -40, " Goodwill correction ", "admin@shop.test", "req-1", Settings, Clock, confirmOverdraw: true);

        var entry = result.Entry!;
        Assert.That(result.Validation.IsValid, Is.True);
        Assert.That(entry.Key.Value, Is.EqualTo("admin:1:7:req-1"));
        Assert.That((entry.Points, entry.Reason, entry.Source), Is.EqualTo((-40, LedgerReason.AdminAdjustment, LedgerSource.Admin)));
        Assert.That((entry.Actor, entry.Note, entry.CreatedUtc), Is.EqualTo(("admin@shop.test", "Goodwill correction", T0)));
    }

    [Test]
    public void Admin_adjustment_without_reason_or_actor_is_refused_per_field()
    {
        var result = Bonuses.Adjustment(Store1, Customer, 0, "  ", null, "req-1", Settings, Clock);

        Assert.That(result.Entry, Is.Null);
        Assert.That(result.Validation.Errors.Select(e => e.Field), Is.EquivalentTo(new[] { "Points", "Reason", "Actor" }));
    }

    [Test]
    public async Task Every_bonus_replayed_is_paid_once()
    {
        var ledger = new Retention.Testing.InMemory.InMemoryPointsLedger();
        LedgerEntry?[] twice() =>
        [
            Bonuses.Registration(Store1, Customer, Settings, Clock),
            Bonuses.Birthday(Store1, Customer, new DateOnly(1990, 3, 1), new DateOnly(2026, 3, 1), Settings, Clock),
            Bonuses.Review(Store1, Customer, 4, true, Settings, Clock),
            Bonuses.Survey(Store1, Customer, "r1", Settings, Clock),
            Bonuses.Adjustment(Store1, Customer, 5, "fix", "admin", "req-9", Settings, Clock).Entry,
        ];

        foreach (var entry in twice().Concat(twice()))
            await ledger.TryAppendAsync(entry!);

        Assert.That((await ledger.GetBalanceAsync(Store1, Customer, T0)).Available, Is.EqualTo(50 + 100 + 20 + 10 + 5));
    }
}
