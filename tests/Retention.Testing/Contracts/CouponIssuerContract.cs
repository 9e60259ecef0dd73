using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Testing.Builders;

namespace Retention.Testing.Contracts;

/// <summary>What every <see cref="ICouponIssuer"/> must do.</summary>
public abstract class CouponIssuerContract : PortContract<ICouponIssuer>
{
    /// <summary>
    /// Makes an order of the store use <paramref name="coupon"/> (a discount usage in nopCommerce), so cleanup must keep it.
    /// Every host answers this; the base fails so a host that forgets is told, not silently spared the cleanup tests.
    /// </summary>
    protected virtual Task MarkUsedAsync(IssuedCoupon coupon, CouponRequest request)
    {
        Assert.Fail($"{GetType().Name} must override {nameof(MarkUsedAsync)} to record a use of a coupon in its store.");
        return Task.CompletedTask;
    }

    private static CouponRequest Request(string key, int customer = 1, DateTime? expires = null) => new()
    {
        Key = new IdempotencyKey(key),
        Store = new StoreId(1),
        Customer = new CustomerId(customer),
        Kind = CouponKind.Percentage,
        Value = 10m,
        ExpiresUtc = expires ?? Build.Epoch.AddDays(14),
        Name = "Retention: test coupon",
    };

    [Test]
    public async Task Issued_coupon_has_a_code_and_the_requested_expiry()
    {
        var coupon = await Port.IssueAsync(Request("coupon:1"));

        Assert.That(coupon.Code, Is.Not.Empty);
        Assert.That(coupon.ExpiresUtc, Is.EqualTo(Build.Epoch.AddDays(14)));
    }

    [Test]
    public async Task Same_key_returns_the_coupon_already_issued()
    {
        var first = await Port.IssueAsync(Request("coupon:1"));
        var again = await Port.IssueAsync(Request("coupon:1"));

        Assert.That(again.Code, Is.EqualTo(first.Code));
    }

    [Test]
    public async Task Different_keys_get_different_codes()
    {
        var codes = new HashSet<string>();
        for (var i = 0; i < 50; i++)
            codes.Add((await Port.IssueAsync(Request($"coupon:{i}", customer: i))).Code);

        Assert.That(codes, Has.Count.EqualTo(50));
    }

    [Test]
    public async Task Racing_issuers_of_one_key_all_get_the_same_code()
    {
        var attempts = Enumerable.Range(0, 8).Select(_ => Task.Run(() => Port.IssueAsync(Request("coupon:race"))));

        var coupons = await Task.WhenAll(attempts);

        Assert.That(coupons.Select(c => c.Code).Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task Cleanup_removes_expired_unused_coupons_and_keeps_used_and_unexpired_ones()
    {
        var cutoff = Build.Epoch.AddDays(30);
        await Port.IssueAsync(Request("coupon:expired", expires: cutoff.AddDays(-10)));
        var usedRequest = Request("coupon:used", customer: 2, expires: cutoff.AddDays(-10));
        await MarkUsedAsync(await Port.IssueAsync(usedRequest), usedRequest);
        await Port.IssueAsync(Request("coupon:at-cutoff", customer: 3, expires: cutoff));
        await Port.IssueAsync(Request("coupon:valid", customer: 4, expires: cutoff.AddDays(10)));

        var removed = await Port.CleanupExpiredAsync(cutoff, 100);
        var again = await Port.CleanupExpiredAsync(cutoff, 100);
        var later = await Port.CleanupExpiredAsync(cutoff.AddDays(365), 100);

        Assert.That(removed, Is.EqualTo(1), "Only the unused coupon that expired before the cut-off goes.");
        Assert.That(again, Is.EqualTo(0), "A removed coupon is not counted twice.");
        Assert.That(later, Is.EqualTo(2), "The coupons at and after the cut-off were kept; the used one is never removed.");
    }

    [Test]
    public async Task A_key_replayed_after_the_cleanup_gets_the_code_it_was_issued_not_a_second_coupon()
    {
        var request = Request("coupon:replayed", expires: Build.Epoch.AddDays(-1));
        var issued = await Port.IssueAsync(request);
        Assume.That(await Port.CleanupExpiredAsync(Build.Epoch, 10), Is.EqualTo(1));

        var again = await Port.IssueAsync(request);

        Assert.That(again, Is.EqualTo(issued), "One coupon per key, for as long as the store keeps the record of it.");
    }

    [Test]
    public async Task Cleanup_removes_at_most_the_limit_per_call()
    {
        for (var i = 0; i < 5; i++)
            await Port.IssueAsync(Request($"coupon:old:{i}", customer: i, expires: Build.Epoch.AddDays(-i - 1)));

        var calls = new List<int>();
        for (var i = 0; i < 4; i++)
            calls.Add(await Port.CleanupExpiredAsync(Build.Epoch, 2));

        Assert.That(calls, Is.EqualTo(new[] { 2, 2, 1, 0 }));
    }

    [Test]
    public async Task Cleanup_with_no_room_for_a_coupon_is_refused_clearly()
    {
        Assert.That(async () => await Port.CleanupExpiredAsync(Build.Epoch, 0),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
