using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;

namespace Retention.Core.Tests.Workflows;

/// <summary>
/// Emails about an order (review request, CSAT, cross-sell, replenishment) are previewed and test-sent with the sample
/// customer's latest order in the store, as a real enrollment of that workflow would be about one; the other workflows
/// need none.
/// </summary>
public sealed class SamplePreviewTests
{
    private static readonly CustomerId Customer7 = new(7);
    private TriggersHarness _h = null!;

    [SetUp]
    public void SetUp() => _h = new TriggersHarness();

    private string RenderedSubject => _h.Engine.Content.Rendered.Last().Enrollment.Subject;

    [TestCase(WorkflowKind.ReviewRequest)]
    [TestCase(WorkflowKind.CsatSurvey)]
    [TestCase(WorkflowKind.CrossSell)]
    public async Task An_order_email_is_previewed_with_the_sample_customers_latest_order(WorkflowKind workflow)
    {
        _h.Order(41, 7, TriggersHarness.T0.AddDays(-30), 20m);
        _h.Order(42, 7, TriggersHarness.T0.AddDays(-3), 35m);
        _h.Order(43, 8, TriggersHarness.T0.AddDays(-1), 50m);

        await _h.Workflows.Previews.PreviewAsync(TriggersHarness.Store1, workflow, 0, Customer7);

        Assert.That(RenderedSubject, Is.EqualTo(TriggerRules.OrderSubject(42)));
    }

    [Test]
    public async Task A_replenishment_email_is_previewed_with_a_product_of_the_latest_order()
    {
        _h.Order(42, 7, TriggersHarness.T0.AddDays(-3), 35m);
        _h.Store.OrderLineList.Add(new OrderLineFact { Id = 1, OrderId = 42, ProductId = 5, Quantity = 1 });

        await _h.Workflows.Previews.PreviewAsync(TriggersHarness.Store1, WorkflowKind.Replenishment, 0, Customer7);

        Assert.That(RenderedSubject, Is.EqualTo(TriggerRules.ReplenishmentSubject(42, 5)));
    }

    [Test]
    public async Task A_test_email_about_an_order_uses_the_same_sample_order()
    {
        _h.Order(42, 7, TriggersHarness.T0.AddDays(-3), 35m);

        await _h.Workflows.Previews.SendTestAsync(TriggersHarness.Store1, WorkflowKind.ReviewRequest, 0, Customer7, "admin@example.com");

        Assert.That(RenderedSubject, Is.EqualTo(TriggerRules.OrderSubject(42)));
    }

    [Test]
    public async Task A_sample_customer_without_an_order_gets_the_reason_instead_of_an_empty_email()
    {
        var preview = await _h.Workflows.Previews.PreviewAsync(TriggersHarness.Store1, WorkflowKind.ReviewRequest, 0, Customer7);
        var sent = await _h.Workflows.Previews.SendTestAsync(TriggersHarness.Store1, WorkflowKind.ReviewRequest, 0, Customer7, "admin@example.com");

        Assert.That(preview.NothingToSay, Does.StartWith("Customer 7 has no order in this store"));
        Assert.That(sent, Is.False, "no empty test email");
    }

    [Test]
    public async Task A_welcome_email_needs_no_order()
    {
        await _h.Workflows.Previews.PreviewAsync(TriggersHarness.Store1, WorkflowKind.Welcome, 0, Customer7);

        Assert.That(_h.Engine.Content.Rendered, Has.Count.EqualTo(1));
    }
}
