using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Services.Configuration;
using Nop.Services.Customers;
using Nop.Services.Helpers;
using Nop.Services.Messages;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>
/// A customer's contact facts as nopCommerce keeps them. Marketing consent is an active newsletter subscription of the
/// customer's email in that store: nopCommerce's GDPR consents (GdprSettings / IGdprService) are free-form checkboxes
/// with no "marketing" kind to look for, and a store that asks for newsletter consent under GDPR records the answer in
/// that same subscription. Unsubscribed is the plugin's own one-click opt-out row.
/// </summary>
public class NopContactDirectory : IContactDirectory
{
    private readonly ICustomerService _customers;
    private readonly INewsLetterSubscriptionService _subscriptions;
    private readonly ISettingService _settings;
    private readonly IRepository<RetentionUnsubscribe> _unsubscribes;
    private readonly IQueryRunner _runner;

    public NopContactDirectory(ICustomerService customers, INewsLetterSubscriptionService subscriptions, ISettingService settings,
        IRepository<RetentionUnsubscribe> unsubscribes, IQueryRunner runner)
    {
        _customers = customers;
        _subscriptions = subscriptions;
        _settings = settings;
        _unsubscribes = unsubscribes;
        _runner = runner;
    }

    public async Task<ContactFacts> GetAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var row = await _customers.GetCustomerByIdAsync(customer.Value);
        if (row == null)
            return null;
        var email = string.IsNullOrWhiteSpace(row.Email) ? null : row.Email.Trim();
        var consent = email != null && (await _subscriptions.GetNewsLetterSubscriptionsByEmailAsync(email, store.Value, isActive: true)).Any(s => s.Active);
        var key = RetentionUnsubscribe.KeyOf(store.Value, customer.Value);
        var unsubscribed = await _runner.FirstOrDefaultAsync(_unsubscribes.Table.Where(u => u.StoreCustomerKey == key)) != null;
        var name = string.Join(' ', new[] { row.FirstName, row.LastName }.Where(part => !string.IsNullOrWhiteSpace(part)).Select(part => part.Trim()));
        return new ContactFacts(email, name.Length == 0 ? null : name, row.Active, row.Deleted, consent, unsubscribed,
            await TimeZoneAsync(store.Value, row.TimeZoneId));
    }

    public async Task UnsubscribeAsync(StoreId store, CustomerId customer, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        var row = await _customers.GetCustomerByIdAsync(customer.Value);
        if (!string.IsNullOrWhiteSpace(row?.Email))
        {
            // nopCommerce's own unsubscribe: its lists, exports and EmailUnsubscribedEvent consumers see it too.
            foreach (var subscription in await _subscriptions.GetNewsLetterSubscriptionsByEmailAsync(row.Email.Trim(), store.Value, isActive: true))
            {
                subscription.Active = false;
                await _subscriptions.UpdateNewsLetterSubscriptionAsync(subscription);
            }
        }
        var key = RetentionUnsubscribe.KeyOf(store.Value, customer.Value);
        await KeyedInsert.TryInsertAsync(_unsubscribes, _runner,
            new RetentionUnsubscribe { StoreCustomerKey = key, StoreId = store.Value, CustomerId = customer.Value, CreatedOnUtc = nowUtc },
            table => table.Where(u => u.StoreCustomerKey == key));
    }

    /// <summary>
    /// The customer's zone where the store lets customers pick one, else the store's default zone, else the server's — the
    /// rule of nopCommerce's IDateTimeHelper, applied to the given store (the helper answers for the current request's store,
    /// and a scheduled run serves every store).
    /// </summary>
    private async Task<TimeZoneInfo> TimeZoneAsync(int storeId, string customerZoneId)
    {
        var settings = await _settings.LoadSettingAsync<DateTimeSettings>(storeId);
        if (settings?.AllowCustomersToSetTimeZone == true && Find(customerZoneId) is { } own)
            return own;
        return Find(settings?.DefaultStoreTimeZoneId) ?? TimeZoneInfo.Local;
    }

    private static TimeZoneInfo Find(string id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
}
