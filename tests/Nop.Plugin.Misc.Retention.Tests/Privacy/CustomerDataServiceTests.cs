using System.Collections;
using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Gdpr;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Controllers;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Factories;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Plugin.Misc.Retention.Events;
using Nop.Plugin.Misc.Retention.Tests.Services;
using Nop.Plugin.Misc.Retention.Tests.Ui;
using Nop.Services.Customers;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.Security;
using Retention.Core.Dashboard;
using Retention.Core.Store;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Privacy;

/// <summary>
/// GDPR erasure and export over every plugin table. The tables are found by reflection over the plugin's entities and
/// seeded generically (every *CustomerId column, every text column naming the customer), so a table added later without
/// privacy handling fails here.
/// </summary>
public class CustomerDataServiceTests
{
    private const int Alice = 987_001;
    private const int Bob = 987_002;
    private const int Carol = 987_003;
    private const string AliceEmail = "alice.gdpr@example.test";
    private const string BobEmail = "bob.gdpr@example.test";
    private static readonly DateTime Now = new(2026, 11, 20, 9, 30, 0, DateTimeKind.Utc);

    private static readonly Type[] Entities = typeof(RetentionPlugin).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(BaseEntity).IsAssignableFrom(t)).OrderBy(t => t.Name).ToArray();

    private Dictionary<Type, object> _repositories;
    private Dictionary<Type, IList> _rows;
    private Dictionary<int, int> _enrollmentOf;
    private Dictionary<int, int> _orderOf;
    private CustomerDataService _service;

    [SetUp]
    public async Task SetUp()
    {
        _repositories = new();
        _rows = new();
        foreach (var type in Entities)
            typeof(CustomerDataServiceTests).GetMethod(nameof(AddFake), BindingFlags.NonPublic | BindingFlags.Instance)!.MakeGenericMethod(type).Invoke(this, null);
        AddFake<Order>();
        _service = Service(type => _repositories[type]);

        // A pending order is the customer's through the store's order, which names the customer.
        _orderOf = new();
        foreach (var customer in new[] { Alice, Bob })
        {
            var order = new Order { CustomerId = customer };
            await InsertAsync(order);
            _orderOf[customer] = order.Id;
        }

        // Enrollments first: the transitions and events of each customer point at the customer's enrollment.
        _enrollmentOf = new();
        foreach (var customer in new[] { Alice, Bob })
        {
            var enrollment = Seeded(typeof(RetentionEnrollment), customer, EmailOf(customer), 0, _orderOf[customer]);
            await InsertAsync(enrollment);
            _enrollmentOf[customer] = ((BaseEntity)enrollment).Id;
        }
        foreach (var type in Entities.Where(t => t != typeof(RetentionEnrollment) && t != typeof(RetentionMetricsSnapshot)))
            foreach (var customer in new[] { Alice, Bob })
                await InsertAsync(Seeded(type, customer, EmailOf(customer), _enrollmentOf[customer], _orderOf[customer]));

        // Referrals name two customers; an outbox row of a guest is found by the address alone.
        await InsertAsync(new RetentionReferral { StoreReferredKey = global::Retention.Core.Tables.ReferralStore.KeyOf(new global::Retention.Core.Common.StoreId(1), new global::Retention.Core.Common.CustomerId(Bob)), StoreId = 1, ReferredCustomerId = Bob, ReferrerCustomerId = Alice, CreatedOnUtc = Now });
        await InsertAsync(new RetentionReferral { StoreReferredKey = global::Retention.Core.Tables.ReferralStore.KeyOf(new global::Retention.Core.Common.StoreId(1), new global::Retention.Core.Common.CustomerId(Carol)), StoreId = 1, ReferredCustomerId = Carol, ReferrerCustomerId = Bob, CreatedOnUtc = Now });
        await InsertAsync(new RetentionOutboxMessage { IdempotencyKey = "welcome:guest", StoreId = 1, CustomerId = 0, ToEmail = AliceEmail, TemplateName = "Retention.Welcome", CreatedOnUtc = Now });

        // Snapshots are store figures; only their at-risk lists name customers. One of an older shape cannot be read.
        await InsertAsync(Snapshot(1, Alice, Bob));
        await InsertAsync(Snapshot(2, Bob));
        await InsertAsync(new RetentionMetricsSnapshot
        {
            IdempotencyKey = "metrics:3:2026-10-01", StoreId = 3, AsOfUtc = Now, ComputedOnUtc = Now,
            MetricsJson = "{\"version\":0,\"atRisk\":{\"customers\":[{\"customerId\":" + Alice.ToString(CultureInfo.InvariantCulture) + ",\"name\":\"Alice\"}]}}",
        });
    }

    #region Tests

    [Test]
    public void The_service_and_the_uninstall_statement_cover_every_table_of_the_plugin()
    {
        var names = Entities.Select(t => t.Name).ToList();

        Assert.That(CustomerDataService.Tables.Select(t => t.Name), Is.EquivalentTo(names), "a new table needs its privacy handling in CustomerDataService");
        Assert.That(UninstallStatement.Tables, Is.EquivalentTo(names));
    }

    [Test]
    public async Task A_gdpr_erasure_leaves_no_row_in_any_plugin_table_that_mentions_the_customer()
    {
        var aliceEnrollments = new HashSet<int> { _enrollmentOf[Alice] };
        foreach (var type in Entities)
            Assert.That(_rows[type].Cast<object>().Any(r => Mentions(r, Alice, AliceEmail, aliceEnrollments)), Is.True, $"{type.Name} was seeded with rows about the customer");

        await new CustomerPrivacyConsumer(_service).HandleEventAsync(new CustomerPermanentlyDeleted(Alice, AliceEmail));

        foreach (var type in Entities)
            Assert.That(_rows[type].Cast<object>().Where(r => Mentions(r, Alice, AliceEmail, aliceEnrollments)).Select(Describe), Is.Empty, type.Name);
    }

    [Test]
    public async Task A_gdpr_erasure_leaves_the_other_customers_rows_as_they_were()
    {
        var aliceEnrollments = new HashSet<int> { _enrollmentOf[Alice] };
        var others = Entities.Where(t => t != typeof(RetentionMetricsSnapshot))
            .SelectMany(t => _rows[t].Cast<object>().Where(r => !Mentions(r, Alice, AliceEmail, aliceEnrollments)).Select(Describe)).ToList();
        var shared = _rows[typeof(RetentionMetricsSnapshot)].Cast<RetentionMetricsSnapshot>().ToDictionary(s => s.Id, s => DashboardSnapshot.FromJson(s.MetricsJson));
        Assert.That(others.Count(r => r.Contains(Bob.ToString(CultureInfo.InvariantCulture))), Is.GreaterThanOrEqualTo(Entities.Length - 1));

        await _service.ForgetAsync(Alice, AliceEmail);

        var after = Entities.Where(t => t != typeof(RetentionMetricsSnapshot)).SelectMany(t => _rows[t].Cast<object>().Select(Describe)).ToList();
        Assert.That(after, Is.EquivalentTo(others));
        foreach (var snapshot in _rows[typeof(RetentionMetricsSnapshot)].Cast<RetentionMetricsSnapshot>())
        {
            var before = shared[snapshot.Id];
            Assert.That(before, Is.Not.Null, "only the snapshot of an older shape, which cannot be read, is deleted");
            var expected = before with { AtRisk = before.AtRisk with { Customers = before.AtRisk.Customers.Where(c => c.CustomerId != Alice).ToList() } };
            Assert.That(snapshot.MetricsJson, Is.EqualTo(expected.ToJson()), "the figures and the other customers' lines stay");
            Assert.That(DashboardSnapshot.FromJson(snapshot.MetricsJson)!.AtRisk.Customers.Select(c => c.CustomerId), Does.Contain(Bob));
        }
        Assert.That(shared.Values.Count(s => s == null), Is.EqualTo(1));
    }

    [Test]
    public async Task A_repeated_erasure_finds_nothing_left_to_change()
    {
        var first = await _service.ForgetAsync(Alice, AliceEmail);
        var second = await _service.ForgetAsync(Alice, AliceEmail);

        Assert.That(first.Keys, Is.EquivalentTo(Entities.Select(t => t.Name)));
        Assert.That(first.Values.All(n => n > 0), Is.True, string.Join(", ", first));
        Assert.That(second.Values.Distinct(), Is.EqualTo(new[] { 0 }));
    }

    [Test]
    public async Task The_export_holds_every_tables_rows_about_the_customer_and_nothing_about_anyone_else()
    {
        var aliceEnrollments = new HashSet<int> { _enrollmentOf[Alice] };

        var tables = await _service.ExportAsync(Alice, AliceEmail);

        Assert.That(tables.Select(t => t.Name), Is.EquivalentTo(Entities.Select(t => t.Name)));
        foreach (var table in tables.Where(t => t.Name != nameof(RetentionMetricsSnapshot)))
        {
            var about = _rows[Entities.Single(t => t.Name == table.Name)].Cast<object>().Where(r => Mentions(r, Alice, AliceEmail, aliceEnrollments)).ToList();
            Assert.That(table.Rows.Select(r => r[0]), Is.EquivalentTo(about.Select(r => (object)((BaseEntity)r).Id)), table.Name);
        }
        var readable = _rows[typeof(RetentionMetricsSnapshot)].Cast<RetentionMetricsSnapshot>()
            .Select(s => DashboardSnapshot.FromJson(s.MetricsJson)).Where(s => s != null).SelectMany(s => s.AtRisk.Customers).Count(c => c.CustomerId == Alice);
        Assert.That(tables.Single(t => t.Name == nameof(RetentionMetricsSnapshot)).Rows, Has.Count.EqualTo(readable));

        var cells = tables.SelectMany(t => t.Rows).SelectMany(r => r).Select(c => Convert.ToString(c, CultureInfo.InvariantCulture) ?? "").ToList();
        Assert.That(cells.Where(c => c.Contains(Bob.ToString(CultureInfo.InvariantCulture)) || c.Contains(Carol.ToString(CultureInfo.InvariantCulture))
            || c.Contains(BobEmail, StringComparison.OrdinalIgnoreCase)), Is.Empty);
    }

    [Test]
    public async Task The_customer_download_is_a_zip_of_one_csv_per_table_with_formulas_neutralised()
    {
        var answer = _rows[typeof(RetentionSurveyAnswer)].Cast<RetentionSurveyAnswer>().Single(a => a.CustomerId == Alice);
        answer.Comment = "=HYPERLINK(\"http://evil.example\",\"click\")";
        var customers = new Mock<ICustomerService>();
        customers.Setup(c => c.GetCustomerByIdAsync(Alice)).ReturnsAsync(new Customer { Id = Alice, Email = AliceEmail });

        var result = await Controller(_service, customers.Object, Permitted(true)).ExportCustomerData(Alice);

        var file = (FileContentResult)result;
        Assert.That(file.ContentType, Is.EqualTo(RetentionPrivacyAdminController.ZipContentType));
        var entries = ReadZip(new MemoryStream(file.FileContents));
        Assert.That(entries.Keys, Is.EquivalentTo(Entities.Select(t => t.Name + ".csv")));
        var survey = entries[nameof(RetentionSurveyAnswer) + ".csv"];
        Assert.That(survey, Does.Contain("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""));
        Assert.That(survey, Does.Not.Contain(",=HYPERLINK"));
        Assert.That(entries[nameof(RetentionLedgerEntry) + ".csv"].Split("\r\n")[0].Split(','),
            Is.EqualTo(new[] { "Id" }.Concat(typeof(RetentionLedgerEntry).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(p => p.Name))));
    }

    [Test]
    public async Task The_all_tables_download_pages_through_a_large_table_and_writes_every_row_of_every_table()
    {
        var extra = CustomerDataService.ExportBatchSize * 2 + 1;
        for (var i = 0; i < extra; i++)
            await InsertAsync(new RetentionLedgerEntry { IdempotencyKey = "bulk:" + i, StoreId = 1, CustomerId = Carol, Points = i, CreatedOnUtc = Now, ActivatesOnUtc = Now });

        var result = (FileStreamResult)await Controller(_service, Mock.Of<ICustomerService>(MockBehavior.Strict), Permitted(true)).ExportAllData();

        Dictionary<string, string> entries;
        await using (result.FileStream)
            entries = ReadZip(result.FileStream);
        foreach (var type in Entities)
        {
            var lines = entries[type.Name + ".csv"].Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.That(lines.Length - 1, Is.EqualTo(_rows[type].Count), type.Name);
            Assert.That(lines.Skip(1).Select(l => int.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)), Is.EquivalentTo(_rows[type].Cast<BaseEntity>().Select(r => r.Id)), type.Name);
        }
    }

    [Test]
    public async Task Without_the_permission_both_downloads_are_forbidden_and_read_nothing()
    {
        var untouchable = Service(type => ((Mock)Activator.CreateInstance(typeof(Mock<>).MakeGenericType(typeof(IRepository<>).MakeGenericType(type)), MockBehavior.Strict)).Object);
        var controller = Controller(untouchable, Mock.Of<ICustomerService>(MockBehavior.Strict), Permitted(false));

        Assert.That(await controller.ExportCustomerData(Alice), Is.TypeOf<ForbidResult>());
        Assert.That(await controller.ExportAllData(), Is.TypeOf<ForbidResult>());
    }

    [Test]
    public void The_configure_page_states_each_thing_uninstall_deletes_and_offers_the_export()
    {
        var view = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Views", "Admin", "Configure.cshtml"));

        foreach (var member in typeof(UninstallStatement).GetProperties(BindingFlags.Public | BindingFlags.Static))
            Assert.That(view, Does.Contain("UninstallStatement." + member.Name), member.Name);
        Assert.That(view, Does.Contain("asp-action=\"" + nameof(RetentionPrivacyAdminController.ExportAllData) + "\""));
        Assert.That(UninstallStatement.Templates, Is.Not.Empty);
        Assert.That(UninstallStatement.Tasks, Is.EquivalentTo(RetentionDefaults.Tasks.All.Select(t => t.Name)));
    }

    #endregion

    #region Utilities

    private static string EmailOf(int customer) => customer == Alice ? AliceEmail : BobEmail;

    private void AddFake<T>() where T : BaseEntity
    {
        // Ids are assigned on insert; no unique key matters here (each seeded row is distinct).
        var (mock, rows) = FakeRepository.Create<T>(_ => Guid.NewGuid().ToString());
        mock.Setup(r => r.DeleteAsync(It.IsAny<T>(), It.IsAny<bool>())).Returns((T entity, bool _) =>
        {
            if (rows.RemoveAll(r => r.Id == entity.Id) != 1)
                throw new InvalidOperationException($"No {typeof(T).Name} row with id {entity.Id} to delete.");
            return Task.CompletedTask;
        });
        _repositories[typeof(T)] = mock.Object;
        _rows[typeof(T)] = rows;
    }

    /// <summary>The service over the repositories given per entity type and the in-memory query runner.</summary>
    private static CustomerDataService Service(Func<Type, object> repository)
    {
        var constructor = typeof(CustomerDataService).GetConstructors().Single();
        var arguments = constructor.GetParameters().Select(p => p.ParameterType == typeof(IQueryRunner)
            ? new InMemoryQueryRunner()
            : repository(p.ParameterType.GetGenericArguments()[0])).ToArray();
        return (CustomerDataService)constructor.Invoke(arguments);
    }

    private static RetentionPrivacyAdminController Controller(CustomerDataService service, ICustomerService customers, IPermissionService permissions) =>
        UiFixture.WithHttpContext(new RetentionPrivacyAdminController(service, customers, Mock.Of<ILocalizationService>(), Mock.Of<INotificationService>(), permissions));

    private static IPermissionService Permitted(bool allowed)
    {
        var permissions = new Mock<IPermissionService>();
        permissions.Setup(p => p.AuthorizeAsync(RetentionDefaults.Permissions.Manage)).ReturnsAsync(allowed);
        return permissions.Object;
    }

    private Task InsertAsync(object row)
    {
        var repository = _repositories[row.GetType()];
        return (Task)repository.GetType().GetMethod("InsertAsync", [row.GetType(), typeof(bool)])!.Invoke(repository, [row, true]);
    }

    /// <summary>A row about <paramref name="customer"/>: every customer column holds the id, every text names the customer.</summary>
    private static object Seeded(Type type, int customer, string email, int enrollmentId, int orderId)
    {
        var row = Activator.CreateInstance(type)!;
        foreach (var p in type.GetProperties().Where(p => p.CanWrite && p.Name != nameof(BaseEntity.Id)))
        {
            var kind = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            if (p.Name == "EnrollmentId")
                p.SetValue(row, enrollmentId);
            else if (p.Name == "OrderId")
                p.SetValue(row, orderId);
            else if (kind == typeof(int))
                p.SetValue(row, p.Name.EndsWith("CustomerId", StringComparison.Ordinal) ? customer : 1);
            else if (kind == typeof(string))
                p.SetValue(row, p.Name.Contains("Email", StringComparison.Ordinal) ? email : FormattableString.Invariant($"{type.Name}:{p.Name}:{customer}"));
            else if (kind == typeof(DateTime))
                p.SetValue(row, Now);
            else if (kind == typeof(decimal))
                p.SetValue(row, 12.5m);
        }
        return row;
    }

    private static RetentionMetricsSnapshot Snapshot(int store, params int[] atRisk)
    {
        var snapshot = new DashboardSnapshot
        {
            StoreId = store,
            AsOf = new DateOnly(2026, 11, 20),
            ComputedOnUtc = Now,
            ActiveWindowDays = 365,
            DefaultPeriodDays = 30,
            Periods = [],
            Cohorts = [],
            Segments = [new DashboardSegment("at_risk", "At risk", atRisk.Length, 1.0, 300m)],
            AtRisk = new DashboardAtRisk("rfm", "Customers who bought often and not lately.",
                atRisk.Select(c => new DashboardAtRiskCustomer(c, "Name " + c, EmailOf(c), 3, 150m, 90, "At risk", 0.3, 80.0, 24.0)).ToList()),
            Prediction = new DashboardPrediction(false, "Too few repeat customers.", atRisk.Length, 0, null, null, null, 12, 0.01),
        };
        return new RetentionMetricsSnapshot
        {
            IdempotencyKey = FormattableString.Invariant($"metrics:{store}:2026-11-20"), StoreId = store, AsOfUtc = Now, ComputedOnUtc = Now,
            MetricsJson = snapshot.ToJson(),
        };
    }

    /// <summary>Whether the row names the customer: a customer column, one of the customer's enrollments, or any text.</summary>
    private static bool Mentions(object row, int customer, string email, ISet<int> enrollments) =>
        row.GetType().GetProperties().Any(p => p.GetValue(row) switch
        {
            int id when p.Name.EndsWith("CustomerId", StringComparison.Ordinal) => id == customer,
            int id when p.Name == "EnrollmentId" => enrollments.Contains(id),
            string text => text.Contains(customer.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                || text.Contains(email, StringComparison.OrdinalIgnoreCase),
            _ => false,
        });

    private static string Describe(object row) =>
        row.GetType().Name + " " + string.Join("|", row.GetType().GetProperties().OrderBy(p => p.Name).Select(p => p.Name + "=" + Convert.ToString(p.GetValue(row), CultureInfo.InvariantCulture)));

    private static Dictionary<string, string> ReadZip(Stream zip)
    {
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var reader = new StreamReader(e.Open(), Encoding.UTF8);
            return reader.ReadToEnd();
        });
    }

    #endregion
}
