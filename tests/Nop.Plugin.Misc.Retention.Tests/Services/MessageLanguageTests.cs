using Nop.Core.Domain.Customers;
using Retention.Testing.Builders;

namespace Nop.Plugin.Misc.Retention.Tests.Services;

/// <summary>nopCommerce localises a template by the language id it is sent with.</summary>
[TestFixture]
public class MessageLanguageTests
{
    [Test]
    public async Task Email_is_sent_in_the_customers_language()
    {
        var languages = new List<int>();
        var (outbox, _, _) = NopOutbox.Create(customers: new List<Customer> { new() { Id = 1, LanguageId = 3 } }, languages: languages);

        await outbox.TryEnqueueAsync(Build.Message("wf:lang", customer: 1));

        Assert.That(languages, Is.EqualTo(new[] { 3 }));
    }

    [Test]
    public async Task Customer_without_a_language_gets_the_templates_default_text()
    {
        var languages = new List<int>();
        var (outbox, _, _) = NopOutbox.Create(customers: new List<Customer> { new() { Id = 1 } }, languages: languages);

        await outbox.TryEnqueueAsync(Build.Message("wf:nolang", customer: 1));

        Assert.That(languages, Is.EqualTo(new[] { 0 }));
    }
}
