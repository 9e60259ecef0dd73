using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Core.Tests.Loyalty;
using Retention.Core.Tests.Workflows;
using Retention.Core.Workflows;

namespace Retention.Core.Tests.Privacy;

/// <summary>
/// After a GDPR erasure the host has forgotten every row about the customer; events that arrive later (a refund, a
/// queued order event, a click on an old email's link) must not write new rows for that id. An erased customer is one
/// the store keeps as deleted with the address blanked; a soft-deleted one keeps the address and is not erased.
/// </summary>
public sealed class ErasedCustomerTests
{
    private const int Erased = 7;
    private static readonly CustomerId ErasedId = new(Erased);
    private ProgramHarness _loyalty = null!;
    private TriggersHarness _h = null!;

    [SetUp]
    public void SetUp()
    {
        _loyalty = new ProgramHarness(L.Plain with { SurveyBonus = 50, RegistrationBonus = 100, ReviewBonus = 20 }, TriggersHarness.T0);
        _h = new TriggersHarness(_loyalty);
    }

    /// <summary>What nopCommerce leaves of a customer after PermanentDeleteCustomerAsync, in both programs' store data.</summary>
    private void Erase(int id = Erased)
    {
        foreach (var store in new[] { _loyalty.Store, _h.Store })
        {
            store.CustomerList.RemoveAll(c => c.Id == id);
            store.CustomerList.Add(new CustomerFact { Id = id, Email = "", Deleted = true, Active = false, RegisteredInStoreId = 1 });
        }
        _h.Contacts.Set(TriggersHarness.Store1, new CustomerId(id), new ContactFacts(null, null, Active: false, Deleted: true, false, false, TimeZoneInfo.Utc));
    }

    [TestCase(true, "", true)]
    [TestCase(true, null, true)]
    [TestCase(true, "ann@example.com-DELETED", false)]
    [TestCase(false, "", false)]
    [TestCase(false, "ann@example.com", false)]
    public void Only_a_deleted_customer_without_an_address_counts_as_erased(bool deleted, string? email, bool erased) =>
        Assert.That(Erasure.IsErased(deleted, email), Is.EqualTo(erased));

    [Test]
    public async Task Loyalty_events_for_an_erased_customer_write_nothing()
    {
        Erase();
        var order = _loyalty.PaidOrder(1, 100m, customer: Erased);

        var paid = await _loyalty.Events.OrderPaidAsync(order, null);
        var redeemed = await _loyalty.Events.RedemptionAsync(TriggersHarness.Store1, ErasedId, 1, 50);
        var refund = await _loyalty.Events.OrderRefundedAsync(new OrderRefund(TriggersHarness.Store1, ErasedId, 1, 100m, 100m));
        var registered = await _loyalty.Events.RegisteredAsync(TriggersHarness.Store1, ErasedId);
        var review = await _loyalty.Events.ReviewApprovedAsync(TriggersHarness.Store1, ErasedId, 3);
        var survey = await _loyalty.Events.SurveyAnsweredAsync(TriggersHarness.Store1, ErasedId, "nps:1");
        var wallet = await _loyalty.Events.WalletEntryAsync(TriggersHarness.Store1, ErasedId, 10, 9, _loyalty.Clock.UtcNow, null, null);
        var adjusted = await _loyalty.Events.AdjustAsync(TriggersHarness.Store1, ErasedId, 10, "goodwill", "admin", "r1");

        Assert.That((paid.Earned, paid.Tier, redeemed, refund.Entries.Count, registered, review, survey, wallet),
            Is.EqualTo(((LedgerEntry?)null, (TierDecision?)null, (LedgerEntry?)null, 0, (LedgerEntry?)null, (LedgerEntry?)null, (LedgerEntry?)null, (LedgerEntry?)null)));
        Assert.That((adjusted.Entry, adjusted.Validation.Errors.Single().Field), Is.EqualTo(((LedgerEntry?)null, "Points")));
        Assert.That(_loyalty.Ledger.AllEntries, Is.Empty);
        Assert.That((await _loyalty.Standings.GetAsync(TriggersHarness.Store1, ErasedId)).Tier, Is.Null);
    }

    [Test]
    public async Task A_soft_deleted_customer_keeps_earning_and_losing_points_as_before()
    {
        _loyalty.Store.CustomerList.Add(new CustomerFact { Id = Erased, Email = "ann@example.com-DELETED", Deleted = true, RegisteredInStoreId = 1 });

        var paid = await _loyalty.Events.OrderPaidAsync(_loyalty.PaidOrder(1, 100m, customer: Erased), null);

        Assert.That(paid.Earned, Is.Not.Null);
    }

    [Test]
    public async Task Links_of_an_erased_customer_are_refused_as_expired_and_write_nothing()
    {
        var cart = await _h.EnrolledAsync(customer: Erased);
        var nps = await _h.EnrolledAsync(WorkflowKind.NpsSurvey, customer: Erased, subject: "nps");
        var before = (_h.Stores.AllEvents.Count, _h.Contacts.Unsubscribes.Count);
        Erase();

        var unsubscribe = await _h.Workflows.Links.UnsubscribeAsync(_h.Token(cart, LinkPurpose.Unsubscribe));
        var score = LinkPayload.SurveyValue(SurveyKind.Nps, 9);
        var answer = await _h.Workflows.Links.AnswerSurveyAsync(_h.Token(nps, LinkPurpose.SurveyAnswer, value: score));
        var comment = await _h.Workflows.Links.CommentSurveyAsync(_h.Token(nps, LinkPurpose.SurveyAnswer, value: score), "Lovely shop");
        var restore = await _h.Workflows.Links.RestoreCartAsync(_h.Token(cart, LinkPurpose.CartRestore));
        var click = await _h.Workflows.Links.ClickAsync(_h.Token(cart, LinkPurpose.Click), "/");
        await _h.Workflows.Links.OpenAsync(_h.Token(cart, LinkPurpose.Open));

        Assert.That(new[] { unsubscribe.Check.Status, answer.Check.Status, comment.Status, restore.Check.Status, click.Check.Status },
            Is.All.EqualTo(LinkStatus.Expired));
        Assert.That((restore.Store, restore.Customer), Is.EqualTo(((StoreId?)null, (CustomerId?)null)));
        Assert.That((_h.Stores.AllEvents.Count, _h.Contacts.Unsubscribes.Count), Is.EqualTo(before));
        Assert.That(_h.Stores.AllAnswers, Is.Empty);
        Assert.That(_loyalty.Ledger.AllEntries, Is.Empty, "no survey bonus");
    }

    [Test]
    public async Task Store_events_for_an_erased_customer_enroll_nobody_while_a_live_customer_is_enrolled()
    {
        foreach (var kind in new[] { WorkflowKind.NpsSurvey, WorkflowKind.CrossSell, WorkflowKind.ReviewRequest, WorkflowKind.CsatSurvey,
                     WorkflowKind.Welcome, WorkflowKind.WinBack })
            await _h.Engine.EnableAsync(kind);
        const int live = 8;
        Erase();

        foreach (var customer in new[] { Erased, live })
        {
            var id = new CustomerId(customer);
            var order = _h.Order(40 + customer, customer, TriggersHarness.T0, 80m);
            _h.Store.OrderList.Add(order);
            await _h.Workflows.Program.OrderPlacedAsync(new PlacedOrder(order, [], []));
            await _h.Workflows.Program.OrderDeliveredAsync(TriggersHarness.Store1, id, order.Id, TriggersHarness.T0);
            await _h.Workflows.Program.CustomerRegisteredAsync(TriggersHarness.Store1, id, TriggersHarness.T0);
            await _h.Workflows.Enrollment.EnrollAsync(new EnrollmentRequest(WorkflowKind.WinBack, TriggersHarness.Store1, id, "winback", TriggersHarness.T0));
        }

        Assert.That(_h.Stores.AllEnrollments.Where(e => e.Customer == ErasedId), Is.Empty);
        Assert.That(_h.Stores.AllEvents.Where(e => e.Customer == ErasedId), Is.Empty);
        Assert.That(_h.Stores.AllEnrollments.Count(e => e.Customer.Value == live), Is.GreaterThanOrEqualTo(3), "the same events enroll a live customer");
    }
}
