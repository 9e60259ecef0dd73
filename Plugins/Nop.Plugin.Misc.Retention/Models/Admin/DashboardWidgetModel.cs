using Nop.Web.Framework.Models;

namespace Nop.Plugin.Misc.Retention.Models.Admin;

/// <summary>
/// What the dashboard widget and the report page hand to the shared script: the stored snapshot's JSON as it is (the
/// script draws it) and the URLs it needs. The figures themselves are never re-read on the server.
/// </summary>
public record DashboardWidgetModel : BaseNopModel
{
    /// <summary><c>widget</c> on the admin dashboard, <c>report</c> on the report page.</summary>
    public string Mode { get; set; } = "widget";

    public bool HasSnapshot => !string.IsNullOrEmpty(SnapshotJson);

    public int StoreId { get; set; }

    /// <summary>The latest snapshot of <see cref="StoreId"/> (Core's DashboardSnapshot JSON), or null before the first task run.</summary>
    public string SnapshotJson { get; set; }

    /// <summary>The stores the selector offers, as JSON <c>[{id, name}]</c>.</summary>
    public string StoresJson { get; set; } = "[]";
}
