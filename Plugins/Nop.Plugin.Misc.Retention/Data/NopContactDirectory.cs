using Nop.Plugin.Misc.Retention.Services;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Services.Configuration;
using Nop.Services.Customers;
using Nop.Services.Helpers;
using Nop.Services.Messages;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>
/// A customer's contact facts as nopCommerce keeps them. Marketing consent is an active newsletter subscription of the
/// customer's email in that store: nopCommerce's GDPR consents (GdprSettings / IGdprService) are free-form checkboxes
/// with no "marketing" kind to look for, and a store that asks for newsletter consent under GDPR records the answer in
/// that same subscription. Unsubscribed is the plugin's own one-click opt-out row, kept by Core's <see cref="UnsubscribeStore"/>. A due batch reads the same facts with
/// three queries per 1,000 customers (<see cref="GetManyAsync"/>).
/// </summary>
public class NopContactDirectory : IContactDirectory
{
    private readonly ICustomerService _customers;
    private readonly INewsLetterSubscriptionService _subscriptions;
    private readonly ISettingService _settings;
    private readonly UnsubscribeStore _unsubscribes;
    private readonly IQueryRunner _runner;
    private readonly IRepository<Customer> _customerRows;
    private readonly IRepository<NewsLetterSubscription> _subscriptionRows;

    public NopContactDirectory(ICustomerService customers, INewsLetterSubscriptionService subscriptions, ISettingService settings,
        UnsubscribeStore unsubscribes, IQueryRunner runner, IRepository<Customer> customerRows,
        IRepository<NewsLetterSubscription> subscriptionRows)
    {
        _customerRows = customerRows;
        _subscriptionRows = subscriptionRows;
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
        var email = EmailOf(row);
        var consent = email != null && (await _subscriptions.GetNewsLetterSubscriptionsByEmailAsync(email, store.Value, isActive: true)).Any(s => s.Active);
        var unsubscribed = await _unsubscribes.IsUnsubscribedAsync(store, customer, cancellationToken);
        var settings = await _settings.LoadSettingAsync<DateTimeSettings>(store.Value);
        return Facts(row, consent, unsubscribed, ZoneOf(settings, row.TimeZoneId));
    }

    /// <summary>
    /// The facts <see cref="GetAsync"/> builds, per 1,000 customers: their rows (deleted ones too, as the customer service
    /// answers), those with an active subscription of their trimmed email in the store (joined in the database, so the
    /// email comparison follows the database's collation as the service's query does), and the opt-out rows. (The service
    /// also answers nothing for an address it deems invalid; nopCommerce validates an address before subscribing it.)
    /// </summary>
    public async Task<IReadOnlyDictionary<CustomerId, ContactFacts>> GetManyAsync(StoreId store, IReadOnlyCollection<CustomerId> customers,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var found = new Dictionary<CustomerId, ContactFacts>();
        var ids = customers.Select(c => c.Value).Distinct().ToList();
        var rows = await _runner.ByChunksAsync(ids, chunk => _customerRows.Table.Where(c => chunk.Contains(c.Id)), cancellationToken);
        if (rows.Count == 0)
            return found;

        var storeId = store.Value;
        var consenting = (await _runner.ByChunksAsync(rows.Where(r => EmailOf(r) != null).Select(r => r.Id), chunk =>
            from c in _customerRows.Table.Where(c => chunk.Contains(c.Id))
            join s in _subscriptionRows.Table on c.Email.Trim() equals s.Email
            where s.Active && (storeId <= 0 || s.StoreId == storeId)
            select c.Id, cancellationToken)).ToHashSet();
        var unsubscribed = await _unsubscribes.UnsubscribedAmongAsync(store, rows.Select(r => new CustomerId(r.Id)).ToList(), cancellationToken);
        var settings = await _settings.LoadSettingAsync<DateTimeSettings>(storeId);

        foreach (var row in rows)
            found[new CustomerId(row.Id)] = Facts(row, consenting.Contains(row.Id), unsubscribed.Contains(new CustomerId(row.Id)), ZoneOf(settings, row.TimeZoneId));
        return found;
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
        // Unsubscribed already (a replayed link): the first time stands.
        await _unsubscribes.TryAddAsync(store, customer, nowUtc, cancellationToken);
    }

    private static string EmailOf(Customer row) => string.IsNullOrWhiteSpace(row.Email) ? null : row.Email.Trim();

    private static ContactFacts Facts(Customer row, bool consent, bool unsubscribed, TimeZoneInfo zone)
    {
        var email = EmailOf(row);
        var name = string.Join(' ', new[] { row.FirstName, row.LastName }.Where(part => !string.IsNullOrWhiteSpace(part)).Select(part => part.Trim()));
        return new ContactFacts(email, name.Length == 0 ? null : name, row.Active, row.Deleted, consent && email != null, unsubscribed, zone);
    }

    /// <summary>
    /// The customer's zone where the store lets customers pick one, else the store's default zone, else the server's — the
    /// rule of nopCommerce's IDateTimeHelper, applied to the given store (the helper answers for the current request's store,
    /// and a scheduled run serves every store).
    /// </summary>
    private static TimeZoneInfo ZoneOf(DateTimeSettings settings, string customerZoneId)
    {
        if (settings?.AllowCustomersToSetTimeZone == true && Find(customerZoneId) is { } own)
            return own;
        return Find(settings?.DefaultStoreTimeZoneId) ?? TimeZoneInfo.Local;
    }

    private static TimeZoneInfo Find(string id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
}
