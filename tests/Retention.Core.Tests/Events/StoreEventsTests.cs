using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Core.Tests.Loyalty;
using Retention.Core.Tests.Workflows;
using Retention.Core.Workflows;
using Retention.Testing.InMemory;

namespace Retention.Core.Tests.Events;

/// <summary>
/// The one door store events enter Core by: loyalty first, a tier change straight to the tier-up step, then the
/// workflows; a replayed event writes nothing twice; an erased customer gets nothing written.
/// </summary>
public sealed class StoreEventsTests
{
    private static readonly StoreId Store = TriggersHarness.Store1;
    private static readonly CustomerId Ann = new(7);
    private static readonly DateTime T0 = TriggersHarness.T0;

    private static LoyaltySettings Bronze => L.Plain with { PointsPerCurrencyUnit = 1m, RegistrationBonus = 100, ReviewBonus = 20, Tiers = [new TierDefinition("Bronze", 50m, 1m)] };

    /// <summary>The door over a real loyalty program and a recording workflow side.</summary>
    private static (StoreEvents Door, ProgramHarness Loyalty, RecordingWorkflowTriggers Workflows) Recorded()
    {
        var loyalty = new ProgramHarness(Bronze, T0);
        var workflows = new RecordingWorkflowTriggers();
        return (new StoreEvents(loyalty.Events, loyalty.Nightly, workflows), loyalty, workflows);
    }

    /// <summary>The door over both real programs, as a host composes it, with the tier-up and welcome workflows on.</summary>
    private static async Task<(StoreEvents Door, ProgramHarness Loyalty, TriggersHarness Workflows)> RealAsync()
    {
        var loyalty = new ProgramHarness(Bronze, T0);
        var workflows = new TriggersHarness(loyalty);
        await workflows.Engine.EnableAsync(WorkflowKind.TierUp);
        await workflows.Engine.EnableAsync(WorkflowKind.Welcome);
        var triggers = new WorkflowTriggers(workflows.Workflows.Program, workflows.Engine.Settings, workflows.Stores, workflows.Clock);
        return (new StoreEvents(loyalty.Events, loyalty.Nightly, triggers), loyalty, workflows);
    }

    [Test]
    public async Task A_registration_awards_the_bonus_before_it_asks_for_the_welcome_series()
    {
        var (door, loyalty, workflows) = Recorded();
        long? balanceAtWelcome = null;
        workflows.OnCall = async (name, customer) =>
        {
            if (name == nameof(IWorkflowTriggers.CustomerRegisteredAsync))
                balanceAtWelcome = (await loyalty.BalanceAsync(customer)).Available;
        };

        await door.CustomerRegisteredAsync(Store, Ann, T0);

        Assert.That(workflows.Calls, Is.EqualTo(new[] { (nameof(IWorkflowTriggers.CustomerRegisteredAsync), 7) }));
        Assert.That(balanceAtWelcome, Is.EqualTo(100), "the welcome email's points token already shows the bonus");
    }

    [Test]
    public async Task An_order_paid_that_reaches_a_tier_tells_the_observer_then_the_tier_up_step_after_the_points()
    {
        var (door, loyalty, workflows) = Recorded();
        var observedBefore = -1;
        long? balanceAtTierUp = null;
        workflows.OnCall = async (name, customer) =>
        {
            observedBefore = loyalty.Observer.TierChanges.Count;
            balanceAtTierUp = (await loyalty.BalanceAsync(customer)).Available;
        };

        var outcome = await door.OrderPaidAsync(loyalty.PaidOrder(1, 80m), null);

        Assert.That(outcome!.TierChanged, Is.EqualTo(new TierChanged(Store, Ann, null, "Bronze", TierChange.Upgraded, T0)));
        Assert.That(workflows.Calls, Is.EqualTo(new[] { (nameof(IWorkflowTriggers.TierChangedAsync), 7) }), "the order paid starts no other workflow");
        Assert.That(workflows.TierChanges, Is.EqualTo(new[] { outcome.TierChanged }));
        Assert.That(observedBefore, Is.EqualTo(1), "the host's observer (roles, a record) heard the change first");
        Assert.That(balanceAtTierUp, Is.EqualTo(80), "the tier email's points token already shows the order's points");
    }

    [Test]
    public async Task The_nightly_run_hands_each_tier_change_to_the_tier_up_step_as_an_order_does()
    {
        var (door, loyalty, workflows) = Recorded();
        // Bronze held with nothing bought for over a year: a downgrade, the grace long over.
        await loyalty.Standings.SaveAsync(Store, Ann, new TierStanding("Bronze", T0.AddDays(-400)));

        var report = await door.LoyaltyNightAsync(Store, DateOnly.FromDateTime(T0));

        Assert.That(report!.TierChanges, Is.EqualTo(1));
        Assert.That(workflows.TierChanges.Select(c => (c.FromTier, c.ToTier, c.Change)), Is.EqualTo(new[] { ("Bronze", (string?)null, TierChange.Downgraded) }));
        Assert.That(loyalty.Observer.TierChanges, Is.EqualTo(workflows.TierChanges));
    }

    [Test]
    public async Task A_tier_reached_by_an_order_makes_exactly_one_tier_email_through_the_workflow_even_when_the_event_comes_twice()
    {
        var (door, loyalty, workflows) = await RealAsync();
        var order = loyalty.PaidOrder(1, 80m);

        await door.OrderPaidAsync(order, null);
        await door.OrderPaidAsync(order, null);
        await workflows.Engine.RunUntilAsync(T0.AddDays(1));

        var tierUps = workflows.Stores.AllEnrollments.Where(e => e.Workflow == WorkflowKind.TierUp).ToList();
        Assert.That(tierUps.Select(e => (e.Customer, e.Subject)), Is.EqualTo(new[] { (Ann, TierNotice.Subject("Bronze", T0)) }));
        Assert.That(workflows.Engine.MessagesTo(7).Select(m => m.TemplateName), Is.EqualTo(new[] { WorkflowCatalog.TemplateName(WorkflowKind.TierUp, 0) }),
            "one email, and it is the tier-up workflow's");
        Assert.That((await loyalty.EntriesAsync()).Count(e => e.Reason == LedgerReason.Purchase), Is.EqualTo(1));
    }

    [Test]
    public async Task A_card_level_reached_by_an_order_makes_one_card_email_and_a_refund_below_it_lowers_the_card_without_one()
    {
        var loyalty = new ProgramHarness(Bronze with
        {
            Card = new Retention.Core.Loyalty.Cards.CardSettings
            {
                Enabled = true, Levels = [new(50m, 3m), new(100m, 5m)], DecayDays = 30,
            },
        }, T0);
        var workflows = new TriggersHarness(loyalty);
        await workflows.Engine.EnableAsync(WorkflowKind.CardLevelUp);
        var triggers = new WorkflowTriggers(workflows.Workflows.Program, workflows.Engine.Settings, workflows.Stores, workflows.Clock);
        var standings = new Retention.Core.Tables.CardStandingStore(new InMemoryTables().Table<Retention.Core.Tables.CardStandingRow>(), new InMemoryQueryRunner(),
            loyalty.Clock);
        var cards = new Retention.Core.Loyalty.Cards.CardProgram(loyalty.Settings, standings, loyalty.Store, new InMemoryQueryRunner(), null, loyalty.Clock);
        var door = new StoreEvents(loyalty.Events, loyalty.Nightly, triggers, cards);
        var order = loyalty.PaidOrder(1, 120m);

        await door.OrderPaidAsync(order, null);
        await door.OrderPaidAsync(order, null);
        loyalty.Store.OrderList.Single(o => o.Id == 1).RefundedAmount = 40m;
        loyalty.Store.OrderList.Single(o => o.Id == 1).PaymentStatusId = (int)PaymentState.PartiallyRefunded;
        await door.OrderRefundedAsync(new OrderRefund(Store, Ann, 1, 120m, 40m));
        await workflows.Engine.RunUntilAsync(T0.AddDays(1));

        Assert.That(workflows.Stores.AllEnrollments.Where(e => e.Workflow == WorkflowKind.CardLevelUp).Select(e => e.Subject),
            Is.EqualTo(new[] { Retention.Core.Loyalty.Cards.CardNotice.Subject(5m, T0) }), "one email for the level reached, none for the drop");
        Assert.That(workflows.Engine.MessagesTo(7).Select(m => m.TemplateName), Does.Contain(WorkflowCatalog.TemplateName(WorkflowKind.CardLevelUp, 0)));
        Assert.That(await cards.CheckoutPercentAsync(Store, Ann), Is.EqualTo(3m), "the refund took the spend to 80, the first level");
    }

    [Test]
    public async Task Every_event_replayed_writes_nothing_the_first_delivery_did_not()
    {
        var (door, loyalty, workflows) = await RealAsync();
        var order = loyalty.PaidOrder(1, 80m);
        var placed = new PlacedOrder(workflows.Order(1, 7, T0, 80m), [], []);

        async Task DeliverAllAsync()
        {
            await door.CustomerRegisteredAsync(Store, Ann, T0);
            await door.OrderPlacedAsync(placed);
            await door.PointsSpentAsync(Store, Ann, 2, 10);
            await door.OrderPaidAsync(order, null);
            await door.OrderRefundedAsync(new OrderRefund(Store, Ann, 1, 80m, 40m));
            await door.OrderDeliveredAsync(Store, Ann, 1, T0);
            await door.ReviewApprovedAsync(Store, Ann, 3);
            await door.NewsletterSubscribedAsync(Store, Ann, T0);
        }

        await DeliverAllAsync();
        var entries = loyalty.Ledger.AllEntries.Select(e => e.Key).ToList();
        var enrollments = workflows.Stores.AllEnrollments.Select(e => (e.Workflow, e.Subject)).ToList();
        var tierChanges = loyalty.Observer.TierChanges.Count;
        await DeliverAllAsync();

        Assert.That(entries, Has.Count.EqualTo(5), "bonus, spend, purchase, reversal, review bonus");
        Assert.That(enrollments, Does.Contain((WorkflowKind.TierUp, TierNotice.Subject("Bronze", T0))).And.Contain((WorkflowKind.Welcome, TriggerRules.WelcomeSubject)));
        Assert.That(loyalty.Ledger.AllEntries.Select(e => e.Key), Is.EqualTo(entries));
        Assert.That(workflows.Stores.AllEnrollments.Select(e => (e.Workflow, e.Subject)), Is.EqualTo(enrollments));
        Assert.That(loyalty.Observer.TierChanges, Has.Count.EqualTo(tierChanges));
    }

    [Test]
    public async Task Reaching_the_base_tier_sends_no_tier_up_email_and_the_next_tier_does()
    {
        var ladder = Bronze with { Tiers = [new TierDefinition("Bronze", 0m, 1m), new TierDefinition("Silver", 150m, 1.25m)] };
        var loyalty = new ProgramHarness(ladder, T0);
        var workflows = new TriggersHarness(loyalty);
        await workflows.Engine.EnableAsync(WorkflowKind.TierUp);
        var door = new StoreEvents(loyalty.Events, loyalty.Nightly,
            new WorkflowTriggers(workflows.Workflows.Program, workflows.Engine.Settings, workflows.Stores, workflows.Clock));

        await door.OrderPaidAsync(loyalty.PaidOrder(1, 80m), null);
        var afterBronze = workflows.Stores.AllEnrollments.Count;
        await door.OrderPaidAsync(loyalty.PaidOrder(2, 100m), null);

        Assert.That(loyalty.Observer.TierChanges.Select(c => (c.ToTier, c.ToBaseTier)), Is.EqualTo(new[] { ((string?)"Bronze", true), ("Silver", false) }),
            "The tier is still held and mirrored; only the email is left out.");
        Assert.That(afterBronze, Is.Zero);
        Assert.That(workflows.Stores.AllEnrollments.Select(e => (e.Workflow, e.Subject)), Is.EqualTo(new[] { (WorkflowKind.TierUp, TierNotice.Subject("Silver", T0)) }));
    }

    [Test]
    public async Task An_erased_customer_gets_nothing_written_by_any_event()
    {
        var (door, loyalty, workflows) = await RealAsync();
        var order = loyalty.PaidOrder(1, 80m);
        var placed = new PlacedOrder(workflows.Order(1, 7, T0, 80m), [], []);
        foreach (var store in new[] { loyalty.Store, workflows.Store })
            store.CustomerList.Add(new CustomerFact { Id = 7, Email = "", Deleted = true, Active = false, RegisteredInStoreId = 1 });
        workflows.Contacts.Set(Store, Ann, new ContactFacts(null, null, Active: false, Deleted: true, false, false, TimeZoneInfo.Utc));

        await door.CustomerRegisteredAsync(Store, Ann, T0);
        await door.OrderPlacedAsync(placed);
        await door.PointsSpentAsync(Store, Ann, 1, 10);
        await door.OrderPaidAsync(order, null);
        await door.OrderRefundedAsync(new OrderRefund(Store, Ann, 1, 80m, 80m, Cancelled: true));
        await door.OrderDeliveredAsync(Store, Ann, 1, T0);
        await door.ReviewApprovedAsync(Store, Ann, 3);
        await door.NewsletterSubscribedAsync(Store, Ann, T0);
        await door.NewsletterUnsubscribedAsync(Store, Ann);
        await door.CustomerDeletedAsync(Ann);
        await door.LoyaltyNightAsync(Store, DateOnly.FromDateTime(T0));

        Assert.That(loyalty.Ledger.AllEntries, Is.Empty);
        Assert.That(await loyalty.Standings.GetAsync(Store, Ann), Is.EqualTo(new TierStanding(null)));
        Assert.That(workflows.Stores.AllEnrollments, Is.Empty);
        Assert.That(workflows.Engine.Outbox.Messages, Is.Empty);
    }

    [Test]
    public async Task A_newsletter_unsubscribe_closes_marketing_enrollments_only_and_a_deleted_customer_every_one_in_every_store()
    {
        var (door, _, workflows) = await RealAsync();
        var marketing = await workflows.EnrolledAsync(WorkflowKind.AbandonedCart, subject: "cart:1");
        var service = await workflows.EnrolledAsync(WorkflowKind.TierUp, subject: "tier:Bronze:20260302");

        await door.NewsletterUnsubscribedAsync(Store, Ann);
        Assert.That(workflows.Stores.AllEnrollments.Where(e => e.State == EnrollmentState.Active).Select(e => e.Id), Is.EqualTo(new[] { service.Id }));
        Assert.That(workflows.Stores.AllEnrollments.Single(e => e.Id == marketing.Id).ExitReason, Is.EqualTo(WorkflowProgram.UnsubscribedExitReason));

        await door.CustomerDeletedAsync(Ann);
        Assert.That(workflows.Stores.AllEnrollments.Where(e => e.State == EnrollmentState.Active), Is.Empty);
        Assert.That(workflows.Stores.AllEnrollments.Single(e => e.Id == service.Id).ExitReason, Is.EqualTo(WorkflowTriggers.CustomerDeletedExitReason));
    }

    [Test]
    public async Task Without_a_loyalty_program_the_door_runs_the_workflow_half_of_every_event()
    {
        var workflows = new RecordingWorkflowTriggers();
        var door = new StoreEvents(null, null, workflows);

        await door.CustomerRegisteredAsync(Store, Ann, T0);
        Assert.That(await door.OrderPaidAsync(L.Order(80m), null), Is.Null);
        Assert.That(await door.OrderRefundedAsync(new OrderRefund(Store, Ann, 1, 80m, 80m)), Is.Null);
        await door.PointsSpentAsync(Store, Ann, 1, 10);
        await door.ReviewApprovedAsync(Store, Ann, 3);
        Assert.That(await door.LoyaltyNightAsync(Store, DateOnly.FromDateTime(T0)), Is.Null);

        Assert.That(workflows.Calls, Is.EqualTo(new[] { (nameof(IWorkflowTriggers.CustomerRegisteredAsync), 7) }));
    }
}
