// Stand-ins for the Nop.Web.Framework 4.90 members the plugin's loyalty UI uses (a separate file so additions from
// parallel work do not collide). Signatures only; see ../CONTRACT.md.
namespace Nop.Web.Framework.Models
{
    public partial record BaseNopEntityModel : BaseNopModel
    {
        public virtual int Id { get; set; }
    }
}

namespace Nop.Web.Framework.Infrastructure
{
    public static partial class AdminWidgetZones
    {
        public static string CustomerDetailsBlock => throw null;
    }

    public static partial class PublicWidgetZones
    {
        public static string AccountNavigationAfter => throw null;
    }
}
