using Retention.Core.Challenges;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Testing.Builders;

namespace Retention.Testing.Contracts;

/// <summary>The challenge facts beyond the store's: one category per product (the sandbox's catalog has one), referrals, survey answers.</summary>
public sealed class ChallengeSeed
{
    public List<ProductCategoryFact> ProductCategories { get; } = new();
    public List<ReferralRow> Referrals { get; } = new();
    public List<SurveyAnswerRow> SurveyAnswers { get; } = new();
}

/// <summary>
/// Core's challenge progress (<see cref="ChallengeProgress"/>) through each provider's translation, with hand-computed
/// results: every goal's query (distinct categories grouped per customer, the referral's "bought" subquery, counts and
/// per-order spend) must run as SQL, never fail or fall back to the client.
/// </summary>
public abstract class ChallengeProgressContract
{
    private static readonly DateTime Start = new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime End = new(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly StoreId Store1 = new(1);

    /// <summary>The progress over a fresh database holding exactly the two seeds.</summary>
    protected abstract Task<ChallengeProgress> CreateWithAsync(StoreSeed store, ChallengeSeed challenges);

    protected virtual Task ReleaseAsync() => Task.CompletedTask;

    [TearDown]
    public Task ReleaseStoreAsync() => ReleaseAsync();

    private static (StoreSeed, ChallengeSeed) Seed()
    {
        var store = new StoreSeed();
        store.Customers.AddRange(Enumerable.Range(1, 4).Select(id => Build.Customer(id)));
        store.Orders.AddRange(new[]
        {
            Paid(Build.Order(1, 1, Start.AddDays(1), 40m)), Paid(Build.Order(2, 1, Start.AddDays(2), 60m)),
            Paid(Build.Order(3, 2, Start.AddDays(3), 25m)),
            Paid(Build.Order(4, 1, Start.AddDays(-1), 500m)),            // before the window
            Paid(Build.Order(5, 2, Start.AddDays(4), 70m, OrderState.Cancelled)),
            Paid(Build.Order(6, 3, Start.AddDays(5), 30m)),              // the referred friend's order
        });
        store.Orders[1].RefundedAmount = 10m;
        store.Orders[1].PaymentStatusId = (int)PaymentState.PartiallyRefunded;
        store.OrderLines.AddRange(new[] { Line(1, 1, 100), Line(2, 1, 101), Line(3, 2, 100), Line(4, 3, 102), Line(5, 4, 103), Line(6, 5, 103), Line(7, 6, 102) });
        store.ProductReviews.AddRange(new[]
        {
            new ProductReviewFact { Id = 1, StoreId = 1, CustomerId = 2, ProductId = 100, Rating = 1, IsApproved = true, CreatedOnUtc = Start.AddDays(1) },
            new ProductReviewFact { Id = 2, StoreId = 1, CustomerId = 2, ProductId = 101, Rating = 5, IsApproved = false, CreatedOnUtc = Start.AddDays(1) },
        });
        var challenges = new ChallengeSeed();
        challenges.ProductCategories.AddRange(new[] { Map(100, 1), Map(101, 2), Map(102, 3), Map(103, 4) });
        challenges.Referrals.AddRange(new[]
        {
            new ReferralRow { StoreReferredKey = "1:3", StoreId = 1, ReferredCustomerId = 3, ReferrerCustomerId = 1, CreatedOnUtc = Start },
            new ReferralRow { StoreReferredKey = "1:4", StoreId = 1, ReferredCustomerId = 4, ReferrerCustomerId = 1, CreatedOnUtc = Start },
        });
        challenges.SurveyAnswers.Add(new SurveyAnswerRow { AnswerKey = "nps:1:2:o3", KindId = 1, StoreId = 1, CustomerId = 2, Subject = "o3", Score = 3, AnsweredUtc = Start.AddDays(3) });
        return (store, challenges);

        static OrderFact Paid(OrderFact order)
        {
            order.PaidDateUtc = order.CreatedOnUtc;
            order.PaymentStatusId = (int)PaymentState.Paid;
            return order;
        }
        static OrderLineFact Line(int id, int order, int product) => new() { Id = id, OrderId = order, ProductId = product, Quantity = 1, PriceExclTax = 10m };
        static ProductCategoryFact Map(int product, int category) => new() { ProductId = product, CategoryId = category };
    }

    private static ChallengeDefinition Goal(ChallengeGoal goal, params int[] categories) =>
        new() { Id = 1, Name = "C", StartDate = DateOnly.FromDateTime(Start), EndDate = DateOnly.FromDateTime(End).AddDays(-1), Goal = goal, Target = 1, CategoryIds = categories };

    [TestCase(ChallengeGoal.Categories, 2, 1)]
    [TestCase(ChallengeGoal.Spend, 90, 25)]
    [TestCase(ChallengeGoal.Orders, 2, 1)]
    [TestCase(ChallengeGoal.Reviews, 0, 1)]
    [TestCase(ChallengeGoal.Referrals, 1, 0)]
    [TestCase(ChallengeGoal.Surveys, 0, 1)]
    public async Task Each_goal_is_counted_in_the_database_for_several_customers_at_once(ChallengeGoal goal, decimal first, decimal second)
    {
        var (store, challenges) = Seed();
        var progress = await CreateWithAsync(store, challenges);

        var scores = await progress.ScoresAsync(Store1, Goal(goal), Start, End, [1, 2]);

        Assert.That((scores[1], scores[2]), Is.EqualTo((first, second)));
    }

    [Test]
    public async Task Listed_categories_count_only_themselves_and_the_cart_adds_its_own()
    {
        var (store, challenges) = Seed();
        var progress = await CreateWithAsync(store, challenges);
        var listed = Goal(ChallengeGoal.Categories, 2, 3, 4);

        var bought = await progress.ScoreAsync(Store1, listed, Start, End, new CustomerId(1));
        var withCart = await progress.CategoriesWithAsync(Store1, listed, Start, End, new CustomerId(1), [102, 100]);

        Assert.That((bought, withCart), Is.EqualTo((1m, 2m)));
    }

    [Test]
    public async Task Participants_are_the_customers_with_anything_counted()
    {
        var (store, challenges) = Seed();
        var progress = await CreateWithAsync(store, challenges);
        var orders = Goal(ChallengeGoal.Orders);

        var query = progress.Participants(1, orders, Start, End);
        var participants = await CountAsync(progress, query);

        Assert.That(participants, Is.EqualTo(3));
    }

    /// <summary>The host's runner count, through the progress' own query (the fixtures know their runner; this stays provider-neutral).</summary>
    protected abstract Task<int> CountAsync(ChallengeProgress progress, IQueryable<int> query);
}
