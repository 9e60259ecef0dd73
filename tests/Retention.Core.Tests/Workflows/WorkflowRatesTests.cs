using Retention.Core.Workflows;

namespace Retention.Core.Tests.Workflows;

/// <summary>The rates both workflow lists show: every rate per email sent, summed over the workflow's steps.</summary>
public sealed class WorkflowRatesTests
{
    private static WorkflowStepStats Step(WorkflowKind workflow, int step, int sent, int opened, int clicked, int converted, decimal revenue) =>
        new(workflow, step, sent, 0, 0, opened, clicked, converted, revenue, 0);

    [Test]
    public void Rates_of_a_workflow_are_its_steps_figures_added_up_per_email_sent()
    {
        var stats = new[]
        {
            Step(WorkflowKind.AbandonedCart, 0, 150, 60, 30, 9, 450m),
            Step(WorkflowKind.AbandonedCart, 1, 50, 20, 10, 3, 150m),
            Step(WorkflowKind.WinBack, 0, 1000, 1, 1, 1, 1m),
        };

        var rates = WorkflowRates.Of(WorkflowKind.AbandonedCart, stats);

        Assert.That((rates.Sent, rates.Opened, rates.Clicked, rates.Converted, rates.Revenue), Is.EqualTo((200, 80, 40, 12, 600m)));
        Assert.That((rates.OpenRate, rates.ClickRate, rates.ConversionRate), Is.EqualTo(((double?)0.4, (double?)0.2, (double?)0.06)));
        Assert.That(rates.RevenuePerRecipient, Is.EqualTo(3.00m));
        Assert.That((WorkflowRates.Percent(rates.OpenRate), WorkflowRates.Percent(rates.ConversionRate)), Is.EqualTo(("40.0%", "6.0%")));
        Assert.That((rates.OpenRateShown(trackOpens: true), rates.OpenRateShown(trackOpens: false)), Is.EqualTo(("40.0%", "not tracked")),
            "without open tracking, no open rate rather than 0%");
    }

    [Test]
    public void A_workflow_that_sent_nothing_has_no_rates_rather_than_zero_percent()
    {
        var rates = WorkflowRates.Of(WorkflowKind.Birthday, []);

        Assert.That((rates.OpenRate, rates.ClickRate, rates.ConversionRate, rates.RevenuePerRecipient), Is.EqualTo(((double?)null, (double?)null, (double?)null, (decimal?)null)));
        Assert.That(WorkflowRates.Percent(rates.OpenRate), Is.EqualTo("—"));
    }
}
