using Nop.Core.Domain.Localization;
using Nop.Core.Events;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.Events;

namespace Nop.Plugin.Misc.Retention.Events;

/// <summary>A language added to the store after the plugin was installed gets the plugin's words (see <see cref="RetentionLanguagePack.AddLanguageAsync"/>).</summary>
public class LanguageAddedConsumer : IConsumer<EntityInsertedEvent<Language>>
{
    private readonly RetentionLanguagePack _languagePack;

    public LanguageAddedConsumer(RetentionLanguagePack languagePack)
    {
        _languagePack = languagePack;
    }

    public async Task HandleEventAsync(EntityInsertedEvent<Language> eventMessage)
    {
        if (eventMessage?.Entity is { } language)
            await _languagePack.AddLanguageAsync(language);
    }
}
