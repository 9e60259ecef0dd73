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
public sealed class WorkflowLoyalty(LoyaltyEvents events, LoyaltyNightly nightly) : IWorkflowLoyalty
{
    public Task<LedgerEntry?> SurveyAnsweredAsync(StoreId store, CustomerId customer, string responseId, CancellationToken cancellationToken = default) =>
        events.SurveyAnsweredAsync(store, customer, responseId, cancellationToken);

    public Task<IReadOnlyList<ExpiryReminder>> ExpiringSoonAsync(StoreId store, int afterCustomerId, int take, CancellationToken cancellationToken = default) =>
        nightly.ExpiringSoonAsync(store, afterCustomerId, take, cancellationToken);
}
