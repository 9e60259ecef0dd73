using Retention.Core.Cashback;

namespace Retention.Core.Tests.Cashback;

public sealed class CashbackRulesTests
{
    private static readonly TimeZoneInfo Berlin = CashbackHarness.Berlin;
    private static readonly IReadOnlyList<CashbackBand> Bands = [new(0m, 1m), new(5_000m, 2m), new(20_000m, 3m)];

    [Test]
    public void A_month_starts_and_ends_at_the_stores_midnight_across_the_autumn_clock_change()
    {
        var october = new CashbackPeriod(CashbackPeriodKind.Month, 2026, 10);

        // Summer time (UTC+2) when it starts, winter time (UTC+1) when it ends on 1 November.
        Assert.That(october.StartUtc(Berlin), Is.EqualTo(new DateTime(2026, 9, 30, 22, 0, 0, DateTimeKind.Utc)));
        Assert.That(october.EndUtc(Berlin), Is.EqualTo(new DateTime(2026, 10, 31, 23, 0, 0, DateTimeKind.Utc)));
        Assert.That(october.Next.StartUtc(Berlin), Is.EqualTo(october.EndUtc(Berlin)), "periods meet without gap or overlap");
    }

    [Test]
    public void A_quarter_spans_three_months_and_ends_in_summer_time_when_the_clocks_went_forward_in_it()
    {
        var q1 = CashbackPeriod.Of(CashbackPeriodKind.Quarter, new DateOnly(2026, 2, 14));

        Assert.That((q1.Number, q1.Label, q1.FirstDay, q1.EndDay), Is.EqualTo((1, "2026-q1", new DateOnly(2026, 1, 1), new DateOnly(2026, 4, 1))));
        Assert.That(q1.StartUtc(Berlin), Is.EqualTo(new DateTime(2025, 12, 31, 23, 0, 0, DateTimeKind.Utc)));
        Assert.That(q1.EndUtc(Berlin), Is.EqualTo(new DateTime(2026, 3, 31, 22, 0, 0, DateTimeKind.Utc)));
        Assert.That(q1.Previous.Label, Is.EqualTo("2025-q4"));
    }

    [Test]
    public void Where_a_zone_skips_midnight_the_day_starts_at_its_first_real_minute()
    {
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
        var day = new DateOnly(2026, 9, 6);
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        Assume.That(santiago.IsInvalidTime(midnight), Is.True, "Chile's clocks jump from 00:00 to 01:00 on 6 September 2026 in this tz database");

        Assert.That(CashbackPeriod.LocalMidnightUtc(day, santiago), Is.EqualTo(TimeZoneInfo.ConvertTimeToUtc(midnight.AddHours(1), santiago)));
    }

    [Test]
    public void Labels_read_back_and_anything_else_is_refused()
    {
        Assert.That(CashbackPeriod.Parse("2026-11"), Is.EqualTo(new CashbackPeriod(CashbackPeriodKind.Month, 2026, 11)));
        Assert.That(CashbackPeriod.Parse("2026-q4"), Is.EqualTo(new CashbackPeriod(CashbackPeriodKind.Quarter, 2026, 4)));
        foreach (var bad in new[] { null, "", "2026-13", "2026-q5", "2026/11", "26-11", "2026-1" })
            Assert.That(CashbackPeriod.Parse(bad), Is.Null, bad);
    }

    [TestCase(4_999.99, 1, 50.00)]
    [TestCase(5_000, 2, 100)]
    [TestCase(6_000, 2, 120)]
    [TestCase(20_000, 3, 600)]
    [TestCase(0, 1, 0)]
    public void The_band_reached_applies_to_the_whole_spend_of_the_period(decimal spend, decimal rate, decimal amount)
    {
        var quote = CashbackRules.Quote(new CashbackSettings { Bands = Bands }, spend, 0.01m);

        Assert.That((quote.RatePercent, quote.Amount, quote.Points), Is.EqualTo((rate, amount, (int)(amount * 100m))));
    }

    [Test]
    public void Below_the_first_band_nothing_is_earned_and_the_first_band_is_next()
    {
        var quote = CashbackRules.Quote(new CashbackSettings { Bands = [new(100m, 5m)] }, 99.99m, 0.01m);

        Assert.That((quote.Band, quote.Amount, quote.NextBand), Is.EqualTo(((CashbackBand?)null, 0m, new CashbackBand(100m, 5m))));
    }

    [Test]
    public void Points_never_exceed_the_cashback_in_value()
    {
        Assert.That(CashbackRules.Points(1.239m, 0.01m), Is.EqualTo(123));
        Assert.That(CashbackRules.Points(5m, 0m), Is.Zero);
    }

    [Test]
    public void A_night_pays_the_ended_periods_since_the_start_at_most_three_back()
    {
        var settings = CashbackHarness.Monthly(startsOn: new DateOnly(2026, 6, 15));

        Assert.That(CashbackRules.PeriodsDue(settings, new DateOnly(2026, 7, 1)).Select(p => p.Label), Is.EqualTo(new[] { "2026-06" }));
        Assert.That(CashbackRules.PeriodsDue(settings, new DateOnly(2026, 6, 30)), Is.Empty, "June has not ended");
        Assert.That(CashbackRules.PeriodsDue(settings, new DateOnly(2027, 1, 2)).Select(p => p.Label), Is.EqualTo(new[] { "2026-10", "2026-11", "2026-12" }));
        Assert.That(CashbackRules.PeriodsDue(settings with { Enabled = false }, new DateOnly(2026, 7, 1)), Is.Empty);
    }

    [Test]
    public void Settings_errors_name_their_fields()
    {
        var settings = new CashbackSettings
        {
            Enabled = true,
            StartsOn = null,
            Period = (CashbackPeriodKind)7,
            Bands = [new(0m, 101m), new(0m, 2m), new(-5m, 1m)],
        };

        var fields = settings.Validate().Errors.Select(e => e.Field).ToList();

        Assert.That(fields, Is.EquivalentTo(new[]
        {
            "Cashback.Period", "Cashback.StartsOn", "Cashback.Bands[0].RatePercent", "Cashback.Bands[1].From", "Cashback.Bands[2].From",
        }));
        Assert.That(CashbackHarness.Monthly().Validate().IsValid, Is.True);
        Assert.That(new CashbackSettings().Validate().IsValid, Is.True, "off, the defaults are valid");
    }

    [Test]
    public void Loyalty_settings_validation_includes_the_cashbacks()
    {
        var result = new Retention.Core.Loyalty.LoyaltySettings { Cashback = CashbackHarness.Monthly() with { Bands = [] } }.Validate();

        Assert.That(result.Errors.Select(e => e.Field), Is.EqualTo(new[] { "Cashback.Bands" }));
    }
}
