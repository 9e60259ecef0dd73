using Retention.Core.Loyalty;

namespace Retention.Core.Tests.Loyalty;

/// <summary>
/// The tier-up notice's subject: one per tier and (UTC) day, however often the upgrade is reported; the enrollment adds the
/// store and the customer.
/// </summary>
public class TierNoticeTests
{
    private static readonly DateTime At = new(2026, 3, 2, 9, 15, 30, DateTimeKind.Utc);

    [Test]
    public void The_same_upgrade_reported_twice_two_milliseconds_apart_has_one_subject()
    {
        Assert.That(TierNotice.Subject("Bronze", At.AddMilliseconds(2)), Is.EqualTo(TierNotice.Subject("Bronze", At)));
        Assert.That(TierNotice.Subject("Bronze", At.Date.AddDays(1).AddTicks(-1)), Is.EqualTo(TierNotice.Subject("Bronze", At.Date)),
            "Anywhere in the same UTC day.");
    }

    [Test]
    public void Another_tier_or_day_is_another_notice()
    {
        var subject = TierNotice.Subject("Bronze", At);
        Assert.Multiple(() =>
        {
            Assert.That(TierNotice.Subject("Silver", At), Is.Not.EqualTo(subject));
            Assert.That(TierNotice.Subject("Bronze", At.AddDays(1)), Is.Not.EqualTo(subject));
        });
    }

    [Test]
    public void The_subject_names_the_trimmed_tier_and_the_day()
    {
        Assert.That(TierNotice.Subject(" Gold ", At), Is.EqualTo("tier:Gold:20260302"));
        Assert.Catch<ArgumentException>(() => TierNotice.Subject(null!, At));
    }
}
