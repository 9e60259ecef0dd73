using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Testing.Builders;

namespace Retention.Testing.Contracts;

/// <summary>What every <see cref="IPointsLedger"/> must do.</summary>
public abstract class PointsLedgerContract : PortContract<IPointsLedger>
{
    private static readonly StoreId Store1 = new(1);
    private static readonly CustomerId Customer1 = new(1);

    [Test]
    public async Task Appended_entry_is_returned_with_every_field()
    {
        var entry = Build.Entry("earn:1:10", 120) with
        {
            SourceRef = "10",
            ExpiresUtc = Build.Epoch.AddMonths(12),
            Actor = "admin@example.com",
            Note = "Order #10",
            Reason = LedgerReason.Purchase,
            Source = LedgerSource.Order,
        };

        Assert.That(await Port.TryAppendAsync(entry), Is.True);

        var stored = await Port.GetEntriesAsync(Store1, Customer1);
        Assert.That(stored, Has.Count.EqualTo(1));
        Assert.That(stored[0], Is.EqualTo(entry));
    }

    [Test]
    public async Task Entry_with_a_key_already_used_is_refused_and_changes_nothing()
    {
        await Port.TryAppendAsync(Build.Entry("earn:1:10", 120));

        var second = await Port.TryAppendAsync(Build.Entry("earn:1:10", 999));

        Assert.That(second, Is.False);
        Assert.That((await Port.GetBalanceAsync(Store1, Customer1, Build.Epoch)).Available, Is.EqualTo(120));
        Assert.That(await Port.GetEntriesAsync(Store1, Customer1), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Keys_that_differ_only_by_case_are_one_key()
    {
        // A store's database compares strings without regard to case: every implementation must agree with it.
        await Port.TryAppendAsync(Build.Entry("admin:1:1:Request-A", 120));

        var second = await Port.TryAppendAsync(Build.Entry("admin:1:1:request-a", 999));

        Assert.That(second, Is.False);
        Assert.That((await Port.GetBalanceAsync(Store1, Customer1, Build.Epoch)).Available, Is.EqualTo(120));
    }

    [Test]
    public async Task Racing_appends_with_one_key_store_exactly_one_entry()
    {
        var attempts = Enumerable.Range(0, 8).Select(_ => Task.Run(() => Port.TryAppendAsync(Build.Entry("earn:1:race", 50))));

        var results = await Task.WhenAll(attempts);

        Assert.That(results.Count(r => r), Is.EqualTo(1));
        Assert.That((await Port.GetBalanceAsync(Store1, Customer1, Build.Epoch)).Available, Is.EqualTo(50));
    }

    [Test]
    public async Task Points_stay_pending_until_their_activation_instant()
    {
        var activates = Build.Epoch.AddDays(14);
        await Port.TryAppendAsync(Build.Entry("earn:1:1", 100, activates: activates));
        await Port.TryAppendAsync(Build.Entry("bonus:1:reg", 25));

        var before = await Port.GetBalanceAsync(Store1, Customer1, activates.AddTicks(-1));
        var at = await Port.GetBalanceAsync(Store1, Customer1, activates);

        Assert.That(before, Is.EqualTo(new PointsBalance(25, 100)));
        Assert.That(at, Is.EqualTo(new PointsBalance(125, 0)));
    }

    [Test]
    public async Task Debits_reduce_the_balance()
    {
        await Port.TryAppendAsync(Build.Entry("earn:1:1", 300));
        await Port.TryAppendAsync(Build.Entry("redeem:1:2", -120, reason: LedgerReason.Redemption));

        Assert.That((await Port.GetBalanceAsync(Store1, Customer1, Build.Epoch)).Available, Is.EqualTo(180));
    }

    [Test]
    public async Task Balances_are_kept_apart_per_store_and_customer()
    {
        await Port.TryAppendAsync(Build.Entry("a", 10, store: 1, customer: 1));
        await Port.TryAppendAsync(Build.Entry("b", 20, store: 2, customer: 1));
        await Port.TryAppendAsync(Build.Entry("c", 40, store: 1, customer: 2));

        Assert.That((await Port.GetBalanceAsync(new StoreId(1), new CustomerId(1), Build.Epoch)).Available, Is.EqualTo(10));
        Assert.That((await Port.GetBalanceAsync(new StoreId(2), new CustomerId(1), Build.Epoch)).Available, Is.EqualTo(20));
        Assert.That((await Port.GetBalanceAsync(new StoreId(1), new CustomerId(2), Build.Epoch)).Available, Is.EqualTo(40));
        Assert.That(await Port.GetEntriesAsync(new StoreId(2), new CustomerId(2)), Is.Empty);
    }

    [Test]
    public async Task Entries_come_back_oldest_first()
    {
        await Port.TryAppendAsync(Build.Entry("late", 1, created: Build.Epoch.AddDays(2)));
        await Port.TryAppendAsync(Build.Entry("early", 2, created: Build.Epoch));
        await Port.TryAppendAsync(Build.Entry("middle", 3, created: Build.Epoch.AddDays(1)));

        var keys = (await Port.GetEntriesAsync(Store1, Customer1)).Select(e => e.Key.Value);

        Assert.That(keys, Is.EqualTo(new[] { "early", "middle", "late" }));
    }
    [Test]
    public async Task Entries_of_many_customers_are_each_ones_entries_in_the_same_order_and_an_empty_list_for_one_without()
    {
        await Port.TryAppendAsync(Build.Entry("late", 1, created: Build.Epoch.AddDays(2)));
        await Port.TryAppendAsync(Build.Entry("early", 2, created: Build.Epoch));
        await Port.TryAppendAsync(Build.Entry("other-customer", 3, customer: 2, created: Build.Epoch.AddDays(1)));
        await Port.TryAppendAsync(Build.Entry("other-store", 4, store: 2, customer: 3));

        var many = await Port.GetEntriesManyAsync(Store1, [Customer1, new CustomerId(2), new CustomerId(3), Customer1]);

        Assert.That(many.Keys, Is.EquivalentTo(new[] { Customer1, new CustomerId(2), new CustomerId(3) }));
        foreach (var customer in many.Keys)
            Assert.That(many[customer], Is.EqualTo(await Port.GetEntriesAsync(Store1, customer)), $"customer {customer}: what GetEntriesAsync reads");
        Assert.That(many[Customer1].Select(e => e.Key.Value), Is.EqualTo(new[] { "early", "late" }));
        Assert.That(many[new CustomerId(3)], Is.Empty, "the other store's entry is not this store's");
    }

    // ------------------------------------------------------------------ the balance reads agree with the entries

    private static readonly LoyaltySettings[] ExpiryRules =
    [
        new() { Expiry = ExpiryMode.Never },
        new() { Expiry = ExpiryMode.LotAfterActivation, ExpiryMonths = 12 },
        new() { Expiry = ExpiryMode.WholeBalanceAfterInactivity, ExpiryMonths = 2 },
    ];

    /// <summary>Every balance read, at each instant, against the same figures computed from the entries the port returns.</summary>
    private async Task AssertReadsAgreeAsync(CustomerId customer, IEnumerable<DateTime> instants, string after)
    {
        var entries = await Port.GetEntriesAsync(Store1, customer);
        foreach (var at in instants)
        {
            var sums = new PointsBalance(entries.Where(e => e.ActivatesUtc <= at).Sum(e => (long)e.Points), entries.Where(e => e.ActivatesUtc > at).Sum(e => (long)e.Points));
            Assert.That(await Port.GetBalanceAsync(Store1, customer, at), Is.EqualTo(sums), $"balance at {at:O} after {after}");
            foreach (var rule in ExpiryRules)
                Assert.That(await Port.GetSpendableAsync(Store1, customer, rule, at), Is.EqualTo(Lots.Spendable(entries, rule, at)),
                    $"spendable under {rule.Expiry} at {at:O} after {after}");
        }
    }

    [Test]
    public async Task Balance_reads_agree_with_the_entries_as_points_activate_lapse_and_are_spent()
    {
        var t0 = Build.Epoch;
        var instants = Enumerable.Range(-1, 30).Select(d => t0.AddDays(d * 20)).ToList();
        // A bonus spendable at once, a purchase pending for 14 days, each lot lapsing 12 months after it activates.
        await Port.TryAppendAsync(Build.Entry("bonus", 200, created: t0, reason: LedgerReason.RegistrationBonus) with { ExpiresUtc = t0.AddMonths(12) });
        await AssertReadsAgreeAsync(Customer1, instants, "a bonus");
        await Port.TryAppendAsync(Build.Entry("earn:1", 120, created: t0.AddDays(1), activates: t0.AddDays(15)) with { ExpiresUtc = t0.AddDays(15).AddMonths(12) });
        await AssertReadsAgreeAsync(Customer1, instants, "a pending purchase");
        await Port.TryAppendAsync(Build.Entry("earn:2", 80, created: t0.AddDays(2), activates: t0.AddDays(16)) with { ExpiresUtc = t0.AddDays(16).AddMonths(12) });
        // Half the second purchase refunded while pending, then points spent after the first activated.
        await Port.TryAppendAsync(Build.Entry("reverse:2", -40, created: t0.AddDays(3), activates: t0.AddDays(16), reason: LedgerReason.PurchaseReversal));
        await AssertReadsAgreeAsync(Customer1, instants, "a reversal of pending points");
        await Port.TryAppendAsync(Build.Entry("redeem:9", -150, created: t0.AddDays(20), reason: LedgerReason.Redemption));
        await AssertReadsAgreeAsync(Customer1, instants, "a redemption");
        // The sweep's expiry of the bonus lot, dated when it lapsed (older than the newest entry).
        var entries = await Port.GetEntriesAsync(Store1, Customer1);
        foreach (var expiry in Lots.DueExpiries(entries, ExpiryRules[1], t0.AddMonths(13)))
            await Port.TryAppendAsync(expiry);
        await AssertReadsAgreeAsync(Customer1, instants, "the sweep's expiries");
        // An entry dated before the newest (a wallet movement taken in late).
        await Port.TryAppendAsync(Build.Entry("wallet:5", 30, created: t0.AddDays(10), reason: LedgerReason.AdminAdjustment));
        await AssertReadsAgreeAsync(Customer1, instants, "an entry dated in the past");
    }

    [Test]
    public async Task Racing_appends_for_one_customer_are_all_in_the_balance()
    {
        var t0 = Build.Epoch;
        await Port.TryAppendAsync(Build.Entry("first", 10, created: t0));
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(() => Port.TryAppendAsync(i % 2 == 0
            ? Build.Entry($"earn:{i}", 100 + i, created: t0.AddMinutes(i + 1), activates: t0.AddDays(14))
            : Build.Entry($"bonus:{i}", 10 + i, created: t0.AddMinutes(i + 1), reason: LedgerReason.ReviewBonus))));

        Assert.That(await Task.WhenAll(attempts), Is.All.True);

        await AssertReadsAgreeAsync(Customer1, [t0.AddHours(1), t0.AddDays(13), t0.AddDays(14), t0.AddDays(30)], "racing appends");
        Assert.That((await Port.GetBalanceAsync(Store1, Customer1, t0.AddHours(1))).Pending, Is.EqualTo(100 + 102 + 104 + 106));
    }
}
