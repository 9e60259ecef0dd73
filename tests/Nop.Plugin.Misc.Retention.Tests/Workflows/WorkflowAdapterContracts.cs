using Nop.Core.Domain.Stores;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Plugin.Misc.Retention.Tests.Services;
using Nop.Services.Stores;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Core.Workflows;
using Retention.Testing.Contracts;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Workflows;

// The workflow adapters run Core's port contracts over repositories that enforce the unique keys like the database and a
// settings table that falls back to the all-stores values like nopCommerce's.

[TestFixture]
public sealed class NopWorkflowSettingsStoreContract : WorkflowSettingsStoreContract
{
    protected override Task<IWorkflowSettingsStore> CreateAsync()
    {
        var settings = new FakeSettings().Serve<RetentionWorkflowSettings>();
        var stores = new Mock<IStoreService>();
        stores.Setup(s => s.GetAllStoresAsync()).ReturnsAsync(new List<Store> { new() { Id = 1 }, new() { Id = 2 } });
        return Task.FromResult<IWorkflowSettingsStore>(new NopWorkflowSettingsStore(settings.Mock.Object, stores.Object));
    }
}

[TestFixture]
public sealed class NopEnrollmentStoreContract : EnrollmentStoreContract
{
    protected override Task<IEnrollmentStore> CreateAsync() => Task.FromResult<IEnrollmentStore>(NopWorkflowTables.Create().Enrollments);
}

[TestFixture]
public sealed class NopWorkflowEventStoreContract : WorkflowEventStoreContract
{
    protected override Task<IWorkflowEventStore> CreateAsync() => Task.FromResult<IWorkflowEventStore>(NopWorkflowTables.Create().Events);
}

[TestFixture]
public sealed class NopSurveyStoreContract : SurveyStoreContract
{
    protected override Task<ISurveyStore> CreateAsync() => Task.FromResult<ISurveyStore>(NopWorkflowTables.Create().Surveys);
}

/// <summary>The workflow stores over fake repositories of the plugin's tables, with the rows exposed.</summary>
public sealed record NopWorkflowTables(EnrollmentStore Enrollments, WorkflowEventStore Events, SurveyStore Surveys, NopWorkflowData Data,
    List<RetentionEnrollment> EnrollmentRows)
{
    public static NopWorkflowTables Create(IQueryRunner runner = null)
    {
        runner ??= new InMemoryQueryRunner();
        var (enrollments, enrollmentRows) = FakeRepository.Create<RetentionEnrollment>(e => e.EnrollmentKey);
        var (events, _) = FakeRepository.Create<RetentionWorkflowEvent>(e => e.EventKey);
        var (answers, _) = FakeRepository.Create<RetentionSurveyAnswer>(a => a.AnswerKey);
        return new NopWorkflowTables(
            new EnrollmentStore(new FakeNopTable<EnrollmentRow, RetentionEnrollment>(enrollments.Object, runner), runner),
            new WorkflowEventStore(new FakeNopTable<WorkflowEventRow, RetentionWorkflowEvent>(events.Object, runner), runner),
            new SurveyStore(new FakeNopTable<SurveyAnswerRow, RetentionSurveyAnswer>(answers.Object, runner), runner),
            new NopWorkflowData(enrollments.Object, events.Object, answers.Object),
            enrollmentRows);
    }
}
