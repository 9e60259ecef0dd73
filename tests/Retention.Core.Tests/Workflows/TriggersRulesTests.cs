using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Workflows;

namespace Retention.Core.Tests.Workflows;

public class TriggersRulesTests
{
    private static readonly DateTime Now = new(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);

    [TestCase(1, 0, 91, 90, true)]
    [TestCase(1, 0, 90, 90, false)]
    [TestCase(3, 60, 31, 90, true)]
    [TestCase(3, 60, 30, 90, false)]
    public void A_buyer_is_dormant_past_their_own_rhythm_or_the_one_time_days(int orders, int spanDays, int idleDays, int oneTimeDays, bool dormant)
    {
        // Three orders over 60 days: mean interval 60 / 2 = 30 days; with a multiple of 1 dormant after 30 idle days.
        var last = Now.AddDays(-idleDays);

        Assert.That(TriggerRules.IsDormant(orders, last.AddDays(-spanDays), last, Now, 1m, oneTimeDays), Is.EqualTo(dormant));
    }

    [Test]
    public void Orders_all_at_one_instant_count_as_a_one_time_buyers()
    {
        Assert.That(TriggerRules.IsDormant(2, Now.AddDays(-10), Now.AddDays(-10), Now, 3m, 30), Is.False);
        Assert.That(TriggerRules.IsDormant(2, Now.AddDays(-31), Now.AddDays(-31), Now, 3m, 30), Is.True);
    }

    [Test]
    public void A_buyer_turns_dormant_at_the_instant_the_idle_time_allowed_runs_out()
    {
        // Three orders 30 days apart with a multiple of 2: dormant 60 days after the last; a one-time buyer after its days.
        var last = Now.AddDays(-10);
        Assert.That(TriggerRules.DormantSinceUtc(3, last.AddDays(-60), last, 2m, 90), Is.EqualTo(last.AddDays(60)));
        Assert.That(TriggerRules.DormantSinceUtc(1, last, last, 2m, 90), Is.EqualTo(last.AddDays(90)));
        Assert.That(TriggerRules.IsDormant(3, last.AddDays(-60), last, last.AddDays(60), 2m, 90), Is.False, "dormant only after that instant");
    }

    [TestCase(2000, 2, 29, 2027, 2, 28, true)]
    [TestCase(2000, 2, 29, 2028, 2, 28, false)]
    [TestCase(2000, 2, 29, 2028, 2, 29, true)]
    [TestCase(1990, 3, 2, 2026, 3, 2, true)]
    [TestCase(1990, 3, 2, 2026, 3, 3, false)]
    public void Birthdays_and_the_leap_day(int y, int m, int d, int ty, int tm, int td, bool expected)
    {
        Assert.That(TriggerRules.IsBirthday(new DateTime(y, m, d), new DateOnly(ty, tm, td)), Is.EqualTo(expected));
    }

    [Test]
    public void Tier_subject_is_dated_and_safe_for_a_signed_link()
    {
        Assert.That(TierNotice.Subject(" Gold ", Now), Is.EqualTo("tier:Gold:20260302"));
        Assert.That(TierNotice.Subject("A|B", Now), Is.EqualTo("tier:A/B:20260302"));
        Assert.That(TierNotice.Subject(new string('x', 300), Now).Length, Is.LessThanOrEqualTo(Enrollment.MaxSubjectLength));
        Assert.Throws<ArgumentException>(() => TierNotice.Subject(" ", Now));
    }

    [Test]
    public void A_base_tier_is_one_the_first_order_reaches_whatever_it_is()
    {
        var spend = new LoyaltySettings { Tiers = [new("Silver", 150m, 1.25m), new("Bronze", 0m, 1m), new("Gold", 400m, 1.5m)] };
        var orders = new LoyaltySettings { TierBasis = TierBasis.OrderCount, Tiers = [new("Member", 1m, 1m), new("Regular", 3m, 1.2m)] };

        Assert.That(TierNotice.IsBaseTier(spend, "Bronze"), Is.True);
        Assert.That(TierNotice.IsBaseTier(spend, "Silver"), Is.False);
        Assert.That(TierNotice.IsBaseTier(spend, null), Is.False);
        Assert.That(TierNotice.IsBaseTier(spend, "Deleted"), Is.False);
        Assert.That(TierNotice.IsBaseTier(orders, "Member"), Is.True);
        Assert.That(TierNotice.IsBaseTier(orders, "Regular"), Is.False);
        Assert.That(TierNotice.IsBaseTier(spend with { Tiers = [new("Silver", 100m, 2m), new("Gold", 400m, 3m)] }, "Silver"), Is.False,
            "The lowest tier with a real threshold is an achievement.");
    }

    [TestCase(TierChange.Upgraded, "Silver", false, true)]
    [TestCase(TierChange.Upgraded, "Bronze", true, false)]
    [TestCase(TierChange.Downgraded, "Silver", false, false)]
    [TestCase(TierChange.Upgraded, null, false, false)]
    public void Only_an_upgrade_above_the_base_tier_is_announced(TierChange kind, string? to, bool toBase, bool announced)
    {
        var change = new TierChanged(new StoreId(1), new CustomerId(7), null, to, kind, Now, toBase);

        Assert.That(TierNotice.Announces(change), Is.EqualTo(announced));
    }

    [Test]
    public void One_time_buyer_days_prefer_the_admin_then_the_median_then_the_fallback()
    {
        var winBack = WorkflowCatalog.Default(WorkflowKind.WinBack);

        Assert.That(TriggerRules.OneTimeBuyerDays(winBack with { OneTimeBuyerDormantDays = 45 }, 20), Is.EqualTo(45));
        Assert.That(TriggerRules.OneTimeBuyerDays(winBack, 20.2), Is.EqualTo(61));
        Assert.That(TriggerRules.OneTimeBuyerDays(winBack, null), Is.EqualTo(TriggerRules.FallbackOneTimeBuyerDays));
    }

    [Test]
    public void Subjects_follow_the_documented_shapes()
    {
        Assert.That(TriggerRules.CartSubject(new DateTime(638000000000000000)), Is.EqualTo("cart:638000000000000000"));
        Assert.That(TriggerRules.ReplenishmentSubject(31, 100), Is.EqualTo("order:31:product:100"));
        Assert.That(TriggerRules.WinBackSubject(Now), Is.EqualTo("2026-03"));
        Assert.That(TriggerRules.ExpirySubject(Now.AddDays(10)), Is.EqualTo("2026-03-12"));
    }

    [Test]
    public void Subjects_read_back_as_they_were_built()
    {
        Assert.That(TriggerRules.OrderOf(TriggerRules.OrderSubject(42)), Is.EqualTo(42));
        Assert.That(TriggerRules.OrderOf(TriggerRules.ReplenishmentSubject(31, 100)), Is.EqualTo(31));
        Assert.That(TriggerRules.ReplenishedProductOf(TriggerRules.ReplenishmentSubject(31, 100)), Is.EqualTo(100));
        Assert.That(TriggerRules.ReplenishedProductOf(TriggerRules.OrderSubject(31)), Is.Null);
    }

    [TestCase("nps")]
    [TestCase("welcome")]
    [TestCase("order:")]
    [TestCase("order:-1")]
    [TestCase("order: 1")]
    [TestCase("order:99999999999")]
    [TestCase("cart:638000000000000000")]
    [TestCase("order:1:product:x")]
    [TestCase("order:1:item:2")]
    [TestCase("order:x:product:2")]
    public void A_subject_of_another_shape_names_no_order_or_product(string subject)
    {
        Assert.That(TriggerRules.ReplenishedProductOf(subject), Is.Null);
        if (!subject.StartsWith("order:1:", StringComparison.Ordinal))
            Assert.That(TriggerRules.OrderOf(subject), Is.Null);
    }
}
