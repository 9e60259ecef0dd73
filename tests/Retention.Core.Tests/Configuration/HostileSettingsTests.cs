using System.Reflection;
using static Retention.Core.Tests.HostileValues;
using Retention.Core.Configuration;
using Retention.Core.Loyalty;

namespace Retention.Core.Tests.Configuration;

/// <summary>
/// The values a hostile or careless admin form can post — extremes of every number, huge and empty names, overlapping
/// tiers, a list of thousands — each refused with a message on the field it is about, so the editor can show it there.
/// </summary>
public class HostileSettingsTests
{
    /// <summary>Sets each number of <typeparamref name="T"/> to each extreme in turn; returns how many settings were checked.</summary>
    private static int EachExtremeIsRefusedOnItsField<T>(T defaults, Func<T, Retention.Core.Common.ValidationResult> validate) where T : class
    {
        var checkedFields = 0;
        foreach (var property in Numbers(typeof(T)))
            foreach (var high in new[] { false, true })
            {
                var value = Extreme(property.PropertyType, high);
                var errors = validate(With(defaults, property, value)).Errors;

                Assert.That(errors.Select(e => e.Field), Does.Contain(property.Name), $"{property.Name} = {value}");
                Assert.That(errors.Where(e => e.Field == property.Name).Select(e => e.Message), Has.All.Not.Empty);
                checkedFields++;
            }
        return checkedFields;
    }

    [Test]
    public void Every_number_of_the_configure_page_refuses_both_extremes_on_its_own_field()
    {
        Assert.That(EachExtremeIsRefusedOnItsField(new RetentionOptions(), o => o.Validate()), Is.EqualTo(2 * 6), "the six numbers of RetentionOptions");
    }

    [Test]
    public void Every_number_of_the_loyalty_page_refuses_both_extremes_on_its_own_field()
    {
        Assert.That(EachExtremeIsRefusedOnItsField(new LoyaltySettings(), s => s.Validate()), Is.GreaterThanOrEqualTo(2 * 13));
    }

    [Test]
    public void Every_error_names_a_field_the_form_has()
    {
        var options = new RetentionOptions
        {
            ActiveWindowDays = 0, MetricsPeriodDays = 4000, MarketingEmailsPerWeek = 51, QuietHoursStart = 24, QuietHoursEnd = -1, AbandonedCartDelayMinutes = 4,
        };

        var fields = options.Validate().Errors.Select(e => e.Field).Distinct().ToList();

        Assert.That(fields, Is.SubsetOf(typeof(RetentionOptions).GetProperties().Select(p => p.Name)));
        Assert.That(fields, Has.Count.EqualTo(6), "each wrong field is named");
    }

    private static LoyaltySettings WithTiers(params TierDefinition[] tiers) => new() { Tiers = tiers };

    private static Dictionary<string, string> Errors(LoyaltySettings settings) =>
        settings.Validate().Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => e.Message)));

    [Test]
    public void A_10000_character_tier_name_is_refused_on_its_field()
    {
        var errors = Errors(WithTiers(new TierDefinition("Silver", 100m, 1.1m), new TierDefinition(new string('G', 10_000), 500m, 1.5m)));

        Assert.That(errors.Keys, Is.EqualTo(new[] { "Tiers[1].Name" }));
        Assert.That(errors["Tiers[1].Name"], Does.Contain(TierRules.MaxNameLength.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void A_name_of_exactly_the_maximum_length_is_accepted()
    {
        Assert.That(Errors(WithTiers(new TierDefinition(new string('G', TierRules.MaxNameLength), 500m, 1.5m))), Is.Empty);
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("Gold\nPlatinum")]
    [TestCase("Gold\0")]
    [TestCase("\tGold")]
    public void An_empty_or_control_character_name_is_refused_on_its_field(string name)
    {
        Assert.That(Errors(WithTiers(new TierDefinition(name, 500m, 1.5m))).Keys, Is.EqualTo(new[] { "Tiers[0].Name" }));
    }

    [Test]
    public void Tiers_that_differ_only_in_case_space_or_decimal_places_overlap_and_are_refused()
    {
        var errors = Errors(WithTiers(
            new TierDefinition("Gold", 500m, 1.5m),
            new TierDefinition(" gold ", 900m, 1.5m),
            new TierDefinition("Platinum", 500.00m, 2m)));

        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "Tiers[1].Name", "Tiers[2].Threshold" }));
    }

    [TestCase("1E28")]
    [TestCase("79228162514264337593543950335")]
    [TestCase("1000000000000.01")]
    [TestCase("-0.01")]
    public void A_threshold_beyond_any_spend_or_below_zero_is_refused_on_its_field(string threshold)
    {
        var value = decimal.Parse(threshold, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

        Assert.That(Errors(WithTiers(new TierDefinition("Gold", value, 1.5m))).Keys, Is.EqualTo(new[] { "Tiers[0].Threshold" }));
    }

    [TestCase("100.0001")]
    [TestCase("-1")]
    [TestCase("79228162514264337593543950335")]
    public void A_multiplier_outside_0_to_100_is_refused_on_its_field(string multiplier)
    {
        var value = decimal.Parse(multiplier, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

        Assert.That(Errors(WithTiers(new TierDefinition("Gold", 10m, value))).Keys, Is.EqualTo(new[] { "Tiers[0].Multiplier" }));
    }

    [Test]
    public void A_list_of_ten_thousand_tiers_is_refused_at_once_as_a_whole()
    {
        var tiers = Enumerable.Range(0, 10_000).Select(i => new TierDefinition($"T{i}", i, 1m)).ToArray();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var errors = Errors(WithTiers(tiers));

        Assert.That(errors.Keys, Is.EqualTo(new[] { "Tiers" }));
        Assert.That(errors["Tiers"], Does.Contain("10000"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)), "no pairwise comparison of the whole list");
        Assert.That(Errors(WithTiers(tiers.Take(TierRules.MaxTiers).ToArray())), Is.Empty, "the maximum itself is fine");
    }

    [Test]
    public void Multipliers_and_promotions_with_extreme_values_are_refused_on_their_entries()
    {
        var settings = new LoyaltySettings
        {
            ProductMultipliers = new Dictionary<int, decimal> { [7] = decimal.MaxValue },
            CategoryMultipliers = new Dictionary<int, decimal> { [3] = -1m },
            Promotions = new[] { new PromoMultiplier("Black Friday", new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), 1e20m) },
        };

        Assert.That(Errors(settings).Keys, Is.EquivalentTo(new[]
        {
            "ProductMultipliers[7]", "CategoryMultipliers[3]", "Promotions[0].Multiplier", "Promotions[0].EndUtc",
        }));
    }
}
