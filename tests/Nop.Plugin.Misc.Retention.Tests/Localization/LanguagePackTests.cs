using Nop.Plugin.Misc.Retention.Services;

namespace Nop.Plugin.Misc.Retention.Tests.Localization;

/// <summary>
/// The plugin's resources survive nopCommerce's language XML: exported as Languages › Export resources writes them and
/// imported into a fresh language as Import resources reads them (names lower-cased), nothing is lost or changed.
/// </summary>
public class LanguagePackTests
{
    public static IEnumerable<TestCaseData> ShippedLanguages()
    {
        yield return new TestCaseData("English", RetentionLocales.English()).SetName("English");
        yield return new TestCaseData("Русский", RetentionLocalesRussian.Resources()).SetName("Russian");
    }

    [TestCaseSource(nameof(ShippedLanguages))]
    public void Exported_and_imported_into_a_fresh_language_the_resources_are_the_same_set(string language, IDictionary<string, string> resources)
    {
        var imported = LanguagePackXml.FromXml(LanguagePackXml.ToXml(language, resources));

        Assert.That(imported, Has.Count.EqualTo(resources.Count), "no two names differ only by case (the import lower-cases them)");
        Assert.That(resources.Where(r => !imported.TryGetValue(r.Key.ToLowerInvariant(), out var value) || value != r.Value).Select(r => r.Key), Is.Empty);
    }

    [Test]
    public void Markup_braces_quotes_and_line_breaks_in_a_value_survive_the_file()
    {
        var tricky = new Dictionary<string, string>
        {
            ["Plugins.Misc.Retention.Test.A"] = "<b>5 < 6 & \"quoted\"</b> {0, plural, one {# балл} other {# баллов}}",
            ["Plugins.Misc.Retention.Test.B"] = "line one\nline two",
        };

        var imported = LanguagePackXml.FromXml(LanguagePackXml.ToXml("Test", tricky));

        Assert.That(imported["plugins.misc.retention.test.a"], Is.EqualTo(tricky["Plugins.Misc.Retention.Test.A"]));
        Assert.That(imported["plugins.misc.retention.test.b"], Is.EqualTo("line one\nline two"));
    }

    [Test]
    public void A_file_in_nopCommerces_export_layout_is_read_like_nopCommerces_import()
    {
        // As nopCommerce writes it: the language's name and supported version, one LocaleResource per name.
        const string exported = """
            <?xml version="1.0" encoding="utf-8"?>
            <Language Name="Deutsch" SupportedVersion="4.90">
              <LocaleResource Name="Plugins.Misc.Retention.Loyalty.Reason.Purchase">
                <Value>Kauf</Value>
              </LocaleResource>
              <LocaleResource Name="Plugins.Misc.Retention.Rewards.OrderEarns">
                <Value>Diese Bestellung bringt Ihnen {0, plural, one {# Punkt} other {# Punkte}}.</Value>
              </LocaleResource>
            </Language>
            """;

        var imported = LanguagePackXml.FromXml(exported);

        Assert.That(imported, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["plugins.misc.retention.loyalty.reason.purchase"] = "Kauf",
            ["plugins.misc.retention.rewards.orderearns"] = "Diese Bestellung bringt Ihnen {0, plural, one {# Punkt} other {# Punkte}}.",
        }));
    }
}
