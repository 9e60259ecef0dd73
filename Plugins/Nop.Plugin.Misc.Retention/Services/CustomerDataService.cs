using Nop.Plugin.Misc.Retention.Data;
using System.Globalization;
using System.IO.Compression;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using System.Transactions;
using Nop.Core;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Retention.Core.Dashboard;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>One table's rows as CSV cells: its name, the column names and one array of values per row.</summary>
public sealed record CustomerDataTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<object[]> Rows);

/// <summary>
/// Everything the plugin keeps about one customer, table by table: exported for the customer (GDPR access, from the
/// admin customer page) and forgotten when nopCommerce erases the customer (GDPR "permanent delete"); and every table
/// whole for the export offered before uninstall. See docs/decisions.md, "Privacy", for delete vs anonymise per table.
/// </summary>
public class CustomerDataService
{
    /// <summary>Every table the plugin's migrations create; uninstall drops each of them.</summary>
    public static readonly IReadOnlyList<Type> Tables =
    [
        typeof(RetentionLedgerEntry), typeof(RetentionTierStanding), typeof(RetentionReferral), typeof(RetentionCoupon),
        typeof(RetentionEnrollment), typeof(RetentionEnrollmentTransition), typeof(RetentionWorkflowEvent), typeof(RetentionSurveyAnswer),
        typeof(RetentionOutboxMessage), typeof(RetentionUnsubscribe), typeof(RetentionMetricsSnapshot), typeof(RetentionPendingOrder),
        typeof(RetentionCardStanding),
        typeof(RetentionStamp),
        typeof(RetentionCashbackPayout),
        typeof(RetentionChallengeRecord),
        typeof(RetentionMembership),
        typeof(RetentionPointsSummary),
        typeof(RetentionChangedCustomer),
    ];

    /// <summary>Rows read per query by the whole-table export, so a large ledger never sits in memory at once.</summary>
    public const int ExportBatchSize = 2_000;

    private static readonly string[] AtRiskColumns =
    [
        "Id", "StoreId", "AsOfUtc", "CustomerId", "Name", "Email", "Orders", "Revenue", "DaysSinceLastOrder", "Segment", "ProbabilityAlive",
        "PredictedClv", "ValueIfRetained",
    ];

    private readonly IRepository<RetentionEnrollment> _enrollments;
    private readonly IRepository<RetentionMetricsSnapshot> _snapshots;
    private readonly IRepository<Order> _orders;
    private readonly IQueryRunner _runner;
    private readonly IReadOnlyList<ITable> _tables;

    public CustomerDataService(IRepository<RetentionLedgerEntry> ledger, IRepository<RetentionTierStanding> standings,
        IRepository<RetentionReferral> referrals, IRepository<RetentionCoupon> coupons, IRepository<RetentionEnrollment> enrollments,
        IRepository<RetentionEnrollmentTransition> transitions, IRepository<RetentionWorkflowEvent> events, IRepository<RetentionSurveyAnswer> answers,
        IRepository<RetentionOutboxMessage> outbox, IRepository<RetentionUnsubscribe> unsubscribes, IRepository<RetentionMetricsSnapshot> snapshots,
        IRepository<RetentionPendingOrder> pendingOrders, IRepository<Order> orders, IQueryRunner runner, IRepository<RetentionCardStanding> cardStandings,
        IRepository<RetentionStamp> stamps, IRepository<RetentionCashbackPayout> cashback, IRepository<RetentionChallengeRecord> challenges,
        IRepository<RetentionMembership> memberships, IRepository<RetentionPointsSummary> summaries, IRepository<RetentionChangedCustomer> changes)
    {
        _orders = orders;
        _enrollments = enrollments;
        _snapshots = snapshots;
        _runner = runner;
        // In the order of Tables, which is the order of the files in a download.
        _tables =
        [
            new Table<RetentionLedgerEntry>(ledger, runner, c => Task.FromResult<Expression<Func<RetentionLedgerEntry, bool>>>(e => e.CustomerId == c.Id)),
            new Table<RetentionTierStanding>(standings, runner, c => Task.FromResult<Expression<Func<RetentionTierStanding, bool>>>(e => e.CustomerId == c.Id)),
            // A referral names two customers: the export keeps the customer's side and withholds the other one's id
            // (and the key, which holds the referred customer's id).
            new Table<RetentionReferral>(referrals, runner, c => Task.FromResult<Expression<Func<RetentionReferral, bool>>>(
                e => e.ReferredCustomerId == c.Id || e.ReferrerCustomerId == c.Id),
                (column, value, c) => column == nameof(RetentionReferral.StoreReferredKey) || (column.EndsWith("CustomerId", StringComparison.Ordinal) && !Equals(value, c.Id))
                    ? null : value),
            new Table<RetentionCoupon>(coupons, runner, c => Task.FromResult<Expression<Func<RetentionCoupon, bool>>>(e => e.CustomerId == c.Id)),
            new Table<RetentionEnrollment>(enrollments, runner, c => Task.FromResult<Expression<Func<RetentionEnrollment, bool>>>(e => e.CustomerId == c.Id)),
            new Table<RetentionEnrollmentTransition>(transitions, runner, async c =>
            {
                var ids = await EnrollmentIdsAsync(c.Id);
                return e => ids.Contains(e.EnrollmentId);
            }),
            new Table<RetentionWorkflowEvent>(events, runner, c => Task.FromResult<Expression<Func<RetentionWorkflowEvent, bool>>>(e => e.CustomerId == c.Id)),
            new Table<RetentionSurveyAnswer>(answers, runner, c => Task.FromResult<Expression<Func<RetentionSurveyAnswer, bool>>>(e => e.CustomerId == c.Id)),
            new Table<RetentionOutboxMessage>(outbox, runner, c => Task.FromResult<Expression<Func<RetentionOutboxMessage, bool>>>(c.Email == null
                ? e => e.CustomerId == c.Id
                : e => e.CustomerId == c.Id || e.ToEmail == c.Email)),
            new Table<RetentionUnsubscribe>(unsubscribes, runner, c => Task.FromResult<Expression<Func<RetentionUnsubscribe, bool>>>(e => e.CustomerId == c.Id)),
            new SnapshotTable(this),
            // A pending order names no customer; it is the customer's through the order (which nopCommerce keeps).
            new Table<RetentionPendingOrder>(pendingOrders, runner, async c =>
            {
                var ids = await OrderIdsAsync(c.Id);
                return e => ids.Contains(e.OrderId);
            }),
            // The card level is the customer's alone; erased with them (the role mapping goes with nopCommerce's own erasure of the customer).
            new Table<RetentionCardStanding>(cardStandings, runner, c => Task.FromResult<Expression<Func<RetentionCardStanding, bool>>>(e => e.CustomerId == c.Id)),
            // Stamp cards: the customer's stamps and filled cards (the coupon codes are theirs too).
            new Table<RetentionStamp>(stamps, runner, c => Task.FromResult<Expression<Func<RetentionStamp, bool>>>(e => e.CustomerId == c.Id)),
            // Cashback payouts are the customer's; the gift cards they made are money and stay nopCommerce's.
            new Table<RetentionCashbackPayout>(cashback, runner, c => Task.FromResult<Expression<Func<RetentionCashbackPayout, bool>>>(e => e.CustomerId == c.Id)),
            // Challenges: completions, badges and leaderboard opt-ins are the customer's own rows.
            new Table<RetentionChallengeRecord>(challenges, runner, c => Task.FromResult<Expression<Func<RetentionChallengeRecord, bool>>>(e => e.CustomerId == c.Id)),
            // Membership: the customer's periods, failures, cancellations, savings and standing (the orders stay nopCommerce's;
            // the member role mapping goes with nopCommerce's own erasure of the customer).
            new Table<RetentionMembership>(memberships, runner, c => Task.FromResult<Expression<Func<RetentionMembership, bool>>>(e => e.CustomerId == c.Id)),
            // The points summary is the ledger's sums: erased with the ledger.
            new Table<RetentionPointsSummary>(summaries, runner, c => Task.FromResult<Expression<Func<RetentionPointsSummary, bool>>>(e => e.CustomerId == c.Id)),
            // The dashboard's changed-customers feed names the customer by id only; erased with the rest.
            new Table<RetentionChangedCustomer>(changes, runner, c => Task.FromResult<Expression<Func<RetentionChangedCustomer, bool>>>(e => e.CustomerId == c.Id)),
        ];
    }

    #region Methods

    /// <summary>
    /// The customer's rows in every plugin table (a table without any still comes back, empty, so the reader sees it was
    /// looked at). Snapshot rows come back as the customer's own line of the stored at-risk list, never the whole snapshot,
    /// which names other customers.
    /// </summary>
    /// <param name="customerId">The nopCommerce customer id.</param>
    /// <param name="email">The customer's address, to find outbox rows written to it; optional.</param>
    public async Task<IReadOnlyList<CustomerDataTable>> ExportAsync(int customerId, string email = null)
    {
        var customer = Subject.Of(customerId, email);
        var tables = new List<CustomerDataTable>();
        foreach (var table in _tables)
            tables.Add(await table.ExportAsync(customer));
        return tables;
    }

    /// <summary>
    /// Deletes or anonymises every plugin row about the customer, all or nothing (one transaction; nopCommerce's data
    /// layer joins the ambient one). Safe to repeat: a second call finds nothing. Returns the rows changed per table.
    /// </summary>
    /// <param name="customerId">The nopCommerce customer id.</param>
    /// <param name="email">The address the customer had (nopCommerce blanks it before announcing the deletion).</param>
    public async Task<IReadOnlyDictionary<string, int>> ForgetAsync(int customerId, string email = null)
    {
        var customer = Subject.Of(customerId, email);
        var changed = new Dictionary<string, int>();
        using (var scope = new TransactionScope(TransactionScopeOption.Required, new TransactionOptions { IsolationLevel = IsolationLevel.ReadCommitted },
                   TransactionScopeAsyncFlowOption.Enabled))
        {
            // Every table is read before the first write: the transitions are found through the enrollments.
            var plans = new List<(ITable Table, Func<Task<int>> Apply)>();
            foreach (var table in _tables)
                plans.Add((table, await table.PlanForgetAsync(customer)));
            foreach (var (table, apply) in plans)
                changed[table.Name] = await apply();
            scope.Complete();
        }
        return changed;
    }

    /// <summary>Every plugin table, whole, as a zip of one CSV per table (the export offered before uninstall).</summary>
    public async Task WriteAllAsync(Stream zip)
    {
        ArgumentNullException.ThrowIfNull(zip);
        using var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var table in _tables)
        {
            await using var writer = new StreamWriter(archive.CreateEntry(table.Name + ".csv").Open(), new UTF8Encoding(false));
            await table.WriteAllAsync(writer);
        }
    }

    /// <summary>Tables as a zip of one CSV per table: RFC 4180 quoting, invariant numbers, ISO times, formula-safe text.</summary>
    public static void WriteZip(Stream zip, IEnumerable<CustomerDataTable> tables)
    {
        ArgumentNullException.ThrowIfNull(zip);
        using var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var table in tables)
        {
            using var writer = new StreamWriter(archive.CreateEntry(table.Name + ".csv").Open(), new UTF8Encoding(false));
            writer.Write(Line(table.Columns));
            foreach (var row in table.Rows)
                writer.Write(Line(row));
        }
    }

    /// <summary>One CSV line. Cells go through the dashboard exports' <see cref="DashboardCsv.Cell"/> (CSV injection neutralised).</summary>
    public static string Line(IEnumerable<object> cells) =>
        string.Join(",", cells.Select(c => DashboardCsv.Cell(c is DateTime t ? t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : c))) + "\r\n";

    #endregion

    #region Utilities

    private Task<List<int>> OrderIdsAsync(int customerId) =>
        _runner.ToListAsync(_orders.Table.Where(o => o.CustomerId == customerId).Select(o => o.Id));

    private Task<List<int>> EnrollmentIdsAsync(int customerId) =>
        _runner.ToListAsync(_enrollments.Table.Where(e => e.CustomerId == customerId).Select(e => e.Id));

    /// <summary>The customer being exported or forgotten; a blank address looks for nothing by address.</summary>
    private sealed record Subject(int Id, string Email)
    {
        public static Subject Of(int id, string email)
        {
            if (id <= 0)
                throw new ArgumentOutOfRangeException(nameof(id), id, "A customer id is a positive number.");
            return new Subject(id, string.IsNullOrWhiteSpace(email) ? null : email.Trim());
        }
    }

    private interface ITable
    {
        string Name { get; }

        Task<CustomerDataTable> ExportAsync(Subject customer);

        /// <summary>Reads what is to change now and returns the writes, so every read happens before the first write.</summary>
        Task<Func<Task<int>>> PlanForgetAsync(Subject customer);

        Task WriteAllAsync(TextWriter csv);
    }

    /// <summary>A table whose rows about a customer are deleted: every column exported as stored.</summary>
    private class Table<T> : ITable where T : BaseEntity
    {
        // Id first, then the entity's own properties in declaration order: the columns of the table.
        private static readonly PropertyInfo[] Columns = new[] { typeof(T).GetProperty(nameof(BaseEntity.Id)) }
            .Concat(typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(p => p.CanRead && p.CanWrite))
            .ToArray();

        private readonly Func<Subject, Task<Expression<Func<T, bool>>>> _about;
        private readonly Func<string, object, Subject, object> _exportCell;

        /// <param name="repository">The table.</param>
        /// <param name="runner">Runs its queries.</param>
        /// <param name="about">The rows about a customer.</param>
        /// <param name="exportCell">What the customer's export shows of a cell (column, stored value); all of it when null.</param>
        public Table(IRepository<T> repository, IQueryRunner runner, Func<Subject, Task<Expression<Func<T, bool>>>> about,
            Func<string, object, Subject, object> exportCell = null)
        {
            Repository = repository;
            Runner = runner;
            _about = about;
            _exportCell = exportCell;
        }

        public string Name => typeof(T).Name;

        protected IRepository<T> Repository { get; }

        protected IQueryRunner Runner { get; }

        public virtual async Task<CustomerDataTable> ExportAsync(Subject customer) =>
            new(Name, Columns.Select(c => c.Name).ToList(), (await RowsAboutAsync(customer)).Select(row => _exportCell == null
                ? Cells(row)
                : Columns.Select(c => _exportCell(c.Name, c.GetValue(row), customer)).ToArray()).ToList());

        public virtual async Task<Func<Task<int>>> PlanForgetAsync(Subject customer)
        {
            var rows = await RowsAboutAsync(customer);
            return async () =>
            {
                foreach (var row in rows)
                    await Repository.DeleteAsync(row);
                return rows.Count;
            };
        }

        public async Task WriteAllAsync(TextWriter csv)
        {
            await csv.WriteAsync(Line(Columns.Select(c => c.Name)));
            var after = 0;
            while (true)
            {
                var last = after;
                var batch = await Runner.ToListAsync(Repository.Table.Where(e => e.Id > last).OrderBy(e => e.Id).Take(ExportBatchSize));
                foreach (var row in batch)
                    await csv.WriteAsync(Line(Cells(row)));
                if (batch.Count < ExportBatchSize)
                    return;
                after = batch[^1].Id;
            }
        }

        protected async Task<List<T>> RowsAboutAsync(Subject customer) =>
            await Runner.ToListAsync(Repository.Table.Where(await _about(customer)).OrderBy(e => e.Id));

        private static object[] Cells(T row) => Columns.Select(c => c.GetValue(row)).ToArray();
    }

    /// <summary>
    /// Dashboard snapshots are store figures, not the customer's; only their at-risk list names customers. The customer's
    /// line is exported and, when forgotten, taken out of the stored list (the figures stay). A snapshot of an older shape
    /// cannot be rewritten and is deleted: the dashboard does not show such a snapshot anyway.
    /// </summary>
    private sealed class SnapshotTable : Table<RetentionMetricsSnapshot>
    {
        public SnapshotTable(CustomerDataService owner)
            : base(owner._snapshots, owner._runner, c =>
            {
                // The serialised at-risk line starts with the id: "customerId":42, matches 42 and not 142 or 421.
                var marker = FormattableString.Invariant($"\"customerId\":{c.Id},");
                return Task.FromResult<Expression<Func<RetentionMetricsSnapshot, bool>>>(s => s.MetricsJson.Contains(marker));
            })
        {
        }

        public override async Task<CustomerDataTable> ExportAsync(Subject customer)
        {
            var rows = new List<object[]>();
            foreach (var snapshot in await RowsAboutAsync(customer))
                foreach (var c in DashboardSnapshot.FromJson(snapshot.MetricsJson)?.AtRisk.Customers.Where(c => c.CustomerId == customer.Id) ?? [])
                    rows.Add([snapshot.Id, snapshot.StoreId, snapshot.AsOfUtc, c.CustomerId, c.Name, c.Email, c.Orders, c.Revenue, c.DaysSinceLastOrder,
                        c.Segment, c.ProbabilityAlive, c.PredictedClv, c.ValueIfRetained]);
            return new CustomerDataTable(Name, AtRiskColumns, rows);
        }

        public override async Task<Func<Task<int>>> PlanForgetAsync(Subject customer)
        {
            var rows = await RowsAboutAsync(customer);
            return async () =>
            {
                foreach (var row in rows)
                {
                    if (DashboardSnapshot.FromJson(row.MetricsJson) is not { } snapshot)
                    {
                        await Repository.DeleteAsync(row);
                        continue;
                    }
                    var atRisk = snapshot.AtRisk with { Customers = snapshot.AtRisk.Customers.Where(c => c.CustomerId != customer.Id).ToList() };
                    row.MetricsJson = (snapshot with { AtRisk = atRisk }).ToJson();
                    await Repository.UpdateAsync(row);
                }
                return rows.Count;
            };
        }
    }

    #endregion
}
