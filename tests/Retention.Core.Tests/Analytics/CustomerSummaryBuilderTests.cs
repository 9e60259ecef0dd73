using Retention.Core.Analytics;

namespace Retention.Core.Tests.Analytics;

public class CustomerSummaryBuilderTests
{
    private static Purchase On(int year, int month, int day, decimal amount, int hour = 12) => new(new DateTime(year, month, day, hour, 0, 0), amount);

    [Test]
    public void Customer_1_of_the_cdnow_sample_gives_the_published_summary_row()
    {
        // CDNOW_sample.txt, customer 0001; summary row "1,2,30.43,38.86,22.35".
        var purchases = new[] { On(1997, 1, 1, 29.33m), On(1997, 1, 18, 29.73m), On(1997, 8, 2, 14.96m), On(1997, 12, 12, 26.48m) };

        var summary = CustomerSummaryBuilder.Build(purchases, Cdnow.CalibrationEnd, TimeUnit.Week)!.Value;

        Assert.That(summary.Frequency, Is.EqualTo(2));
        Assert.That(summary.Recency, Is.EqualTo(30.43).Within(0.005));
        Assert.That(summary.Age, Is.EqualTo(38.86).Within(0.005));
        Assert.That(summary.MonetaryValue, Is.EqualTo(22.345).Within(1e-9)); // (29.73 + 14.96) / 2, printed 22.35
    }

    [Test]
    public void Orders_on_the_same_day_are_one_purchase_with_their_amounts_added()
    {
        // Customer 0026: two orders on 1997-01-13; summary row "26,1,1.57,38.71,227.14".
        var purchases = new[] { On(1997, 1, 2, 3.99m), On(1997, 1, 13, 166.89m, hour: 9), On(1997, 1, 13, 60.25m, hour: 17) };

        var summary = CustomerSummaryBuilder.Build(purchases, Cdnow.CalibrationEnd, TimeUnit.Week)!.Value;

        Assert.That(summary, Is.EqualTo(new CustomerSummary(1, 11 / 7.0, 271 / 7.0, 227.14)));
    }

    [Test]
    public void One_time_buyer_has_zero_frequency_recency_and_spend()
    {
        var summary = CustomerSummaryBuilder.Build(new[] { On(1997, 1, 1, 23.94m) }, Cdnow.CalibrationEnd, TimeUnit.Week)!.Value;

        Assert.That(summary, Is.EqualTo(new CustomerSummary(0, 0, 272 / 7.0, 0)));
    }

    [Test]
    public void Purchases_after_the_calibration_end_count_only_in_the_holdout()
    {
        var purchases = new[] { On(1997, 1, 1, 29.33m), On(1997, 1, 18, 29.73m), On(1997, 8, 2, 14.96m), On(1997, 9, 30, 5m, hour: 23), On(1997, 10, 1, 7m, hour: 0), On(1997, 12, 12, 26.48m), On(1998, 7, 1, 1m) };

        var result = CustomerSummaryBuilder.BuildWithHoldout(purchases, Cdnow.CalibrationEnd, Cdnow.ObservationEnd, TimeUnit.Day)!.Value;

        Assert.That(result.Calibration, Is.EqualTo(new CustomerSummary(3, 272, 272, (29.73 + 14.96 + 5) / 3)));
        Assert.That(result.HoldoutPurchases, Is.EqualTo(2)); // 1997-10-01 and 1997-12-12; 1998-07-01 is after the observation end
    }

    [Test]
    public void Customer_whose_first_purchase_is_after_the_calibration_end_has_no_summary()
    {
        Assert.That(CustomerSummaryBuilder.Build(new[] { On(1997, 10, 1, 10m) }, Cdnow.CalibrationEnd, TimeUnit.Week), Is.Null);
        Assert.That(CustomerSummaryBuilder.Build(Array.Empty<Purchase>(), Cdnow.CalibrationEnd, TimeUnit.Week), Is.Null);
    }

    [Test]
    public void Summary_builder_reproduces_every_row_of_the_cdnow_summary_from_the_sample()
    {
        var built = Cdnow.SampleTransactions.ToDictionary(
            kv => kv.Key,
            kv => CustomerSummaryBuilder.BuildWithHoldout(kv.Value, Cdnow.CalibrationEnd, Cdnow.ObservationEnd, TimeUnit.Week)!.Value);

        Assert.That(built.Count, Is.EqualTo(2357));
        var mismatches = Cdnow.SummaryWithSpend
            .Where(row =>
            {
                var b = built[row.Id].Calibration;
                return b.Frequency != row.Summary.Frequency
                       || Math.Abs(b.Recency - row.Summary.Recency) > 0.006
                       || Math.Abs(b.Age - row.Summary.Age) > 0.006
                       || Math.Abs(b.MonetaryValue - row.Summary.MonetaryValue) > 0.006;
            })
            .Select(row => row.Id)
            .ToList();
        Assert.That(mismatches, Is.Empty);
        Assert.That(built.Values.Count(b => b.Calibration.Frequency > 0), Is.EqualTo(946));
        Assert.That(built.Values.Sum(b => b.Calibration.Frequency), Is.EqualTo(2457));
        Assert.That(built.Values.Sum(b => b.HoldoutPurchases), Is.EqualTo(1882));
    }
}
