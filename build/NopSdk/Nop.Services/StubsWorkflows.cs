// Stand-ins for the Nop.Services 4.90 members the plugin's workflows use (a separate file so additions from parallel
// work do not collide). Signatures only; see ../CONTRACT.md.
using Nop.Core;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Media;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.ScheduleTasks;
using Nop.Core.Domain.Seo;
using Nop.Core.Domain.Stores;

namespace Nop.Services.Helpers
{
    public partial class DateTimeSettings : Nop.Core.Configuration.ISettings
    {
        public string DefaultStoreTimeZoneId { get; set; }
        public bool AllowCustomersToSetTimeZone { get; set; }
    }
}

namespace Nop.Services.Discounts
{
    public partial interface IDiscountRequirementRule : Nop.Services.Plugins.IPlugin
    {
        Task<DiscountRequirementValidationResult> CheckRequirementAsync(DiscountRequirementValidationRequest request);
        string GetConfigurationUrl(int discountId, int? discountRequirementId);
    }

    public partial class DiscountRequirementValidationRequest
    {
        public int DiscountRequirementId { get; set; }
        public Customer Customer { get; set; }
        public Store Store { get; set; }
    }

    public partial class DiscountRequirementValidationResult
    {
        public bool IsValid { get; set; }
        public string UserError { get; set; }
    }

    public partial interface IDiscountService
    {
        Task DeleteDiscountAsync(Discount discount);
        Task<Discount> GetDiscountByIdAsync(int discountId);
        Task<DiscountRequirement> GetDiscountRequirementByIdAsync(int discountRequirementId);
        Task InsertDiscountRequirementAsync(DiscountRequirement discountRequirement);
    }
}

namespace Nop.Services.Messages
{
    public partial interface IMessageTokenProvider
    {
        Task AddStoreTokensAsync(IList<Token> tokens, Store store, EmailAccount emailAccount, int languageId);
        Task AddCustomerTokensAsync(IList<Token> tokens, int customerId);
    }

    public partial interface INewsLetterSubscriptionService
    {
        Task UpdateNewsLetterSubscriptionAsync(NewsLetterSubscription newsLetterSubscription, bool publishSubscriptionEvents = true);
        Task<IList<NewsLetterSubscription>> GetNewsLetterSubscriptionsByEmailAsync(string email,
            int storeId = 0, int subscriptionTypeId = 0, bool? isActive = null);
    }
}

namespace Nop.Services.ScheduleTasks
{
    public partial interface IScheduleTaskService
    {
        Task UpdateTaskAsync(ScheduleTask task);
    }
}

namespace Nop.Services.Stores
{
    public partial interface IStoreService
    {
        Task<Store> GetStoreByIdAsync(int storeId);
    }
}

namespace Nop.Services.Seo
{
    public partial interface IUrlRecordService
    {
        Task<string> GetSeNameAsync<T>(T entity, int? languageId = null, bool returnDefaultValue = true,
            bool ensureTwoPublishedLanguages = true) where T : BaseEntity, ISlugSupported;
    }
}

namespace Nop.Services.Catalog
{
    public partial interface IProductService
    {
        Task<IList<Product>> GetProductsByIdsAsync(int[] productIds);
        Task<IList<RelatedProduct>> GetRelatedProductsByProductId1Async(int productId1, bool showHidden = false);
    }
}

namespace Nop.Services.Orders
{
    public partial interface IOrderReportService
    {
        Task<int[]> GetAlsoPurchasedProductsIdsAsync(int storeId, int productId,
            int recordsToReturn = 5, bool visibleIndividuallyOnly = true, bool showHidden = false);
    }
}

namespace Nop.Services.Media
{
    public partial interface IPictureService
    {
        Task<IList<Picture>> GetPicturesByProductIdAsync(int productId, int recordsToReturn = 0);
        Task<(string Url, Picture Picture)> GetPictureUrlAsync(Picture picture,
            int targetSize = 0,
            bool showDefaultPicture = true,
            string storeLocation = null,
            PictureType defaultPictureType = PictureType.Entity);
    }
}
