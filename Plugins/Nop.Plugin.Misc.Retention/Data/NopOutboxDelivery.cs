using Nop.Plugin.Misc.Retention.Services;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Data;
using Nop.Services.Messages;
using Nop.Services.Stores;
using Retention.Core.Common;
using Retention.Core.Messaging;
using Retention.Core.Store;
using Retention.Core.Tables;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>
/// What the plugin does with an email beyond its outbox row (Core's <see cref="OutboxStore"/> writes the row, once per key):
/// queues it through nopCommerce's message template, so the merchant's own template editor, email accounts and
/// queued-email pipeline apply. nopCommerce's SendNotificationAsync adds no tokens of its own, so the store's and the
/// customer's (%Store.Name%, %Customer.FirstName%, and the loyalty tokens hooked to the customer's) are added here; the
/// message's markup tokens are marked never to be HTML-encoded, as nopCommerce marks its own (%Order.Product(s)%).
/// </summary>
public class NopOutboxDelivery : IOutboxDelivery
{
    private readonly IRepository<Customer> _customers;
    private readonly IMessageTemplateService _templates;
    private readonly IEmailAccountService _emailAccounts;
    private readonly IWorkflowMessageService _workflowMessages;
    private readonly IQueuedEmailService _queuedEmails;
    private readonly EmailAccountSettings _emailAccountSettings;
    private readonly IQueryRunner _runner;
    private readonly IMessageTokenProvider _tokenProvider;
    private readonly IStoreService _stores;

    public NopOutboxDelivery(IRepository<Customer> customers, IMessageTemplateService templates, IEmailAccountService emailAccounts,
        IWorkflowMessageService workflowMessages, IQueuedEmailService queuedEmails, EmailAccountSettings emailAccountSettings, IQueryRunner runner,
        IMessageTokenProvider tokenProvider, IStoreService stores)
    {
        _tokenProvider = tokenProvider;
        _stores = stores;
        _runner = runner;
        _customers = customers;
        _templates = templates;
        _emailAccounts = emailAccounts;
        _workflowMessages = workflowMessages;
        _queuedEmails = queuedEmails;
        _emailAccountSettings = emailAccountSettings;
    }

    /// <summary>A message without an active template in its store is recorded as skipped: nothing would be queued.</summary>
    public async Task<string> SkipReasonAsync(OutboundMessage message, CancellationToken cancellationToken = default) =>
        await ActiveTemplateAsync(message) == null ? $"No active message template '{message.TemplateName}' for store {message.Store}." : null;

    public async Task DeliverAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        // nopCommerce caches the template look-up: this is the one SkipReasonAsync made.
        if (await ActiveTemplateAsync(message) is not { } template)
            return;
        var account = await _emailAccounts.GetEmailAccountByIdAsync(template.EmailAccountId)
            ?? await _emailAccounts.GetEmailAccountByIdAsync(_emailAccountSettings.DefaultEmailAccountId);
        var tokens = message.Tokens.Select(t => new Token(t.Key, t.Value, NopWorkflowContent.HtmlTokens.Contains(t.Key))).ToList();
        // The customer's own language, so a multilingual store sends the template's translation (0: the default text).
        var customerId = message.Customer.Value;
        var languageId = await _runner.FirstOrDefaultAsync(_customers.Table.Where(c => c.Id == customerId).Select(c => c.LanguageId)) ?? 0;
        if (await _stores.GetStoreByIdAsync(message.Store.Value) is { } store)
            await _tokenProvider.AddStoreTokensAsync(tokens, store, account, languageId);
        await _tokenProvider.AddCustomerTokensAsync(tokens, customerId);
        var queuedEmailId = await _workflowMessages.SendNotificationAsync(template, account, languageId, tokens, message.ToEmail, message.ToName);

        // Quiet hours: SendNotificationAsync has no "not before" argument, so hold the queued email back afterwards
        // (nopCommerce's queue sender skips an email until its DontSendBeforeDateUtc).
        if (message.NotBeforeUtc is { } notBefore && await _queuedEmails.GetQueuedEmailByIdAsync(queuedEmailId) is { } queued
            && (queued.DontSendBeforeDateUtc ?? DateTime.MinValue) < notBefore)
        {
            queued.DontSendBeforeDateUtc = notBefore;
            await _queuedEmails.UpdateQueuedEmailAsync(queued);
        }
    }

    private async Task<MessageTemplate> ActiveTemplateAsync(OutboundMessage message) =>
        (await _templates.GetMessageTemplatesByNameAsync(message.TemplateName, message.Store.Value)).FirstOrDefault(t => t.IsActive);
}
