using Retention.Core.Challenges;
using Retention.Core.Common;

namespace Retention.Testing.Contracts;

/// <summary>What Core's <see cref="ChallengeStore"/> must do over every host's table.</summary>
public abstract class ChallengeStoreContract : PortContract<ChallengeStore>
{
    private static readonly StoreId Store1 = new(1);
    private static readonly StoreId Store2 = new(2);
    private static readonly CustomerId Anna = new(5);
    private static readonly DateTime Hold = new(2026, 7, 1, 0, 0, 0, DateTimeKind.Utc);

    [Test]
    public async Task A_challenge_is_completed_once_however_often_it_is_recorded()
    {
        var first = await Port.TryCompleteAsync(Store1, 3, Anna, Hold, 100);
        var again = await Port.TryCompleteAsync(Store1, 3, Anna, Hold, 100);

        Assert.That((first, again), Is.EqualTo(((int?)1, (int?)null)));
        var record = (await Port.OfCustomerAsync(Store1, Anna)).Single();
        Assert.That((record.Kind, record.State, record.Subject, record.Points, record.HoldUntilUtc),
            Is.EqualTo((ChallengeRecordKind.Completion, CompletionState.Held, "3", 100, (DateTime?)Hold)));
    }

    [Test]
    public async Task Racing_completions_record_exactly_one()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Port.TryCompleteAsync(Store1, 3, Anna, Hold, 10))));

        Assert.That(results.Count(r => r == 1), Is.EqualTo(1));
        Assert.That((await Port.OfCustomerAsync(Store1, Anna)).Count, Is.EqualTo(1));
    }

    [Test]
    public async Task A_revoked_completion_can_be_completed_again_as_the_next_attempt()
    {
        await Port.TryCompleteAsync(Store1, 3, Anna, Hold, 10);
        var record = (await Port.OfCustomerAsync(Store1, Anna)).Single();

        Assert.That(await Port.TryRevokeAsync(record.Id, 1), Is.True);
        Assert.That(await Port.TryRevokeAsync(record.Id, 1), Is.False);
        Assert.That(await Port.TryCompleteAsync(Store1, 3, Anna, Hold.AddDays(1), 10), Is.EqualTo(2));
        var again = (await Port.OfCustomerAsync(Store1, Anna)).Single();
        Assert.That((again.State, again.Attempt, again.HoldUntilUtc), Is.EqualTo((CompletionState.Held, 2, (DateTime?)Hold.AddDays(1))));
    }

    [Test]
    public async Task A_paid_completion_is_neither_revoked_nor_paid_twice()
    {
        await Port.TryCompleteAsync(Store1, 3, Anna, Hold, 0);
        var record = (await Port.OfCustomerAsync(Store1, Anna)).Single();

        Assert.That(await Port.TryMarkPaidAsync(record.Id, 1, "CODE1"), Is.True);
        Assert.That(await Port.TryMarkPaidAsync(record.Id, 1, "CODE2"), Is.False);
        Assert.That(await Port.TryRevokeAsync(record.Id, 1), Is.False);
        var paid = (await Port.OfCustomerAsync(Store1, Anna)).Single();
        Assert.That((paid.State, paid.CouponCode), Is.EqualTo((CompletionState.Paid, "CODE1")));
    }

    [Test]
    public async Task Held_completions_fall_due_when_their_hold_is_over_in_id_batches()
    {
        for (var c = 1; c <= 3; c++)
            await Port.TryCompleteAsync(Store1, c, Anna, Hold.AddDays(c), 0);
        await Port.TryCompleteAsync(Store2, 1, Anna, Hold, 0);

        var first = await Port.DueForPaymentAsync(Store1, Hold.AddDays(2), 0, 1);
        var second = await Port.DueForPaymentAsync(Store1, Hold.AddDays(2), first[0].Id, 5);

        Assert.That(first.Select(r => r.Subject).Concat(second.Select(r => r.Subject)), Is.EqualTo(new[] { "1", "2" }));
    }

    [Test]
    public async Task A_badge_is_awarded_once_per_store()
    {
        Assert.That(await Port.TryAwardBadgeAsync(Store1, Badges.FirstOrder, Anna), Is.True);
        Assert.That(await Port.TryAwardBadgeAsync(Store1, Badges.FirstOrder, Anna), Is.False);
        Assert.That(await Port.TryAwardBadgeAsync(Store2, Badges.FirstOrder, Anna), Is.True);
        Assert.That((await Port.OfCustomerAsync(Store1, Anna)).Count(r => r.Kind == ChallengeRecordKind.Badge), Is.EqualTo(1));
    }

    [Test]
    public async Task Leaderboard_opt_in_and_out_is_listed_per_challenge()
    {
        await Port.SetLeaderboardAsync(Store1, 3, Anna, true);
        await Port.SetLeaderboardAsync(Store1, 3, new CustomerId(9), true);
        await Port.SetLeaderboardAsync(Store1, 4, new CustomerId(8), true);

        Assert.That(await Port.SetLeaderboardAsync(Store1, 3, Anna, true), Is.False);
        Assert.That(await Port.OptedInAsync(Store1, 3), Is.EqualTo(new[] { 5, 9 }));
        Assert.That(await Port.SetLeaderboardAsync(Store1, 3, Anna, false), Is.True);
        Assert.That(await Port.OptedInAsync(Store1, 3), Is.EqualTo(new[] { 9 }));
    }

    [Test]
    public async Task Erasure_forgets_every_record_of_the_customer_in_every_store_and_nobody_elses()
    {
        await Port.TryCompleteAsync(Store1, 3, Anna, Hold, 10);
        await Port.TryAwardBadgeAsync(Store2, Badges.OneYear, Anna);
        await Port.SetLeaderboardAsync(Store1, 3, Anna, true);
        await Port.TryAwardBadgeAsync(Store1, Badges.OneYear, new CustomerId(9));

        Assert.That(await Port.EraseAsync(Anna), Is.EqualTo(3));
        Assert.That(await Port.AllOfCustomerAsync(Anna), Is.Empty);
        Assert.That((await Port.AllOfCustomerAsync(new CustomerId(9))).Count, Is.EqualTo(1));
    }
}
