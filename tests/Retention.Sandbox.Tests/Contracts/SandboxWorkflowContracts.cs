using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Testing.Contracts;

namespace Retention.Sandbox.Tests.Contracts;

// Core's contract suites for the workflow ports against the sandbox's EF Core tables, on SQLite and PostgreSQL.

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfWorkflowSettingsStoreContract(DatabaseProvider provider) : WorkflowSettingsStoreContract
{
    protected override async Task<IWorkflowSettingsStore> CreateAsync() => new EfWorkflowSettingsStore(await ContractDatabases.ClearedAsync(provider));
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfEnrollmentStoreContract(DatabaseProvider provider) : EnrollmentStoreContract
{
    protected override async Task<IEnrollmentStore> CreateAsync() => SandboxStores.Enrollments(await ContractDatabases.ClearedAsync(provider));
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfWorkflowEventStoreContract(DatabaseProvider provider) : WorkflowEventStoreContract
{
    protected override async Task<IWorkflowEventStore> CreateAsync() => SandboxStores.Events(await ContractDatabases.ClearedAsync(provider));
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfUnsubscribeStoreContract(DatabaseProvider provider) : UnsubscribeStoreContract
{
    protected override async Task<Retention.Core.Tables.UnsubscribeStore> CreateAsync() => SandboxStores.Unsubscribes(await ContractDatabases.ClearedAsync(provider));
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfSurveyStoreContract(DatabaseProvider provider) : SurveyStoreContract
{
    protected override async Task<ISurveyStore> CreateAsync() => SandboxStores.Surveys(await ContractDatabases.ClearedAsync(provider));
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfWorkflowStepWriterContract(DatabaseProvider provider) : WorkflowStepWriterContract
{
    protected override async Task<StepWriterHandle> CreateAsync()
    {
        var database = await ContractDatabases.ClearedAsync(provider);
        return new StepWriterHandle(SandboxStores.StepWriter(database), SandboxStores.Enrollments(database), SandboxStores.Events(database),
            SandboxStores.Outbox(database));
    }
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfContactDirectoryContract(DatabaseProvider provider) : ContactDirectoryContract
{
    protected override async Task<IContactDirectory> CreateWithAsync(StoreId store, IReadOnlyCollection<CustomerId> existing, IReadOnlyCollection<CustomerId> missing,
        IReadOnlyCollection<CustomerId>? erased = null)
    {
        var database = await ContractDatabases.ClearedAsync(provider);
        var at = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await BulkLoader.LoadRowsAsync(database,
        [
            (typeof(CustomerFact), existing.Select(c => new CustomerFact
            {
                Id = c.Value, CustomerGuid = Guid.NewGuid(), Email = $"customer{c.Value}@example.com", FirstName = "Customer", LastName = c.Value.ToString(),
                RegisteredInStoreId = store.Value, Active = true, CreatedOnUtc = at, LastActivityDateUtc = at,
            }).Concat((erased ?? []).Select(c => new CustomerFact
            {
                Id = c.Value, CustomerGuid = Guid.NewGuid(), Email = "", RegisteredInStoreId = store.Value, Active = false, Deleted = true,
                CreatedOnUtc = at, LastActivityDateUtc = at,
            })).ToList()),
            (typeof(NewsletterSubscriptionRow), existing.Select(c => new NewsletterSubscriptionRow { StoreId = store.Value, CustomerId = c.Value, SubscribedUtc = at }).ToList()),
        ]);
        return new EfContactDirectory(database);
    }
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfTableContract(DatabaseProvider provider) : TableContract
{
    protected override async Task<TableHandle> CreateAsync()
    {
        var database = await ContractDatabases.ClearedAsync(provider);
        // Two writers as two nodes: each its own table and transactions over the same database.
        var (one, other) = (new EfTables(database), new EfTables(database));
        return new TableHandle(one.Table<Retention.Core.Tables.EnrollmentRow>(), one, other.Table<Retention.Core.Tables.EnrollmentRow>(), other, new EfQueryRunner())
        {
            Events = one.Table<Retention.Core.Tables.WorkflowEventRow>(),
            OtherEvents = other.Table<Retention.Core.Tables.WorkflowEventRow>(),
        };
    }
}
