using Retention.Core.Common;
using Retention.Core.Membership;
using Retention.Core.Tables;

namespace Retention.Testing.Contracts;

/// <summary>What every host's membership table must do under Core's <see cref="MembershipStore"/>.</summary>
public abstract class MembershipStoreContract : PortContract<MembershipStore>
{
    private static readonly StoreId Store1 = new(1);
    private static readonly StoreId Store2 = new(2);
    private static readonly CustomerId Ann = new(7);
    private static readonly DateTime T0 = new(2026, 11, 3, 9, 30, 0, DateTimeKind.Utc);

    [Test]
    public async Task A_period_is_recorded_once_and_comes_back_as_utc_with_its_cycle()
    {
        Assert.That(await Port.AddPeriodAsync(Store1, Ann, 10, T0, MembershipCycle.Yearly, renewal: false), Is.True);
        Assert.That(await Port.AddPeriodAsync(Store1, Ann, 10, T0.AddDays(1), MembershipCycle.Monthly, renewal: true), Is.False, "keyed by the order");

        var facts = await Port.FactsAsync(Store1, Ann);
        Assert.That(facts.Payments, Is.EqualTo(new[] { new MembershipPayment(10, T0, MembershipCycle.Yearly) }));
        Assert.That(facts.Payments[0].PaidUtc.Kind, Is.EqualTo(DateTimeKind.Utc));
        Assert.That(facts.LastOrderId, Is.EqualTo(10));
    }

    [Test]
    public async Task Failures_and_cancellations_are_keyed_and_kept_apart_per_store()
    {
        Assert.That(await Port.AddFailureAsync(Store1, Ann, T0), Is.True);
        Assert.That(await Port.AddFailureAsync(Store1, Ann, T0.AddHours(3)), Is.False, "one per due day");
        Assert.That(await Port.AddCancellationAsync(Store1, Ann, 10, T0), Is.True);
        Assert.That(await Port.AddCancellationAsync(Store1, Ann, 10, T0.AddDays(1)), Is.False);
        await Port.AddPeriodAsync(Store2, Ann, 11, T0, MembershipCycle.Monthly, renewal: false);

        var facts = await Port.FactsAsync(Store1, Ann);
        Assert.That((facts.Failures, facts.Cancellations, facts.Payments.Count), Is.EqualTo((new[] { T0 }, new[] { T0 }, 0)));
    }

    [Test]
    public async Task Taking_an_order_back_hides_its_period_and_savings_once()
    {
        await Port.AddPeriodAsync(Store1, Ann, 10, T0, MembershipCycle.Monthly, renewal: false);
        await Port.AddPeriodAsync(Store1, Ann, 11, T0.AddDays(20), MembershipCycle.Monthly, renewal: true);
        await Port.AddSavingAsync(Store1, Ann, 11, "perks", T0.AddDays(20), new MemberSaving(1.25m, 4.99m, 0, 0m));

        Assert.That(await Port.TakeBackOrderAsync(Store1, 11), Is.EqualTo(2));
        Assert.That(await Port.TakeBackOrderAsync(Store1, 11), Is.Zero, "a replay takes nothing twice");
        Assert.That((await Port.FactsAsync(Store1, Ann)).Payments.Select(p => p.OrderId), Is.EqualTo(new[] { 10 }));
        Assert.That(await Port.SavingsAsync(Store1, Ann, T0, T0.AddYears(1)), Is.EqualTo(MemberSaving.Zero));
    }

    [Test]
    public async Task Savings_sum_exact_cents_inside_the_window()
    {
        await Port.AddSavingAsync(Store1, Ann, 10, "perks", T0, new MemberSaving(0.10m, 0.20m, 0, 0m));
        await Port.AddSavingAsync(Store1, Ann, 10, "points", T0, new MemberSaving(0m, 0m, 33, 0.33m));
        Assert.That(await Port.AddSavingAsync(Store1, Ann, 10, "points", T0, new MemberSaving(0m, 0m, 99, 0.99m)), Is.False);
        await Port.AddSavingAsync(Store1, Ann, 12, "perks", T0.AddYears(1), new MemberSaving(9m, 9m, 0, 0m));

        Assert.That(await Port.SavingsAsync(Store1, Ann, T0.AddDays(-1), T0.AddDays(1)), Is.EqualTo(new MemberSaving(0.10m, 0.20m, 33, 0.33m)));
    }

    [Test]
    public async Task Standing_is_an_upsert_and_the_night_reads_members_in_id_order()
    {
        var paid = MembershipRules.Status([new MembershipPayment(10, T0, MembershipCycle.Monthly)], [], [], 7, T0.AddDays(1));
        var lapsed = MembershipRules.Status([new MembershipPayment(10, T0, MembershipCycle.Monthly)], [], [], 7, T0.AddYears(1));
        await Port.SaveStandingAsync(Store1, new CustomerId(9), paid, T0);
        await Port.SaveStandingAsync(Store1, Ann, lapsed, T0);
        await Port.SaveStandingAsync(Store1, Ann, paid, T0.AddDays(1));
        await Port.SaveStandingAsync(Store1, new CustomerId(3), lapsed, T0);

        Assert.That(await Port.WasMemberAsync(Store1, Ann), Is.True);
        Assert.That(await Port.WasMemberAsync(Store2, Ann), Is.False);
        Assert.That((await Port.CustomersAsync(Store1, 0, 10, membersOnly: true)).Select(c => c.Value), Is.EqualTo(new[] { 7, 9 }));
        Assert.That((await Port.CustomersAsync(Store1, 7, 10, membersOnly: false)).Select(c => c.Value), Is.EqualTo(new[] { 9 }));
    }

    [Test]
    public async Task Counts_are_made_in_the_database_for_the_window()
    {
        await Port.AddPeriodAsync(Store1, Ann, 10, T0, MembershipCycle.Monthly, renewal: false);
        await Port.AddPeriodAsync(Store1, Ann, 11, T0.AddDays(29), MembershipCycle.Monthly, renewal: true);
        await Port.AddPeriodAsync(Store1, new CustomerId(8), 12, T0.AddDays(2), MembershipCycle.Monthly, renewal: false);
        await Port.AddPeriodAsync(Store1, new CustomerId(8), 13, T0.AddDays(5), MembershipCycle.Monthly, renewal: true);
        await Port.TakeBackOrderAsync(Store1, 13);
        var ended = MembershipRules.Status([new MembershipPayment(12, T0.AddDays(2), MembershipCycle.Weekly())], [], [], 0, T0.AddDays(40));
        await Port.SaveStandingAsync(Store1, new CustomerId(8), ended, T0.AddDays(40));
        var member = MembershipRules.Status([new MembershipPayment(10, T0, MembershipCycle.Yearly)], [], [], 0, T0.AddDays(40));
        await Port.SaveStandingAsync(Store1, Ann, member, T0.AddDays(40));

        Assert.That(await Port.CountsAsync(Store1, T0, T0.AddDays(41)), Is.EqualTo(new MembershipCounts(1, 1, 1, 2)));
        Assert.That(await Port.CountsAsync(Store2, T0, T0.AddDays(41)), Is.EqualTo(new MembershipCounts(0, 0, 0, 0)));
    }

    [Test]
    public async Task Erasure_deletes_every_row_of_the_customer_in_every_store()
    {
        await Port.AddPeriodAsync(Store1, Ann, 10, T0, MembershipCycle.Monthly, renewal: false);
        await Port.AddSavingAsync(Store2, Ann, 11, "perks", T0, new MemberSaving(1m, 0m, 0, 0m));
        await Port.AddPeriodAsync(Store1, new CustomerId(8), 12, T0, MembershipCycle.Monthly, renewal: false);

        Assert.That((await Port.RowsOfAsync(Ann)).Select(r => r.IdempotencyKey), Is.EqualTo(new[] { "member:1:10", "member-saving:2:11:perks" }));
        Assert.That(await Port.EraseAsync(Ann), Is.EqualTo(2));
        Assert.That(await Port.RowsOfAsync(Ann), Is.Empty);
        Assert.That((await Port.FactsAsync(Store1, new CustomerId(8))).Payments, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task The_dashboards_member_group_savings_and_fee_orders_are_read_in_the_database()
    {
        await Port.AddPeriodAsync(Store1, Ann, 10, T0, MembershipCycle.Monthly, renewal: false);
        await Port.AddPeriodAsync(Store1, Ann, 11, T0.AddDays(29), MembershipCycle.Monthly, renewal: true);
        await Port.AddPeriodAsync(Store1, new CustomerId(8), 12, T0.AddDays(2), MembershipCycle.Monthly, renewal: false);
        await Port.AddPeriodAsync(Store1, new CustomerId(8), 13, T0.AddDays(5), MembershipCycle.Monthly, renewal: true);
        await Port.TakeBackOrderAsync(Store1, 13);
        var ended = MembershipRules.Status([new MembershipPayment(12, T0.AddDays(2), MembershipCycle.Weekly())], [], [], 0, T0.AddDays(40));
        await Port.SaveStandingAsync(Store1, new CustomerId(8), ended, T0.AddDays(40));
        var member = MembershipRules.Status([new MembershipPayment(10, T0, MembershipCycle.Yearly)], [], [], 0, T0.AddDays(40));
        await Port.SaveStandingAsync(Store1, Ann, member, T0.AddDays(40));
        await Port.AddSavingAsync(Store1, Ann, 20, "perks", T0.AddDays(3), new MemberSaving(1.25m, 4.99m, 10, 0.10m));
        await Port.AddSavingAsync(Store1, new CustomerId(8), 21, "perks", T0.AddDays(50), new MemberSaving(2m, 0m, 0, 0m));

        Assert.That(await Port.MembersSinceAsync(Store1, T0.AddDays(5)), Is.EqualTo(new[] { 7, 8 }), "8's perks ended on day 9, inside the window");
        Assert.That(await Port.MembersSinceAsync(Store1, T0.AddDays(20)), Is.EqualTo(new[] { 7 }));
        Assert.That(await Port.MembersSinceAsync(Store2, T0), Is.Empty);
        Assert.That(await Port.SavingsInStoreAsync(Store1, T0, T0.AddDays(41)), Is.EqualTo(new MemberSaving(1.25m, 4.99m, 10, 0.10m)));
        Assert.That(await Port.SavingsInStoreAsync(Store2, T0, T0.AddDays(41)), Is.EqualTo(MemberSaving.Zero));
        Assert.That(await Port.PeriodOrdersAsync(Store1, T0, T0.AddDays(41)), Is.EqualTo(new[] { 10, 11, 12 }), "the taken-back period's order is left out");
    }
}
