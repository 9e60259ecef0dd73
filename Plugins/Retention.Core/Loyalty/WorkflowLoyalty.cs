using Retention.Core.Common;

namespace Retention.Core.Loyalty;

/// <summary>What the workflows ask of the loyalty program: the survey bonus, and the points-expiry reminder's data.</summary>
public interface IWorkflowLoyalty
{
    /// <summary>See <see cref="LoyaltyEvents.SurveyAnsweredAsync"/>.</summary>
    Task<LedgerEntry?> SurveyAnsweredAsync(StoreId store, CustomerId customer, string responseId, CancellationToken cancellationToken = default);

    /// <summary>See <see cref="LoyaltyNightly.ExpiringSoonAsync"/>.</summary>
    Task<IReadOnlyList<ExpiryReminder>> ExpiringSoonAsync(StoreId store, int afterCustomerId, int take, CancellationToken cancellationToken = default);
}

/// <summary><see cref="IWorkflowLoyalty"/> over the two loyalty classes that answer it.</summary>
/// <remarks>
/// A survey answer also goes to the challenges (when the host runs them), which count answers too; a challenge it
/// completes goes to its email like one an order completes. <paramref name="emails"/> is asked for the workflows' door
/// only then: the workflows hold this class, so taking the door when built would go round in a circle.
/// </remarks>
public sealed class WorkflowLoyalty(LoyaltyEvents events, LoyaltyNightly nightly, Challenges.ChallengeEvents? challenges = null,
    Func<Events.IWorkflowTriggers?>? emails = null) : IWorkflowLoyalty
{
    public async Task<LedgerEntry?> SurveyAnsweredAsync(StoreId store, CustomerId customer, string responseId, CancellationToken cancellationToken = default)
    {
        var bonus = await events.SurveyAnsweredAsync(store, customer, responseId, cancellationToken);
        if (challenges is not null)
        {
            var outcome = await challenges.SurveyAnsweredAsync(store, customer, cancellationToken);
            if (emails?.Invoke() is { } workflows)
                await Events.StoreEvents.ChallengeEmailsAsync(workflows, outcome, cancellationToken);
        }
        return bonus;
    }

    public Task<IReadOnlyList<ExpiryReminder>> ExpiringSoonAsync(StoreId store, int afterCustomerId, int take, CancellationToken cancellationToken = default) =>
        nightly.ExpiringSoonAsync(store, afterCustomerId, take, cancellationToken);
}
