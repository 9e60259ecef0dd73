using Nop.Plugin.Misc.Retention.Data;
using Nop.Services.Security;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>The plugin's permissions; nopCommerce inserts them on every start (it creates this with a parameterless constructor).</summary>
public class RetentionPermissionConfigManager : IPermissionConfigManager
{
    public IList<PermissionConfig> AllConfigs =>
    [
        new PermissionConfig("Admin area. Retention. Manage", RetentionDefaults.Permissions.Manage, "Configuration", "Administrators"),
    ];
}
