using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Retention.Events;
using Nop.Services.Messages;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Ui;

/// <summary>Emails carry the same balance as checkout and the account page.</summary>
public class LoyaltyTokensTests
{
    [Test]
    public async Task Customer_tokens_gain_the_points_of_the_current_store_in_the_shoppers_currency()
    {
        var ui = new UiFixture();
        var ledger = new InMemoryPointsLedger();
        var settings = new InMemoryLoyaltySettingsStore();
        var program = UiLoyalty.Over(ledger, new InMemoryLedgerData(ledger), settings, new InMemoryTierStandingStore(), new InMemoryStoreData(),
            new InMemoryQueryRunner(), new InMemoryLoyaltyObserver(), ui.Clock.Object);
        // 1,250 spendable and 300 pending in the current store (2); 999 in another store must not show.
        await program.Events.AdjustAsync(new StoreId(2), new CustomerId(15), 1250, "Goodwill", "admin@shop.test", "r1");
        await ledger.TryAppendAsync(new LedgerEntry
        {
            Key = new IdempotencyKey("test:pending"), Store = new StoreId(2), Customer = new CustomerId(15), Points = 300,
            Reason = LedgerReason.Purchase, Source = LedgerSource.Order, SourceRef = "8", CreatedUtc = ui.Now, ActivatesUtc = ui.Now.AddDays(14),
        });
        await program.Events.AdjustAsync(new StoreId(1), new CustomerId(15), 999, "Other store", "admin@shop.test", "r2");
        var tokens = new List<Token>();

        await new LoyaltyTokensConsumer(program.Views, ui.RewardsFactory(program), ui.StoreContext.Object)
            .HandleEventAsync(new EntityTokensAddedEvent<Customer>(ui.Registered(15), tokens));

        var values = tokens.ToDictionary(t => t.Key, t => t.Value?.ToString());
        Assert.That(values["Retention.PointsBalance"], Is.EqualTo("1,250"));
        Assert.That(values["Retention.PointsPending"], Is.EqualTo("300"));
        // 1,250 points at the default 0.01 = 12.50 in the primary currency; the fixture's working currency is worth twice that.
        Assert.That(values["Retention.PointsValue"], Is.EqualTo("EUR 25.00"));
        Assert.That(values["Retention.Tier"], Is.Empty);
    }
}
