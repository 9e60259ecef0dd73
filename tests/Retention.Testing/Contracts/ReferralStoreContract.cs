using Retention.Core.Common;
using Retention.Core.Loyalty;

namespace Retention.Testing.Contracts;

/// <summary>What every <see cref="IReferralStore"/> must do.</summary>
public abstract class ReferralStoreContract : PortContract<IReferralStore>
{
    private static readonly StoreId Store1 = new(1);
    private static readonly StoreId Store2 = new(2);

    [Test]
    public async Task Customer_nobody_referred_has_no_referrer()
    {
        Assert.That(await Port.ReferrerOfAsync(Store1, new CustomerId(5)), Is.Null);
    }

    [Test]
    public async Task First_referrer_recorded_wins()
    {
        var first = await Port.TryRecordAsync(Store1, new CustomerId(5), new CustomerId(1));
        var second = await Port.TryRecordAsync(Store1, new CustomerId(5), new CustomerId(2));

        Assert.That((first, second), Is.EqualTo((true, false)));
        Assert.That(await Port.ReferrerOfAsync(Store1, new CustomerId(5)), Is.EqualTo(new CustomerId(1)));
    }

    [Test]
    public async Task Referrals_are_kept_apart_per_store()
    {
        await Port.TryRecordAsync(Store1, new CustomerId(5), new CustomerId(1));

        Assert.That(await Port.TryRecordAsync(Store2, new CustomerId(5), new CustomerId(2)), Is.True);
        Assert.That(await Port.ReferrerOfAsync(Store1, new CustomerId(5)), Is.EqualTo(new CustomerId(1)));
        Assert.That(await Port.ReferrerOfAsync(Store2, new CustomerId(5)), Is.EqualTo(new CustomerId(2)));
    }

    [Test]
    public async Task Racing_records_for_one_customer_keep_exactly_one_referrer()
    {
        var attempts = Enumerable.Range(1, 8).Select(r => Task.Run(() => Port.TryRecordAsync(Store1, new CustomerId(50), new CustomerId(r))));

        var results = await Task.WhenAll(attempts);

        Assert.That(results.Count(r => r), Is.EqualTo(1));
        var winner = Array.IndexOf(results, true) + 1;
        Assert.That(await Port.ReferrerOfAsync(Store1, new CustomerId(50)), Is.EqualTo(new CustomerId(winner)));
    }
}
