using System.Security.Cryptography;
using Retention.Core.Coupons;

namespace Retention.Testing.InMemory;

/// <summary>
/// Issues random codes and remembers them by key, also after the cleanup removed them (as Core's coupon store keeps its
/// rows); <see cref="MarkUsed"/> stands in for an order using one.
/// </summary>
public sealed class InMemoryCouponIssuer : ICouponIssuer
{
    private readonly object _sync = new();
    private readonly Dictionary<string, IssuedCoupon> _byKey = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);

    /// <summary>The coupons that can be used (issued, and not removed by the cleanup).</summary>
    public IReadOnlyList<IssuedCoupon> Coupons
    {
        get { lock (_sync) return _byKey.Values.Where(c => !_removed.Contains(c.Code)).ToList(); }
    }

    public Task<IssuedCoupon> IssueAsync(CouponRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
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

    /// <summary>Records that an order used the coupon, so cleanup keeps it.</summary>
    public void MarkUsed(string code)
    {
        lock (_sync)
        {
            if (!_byKey.Values.Any(c => c.Code == code))
                throw new ArgumentException($"No coupon has the code {code}.", nameof(code));
            _used.Add(code);
        }
    }

    public Task<int> CleanupExpiredAsync(DateTime expiredBeforeUtc, int limit, CancellationToken cancellationToken = default)
    {
        if (limit <= 0) throw new ArgumentOutOfRangeException(nameof(limit), limit, "Remove at least one coupon per call.");
        lock (_sync)
        {
            var doomed = _byKey.Values.Where(c => c.ExpiresUtc < expiredBeforeUtc && !_used.Contains(c.Code) && !_removed.Contains(c.Code))
                .OrderBy(c => c.ExpiresUtc).Take(limit).Select(c => c.Code).ToList();
            _removed.UnionWith(doomed);
            return Task.FromResult(doomed.Count);
        }
    }
}
