using System.Globalization;
using Microsoft.AspNetCore.Mvc.Rendering;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.Catalog;
using Nop.Services.Customers;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.Stores;
using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Factories;

/// <summary>
/// Prepares the admin's workflow pages' models from the workflows (<see cref="WorkflowReports"/>, <see cref="WorkflowPreviews"/>, <see cref="WorkflowScans"/>) / <see cref="IWorkflowSettingsStore"/>
/// and reads them back into settings; saving them is <see cref="Services.WorkflowAdminService"/>'s.
/// The store is the admin's store scope (0 = the all-stores settings every store without its own falls back to).
/// </summary>
public class WorkflowAdminModelFactory
{
    #region Fields

    private readonly WorkflowReports _reports;
    private readonly WorkflowPreviews _previews;
    private readonly WorkflowScans _scans;
    private readonly IWorkflowSettingsStore _settingsStore;
    private readonly IBuiltInReminders _builtInReminders;
    private readonly ICustomerService _customerService;
    private readonly IEmailAccountService _emailAccountService;
    private readonly ILocalizationService _localizationService;
    private readonly IMessageTemplateService _messageTemplateService;
    private readonly IMessageTokenProvider _messageTokenProvider;
    private readonly IPriceFormatter _priceFormatter;
    private readonly IStoreContext _storeContext;
    private readonly IStoreService _storeService;

    #endregion

    #region Ctor

    public WorkflowAdminModelFactory(WorkflowReports reports, WorkflowPreviews previews, WorkflowScans scans, IWorkflowSettingsStore settingsStore, IBuiltInReminders builtInReminders,
        ICustomerService customerService, IEmailAccountService emailAccountService, ILocalizationService localizationService,
        IMessageTemplateService messageTemplateService, IMessageTokenProvider messageTokenProvider, IPriceFormatter priceFormatter,
        IStoreContext storeContext, IStoreService storeService)
    {
        _reports = reports;
        _previews = previews;
        _scans = scans;
        _settingsStore = settingsStore;
        _builtInReminders = builtInReminders;
        _customerService = customerService;
        _emailAccountService = emailAccountService;
        _localizationService = localizationService;
        _messageTemplateService = messageTemplateService;
        _messageTokenProvider = messageTokenProvider;
        _priceFormatter = priceFormatter;
        _storeContext = storeContext;
        _storeService = storeService;
    }

    #endregion

    #region Methods

    /// <summary>The admin's store scope (0: all stores).</summary>
    public Task<int> ScopeAsync() => _storeContext.GetActiveStoreScopeConfigurationAsync();

    /// <summary>The store a report, preview or test is about: the scope's store, or the first store for "all stores".</summary>
    public async Task<StoreId> ReportStoreAsync()
    {
        var scope = await ScopeAsync();
        if (scope > 0)
            return new StoreId(scope);
        return new StoreId((await _storeService.GetAllStoresAsync()).Select(s => s.Id).DefaultIfEmpty(0).Min());
    }

    public async Task<WorkflowProgramSettings> LoadAsync() => await _settingsStore.LoadAsync(new StoreId(await ScopeAsync()));

    /// <summary>The list: every workflow of the scope with sent/clicked/converted/revenue over the period (summed over the stores for "all stores").</summary>
    public async Task<WorkflowListModel> PrepareListAsync(DateTime from, DateTime to)
    {
        var scope = await ScopeAsync();
        var settings = await _settingsStore.LoadAsync(new StoreId(scope));
        var stores = scope > 0 ? [new StoreId(scope)] : (await _storeService.GetAllStoresAsync()).Select(s => new StoreId(s.Id)).ToList();
        var stats = new List<WorkflowStepStats>();
        foreach (var store in stores)
            stats.AddRange(await _reports.StatsAsync(store, from.Date, to.Date.AddDays(1)));

        var model = new WorkflowListModel
        {
            ActiveStoreScopeConfiguration = scope,
            From = from.Date,
            To = to.Date,
            Program = await PrepareProgramAsync(settings, scope),
            BuiltInNotice = await BuiltInNoticeAsync(),
        };
        foreach (var kind in WorkflowCatalog.All)
        {
            var workflow = settings.For(kind);
            var rates = WorkflowRates.Of(kind, stats);
            model.Workflows.Add(new WorkflowRowModel
            {
                Kind = kind,
                Name = await WorkflowNameAsync(kind),
                Enabled = workflow.Enabled,
                Priority = workflow.Priority,
                IsMarketing = workflow.IsMarketing,
                Sent = rates.Sent,
                Clicked = rates.Clicked,
                Converted = rates.Converted,
                Revenue = await _priceFormatter.FormatPriceAsync(rates.Revenue),
                OpenRate = rates.OpenRateShown(settings.TrackOpens),
                ClickRate = WorkflowRates.Percent(rates.ClickRate),
                ConversionRate = WorkflowRates.Percent(rates.ConversionRate),
                RevenuePerRecipient = rates.RevenuePerRecipient is { } perRecipient ? await _priceFormatter.FormatPriceAsync(perRecipient) : "—",
            });
        }
        return model;
    }

    /// <summary>The program-wide form with its choices.</summary>
    public async Task<WorkflowProgramModel> PrepareProgramAsync(WorkflowProgramSettings settings, int scope) =>
        await FillProgramListsAsync(new WorkflowProgramModel
        {
            ActiveStoreScopeConfiguration = scope,
            AttributionWindowDays = settings.AttributionWindowDays,
            AttributionBasis = settings.AttributionBasis,
            TrackOpens = settings.TrackOpens,
            BuiltInReminders = settings.BuiltInReminders,
            CouponCleanupDays = settings.CouponCleanupDays,
        });

    public async Task<WorkflowProgramModel> FillProgramListsAsync(WorkflowProgramModel model)
    {
        model.AvailableAttributionBases = await OptionsAsync<AttributionBasis>(model.AttributionBasis);
        model.AvailableBuiltInModes = await OptionsAsync<BuiltInRemindersMode>(model.BuiltInReminders);
        return model;
    }

    /// <summary>The program-wide settings the admin typed, over the stored program (its workflows untouched).</summary>
    public static WorkflowProgramSettings ToProgram(WorkflowProgramModel model, WorkflowProgramSettings current) => current with
    {
        AttributionWindowDays = model.AttributionWindowDays,
        AttributionBasis = model.AttributionBasis,
        TrackOpens = model.TrackOpens,
        BuiltInReminders = model.BuiltInReminders,
        CouponCleanupDays = model.CouponCleanupDays,
    };

    /// <summary>The edit page of one workflow of the scope.</summary>
    public async Task<WorkflowEditModel> PrepareEditAsync(WorkflowKind kind)
    {
        var scope = await ScopeAsync();
        var w = (await _settingsStore.LoadAsync(new StoreId(scope))).For(kind);
        var model = new WorkflowEditModel
        {
            Kind = kind,
            ActiveStoreScopeConfiguration = scope,
            Enabled = w.Enabled,
            Priority = w.Priority,
            IsMarketing = w.IsMarketing,
            ControlGroupPercent = w.ControlGroupPercent,
            ReentryDays = w.ReentryDays,
            ExitOnOrderPlaced = w.ExitOn.HasFlag(ExitOn.OrderPlaced),
            ExitOnCartEmptied = w.ExitOn.HasFlag(ExitOn.CartEmptied),
            AudienceMinOrders = w.Audience.MinOrders,
            AudienceMaxOrders = w.Audience.MaxOrders,
            DormancyMultiple = w.DormancyMultiple,
            OneTimeBuyerDormantDays = w.OneTimeBuyerDormantDays,
            AfterOrderNumber = w.AfterOrderNumber,
            DaysBeforeExpiry = w.DaysBeforeExpiry,
            Steps = w.Steps.Select(s => new WorkflowStepModel
            {
                DelayHours = (decimal)s.Delay.TotalHours,
                Condition = s.Condition,
                CouponKind = s.Coupon?.Kind,
                CouponValue = s.Coupon?.Value ?? 0,
                CouponValidDays = s.Coupon?.ValidDays ?? 0,
                TemplateName = s.TemplateName,
            }).ToList(),
        };
        return await FillEditAsync(model);
    }

    /// <summary>What the edit page shows beside the fields: names, choices, template links, win-back's figures.</summary>
    public async Task<WorkflowEditModel> FillEditAsync(WorkflowEditModel model)
    {
        model.Steps ??= new();
        model.Name = await WorkflowNameAsync(model.Kind);
        model.AvailableConditions = await OptionsAsync<StepCondition>(null);
        model.AvailableCouponKinds = await OptionsAsync<CouponKind>(null);
        // A free product is a stamp card's reward; a workflow step names no product to give.
        model.AvailableCouponKinds.RemoveAll(o => o.Value == CouponKind.FreeProduct.ToString() || o.Value == ((int)CouponKind.FreeProduct).ToString(System.Globalization.CultureInfo.InvariantCulture));
        model.AvailableCouponKinds.Insert(0, new SelectListItem(await _localizationService.GetResourceAsync(RetentionLocales.WorkflowNoCoupon), string.Empty));
        foreach (var step in model.Steps)
            step.TemplateId = string.IsNullOrWhiteSpace(step.TemplateName) ? 0
                : (await _messageTemplateService.GetMessageTemplatesByNameAsync(step.TemplateName.Trim())).FirstOrDefault()?.Id ?? 0;
        if (model.Kind == WorkflowKind.WinBack)
        {
            var store = await ReportStoreAsync();
            var d = await _scans.DormancyDefaultsAsync(store);
            model.DormancyDefaults = global::Retention.Core.Localization.TextFormat.FormatIndexed(await _localizationService.GetResourceAsync(RetentionLocales.WorkflowDormancyDefaults), System.Globalization.CultureInfo.CurrentCulture,
                d.StoreMedianDays is { } median ? median.ToString("N1", CultureInfo.CurrentCulture) : "—",
                d.Multiple.ToString("0.##", CultureInfo.CurrentCulture), d.OneTimeBuyerDays);
        }
        return model;
    }

    /// <summary>The workflow the admin typed, over its stored settings (what the page does not show is kept).</summary>
    public static WorkflowSettings ToSettings(WorkflowEditModel model, WorkflowSettings current) => current with
    {
        Enabled = model.Enabled,
        Priority = model.Priority,
        IsMarketing = model.IsMarketing,
        ControlGroupPercent = model.ControlGroupPercent,
        ReentryDays = model.ReentryDays,
        ExitOn = (model.ExitOnOrderPlaced ? ExitOn.OrderPlaced : ExitOn.None) | (model.ExitOnCartEmptied ? ExitOn.CartEmptied : ExitOn.None),
        Audience = new AudienceRules { MinOrders = model.AudienceMinOrders, MaxOrders = model.AudienceMaxOrders },
        DormancyMultiple = model.DormancyMultiple,
        OneTimeBuyerDormantDays = model.OneTimeBuyerDormantDays,
        AfterOrderNumber = model.AfterOrderNumber,
        DaysBeforeExpiry = model.DaysBeforeExpiry,
        Steps = (model.Steps ?? new()).Select(s => new WorkflowStep
        {
            // Out-of-range hours become an out-of-range delay that Core's validation names, instead of an overflow here.
            Delay = TimeSpan.FromHours((double)Math.Clamp(s.DelayHours, -1m, 24m * 366m)),
            Condition = s.Condition,
            TemplateName = s.TemplateName?.Trim() ?? string.Empty,
            Coupon = s.CouponKind is { } kind ? new CouponOffer(kind, s.CouponValue, s.CouponValidDays) : null,
        }).ToList(),
    };

    /// <summary>
    /// The edit form's field for one of Core's error fields: <c>Steps[1].Delay</c> → <c>Steps[1].DelayHours</c>,
    /// <c>Steps[0].Coupon.Value</c> → <c>Steps[0].CouponValue</c>, <c>Audience.MinOrders</c> → <c>AudienceMinOrders</c>;
    /// a program-level error's <c>{Kind}.</c> prefix is dropped. Fields the page does not have go to the summary ("").
    /// </summary>
    public static string EditField(string coreField, WorkflowKind kind)
    {
        var field = coreField ?? string.Empty;
        if (field.StartsWith(kind + ".", StringComparison.Ordinal))
            field = field[(kind.ToString().Length + 1)..];
        field = field.Replace(".Coupon.Value", ".CouponValue").Replace(".Coupon.ValidDays", ".CouponValidDays")
            .Replace(".Delay", ".DelayHours").Replace("Audience.MinOrders", "AudienceMinOrders").Replace("Audience.MaxOrders", "AudienceMaxOrders");
        var property = field.Split('[', '.')[0];
        return typeof(WorkflowEditModel).GetProperty(property) != null ? field : string.Empty;
    }

    /// <summary>The customer an admin named by id or e-mail; null when there is none.</summary>
    public async Task<Customer> FindCustomerAsync(string idOrEmail)
    {
        var text = idOrEmail?.Trim();
        if (string.IsNullOrEmpty(text))
            return null;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await _customerService.GetCustomerByIdAsync(id)
            : await _customerService.GetCustomerByEmailAsync(text);
    }

    /// <summary>A step rendered for a real customer; the template's body with the step's tokens filled in.</summary>
    public async Task<WorkflowPreviewModel> PreparePreviewAsync(WorkflowKind kind, int step, string customerText)
    {
        var model = new WorkflowPreviewModel { Kind = kind, Name = await WorkflowNameAsync(kind), Step = step, Customer = customerText };
        var workflow = (await LoadAsync()).For(kind);
        if (step < 0 || step >= workflow.Steps.Count)
            return model with { Error = await _localizationService.GetResourceAsync(RetentionLocales.WorkflowNoSuchStep) };
        var customer = await FindCustomerAsync(customerText);
        if (customer == null)
            return model with { Error = await _localizationService.GetResourceAsync(RetentionLocales.WorkflowNoSuchCustomer) };

        var store = await ReportStoreAsync();
        var preview = await _previews.PreviewAsync(store, kind, step, new CustomerId(customer.Id));
        var template = (await _messageTemplateService.GetMessageTemplatesByNameAsync(preview.TemplateName, store.Value)).FirstOrDefault();
        var fallback = RetentionDefaults.Templates.Current(preview.TemplateName);
        var tokens = await NopTokensAsync(store, customer, template?.EmailAccountId ?? 0);
        // nopCommerce's own tokens arrive encoded already; the step's plain tokens are encoded into the body as the
        // tokenizer will encode them when the email is sent, whatever they hold (a tier name stored before names were checked).
        var encodedAlready = new HashSet<string>(tokens.Keys, StringComparer.Ordinal);
        foreach (var (key, value) in preview.Tokens)
        {
            tokens[key] = value;
            encodedAlready.Remove(key);
        }
        var workflowSettings = (await LoadAsync()).For(kind);
        return model with
        {
            TemplateId = template?.Id ?? 0,
            Problems = await TemplateProblemsAsync(template?.Subject ?? fallback?.Subject ?? string.Empty, template?.Body ?? fallback?.Body ?? string.Empty,
                workflowSettings.IsMarketing),
            TemplateName = preview.TemplateName,
            Tokens = preview.Tokens,
            NothingToSay = preview.NothingToSay,
            Subject = EmailTemplates.Render(template?.Subject ?? fallback?.Subject ?? string.Empty, tokens),
            Body = EmailTemplates.RenderHtml(template?.Body ?? fallback?.Body ?? string.Empty, tokens, encodedAlready),
        };
    }

    public async Task<WorkflowLiftModel> PrepareLiftAsync(WorkflowKind kind, DateTime from, DateTime to)
    {
        var report = await _reports.LiftAsync(await ReportStoreAsync(), kind, from.Date, to.Date.AddDays(1));
        // Core's note on what the figures can say, in the admin's language.
        if (report.NoteText is { } note)
            report = report with { Note = await _localizationService.SayAsync(note) };
        return new WorkflowLiftModel
        {
            Kind = kind,
            Name = await WorkflowNameAsync(kind),
            From = from.Date,
            To = to.Date,
            Report = report,
            SentRevenue = await _priceFormatter.FormatPriceAsync(report.Sent.Revenue),
            ControlRevenue = await _priceFormatter.FormatPriceAsync(report.Control.Revenue),
        };
    }

    public async Task<WorkflowSurveyModel> PrepareSurveyAsync(SurveyKind kind, DateTime from, DateTime to)
    {
        var (min, max) = SurveyAnswer.ScaleOf(kind);
        var labels = new Dictionary<int, string>();
        for (var score = min; score <= max; score++)
            labels[score] = kind == SurveyKind.WinBackReason
                ? await _localizationService.GetResourceAsync(RetentionLocales.WinBackReason(score))
                : score.ToString(CultureInfo.InvariantCulture);
        return new WorkflowSurveyModel
        {
            Kind = kind,
            From = from.Date,
            To = to.Date,
            Summary = await _reports.SurveySummaryAsync(await ReportStoreAsync(), kind, from.Date, to.Date.AddDays(1)),
            ScoreLabels = labels,
        };
    }

    /// <summary>"nopCommerce's own abandoned-cart reminders were found: …", or null when the store has none (every 4.90 store).</summary>
    public async Task<string> BuiltInNoticeAsync()
    {
        var status = await _builtInReminders.DetectAsync();
        if (!status.Present)
            return null;
        var state = await _localizationService.GetResourceAsync(status.TakenOver ? RetentionLocales.WorkflowBuiltInTakenOver
            : status.TaskEnabled ? RetentionLocales.WorkflowBuiltInRunning : RetentionLocales.WorkflowBuiltInOff);
        return string.Format(await _localizationService.GetResourceAsync(RetentionLocales.WorkflowBuiltInFound),
            string.Join(", ", status.TemplateNames), state);
    }

    public Task<string> WorkflowNameAsync(WorkflowKind kind) => _localizationService.GetResourceAsync(RetentionLocales.WorkflowName(kind));

    /// <summary>
    /// Core's verdict on a template as the merchant edited it in nopCommerce's editor (<see cref="EmailTemplateRules"/>): unknown
    /// %Retention.*% tokens in the subject or body, with the valid ones listed, and a marketing body without its unsubscribe link.
    /// </summary>
    public async Task<IReadOnlyList<string>> TemplateProblemsAsync(string subject, string body, bool isMarketing)
    {
        var problems = new List<string>();
        foreach (var (field, text) in new[] { (EmailTemplateRules.SubjectField, subject), (EmailTemplateRules.BodyField, body) })
        {
            var unknown = EmailTemplateRules.UnknownRetentionTokens(text ?? string.Empty);
            if (unknown.Count > 0)
                problems.Add(string.Format(await _localizationService.GetResourceAsync(RetentionLocales.TemplateUnknownTokens),
                    await _localizationService.GetResourceAsync(RetentionLocales.TemplateField(field)), string.Join(", ", unknown.Select(t => $"%{t}%"))));
        }
        if (problems.Count > 0)
            problems.Add(string.Format(await _localizationService.GetResourceAsync(RetentionLocales.TemplateValidTokens),
                string.Join(", ", EmailTemplateRules.RetentionTokens.Select(t => $"%{t}%"))));
        if (isMarketing && !EmailTemplateRules.KeepsUnsubscribeLink(body ?? string.Empty))
            problems.Add(await _localizationService.GetResourceAsync(RetentionLocales.TemplateNoUnsubscribe));
        return problems;
    }

    #endregion

    #region Utilities

    /// <summary>
    /// nopCommerce's own store and customer tokens (%Store.Name%, %Customer.FullName%, …), HTML-encoded as its tokenizer
    /// encodes them in a body, so the preview reads like the email; nothing is queued.
    /// </summary>
    private async Task<Dictionary<string, string>> NopTokensAsync(StoreId storeId, Customer customer, int emailAccountId)
    {
        var tokens = new List<Token>();
        var store = await _storeService.GetStoreByIdAsync(storeId.Value);
        var account = emailAccountId > 0 ? await _emailAccountService.GetEmailAccountByIdAsync(emailAccountId) : null;
        if (store != null && account != null)
            await _messageTokenProvider.AddStoreTokensAsync(tokens, store, account, 0);
        await _messageTokenProvider.AddCustomerTokensAsync(tokens, customer.Id);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in tokens.Where(t => t?.Key != null))
        {
            var text = Convert.ToString(token.Value, CultureInfo.CurrentCulture) ?? string.Empty;
            values[token.Key] = token.NeverHtmlEncoded ? text : System.Net.WebUtility.HtmlEncode(text);
        }
        return values;
    }

    private async Task<List<SelectListItem>> OptionsAsync<TEnum>(TEnum? selected) where TEnum : struct, Enum
    {
        var items = new List<SelectListItem>();
        foreach (var value in Enum.GetValues<TEnum>())
            items.Add(new SelectListItem(await _localizationService.GetResourceAsync(RetentionLocales.WorkflowEnum(value)), value.ToString(),
                selected.HasValue && selected.Value.Equals(value)));
        return items;
    }

    #endregion
}
