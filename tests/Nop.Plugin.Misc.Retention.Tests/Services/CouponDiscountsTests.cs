using Nop.Core.Domain.Discounts;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Services.Discounts;
using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Services;

/// <summary>The plugin's side of Core's coupons, against nopCommerce's discount service as a mock: what it asks nopCommerce to do.</summary>
public class CouponDiscountsTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private readonly List<Discount> _discounts = [];
    private readonly List<DiscountUsageHistory> _usages = [];
    private Mock<IDiscountService> _service = null!;
    private Mock<Nop.Services.Catalog.IProductService> _products = null!;
    private NopCouponDiscounts _port = null!;

    [SetUp]
    public void SetUp()
    {
        _discounts.Clear();
        _usages.Clear();
        _service = new Mock<IDiscountService>(MockBehavior.Strict);
        _service.Setup(s => s.GetDiscountByIdAsync(It.IsAny<int>())).ReturnsAsync((int id) => _discounts.FirstOrDefault(d => d.Id == id));
        _products = new Mock<Nop.Services.Catalog.IProductService>(MockBehavior.Strict);
        _port = new NopCouponDiscounts(FakeRepository.Reading(_discounts), FakeRepository.Reading(_usages), _service.Object, _products.Object, new InMemoryQueryRunner(),
            new TestClock(Now));
    }

    private static CouponRequest Request() => new()
    {
        Key = new IdempotencyKey("coupon:1"),
        Store = new StoreId(1),
        Customer = new CustomerId(7),
        Kind = CouponKind.Amount,
        Value = 5m,
        ExpiresUtc = Now.AddDays(14),
        Name = "Retention: win-back step 2",
    };

    [Test]
    public async Task A_new_discount_is_switched_on_only_after_its_requirement_is_attached()
    {
        var steps = new List<string>();
        _service.Setup(s => s.InsertDiscountAsync(It.IsAny<Discount>())).Callback((Discount d) =>
        {
            steps.Add($"insert active={d.IsActive}");
            d.Id = 41;
        }).Returns(Task.CompletedTask);
        _service.Setup(s => s.InsertDiscountRequirementAsync(It.IsAny<DiscountRequirement>())).Callback((DiscountRequirement r) =>
        {
            steps.Add(r.IsGroup ? "group" : $"rule {r.DiscountRequirementRuleSystemName}");
            r.Id = steps.Count;
        }).Returns(Task.CompletedTask);
        _service.Setup(s => s.UpdateDiscountAsync(It.IsAny<Discount>())).Callback((Discount d) => steps.Add($"update active={d.IsActive}")).Returns(Task.CompletedTask);

        var id = await _port.CreateAsync(Request(), "RET-ABCDEFGHJK");

        Assert.That(id, Is.EqualTo(41));
        Assert.That(steps, Is.EqualTo(new[] { "insert active=False", "group", $"rule {RetentionDefaults.SystemName}", "update active=True" }));
    }

    [Test]
    public async Task A_stamp_cards_free_product_is_a_discount_on_that_product_for_one_unit_and_the_product_is_marked_as_discounted()
    {
        Discount made = null;
        Nop.Core.Domain.Discounts.DiscountProductMapping mapping = null;
        var product = new Nop.Core.Domain.Catalog.Product { Id = 12, HasDiscountsApplied = false };
        _service.Setup(s => s.InsertDiscountAsync(It.IsAny<Discount>())).Callback((Discount d) => { d.Id = 41; made = d; }).Returns(Task.CompletedTask);
        _service.Setup(s => s.InsertDiscountRequirementAsync(It.IsAny<DiscountRequirement>())).Returns(Task.CompletedTask);
        _service.Setup(s => s.UpdateDiscountAsync(It.IsAny<Discount>())).Returns(Task.CompletedTask);
        _products.Setup(p => p.GetProductByIdAsync(12)).ReturnsAsync(product);
        _products.Setup(p => p.InsertDiscountProductMappingAsync(It.IsAny<Nop.Core.Domain.Discounts.DiscountProductMapping>()))
            .Callback((Nop.Core.Domain.Discounts.DiscountProductMapping m) => mapping = m).Returns(Task.CompletedTask);
        _products.Setup(p => p.UpdateProductAsync(product)).Returns(Task.CompletedTask);

        await _port.CreateAsync(Request() with { Kind = CouponKind.FreeProduct, Value = 100m, ProductId = 12, Name = "Retention: stamp card Coffee #1" }, "RET-ABCDEFGHJK");

        Assert.That((made.DiscountTypeId, made.UsePercentage, made.DiscountPercentage, made.MaximumDiscountedQuantity, made.LimitationTimes, made.RequiresCouponCode),
            Is.EqualTo(((int)DiscountType.AssignedToSkus, true, 100m, (int?)1, 1, true)));
        Assert.That((mapping.DiscountId, mapping.EntityId), Is.EqualTo((41, 12)));
        Assert.That(product.HasDiscountsApplied, Is.True);
        _products.Verify(p => p.UpdateProductAsync(product), Times.Once);
    }

    [Test]
    public async Task A_withdrawn_discount_is_switched_off_and_ends_now()
    {
        _discounts.Add(new Discount { Id = 3, IsActive = true, EndDateUtc = Now.AddDays(14) });
        _service.Setup(s => s.UpdateDiscountAsync(It.IsAny<Discount>())).Returns(Task.CompletedTask);

        await _port.WithdrawAsync(3);

        _service.Verify(s => s.UpdateDiscountAsync(It.Is<Discount>(d => d.Id == 3 && !d.IsActive && d.EndDateUtc == Now)), Times.Once);
    }

    [Test]
    public async Task Withdrawing_or_deleting_a_discount_that_is_gone_asks_nopCommerce_for_nothing_more()
    {
        await _port.WithdrawAsync(9);
        var deleted = await _port.DeleteAsync(9);

        Assert.That(deleted, Is.False);
        _service.Verify(s => s.UpdateDiscountAsync(It.IsAny<Discount>()), Times.Never);
        _service.Verify(s => s.DeleteDiscountAsync(It.IsAny<Discount>()), Times.Never);
    }

    [Test]
    public async Task A_discount_that_exists_is_deleted_through_nopCommerce()
    {
        _discounts.Add(new Discount { Id = 3 });
        _service.Setup(s => s.DeleteDiscountAsync(It.IsAny<Discount>())).Returns(Task.CompletedTask);

        Assert.That(await _port.DeleteAsync(3), Is.True);
        _service.Verify(s => s.DeleteDiscountAsync(It.Is<Discount>(d => d.Id == 3)), Times.Once);
    }

    [Test]
    public async Task Usage_names_the_discounts_that_exist_and_whether_an_order_used_each()
    {
        _discounts.AddRange([new Discount { Id = 1 }, new Discount { Id = 2 }]);
        _usages.AddRange([new DiscountUsageHistory { Id = 1, DiscountId = 2, OrderId = 10 }, new DiscountUsageHistory { Id = 2, DiscountId = 2, OrderId = 11 }]);

        var usage = await _port.UsageAsync([1, 2, 3]);

        Assert.That(usage, Is.EquivalentTo(new Dictionary<int, bool> { [1] = false, [2] = true }));
    }
}
