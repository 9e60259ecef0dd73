using Nop.Core.Domain.Localization;
using Nop.Core.Domain.Messages;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>
/// The languages the plugin ships beyond English (Russian), put into the store for each of its languages of that culture:
/// the locale resources (<see cref="RetentionLocales.ForCulture"/>) and each message template's subject and body as
/// nopCommerce's localized values of the template (what the template editor's language tabs show and what
/// <c>SendNotificationAsync</c> sends to a customer of that language). Other languages come through nopCommerce's own
/// language XML export and import, like any other resource.
/// </summary>
public class RetentionLanguagePack
{
    #region Fields

    private readonly ILanguageService _languageService;
    private readonly ILocalizationService _localizationService;
    private readonly ILocalizedEntityService _localizedEntityService;
    private readonly IMessageTemplateService _messageTemplateService;

    #endregion

    #region Ctor

    public RetentionLanguagePack(ILanguageService languageService,
        ILocalizationService localizationService,
        ILocalizedEntityService localizedEntityService,
        IMessageTemplateService messageTemplateService)
    {
        _languageService = languageService;
        _localizationService = localizationService;
        _localizedEntityService = localizedEntityService;
        _messageTemplateService = messageTemplateService;
    }

    #endregion

    #region Methods

    /// <summary>
    /// Installs (or, on update, refreshes) the shipped translations for every language of the store, hidden ones included.
    /// Resources are overwritten, as English ones are; a template's localized subject or body the merchant already wrote
    /// (or an earlier version installed) is left alone.
    /// </summary>
    public async Task InstallAsync()
    {
        foreach (var language in await _languageService.GetAllLanguagesAsync(showHidden: true))
            await InstallTranslationsAsync(language);
    }

    /// <summary>
    /// A language the merchant adds after the install: nopCommerce put the plugin's resources only into the languages that
    /// existed then, and a missing resource shows its raw key, so the new language gets the English resources and, when
    /// its culture is one the plugin ships, that language's resources and template texts over them.
    /// </summary>
    public async Task AddLanguageAsync(Language language)
    {
        ArgumentNullException.ThrowIfNull(language);
        await _localizationService.AddOrUpdateLocaleResourceAsync(RetentionLocales.English(), language.Id);
        await InstallTranslationsAsync(language);
    }

    /// <summary>
    /// Before the plugin deletes one of its templates: nopCommerce deletes the template row only, so its localized subjects
    /// and bodies would stay behind in every language; saving an empty value is how nopCommerce removes a localized value.
    /// </summary>
    public async Task RemoveTranslationsAsync(MessageTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        foreach (var language in await _languageService.GetAllLanguagesAsync(showHidden: true))
        {
            await _localizedEntityService.SaveLocalizedValueAsync(template, t => t.Subject, string.Empty, language.Id);
            await _localizedEntityService.SaveLocalizedValueAsync(template, t => t.Body, string.Empty, language.Id);
        }
    }

    #endregion

    #region Utilities

    private async Task InstallTranslationsAsync(Language language)
    {
        var resources = RetentionLocales.ForCulture(language.LanguageCulture);
        if (resources == null)
            return;
        await _localizationService.AddOrUpdateLocaleResourceAsync(resources, language.Id);
        await SaveTemplatesAsync(language, RetentionLocales.IsRussian(language.LanguageCulture) ? "ru" : null);
    }

    private async Task SaveTemplatesAsync(Language language, string twoLetterCode)
    {
        if (twoLetterCode == null || !EmailTemplates.ByLanguage.TryGetValue(twoLetterCode, out var shipped))
            return;
        foreach (var email in shipped)
            foreach (var template in await _messageTemplateService.GetMessageTemplatesByNameAsync(email.Name))
            {
                if (string.IsNullOrEmpty(await _localizedEntityService.GetLocalizedValueAsync(language.Id, template.Id, nameof(MessageTemplate), nameof(MessageTemplate.Subject))))
                    await _localizedEntityService.SaveLocalizedValueAsync(template, t => t.Subject, email.Subject, language.Id);
                if (string.IsNullOrEmpty(await _localizedEntityService.GetLocalizedValueAsync(language.Id, template.Id, nameof(MessageTemplate), nameof(MessageTemplate.Body))))
                    await _localizedEntityService.SaveLocalizedValueAsync(template, t => t.Body, email.HtmlBody, language.Id);
            }
    }

    #endregion
}
