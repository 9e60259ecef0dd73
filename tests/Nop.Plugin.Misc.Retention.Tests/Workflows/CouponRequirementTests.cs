using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Plugin.Misc.Retention.Tests.Services;
using Nop.Services.Discounts;
using Retention.Core.Common;
using Retention.Core.Coupons;

namespace Nop.Plugin.Misc.Retention.Tests.Workflows;

/// <summary>Coupons the workflows issue work only for the customer they were issued to, through the plugin's discount requirement rule.</summary>
public class CouponRequirementTests
{
    private static CouponRequest Request(int customer) => new()
    {
        Key = new IdempotencyKey($"wf-step:1:1:{customer}:cart:1:2"),
        Store = new StoreId(1),
        Customer = new CustomerId(customer),
        Kind = CouponKind.Percentage,
        Value = 10m,
        ExpiresUtc = new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc),
        Name = "Retention: abandoned cart step 3",
    };

    [Test]
    public async Task Issued_discount_carries_the_plugins_rule_inside_an_and_group_and_is_active()
    {
        var harness = NopCoupons.CreateHarness();

        var coupon = await harness.Issuer.IssueAsync(Request(7));

        var discount = harness.Discounts.Single(d => d.CouponCode == coupon.Code);
        var group = harness.Requirements.Single(r => r.DiscountId == discount.Id && r.ParentId == null);
        var rule = harness.Requirements.Single(r => r.ParentId == group.Id);
        Assert.Multiple(() =>
        {
            Assert.That(discount.IsActive, Is.True);
            Assert.That(group.IsGroup, Is.True);
            Assert.That(group.InteractionTypeId, Is.EqualTo((int)RequirementGroupInteractionType.And),
                "nopCommerce treats a top-level requirement without an interaction type as no requirement at all.");
            Assert.That(rule.DiscountRequirementRuleSystemName, Is.EqualTo(RetentionDefaults.SystemName));
            Assert.That(rule.DiscountId, Is.EqualTo(discount.Id));
        });
    }

    [Test]
    public async Task Replayed_issue_attaches_no_second_requirement()
    {
        var harness = NopCoupons.CreateHarness();

        await harness.Issuer.IssueAsync(Request(7));
        await harness.Issuer.IssueAsync(Request(7));

        Assert.That(harness.Requirements, Has.Count.EqualTo(2));
    }

    [TestCase(7, true, TestName = "The customer the coupon was issued to passes the requirement")]
    [TestCase(8, false, TestName = "Any other customer fails the requirement")]
    public async Task Requirement_rule(int customerAtCheckout, bool valid)
    {
        var harness = NopCoupons.CreateHarness();
        await harness.Issuer.IssueAsync(Request(7));
        var rule = harness.Requirements.Single(r => !r.IsGroup);
        var plugin = InstallHarness.Plugin(harness.Requirement);

        var result = await plugin.CheckRequirementAsync(new DiscountRequirementValidationRequest
        {
            DiscountRequirementId = rule.Id,
            Customer = new Customer { Id = customerAtCheckout },
        });

        Assert.That(result.IsValid, Is.EqualTo(valid));
    }

    [Test]
    public async Task A_requirement_the_plugin_did_not_attach_lets_nobody_through()
    {
        var harness = NopCoupons.CreateHarness();
        var handPicked = new DiscountRequirement { DiscountId = 99, DiscountRequirementRuleSystemName = RetentionDefaults.SystemName };
        harness.Requirements.Add(handPicked);
        handPicked.Id = 50;

        var result = await InstallHarness.Plugin(harness.Requirement).CheckRequirementAsync(new DiscountRequirementValidationRequest
        {
            DiscountRequirementId = 50,
            Customer = new Customer { Id = 7 },
        });

        Assert.That(result.IsValid, Is.False);
    }

    [Test]
    public async Task A_check_without_a_customer_fails()
    {
        var harness = NopCoupons.CreateHarness();
        await harness.Issuer.IssueAsync(Request(7));

        var result = await InstallHarness.Plugin(harness.Requirement).CheckRequirementAsync(new DiscountRequirementValidationRequest
        {
            DiscountRequirementId = harness.Requirements.Single(r => !r.IsGroup).Id,
        });

        Assert.That(result.IsValid, Is.False);
    }
}
