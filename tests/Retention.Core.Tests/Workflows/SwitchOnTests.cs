using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;
using static Retention.Core.Tests.Workflows.TriggersHarness;

namespace Retention.Core.Tests.Workflows;

/// <summary>Switching a workflow on: the backlog counted, "only from now on" or the backlog spread over days; and the merchant's one-off win-back start.</summary>
public class SwitchOnTests
{
    private TriggersHarness _h = null!;

    [SetUp]
    public async Task SetUp()
    {
        _h = new TriggersHarness();
        // The harness switches everything on for tests that enable; here win-back starts off, as in a fresh store.
        await _h.Engine.Settings.ConfigureAsync(Store1, WorkflowKind.WinBack, w => w with { Enabled = false, OneTimeBuyerDormantDays = 90, ControlGroupPercent = 0m });
    }

    private IReadOnlyList<int> WinBackCustomers() =>
        _h.Stores.AllEnrollments.Where(e => e.Workflow == WorkflowKind.WinBack).Select(e => e.Customer.Value).Order().ToList();

    /// <summary>One-time buyers whose single order is <paramref name="daysAgo"/> old (dormant after 90 days).</summary>
    private void Buyers(int daysAgo, params int[] customers)
    {
        foreach (var c in customers)
            _h.Order(1000 + c, c, T0.AddDays(-daysAgo), 20m);
    }

    [Test]
    public void A_backlog_is_spread_by_ascending_customer_id_at_most_n_a_day_from_the_switch_on_day()
    {
        var on = new DateTime(2026, 3, 10, 15, 30, 0, DateTimeKind.Utc);
        var plan = SwitchOnPlan.For(on, BacklogChoice.IncludeBacklog, 2, [9, 3, 7, 1, 5]);

        Assert.That(plan.DayStarts, Is.EqualTo(new[] { 5, 9 }));
        Assert.That((plan.BacklogCount, plan.Days), Is.EqualTo((5, 3)));
        Assert.That(new[] { 1, 3, 5, 7, 9 }.Select(id => plan.DayOpensUtc(new CustomerId(id))), Is.EqualTo(new[]
        {
            on.Date, on.Date, on.Date.AddDays(1), on.Date.AddDays(1), on.Date.AddDays(2),
        }));
        Assert.That(plan.Admits(new CustomerId(7), on.AddDays(-3), on.Date.AddDays(1).AddTicks(-1)), Is.False, "day 1 opens at its midnight");
        Assert.That(plan.Admits(new CustomerId(7), on.AddDays(-3), on.Date.AddDays(1)), Is.True);
        Assert.That(plan, Is.EqualTo(SwitchOnPlan.For(on, BacklogChoice.IncludeBacklog, 2, [1, 3, 5, 7, 9])), "the same backlog gives the same plan");
    }

    [Test]
    public void From_now_on_never_admits_an_earlier_qualifier_and_always_a_later_one()
    {
        var on = new DateTime(2026, 3, 10, 12, 0, 0, DateTimeKind.Utc);
        var plan = SwitchOnPlan.For(on, BacklogChoice.FromNowOn, 200, [1, 2]);

        Assert.That(plan.Admits(new CustomerId(1), on.AddMinutes(-1), on.AddYears(1)), Is.False);
        Assert.That(plan.Admits(new CustomerId(1), on, on), Is.True);
        Assert.That((plan.BacklogCount, plan.Days, plan.PerDay), Is.EqualTo((2, 0, 0)));
    }

    [Test]
    public async Task The_switch_on_preview_counts_dormant_buyers_not_enrolled_lately_and_changes_nothing()
    {
        Buyers(100, 1, 2, 3);
        Buyers(50, 4);
        await _h.EnrolledAsync(WorkflowKind.WinBack, customer: 3, subject: "2026-01", at: T0.AddDays(-30));

        var preview = await _h.Workflows.Scans.SwitchOnPreviewAsync(Store1, WorkflowKind.WinBack, perDay: 1);

        Assert.That((preview.HasBacklog, preview.BacklogCount, preview.Days), Is.EqualTo((true, 2, 2)));
        Assert.That((await _h.Engine.Settings.LoadAsync(Store1)).For(WorkflowKind.WinBack).Enabled, Is.False);
        Assert.That((await _h.Workflows.Scans.SwitchOnPreviewAsync(Store1, WorkflowKind.Welcome)).HasBacklog, Is.False, "welcome enrols on its events");
    }

    [Test]
    public async Task Only_from_now_on_enrols_none_of_the_backlog_but_a_customer_who_turns_dormant_later()
    {
        Buyers(100, 1, 2);
        Buyers(89, 3); // dormant one day after the switch-on

        var result = await _h.Workflows.Scans.SwitchOnAsync(Store1, WorkflowKind.WinBack, BacklogChoice.FromNowOn, 0);
        Assert.That(result.IsValid, Is.True, string.Join("; ", result.Errors));
        await _h.Workflows.Run.RunAsync();
        Assert.That(WinBackCustomers(), Is.Empty);

        _h.Clock.UtcNow = T0.AddDays(2);
        await _h.Workflows.Run.RunAsync();

        Assert.That(WinBackCustomers(), Is.EqualTo(new[] { 3 }));
        var saved = (await _h.Engine.Settings.LoadAsync(Store1)).For(WorkflowKind.WinBack);
        Assert.That((saved.Enabled, saved.SwitchOn!.Choice, saved.SwitchOn.SwitchedOnUtc), Is.EqualTo((true, BacklogChoice.FromNowOn, T0)));
    }

    [Test]
    public async Task Including_the_backlog_enrols_it_n_a_day_in_customer_order()
    {
        Buyers(100, 5, 1, 4, 2, 3);

        Assert.That((await _h.Workflows.Scans.SwitchOnAsync(Store1, WorkflowKind.WinBack, BacklogChoice.IncludeBacklog, 2)).IsValid, Is.True);
        await _h.Workflows.Run.RunAsync();
        Assert.That(WinBackCustomers(), Is.EqualTo(new[] { 1, 2 }));

        _h.Clock.UtcNow = T0.Date.AddDays(1).AddHours(1);
        await _h.Workflows.Run.RunAsync();
        Assert.That(WinBackCustomers(), Is.EqualTo(new[] { 1, 2, 3, 4 }));

        _h.Clock.UtcNow = T0.Date.AddDays(2).AddHours(1);
        await _h.Workflows.Run.RunAsync();
        Assert.That(WinBackCustomers(), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
    }

    [Test]
    public async Task A_pace_out_of_range_is_refused_at_its_field_and_nothing_is_switched_on()
    {
        Buyers(100, 1);

        var result = await _h.Workflows.Scans.SwitchOnAsync(Store1, WorkflowKind.WinBack, BacklogChoice.IncludeBacklog, 0);

        Assert.That(result.Errors.Select(e => e.Field), Is.EqualTo(new[] { "SwitchOn.PerDay" }));
        Assert.That((await _h.Engine.Settings.LoadAsync(Store1)).For(WorkflowKind.WinBack).Enabled, Is.False);
    }

    [Test]
    public async Task Start_win_back_now_enrols_a_consenting_customer_once_and_refuses_without_consent_or_with_the_workflow_off()
    {
        Buyers(40, 7, 8);
        _h.Contacts.Change(Store1, new CustomerId(8), c => c with { HasMarketingConsent = false });

        Assert.That((await _h.Workflows.Scans.StartWinBackNowAsync(Store1, new CustomerId(7))).Status, Is.EqualTo(ManualStartStatus.WorkflowOff));
        await _h.Workflows.Scans.SwitchOnAsync(Store1, WorkflowKind.WinBack, BacklogChoice.FromNowOn, 0);

        var started = await _h.Workflows.Scans.StartWinBackNowAsync(Store1, new CustomerId(7));
        var again = await _h.Workflows.Scans.StartWinBackNowAsync(Store1, new CustomerId(7));
        var refused = await _h.Workflows.Scans.StartWinBackNowAsync(Store1, new CustomerId(8));

        Assert.That((started.Status, again.Status, refused.Status),
            Is.EqualTo((ManualStartStatus.Started, ManualStartStatus.AlreadyStarted, ManualStartStatus.NoConsent)));
        Assert.That(refused.Message, Does.Contain("consent"));
        Assert.That(WinBackCustomers(), Is.EqualTo(new[] { 7 }), "not dormant by the rules, but the merchant asked; the one without consent is not enrolled");
        var enrollment = _h.Stores.AllEnrollments.Single(e => e.Workflow == WorkflowKind.WinBack);
        Assert.That(enrollment.NextDueUtc, Is.EqualTo(T0), "the first step is due now; the run applies the cap and quiet hours");
    }

    [Test]
    public async Task Switched_on_by_a_plain_edit_the_workflow_enrols_none_of_the_backlog_but_those_who_qualify_later()
    {
        Buyers(100, 1, 2);
        Buyers(89, 3);
        var stored = await _h.Engine.Settings.LoadAsync(Store1);
        var edited = stored with { Workflows = stored.Workflows.Select(w => w.Kind == WorkflowKind.WinBack ? w with { Enabled = true } : w).ToList() };

        var saved = await _h.Engine.Settings.SaveAsync(Store1, edited.SavedOver(stored, T0));
        Assert.That(saved.IsValid, Is.True, string.Join("; ", saved.Errors));
        await _h.Workflows.Run.RunAsync();
        Assert.That(WinBackCustomers(), Is.Empty, "the two who were dormant before the edit are not enrolled unasked");

        _h.Clock.UtcNow = T0.AddDays(2);
        await _h.Workflows.Run.RunAsync();
        Assert.That(WinBackCustomers(), Is.EqualTo(new[] { 3 }));
    }

    [Test]
    public void A_plain_edit_keeps_the_plan_of_a_workflow_already_on_and_a_plan_just_chosen_on_the_switch_on_page()
    {
        var off = WorkflowCatalog.Default(WorkflowKind.WinBack) with { Enabled = false, SwitchOn = null };
        var chosen = SwitchOnPlan.For(T0, BacklogChoice.IncludeBacklog, 10, [1, 2, 3]);
        var on = off with { Enabled = true, SwitchOn = chosen };

        Assert.That(on.SavedOver(off, T0.AddHours(1)).SwitchOn, Is.EqualTo(chosen), "the switch-on page's choice stands");
        Assert.That((on with { Priority = 3 }).SavedOver(on, T0.AddDays(5)).SwitchOn, Is.EqualTo(chosen), "an edit while on changes no plan");
        Assert.That((off with { SwitchOn = chosen }).SavedOver(on, T0.AddDays(5)).SwitchOn, Is.EqualTo(chosen), "switching off keeps the record");
        var old = on with { Enabled = false };
        Assert.That((old with { Enabled = true }).SavedOver(old, T0.AddDays(9)).SwitchOn,
            Is.EqualTo(new SwitchOnPlan { SwitchedOnUtc = T0.AddDays(9), Choice = BacklogChoice.FromNowOn }), "back on by an edit: from then on, not the old plan");
    }
}
