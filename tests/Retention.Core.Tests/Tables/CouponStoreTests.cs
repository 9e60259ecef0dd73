using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Core.Tables;
using Retention.Testing.Builders;
using Retention.Testing.InMemory;

namespace Retention.Core.Tests.Tables;

/// <summary>The rules of Core's coupon store that the contract cannot see from outside: what happens to the host's discounts.</summary>
public class CouponStoreTests
{
    private InMemoryTables _database = null!;
    private InMemoryCouponDiscounts _discounts = null!;
    private CouponStore _store = null!;

    [SetUp]
    public void SetUp()
    {
        _database = new InMemoryTables();
        _discounts = new InMemoryCouponDiscounts();
        _store = new CouponStore(_database.Table<CouponRow>(), _discounts, new InMemoryQueryRunner(), new TestClock(Build.Epoch));
    }

    private static CouponRequest Request(string key, int customer = 7, DateTime? expires = null) => new()
    {
        Key = new IdempotencyKey(key),
        Store = new StoreId(1),
        Customer = new CustomerId(customer),
        Kind = CouponKind.Amount,
        Value = 5m,
        ExpiresUtc = expires ?? Build.Epoch.AddDays(14),
        Name = "Retention: test coupon",
    };

    [Test]
    public async Task Issue_records_the_discount_it_made_with_the_code_the_customer_gets()
    {
        var coupon = await _store.IssueAsync(Request("coupon:1"));

        var row = _database.Table<CouponRow>().Snapshot().Single();
        var discount = _discounts.Discounts.Single();
        Assert.That((row.DiscountId, row.Code, row.CustomerId, row.CreatedOnUtc), Is.EqualTo((discount.Id, coupon.Code, 7, Build.Epoch)));
        Assert.That((discount.Code, discount.Usable), Is.EqualTo((coupon.Code, true)));
        Assert.That(coupon.Code, Does.Match("^RET-[A-HJKMNP-Z2-9]{10}$"));
    }

    [Test]
    public async Task Racing_issuers_leave_one_usable_discount_the_one_recorded()
    {
        var gate = new TaskCompletionSource();
        var arrived = 0;
        // Every issuer looks, finds nothing and makes its discount before any records its row.
        _discounts.BeforeCreate = () => Interlocked.Increment(ref arrived) == 4 ? Task.Run(gate.SetResult) : gate.Task;

        var coupons = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => _store.IssueAsync(Request("coupon:race")))));

        var usable = _discounts.Discounts.Where(d => d.Usable).ToList();
        Assert.That(_discounts.Discounts, Has.Count.EqualTo(4), "each racer made its discount");
        Assert.That(usable.Select(d => d.Code), Is.EqualTo(new[] { coupons[0].Code }), "only the recorded code works");
        Assert.That(_database.Table<CouponRow>().Snapshot().Single().DiscountId, Is.EqualTo(usable[0].Id));
    }

    [Test]
    public async Task A_row_that_cannot_be_written_leaves_its_discount_unusable()
    {
        var store = new CouponStore(new FailingTable(), _discounts, new InMemoryQueryRunner(), new TestClock(Build.Epoch));

        Assert.That(async () => await store.IssueAsync(Request("coupon:1")), Throws.InstanceOf<TimeoutException>());

        Assert.That(_discounts.Discounts.Single().Usable, Is.False);
    }

    [Test]
    public async Task Cleanup_keeps_the_row_marks_it_and_never_asks_about_it_again()
    {
        var coupon = await _store.IssueAsync(Request("coupon:old", expires: Build.Epoch.AddDays(-1)));

        var removed = await _store.CleanupExpiredAsync(Build.Epoch, 10);

        Assert.That((removed, _discounts.Discounts.Count), Is.EqualTo((1, 0)));
        var row = _database.Table<CouponRow>().Snapshot().Single();
        Assert.That((row.Code, row.DiscountId), Is.EqualTo((coupon.Code, CouponStore.NoDiscount)));
    }

    [Test]
    public async Task Cleanup_marks_a_discount_deleted_elsewhere_without_counting_it()
    {
        await _store.IssueAsync(Request("coupon:gone", expires: Build.Epoch.AddDays(-2)));
        await _store.IssueAsync(Request("coupon:old", customer: 8, expires: Build.Epoch.AddDays(-1)));
        await _discounts.DeleteAsync(_discounts.Discounts[0].Id);

        var removed = await _store.CleanupExpiredAsync(Build.Epoch, 10);

        Assert.That(removed, Is.EqualTo(1));
        Assert.That(_database.Table<CouponRow>().Snapshot().Select(r => r.DiscountId), Is.All.EqualTo(CouponStore.NoDiscount));
    }

    [Test]
    public async Task Cleanup_reads_past_a_full_page_of_used_coupons()
    {
        for (var i = 0; i < TableQueries.ChunkSize + 2; i++)
        {
            var coupon = await _store.IssueAsync(Request($"coupon:used:{i}", customer: i, expires: Build.Epoch.AddDays(-10)));
            _discounts.MarkUsed(coupon.Code);
        }
        await _store.IssueAsync(Request("coupon:unused", expires: Build.Epoch.AddDays(-1)));

        Assert.That(await _store.CleanupExpiredAsync(Build.Epoch, 5), Is.EqualTo(1));
        Assert.That(_discounts.Discounts, Has.Count.EqualTo(TableQueries.ChunkSize + 2), "used coupons keep their discounts");
    }

    [Test]
    public async Task Only_the_customer_a_coupon_was_issued_to_passes_its_guard()
    {
        await _store.IssueAsync(Request("coupon:1", customer: 7));
        var discountId = _discounts.Discounts.Single().Id;

        Assert.That(await _store.IsIssuedToAsync(discountId, new CustomerId(7)), Is.True);
        Assert.That(await _store.IsIssuedToAsync(discountId, new CustomerId(8)), Is.False);
        Assert.That(await _store.IsIssuedToAsync(discountId + 1, new CustomerId(7)), Is.False, "a discount no coupon records");
        Assert.That(await _store.IsIssuedToAsync(CouponStore.NoDiscount, new CustomerId(7)), Is.False);
    }

    /// <summary>A coupon table whose database stops answering on insert.</summary>
    private sealed class FailingTable : ITable<CouponRow>
    {
        public IQueryable<CouponRow> Rows => Array.Empty<CouponRow>().AsQueryable();

        public Task<bool> TryInsertAsync(CouponRow row, System.Linq.Expressions.Expression<Func<CouponRow, bool>> sameKey, CancellationToken cancellationToken = default) =>
            throw new TimeoutException("The database did not answer.");

        public Task<int> UpdateAsync(System.Linq.Expressions.Expression<Func<CouponRow, bool>> where, System.Linq.Expressions.Expression<Func<CouponRow, CouponRow>> set,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<int> DeleteAsync(System.Linq.Expressions.Expression<Func<CouponRow, bool>> where, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<CouponRow>> TryInsertManyAsync(IReadOnlyList<CouponRow> rows, System.Linq.Expressions.Expression<Func<CouponRow, string>> key,
            CancellationToken cancellationToken = default) => throw new TimeoutException("The database did not answer.");

        public Task<IReadOnlySet<long>> UpdateManyAsync(IReadOnlyList<RowChange<CouponRow>> changes, System.Linq.Expressions.Expression<Func<CouponRow, object?>> expected,
            System.Linq.Expressions.Expression<Func<CouponRow, object?>> set, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
