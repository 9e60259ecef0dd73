using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.Customers;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.Security;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;

namespace Nop.Plugin.Misc.Retention.Controllers;

/// <summary>
/// The privacy downloads: one customer's Retention data (from the loyalty block of the admin customer page, for a GDPR
/// data request) and every Retention table (from the configure page, before uninstalling). Both only read; both check
/// the plugin's permission by attribute and again in code, because they hand out customers' data.
/// </summary>
[Area(AreaNames.ADMIN)]
[AuthorizeAdmin]
[AutoValidateAntiforgeryToken]
public class RetentionPrivacyAdminController : BasePluginController
{
    public const string ZipContentType = "application/zip";

    #region Fields

    private readonly CustomerDataService _data;
    private readonly ICustomerService _customerService;
    private readonly ILocalizationService _localizationService;
    private readonly INotificationService _notificationService;
    private readonly IPermissionService _permissionService;

    #endregion

    #region Ctor

    public RetentionPrivacyAdminController(CustomerDataService data, ICustomerService customerService, ILocalizationService localizationService,
        INotificationService notificationService, IPermissionService permissionService)
    {
        _data = data;
        _customerService = customerService;
        _localizationService = localizationService;
        _notificationService = notificationService;
        _permissionService = permissionService;
    }

    #endregion

    #region Methods

    /// <summary>The customer's rows in every plugin table, a zip of one CSV per table; an unknown id goes back to the list.</summary>
    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> ExportCustomerData(int customerId)
    {
        if (!await _permissionService.AuthorizeAsync(RetentionDefaults.Permissions.Manage))
            return Forbid();

        var customer = customerId > 0 ? await _customerService.GetCustomerByIdAsync(customerId) : null;
        if (customer == null)
        {
            _notificationService.ErrorNotification(await _localizationService.GetResourceAsync(RetentionLocales.PrivacyUnknownCustomer));
            return RedirectToAction("List", "Customer", new { area = AreaNames.ADMIN });
        }

        using var zip = new MemoryStream();
        CustomerDataService.WriteZip(zip, await _data.ExportAsync(customer.Id, customer.Email));
        return File(zip.ToArray(), ZipContentType, FormattableString.Invariant($"retention-customer-{customer.Id}.zip"));
    }

    /// <summary>
    /// Every plugin table whole, a zip of one CSV per table. Written to a temporary file that is deleted when the
    /// download ends, read from the database in batches: a large ledger never sits in memory.
    /// </summary>
    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> ExportAllData()
    {
        if (!await _permissionService.AuthorizeAsync(RetentionDefaults.Permissions.Manage))
            return Forbid();

        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await _data.WriteAllAsync(file);
            file.Position = 0;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
        return File(file, ZipContentType, FormattableString.Invariant($"retention-data-{DateTime.UtcNow:yyyyMMdd-HHmmss}.zip"));
    }

    #endregion
}
