using System.Collections.Concurrent;
using System.Globalization;
using Nop.Core.Domain.Localization;
using Nop.Services.Customers;
using Nop.Services.Localization;
using Nop.Services.Stores;
using Retention.Core.Localization;
using Retention.Core.Loyalty;
using Retention.Core.Workflows.Content;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>
/// The language a workflow email's customer reads, chosen as nopCommerce chooses the language of a queued email: the
/// customer's own language when it is published for the store, else the store's default language, else the store's
/// first; and Core's email sentences from the plugin's locale resources in it (<see cref="RetentionLocales.CoreMessage"/>),
/// so a merchant's translation is what the customer reads. One reader per language per scope (a task run).
/// </summary>
public class NopEmailLanguage
{
    private readonly ICustomerService _customers;
    private readonly IStoreService _stores;
    private readonly ILanguageService _languages;
    private readonly ILocalizationService _localization;
    private readonly ConcurrentDictionary<int, EmailReader> _readers = new();

    public NopEmailLanguage(ICustomerService customers, IStoreService stores, ILanguageService languages, ILocalizationService localization)
    {
        _customers = customers;
        _stores = stores;
        _languages = languages;
        _localization = localization;
    }

    /// <summary>The reader of <paramref name="customerId"/> in <paramref name="storeId"/>; English when the store has no language at all.</summary>
    public async Task<EmailReader> ReaderAsync(int storeId, int customerId)
    {
        if (await LanguageAsync(storeId, customerId) is not { } language)
            return EmailReader.English;
        if (_readers.TryGetValue(language.Id, out var known))
            return known;
        return _readers[language.Id] = await ReadAsync(language);
    }

    /// <summary>The language <paramref name="customerId"/> reads in <paramref name="storeId"/>; null when the store has no language at all.</summary>
    public virtual async Task<Language> LanguageAsync(int storeId, int customerId)
    {
        var published = await _languages.GetAllLanguagesAsync(storeId: storeId);
        if (published is not { Count: > 0 })
            return null;
        var wanted = (await _customers.GetCustomerByIdAsync(customerId))?.LanguageId;
        var language = published.FirstOrDefault(l => l.Id == wanted);
        if (language != null)
            return language;
        var storeDefault = (await _stores.GetStoreByIdAsync(storeId))?.DefaultLanguageId;
        return published.FirstOrDefault(l => l.Id == storeDefault) ?? published[0];
    }

    private async Task<EmailReader> ReadAsync(Language language)
    {
        var templates = new Dictionary<string, string>(StringComparer.Ordinal);
        // The ledger's notes too: the wallet's history nopCommerce shows the customer is written in their language.
        foreach (var key in CoreMessages.EmailKeys.Concat(LedgerNotes.Keys))
            templates[key] = await _localization.GetResourceAsync(RetentionLocales.CoreMessage(key), language.Id, logIfNotFound: false, defaultValue: "",
                returnEmptyIfNotFound: true);
        return new EmailReader(CultureOf(language), templates);
    }

    // A language whose culture .NET does not know still reads the sentences; only dates and numbers fall back.
    private static CultureInfo CultureOf(Language language)
    {
        try
        {
            return CultureInfo.GetCultureInfo(language.LanguageCulture);
        }
        catch (CultureNotFoundException)
        {
            return EmailReader.English.Culture;
        }
    }
}
