using Retention.Core.Common;
using Retention.Core.Loyalty;

namespace Retention.Core.Tests.Loyalty;

/// <summary>The tier-up notice's key: one notice per store, customer, tier and (UTC) day, however often the upgrade is reported.</summary>
public class TierNoticeTests
{
    private static readonly DateTime At = new(2026, 3, 2, 9, 15, 30, DateTimeKind.Utc);

    private static TierChanged Up(int customer, string tier, DateTime at, int store = 1) =>
        new(new StoreId(store), new CustomerId(customer), null, tier, TierChange.Upgraded, at);

    [Test]
    public void The_same_upgrade_reported_twice_two_milliseconds_apart_has_one_key()
    {
        Assert.That(TierNotice.Key(Up(7, "Bronze", At.AddMilliseconds(2))), Is.EqualTo(TierNotice.Key(Up(7, "Bronze", At))));
        Assert.That(TierNotice.Key(Up(7, "Bronze", At.Date.AddDays(1).AddTicks(-1))), Is.EqualTo(TierNotice.Key(Up(7, "Bronze", At.Date))), "Anywhere in the same UTC day.");
    }

    [Test]
    public void Another_customer_tier_store_or_day_is_another_notice()
    {
        var key = TierNotice.Key(Up(7, "Bronze", At));
        Assert.Multiple(() =>
        {
            Assert.That(TierNotice.Key(Up(8, "Bronze", At)), Is.Not.EqualTo(key));
            Assert.That(TierNotice.Key(Up(7, "Silver", At)), Is.Not.EqualTo(key));
            Assert.That(TierNotice.Key(Up(7, "Bronze", At, store: 2)), Is.Not.EqualTo(key));
            Assert.That(TierNotice.Key(Up(7, "Bronze", At.AddDays(1))), Is.Not.EqualTo(key));
        });
    }

    [Test]
    public void The_key_names_its_parts_and_reuses_the_enrollment_subject()
    {
        Assert.That(TierNotice.Key(Up(7, " Gold ", At)), Is.EqualTo(new IdempotencyKey("tier-up:1:7:" + TierNotice.Subject("Gold", At))));
        Assert.That(TierNotice.Key(Up(7, " Gold ", At)).Value, Is.EqualTo("tier-up:1:7:tier:gold:20260302"));
        Assert.Catch<ArgumentException>(() => TierNotice.Key(new TierChanged(new StoreId(1), new CustomerId(7), "Gold", null, TierChange.Downgraded, At)));
    }
}
