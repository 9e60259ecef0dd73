using Retention.Core.Configuration;

namespace Retention.Core.Tests.Configuration;

public class RetentionOptionsTests
{
    [Test]
    public void Defaults_are_valid()
    {
        Assert.That(new RetentionOptions().Validate().IsValid, Is.True);
    }

    [TestCase(nameof(RetentionOptions.ActiveWindowDays))]
    [TestCase(nameof(RetentionOptions.MarketingEmailsPerWeek))]
    [TestCase(nameof(RetentionOptions.QuietHoursStart))]
    [TestCase(nameof(RetentionOptions.QuietHoursEnd))]
    [TestCase(nameof(RetentionOptions.AbandonedCartDelayMinutes))]
    public void Negative_value_is_rejected_on_its_own_field(string field)
    {
        var options = With(new RetentionOptions(), field, -1);

        var errors = options.Validate().Errors;

        Assert.That(errors.Select(e => e.Field), Does.Contain(field));
        Assert.That(errors.Single(e => e.Field == field).Message, Does.StartWith("Must be between"));
    }

    [Test]
    public void Huge_values_are_rejected()
    {
        var options = new RetentionOptions { AbandonedCartDelayMinutes = int.MaxValue, ActiveWindowDays = int.MaxValue, QuietHoursStart = 24 };

        Assert.That(options.Validate().Errors.Select(e => e.Field), Is.EquivalentTo(new[]
        {
            nameof(RetentionOptions.AbandonedCartDelayMinutes), nameof(RetentionOptions.ActiveWindowDays), nameof(RetentionOptions.QuietHoursStart),
        }));
    }

    [Test]
    public void Period_longer_than_the_active_window_is_rejected()
    {
        var options = new RetentionOptions { ActiveWindowDays = 30, MetricsPeriodDays = 90 };

        Assert.That(options.Validate().Errors.Single().Field, Is.EqualTo(nameof(RetentionOptions.MetricsPeriodDays)));
    }

    [Test]
    public void Boundary_values_are_accepted()
    {
        var options = new RetentionOptions { MarketingEmailsPerWeek = 0, AbandonedCartDelayMinutes = 5, QuietHoursStart = 0, QuietHoursEnd = 23, ActiveWindowDays = 3650, MetricsPeriodDays = 3650 };

        Assert.That(options.Validate().IsValid, Is.True);
    }

    private static RetentionOptions With(RetentionOptions options, string property, int value)
    {
        var info = typeof(RetentionOptions).GetProperty(property)!;
        var copy = options with { };
        info.SetValue(copy, info.PropertyType == typeof(decimal) ? (object)(decimal)value : value);
        return copy;
    }
}
