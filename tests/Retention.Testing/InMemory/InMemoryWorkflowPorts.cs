using Retention.Core.Common;
using Retention.Core.Workflows;

namespace Retention.Testing.InMemory;

/// <summary>Workflow settings per store, with store 0 as the all-stores values; the run visits the stores given.</summary>
public sealed class InMemoryWorkflowSettingsStore(params StoreId[] stores) : IWorkflowSettingsStore
{
    private readonly object _sync = new();
    private readonly Dictionary<int, WorkflowProgramSettings> _byStore = new();
    private readonly List<StoreId> _stores = stores.Length == 0 ? [new StoreId(1)] : stores.Distinct().ToList();

    public Task<WorkflowProgramSettings> LoadAsync(StoreId store, CancellationToken cancellationToken = default)
    {
        lock (_sync)
        {
            if (_byStore.TryGetValue(store.Value, out var own) || _byStore.TryGetValue(0, out own))
                return Task.FromResult(own);
            return Task.FromResult(WorkflowCatalog.Defaults());
        }
    }

    public Task<ValidationResult> SaveAsync(StoreId store, WorkflowProgramSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var result = settings.Validate();
        if (result.IsValid)
            lock (_sync)
                _byStore[store.Value] = settings;
        return Task.FromResult(result);
    }

    public Task<IReadOnlyList<StoreId>> StoresAsync(CancellationToken cancellationToken = default)
    {
        lock (_sync)
            return Task.FromResult<IReadOnlyList<StoreId>>(_stores.ToList());
    }

    /// <summary>Changes one workflow of a store's settings (a test's shorthand for the admin page); throws on invalid settings.</summary>
    public async Task ConfigureAsync(StoreId store, WorkflowKind kind, Func<WorkflowSettings, WorkflowSettings> change)
    {
        var current = await LoadAsync(store);
        var workflows = current.Workflows.Select(w => w.Kind == kind ? change(w) : w).ToList();
        var result = await SaveAsync(store, current with { Workflows = workflows });
        if (!result.IsValid)
            throw new ArgumentException(string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}")), nameof(change));
    }
}

/// <summary>
/// Enrollments, events and survey answers in lists behind one lock, so <see cref="IWorkflowData"/> reads exactly what the
/// stores wrote; every write is checked against its unique key first, as the tables' unique indexes do.
/// </summary>
public sealed class InMemoryWorkflowStores : IEnrollmentStore, IWorkflowEventStore, ISurveyStore, IWorkflowData
{
    private readonly object _sync = new();
    private readonly List<Enrollment> _enrollments = new();
    private readonly Dictionary<string, WorkflowEvent> _events = new(StringComparer.Ordinal);
    private readonly List<(long Id, WorkflowEvent Event)> _eventRows = new();
    private readonly Dictionary<string, SurveyAnswer> _answers = new(StringComparer.Ordinal);
    private readonly List<(long Id, string Key)> _answerRows = new();
    private long _nextId;

    /// <summary>Called inside every store method before it does anything, so a test can fail a chosen call (a crash).</summary>
    public Action<string>? BeforeCall { get; set; }

    public IReadOnlyList<Enrollment> AllEnrollments
    {
        get { lock (_sync) return _enrollments.ToList(); }
    }

    public IReadOnlyList<WorkflowEvent> AllEvents
    {
        get { lock (_sync) return _eventRows.Select(r => r.Event).ToList(); }
    }

    public IReadOnlyList<SurveyAnswer> AllAnswers
    {
        get { lock (_sync) return _answerRows.Select(r => _answers[r.Key]).ToList(); }
    }

    // IEnrollmentStore

    public Task<Enrollment?> TryAddAsync(Enrollment enrollment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        BeforeCall?.Invoke("Enrollments.TryAdd");
        if (enrollment.Subject.Length > Enrollment.MaxSubjectLength)
            throw new ArgumentException($"An enrollment's subject is at most {Enrollment.MaxSubjectLength} characters.", nameof(enrollment));
        lock (_sync)
        {
            var key = enrollment.Key;
            if (_enrollments.Any(e => e.Key == key))
                return Task.FromResult<Enrollment?>(null);
            var stored = enrollment with { Id = ++_nextId };
            _enrollments.Add(stored);
            return Task.FromResult<Enrollment?>(stored);
        }
    }

    public Task<Enrollment?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        lock (_sync)
            return Task.FromResult(_enrollments.FirstOrDefault(e => e.Id == id));
    }

    public Task<IReadOnlyList<Enrollment>> DueAsync(DateTime nowUtc, int limit, CancellationToken cancellationToken = default)
    {
        if (limit <= 0) throw new ArgumentOutOfRangeException(nameof(limit), limit, "Ask for at least one due enrollment.");
        BeforeCall?.Invoke("Enrollments.Due");
        lock (_sync)
            return Task.FromResult<IReadOnlyList<Enrollment>>(_enrollments
                .Where(e => e.State == EnrollmentState.Active && e.NextDueUtc <= nowUtc)
                .OrderBy(e => e.NextDueUtc).ThenBy(e => e.Id).Take(limit).ToList());
    }

    public Task<bool> TryAdvanceAsync(EnrollmentTransition transition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transition);
        BeforeCall?.Invoke("Enrollments.TryAdvance");
        lock (_sync)
            return Task.FromResult(AdvanceLocked(transition));
    }

    /// <summary>The lock every store method takes; <see cref="InMemoryWorkflowStepWriter"/> holds it over a whole commit.</summary>
    internal object Sync => _sync;

    /// <summary>The compare-and-set of <see cref="TryAdvanceAsync"/>; the caller holds <see cref="Sync"/>.</summary>
    internal bool AdvanceLocked(EnrollmentTransition transition)
    {
        var index = _enrollments.FindIndex(e => e.Id == transition.EnrollmentId);
        if (index < 0)
            return false;
        var current = _enrollments[index];
        if (current.State != EnrollmentState.Active || current.NextStep != transition.FromStep)
            return false;
        var closed = transition.State != EnrollmentState.Active;
        _enrollments[index] = current with
        {
            NextStep = transition.NextStep,
            NextDueUtc = closed ? null : transition.NextDueUtc,
            State = transition.State,
            ExitReason = transition.ExitReason,
            ClosedUtc = closed ? transition.AtUtc : null,
        };
        return true;
    }

    public Task<IReadOnlyList<Enrollment>> ActiveForCustomerAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        lock (_sync)
            return Task.FromResult<IReadOnlyList<Enrollment>>(_enrollments
                .Where(e => e.Store == store && e.Customer == customer && e.State == EnrollmentState.Active).ToList());
    }

    public Task<IReadOnlyList<Enrollment>> ActiveForCustomersAsync(StoreId store, IReadOnlyCollection<CustomerId> customers,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        BeforeCall?.Invoke("Enrollments.ActiveForCustomers");
        var wanted = customers.ToHashSet();
        lock (_sync)
            return Task.FromResult<IReadOnlyList<Enrollment>>(_enrollments
                .Where(e => e.Store == store && wanted.Contains(e.Customer) && e.State == EnrollmentState.Active).ToList());
    }

    public Task<DateTime?> LastEnrolledAsync(WorkflowKind workflow, StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        lock (_sync)
            return Task.FromResult(_enrollments
                .Where(e => e.Workflow == workflow && e.Store == store && e.Customer == customer)
                .Max(e => (DateTime?)e.EnrolledUtc));
    }

    public Task<IReadOnlySet<CustomerId>> EnrolledSinceAsync(WorkflowKind workflow, StoreId store, IReadOnlyCollection<CustomerId> customers,
        DateTime sinceUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var wanted = customers.ToHashSet();
        lock (_sync)
            return Task.FromResult<IReadOnlySet<CustomerId>>(_enrollments
                .Where(e => e.Workflow == workflow && e.Store == store && e.EnrolledUtc >= sinceUtc && wanted.Contains(e.Customer))
                .Select(e => e.Customer).ToHashSet());
    }

    // IWorkflowEventStore

    public Task<bool> TryAddAsync(WorkflowEvent workflowEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflowEvent);
        BeforeCall?.Invoke("Events.TryAdd");
        CheckDetail(workflowEvent);
        lock (_sync)
            return Task.FromResult(AddEventLocked(workflowEvent));
    }

    internal static void CheckDetail(WorkflowEvent workflowEvent)
    {
        if (workflowEvent.Detail is { Length: > 400 })
            throw new ArgumentException("An event's detail is at most 400 characters.", nameof(workflowEvent));
    }

    /// <summary>Records the event once by its key; the caller holds <see cref="Sync"/>.</summary>
    internal bool AddEventLocked(WorkflowEvent workflowEvent)
    {
        if (!_events.TryAdd(workflowEvent.Key.Value, workflowEvent))
            return false;
        _eventRows.Add((++_nextId, workflowEvent));
        return true;
    }

    public Task<WorkflowEvent?> LastAsync(StoreId store, CustomerId customer, IReadOnlyCollection<WorkflowEventKind> kinds, DateTime fromUtc, DateTime toUtc,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        lock (_sync)
            return Task.FromResult(_eventRows.Select(r => r.Event)
                .Where(e => e.Store == store && e.Customer == customer && !e.IsControl && kinds.Contains(e.Kind)
                            && e.OccurredUtc >= fromUtc && e.OccurredUtc < toUtc)
                .OrderByDescending(e => e.OccurredUtc).FirstOrDefault());
    }

    public Task<bool> AnyAsync(long enrollmentId, WorkflowEventKind kind, CancellationToken cancellationToken = default)
    {
        lock (_sync)
            return Task.FromResult(_eventRows.Any(r => r.Event.EnrollmentId == enrollmentId && r.Event.Kind == kind));
    }

    public Task<IReadOnlyDictionary<CustomerId, DateTime>> LastSentAsync(WorkflowKind workflow, StoreId store, IReadOnlyCollection<CustomerId> customers,
        DateTime sinceUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var wanted = customers.ToHashSet();
        lock (_sync)
            return Task.FromResult<IReadOnlyDictionary<CustomerId, DateTime>>(_eventRows.Select(r => r.Event)
                .Where(e => e.Workflow == workflow && e.Store == store && e.Kind == WorkflowEventKind.Sent && !e.IsControl && e.OccurredUtc >= sinceUtc
                    && wanted.Contains(e.Customer))
                .GroupBy(e => e.Customer)
                .ToDictionary(g => g.Key, g => g.Max(e => e.OccurredUtc)));
    }

    public Task<IReadOnlySet<long>> EnrollmentsWithAsync(IReadOnlyCollection<long> enrollmentIds, WorkflowEventKind kind,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(enrollmentIds);
        BeforeCall?.Invoke("Events.EnrollmentsWith");
        var wanted = enrollmentIds.ToHashSet();
        lock (_sync)
            return Task.FromResult<IReadOnlySet<long>>(_eventRows
                .Where(r => r.Event.Kind == kind && wanted.Contains(r.Event.EnrollmentId)).Select(r => r.Event.EnrollmentId).ToHashSet());
    }

    // ISurveyStore

    public Task<bool> TryAddAsync(SurveyAnswer answer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var (min, max) = SurveyAnswer.ScaleOf(answer.Kind);
        if (answer.Score < min || answer.Score > max)
            throw new ArgumentOutOfRangeException(nameof(answer), answer.Score, $"A {answer.Kind} score is between {min} and {max}.");
        lock (_sync)
        {
            var key = answer.Key.Value;
            if (!_answers.TryAdd(key, answer))
                return Task.FromResult(false);
            _answerRows.Add((++_nextId, key));
            return Task.FromResult(true);
        }
    }

    public Task<SurveyAnswer?> FindAsync(SurveyKind kind, StoreId store, CustomerId customer, string subject, CancellationToken cancellationToken = default)
    {
        lock (_sync)
            return Task.FromResult(_answers.GetValueOrDefault(SurveyKey(kind, store, customer, subject)));
    }

    public Task<bool> SetCommentAsync(SurveyKind kind, StoreId store, CustomerId customer, string subject, string comment,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(comment);
        if (comment.Length > SurveyAnswer.MaxCommentLength)
            throw new ArgumentException($"A comment is at most {SurveyAnswer.MaxCommentLength} characters.", nameof(comment));
        lock (_sync)
        {
            var key = SurveyKey(kind, store, customer, subject);
            if (!_answers.TryGetValue(key, out var answer))
                return Task.FromResult(false);
            _answers[key] = answer with { Comment = comment };
            return Task.FromResult(true);
        }
    }

    private static string SurveyKey(SurveyKind kind, StoreId store, CustomerId customer, string subject) =>
        IdempotencyKey.For("survey", (int)kind, store, customer, subject).Value;

    // IWorkflowData: snapshots, so a report's LINQ never sees a list change under it.

    public IQueryable<EnrollmentFact> Enrollments
    {
        get
        {
            lock (_sync)
                return _enrollments.Select(e => new EnrollmentFact
                {
                    Id = e.Id,
                    WorkflowId = (int)e.Workflow,
                    StoreId = e.Store.Value,
                    CustomerId = e.Customer.Value,
                    Subject = e.Subject,
                    EnrolledUtc = e.EnrolledUtc,
                    AnchorUtc = e.AnchorUtc,
                    IsControl = e.IsControl,
                    StateId = (int)e.State,
                    NextStep = e.NextStep,
                    NextDueUtc = e.NextDueUtc,
                    ClosedUtc = e.ClosedUtc,
                }).ToList().AsQueryable();
        }
    }

    public IQueryable<WorkflowEventFact> WorkflowEvents
    {
        get
        {
            lock (_sync)
                return _eventRows.Select(r => new WorkflowEventFact
                {
                    Id = r.Id,
                    EnrollmentId = r.Event.EnrollmentId,
                    WorkflowId = (int)r.Event.Workflow,
                    Step = r.Event.Step,
                    StoreId = r.Event.Store.Value,
                    CustomerId = r.Event.Customer.Value,
                    KindId = (int)r.Event.Kind,
                    OccurredUtc = r.Event.OccurredUtc,
                    IsControl = r.Event.IsControl,
                    OrderId = r.Event.OrderId,
                    Revenue = r.Event.Revenue,
                }).ToList().AsQueryable();
        }
    }

    public IQueryable<SurveyAnswerFact> SurveyAnswers
    {
        get
        {
            lock (_sync)
                return _answerRows.Select(r => (r.Id, Answer: _answers[r.Key])).Select(r => new SurveyAnswerFact
                {
                    Id = r.Id,
                    KindId = (int)r.Answer.Kind,
                    StoreId = r.Answer.Store.Value,
                    CustomerId = r.Answer.Customer.Value,
                    Subject = r.Answer.Subject,
                    Score = r.Answer.Score,
                    Comment = r.Answer.Comment,
                    AnsweredUtc = r.Answer.AnsweredUtc,
                }).ToList().AsQueryable();
        }
    }
}

/// <summary>
/// Customers' contact facts as a test sets them: every customer not set explicitly is a reachable, consenting customer
/// with an address (<c>customer{id}@example.com</c>) in <see cref="DefaultTimeZone"/>.
/// </summary>
public sealed class FakeContactDirectory : IContactDirectory
{
    private readonly object _sync = new();
    private readonly Dictionary<(int Store, int Customer), ContactFacts?> _facts = new();
    private readonly List<(StoreId Store, CustomerId Customer, DateTime AtUtc)> _unsubscribes = new();

    public TimeZoneInfo DefaultTimeZone { get; set; } = TimeZoneInfo.Utc;

    public IReadOnlyList<(StoreId Store, CustomerId Customer, DateTime AtUtc)> Unsubscribes
    {
        get { lock (_sync) return _unsubscribes.ToList(); }
    }

    public static ContactFacts Reachable(CustomerId customer, TimeZoneInfo timeZone) =>
        new($"customer{customer.Value}@example.com", $"Customer {customer.Value}", Active: true, Deleted: false, HasMarketingConsent: true,
            Unsubscribed: false, timeZone);

    /// <summary>Sets the customer's facts; null makes the customer unknown (deleted from the store's database).</summary>
    public void Set(StoreId store, CustomerId customer, ContactFacts? facts)
    {
        lock (_sync) _facts[(store.Value, customer.Value)] = facts;
    }

    /// <summary>Changes the customer's facts, starting from the reachable default.</summary>
    public void Change(StoreId store, CustomerId customer, Func<ContactFacts, ContactFacts> change)
    {
        lock (_sync)
        {
            var current = _facts.TryGetValue((store.Value, customer.Value), out var set) ? set : Reachable(customer, DefaultTimeZone);
            _facts[(store.Value, customer.Value)] = change(current ?? Reachable(customer, DefaultTimeZone));
        }
    }

    public Task<ContactFacts?> GetAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        lock (_sync)
            return Task.FromResult(FactsLocked(store, customer));
    }

    public Task<IReadOnlyDictionary<CustomerId, ContactFacts>> GetManyAsync(StoreId store, IReadOnlyCollection<CustomerId> customers,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var found = new Dictionary<CustomerId, ContactFacts>();
        lock (_sync)
            foreach (var customer in customers.Distinct())
                if (FactsLocked(store, customer) is { } known)
                    found[customer] = known;
        return Task.FromResult<IReadOnlyDictionary<CustomerId, ContactFacts>>(found);
    }

    private ContactFacts? FactsLocked(StoreId store, CustomerId customer) =>
        _facts.TryGetValue((store.Value, customer.Value), out var facts) ? facts : Reachable(customer, DefaultTimeZone);

    public Task UnsubscribeAsync(StoreId store, CustomerId customer, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        lock (_sync)
        {
            _unsubscribes.Add((store, customer, nowUtc));
            if (!_facts.TryGetValue((store.Value, customer.Value), out var current))
                current = Reachable(customer, DefaultTimeZone);
            if (current is not null)
                _facts[(store.Value, customer.Value)] = current with { Unsubscribed = true };
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// Renders every step as one token naming the template and the coupon, and records each message it was asked to render;
/// <see cref="NothingToSay"/> makes it answer "nothing to send" for chosen messages.
/// </summary>
public sealed class RecordingWorkflowContent : IWorkflowContent
{
    private readonly object _sync = new();
    private readonly List<StepMessage> _rendered = new();

    /// <summary>Returns a reason to skip the message, or null to render it.</summary>
    public Func<StepMessage, string?>? NothingToSay { get; set; }

    /// <summary>Tokens every rendering adds, as a host's content port would fill them from the store.</summary>
    public Dictionary<string, string> Extra { get; } = new();

    public IReadOnlyList<StepMessage> Rendered
    {
        get { lock (_sync) return _rendered.ToList(); }
    }

    public Task<StepContent> RenderAsync(StepMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_sync) _rendered.Add(message);
        if (NothingToSay?.Invoke(message) is { } reason)
            return Task.FromResult(StepContent.Nothing(reason));
        var tokens = new Dictionary<string, string>
        {
            ["Retention.Template"] = message.Workflow.Steps[message.StepIndex].TemplateName,
            ["Retention.CouponCode"] = message.Coupon?.Code ?? "",
            ["Retention.UnsubscribeUrl"] = "/retention/u/" + message.Links.Unsubscribe,
        };
        lock (_sync)
            foreach (var (name, value) in Extra)
                tokens[name] = value;
        return Task.FromResult(new StepContent(tokens, null));
    }
}
