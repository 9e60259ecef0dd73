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
    protected override async Task<IEnrollmentStore> CreateAsync() => new EfEnrollmentStore(await ContractDatabases.ClearedAsync(provider));
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfWorkflowEventStoreContract(DatabaseProvider provider) : WorkflowEventStoreContract
{
    protected override async Task<IWorkflowEventStore> CreateAsync() => new EfWorkflowEventStore(await ContractDatabases.ClearedAsync(provider));
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfSurveyStoreContract(DatabaseProvider provider) : SurveyStoreContract
{
    protected override async Task<ISurveyStore> CreateAsync() => new EfSurveyStore(await ContractDatabases.ClearedAsync(provider));
}
