using Retention.Core.Common;
using Retention.Core.Messaging;

namespace Retention.Core.Workflows;

/// <summary>Loads and saves a store's <see cref="WorkflowProgramSettings"/> (nopCommerce settings per store; a table in the sandbox).</summary>
public interface IWorkflowSettingsStore
{
    /// <summary>The settings in force for <paramref name="store"/>; <see cref="WorkflowCatalog.Defaults"/> where nothing was saved.</summary>
    Task<WorkflowProgramSettings> LoadAsync(StoreId store, CancellationToken cancellationToken = default);

    /// <summary>Validates and saves; invalid settings are rejected whole and nothing is written.</summary>
    Task<ValidationResult> SaveAsync(StoreId store, WorkflowProgramSettings settings, CancellationToken cancellationToken = default);

    /// <summary>Every store the scheduled run visits.</summary>
    Task<IReadOnlyList<StoreId>> StoresAsync(CancellationToken cancellationToken = default);
}

/// <summary>Enrollments, with (workflow, store, customer, subject) unique and an index on (state, next due) for the due-step query.</summary>
public interface IEnrollmentStore
{
    /// <summary>Inserts the enrollment and returns it with its id; null, and nothing written, when its key exists already.</summary>
    Task<Enrollment?> TryAddAsync(Enrollment enrollment, CancellationToken cancellationToken = default);

    Task<Enrollment?> GetAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Active enrollments due at <paramref name="nowUtc"/>, earliest due first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Enrollment>> DueAsync(DateTime nowUtc, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies <paramref name="transition"/> only if the enrollment is still active at its <c>FromStep</c>; false when another
    /// runner moved it first (the caller then does nothing more for it).
    /// </summary>
    Task<bool> TryAdvanceAsync(EnrollmentTransition transition, CancellationToken cancellationToken = default);

    /// <summary>The customer's active enrollments in the store, for exits and for the frequency cap's look-ahead.</summary>
    Task<IReadOnlyList<Enrollment>> ActiveForCustomerAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default);

    /// <summary>When the customer last entered <paramref name="workflow"/> in the store (control group included), for re-entry rules.</summary>
    Task<DateTime?> LastEnrolledAsync(WorkflowKind workflow, StoreId store, CustomerId customer, CancellationToken cancellationToken = default);

    /// <summary>Of <paramref name="customers"/>, those enrolled in <paramref name="workflow"/> in the store since <paramref name="sinceUtc"/> (a scan's filter, one query per batch).</summary>
    Task<IReadOnlySet<CustomerId>> EnrolledSinceAsync(WorkflowKind workflow, StoreId store, IReadOnlyCollection<CustomerId> customers, DateTime sinceUtc,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The active enrollments of all <paramref name="customers"/> in the store, so a run reads a due batch's look-ahead in
    /// one query. The default asks per customer; hosts override it with one query.
    /// </summary>
    async Task<IReadOnlyList<Enrollment>> ActiveForCustomersAsync(StoreId store, IReadOnlyCollection<CustomerId> customers,
        CancellationToken cancellationToken = default)
    {
        var all = new List<Enrollment>();
        foreach (var customer in customers.Distinct())
            all.AddRange(await ActiveForCustomerAsync(store, customer, cancellationToken));
        return all;
    }
}

/// <summary>Workflow events (sent, withheld, skipped, opened, clicked, converted, coupon redeemed), each once by its key.</summary>
public interface IWorkflowEventStore
{
    /// <summary>Records the event; false, and nothing written, when its key exists.</summary>
    Task<bool> TryAddAsync(WorkflowEvent workflowEvent, CancellationToken cancellationToken = default);

    /// <summary>
    /// The latest event of one of <paramref name="kinds"/> for the customer in the store with
    /// <c>fromUtc ≤ OccurredUtc &lt; toUtc</c> (attribution's last touch), control group excluded; null if none.
    /// </summary>
    Task<WorkflowEvent?> LastAsync(StoreId store, CustomerId customer, IReadOnlyCollection<WorkflowEventKind> kinds, DateTime fromUtc, DateTime toUtc,
        CancellationToken cancellationToken = default);

    /// <summary>Whether the enrollment has an event of <paramref name="kind"/> (e.g. a click before a reminder).</summary>
    Task<bool> AnyAsync(long enrollmentId, WorkflowEventKind kind, CancellationToken cancellationToken = default);

    /// <summary>
    /// Of <paramref name="customers"/>, those sent an email of <paramref name="workflow"/> in the store at or after
    /// <paramref name="sinceUtc"/>, each with the latest such send (win-back keeps away from an abandoned-cart email);
    /// control group excluded.
    /// </summary>
    Task<IReadOnlyDictionary<CustomerId, DateTime>> LastSentAsync(WorkflowKind workflow, StoreId store, IReadOnlyCollection<CustomerId> customers,
        DateTime sinceUtc, CancellationToken cancellationToken = default);

    /// <summary>
    /// Of <paramref name="enrollmentIds"/>, those with an event of <paramref name="kind"/> (a due batch's "not clicked yet"
    /// conditions in one query). The default asks per enrollment; hosts override it with one query.
    /// </summary>
    async Task<IReadOnlySet<long>> EnrollmentsWithAsync(IReadOnlyCollection<long> enrollmentIds, WorkflowEventKind kind,
        CancellationToken cancellationToken = default)
    {
        var found = new HashSet<long>();
        foreach (var id in enrollmentIds.Distinct())
            if (await AnyAsync(id, kind, cancellationToken))
                found.Add(id);
        return found;
    }
}

/// <summary>Survey answers, one per (kind, store, customer, subject).</summary>
public interface ISurveyStore
{
    /// <summary>Records the answer; false, and nothing written, when that survey was answered already.</summary>
    Task<bool> TryAddAsync(SurveyAnswer answer, CancellationToken cancellationToken = default);

    Task<SurveyAnswer?> FindAsync(SurveyKind kind, StoreId store, CustomerId customer, string subject, CancellationToken cancellationToken = default);

    /// <summary>Sets the comment of an existing answer (replacing an earlier one); false when there is no such answer.</summary>
    Task<bool> SetCommentAsync(SurveyKind kind, StoreId store, CustomerId customer, string subject, string comment, CancellationToken cancellationToken = default);
}

/// <summary>The customer's contact details and consent as the store keeps them (customer record, newsletter subscriptions, GDPR consents).</summary>
public interface IContactDirectory
{
    /// <summary>Null when the customer does not exist (anymore).</summary>
    Task<ContactFacts?> GetAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default);

    /// <summary>
    /// The contacts of <paramref name="customers"/> in the store; a customer who does not exist (anymore) is missing from
    /// the answer. The default asks per customer; hosts override it with one query per batch.
    /// </summary>
    async Task<IReadOnlyDictionary<CustomerId, ContactFacts>> GetManyAsync(StoreId store, IReadOnlyCollection<CustomerId> customers,
        CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<CustomerId, ContactFacts>();
        foreach (var customer in customers.Distinct())
            if (await GetAsync(store, customer, cancellationToken) is { } contact)
                found[customer] = contact;
        return found;
    }

    /// <summary>Stops marketing email to the customer in the store (newsletter unsubscribed and suppressed); doing it twice is harmless.</summary>
    Task UnsubscribeAsync(StoreId store, CustomerId customer, DateTime nowUtc, CancellationToken cancellationToken = default);
}

/// <summary>
/// Fills a step's template tokens: product names, pictures and prices, URLs of the landing routes (made from the
/// <see cref="StepLinks"/> tokens), suggested products. Keys without the % signs, e.g. <c>Retention.CartItems</c>; values
/// are HTML-encoded where they hold customer text. Every host uses <see cref="Content.WorkflowEmailContent"/> over its own
/// <see cref="Content.IEmailFacts"/>, so the markup is written once; the port stays for decorators (the farm's slow
/// content, tests' counting wrappers).
/// </summary>
public interface IWorkflowContent
{
    /// <summary>
    /// The tokens for <paramref name="message"/>, or <see cref="StepContent.Nothing"/> when there is nothing to say (cart
    /// empty, every product already reviewed), so the step is skipped. Click-tracked links may only lead to the store's own
    /// pages: the host's click route refuses any other target (no open redirect).
    /// </summary>
    Task<StepContent> RenderAsync(StepMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="RenderAsync"/> for a due batch's messages, answers in the same order; a host overrides it to read the
    /// batch's carts and products in one query each. One message's failure throws for the whole call: the engine then
    /// renders the batch one by one to keep that failure to its own step.
    /// </summary>
    async Task<IReadOnlyList<StepContent>> RenderManyAsync(IReadOnlyList<StepMessage> messages, CancellationToken cancellationToken = default)
    {
        var contents = new List<StepContent>(messages.Count);
        foreach (var message in messages)
            contents.Add(await RenderAsync(message, cancellationToken));
        return contents;
    }
}

/// <summary>A step's rendered tokens, or the reason there is nothing to send.</summary>
public sealed record StepContent(IReadOnlyDictionary<string, string> Tokens, string? NothingToSay)
{
    public static StepContent Nothing(string reason) => new(new Dictionary<string, string>(), reason);

    public bool HasContent => NothingToSay is null;
}

/// <summary>nopCommerce 5.00's own abandoned-cart / pending-order / incomplete-registration reminders; the 4.90 build finds none.</summary>
public interface IBuiltInReminders
{
    Task<BuiltInReminderStatus> DetectAsync(CancellationToken cancellationToken = default);

    /// <summary>Disables the built-in task, remembering it was on; idempotent.</summary>
    Task TakeOverAsync(CancellationToken cancellationToken = default);

    /// <summary>Re-enables the built-in task if the plugin disabled it; idempotent.</summary>
    Task RestoreAsync(CancellationToken cancellationToken = default);

    /// <summary>Built-in reminder emails queued to the customer since <paramref name="sinceUtc"/>, so the frequency cap counts them.</summary>
    Task<int> CountSentSinceAsync(StoreId store, CustomerId customer, DateTime sinceUtc, CancellationToken cancellationToken = default);

    /// <summary>
    /// When each built-in reminder email to <paramref name="customers"/> was queued since <paramref name="sinceUtc"/> (customers
    /// with none are missing), so a run counts a due batch's weekly caps — and finds when a slot frees up — from one read.
    /// </summary>
    Task<IReadOnlyDictionary<CustomerId, IReadOnlyList<DateTime>>> SentTimesSinceAsync(StoreId store, IReadOnlyCollection<CustomerId> customers,
        DateTime sinceUtc, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} does not list built-in reminder send times; a run over a batch needs them.");
}

/// <summary>The 4.90 answer: there are no built-in reminders.</summary>
public sealed class NoBuiltInReminders : IBuiltInReminders
{
    public static readonly NoBuiltInReminders Instance = new();

    public Task<BuiltInReminderStatus> DetectAsync(CancellationToken cancellationToken = default) => Task.FromResult(BuiltInReminderStatus.None);

    public Task TakeOverAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task RestoreAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<int> CountSentSinceAsync(StoreId store, CustomerId customer, DateTime sinceUtc, CancellationToken cancellationToken = default) => Task.FromResult(0);

    public Task<IReadOnlyDictionary<CustomerId, IReadOnlyList<DateTime>>> SentTimesSinceAsync(StoreId store, IReadOnlyCollection<CustomerId> customers,
        DateTime sinceUtc, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<CustomerId, IReadOnlyList<DateTime>>>(new Dictionary<CustomerId, IReadOnlyList<DateTime>>());
}

/// <summary>Products marked with a reorder interval (replenishment reminders): product id → days.</summary>
public interface IReplenishmentCatalog
{
    Task<IReadOnlyDictionary<int, int>> IntervalsAsync(StoreId store, IReadOnlyCollection<int> productIds, CancellationToken cancellationToken = default);
}

/// <summary>Read models of the workflow tables for reports (sent/clicked/converted per step, lift, NPS/CSAT), queried in the database.</summary>
public interface IWorkflowData
{
    IQueryable<EnrollmentFact> Enrollments { get; }
    IQueryable<WorkflowEventFact> WorkflowEvents { get; }
    IQueryable<SurveyAnswerFact> SurveyAnswers { get; }
}

/// <summary>An enrollment row as the report queries see it (numbers as stored).</summary>
public sealed class EnrollmentFact
{
    public long Id { get; set; }
    public int WorkflowId { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public string Subject { get; set; } = "";
    public DateTime EnrolledUtc { get; set; }
    public DateTime AnchorUtc { get; set; }
    public bool IsControl { get; set; }
    public int StateId { get; set; }
    public int NextStep { get; set; }
    public DateTime? NextDueUtc { get; set; }
    public DateTime? ClosedUtc { get; set; }
}

/// <summary>A workflow event row.</summary>
public sealed class WorkflowEventFact
{
    public long Id { get; set; }
    public long EnrollmentId { get; set; }
    public int WorkflowId { get; set; }
    public int Step { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public int KindId { get; set; }
    public DateTime OccurredUtc { get; set; }
    public bool IsControl { get; set; }
    public int? OrderId { get; set; }
    public decimal Revenue { get; set; }
}

/// <summary>A survey answer row.</summary>
public sealed class SurveyAnswerFact
{
    public long Id { get; set; }
    public int KindId { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public string Subject { get; set; } = "";
    public int Score { get; set; }
    public string? Comment { get; set; }
    public DateTime AnsweredUtc { get; set; }
}

/// <summary>
/// One due step's decided outcome: the enrollment's move, the step's event (sent, withheld, skipped; none for a deferral or
/// an exit) and the email (only when sent).
/// </summary>
public sealed record StepOutcome(EnrollmentTransition Transition, WorkflowEvent? Event, OutboundMessage? Message);

/// <summary>
/// Commits a run's step outcomes. For each outcome the transition is applied by compare-and-set and, only if it wins, the
/// event (once by its key) and the email (once by its key) are written with it — state change and email queueing commit
/// together, so a process killed mid-batch leaves every step either fully done or still due. A host with one database for
/// all three implements it with one transaction per call; without it (null in <see cref="WorkflowServices.StepWriter"/>)
/// the engine writes through the single ports in the crash-safe order email → event → state.
/// </summary>
public interface IWorkflowStepWriter
{
    /// <summary>
    /// Commits <paramref name="outcomes"/> (at most one per enrollment) and returns the ids of the enrollments whose
    /// transition won; outcomes that lost wrote nothing. Throws, having written nothing, when the commit fails.
    /// </summary>
    Task<IReadOnlySet<long>> CommitAsync(IReadOnlyList<StepOutcome> outcomes, CancellationToken cancellationToken = default);
}
