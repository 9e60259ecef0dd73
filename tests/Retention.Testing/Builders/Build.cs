using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Messaging;
using Retention.Core.Store;

namespace Retention.Testing.Builders;

/// <summary>Short builders so a test states only what matters to it.</summary>
public static class Build
{
    public static readonly DateTime Epoch = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static LedgerEntry Entry(string key, int points, int store = 1, int customer = 1, DateTime? activates = null,
        DateTime? created = null, LedgerReason reason = LedgerReason.Purchase, LedgerSource source = LedgerSource.Order) => new()
    {
        Key = new IdempotencyKey(key),
        Store = new StoreId(store),
        Customer = new CustomerId(customer),
        Points = points,
        Reason = reason,
        Source = source,
        CreatedUtc = created ?? Epoch,
        ActivatesUtc = activates ?? created ?? Epoch,
    };

    public static OutboundMessage Message(string key, int store = 1, int customer = 1, bool marketing = true, DateTime? created = null) => new()
    {
        Key = new IdempotencyKey(key),
        Store = new StoreId(store),
        Customer = new CustomerId(customer),
        ToEmail = $"customer{customer}@example.com",
        TemplateName = "Retention.Test",
        Tokens = new Dictionary<string, string> { ["Retention.Greeting"] = "Hello" },
        IsMarketing = marketing,
        CreatedUtc = created ?? Epoch,
    };

    public static OrderFact Order(int id, int customer, DateTime created, decimal total, OrderState status = OrderState.Complete, int store = 1) => new()
    {
        Id = id,
        OrderGuid = new Guid(id, 0, 0, new byte[8]),
        StoreId = store,
        CustomerId = customer,
        CreatedOnUtc = created,
        PaidDateUtc = status == OrderState.Cancelled ? null : created,
        OrderStatusId = (int)status,
        PaymentStatusId = status == OrderState.Cancelled ? (int)PaymentState.Voided : (int)PaymentState.Paid,
        OrderSubtotalExclTax = total,
        OrderTotal = total,
    };

    public static CustomerFact Customer(int id, DateTime? created = null, string? email = null) => new()
    {
        Id = id,
        CustomerGuid = new Guid(id, 1, 1, new byte[8]),
        Email = email ?? $"customer{id}@example.com",
        FirstName = "Customer",
        LastName = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Active = true,
        RegisteredInStoreId = 1,
        CreatedOnUtc = created ?? Epoch,
        LastActivityDateUtc = created ?? Epoch,
    };
}
