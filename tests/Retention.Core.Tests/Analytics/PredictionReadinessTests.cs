using Retention.Core.Analytics;

namespace Retention.Core.Tests.Analytics;

public class PredictionReadinessTests
{
    [Test]
    public void Cdnow_is_enough_data_for_both_models()
    {
        var assessment = PredictionReadiness.Assess(Cdnow.SummaryWithSpend.Select(c => c.Summary).ToList());

        Assert.That(assessment.CanPredict, Is.True);
        Assert.That(assessment.Fallback, Is.Null);
        Assert.That(assessment.Explanation, Is.Null);
        Assert.That(assessment.RepeatCustomers, Is.EqualTo(946));
        Assert.That(Math.Round(assessment.Purchases!.R, 3), Is.EqualTo(0.243));
        Assert.That(Math.Round(assessment.Spend!.P, 2), Is.EqualTo(6.25));
        Assert.That(assessment.SpendNote, Is.Null);
    }

    [Test]
    public void No_customers_fall_back_to_rfm()
    {
        var assessment = PredictionReadiness.Assess(Array.Empty<CustomerSummary>());

        Assert.That(assessment.CanPredict, Is.False);
        Assert.That(assessment.Fallback, Is.EqualTo(FallbackReason.NoCustomers));
    }

    [Test]
    public void Fewer_than_50_repeat_customers_fall_back_to_rfm_with_the_count_in_the_reason()
    {
        var customers = Enumerable.Range(0, 1000).Select(i => i < 49 ? new CustomerSummary(2, 20, 40, 10) : new CustomerSummary(0, 0, 40)).ToList();

        var assessment = PredictionReadiness.Assess(customers);

        Assert.That(assessment.CanPredict, Is.False);
        Assert.That(assessment.Fallback, Is.EqualTo(FallbackReason.TooFewRepeatCustomers));
        Assert.That(assessment.Explanation, Does.Contain("Only 49 customers").And.Contain("at least 50").And.Contain("RFM"));
    }

    [Test]
    public void History_shorter_than_three_typical_gaps_falls_back_to_rfm()
    {
        // Typical gap 2 (t_x / x), typical age 5 < 3 × 2.
        var customers = Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? new CustomerSummary(1, 2, 5) : new CustomerSummary(0, 0, 5)).ToList();

        var assessment = PredictionReadiness.Assess(customers);

        Assert.That(assessment.Fallback, Is.EqualTo(FallbackReason.HistoryTooShort));
        Assert.That(assessment.MedianInterPurchaseTime, Is.EqualTo(2));
        Assert.That(assessment.MedianAge, Is.EqualTo(5));
    }

    [Test]
    public void Thresholds_can_be_lowered()
    {
        var customers = Cdnow.Summary.Select(c => c.Summary).Take(300).ToList();

        Assert.That(PredictionReadiness.Assess(customers, new PredictionThresholds { MinRepeatCustomers = 5000 }).Fallback, Is.EqualTo(FallbackReason.TooFewRepeatCustomers));
        Assert.That(PredictionReadiness.Assess(customers, new PredictionThresholds { MinRepeatCustomers = 10 }).CanPredict, Is.True);
    }

    [Test]
    public void Fit_that_does_not_converge_falls_back_to_rfm()
    {
        // Every customer bought at the very end of the window: nobody ever looks dropped out, so b runs off to infinity.
        var customers = Enumerable.Range(0, 200).Select(i => new CustomerSummary(1 + i % 5, 40, 40)).ToList();

        var assessment = PredictionReadiness.Assess(customers);

        Assert.That(assessment.CanPredict, Is.False);
        Assert.That(assessment.Fallback, Is.EqualTo(FallbackReason.FitFailed));
        Assert.That(assessment.Explanation, Does.Contain("could not be fitted"));
    }

    [Test]
    public void Summaries_without_spend_give_a_purchase_model_and_a_note_instead_of_clv()
    {
        var assessment = PredictionReadiness.Assess(Cdnow.Summary.Select(c => c.Summary).ToList());

        Assert.That(assessment.CanPredict, Is.True);
        Assert.That(assessment.Spend, Is.Null);
        Assert.That(assessment.SpendNote, Does.Contain("no spend"));
    }
}
