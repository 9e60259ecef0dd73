using System.Globalization;
using System.Linq.Expressions;
using System.Text.RegularExpressions;
using RegexMatch = System.Text.RegularExpressions.Match;
using Nop.Core.Domain.Localization;
using Nop.Core.Domain.Messages;
using Nop.Core.Events;
using Nop.Plugin.Misc.Retention.Events;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Retention.Core.Localization;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Tests.Localization;

/// <summary>The plugin ships complete in English and Russian, and installs Russian for the store's Russian languages.</summary>
public class RussianLocalesTests
{
    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");
    private static readonly IDictionary<string, string> English = RetentionLocales.English();
    private static readonly IDictionary<string, string> Russian = RetentionLocalesRussian.Resources();

    // Names that stay as they are in Russian: the product's name and the survey methods' abbreviations.
    private static readonly HashSet<string> SameInBothLanguages =
    [
        RetentionLocales.MenuTitle, RetentionLocales.DashboardTitle,
        RetentionLocales.WorkflowEnum(SurveyKind.Nps), RetentionLocales.WorkflowEnum(SurveyKind.Csat),
        // A .NET date pattern ("d MMMM yyyy"), not words: it differs from the English one but holds no Russian letter.
        RetentionLocales.CoreMessage("email.datePattern"),
    ];

    [Test]
    public void Every_English_resource_has_a_Russian_one_and_Russian_has_no_other()
    {
        Assert.That(Russian.Keys.Except(English.Keys), Is.Empty, "Russian resources English does not have");
        Assert.That(English.Keys.Except(Russian.Keys), Is.Empty, "English resources without Russian");
    }

    [Test]
    public void No_Russian_resource_is_empty_a_raw_key_or_left_in_English()
    {
        var bad = Russian.Where(r => string.IsNullOrWhiteSpace(r.Value) || r.Value.StartsWith(RetentionDefaults.LocalePrefix, StringComparison.Ordinal)
                                     || !SameInBothLanguages.Contains(r.Key) && !Regex.IsMatch(r.Value, "[а-яё]", RegexOptions.IgnoreCase))
            .Select(r => r.Key).ToList();
        Assert.That(bad, Is.Empty);
    }

    [Test]
    public void Russian_resources_fill_the_same_placeholders_as_English_ones()
    {
        var different = English.Keys.Where(k => !Placeholders(English[k]).SetEquals(Placeholders(Russian[k])))
            .Select(k => $"{k}: {string.Join(",", Placeholders(English[k]))} / {string.Join(",", Placeholders(Russian[k]))}").ToList();
        Assert.That(different, Is.Empty);
    }

    [Test]
    public void No_Russian_count_stands_before_a_noun_that_must_agree_with_it()
    {
        // "{0} баллов" reads "1 баллов": a count before a counted noun goes through a plural placeholder instead.
        var glued = Russian.Where(r => Regex.IsMatch(r.Value, @"\{\w+\}\s+(балл|бонус|заказ|покупател|дн[еяи]|день|месяц|шаг|символ|уровн|таблиц|шаблон)", RegexOptions.IgnoreCase))
            .Select(r => r.Key).ToList();
        Assert.That(glued, Is.Empty);
    }

    [TestCase(1, "Этот заказ принесёт вам 1 балл.")]
    [TestCase(2, "Этот заказ принесёт вам 2 балла.")]
    [TestCase(5, "Этот заказ принесёт вам 5 баллов.")]
    [TestCase(11, "Этот заказ принесёт вам 11 баллов.")]
    [TestCase(21, "Этот заказ принесёт вам 21 балл.")]
    [TestCase(22, "Этот заказ принесёт вам 22 балла.")]
    [TestCase(25, "Этот заказ принесёт вам 25 баллов.")]
    [TestCase(111, "Этот заказ принесёт вам 111 баллов.")]
    public void The_checkout_widget_says_the_points_with_their_Russian_plural(int points, string expected) =>
        Assert.That(TextFormat.FormatIndexed(Russian[RetentionLocales.RewardsOrderEarns], Ru, points), Is.EqualTo(expected));

    [TestCase(1, "1 балл сгорит 31.12.2026: потратьте их при оформлении заказа до этого дня.")]
    [TestCase(22, "22 балла сгорят 31.12.2026: потратьте их при оформлении заказа до этого дня.")]
    [TestCase(111, "111 баллов сгорят 31.12.2026: потратьте их при оформлении заказа до этого дня.")]
    public void The_verb_agrees_with_the_points_that_lapse(long points, string expected) =>
        Assert.That(TextFormat.FormatIndexed(Russian[RetentionLocales.RewardsExpiringSoon], Ru, points, "31.12.2026"), Is.EqualTo(expected));

    [Test]
    public void Every_plural_resource_reads_for_every_count_the_issue_names()
    {
        // The numbered ones, which views and factories fill (Core's named ones are tested with Core's tables).
        foreach (var (key, text) in Russian.Where(r => Regex.IsMatch(r.Value, @"\{\d+, plural,")))
            foreach (var n in new[] { 0, 1, 2, 5, 11, 12, 14, 21, 22, 25, 101, 111 })
            {
                var filled = TextFormat.FormatIndexed(text, Ru, n, n, n, n, n);
                Assert.That(filled, Does.Not.Contain("plural").And.Not.Contain("{"), key);
                // Never wrong whatever the case a sentence needs: "1 баллов", "5 балла", "2 балл".
                Assert.That(filled, Does.Not.Match(@"\b(1|21|101) баллов|\b(5|11|12|14|25|111) балла\b|\b(2|22) балл\b"), key);
            }
    }

    [Test]
    public void Every_email_template_has_a_Russian_subject_and_body_with_the_same_tokens()
    {
        Assert.That(EmailTemplates.Russian.Select(t => t.Name), Is.EqualTo(EmailTemplates.All.Select(t => t.Name)));
        foreach (var (english, russian) in EmailTemplates.All.Zip(EmailTemplates.Russian))
        {
            Assert.That(EmailTemplates.TokensIn(russian.Subject), Is.EquivalentTo(EmailTemplates.TokensIn(english.Subject)), english.Name);
            Assert.That(EmailTemplates.TokensIn(russian.HtmlBody), Is.EquivalentTo(EmailTemplates.TokensIn(english.HtmlBody)), english.Name);
            Assert.That(EmailTemplates.TokensIn(russian.TextBody), Is.EquivalentTo(EmailTemplates.TokensIn(english.TextBody)), english.Name);
            Assert.That(Regex.Replace(russian.Subject, "%[^%]+%", ""), Does.Match("[а-яё]"), english.Name);
            Assert.That(russian.HtmlBody, Is.Not.EqualTo(english.HtmlBody), english.Name);
            Assert.That(russian.TextBody, Does.Not.Contain("Hello").And.Not.Contain("Unsubscribe:"), english.Name);
        }
    }

    [Test]
    public void Every_English_phrase_of_the_emails_has_its_Russian_and_no_Russian_phrase_is_unused()
    {
        // Building the Russian set throws on a phrase without Russian; an unused Russian phrase is a template phrase changed
        // in English and not in Russian.
        var russianText = string.Concat(EmailTemplates.Russian.Select(t => t.Subject + t.HtmlBody + t.TextBody));
        Assert.That(EmailTemplates.RussianPhrases.Values.Where(p => !russianText.Contains(p, StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task Install_puts_Russian_resources_and_template_texts_into_each_Russian_language_only()
    {
        var languages = new Mock<ILanguageService>();
        languages.Setup(l => l.GetAllLanguagesAsync(true, 0)).ReturnsAsync(new List<Language>
        {
            new() { Id = 1, LanguageCulture = "en-US" }, new() { Id = 2, LanguageCulture = "ru-RU" }, new() { Id = 3, LanguageCulture = "ru-KZ" },
        });
        var installed = new List<(int? Language, IDictionary<string, string> Resources)>();
        var localization = new Mock<ILocalizationService>();
        localization.Setup(l => l.AddOrUpdateLocaleResourceAsync(It.IsAny<IDictionary<string, string>>(), It.IsAny<int?>()))
            .Callback((IDictionary<string, string> r, int? id) => installed.Add((id, r))).Returns(Task.CompletedTask);
        var templates = new Mock<IMessageTemplateService>();
        var id = 100;
        templates.Setup(t => t.GetMessageTemplatesByNameAsync(It.IsAny<string>(), It.IsAny<int?>()))
            .ReturnsAsync((string name, int? _) => new List<MessageTemplate> { new() { Id = ++id, Name = name } });
        var saved = new List<(string Name, string Property, string Value, int Language)>();
        var localized = new Mock<ILocalizedEntityService>();
        // The merchant already wrote the Russian subject of the first cart email in language 2.
        localized.Setup(l => l.GetLocalizedValueAsync(2, 101, nameof(MessageTemplate), nameof(MessageTemplate.Subject))).ReturnsAsync("Своя тема");
        localized.Setup(l => l.SaveLocalizedValueAsync(It.IsAny<MessageTemplate>(), It.IsAny<Expression<Func<MessageTemplate, string>>>(), It.IsAny<string>(), It.IsAny<int>()))
            .Callback((MessageTemplate t, Expression<Func<MessageTemplate, string>> key, string value, int language) =>
                saved.Add((t.Name, ((MemberExpression)key.Body).Member.Name, value, language)))
            .Returns(Task.CompletedTask);

        await new RetentionLanguagePack(languages.Object, localization.Object, localized.Object, templates.Object).InstallAsync();

        Assert.That(installed.Select(i => i.Language), Is.EqualTo(new int?[] { 2, 3 }));
        Assert.That(installed[0].Resources[RetentionLocales.MyRewardsTitle], Is.EqualTo("Мои бонусы"));
        var cart = EmailTemplates.Find(WorkflowCatalog.TemplateName(WorkflowKind.AbandonedCart, 0), "ru")!;
        Assert.That(saved, Does.Contain((cart.Name, "Body", cart.HtmlBody, 2)));
        Assert.That(saved, Does.Contain((cart.Name, "Subject", cart.Subject, 3)));
        Assert.That(saved.Where(s => s.Language == 2 && s.Name == cart.Name && s.Property == "Subject"), Is.Empty, "the merchant's own subject is kept");
        Assert.That(saved.Select(s => s.Language).Distinct(), Is.EquivalentTo(new[] { 2, 3 }));
        Assert.That(saved, Has.Count.EqualTo(EmailTemplates.Russian.Count * 4 - 1));
    }

    [Test]
    public async Task A_language_added_after_the_install_gets_the_English_resources_and_a_Russian_one_the_Russian_words_over_them()
    {
        var installed = new List<(int? Language, IDictionary<string, string> Resources)>();
        var localization = new Mock<ILocalizationService>();
        localization.Setup(l => l.AddOrUpdateLocaleResourceAsync(It.IsAny<IDictionary<string, string>>(), It.IsAny<int?>()))
            .Callback((IDictionary<string, string> r, int? id) => installed.Add((id, r))).Returns(Task.CompletedTask);
        var templates = new Mock<IMessageTemplateService>();
        templates.Setup(t => t.GetMessageTemplatesByNameAsync(It.IsAny<string>(), It.IsAny<int?>()))
            .ReturnsAsync((string name, int? _) => new List<MessageTemplate> { new() { Id = 7, Name = name } });
        var saved = new List<(string Property, int Language)>();
        var localized = new Mock<ILocalizedEntityService>();
        localized.Setup(l => l.SaveLocalizedValueAsync(It.IsAny<MessageTemplate>(), It.IsAny<Expression<Func<MessageTemplate, string>>>(), It.IsAny<string>(), It.IsAny<int>()))
            .Callback((MessageTemplate _, Expression<Func<MessageTemplate, string>> key, string _, int language) => saved.Add((((MemberExpression)key.Body).Member.Name, language)))
            .Returns(Task.CompletedTask);
        var consumer = new LanguageAddedConsumer(new RetentionLanguagePack(Mock.Of<ILanguageService>(), localization.Object, localized.Object, templates.Object));

        await consumer.HandleEventAsync(new EntityInsertedEvent<Language>(new Language { Id = 5, LanguageCulture = "de-DE" }));
        await consumer.HandleEventAsync(new EntityInsertedEvent<Language>(new Language { Id = 6, LanguageCulture = "ru-BY" }));

        Assert.That(installed.Select(i => i.Language), Is.EqualTo(new int?[] { 5, 6, 6 }), "English for both, then Russian over it for the Russian one");
        Assert.That(installed[0].Resources, Is.EqualTo(RetentionLocales.English()), "no raw key in a language the merchant has not translated yet");
        Assert.That(installed[2].Resources[RetentionLocales.MyRewardsTitle], Is.EqualTo("Мои бонусы"));
        Assert.That(saved.Select(s => s.Language).Distinct(), Is.EqualTo(new[] { 6 }), "template texts only for the language the plugin ships");
        Assert.That(saved, Has.Count.EqualTo(EmailTemplates.Russian.Count * 2));
    }

    [Test]
    public async Task Uninstall_removes_the_templates_translations_in_every_language_before_the_templates()
    {
        var languages = new Mock<ILanguageService>();
        languages.Setup(l => l.GetAllLanguagesAsync(true, 0)).ReturnsAsync(new List<Language> { new() { Id = 1, LanguageCulture = "en-US" }, new() { Id = 2, LanguageCulture = "ru-RU" } });
        var cleared = new List<(int Template, string Property, string Value, int Language)>();
        var localized = new Mock<ILocalizedEntityService>();
        localized.Setup(l => l.SaveLocalizedValueAsync(It.IsAny<MessageTemplate>(), It.IsAny<Expression<Func<MessageTemplate, string>>>(), It.IsAny<string>(), It.IsAny<int>()))
            .Callback((MessageTemplate t, Expression<Func<MessageTemplate, string>> key, string value, int language) =>
                cleared.Add((t.Id, ((MemberExpression)key.Body).Member.Name, value, language)))
            .Returns(Task.CompletedTask);
        var pack = new RetentionLanguagePack(languages.Object, Mock.Of<ILocalizationService>(), localized.Object, Mock.Of<IMessageTemplateService>());

        await pack.RemoveTranslationsAsync(new MessageTemplate { Id = 42, Name = "Retention.AbandonedCart.Step1" });

        // nopCommerce deletes a localized value when an empty one is saved (LocalizedEntityService.SaveLocalizedValueAsync).
        Assert.That(cleared, Is.EquivalentTo(new[] { (42, "Subject", "", 1), (42, "Body", "", 1), (42, "Subject", "", 2), (42, "Body", "", 2) }));
    }

    [Test]
    public async Task A_Core_validation_message_reaches_the_admin_in_their_language()
    {
        var localization = new Mock<ILocalizationService>();
        localization.Setup(l => l.GetResourceAsync(RetentionLocales.CoreMessage("validation.range"))).ReturnsAsync(Russian[RetentionLocales.CoreMessage("validation.range")]);
        localization.Setup(l => l.GetResourceAsync(It.Is<string>(k => k != RetentionLocales.CoreMessage("validation.range")))).ReturnsAsync((string k) => k);
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = Ru;
        try
        {
            var errors = (await localization.Object.LocalizeAsync(new global::Retention.Core.Configuration.RetentionOptions { ActiveWindowDays = 0, MetricsPeriodDays = 30 }.Validate())).Errors;

            Assert.That(errors.Single(e => e.Field == "ActiveWindowDays").Message, Is.EqualTo("Допустимо значение от 1 до 3650."));
            // Not installed in this language: Core's own Russian, never the English sentence or a raw key.
            Assert.That(errors.Single(e => e.Field == "MetricsPeriodDays").Message, Is.EqualTo("Период сравнения не может быть длиннее окна активности."));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Test]
    public void Views_hold_no_hard_coded_English_words()
    {
        var found = new List<string>();
        foreach (var view in Directory.GetFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "Views"), "*.cshtml", SearchOption.AllDirectories))
        {
            var markup = WithoutCodeBlocks(Regex.Replace(File.ReadAllText(view), @"@\*.*?\*@|<script.*?</script>|<style.*?</style>", "", RegexOptions.Singleline));
            foreach (RegexMatch node in Regex.Matches(markup, @">([^<>]*)<"))
            {
                // Text up to the first Razor expression; code (parentheses, braces, lambdas) is not text.
                var text = node.Groups[1].Value.Split('@')[0];
                if (Regex.IsMatch(text, @"[(){};=\[\]]")) continue;
                foreach (RegexMatch word in Regex.Matches(text, "[A-Za-z]{2,}"))
                    if (word.Value is not ("CSV" or "UTC" or "nbsp"))
                        found.Add($"{Path.GetFileName(view)}: \"{text.Trim()}\"");
            }
            foreach (RegexMatch attribute in Regex.Matches(markup, @"\b(title|placeholder|alt|aria-label)=""([^""@]*[A-Za-z]{2,}[^""]*)"""))
                found.Add($"{Path.GetFileName(view)}: {attribute.Value}");
        }
        Assert.That(found.Distinct(), Is.Empty);
    }

    // Razor code blocks (@{ … }, @functions { … }) hold C#, not text.
    private static string WithoutCodeBlocks(string markup)
    {
        var start = Regex.Match(markup, @"@(functions\s*)?\{");
        while (start.Success)
        {
            var depth = 0;
            var end = start.Index + start.Length - 1;
            for (; end < markup.Length; end++)
                if (markup[end] == '{') depth++;
                else if (markup[end] == '}' && --depth == 0) break;
            markup = markup.Remove(start.Index, Math.Min(end + 1, markup.Length) - start.Index);
            start = Regex.Match(markup, @"@(functions\s*)?\{");
        }
        return markup;
    }

    private static HashSet<string> Placeholders(string text) =>
        Regex.Matches(text, @"\{([A-Za-z0-9_.]+)(?:\}|\s*,\s*plural)").Select(m => m.Groups[1].Value).ToHashSet();
}
