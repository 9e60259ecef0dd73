using Nop.Plugin.Misc.Retention.Data;
using System.Reflection;
using System.Text.RegularExpressions;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Data;
using Nop.Services.Configuration;
using Nop.Services.Customers;
using Nop.Services.Messages;
using Nop.Services.ScheduleTasks;
using Nop.Core.Configuration;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>What the plugin remembers of nopCommerce's built-in abandoned-cart task it switched off.</summary>
public class RetentionBuiltInRemindersSettings : ISettings
{
    /// <summary>True while the plugin holds the built-in task disabled (it was enabled when the plugin took over).</summary>
    public bool TookOver { get; set; }
}

/// <summary>
/// nopCommerce 5.00's own abandoned-cart reminders (nopSolutions/nopCommerce develop:
/// <c>src/Libraries/Nop.Services/Reminders/ProcessAbandonedCartsTask.cs</c>, its type name in
/// <c>src/Libraries/Nop.Services/Reminders/NopReminderDefaults.cs</c>, installed disabled by
/// <c>src/Presentation/Nop.Web.Framework/Migrations/…/RemindersMigration.cs</c>): found through the schedule task table,
/// so the 4.90 build, which has no such task, finds nothing. Its follow-up templates are named by 5.00's
/// <c>MessageTemplateSystemNames.REMINDER_ABANDONED_CART_FOLLOW_UP_{1,2,3}_MESSAGE</c> constants, read from the running
/// nopCommerce (absent on 4.90) rather than copied here.
/// </summary>
public class NopBuiltInReminders : IBuiltInReminders
{
    /// <summary>The 5.00 task's type name.</summary>
    public const string AbandonedCartTaskType = "Nop.Services.Reminders.ProcessAbandonedCartsTask";

    private static readonly string[] TemplateConstants =
    [
        "REMINDER_ABANDONED_CART_FOLLOW_UP_1_MESSAGE",
        "REMINDER_ABANDONED_CART_FOLLOW_UP_2_MESSAGE",
        "REMINDER_ABANDONED_CART_FOLLOW_UP_3_MESSAGE",
    ];

    private readonly IScheduleTaskService _tasks;
    private readonly ISettingService _settings;
    private readonly IMessageTemplateService _templates;
    private readonly ICustomerService _customers;
    private readonly IRepository<QueuedEmail> _queuedEmails;
    private readonly IQueryRunner _runner;
    private readonly IRepository<Customer> _customerRows;
    private readonly IReadOnlyList<string> _templateNames;

    public NopBuiltInReminders(IScheduleTaskService tasks, ISettingService settings, IMessageTemplateService templates, ICustomerService customers,
        IRepository<QueuedEmail> queuedEmails, IQueryRunner runner, IRepository<Customer> customerRows)
        : this(tasks, settings, templates, customers, queuedEmails, runner, customerRows, HostTemplateNames())
    {
    }

    /// <summary>With the follow-up template names given (tests; a host whose names differ).</summary>
    public NopBuiltInReminders(IScheduleTaskService tasks, ISettingService settings, IMessageTemplateService templates, ICustomerService customers,
        IRepository<QueuedEmail> queuedEmails, IQueryRunner runner, IRepository<Customer> customerRows, IReadOnlyList<string> templateNames)
    {
        _customerRows = customerRows;
        _tasks = tasks;
        _settings = settings;
        _templates = templates;
        _customers = customers;
        _queuedEmails = queuedEmails;
        _runner = runner;
        _templateNames = templateNames ?? [];
    }

    public async Task<BuiltInReminderStatus> DetectAsync(CancellationToken cancellationToken = default)
    {
        var task = await _tasks.GetTaskByTypeAsync(AbandonedCartTaskType);
        if (task == null)
            return BuiltInReminderStatus.None;
        var tookOver = (await _settings.LoadSettingAsync<RetentionBuiltInRemindersSettings>()).TookOver;
        return new BuiltInReminderStatus(true, task.Enabled, tookOver, _templateNames);
    }

    public async Task TakeOverAsync(CancellationToken cancellationToken = default)
    {
        var task = await _tasks.GetTaskByTypeAsync(AbandonedCartTaskType);
        // Only a running task is taken over: one the merchant left off is not ours to switch on later.
        if (task is not { Enabled: true })
            return;
        await _settings.SaveSettingAsync(new RetentionBuiltInRemindersSettings { TookOver = true });
        task.Enabled = false;
        await _tasks.UpdateTaskAsync(task);
    }

    public async Task RestoreAsync(CancellationToken cancellationToken = default)
    {
        if (!(await _settings.LoadSettingAsync<RetentionBuiltInRemindersSettings>()).TookOver)
            return;
        if (await _tasks.GetTaskByTypeAsync(AbandonedCartTaskType) is { Enabled: false } task)
        {
            task.Enabled = true;
            task.LastEnabledUtc = DateTime.UtcNow;
            await _tasks.UpdateTaskAsync(task);
        }
        await _settings.SaveSettingAsync(new RetentionBuiltInRemindersSettings { TookOver = false });
    }

    /// <summary>
    /// Queued emails carry no template name, so a built-in reminder is recognised by its subject: the subject of one of
    /// the follow-up templates with each <c>%Token%</c> matching any text.
    /// </summary>
    public async Task<int> CountSentSinceAsync(StoreId store, CustomerId customer, DateTime sinceUtc, CancellationToken cancellationToken = default)
    {
        if (_templateNames.Count == 0 || await _tasks.GetTaskByTypeAsync(AbandonedCartTaskType) == null)
            return 0;
        var email = (await _customers.GetCustomerByIdAsync(customer.Value))?.Email;
        if (string.IsNullOrWhiteSpace(email))
            return 0;
        var patterns = await SubjectPatternsAsync(store);
        if (patterns.Count == 0)
            return 0;

        var subjects = await _runner.ToListAsync(_queuedEmails.Table
            .Where(q => q.To == email && q.CreatedOnUtc >= sinceUtc)
            .Select(q => q.Subject), cancellationToken);
        return subjects.Count(subject => IsReminder(subject, patterns));
    }

    /// <summary>
    /// <see cref="CountSentSinceAsync"/>'s recognition for many customers, one query per 1,000. An address shared by several
    /// customers counts for each of them, as it does one by one.
    /// </summary>
    public async Task<IReadOnlyDictionary<CustomerId, IReadOnlyList<DateTime>>> SentTimesSinceAsync(StoreId store, IReadOnlyCollection<CustomerId> customers,
        DateTime sinceUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var found = new Dictionary<CustomerId, IReadOnlyList<DateTime>>();
        if (customers.Count == 0 || _templateNames.Count == 0 || await _tasks.GetTaskByTypeAsync(AbandonedCartTaskType) == null)
            return found;
        var patterns = await SubjectPatternsAsync(store);
        if (patterns.Count == 0)
            return found;

        // Joined in the database, so the address comparison follows its collation exactly as the one-customer query does.
        var sent = await _runner.ByChunksAsync(customers.Select(c => c.Value), ids =>
            from c in _customerRows.Table
            join q in _queuedEmails.Table on c.Email equals q.To
            where ids.Contains(c.Id) && c.Email != null && c.Email != "" && q.CreatedOnUtc >= sinceUtc
            select new { c.Id, q.Subject, q.CreatedOnUtc }, cancellationToken);
        var times = new Dictionary<int, List<DateTime>>();
        foreach (var email in sent.Where(q => IsReminder(q.Subject, patterns)))
            (times.TryGetValue(email.Id, out var list) ? list : times[email.Id] = []).Add(DateTime.SpecifyKind(email.CreatedOnUtc, DateTimeKind.Utc));
        foreach (var (id, list) in times)
            found[new CustomerId(id)] = list.Order().ToList();
        return found;
    }

    private async Task<List<Regex>> SubjectPatternsAsync(StoreId store)
    {
        var patterns = new List<Regex>();
        foreach (var name in _templateNames)
            foreach (var template in await _templates.GetMessageTemplatesByNameAsync(name, store.Value))
                if (!string.IsNullOrWhiteSpace(template.Subject))
                    patterns.Add(SubjectPattern(template.Subject));
        return patterns;
    }

    private static bool IsReminder(string subject, List<Regex> patterns) => subject != null && patterns.Any(p => p.IsMatch(subject));

    private static Regex SubjectPattern(string subject) =>
        new("^" + string.Join(".*", Regex.Split(subject, "%[^%\\s]+%").Select(Regex.Escape)) + "$",
            RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>The follow-up template names the running nopCommerce declares; none on 4.90.</summary>
    public static IReadOnlyList<string> HostTemplateNames()
    {
        var type = typeof(MessageTemplate).Assembly.GetType("Nop.Core.Domain.Messages.MessageTemplateSystemNames");
        if (type == null)
            return [];
        return TemplateConstants
            .Select(name => type.GetField(name, BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string
                ?? type.GetProperty(name, BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as string)
            .Where(value => !string.IsNullOrWhiteSpace(value))
            .ToList();
    }
}
