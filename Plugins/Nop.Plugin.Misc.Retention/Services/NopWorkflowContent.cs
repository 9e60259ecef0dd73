using Nop.Plugin.Misc.Retention.Data;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Services.Catalog;
using Nop.Services.Customers;
using Nop.Services.Media;
using Nop.Services.Orders;
using Nop.Services.Seo;
using Nop.Services.Stores;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Core.Workflows.Content;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>The plugin's workflow emails: Core's content (<see cref="WorkflowEmailContent"/>) over nopCommerce's facts (<see cref="NopEmailFacts"/>).</summary>
public class NopWorkflowContent : WorkflowEmailContent
{
    /// <summary>Tokens whose value is markup (Core's <see cref="WorkflowTokens.Markup"/>): queued with nopCommerce's "never HTML-encode" flag.</summary>
    public static IReadOnlySet<string> HtmlTokens => WorkflowTokens.Markup;

    public NopWorkflowContent(IStoreService stores, ICustomerService customers, IShoppingCartService carts, IProductService products,
        IOrderReportService orderReports, IPictureService pictures, IPriceFormatter prices, IUrlRecordService urls, IRepository<OrderItem> orderItems,
        IRepository<ProductReview> reviews, ILoyaltySettingsStore loyaltySettings, LoyaltyViews loyalty, IQueryRunner runner, NopEmailLanguage language,
        global::Retention.Core.Cashback.CashbackProgram cashback = null, global::Retention.Core.Membership.MembershipProgram membership = null,
        global::Retention.Core.Stamps.StampProgram stamps = null, global::Retention.Core.Challenges.ChallengeNotices challenges = null)
        : base(new NopEmailFacts(stores, customers, carts, products, orderReports, pictures, prices, urls, orderItems, reviews, runner, language), loyalty, loyaltySettings,
            cashback, membership, stamps, challenges)
    {
    }
}
