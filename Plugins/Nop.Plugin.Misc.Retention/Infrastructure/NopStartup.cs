using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nop.Core.Infrastructure;
using Nop.Plugin.Misc.Retention.Factories;
using Nop.Plugin.Misc.Retention.Services;
using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Core.Coupons;
using Retention.Core.Locking;
using Retention.Core.Loyalty;
using Retention.Core.Metrics;
using Retention.Core.Messaging;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Infrastructure;

/// <summary>Binds Core's ports to their nopCommerce implementations. Runs even before install, so nothing here touches the database.</summary>
public class NopStartup : INopStartup
{
    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IClock, SystemClock>();
        services.AddScoped<IStoreData, NopStoreData>();
        services.AddScoped<IQueryRunner, NopQueryRunner>();
        services.AddScoped<IPointsLedger, NopPointsLedger>();
        services.AddScoped<IMessageOutbox, NopMessageOutbox>();
        services.AddScoped<ICouponIssuer, NopCouponIssuer>();
        services.AddScoped<IDistributedLock, NopDistributedLock>();
        services.AddScoped<IOptionsStore, NopOptionsStore>();
        services.AddHttpContextAccessor();
        services.AddScoped<ILoyaltySettingsStore, NopLoyaltySettingsStore>();
        services.AddScoped<ITierStandingStore, NopTierStandingStore>();
        services.AddScoped<IReferralStore, NopReferralStore>();
        services.AddScoped<ILedgerData, NopLedgerData>();
        services.AddScoped<IPurchaseGapQuery, NopPurchaseGapQuery>(); // dashboard: window-function median (issue 5)
        // One bridge per scope, reachable both as the program's observer and by the nightly task's sweep.
        services.AddScoped<NativeRewardPointsBridge>();
        services.AddScoped<ILoyaltyObserver>(provider => provider.GetRequiredService<NativeRewardPointsBridge>());
        services.AddScoped<LoyaltyProgram>();
        services.AddScoped<ConfigurationModelFactory>();
        services.AddScoped<SegmentRoleSync>();
        services.AddScoped<LoyaltyAdminModelFactory>();
        services.AddScoped<RewardsModelFactory>();
    }

    public void Configure(IApplicationBuilder application)
    {
    }

    /// <summary>After nopCommerce's own startups (2000–2002), like the bundled plugins.</summary>
    public int Order => 3000;
}
