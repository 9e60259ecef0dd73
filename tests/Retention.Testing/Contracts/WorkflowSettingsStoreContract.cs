using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Core.Workflows;

namespace Retention.Testing.Contracts;

/// <summary>What every <see cref="IWorkflowSettingsStore"/> must do.</summary>
public abstract class WorkflowSettingsStoreContract : PortContract<IWorkflowSettingsStore>
{
    /// <summary>Settings with every kind of field changed from the defaults, so a field the host forgets to store shows.</summary>
    protected static WorkflowProgramSettings Custom
    {
        get
        {
            var defaults = WorkflowCatalog.Defaults();
            var workflows = defaults.Workflows.Select(w => w.Kind switch
            {
                WorkflowKind.AbandonedCart => w with
                {
                    Priority = 95,
                    ControlGroupPercent = 12.5m,
                    ReentryDays = 3,
                    Steps =
                    [
                        new WorkflowStep { Delay = TimeSpan.FromMinutes(90), TemplateName = "Custom.Cart.1", Condition = StepCondition.CartStillHasItems },
                        new WorkflowStep
                        {
                            Delay = TimeSpan.FromDays(2), TemplateName = "Custom.Cart.2", Condition = StepCondition.NotClickedYet,
                            Coupon = new CouponOffer(CouponKind.Amount, 7.5m, 10),
                        },
                    ],
                },
                WorkflowKind.WinBack => w with
                {
                    Enabled = true, IsMarketing = false, ExitOn = ExitOn.OrderPlaced | ExitOn.CartEmptied,
                    Audience = new AudienceRules { MinOrders = 1, MaxOrders = 9 }, DormancyMultiple = 2.5m, OneTimeBuyerDormantDays = 120,
                    SwitchOn = SwitchOnPlan.For(new DateTime(2026, 3, 10, 15, 30, 0, DateTimeKind.Utc), BacklogChoice.IncludeBacklog, 2, [3, 5, 8, 13, 21]),
                },
                WorkflowKind.NpsSurvey => w with
                {
                    Enabled = true, AfterOrderNumber = 4,
                    SwitchOn = SwitchOnPlan.For(new DateTime(2026, 2, 1, 8, 0, 0, DateTimeKind.Utc), BacklogChoice.FromNowOn, 0, []),
                },
                WorkflowKind.PointsExpiry => w with { DaysBeforeExpiry = 30, Enabled = false },
                _ => w,
            }).ToList();
            return defaults with
            {
                Workflows = workflows,
                AttributionWindowDays = 9,
                AttributionBasis = AttributionBasis.Send,
                BuiltInReminders = BuiltInRemindersMode.StandAside,
                TrackOpens = true,
                CouponCleanupDays = 45,
            };
        }
    }

    /// <summary>Workflow by workflow, field by field, steps by content: a host builds new lists when it loads.</summary>
    protected static void AssertSameSettings(WorkflowProgramSettings actual, WorkflowProgramSettings expected)
    {
        Assert.That(actual.Workflows.Select(w => w.Kind), Is.EquivalentTo(expected.Workflows.Select(w => w.Kind)), nameof(WorkflowProgramSettings.Workflows));
        foreach (var want in expected.Workflows)
        {
            var got = actual.For(want.Kind);
            Assert.That(got.Steps, Is.EqualTo(want.Steps), $"{want.Kind}.Steps");
            Assert.That(got with { Steps = want.Steps }, Is.EqualTo(want), want.Kind.ToString());
        }
        Assert.That(actual with { Workflows = expected.Workflows }, Is.EqualTo(expected));
    }

    [Test]
    public async Task Fresh_store_gets_the_catalog_defaults()
    {
        AssertSameSettings(await Port.LoadAsync(new StoreId(1)), WorkflowCatalog.Defaults());
    }

    [Test]
    public async Task Saved_settings_come_back_with_every_field_for_that_store_only()
    {
        var result = await Port.SaveAsync(new StoreId(2), Custom);

        Assert.That(result.IsValid, Is.True, string.Join("; ", result.Errors));
        AssertSameSettings(await Port.LoadAsync(new StoreId(2)), Custom);
        AssertSameSettings(await Port.LoadAsync(new StoreId(3)), WorkflowCatalog.Defaults());
    }

    [Test]
    public async Task All_stores_values_apply_to_a_store_without_its_own()
    {
        var shared = WorkflowCatalog.Defaults() with { AttributionWindowDays = 14 };
        var own = WorkflowCatalog.Defaults() with { TrackOpens = true };

        await Port.SaveAsync(new StoreId(0), shared);
        await Port.SaveAsync(new StoreId(2), own);

        AssertSameSettings(await Port.LoadAsync(new StoreId(5)), shared);
        AssertSameSettings(await Port.LoadAsync(new StoreId(2)), own);
    }

    [Test]
    public async Task Saving_again_replaces_the_previous_values_including_fewer_steps()
    {
        await Port.SaveAsync(new StoreId(1), Custom);
        var second = WorkflowCatalog.Defaults() with { CouponCleanupDays = 0 };

        await Port.SaveAsync(new StoreId(1), second);

        AssertSameSettings(await Port.LoadAsync(new StoreId(1)), second);
    }

    [Test]
    public async Task Invalid_settings_are_rejected_whole_with_field_errors_and_nothing_is_saved()
    {
        await Port.SaveAsync(new StoreId(1), Custom);
        var bad = Custom with
        {
            AttributionWindowDays = 0,
            Workflows = Custom.Workflows.Select(w => w.Kind == WorkflowKind.Welcome
                ? w with { ControlGroupPercent = 80m, Steps = [w.Steps[1], w.Steps[0]] }
                : w).ToList(),
        };

        var result = await Port.SaveAsync(new StoreId(1), bad);

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.Select(e => e.Field),
            Is.EquivalentTo(new[] { nameof(WorkflowProgramSettings.AttributionWindowDays), "Welcome.ControlGroupPercent", "Welcome.Steps[1].Delay" }));
        AssertSameSettings(await Port.LoadAsync(new StoreId(1)), Custom);
    }

    [Test]
    public async Task Stores_the_run_visits_are_listed_once_each()
    {
        var stores = await Port.StoresAsync();

        Assert.That(stores, Is.Not.Empty);
        Assert.That(stores, Is.Unique);
        Assert.That(stores.Select(s => s.Value), Has.All.GreaterThan(0), "Store 0 holds the all-stores values; it is not a store to run.");
    }
}
