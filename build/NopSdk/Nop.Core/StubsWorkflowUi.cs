// Stand-ins for the Nop.Core 4.90 members the plugin's workflow pages use (a separate file so additions from parallel
// work do not collide). Signatures only; see ../CONTRACT.md.
namespace Nop.Core.Domain.Messages
{
    public partial class AdditionalTokensAddedEvent
    {
        // Behaviour exception (events): a plain data carrier upstream too, so the consumer can be driven in tests.
        public AdditionalTokensAddedEvent() { AdditionalTokens = new List<string>(); }
        public void AddTokens(params string[] additionalTokens) { foreach (var token in additionalTokens) AdditionalTokens.Add(token); }
        public IList<string> AdditionalTokens { get; }
        public IEnumerable<string> TokenGroups { get; set; }
    }
}

namespace Nop.Core.Domain.Orders
{
    public partial class ShoppingCartItem
    {
        public string AttributesXml { get; set; }
        public decimal CustomerEnteredPrice { get; set; }
    }
}
