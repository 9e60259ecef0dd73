using System.Globalization;
using Retention.Core.Common;
using Retention.Core.Localization;
using Retention.Core.Loyalty;
using Retention.Core.Tests.Loyalty;
using static Retention.Core.Tests.Loyalty.L;

namespace Retention.Core.Tests.Localization;

/// <summary>The points history's notes are stored as keys and read in each reader's language; people's words stay as written.</summary>
public class LedgerNotesTests
{
    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");
    private static readonly FixedClock Clock = new(T0);

    [Test]
    public void A_review_bonus_reads_as_thanks_in_English_and_in_Russian()
    {
        var entry = Bonuses.Review(Store1, Customer, 7, approved: true, Plain with { ReviewBonus = 50 }, Clock)!;

        Assert.That(LedgerNotes.Text(entry.Note, CultureInfo.InvariantCulture), Is.EqualTo("Thank you for your review"));
        Assert.That(LedgerNotes.Text(entry.Note, Ru), Is.EqualTo("Спасибо за отзыв"));
    }

    [Test]
    public void An_order_note_keeps_the_order_number_in_every_language()
    {
        var note = LedgerNotes.Order("1042");

        Assert.That(LedgerNotes.Text(note, CultureInfo.InvariantCulture), Is.EqualTo("Order #1042"));
        Assert.That(LedgerNotes.Text(note, Ru), Is.EqualTo("Заказ №1042"));
    }

    [TestCase(1, "1 балл")]
    [TestCase(2, "2 балла")]
    [TestCase(5, "5 баллов")]
    [TestCase(21, "21 балл")]
    [TestCase(1500, "1\u00a0500 баллов")]
    public void A_capped_refund_counts_the_points_due_with_the_plural_form_of_the_reader(int due, string expected)
    {
        var note = LedgerNotes.OrderRefundedCapped("9", due);

        Assert.That(LedgerNotes.Text(note, Ru), Does.Contain("к списанию " + expected + ","));
    }

    [Test]
    public void Values_with_separators_and_non_ASCII_letters_come_back_as_written()
    {
        var note = LedgerNotes.Cashback("Q4|=50% «зима»");

        Assert.That(LedgerNotes.Text(note, Ru), Is.EqualTo("Кэшбэк за Q4|=50% «зима»"));
    }

    [Test]
    public void A_hosts_translation_wins_and_an_empty_one_falls_back_to_Cores_table()
    {
        var note = LedgerNotes.Expired();

        Assert.That(LedgerNotes.Text(note, CultureInfo.GetCultureInfo("de-DE"), _ => "Punkte verfallen"), Is.EqualTo("Punkte verfallen"));
        Assert.That(LedgerNotes.Text(note, Ru, _ => ""), Is.EqualTo("Баллы сгорели"));
    }

    [TestCase("Order #12")]
    [TestCase("Goodwill from support")]
    [TestCase("@someone asked for it")]
    [TestCase("@ledger.nothingLikeThis")]
    [TestCase("")]
    [TestCase(null)]
    public void Old_free_text_and_an_admins_words_are_shown_as_written(string? note)
    {
        Assert.That(LedgerNotes.Parse(note), Is.Null);
        Assert.That(LedgerNotes.Text(note, Ru), Is.EqualTo(note));
    }

    [Test]
    public void An_admins_reason_is_stored_as_typed_not_as_a_key()
    {
        var adjustment = Bonuses.Adjustment(Store1, Customer, 40, "Goodwill", "admin@shop.test", "r1", Plain, Clock);

        Assert.That(adjustment.Entry!.Note, Is.EqualTo("Goodwill"));
    }

    [Test]
    public void Every_note_Core_writes_is_a_key_with_English_and_Russian_text()
    {
        var notes = new[]
        {
            LedgerNotes.Order("1"), LedgerNotes.OrderRefunded("1"), LedgerNotes.OrderRefundedCapped("1", 3), LedgerNotes.SpentOnOrder("1"),
            LedgerNotes.SpentReturned("1"), LedgerNotes.Expired(), LedgerNotes.ExpiredAfterInactivity(), LedgerNotes.Welcome(),
            LedgerNotes.Birthday(2026), LedgerNotes.Review(), LedgerNotes.Survey(), LedgerNotes.Referral("1"), LedgerNotes.WalletEntry(),
            LedgerNotes.Cashback("2026-11"), LedgerNotes.CashbackTakenBack("2026-11"),
        };

        Assert.That(notes.Select(n => LedgerNotes.Parse(n)!.Key), Is.EquivalentTo(LedgerNotes.Keys));
        Assert.That(notes.Select(n => LedgerNotes.Text(n, Ru)).Where(t => t!.StartsWith('@') || !System.Text.RegularExpressions.Regex.IsMatch(t, "[а-яё]")), Is.Empty);
        Assert.That(LedgerNotes.Text(LedgerNotes.Birthday(2026), CultureInfo.InvariantCulture), Is.EqualTo("Happy birthday 2026"), "a year, not 2,026");
    }

    [Test]
    public void A_cashback_note_names_its_period_in_the_readers_language_though_it_stores_the_periods_key()
    {
        var month = LedgerNotes.Cashback("2026-11");
        var quarter = LedgerNotes.CashbackTakenBack("2026-q4");

        Assert.That(month, Does.Contain("2026-11"), "stored as the period's key, the same in every language");
        Assert.That(LedgerNotes.Text(month, CultureInfo.InvariantCulture), Is.EqualTo("Cashback November 2026"));
        Assert.That(LedgerNotes.Text(month, Ru), Is.EqualTo("Кэшбэк за ноябрь 2026"));
        Assert.That(LedgerNotes.Text(quarter, Ru), Is.EqualTo("Кэшбэк за 4-й квартал 2026 списан после возврата"));
        Assert.That(LedgerNotes.Text(quarter, CultureInfo.InvariantCulture), Does.StartWith("Cashback Q4 2026"));
        // A host's own translation of the note still gets the named period.
        Assert.That(LedgerNotes.Text(month, Ru, _ => "Возврат за {period}"), Is.EqualTo("Возврат за ноябрь 2026"));
    }
}
