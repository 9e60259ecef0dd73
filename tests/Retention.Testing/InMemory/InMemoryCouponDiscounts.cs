using Retention.Core.Coupons;

namespace Retention.Testing.InMemory;

/// <summary>The store's discounts as a list, for Core's <see cref="Retention.Core.Tables.CouponStore"/>; <see cref="MarkUsed"/> stands in for an order.</summary>
public sealed class InMemoryCouponDiscounts : ICouponDiscounts
{
    private readonly object _sync = new();
    private readonly List<Discount> _discounts = [];
    private int _lastId;

    /// <summary>One discount as the store keeps it.</summary>
    public sealed record Discount(int Id, string Code, int CustomerId, DateTime ExpiresUtc)
    {
        public bool Usable { get; set; } = true;
        public bool Used { get; set; }
    }

    /// <summary>The discounts that exist (deleted ones are gone).</summary>
    public IReadOnlyList<Discount> Discounts
    {
        get { lock (_sync) return _discounts.ToList(); }
    }

    /// <summary>Called before each <see cref="CreateAsync"/> (a test may throw from it, or pause it).</summary>
    public Func<Task>? BeforeCreate { get; set; }

    public async Task<int> CreateAsync(CouponRequest request, string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BeforeCreate != null)
            await BeforeCreate();
        lock (_sync)
        {
            var discount = new Discount(++_lastId, code, request.Customer.Value, request.ExpiresUtc);
            _discounts.Add(discount);
            return discount.Id;
        }
    }

    public Task WithdrawAsync(int discountId, CancellationToken cancellationToken = default)
    {
        lock (_sync)
            if (_discounts.Find(d => d.Id == discountId) is { } discount)
                discount.Usable = false;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<int, bool>> UsageAsync(IReadOnlyCollection<int> discountIds, CancellationToken cancellationToken = default)
    {
        lock (_sync)
            return Task.FromResult<IReadOnlyDictionary<int, bool>>(_discounts.Where(d => discountIds.Contains(d.Id)).ToDictionary(d => d.Id, d => d.Used));
    }

    public Task<bool> DeleteAsync(int discountId, CancellationToken cancellationToken = default)
    {
        lock (_sync)
            return Task.FromResult(_discounts.RemoveAll(d => d.Id == discountId) > 0);
    }

    /// <summary>Records that an order used the discount with <paramref name="code"/>.</summary>
    public void MarkUsed(string code)
    {
        lock (_sync)
            (_discounts.Find(d => d.Code == code) ?? throw new ArgumentException($"No discount has the code {code}.", nameof(code))).Used = true;
    }
}
