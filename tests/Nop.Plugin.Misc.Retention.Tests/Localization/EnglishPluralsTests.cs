using System.Globalization;
using System.Text.RegularExpressions;
using Retention.Core.Localization;

namespace Nop.Plugin.Misc.Retention.Tests.Localization;

/// <summary>English resources say "1 point" and "2 points": counts go through the plural syntax, never "(s)" or a fixed plural.</summary>
public class EnglishPluralsTests
{
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");
    private static readonly IDictionary<string, string> English = RetentionLocales.English();

    [Test]
    public void No_English_resource_glues_a_count_to_a_plural_noun_or_writes_s_in_brackets()
    {
        var glued = English.Where(r => Regex.IsMatch(r.Value, @"\{\d+\}\s+(more\s+)?(points|orders|days|characters|stamps|customers|steps|tiers)\b|\(s\)"))
            .Select(r => r.Key).ToList();
        Assert.That(glued, Is.Empty);
    }

    [Test]
    public void Every_English_plural_resource_reads_right_for_one_and_for_many()
    {
        var plural = English.Where(r => Regex.IsMatch(r.Value, @"\{\d+, plural,")).ToList();
        Assert.That(plural, Has.Count.GreaterThanOrEqualTo(10));
        foreach (var (key, text) in plural)
            foreach (var n in new[] { 0, 1, 2, 5, 11, 21, 111, 1500 })
            {
                var filled = TextFormat.FormatIndexed(text, En, n, n, n, n, n);
                Assert.That(filled, Does.Not.Contain("plural").And.Not.Contain("{"), key);
                Assert.That(filled, n == 1
                    ? Does.Not.Match(@"\b1 (points|orders|days|characters|stamps|customers)\b")
                    : Does.Not.Match(@"\b[\d,]+ (point|order|day|character|stamp|customer)\b"), key + " " + n);
            }
    }

    [TestCase(1, "This order earns you 1 point.")]
    [TestCase(2, "This order earns you 2 points.")]
    [TestCase(1500, "This order earns you 1,500 points.")]
    public void The_checkout_widget_says_one_point_and_many_points(int points, string expected) =>
        Assert.That(TextFormat.FormatIndexed(English[RetentionLocales.RewardsOrderEarns], En, points), Is.EqualTo(expected));

    [TestCase(1, "1 point expires on Dec 31: spend it at checkout before then.")]
    [TestCase(40, "40 points expire on Dec 31: spend them at checkout before then.")]
    public void The_verb_and_pronoun_agree_with_the_points_that_lapse(int points, string expected) =>
        Assert.That(TextFormat.FormatIndexed(English[RetentionLocales.RewardsExpiringSoon], En, points, "Dec 31"), Is.EqualTo(expected));
}
