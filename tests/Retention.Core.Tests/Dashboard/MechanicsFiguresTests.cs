using Retention.Core.Cashback;
using Retention.Core.Common;
using Retention.Core.Dashboard;
using Retention.Core.Loyalty;
using Retention.Core.Membership;
using Retention.Core.Tests.Cashback;
using Retention.Core.Tests.Membership;
using Retention.Testing.InMemory;

namespace Retention.Core.Tests.Dashboard;

/// <summary>The loyalty mechanics' dashboard sections and finance lines (issue 18): each figure's definition, and one figure saying one number everywhere.</summary>
public sealed class MechanicsFiguresTests
{
    private static readonly StoreId Store1 = MembershipHarness.Store1;
    private static readonly DateTime T0 = MembershipHarness.T0;

    /// <summary>
    /// Members 1 and 2 (1 pays the fee and buys 40 with 5 saved by the perks; 2 pays the fee only), non-member 9 (30 and 20,
    /// and a cancelled 99 that does not count), all in the week after T0.
    /// </summary>
    private static async Task<MembershipHarness> ClubAsync()
    {
        var h = new MembershipHarness();
        await h.PayAsync(1, customer: 1);
        await h.PayAsync(2, customer: 2);
        h.At(T0.AddDays(1));
        await h.PayAsync(3, customer: 1, membership: false, amount: 40m, perks: new MemberSaving(2m, 3m, 0, 0m));
        await h.PayAsync(4, customer: 9, membership: false, amount: 30m);
        await h.PayAsync(5, customer: 9, membership: false, amount: 20m);
        h.Paid(6, customer: 9, membership: false, amount: 99m);
        h.Store.OrderList.Single(o => o.Id == 6).OrderStatusId = (int)Retention.Core.Store.OrderState.Cancelled;
        return h;
    }

    private static MechanicsFigures Figures(MembershipHarness h) => new(h.Settings, h.Program);

    [Test]
    public async Task Revenue_per_member_and_per_non_member_divide_each_groups_order_revenue_by_its_customers_who_ordered()
    {
        var h = await ClubAsync();

        var figures = await h.Program.DashboardAsync(Store1, T0.AddDays(-1), T0.AddDays(7));

        Assert.That((figures.RevenuePerMember, figures.MembersWhoOrdered), Is.EqualTo((30m, 2)), "(10 + 40 + 10) ÷ 2 members; the fee orders are members' revenue");
        Assert.That((figures.RevenuePerNonMember, figures.NonMembersWhoOrdered), Is.EqualTo((50m, 1)), "(30 + 20) ÷ 1; the cancelled order does not count");
        Assert.That(figures.Savings, Is.EqualTo(5.4m), "the 2 discount and 3 shipping the order carried, and the 40 extra points of the double rate (0.01 each)");
        Assert.That(figures.MembershipRevenue, Is.EqualTo(20m), "the two orders that paid a period");
    }

    [Test]
    public async Task A_member_whose_perks_ended_before_the_window_counts_as_a_non_member_and_a_window_without_buyers_has_no_figure()
    {
        var h = new MembershipHarness(MembershipHarness.On(graceDays: 0));
        await h.PayAsync(1, customer: 1);
        h.At(T0.AddMonths(2));
        await h.Program.RunNightlyAsync(Store1);
        await h.PayAsync(2, customer: 1, membership: false, amount: 25m);

        var figures = await h.Program.DashboardAsync(Store1, T0.AddMonths(2).AddDays(-1), T0.AddMonths(2).AddDays(1));

        Assert.That((figures.RevenuePerMember, figures.RevenuePerNonMember, figures.NonMembersWhoOrdered), Is.EqualTo(((decimal?)null, 25m, 1)));
    }

    [Test]
    public async Task Renewal_rate_is_paid_renewals_over_renewals_due_and_has_no_figure_when_none_was_due()
    {
        var h = new MembershipHarness(MembershipHarness.On(graceDays: 0));
        await h.PayAsync(1, customer: 1);
        await h.PayAsync(2, customer: 2);
        Assert.That((await h.Program.DashboardAsync(Store1, T0.AddDays(-1), T0.AddDays(1))).RenewalRate, Is.Null, "two starts, no renewal due");

        h.At(T0.AddMonths(1).AddDays(-1));
        await h.PayAsync(3, customer: 1);
        h.At(T0.AddMonths(1).AddDays(1));
        await h.Program.RunNightlyAsync(Store1);

        var figures = await h.Program.DashboardAsync(Store1, T0.AddDays(1), h.Clock.UtcNow);
        Assert.That((figures.Renewals, figures.Churned, figures.RenewalRate), Is.EqualTo((1, 1, 0.5m)), "one renewed, one ended: 1 ÷ 2 due");
    }

    [Test]
    public async Task The_dashboards_membership_section_is_the_programs_figures_over_the_dashboards_window()
    {
        var h = await ClubAsync();
        var asOf = new DateOnly(2026, 1, 20);

        var section = (await Figures(h).DashboardAsync(Store1, asOf, 30)).Membership!;
        var (fromUtc, toUtc) = MechanicsFigures.Window(asOf, 30);
        var program = await h.Program.DashboardAsync(Store1, fromUtc, toUtc);

        Assert.That((fromUtc, toUtc), Is.EqualTo((new DateTime(2025, 12, 21, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 20, 0, 0, 0, DateTimeKind.Utc))));
        Assert.That((section.Members, section.Joined, section.Churned, section.Renewals, section.RevenuePerMember, section.RevenuePerNonMember, section.Savings,
                section.MembershipRevenue),
            Is.EqualTo((program.Members, program.Starts, program.Churned, program.Renewals, program.RevenuePerMember, program.RevenuePerNonMember, program.Savings,
                program.MembershipRevenue)));
        Assert.That((section.Members, section.Joined, section.RevenuePerMember), Is.EqualTo((2, 2, 30m)));
    }

    [Test]
    public async Task A_mechanic_switched_off_has_no_section_and_its_zero_finance_lines_are_left_out()
    {
        var h = await ClubAsync();
        h.Use(MembershipHarness.On() with { Enabled = false });
        var quiet = new MembershipHarness(MembershipHarness.On() with { Enabled = false });

        var sections = await Figures(h).DashboardAsync(Store1, new DateOnly(2026, 1, 20), 30);
        Assert.That(sections, Is.EqualTo(new DashboardMechanics(null, null, null, null)));
        var lines = (await Figures(h).AccountingAsync(Store1, new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31))).Lines.Select(l => l.Key);
        Assert.That(lines, Is.EqualTo(new[] { "membershipRevenue", "membershipPeriods" }), "the fees were paid while it was on: the report still shows them");
        Assert.That((await Figures(quiet).AccountingAsync(Store1, new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31))).Lines, Is.Empty);
    }

    [Test]
    public async Task The_finance_reports_membership_lines_equal_the_dashboard_of_the_day_after_over_the_reports_days()
    {
        var h = await ClubAsync();
        var (from, to) = (new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31));

        var report = await Figures(h).AccountingAsync(Store1, from, to);
        var dashboard = (await Figures(h).DashboardAsync(Store1, to.AddDays(1), to.DayNumber - from.DayNumber + 1)).Membership!;

        Assert.That(report.Line("membershipRevenue")!.Value, Is.EqualTo(dashboard.MembershipRevenue).And.EqualTo(20m));
        Assert.That(report.Line("membershipPeriods")!.Value, Is.EqualTo(dashboard.Joined + dashboard.Renewals).And.EqualTo(2m));
    }

    [Test]
    public async Task Cashback_section_shows_the_last_period_and_the_liability_the_finance_report_ends_with()
    {
        var h = new CashbackHarness(new DateTime(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc), CashbackHarness.Monthly());
        var order = h.Order(1, customer: 7, 6_000m, new DateTime(2026, 11, 15, 10, 0, 0, DateTimeKind.Utc));
        await h.NightAsync(TimeZoneInfo.Utc);
        h.Use(CashbackHarness.Monthly(CashbackPayout.GiftCard));
        h.Clock.UtcNow = new DateTime(2027, 1, 1, 1, 0, 0, DateTimeKind.Utc);
        h.Order(2, customer: 8, 1_000m, new DateTime(2026, 12, 5, 12, 0, 0, DateTimeKind.Utc));
        await h.NightAsync(TimeZoneInfo.Utc);
        h.GiftCards.Spend(h.GiftCards.Cards.Single().Code, 4m);
        await h.RefundAsync(order, 2_000m);
        var figures = new MechanicsFigures(h.Settings, cashback: h.Program);

        var section = (await figures.DashboardAsync(Store1, new DateOnly(2027, 1, 1), 30)).Cashback!;
        var report = await figures.AccountingAsync(Store1, new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 31));

        Assert.That((section.LastPeriod, section.PayAs, section.CustomersPaid, section.AmountPaid), Is.EqualTo(("2026-12", "GiftCard", 1, 10m)));
        Assert.That((section.PointsOutstanding, section.PointsOutstandingValue, section.GiftCardRemaining), Is.EqualTo((4_000L, 40m, 6m)),
            "12,000 points paid for November less 8,000 taken back after the refund; the 10 card with 4 spent");
        Assert.That(report.Lines.Select(l => (l.Key, l.Value)), Is.EqualTo(new[]
        {
            ("cashbackPoints", (decimal)section.PointsOutstanding), ("cashbackPointsValue", section.PointsOutstandingValue),
            ("cashbackGiftCards", section.GiftCardRemaining),
        }));
    }

    [Test]
    public void The_csv_names_its_columns_and_lines_in_the_admins_language_and_writes_invariant_numbers()
    {
        var report = new MechanicsAccounting(Store1, new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31),
            [new MechanicsAccountingLine("cashbackPointsValue", "money", 1234.5m), new MechanicsAccountingLine("stampCoupons", "count", 3m)]);

        var russian = MechanicsAccountingCsv.Write(report, k => DashboardTexts.Russian[k]);

        Assert.That(russian.Split("\r\n"), Is.EqualTo(new[]
        {
            "Ключ,Показатель,Значение",
            "cashbackPointsValue,Кешбэк баллами, невыбранный на конец периода (сумма),1234.50".Replace("Кешбэк баллами, невыбранный на конец периода (сумма)",
                "\"Кешбэк баллами, невыбранный на конец периода (сумма)\"", StringComparison.Ordinal),
            "stampCoupons,Неиспользованные купоны за штампы на конец периода,3",
            "",
        }));
        Assert.That(MechanicsAccountingCsv.Write(report, DashboardTexts.Of), Does.StartWith("Key,Figure,Value\r\n"));
    }

    [Test]
    public void Every_mechanics_text_has_a_russian_translation()
    {
        var keys = DashboardTexts.English.Keys.Where(k => k.StartsWith("mech.", StringComparison.Ordinal) || k.StartsWith("finance.", StringComparison.Ordinal)).ToList();
        Assert.That(keys, Has.Count.GreaterThan(40));
        Assert.That(keys.Where(k => !DashboardTexts.Russian.ContainsKey(k)), Is.Empty);
    }

    [Test]
    public async Task The_snapshot_carries_the_sections_and_keeps_them_through_its_json()
    {
        var h = await ClubAsync();
        var asOf = new DateOnly(2026, 1, 20);
        var builder = new DashboardBuilder(h.Store, new InMemoryQueryRunner(), null, new TestClock(T0.AddDays(10)), mechanics: Figures(h));

        var snapshot = await builder.BuildAsync(new DashboardRequest(Store1, asOf));
        var read = DashboardSnapshot.FromJson(snapshot.ToJson())!;

        Assert.That(snapshot.Mechanics!.Membership, Is.EqualTo((await Figures(h).DashboardAsync(Store1, asOf, snapshot.DefaultPeriodDays)).Membership));
        Assert.That(read.Mechanics!.Membership, Is.EqualTo(snapshot.Mechanics.Membership));
        Assert.That(read.Mechanics.Cashback, Is.Null, "no cashback program given");
        Assert.That(DashboardSnapshot.FromJson(snapshot.ToJson().Replace(",\"mechanics\":", ",\"ignored\":", StringComparison.Ordinal))!.Mechanics, Is.Null,
            "a snapshot stored before the sections reads with none");
    }
}
