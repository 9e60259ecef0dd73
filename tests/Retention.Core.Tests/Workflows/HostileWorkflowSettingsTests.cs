using System.Reflection;
using static Retention.Core.Tests.HostileValues;
using Retention.Core.Coupons;
using Retention.Core.Workflows;

namespace Retention.Core.Tests.Workflows;

/// <summary>
/// What a hostile or careless post to the workflow editor can carry — extremes of every number, enums as numbers no
/// option stands for, huge and empty template names, steps out of order, too many steps — each refused on the field
/// the editor shows it beside, so nothing of it is saved.
/// </summary>
public class HostileWorkflowSettingsTests
{
    private static readonly WorkflowSettings AbandonedCart = WorkflowCatalog.Default(WorkflowKind.AbandonedCart);

    private static List<string> Fields(WorkflowSettings workflow) => workflow.Validate().Errors.Select(e => e.Field).ToList();

    private static List<string> Fields(WorkflowProgramSettings program) => program.Validate().Errors.Select(e => e.Field).ToList();

    private static WorkflowSettings WithStep(int index, Func<WorkflowStep, WorkflowStep> change) =>
        AbandonedCart with { Steps = AbandonedCart.Steps.Select((s, i) => i == index ? change(s) : s).ToList() };

    [Test]
    public void Every_number_of_a_workflow_refuses_both_extremes_on_its_own_field()
    {
        var checkedFields = 0;
        foreach (var property in Numbers(typeof(WorkflowSettings)))
            foreach (var high in new[] { false, true })
            {
                var value = Extreme(property.PropertyType, high);
                Assert.That(Fields(With(AbandonedCart, property, value)), Does.Contain(property.Name), $"{property.Name} = {value}");
                checkedFields++;
            }

        Assert.That(checkedFields, Is.EqualTo(2 * 7), "the seven numbers of WorkflowSettings, from Priority to DaysBeforeExpiry");
    }

    [Test]
    public void Every_number_of_the_program_refuses_both_extremes_on_its_own_field()
    {
        Assert.That(Numbers(typeof(WorkflowProgramSettings)).Select(p => p.Name), Is.EquivalentTo(new[] { "AttributionWindowDays", "CouponCleanupDays" }));
        foreach (var property in Numbers(typeof(WorkflowProgramSettings)))
            foreach (var high in new[] { false, true })
                Assert.That(Fields(With(WorkflowCatalog.Defaults(), property, Extreme(property.PropertyType, high))), Does.Contain(property.Name), property.Name);
    }

    [TestCase(int.MinValue)]
    [TestCase(-1)]
    [TestCase(100_001)]
    [TestCase(int.MaxValue)]
    public void Audience_bounds_out_of_range_are_refused_on_their_fields(int orders)
    {
        Assert.That(Fields(AbandonedCart with { Audience = new AudienceRules { MinOrders = orders } }), Does.Contain("Audience.MinOrders"));
        Assert.That(Fields(AbandonedCart with { Audience = new AudienceRules { MinOrders = 0, MaxOrders = orders } }), Does.Contain("Audience.MaxOrders"));
    }

    [Test]
    public void A_maximum_below_the_minimum_is_refused_on_the_maximum()
    {
        Assert.That(Fields(AbandonedCart with { Audience = new AudienceRules { MinOrders = 5, MaxOrders = 4 } }), Is.EqualTo(new[] { "Audience.MaxOrders" }));
    }

    [Test]
    public void Step_delays_at_the_extremes_of_a_time_span_are_refused_on_the_step()
    {
        Assert.That(Fields(WithStep(0, s => s with { Delay = TimeSpan.MinValue })), Does.Contain("Steps[0].Delay"));
        Assert.That(Fields(WithStep(2, s => s with { Delay = TimeSpan.MaxValue })), Does.Contain("Steps[2].Delay"));
    }

    [Test]
    public void Steps_in_the_wrong_order_or_at_the_same_time_are_refused_on_the_later_one()
    {
        Assert.That(Fields(WithStep(1, s => s with { Delay = AbandonedCart.Steps[0].Delay })), Is.EqualTo(new[] { "Steps[1].Delay" }));
        Assert.That(Fields(WithStep(2, s => s with { Delay = TimeSpan.FromMinutes(1) })), Is.EqualTo(new[] { "Steps[2].Delay" }));
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("Retention.Cart\0Step1")]
    [TestCase("Retention.Cart\nStep1")]
    public void Empty_or_control_character_template_names_are_refused_on_the_step(string name)
    {
        Assert.That(Fields(WithStep(1, s => s with { TemplateName = name })), Is.EqualTo(new[] { "Steps[1].TemplateName" }));
    }

    [Test]
    public void A_10000_character_template_name_is_refused_on_the_step()
    {
        Assert.That(Fields(WithStep(0, s => s with { TemplateName = new string('T', 10_000) })), Is.EqualTo(new[] { "Steps[0].TemplateName" }));
    }

    [Test]
    public void No_steps_or_a_thousand_steps_are_refused_on_the_list()
    {
        Assert.That(Fields(AbandonedCart with { Steps = [] }), Is.EqualTo(new[] { "Steps" }));
        var many = Enumerable.Range(1, 1000).Select(i => new WorkflowStep { Delay = TimeSpan.FromHours(i), TemplateName = "T" }).ToList();
        Assert.That(Fields(AbandonedCart with { Steps = many }), Does.Contain("Steps"));
    }

    [TestCase(CouponKind.Percentage, 0)]
    [TestCase(CouponKind.Percentage, 100.01)]
    [TestCase(CouponKind.Amount, 0)]
    [TestCase(CouponKind.Amount, 100_000.01)]
    [TestCase(CouponKind.Amount, -5)]
    public void Coupon_values_out_of_range_for_their_kind_are_refused_on_the_value(CouponKind kind, decimal value)
    {
        Assert.That(Fields(WithStep(2, s => s with { Coupon = new CouponOffer(kind, value, 7) })), Is.EqualTo(new[] { "Steps[2].Coupon.Value" }));
    }

    [TestCase(0)]
    [TestCase(366)]
    [TestCase(int.MinValue)]
    public void Coupon_validity_out_of_range_is_refused_on_its_field(int days)
    {
        Assert.That(Fields(WithStep(2, s => s with { Coupon = new CouponOffer(CouponKind.Percentage, 10m, days) })), Is.EqualTo(new[] { "Steps[2].Coupon.ValidDays" }));
    }

    [Test]
    public void Enums_posted_as_numbers_no_option_stands_for_are_refused_on_their_fields()
    {
        Assert.That(Fields(AbandonedCart with { Kind = (WorkflowKind)99 }), Does.Contain("Kind"));
        Assert.That(Fields(AbandonedCart with { ExitOn = (ExitOn)64 }), Does.Contain("ExitOn"));
        Assert.That(Fields(WithStep(0, s => s with { Condition = (StepCondition)7 })), Is.EqualTo(new[] { "Steps[0].Condition" }));
        Assert.That(Fields(WithStep(2, s => s with { Coupon = new CouponOffer((CouponKind)9, 10m, 7) })), Does.Contain("Steps[2].Coupon.Kind"));
        Assert.That(Fields(WorkflowCatalog.Defaults() with { AttributionBasis = (AttributionBasis)0 }), Is.EqualTo(new[] { "AttributionBasis" }));
        Assert.That(Fields(WorkflowCatalog.Defaults() with { BuiltInReminders = (BuiltInRemindersMode)3 }), Is.EqualTo(new[] { "BuiltInReminders" }));
    }

    [Test]
    public void Every_defined_exit_combination_and_condition_is_accepted()
    {
        foreach (var exit in new[] { ExitOn.None, ExitOn.OrderPlaced, ExitOn.CartEmptied, ExitOn.OrderPlaced | ExitOn.CartEmptied })
            Assert.That(Fields(AbandonedCart with { ExitOn = exit }), Is.Empty, exit.ToString());
        foreach (var condition in Enum.GetValues<StepCondition>())
            Assert.That(Fields(WithStep(0, s => s with { Condition = condition })), Is.Empty, condition.ToString());
    }

    [Test]
    public void A_workflow_listed_twice_is_refused_and_a_wrong_workflow_is_named_with_its_kind()
    {
        var defaults = WorkflowCatalog.Defaults();
        var twice = defaults with { Workflows = defaults.Workflows.Append(AbandonedCart).ToList() };
        Assert.That(Fields(twice), Is.EqualTo(new[] { "Workflows" }));

        var wrong = defaults with { Workflows = defaults.Workflows.Select(w => w.Kind == WorkflowKind.WinBack ? w with { Priority = -1 } : w).ToList() };
        Assert.That(Fields(wrong), Is.EqualTo(new[] { "WinBack.Priority" }));
    }

    [Test]
    public void The_shipped_defaults_pass_their_own_validation()
    {
        Assert.That(Fields(WorkflowCatalog.Defaults()), Is.Empty);
    }
}
