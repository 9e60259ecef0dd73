using Nop.Core.Domain.Messages;
using Nop.Core.Domain.Stores;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Plugin.Misc.Retention.Tests.Services;
using Nop.Services.Messages;
using Retention.Core.Common;
using Retention.Core.Messaging;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Tests.Workflows;

/// <summary>What a workflow email hands nopCommerce: its own tokens (markup ones never re-encoded) plus the store's and the customer's.</summary>
public class WorkflowOutboxTokensTests
{
    [Test]
    public async Task Markup_tokens_are_never_encoded_text_tokens_are_and_store_and_customer_tokens_are_added()
    {
        var provider = new Mock<IMessageTokenProvider>();
        provider.Setup(p => p.AddStoreTokensAsync(It.IsAny<IList<Token>>(), It.IsAny<Store>(), It.IsAny<EmailAccount>(), It.IsAny<int>()))
            .Callback((IList<Token> tokens, Store store, EmailAccount _, int _) => tokens.Add(new Token("Store.Name", "Store " + store.Id)))
            .Returns(Task.CompletedTask);
        provider.Setup(p => p.AddCustomerTokensAsync(It.IsAny<IList<Token>>(), It.IsAny<int>()))
            .Callback((IList<Token> tokens, int customer) => tokens.Add(new Token("Customer.Id", customer)))
            .Returns(Task.CompletedTask);
        var sent = new List<IList<Token>>();
        var (outbox, _, _) = NopOutbox.Create(tokenProvider: provider, sentTokens: sent);

        await outbox.TryEnqueueAsync(new OutboundMessage
        {
            Key = new IdempotencyKey("wf-step:1:2:7:cart:1:0"),
            Store = new StoreId(2),
            Customer = new CustomerId(7),
            ToEmail = "ann@example.com",
            TemplateName = "Retention.AbandonedCart.Step1",
            IsMarketing = true,
            CreatedUtc = new DateTime(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc),
            Tokens = new Dictionary<string, string>
            {
                [WorkflowTokens.CartItems] = "<table><tr><td>Tea &amp; cups</td></tr></table>",
                [WorkflowTokens.CartItemsText] = "- Tea & cups",
            },
        });

        var tokens = sent.Single().ToDictionary(t => t.Key);
        Assert.Multiple(() =>
        {
            Assert.That(tokens[WorkflowTokens.CartItems].NeverHtmlEncoded, Is.True);
            Assert.That(tokens[WorkflowTokens.CartItemsText].NeverHtmlEncoded, Is.False);
            Assert.That(tokens["Store.Name"].Value, Is.EqualTo("Store 2"));
            Assert.That(tokens["Customer.Id"].Value, Is.EqualTo(7));
        });
    }
}
