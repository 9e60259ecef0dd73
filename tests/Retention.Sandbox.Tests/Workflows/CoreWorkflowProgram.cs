using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Testing.InMemory;

namespace Retention.Sandbox.Tests.Workflows;

/// <summary>A clock the test sets.</summary>
public sealed class SettableClock(DateTime now) : IClock
{
    public DateTime UtcNow { get; set; } = now;
}

/// <summary>
/// Core's workflow classes (<see cref="WorkflowParts"/>) with its store data (and report read models) from the provider under test and
/// every other port in memory, so a test compares the provider's translation of Core's queries with LINQ over lists.
/// </summary>
public static class CoreWorkflowProgram
{
    public static WorkflowParts Create(IStoreData store, IQueryRunner runner, IClock clock, IWorkflowData? data = null,
        IWorkflowSettingsStore? settings = null, InMemoryWorkflowStores? stores = null)
    {
        stores ??= new InMemoryWorkflowStores();
        return WorkflowParts.Compose(new WorkflowServices
        {
            Settings = settings ?? new InMemoryWorkflowSettingsStore(new StoreId(1)),
            Options = new InMemoryOptionsStore(),
            Enrollments = stores,
            Events = stores,
            Surveys = stores,
            Contacts = new FakeContactDirectory(),
            Outbox = new InMemoryMessageOutbox(),
            Coupons = new InMemoryCouponIssuer(),
            Content = new RecordingWorkflowContent(),
            Store = store,
            Runner = runner,
            Lock = new InMemoryDistributedLock(clock),
            Clock = clock,
            Links = new LinkSigner(LinkSigner.NewSecret()),
            Data = data ?? stores,
        });
    }
}
