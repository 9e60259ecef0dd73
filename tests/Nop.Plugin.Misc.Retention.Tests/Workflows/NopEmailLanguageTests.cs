using Moq;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Localization;
using Nop.Core.Domain.Stores;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.Customers;
using Nop.Services.Localization;
using Nop.Services.Stores;
using Retention.Core.Localization;
using Retention.Core.Workflows.Content;

namespace Nop.Plugin.Misc.Retention.Tests.Workflows;

/// <summary>The language a workflow email is written in: the customer's, as nopCommerce picks the language of a queued email.</summary>
public class NopEmailLanguageTests
{
    private static readonly Language English = new() { Id = 1, Name = "English", LanguageCulture = "en-US", Published = true };
    private static readonly Language Russian = new() { Id = 2, Name = "Русский", LanguageCulture = "ru-RU", Published = true };

    private Mock<ILocalizationService> _localization = null!;

    private NopEmailLanguage Language(int? customerLanguage, int storeDefault, params Language[] published)
    {
        var customers = new Mock<ICustomerService>();
        customers.Setup(c => c.GetCustomerByIdAsync(7)).ReturnsAsync(new Customer { Id = 7, LanguageId = customerLanguage });
        var stores = new Mock<IStoreService>();
        stores.Setup(s => s.GetStoreByIdAsync(1)).ReturnsAsync(new Store { Id = 1, DefaultLanguageId = storeDefault });
        var languages = new Mock<ILanguageService>();
        languages.Setup(l => l.GetAllLanguagesAsync(false, 1)).ReturnsAsync(published.ToList());
        _localization = new Mock<ILocalizationService>();
        _localization.Setup(l => l.GetResourceAsync(It.IsAny<string>(), It.IsAny<int>(), false, "", true)).ReturnsAsync("");
        return new NopEmailLanguage(customers.Object, stores.Object, languages.Object, _localization.Object);
    }

    [Test]
    public async Task A_customer_reads_their_own_published_language_with_the_merchants_translation_of_a_sentence()
    {
        var language = Language(customerLanguage: 2, storeDefault: 1, English, Russian);
        _localization.Setup(l => l.GetResourceAsync(RetentionLocales.CoreMessage("email.expiry.spend"), 2, false, "", true)).ReturnsAsync("Успейте до этой даты!");

        var reader = await language.ReaderAsync(1, 7);

        Assert.That(reader.Culture.Name, Is.EqualTo("ru-RU"));
        Assert.That(reader.Say(CoreMessages.EmailExpirySpend()), Is.EqualTo("Успейте до этой даты!"), "the store's own resource text");
        Assert.That(reader.Say(CoreMessages.EmailTierPerks(2m)), Is.EqualTo("Теперь за каждый заказ вы получаете в 2 раза больше баллов."),
            "a sentence without a resource text is Core's in the language");
    }

    [Test]
    public async Task Without_a_published_language_of_their_own_the_customer_reads_the_stores_default_then_its_first()
    {
        Assert.That((await Language(customerLanguage: 3, storeDefault: 2, English, Russian).ReaderAsync(1, 7)).Culture.Name, Is.EqualTo("ru-RU"),
            "an unpublished or unknown language falls back to the store's default");
        Assert.That((await Language(customerLanguage: null, storeDefault: 9, English, Russian).ReaderAsync(1, 7)).Culture.Name, Is.EqualTo("en-US"));
        Assert.That(await Language(customerLanguage: 2, storeDefault: 1).ReaderAsync(1, 7), Is.SameAs(EmailReader.English), "a store without languages");
    }

    [Test]
    public async Task The_stamp_emails_free_product_is_named_in_the_customers_language_and_falls_back_to_its_name()
    {
        var products = new Mock<Nop.Services.Catalog.IProductService>();
        products.Setup(p => p.GetProductByIdAsync(11)).ReturnsAsync(new Nop.Core.Domain.Catalog.Product { Id = 11, Name = "Coffee" });
        var localized = new Mock<ILocalizedEntityService>();
        localized.Setup(l => l.GetLocalizedValueAsync(2, 11, "Product", "Name")).ReturnsAsync("Кофе");
        localized.Setup(l => l.GetLocalizedValueAsync(1, 11, "Product", "Name")).ReturnsAsync("");
        var store = new global::Retention.Core.Common.StoreId(1);
        var reader = new global::Retention.Core.Common.CustomerId(7);

        var russian = new Nop.Plugin.Misc.Retention.Data.NopStampCatalog(products.Object, Language(customerLanguage: 2, storeDefault: 1, English, Russian), localized.Object);
        var english = new Nop.Plugin.Misc.Retention.Data.NopStampCatalog(products.Object, Language(customerLanguage: 1, storeDefault: 1, English, Russian), localized.Object);

        Assert.That(await russian.NameAsync(store, 11, reader), Is.EqualTo("Кофе"), "the merchant's translation of the product's name");
        Assert.That(await english.NameAsync(store, 11, reader), Is.EqualTo("Coffee"), "no translation: the product's name");
        Assert.That(await russian.NameAsync(store, 12, reader), Is.Null, "no such product");
    }
}
