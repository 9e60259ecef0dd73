using System.Security.Cryptography;
using Retention.Core.Coupons;

namespace Retention.Testing.InMemory;

/// <summary>Issues random codes and remembers them by key.</summary>
public sealed class InMemoryCouponIssuer : ICouponIssuer
{
    private readonly object _sync = new();
    private readonly Dictionary<string, IssuedCoupon> _byKey = new(StringComparer.Ordinal);

    public Task<IssuedCoupon> IssueAsync(CouponRequest request, CancellationToken cancellationToken = default)
    {
        lock (_sync)
        {
            if (!_byKey.TryGetValue(request.Key.Value, out var coupon))
            {
                coupon = new IssuedCoupon("RET-" + RandomNumberGenerator.GetHexString(10), request.ExpiresUtc);
                _byKey.Add(request.Key.Value, coupon);
            }
            return Task.FromResult(coupon);
        }
    }

    // Implemented by the workflow helpers in this session (coupon cleanup); the lead's surface commit only declares it.
    public Task<int> CleanupExpiredAsync(DateTime expiredBeforeUtc, int limit, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}
