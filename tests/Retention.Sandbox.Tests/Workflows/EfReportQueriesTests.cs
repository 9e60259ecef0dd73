using Microsoft.EntityFrameworkCore;
using Npgsql;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Testing.InMemory;

namespace Retention.Sandbox.Tests.Workflows;

/// <summary>
/// The report queries (per-step stats, lift with its join of enrollments and orders and its sums of squares, survey
/// summaries) must translate on each provider and give what they give in memory. The tables are Core's read models
/// mapped as they are, in one context: what any host's IWorkflowData + IStoreData pair looks like to a query.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfReportQueriesTests(DatabaseProvider provider)
{
    private static readonly DateTime T0 = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    private static readonly StoreId Store1 = new(1);

    private sealed class ReadModels(DbContextOptions options) : DbContext(options), IWorkflowData, IStoreData
    {
        public DbSet<EnrollmentFact> EnrollmentRows => Set<EnrollmentFact>();
        public DbSet<WorkflowEventFact> EventRows => Set<WorkflowEventFact>();
        public DbSet<SurveyAnswerFact> AnswerRows => Set<SurveyAnswerFact>();
        public DbSet<OrderFact> OrderRows => Set<OrderFact>();

        public IQueryable<EnrollmentFact> Enrollments => EnrollmentRows.AsNoTracking();
        public IQueryable<WorkflowEventFact> WorkflowEvents => EventRows.AsNoTracking();
        public IQueryable<SurveyAnswerFact> SurveyAnswers => AnswerRows.AsNoTracking();
        public IQueryable<OrderFact> Orders => OrderRows.AsNoTracking();
        public IQueryable<OrderLineFact> OrderLines => Set<OrderLineFact>().AsNoTracking();
        public IQueryable<CustomerFact> Customers => Set<CustomerFact>().AsNoTracking();
        public IQueryable<CartItemFact> CartItems => Set<CartItemFact>().AsNoTracking();
        public IQueryable<ProductReviewFact> ProductReviews => Set<ProductReviewFact>().AsNoTracking();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            foreach (var type in new[] { typeof(EnrollmentFact), typeof(WorkflowEventFact), typeof(SurveyAnswerFact), typeof(OrderFact), typeof(OrderLineFact),
                         typeof(CustomerFact), typeof(CartItemFact), typeof(ProductReviewFact) })
                modelBuilder.Entity(type).Property("Id").ValueGeneratedNever();
        }

        protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
            configurationBuilder.Properties<decimal>().HavePrecision(18, 4);
    }

    private sealed class ListData : IWorkflowData
    {
        public List<EnrollmentFact> EnrollmentRows { get; } = new();
        public List<WorkflowEventFact> EventRows { get; } = new();
        public List<SurveyAnswerFact> AnswerRows { get; } = new();
        public IQueryable<EnrollmentFact> Enrollments => EnrollmentRows.AsQueryable();
        public IQueryable<WorkflowEventFact> WorkflowEvents => EventRows.AsQueryable();
        public IQueryable<SurveyAnswerFact> SurveyAnswers => AnswerRows.AsQueryable();
    }

    private string? _folder;
    private string? _pgName;
    private DbContextOptions _options = null!;

    [OneTimeSetUp]
    public async Task OpenAsync()
    {
        var builder = new DbContextOptionsBuilder();
        if (provider == DatabaseProvider.Sqlite)
        {
            _folder = TestDatabase.NewTempFolder();
            builder.UseSqlite($"Data Source={Path.Combine(_folder, "reports.db")}");
        }
        else
        {
            var server = TestPostgres.ConnectionString();
            _pgName = "retention_reports_" + Guid.NewGuid().ToString("N")[..16];
            await using (var connection = new NpgsqlConnection(server))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_pgName}\"", connection);
                await create.ExecuteNonQueryAsync();
            }
            builder.UseNpgsql(new NpgsqlConnectionStringBuilder(server) { Database = _pgName }.ToString());
        }
        _options = builder.Options;
        await using var db = new ReadModels(_options);
        await db.Database.EnsureCreatedAsync();
    }

    [OneTimeTearDown]
    public async Task CloseAsync()
    {
        if (_options is not null)
        {
            await using var db = new ReadModels(_options);
            await db.Database.EnsureDeletedAsync();
        }
        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static WorkflowParts Workflows(IWorkflowData data, IStoreData store, IQueryRunner runner) =>
        CoreWorkflowProgram.Create(store, runner, new SettableClock(T0.AddDays(40)), data);

    private static (List<EnrollmentFact>, List<WorkflowEventFact>, List<SurveyAnswerFact>, List<OrderFact>) Scenario()
    {
        var random = new Random(5);
        var (enrollments, events, answers, orders) = (new List<EnrollmentFact>(), new List<WorkflowEventFact>(), new List<SurveyAnswerFact>(), new List<OrderFact>());
        for (var id = 1; id <= 300; id++)
        {
            var customer = 1 + random.Next(0, 200);
            var enrolled = T0.AddMinutes(random.Next(0, 20 * 24 * 60));
            var workflow = random.NextDouble() < 0.7 ? WorkflowKind.AbandonedCart : WorkflowKind.WinBack;
            var control = random.NextDouble() < 0.3;
            enrollments.Add(new EnrollmentFact
            {
                Id = id, WorkflowId = (int)workflow, StoreId = random.NextDouble() < 0.9 ? 1 : 2, CustomerId = customer, Subject = "s" + id,
                EnrolledUtc = enrolled, AnchorUtc = enrolled.AddHours(-random.Next(0, 5)), IsControl = control, StateId = 1,
            });
            for (var step = 0; step < 3; step++)
            {
                foreach (var kind in new[] { WorkflowEventKind.Sent, WorkflowEventKind.Clicked, WorkflowEventKind.Converted, WorkflowEventKind.Opened })
                {
                    if (random.NextDouble() < 0.4)
                        events.Add(new WorkflowEventFact
                        {
                            Id = events.Count + 1, EnrollmentId = id, WorkflowId = (int)workflow, Step = step, StoreId = 1, CustomerId = customer,
                            KindId = (int)(control && kind == WorkflowEventKind.Sent ? WorkflowEventKind.Withheld : kind),
                            OccurredUtc = enrolled.AddHours(step * 24 + random.Next(0, 20)), IsControl = control,
                            Revenue = kind == WorkflowEventKind.Converted ? 10m + random.Next(0, 400) / 4m : 0m,
                        });
                }
            }
        }
        for (var id = 1; id <= 400; id++)
        {
            orders.Add(new OrderFact
            {
                Id = id, OrderGuid = Guid.NewGuid(), StoreId = random.NextDouble() < 0.9 ? 1 : 2, CustomerId = 1 + random.Next(0, 200),
                CreatedOnUtc = T0.AddMinutes(random.Next(-5 * 24 * 60, 35 * 24 * 60)),
                OrderStatusId = random.NextDouble() < 0.1 ? (int)OrderState.Cancelled : (int)OrderState.Complete, PaymentStatusId = (int)PaymentState.Paid,
                OrderTotal = 5m + random.Next(0, 2000) / 8m,
            });
        }
        for (var id = 1; id <= 120; id++)
        {
            var kind = id % 3 == 0 ? SurveyKind.Csat : SurveyKind.Nps;
            var (min, max) = SurveyAnswer.ScaleOf(kind);
            answers.Add(new SurveyAnswerFact
            {
                Id = id, KindId = (int)kind, StoreId = 1, CustomerId = id, Subject = "x" + id, Score = random.Next(min, max + 1),
                Comment = random.NextDouble() < 0.5 ? "comment " + id : null, AnsweredUtc = T0.AddMinutes(random.Next(0, 30 * 24 * 60)),
            });
        }
        return (enrollments, events, answers, orders);
    }

    [Test]
    public async Task Stats_lift_and_survey_summaries_in_sql_match_memory()
    {
        var (enrollments, events, answers, orders) = Scenario();
        await using (var seed = new ReadModels(_options))
        {
            seed.EnrollmentRows.AddRange(enrollments);
            seed.EventRows.AddRange(events);
            seed.AnswerRows.AddRange(answers);
            seed.OrderRows.AddRange(orders);
            await seed.SaveChangesAsync();
        }
        var lists = new ListData();
        lists.EnrollmentRows.AddRange(enrollments);
        lists.EventRows.AddRange(events);
        lists.AnswerRows.AddRange(answers);
        var memoryStore = new InMemoryStoreData();
        memoryStore.OrderList.AddRange(orders);
        var memory = Workflows(lists, memoryStore, new InMemoryQueryRunner());
        await using var db = new ReadModels(_options);
        var sql = Workflows(db, db, new EfQueryRunner());
        var (from, to) = (T0.AddDays(2), T0.AddDays(15));

        Assert.That(await sql.Reports.StatsAsync(Store1, from, to), Is.EqualTo(await memory.Reports.StatsAsync(Store1, from, to)));
        foreach (var workflow in new[] { WorkflowKind.AbandonedCart, WorkflowKind.WinBack })
        {
            var expected = await memory.Reports.LiftAsync(Store1, workflow, from, to);
            Assert.That(expected.Sent.Converted, Is.GreaterThan(0), "the scenario converts someone");
            var actual = await sql.Reports.LiftAsync(Store1, workflow, from, to);
            Assert.That((actual.Sent, actual.Control, actual.Note), Is.EqualTo((expected.Sent, expected.Control, expected.Note)), workflow.ToString());
            Assert.That(actual.ConversionLift, Is.EqualTo(expected.ConversionLift));
            Assert.That(actual.RevenuePerEnrolledLift!.Estimate, Is.EqualTo(expected.RevenuePerEnrolledLift!.Estimate).Within(1e-9));
            Assert.That(actual.RevenuePerEnrolledLift.High, Is.EqualTo(expected.RevenuePerEnrolledLift.High).Within(1e-9));
        }
        foreach (var kind in new[] { SurveyKind.Nps, SurveyKind.Csat })
        {
            var expected = await memory.Reports.SurveySummaryAsync(Store1, kind, from, to);
            var actual = await sql.Reports.SurveySummaryAsync(Store1, kind, from, to);
            Assert.That((actual.Answers, actual.Score, actual.Distribution), Is.EqualTo((expected.Answers, expected.Score, expected.Distribution)));
            Assert.That(actual.RecentComments, Is.EqualTo(expected.RecentComments));
        }
    }
}
