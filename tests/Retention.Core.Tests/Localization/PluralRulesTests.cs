using System.Globalization;
using Retention.Core.Localization;

namespace Retention.Core.Tests.Localization;

public class PluralRulesTests
{
    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");

    private const string Points = "{n, plural, one {# балл} few {# балла} many {# баллов} other {# балла}}";

    [TestCase(1, PluralCategory.One)]
    [TestCase(21, PluralCategory.One)]
    [TestCase(101, PluralCategory.One)]
    [TestCase(2, PluralCategory.Few)]
    [TestCase(22, PluralCategory.Few)]
    [TestCase(5, PluralCategory.Many)]
    [TestCase(0, PluralCategory.Many)]
    [TestCase(11, PluralCategory.Many)]
    [TestCase(12, PluralCategory.Many)]
    [TestCase(14, PluralCategory.Many)]
    [TestCase(25, PluralCategory.Many)]
    [TestCase(111, PluralCategory.Many)]
    public void Russian_counts_take_the_CLDR_category(int n, PluralCategory expected) =>
        Assert.That(PluralRules.Of(n, Ru), Is.EqualTo(expected));

    [Test]
    public void A_Russian_fraction_takes_the_other_form() =>
        Assert.That(PluralRules.Of(1.5m, Ru), Is.EqualTo(PluralCategory.Other));

    [TestCase(1, "1 балл")]
    [TestCase(2, "2 балла")]
    [TestCase(5, "5 баллов")]
    [TestCase(11, "11 баллов")]
    [TestCase(21, "21 балл")]
    [TestCase(22, "22 балла")]
    [TestCase(25, "25 баллов")]
    [TestCase(111, "111 баллов")]
    [TestCase(0, "0 баллов")]
    [TestCase(12, "12 баллов")]
    [TestCase(14, "14 баллов")]
    [TestCase(101, "101 балл")]
    [TestCase(-3, "-3 балла")]
    public void Russian_points_are_written_with_their_plural_form(int n, string expected) =>
        Assert.That(TextFormat.Format(Points, Ru, TextArg.Count("n", n)), Is.EqualTo(expected));

    [Test]
    public void Russian_thousands_are_grouped_as_Russians_write_them() =>
        Assert.That(TextFormat.Format(Points, Ru, TextArg.Count("n", 1500)), Is.EqualTo("1\u00a0500 баллов"));

    [TestCase(1, "1 point")]
    [TestCase(0, "0 points")]
    [TestCase(2, "2 points")]
    [TestCase(11, "11 points")]
    [TestCase(21, "21 points")]
    [TestCase(1000, "1,000 points")]
    public void English_has_one_and_other(int n, string expected) =>
        Assert.That(TextFormat.Format("{n, plural, one {# point} other {# points}}", En, TextArg.Count("n", n)), Is.EqualTo(expected));

    [Test]
    public void An_exact_selector_wins_over_the_category() =>
        Assert.That(TextFormat.Format("{n, plural, =0 {no points} one {# point} other {# points}}", En, TextArg.Count("n", 0)), Is.EqualTo("no points"));

    [Test]
    public void A_language_without_the_form_falls_back_to_other() =>
        Assert.That(TextFormat.Format("{n, plural, one {# point} other {# points}}", Ru, TextArg.Count("n", 3)), Is.EqualTo("3 points"));

    [Test]
    public void Plain_placeholders_and_plural_forms_mix_and_a_missing_value_stays_visible()
    {
        var text = TextFormat.Format("{name}: {n, plural, one {# балл} few {# балла} many {# баллов} other {# балла}} до {day}", Ru,
            TextArg.Of("name", "Анна"), TextArg.Count("n", 3));

        Assert.That(text, Is.EqualTo("Анна: 3 балла до {day}"));
    }

    [Test]
    public void A_plural_form_may_hold_another_placeholder() =>
        Assert.That(TextFormat.Format("{n, plural, one {# балл до {day}} other {# балла до {day}}}", Ru, TextArg.Count("n", 2), TextArg.Of("day", "5 мая")),
            Is.EqualTo("2 балла до 5 мая"));
}
