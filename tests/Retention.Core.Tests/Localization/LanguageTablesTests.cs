using System.Globalization;
using System.Text.RegularExpressions;
using Retention.Core.Dashboard;
using Retention.Core.Localization;
using Retention.Core.Loyalty;

namespace Retention.Core.Tests.Localization;

/// <summary>Every table of Core's words ships complete in English and Russian, with the same placeholders and real plural forms.</summary>
public class LanguageTablesTests
{
    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");

    public static IEnumerable<TestCaseData> Tables()
    {
        yield return new TestCaseData(CoreMessages.English, CoreMessages.Russian).SetName("Core messages");
        yield return new TestCaseData(RewardsPanel.English, RewardsPanel.Russian).SetName("Rewards panel");
        yield return new TestCaseData(DashboardTexts.English, DashboardTexts.Russian).SetName("Dashboard");
        yield return new TestCaseData(
            LoyaltySettingsTexts.Fields.SelectMany(f => new[] { (f.Property + ".Label", f.Label), (f.Property + ".Hint", f.Hint) }).ToDictionary(x => x.Item1, x => x.Item2),
            LoyaltySettingsTexts.Russian.SelectMany(f => new[] { (f.Key + ".Label", f.Value.Label), (f.Key + ".Hint", f.Value.Hint) }).ToDictionary(x => x.Item1, x => x.Item2))
            .SetName("Loyalty settings form");
    }

    [TestCaseSource(nameof(Tables))]
    public void Every_English_key_has_a_Russian_text_and_no_other(IReadOnlyDictionary<string, string> english, IReadOnlyDictionary<string, string> russian)
    {
        Assert.That(russian.Keys, Is.EquivalentTo(english.Keys));
        Assert.That(russian.Where(r => string.IsNullOrWhiteSpace(r.Value) || r.Value == r.Key).Select(r => r.Key), Is.Empty);
    }

    [TestCaseSource(nameof(Tables))]
    public void Russian_texts_use_the_placeholders_of_the_English_ones(IReadOnlyDictionary<string, string> english, IReadOnlyDictionary<string, string> russian)
    {
        var different = english.Keys.Where(k => russian.ContainsKey(k) && !Placeholders(english[k]).SetEquals(Placeholders(russian[k]))).ToList();
        Assert.That(different, Is.Empty);
    }

    [TestCaseSource(nameof(Tables))]
    public void Russian_texts_are_Russian(IReadOnlyDictionary<string, string> english, IReadOnlyDictionary<string, string> russian)
    {
        // A text left in English (identical, or with no Cyrillic letter) is a missed translation; formulas and codes may stay.
        var untranslated = russian.Where(r => english[r.Key] == r.Value && Regex.IsMatch(r.Value, "[a-z]{4,}")
                                              || !Regex.IsMatch(r.Value, "[а-яё]", RegexOptions.IgnoreCase) && Regex.IsMatch(r.Value, "[a-z]{5,}"))
            .Select(r => r.Key).ToList();
        Assert.That(untranslated, Is.Empty);
    }

    [TestCaseSource(nameof(Tables))]
    public void No_Russian_count_is_glued_to_a_fixed_noun_form(IReadOnlyDictionary<string, string> english, IReadOnlyDictionary<string, string> russian)
    {
        // "{points} баллов" reads "1 баллов": a count next to a counted noun must go through a plural placeholder.
        var glued = russian.Where(r => Regex.IsMatch(r.Value, @"\{\w+\}\s+(балл|бонус|заказ|покупател|дн[еяи]|день|месяц|шаг|символ|уровн)", RegexOptions.IgnoreCase))
            .Select(r => r.Key).ToList();
        Assert.That(glued, Is.Empty);
    }

    [TestCaseSource(nameof(Tables))]
    public void Russian_plural_placeholders_give_every_form_a_count_needs(IReadOnlyDictionary<string, string> english, IReadOnlyDictionary<string, string> russian)
    {
        foreach (var (key, text) in russian)
            foreach (var name in Placeholders(text))
            {
                var selectors = TextFormat.PluralSelectors(text, name);
                if (selectors.Count == 0) continue;
                // Either every Russian form, or "one" with "other" standing for the rest (genitive after "до", "не больше").
                Assert.That(selectors, Does.Contain("other"), key);
                foreach (var n in new[] { 1, 2, 5, 11, 21, 22, 25, 111 })
                    Assert.That(TextFormat.Format(text, Ru, TextArg.Count(name, n)), Does.Contain(n.ToString(Ru)), key);
            }
    }

    [Test]
    public void Russian_rewards_panel_reads_with_correct_plurals_and_Russian_numbers()
    {
        var program = ProgramRules.Of(new LoyaltySettings { RegistrationBonus = 21, ReviewBonus = 2, BirthdayBonus = 1500, ActivationDelayDays = 14, MinimumBalanceToRedeem = 111 },
            new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc));
        var lines = RewardsPanel.Lines(program, null, k => RewardsPanel.Russian[k], m => m.ToString("N2", Ru) + " ₽", d => d.ToString("d MMMM", Ru), _ => null, Ru);

        Assert.That(lines.WaysToEarn, Does.Contain("21 балл за регистрацию"));
        Assert.That(lines.WaysToEarn, Does.Contain("2 балла за каждый одобренный отзыв о товаре"));
        Assert.That(lines.WaysToEarn, Does.Contain("1\u00a0500 баллов в день рождения"));
        Assert.That(lines.Notes, Does.Contain("Баллы за заказ можно потратить через 14 дней после оплаты (срок возврата)."));
        Assert.That(lines.WaysToRedeem, Does.Contain("Баллы можно тратить, когда на балансе не меньше 111 баллов"));
        Assert.That(RewardsPanel.JoinPrompt(program, k => RewardsPanel.Russian[k], Ru), Does.StartWith("Присоединяйтесь: создайте аккаунт и сразу получите 21 балл,"));
    }

    [Test]
    public void English_panel_says_one_point_not_one_points()
    {
        var program = ProgramRules.Of(new LoyaltySettings { RegistrationBonus = 1, PointsPerCurrencyUnit = 1m }, new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc));
        var lines = RewardsPanel.Lines(program, null, k => RewardsPanel.English[k], m => "$" + m.ToString("0.00", CultureInfo.InvariantCulture), d => "", _ => null);

        Assert.That(lines.WaysToEarn, Does.Contain("1 point for creating an account"));
        Assert.That(lines.WaysToEarn, Does.Contain("1 point for every $1.00 spent"));
    }

    [Test]
    public void A_validation_message_is_a_key_the_host_renders_in_the_readers_language()
    {
        var errors = new LoyaltySettings { ActivationDelayDays = 400 }.Validate().Errors;
        var delay = errors.Single(e => e.Field == nameof(LoyaltySettings.ActivationDelayDays));

        Assert.That(delay.Message, Is.EqualTo("Must be between 0 and 365."));
        Assert.That(delay.Text!.Key, Is.EqualTo("validation.range"));
        Assert.That(delay.In(Ru), Is.EqualTo("Допустимо значение от 0 до 365."));
        Assert.That(delay.In(Ru, key => key == "validation.range" ? "Entre {min} et {max}." : null), Is.EqualTo("Entre 0 et 365."));
    }

    [Test]
    public void An_adjustment_too_large_is_refused_in_Russian_with_the_plural_the_limit_needs()
    {
        var text = CoreMessages.AdjustMax(21);
        Assert.That(CoreMessages.Render(text, Ru), Is.EqualTo("Одной корректировкой можно начислить или списать не больше 21 балла (настройка магазина)."));
        Assert.That(CoreMessages.Render(CoreMessages.AdjustMax(25), Ru), Does.Contain("не больше 25 баллов"));
        Assert.That(text.English(), Is.EqualTo("One adjustment can add or take at most 21 points (the store's setting)."));
    }

    [Test]
    public void Every_Core_message_key_renders_in_both_languages()
    {
        foreach (var key in CoreMessages.English.Keys)
        {
            var text = new CoreText(key, TextArg.Count("min", 1), TextArg.Count("max", 5), TextArg.Count("count", 21), TextArg.Count("after", 2),
                TextArg.Count("limit", 11), TextArg.Count("points", 22), TextArg.Count("available", 3), TextArg.Count("left", -19),
                TextArg.Of("kind", "WinBack"), TextArg.Of("name", "Gold"),
                TextArg.Of("id", "3"), TextArg.Of("ids", "9, 12"), TextArg.Count("done", 2), TextArg.Count("target", 3));
            Assert.That(CoreMessages.Render(text, Ru), Does.Not.Contain("{").And.Not.EqualTo(key), key);
            Assert.That(text.English(), Does.Not.Contain("{").And.Not.EqualTo(key), key);
        }
    }

    /// <summary>The names of a template's placeholders, plain or plural, at any depth.</summary>
    internal static HashSet<string> Placeholders(string template) =>
        Regex.Matches(template, @"\{([A-Za-z][A-Za-z0-9_.]*)(?:\}|\s*,\s*plural)").Select(m => m.Groups[1].Value).ToHashSet();
}
