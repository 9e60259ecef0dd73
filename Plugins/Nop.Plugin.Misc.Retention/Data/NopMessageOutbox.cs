using Nop.Plugin.Misc.Retention.Services;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Services.Messages;
using Nop.Services.Stores;
using Retention.Core.Common;
using Retention.Core.Messaging;
using Retention.Core.Store;
using Retention.Core.Tables;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>
/// Records each message once in the plugin's outbox table, then queues it through nopCommerce's message
/// template (so the merchant's own template editor, email accounts and queued-email pipeline apply). nopCommerce's
/// SendNotificationAsync adds no tokens of its own, so the store's and the customer's (%Store.Name%,
/// %Customer.FirstName%, and the loyalty tokens hooked to the customer's) are added here; the message's markup tokens
/// are marked never to be HTML-encoded, as nopCommerce marks its own (%Order.Product(s)%).
/// </summary>
public class NopMessageOutbox : IMessageOutbox
{
    private readonly IRepository<RetentionOutboxMessage> _outbox;
    private readonly IRepository<Customer> _customers;
    private readonly IMessageTemplateService _templates;
    private readonly IEmailAccountService _emailAccounts;
    private readonly IWorkflowMessageService _workflowMessages;
    private readonly IQueuedEmailService _queuedEmails;
    private readonly EmailAccountSettings _emailAccountSettings;
    private readonly IQueryRunner _runner;
    private readonly IMessageTokenProvider _tokenProvider;
    private readonly IStoreService _stores;

    public NopMessageOutbox(IRepository<RetentionOutboxMessage> outbox, IRepository<Customer> customers, IMessageTemplateService templates, IEmailAccountService emailAccounts,
        IWorkflowMessageService workflowMessages, IQueuedEmailService queuedEmails, EmailAccountSettings emailAccountSettings, IQueryRunner runner,
        IMessageTokenProvider tokenProvider, IStoreService stores)
    {
        _tokenProvider = tokenProvider;
        _stores = stores;
        _runner = runner;
        _outbox = outbox;
        _customers = customers;
        _templates = templates;
        _emailAccounts = emailAccounts;
        _workflowMessages = workflowMessages;
        _queuedEmails = queuedEmails;
        _emailAccountSettings = emailAccountSettings;
    }

    public async Task<bool> TryEnqueueAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        var template = (await _templates.GetMessageTemplatesByNameAsync(message.TemplateName, message.Store.Value))
            .FirstOrDefault(t => t.IsActive);
        var key = message.Key.Value;
        var row = new RetentionOutboxMessage
        {
            IdempotencyKey = key,
            StoreId = message.Store.Value,
            CustomerId = message.Customer.Value,
            ToEmail = message.ToEmail,
            TemplateName = message.TemplateName,
            IsMarketing = message.IsMarketing,
            CreatedOnUtc = message.CreatedUtc,
            NotBeforeUtc = message.NotBeforeUtc,
            SkippedReason = template == null ? $"No active message template '{message.TemplateName}' for store {message.Store}." : null,
        };
        // The row is the once-only guard: only the caller that inserts it queues the email.
        if (!await KeyedInsert.TryInsertAsync(_outbox, _runner, row, table => table.Where(m => m.IdempotencyKey == key)))
            return false;
        if (template == null)
            return true;

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
        return true;
    }

    public Task<int> CountSentSinceAsync(StoreId store, CustomerId customer, DateTime sinceUtc, bool marketingOnly, CancellationToken cancellationToken = default) =>
        _runner.CountAsync(_outbox.Table
            .Where(m => m.StoreId == store.Value && m.CustomerId == customer.Value && m.CreatedOnUtc >= sinceUtc
                && m.SkippedReason == null && (!marketingOnly || m.IsMarketing)));

    /// <summary><see cref="CountSentSinceAsync"/>'s rows for many customers, one query per 1,000.</summary>
    public async Task<IReadOnlyDictionary<CustomerId, IReadOnlyList<DateTime>>> SentTimesSinceAsync(StoreId store, IReadOnlyCollection<CustomerId> customers,
        DateTime sinceUtc, bool marketingOnly, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var rows = await _runner.ByChunksAsync(customers.Select(c => c.Value), ids => _outbox.Table
            .Where(m => m.StoreId == store.Value && ids.Contains(m.CustomerId) && m.CreatedOnUtc >= sinceUtc
                && m.SkippedReason == null && (!marketingOnly || m.IsMarketing))
            .Select(m => new { m.CustomerId, m.CreatedOnUtc }), cancellationToken);
        return rows.GroupBy(r => r.CustomerId)
            .ToDictionary(g => new CustomerId(g.Key), g => (IReadOnlyList<DateTime>)g.Select(r => TableQueries.Utc(r.CreatedOnUtc)).Order().ToList());
    }
}
