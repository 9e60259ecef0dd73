using Retention.Core.Loyalty;
using static Retention.Core.Tests.Loyalty.L;

namespace Retention.Core.Tests.Loyalty;

public class LotsTests
{
    private static readonly LoyaltySettings LotExpiry = Plain with { Expiry = ExpiryMode.LotAfterActivation, ExpiryMonths = 12 };
    private static readonly LoyaltySettings Inactivity = Plain with { Expiry = ExpiryMode.WholeBalanceAfterInactivity, ExpiryMonths = 6 };

    [Test]
    public void Spending_takes_the_oldest_lot_first()
    {
        var entries = new[]
        {
            Credit("a", 100, T0, T0.AddMonths(12)),
            Credit("b", 100, T0.AddDays(1), T0.AddDays(1).AddMonths(12)),
            Spend("s", 130, T0.AddDays(2)),
        };

        var state = Lots.Replay(entries, T0.AddDays(3));

        Assert.That(state.Lots.Select(l => l.Remaining), Is.EqualTo(new[] { 0, 70 }));
        Assert.That(state.Draws["s"], Is.EqualTo(new[] { new LotDraw("a", 100), new LotDraw("b", 30) }));
        Assert.That(state.Available, Is.EqualTo(70));
    }

    [Test]
    public void Pending_lots_cannot_be_spent_and_are_counted_apart()
    {
        var entries = new[] { Credit("a", 50, T0), Credit("b", 80, T0, activates: T0.AddDays(14)), Spend("s", 30, T0.AddDays(1)) };

        var state = Lots.Replay(entries, T0.AddDays(1));

        Assert.That(state.Available, Is.EqualTo(20));
        Assert.That(state.Pending, Is.EqualTo(80));
        Assert.That(state.Draws["s"], Is.EqualTo(new[] { new LotDraw("a", 30) }));
    }

    [Test]
    public void Lot_expires_what_is_left_of_it_at_its_expiry_instant()
    {
        var entries = new List<LedgerEntry>
        {
            Credit("a", 100, T0, T0.AddMonths(12)),
            Credit("b", 40, T0.AddMonths(3), T0.AddMonths(15)),
            Spend("s", 60, T0.AddMonths(1)),
        };

        var due = Lots.DueExpiries(entries, LotExpiry, T0.AddMonths(13));

        Assert.That(due, Has.Count.EqualTo(1));
        Assert.That(due[0].Points, Is.EqualTo(-40));
        Assert.That(due[0].Reason, Is.EqualTo(LedgerReason.Expiry));
        Assert.That(due[0].Source, Is.EqualTo(LedgerSource.System));
        Assert.That(due[0].SourceRef, Is.EqualTo("a"));
        Assert.That(due[0].CreatedUtc, Is.EqualTo(T0.AddMonths(12)));
        Assert.That(due[0].Key.Value, Is.EqualTo("expire:1:7:a"));
    }

    [Test]
    public void Nothing_is_due_before_the_expiry_instant()
    {
        var entries = new[] { Credit("a", 100, T0, T0.AddMonths(12)) };

        Assert.That(Lots.DueExpiries(entries, LotExpiry, T0.AddMonths(12).AddTicks(-1)), Is.Empty);
        Assert.That(Lots.DueExpiries(entries, LotExpiry, T0.AddMonths(12)), Has.Count.EqualTo(1));
    }

    [Test]
    public void Fully_spent_lot_expires_nothing()
    {
        var entries = new[] { Credit("a", 100, T0, T0.AddMonths(12)), Spend("s", 100, T0.AddDays(1)) };

        Assert.That(Lots.DueExpiries(entries, LotExpiry, T0.AddMonths(20)), Is.Empty);
    }

    [Test]
    public void Expired_lot_cannot_be_spent_later_the_next_lot_pays()
    {
        var entries = new[]
        {
            Credit("a", 100, T0, T0.AddMonths(12)),
            Credit("b", 100, T0.AddMonths(6), T0.AddMonths(18)),
            Spend("s", 50, T0.AddMonths(13)),
        };

        var state = Lots.Replay(entries, T0.AddMonths(13));

        Assert.That(state.Draws["s"], Is.EqualTo(new[] { new LotDraw("b", 50) }));
        var due = Lots.DueExpiries(entries, LotExpiry, T0.AddMonths(13));
        Assert.That(due.Single().Points, Is.EqualTo(-100));
    }

    [Test]
    public void Task_running_late_or_twice_writes_the_same_expiries_once()
    {
        var entries = new List<LedgerEntry>
        {
            Credit("a", 100, T0, T0.AddMonths(12)),
            Credit("b", 30, T0.AddMonths(1), T0.AddMonths(13)),
            Spend("s", 20, T0.AddMonths(2)),
        };

        var onTime = Lots.DueExpiries(entries, LotExpiry, T0.AddMonths(13));
        var late = Lots.DueExpiries(entries, LotExpiry, T0.AddMonths(30));
        Assert.That(late, Is.EqualTo(onTime));
        Assert.That(onTime.Select(e => e.Points), Is.EqualTo(new[] { -80, -30 }));

        entries.AddRange(onTime);
        Assert.That(Lots.DueExpiries(entries, LotExpiry, T0.AddMonths(30)), Is.Empty);
        Assert.That(Lots.Replay(entries, T0.AddMonths(30)).Available, Is.EqualTo(0));
        Assert.That(entries.Sum(e => e.Points), Is.EqualTo(0));
    }

    [Test]
    public void Partially_spent_lot_expires_only_its_rest_and_the_balance_stays_the_sum_of_entries()
    {
        var entries = new List<LedgerEntry> { Credit("a", 100, T0, T0.AddMonths(12)), Spend("s", 35, T0.AddDays(10)) };

        entries.AddRange(Lots.DueExpiries(entries, LotExpiry, T0.AddMonths(12)));
        entries.Add(Credit("c", 10, T0.AddMonths(12).AddDays(1), T0.AddMonths(24)));

        var state = Lots.Replay(entries, T0.AddMonths(12).AddDays(1));
        Assert.That(entries[2].Points, Is.EqualTo(-65));
        Assert.That(state.Available, Is.EqualTo(10));
        Assert.That(state.Available, Is.EqualTo(entries.Sum(e => e.Points)));
    }

    [Test]
    public void Whole_balance_expires_after_the_months_without_activity()
    {
        var entries = new List<LedgerEntry> { Credit("a", 100, T0), Credit("b", 50, T0.AddMonths(2)), Spend("s", 30, T0.AddMonths(3)) };

        Assert.That(Lots.DueExpiries(entries, Inactivity, T0.AddMonths(9).AddTicks(-1)), Is.Empty);
        var due = Lots.DueExpiries(entries, Inactivity, T0.AddMonths(9));

        Assert.That(due.Single().Points, Is.EqualTo(-120));
        Assert.That(due.Single().CreatedUtc, Is.EqualTo(T0.AddMonths(9)));
        entries.AddRange(due);
        Assert.That(Lots.DueExpiries(entries, Inactivity, T0.AddMonths(40)), Is.Empty);
        Assert.That(Lots.Replay(entries, T0.AddMonths(40)).Available, Is.EqualTo(0));
    }

    [Test]
    public void New_activity_restarts_the_inactivity_clock()
    {
        var entries = new[] { Credit("a", 100, T0), Credit("b", 5, T0.AddMonths(5)) };

        Assert.That(Lots.DueExpiries(entries, Inactivity, T0.AddMonths(10)), Is.Empty);
        Assert.That(Lots.DueExpiries(entries, Inactivity, T0.AddMonths(11)).Single().Points, Is.EqualTo(-105));
    }

    [Test]
    public void Never_mode_expires_nothing()
    {
        var entries = new[] { Credit("a", 100, T0, T0.AddMonths(1)) };

        Assert.That(Lots.DueExpiries(entries, Plain, T0.AddYears(10)), Is.Empty);
    }

    [Test]
    public void Expiring_soon_counts_lots_lapsing_within_the_reminder_window()
    {
        var entries = new[]
        {
            Credit("a", 100, T0, T0.AddMonths(12)),
            Credit("b", 40, T0.AddDays(10), T0.AddMonths(12).AddDays(10)),
            Credit("c", 70, T0.AddMonths(2), T0.AddMonths(14)),
            Spend("s", 30, T0.AddMonths(3)),
        };

        var soon = Lots.ExpiringWithin(entries, LotExpiry, T0.AddMonths(12).AddDays(-14), 14);

        Assert.That(soon.Points, Is.EqualTo(70));
        Assert.That(soon.FirstExpiryUtc, Is.EqualTo(T0.AddMonths(12)));
        Assert.That(Lots.ExpiringWithin(entries, LotExpiry, T0.AddMonths(12).AddDays(-14), 30).Points, Is.EqualTo(110));
        Assert.That(Lots.ExpiringWithin(entries, LotExpiry, T0.AddMonths(6), 14).Points, Is.EqualTo(0));
        Assert.That(Lots.ExpiringWithin(entries, LotExpiry, T0.AddMonths(6), 14).FirstExpiryUtc, Is.Null);
    }

    [Test]
    public void Expiring_soon_under_inactivity_is_the_whole_balance_before_the_deadline()
    {
        var entries = new[] { Credit("a", 100, T0), Spend("s", 10, T0.AddMonths(1)) };

        var soon = Lots.ExpiringWithin(entries, Inactivity, T0.AddMonths(7).AddDays(-7), 7);

        Assert.That(soon.Points, Is.EqualTo(90));
        Assert.That(soon.FirstExpiryUtc, Is.EqualTo(T0.AddMonths(7)));
    }

    [Test]
    public void Expiry_is_fixed_on_the_lot_so_a_later_settings_change_does_not_move_it()
    {
        var entries = new[] { Credit("a", 100, T0, T0.AddMonths(12)) };

        var due = Lots.DueExpiries(entries, LotExpiry with { ExpiryMonths = 36 }, T0.AddMonths(12));

        Assert.That(due.Single().CreatedUtc, Is.EqualTo(T0.AddMonths(12)));
    }

    [Test]
    public void Debt_from_a_reversal_is_paid_by_the_next_lot_once_it_activates()
    {
        var entries = new[]
        {
            Credit("a", 10, T0),
            new LedgerEntry
            {
                Key = new("rev"), Store = Store1, Customer = Customer, Points = -30, Reason = LedgerReason.PurchaseReversal,
                Source = LedgerSource.Order, SourceRef = "9", CreatedUtc = T0.AddDays(1), ActivatesUtc = T0.AddDays(1),
            },
            Credit("b", 50, T0.AddDays(2), activates: T0.AddDays(16)),
        };

        var before = Lots.Replay(entries, T0.AddDays(3));
        var after = Lots.Replay(entries, T0.AddDays(16));

        Assert.That((before.Available, before.Pending, before.Debt), Is.EqualTo((-20, 50, 20)));
        Assert.That((after.Available, after.Pending, after.Debt), Is.EqualTo((30, 0, 0)));
    }
}
