using Nop.Plugin.Misc.Retention.Data;
using Nop.Core;
using Nop.Services.Messages;
using Nop.Services.Stores;
using Retention.Core.Common;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>
/// What the admin's workflow pages change: the scope's workflow settings, saved only when they validate, and the message
/// templates' active flags kept in step with the workflows. The store is the admin's store scope (0 = the all-stores
/// settings every store without its own falls back to).
/// </summary>
public class WorkflowAdminService
{
    #region Fields

    private readonly IWorkflowSettingsStore _settingsStore;
    private readonly IMessageTemplateService _messageTemplateService;
    private readonly IStoreContext _storeContext;
    private readonly IStoreService _storeService;
    private readonly IClock _clock;

    #endregion

    #region Ctor

    public WorkflowAdminService(IWorkflowSettingsStore settingsStore, IMessageTemplateService messageTemplateService,
        IStoreContext storeContext, IStoreService storeService, IClock clock)
    {
        _clock = clock;
        _settingsStore = settingsStore;
        _messageTemplateService = messageTemplateService;
        _storeContext = storeContext;
        _storeService = storeService;
    }

    #endregion

    #region Methods

    /// <summary>
    /// Saves one workflow into the scope's program and brings its templates' active flags in step. Nothing is written
    /// when the program does not validate.
    /// </summary>
    public async Task<ValidationResult> SaveWorkflowAsync(WorkflowSettings workflow)
    {
        var store = new StoreId(await _storeContext.GetActiveStoreScopeConfigurationAsync());
        var program = await _settingsStore.LoadAsync(store);
        var updated = (program with { Workflows = WorkflowCatalog.All.Select(k => k == workflow.Kind ? workflow : program.For(k)).ToList() })
            .SavedOver(program, _clock.UtcNow);
        var result = await _settingsStore.SaveAsync(store, updated);
        if (result.IsValid)
            await SyncTemplatesAsync(workflow.Kind);
        return result;
    }

    /// <summary>The program of a settings scope (0 = all stores), as Core reads it.</summary>
    public Task<WorkflowProgramSettings> LoadScopeAsync(StoreId scope) => _settingsStore.LoadAsync(scope);

    /// <summary>Saves the scope's program-wide settings (its workflows as stored); nothing is written when invalid.</summary>
    public async Task<ValidationResult> SaveProgramAsync(WorkflowProgramSettings program)
    {
        var store = new StoreId(await _storeContext.GetActiveStoreScopeConfigurationAsync());
        return await _settingsStore.SaveAsync(store, program.SavedOver(await _settingsStore.LoadAsync(store), _clock.UtcNow));
    }

    /// <summary>
    /// A workflow's templates are active while it is on in the all-stores settings or in any store, inactive once it is
    /// off everywhere. nopCommerce keeps one active flag per template (not per store), and the engine checks the
    /// workflow's own switch per store before sending, so a template active for one store sends nothing in another.
    /// </summary>
    public async Task SyncTemplatesAsync(WorkflowKind kind)
    {
        var scopes = new List<StoreId> { new(0) };
        scopes.AddRange((await _storeService.GetAllStoresAsync()).Select(s => new StoreId(s.Id)));
        var enabledSomewhere = false;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scope in scopes)
        {
            var workflow = (await _settingsStore.LoadAsync(scope)).For(kind);
            enabledSomewhere |= workflow.Enabled;
            names.UnionWith(workflow.Steps.Select(s => s.TemplateName));
        }
        foreach (var name in names)
            foreach (var template in await _messageTemplateService.GetMessageTemplatesByNameAsync(name))
                if (template.IsActive != enabledSomewhere)
                {
                    template.IsActive = enabledSomewhere;
                    await _messageTemplateService.UpdateMessageTemplateAsync(template);
                }
    }

    #endregion
}
