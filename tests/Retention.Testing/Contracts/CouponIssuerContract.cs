using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Testing.Builders;

namespace Retention.Testing.Contracts;

/// <summary>What every <see cref="ICouponIssuer"/> must do.</summary>
public abstract class CouponIssuerContract : PortContract<ICouponIssuer>
{
    private static CouponRequest Request(string key, int customer = 1) => new()
    {
        Key = new IdempotencyKey(key),
        Store = new StoreId(1),
        Customer = new CustomerId(customer),
        Kind = CouponKind.Percentage,
        Value = 10m,
        ExpiresUtc = Build.Epoch.AddDays(14),
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
}
