using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Data.Testing;
using Nop.Plugin.Misc.Retention.DataTests.Contracts;
using Nop.Plugin.Misc.Retention.DataTests.Infrastructure;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;

namespace Nop.Plugin.Misc.Retention.DataTests.Privacy;

/// <summary>A customer's erasure on a real database: all of the customer's rows or, when anything fails, none.</summary>
[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public class ErasureTests(DatabaseKind kind)
{
    private const int Erased = 7;
    private const int Other = 8;
    private static readonly DateTime Now = new(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);

    private PluginDatabase _db;

    [SetUp]
    public async Task CreateAsync()
    {
        _db = await PluginDatabase.CreateAsync(kind);
        var ledger = _db.Repository<RetentionLedgerEntry>();
        foreach (var (key, customer) in new[] { ("purchase:1", Erased), ("purchase:2", Erased), ("purchase:3", Other) })
            await ledger.InsertAsync(new RetentionLedgerEntry { IdempotencyKey = key, StoreId = 1, CustomerId = customer, Points = 10, CreatedOnUtc = Now, ActivatesOnUtc = Now });
        await _db.Repository<RetentionSurveyAnswer>().InsertAsync(new RetentionSurveyAnswer { AnswerKey = "nps:1", StoreId = 1, CustomerId = Erased, Subject = "order:1",
            Score = 9, AnsweredUtc = Now });
        foreach (var (key, customer) in new[] { ("stamp:1:1:100:1", Erased), ("stamp:1:1:101:1", Other) })
            await _db.Repository<RetentionStamp>().InsertAsync(new RetentionStamp { IdempotencyKey = key, StoreId = 1, CardId = 1, CustomerId = customer, OrderId = 100,
                CardNumber = 1, KindId = 1, StateId = 1, CreatedOnUtc = Now });
    }

    [TearDown]
    public Task DropAsync() => _db?.DropAsync() ?? Task.CompletedTask;

    [Test]
    public async Task Erasure_deletes_every_row_of_the_customer_and_no_other()
    {
        await Service(_db.Repository<RetentionSurveyAnswer>()).ForgetAsync(Erased, "erased@example.com");

        Assert.That(await RowsAsync(), Is.EqualTo((0, 1, 0)));
        Assert.That(await _db.Repository<RetentionStamp>().Table.Select(s => s.CustomerId).ToListAsync(), Is.EqualTo(new[] { Other }), "the stamp cards' rows");
    }

    [Test]
    public async Task Erasure_forgets_the_customers_points_summary_and_keeps_the_others()
    {
        // Appends through Core's ledger store write each customer's summary row in the entry's transaction.
        var ledger = Adapters.Ledger(_db);
        foreach (var customer in new[] { Erased, Other })
            Assert.That(await ledger.TryAppendAsync(new global::Retention.Core.Loyalty.LedgerEntry
            {
                Key = new global::Retention.Core.Common.IdempotencyKey($"bonus:{customer}"), Store = new global::Retention.Core.Common.StoreId(1),
                Customer = new global::Retention.Core.Common.CustomerId(customer), Points = 25, Reason = global::Retention.Core.Loyalty.LedgerReason.ReviewBonus, Source = global::Retention.Core.Loyalty.LedgerSource.Review,
                CreatedUtc = Now.AddDays(1), ActivatesUtc = Now.AddDays(1),
            }), Is.True);
        Assert.That(await _db.Repository<RetentionPointsSummary>().Table.CountAsync(), Is.EqualTo(2));

        await Service(_db.Repository<RetentionSurveyAnswer>()).ForgetAsync(Erased, "erased@example.com");

        Assert.That(await _db.Repository<RetentionPointsSummary>().Table.Select(s => s.CustomerId).ToListAsync(), Is.EqualTo(new[] { Other }));
        Assert.That(CustomerDataService.Tables, Does.Contain(typeof(RetentionPointsSummary)), "uninstall drops the table");
    }

    [Test]
    public async Task Erasure_that_fails_on_its_last_table_leaves_every_row_in_place()
    {
        // The ledger's rows are deleted before the survey answers: a failure there must take those deletes back too.
        Assert.That(() => Service(new FailingDeletes<RetentionSurveyAnswer>(_db.Database)).ForgetAsync(Erased, "erased@example.com"),
            Throws.InvalidOperationException);

        Assert.That(await RowsAsync(), Is.EqualTo((2, 1, 1)));
    }

    private CustomerDataService Service(IRepository<RetentionSurveyAnswer> answers) => new(
        _db.Repository<RetentionLedgerEntry>(), _db.Repository<RetentionTierStanding>(), _db.Repository<RetentionReferral>(), _db.Repository<RetentionCoupon>(),
        _db.Repository<RetentionEnrollment>(), _db.Repository<RetentionEnrollmentTransition>(), _db.Repository<RetentionWorkflowEvent>(), answers,
        _db.Repository<RetentionOutboxMessage>(), _db.Repository<RetentionUnsubscribe>(), _db.Repository<RetentionMetricsSnapshot>(),
        _db.Repository<RetentionPendingOrder>(), _db.Repository<Order>(), Adapters.Runner, _db.Repository<RetentionCardStanding>(), _db.Repository<RetentionStamp>(),
        _db.Repository<RetentionCashbackPayout>(), _db.Repository<RetentionChallengeRecord>(), _db.Repository<RetentionMembership>(),
        _db.Repository<RetentionPointsSummary>(), _db.Repository<RetentionChangedCustomer>());

    [Test]
    public async Task Erasure_forgets_the_customers_challenges_badges_and_leaderboard_opt_ins_and_the_export_lists_them_first()
    {
        var store = new global::Retention.Core.Challenges.ChallengeStore(
            new NopTable<global::Retention.Core.Challenges.ChallengeRecordRow, RetentionChallengeRecord>(_db.Repository<RetentionChallengeRecord>(), Adapters.Runner), Adapters.Runner,
            new global::Retention.Testing.InMemory.TestClock(Now));
        var (s, erased, other) = (new global::Retention.Core.Common.StoreId(1), new global::Retention.Core.Common.CustomerId(Erased), new global::Retention.Core.Common.CustomerId(Other));
        await store.TryCompleteAsync(s, 3, erased, Now, 100);
        await store.TryAwardBadgeAsync(s, global::Retention.Core.Challenges.Badges.FirstOrder, erased);
        await store.SetLeaderboardAsync(s, 3, erased, true);
        await store.SetLeaderboardAsync(s, 3, other, true);
        var service = Service(_db.Repository<RetentionSurveyAnswer>());

        var export = (await service.ExportAsync(Erased)).Single(t => t.Name == nameof(RetentionChallengeRecord));
        var changed = await service.ForgetAsync(Erased, "erased@example.com");

        Assert.That(export.Rows, Has.Count.EqualTo(3));
        Assert.That(changed[nameof(RetentionChallengeRecord)], Is.EqualTo(3));
        Assert.That(await store.AllOfCustomerAsync(erased), Is.Empty);
        Assert.That(await store.OptedInAsync(s, 3), Is.EqualTo(new[] { Other }));
    }

    private async Task<(int ErasedLedger, int OtherLedger, int ErasedAnswers)> RowsAsync() =>
        (await _db.Repository<RetentionLedgerEntry>().Table.CountAsync(e => e.CustomerId == Erased),
            await _db.Repository<RetentionLedgerEntry>().Table.CountAsync(e => e.CustomerId == Other),
            await _db.Repository<RetentionSurveyAnswer>().Table.CountAsync(a => a.CustomerId == Erased));

    /// <summary>A table whose deletes fail, as a lost connection or a lock timeout would make them.</summary>
    private sealed class FailingDeletes<T>(NopDatabase database) : EntityRepository<T>(database) where T : Nop.Core.BaseEntity
    {
        public override Task DeleteAsync(T entity, bool publishEvent = true) => throw new InvalidOperationException("The database went away.");
    }
}
