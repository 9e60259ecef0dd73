using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;
using static Retention.Core.Tests.Workflows.TriggersHarness;

namespace Retention.Core.Tests.Workflows;

public class AttributionTests
{
    private TriggersHarness _h = null!;

    [SetUp]
    public void SetUp() => _h = new TriggersHarness();

    private Task PlaceAsync(int id, DateTime at, decimal total = 120m, params string[] codes)
    {
        var order = _h.Order(id, 7, at, total);
        return _h.Workflows.Program.OrderPlacedAsync(new PlacedOrder(order, [], codes));
    }

    private IReadOnlyList<WorkflowEvent> Of(WorkflowEventKind kind) => _h.Stores.AllEvents.Where(e => e.Kind == kind).ToList();

    private Task UseBasisAsync(AttributionBasis basis) =>
        _h.Engine.Settings.SaveAsync(Store1, _h.Engine.Settings.LoadAsync(Store1).Result with { AttributionBasis = basis });

    [Test]
    public async Task An_order_within_the_window_after_a_click_is_attributed_to_that_step_once()
    {
        var cart = await _h.EnrolledAsync(WorkflowKind.AbandonedCart, at: T0);
        await _h.EventAsync(cart, WorkflowEventKind.Sent, T0, step: 1);
        await _h.EventAsync(cart, WorkflowEventKind.Clicked, T0.AddHours(2), step: 1);

        await PlaceAsync(31, T0.AddDays(4));
        await PlaceAsync(31, T0.AddDays(4));

        var converted = Of(WorkflowEventKind.Converted).Single();
        Assert.That((converted.EnrollmentId, converted.Step, converted.OrderId, converted.Revenue, converted.Workflow),
            Is.EqualTo((cart.Id, 1, (int?)31, 120m, WorkflowKind.AbandonedCart)));
        Assert.That(converted.OccurredUtc, Is.EqualTo(T0.AddDays(4)));
    }

    [Test]
    public async Task An_unsubscribe_is_not_a_click_and_credits_no_order()
    {
        var welcome = await _h.EnrolledAsync(WorkflowKind.Welcome, subject: "welcome", at: T0);
        await _h.EventAsync(welcome, WorkflowEventKind.Sent, T0);

        await _h.Workflows.Links.UnsubscribeAsync(_h.Token(welcome, LinkPurpose.Unsubscribe));
        await PlaceAsync(31, T0.AddDays(1));

        Assert.That(Of(WorkflowEventKind.Clicked), Is.Empty);
        Assert.That(Of(WorkflowEventKind.Converted), Is.Empty);
    }

    [Test]
    public async Task The_last_click_wins_over_earlier_ones()
    {
        var cart = await _h.EnrolledAsync(WorkflowKind.AbandonedCart, at: T0);
        var welcome = await _h.EnrolledAsync(WorkflowKind.Welcome, subject: "welcome", at: T0);
        await _h.EventAsync(cart, WorkflowEventKind.Clicked, T0.AddHours(1));
        await _h.EventAsync(welcome, WorkflowEventKind.Clicked, T0.AddHours(5), step: 2);

        await PlaceAsync(31, T0.AddDays(1));

        Assert.That(Of(WorkflowEventKind.Converted).Single().EnrollmentId, Is.EqualTo(welcome.Id));
    }

    [Test]
    public async Task Clicks_outside_the_window_and_sends_under_click_basis_attribute_nothing()
    {
        var cart = await _h.EnrolledAsync(WorkflowKind.AbandonedCart, at: T0);
        await _h.EventAsync(cart, WorkflowEventKind.Clicked, T0);
        await _h.EventAsync(cart, WorkflowEventKind.Sent, T0.AddDays(5), step: 1);

        await PlaceAsync(31, T0.AddDays(5).AddSeconds(1));

        Assert.That(Of(WorkflowEventKind.Converted), Is.Empty);
    }

    [Test]
    public async Task Under_send_basis_the_last_send_is_credited()
    {
        await UseBasisAsync(AttributionBasis.Send);
        var cart = await _h.EnrolledAsync(WorkflowKind.AbandonedCart, at: T0);
        await _h.EventAsync(cart, WorkflowEventKind.Sent, T0.AddDays(1), step: 1);

        await PlaceAsync(31, T0.AddDays(2));

        Assert.That(Of(WorkflowEventKind.Converted).Single().Step, Is.EqualTo(1));
    }

    [Test]
    public async Task Control_group_touches_are_never_credited()
    {
        await UseBasisAsync(AttributionBasis.Send);
        var control = await _h.EnrolledAsync(WorkflowKind.AbandonedCart, control: true, at: T0);
        await _h.EventAsync(control, WorkflowEventKind.Withheld, T0);
        await _h.EventAsync(control, WorkflowEventKind.Sent, T0);

        await PlaceAsync(31, T0.AddDays(1));

        Assert.That(Of(WorkflowEventKind.Converted), Is.Empty);
    }

    [Test]
    public async Task A_code_a_step_issued_counts_as_that_steps_redemption()
    {
        var winBack = await _h.EnrolledAsync(WorkflowKind.WinBack, subject: "2026-03", at: T0);
        var birthday = await _h.EnrolledAsync(WorkflowKind.Birthday, subject: "2026", at: T0);
        await _h.EventAsync(winBack, WorkflowEventKind.Sent, T0, step: 1, detail: "RET-AAA");
        await _h.EventAsync(birthday, WorkflowEventKind.Sent, T0.AddDays(1), detail: "RET-BBB");
        await _h.EventAsync(winBack, WorkflowEventKind.Sent, T0.AddDays(2), step: 2);

        await PlaceAsync(31, T0.AddDays(3), 80m, "ret-aaa", "SUMMER10");
        await PlaceAsync(31, T0.AddDays(3), 80m, "ret-aaa", "SUMMER10");

        var redeemed = Of(WorkflowEventKind.CouponRedeemed).Single();
        Assert.That((redeemed.EnrollmentId, redeemed.Step, redeemed.OrderId, redeemed.Revenue), Is.EqualTo((winBack.Id, 1, (int?)31, 0m)));
    }

    [Test]
    public async Task A_code_issued_longer_ago_than_any_coupon_lives_is_not_looked_for()
    {
        var winBack = await _h.EnrolledAsync(WorkflowKind.WinBack, subject: "2026-03", at: T0);
        await _h.EventAsync(winBack, WorkflowEventKind.Sent, T0, step: 1, detail: "RET-AAA");

        await PlaceAsync(31, T0.AddDays(15), 80m, "RET-AAA");

        Assert.That(Of(WorkflowEventKind.CouponRedeemed), Is.Empty, "the longest default coupon is valid 14 days");
    }

    [Test]
    public async Task Another_customers_code_is_not_their_redemption()
    {
        var someoneElse = await _h.EnrolledAsync(WorkflowKind.WinBack, customer: 8, subject: "2026-03", at: T0);
        await _h.EventAsync(someoneElse, WorkflowEventKind.Sent, T0, step: 1, detail: "RET-AAA");

        await PlaceAsync(31, T0.AddDays(1), 80m, "RET-AAA");

        Assert.That(Of(WorkflowEventKind.CouponRedeemed), Is.Empty);
    }

    [Test]
    public async Task An_order_exits_enrollments_whose_goal_is_a_purchase_only()
    {
        await _h.Engine.EnableAsync(WorkflowKind.AbandonedCart);
        await _h.Engine.EnableAsync(WorkflowKind.Welcome);
        var cart = await _h.EnrolledAsync(WorkflowKind.AbandonedCart, at: T0);
        var welcome = await _h.EnrolledAsync(WorkflowKind.Welcome, subject: "welcome", at: T0);

        await PlaceAsync(31, T0.AddHours(1));

        Assert.That((await _h.Stores.GetAsync(cart.Id))!.State, Is.EqualTo(EnrollmentState.Exited));
        Assert.That((await _h.Stores.GetAsync(welcome.Id))!.State, Is.EqualTo(EnrollmentState.Active));
    }
}
