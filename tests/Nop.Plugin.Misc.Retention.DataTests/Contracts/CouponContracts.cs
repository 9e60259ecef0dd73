using Nop.Core.Domain.Discounts;
using Nop.Data.Testing;
using Nop.Plugin.Misc.Retention.DataTests.Infrastructure;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.Discounts;
using Retention.Core.Coupons;
using Retention.Core.Tables;
using Retention.Testing.InMemory;
using Retention.Testing.Contracts;

namespace Nop.Plugin.Misc.Retention.DataTests.Contracts;

/// <summary>
/// Core's coupon store on real tables: the plugin's coupon rows and, through <see cref="NopCouponDiscounts"/>, nopCommerce's
/// discount, requirement and usage tables. nopCommerce's discount service is faked only as the thin layer it is over those
/// tables (insert, update, get, delete).
/// </summary>
[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealCouponIssuerContract(DatabaseKind kind) : CouponIssuerContract
{
    private readonly PluginDatabaseLease _lease = new(kind);

    private PluginDatabase Db => _lease.Current;

    protected override async Task<ICouponIssuer> CreateAsync()
    {
        await _lease.OpenAsync(db => db);
        var discounts = Db.Repository<Discount>();
        var requirements = Db.Repository<DiscountRequirement>();
        var service = new Mock<IDiscountService>();
        service.Setup(s => s.InsertDiscountAsync(It.IsAny<Discount>())).Returns((Discount d) => discounts.InsertAsync(d));
        service.Setup(s => s.UpdateDiscountAsync(It.IsAny<Discount>())).Returns((Discount d) => discounts.UpdateAsync(d));
        service.Setup(s => s.DeleteDiscountAsync(It.IsAny<Discount>())).Returns((Discount d) => discounts.DeleteAsync(d));
        service.Setup(s => s.GetDiscountByIdAsync(It.IsAny<int>())).Returns((int id) => discounts.Table.FirstOrDefaultAsync(d => d.Id == id));
        service.Setup(s => s.InsertDiscountRequirementAsync(It.IsAny<DiscountRequirement>())).Returns((DiscountRequirement r) => requirements.InsertAsync(r));
        service.Setup(s => s.GetDiscountRequirementByIdAsync(It.IsAny<int>())).Returns((int id) => requirements.Table.FirstOrDefaultAsync(r => r.Id == id));
        var clock = new TestClock(Adapters.Now);
        return new CouponStore(new NopTable<CouponRow, RetentionCoupon>(Db.Repository<RetentionCoupon>(), Adapters.Runner),
            new NopCouponDiscounts(discounts, Db.Repository<DiscountUsageHistory>(), service.Object, new Mock<Nop.Services.Catalog.IProductService>().Object, Adapters.Runner, clock), Adapters.Runner, clock);
    }

    /// <summary>An order used the coupon: nopCommerce records a usage row for its discount.</summary>
    protected override async Task MarkUsedAsync(IssuedCoupon coupon, CouponRequest request)
    {
        var discount = await Db.Repository<Discount>().Table.FirstOrDefaultAsync(d => d.CouponCode == coupon.Code);
        await Db.Repository<DiscountUsageHistory>().InsertAsync(new DiscountUsageHistory { DiscountId = discount.Id, OrderId = 100 });
    }

    protected override Task ReleaseAsync() => _lease.ReleaseAsync();
}
