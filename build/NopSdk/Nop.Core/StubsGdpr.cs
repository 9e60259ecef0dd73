// Stand-ins for the Nop.Core 4.90 members the plugin's privacy handling uses (a separate file so additions from parallel
// work do not collide). Signatures only; see ../CONTRACT.md.

namespace Nop.Core.Domain.Gdpr
{
    public partial class CustomerPermanentlyDeleted
    {
        // Behaviour exception (events): keeps its arguments, as upstream, so the consumer can be driven in tests.
        public CustomerPermanentlyDeleted(int customerId, string email) { CustomerId = customerId; Email = email; }
        public int CustomerId { get; }
        public string Email { get; }
    }
}
