// Stand-ins for the Nop.Core 4.90 members the plugin's loyalty UI uses (a separate file so additions from parallel
// work do not collide). Signatures only; see ../CONTRACT.md.
namespace Nop.Core
{
    public partial interface IWorkContext
    {
        Task<Nop.Core.Domain.Directory.Currency> GetWorkingCurrencyAsync();
    }
}

namespace Nop.Core.Domain.Directory
{
    public partial class Currency : BaseEntity
    {
    }
}

namespace Nop.Core.Domain.Orders
{
    public enum ShoppingCartType
    {
        ShoppingCart = 1,
        Wishlist = 2,
    }
}
