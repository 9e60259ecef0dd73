using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Services.Messages;
using Retention.Core.Common;
using Retention.Core.Messaging;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>
/// Records each message once in the plugin's outbox table, then queues it through nopCommerce's message
/// template (so the merchant's own template editor, email accounts and queued-email pipeline apply).
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

    public NopMessageOutbox(IRepository<RetentionOutboxMessage> outbox, IRepository<Customer> customers, IMessageTemplateService templates, IEmailAccountService emailAccounts,
        IWorkflowMessageService workflowMessages, IQueuedEmailService queuedEmails, EmailAccountSettings emailAccountSettings, IQueryRunner runner)
    {
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
        var tokens = message.Tokens.Select(t => new Token(t.Key, t.Value)).ToList();
        // The customer's own language, so a multilingual store sends the template's translation (0: the default text).
        var customerId = message.Customer.Value;
        var languageId = await _runner.FirstOrDefaultAsync(_customers.Table.Where(c => c.Id == customerId).Select(c => c.LanguageId)) ?? 0;
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
}
