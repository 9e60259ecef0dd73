using Nop.Services.Stores;
using Nop.Services.Configuration;
using Retention.Core.Loyalty.Cards;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nop.Core.Infrastructure;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Factories;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Retention.Core.Cashback;
using Retention.Core.Membership;
using Retention.Core.Challenges;
using Retention.Core.Common;
using Retention.Core.Dashboard;
using Retention.Core.Events;
using Retention.Core.Configuration;
using Retention.Core.Coupons;
using Retention.Core.Locking;
using Retention.Core.Loyalty;
using Retention.Core.Metrics;
using Retention.Core.Messaging;
using Retention.Core.Store;
using Retention.Core.Stamps;
using Retention.Core.Tables;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Infrastructure;

/// <summary>Binds Core's ports to their nopCommerce implementations. Runs even before install, so nothing here touches the database.</summary>
public class NopStartup : INopStartup
{
    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IClock, SystemClock>();
        services.AddScoped<IStoreData, NopStoreData>();
        services.AddScoped<IQueryRunner, NopQueryRunner>();
        services.AddScoped<ITable<PointsEntryRow>, NopTable<PointsEntryRow, RetentionLedgerEntry>>();
        // The ledger keeps each customer's points summary in its own table, written in the transaction of every entry.
        services.AddScoped<ITable<PointsSummaryRow>, NopTable<PointsSummaryRow, RetentionPointsSummary>>();
        services.AddScoped<IPointsLedger>(provider => new PointsLedgerStore(provider.GetRequiredService<ITable<PointsEntryRow>>(),
            provider.GetRequiredService<IQueryRunner>(), provider.GetRequiredService<ITable<PointsSummaryRow>>(), provider.GetRequiredService<ITableTransactions>()));
        services.AddScoped<ITable<OutboxRow>, NopTable<OutboxRow, RetentionOutboxMessage>>();
        services.AddScoped<IOutboxDelivery, NopOutboxDelivery>();
        services.AddScoped<OutboxStore>();
        services.AddScoped<IMessageOutbox>(provider => provider.GetRequiredService<OutboxStore>());
        // Core's coupon store over the plugin's coupon table and nopCommerce's discounts, reachable as Core's port and by the
        // plugin's discount requirement rule.
        services.AddScoped<ITable<CouponRow>, NopTable<CouponRow, RetentionCoupon>>();
        services.AddScoped<ICouponDiscounts, NopCouponDiscounts>();
        services.AddScoped<CouponStore>();
        services.AddScoped<ICouponIssuer>(provider => provider.GetRequiredService<CouponStore>());
        services.AddScoped<NopCouponRequirement>();
        services.AddScoped<RetentionLanguagePack>();
        services.AddScoped<IDistributedLock, NopDistributedLock>();
        services.AddScoped<IOptionsStore, NopOptionsStore>();
        services.AddHttpContextAccessor();
        services.AddScoped<ILoyaltySettingsStore>(provider => new NopLoyaltySettingsStore(provider.GetRequiredService<ISettingService>(),
            provider.GetRequiredService<NopCardDiscounts>(), provider.GetRequiredService<IStoreService>()));
        services.AddScoped<ITable<TierStandingRow>, NopTable<TierStandingRow, RetentionTierStanding>>();
        services.AddScoped<ITierStandingStore, TierStandingStore>();
        services.AddScoped<ITable<ReferralRow>, NopTable<ReferralRow, RetentionReferral>>();
        services.AddScoped<IReferralStore, ReferralStore>();
        services.AddScoped<ILedgerData, PointsLedgerStore>();
        // Stamp cards: Core's stamp store over the plugin's table, the catalog through nopCommerce's products.
        services.AddScoped<ITable<StampRow>, NopTable<StampRow, RetentionStamp>>();
        services.AddScoped<StampStore>();
        services.AddScoped<IStampCatalog, NopStampCatalog>();
        services.AddScoped<StampProgram>();
        services.AddScoped<IPurchaseGapQuery, NopPurchaseGapQuery>(); // dashboard: window-function median (issue 5)
        // One bridge per scope, reachable both as the program's observer and by the nightly task's sweep.
        services.AddScoped<NativeRewardPointsBridge>();
        services.AddScoped<ILoyaltyObserver>(provider => provider.GetRequiredService<NativeRewardPointsBridge>());
        services.AddScoped<TierEvaluation>();
        services.AddScoped<LoyaltyEvents>();
        services.AddScoped<LoyaltyNightly>();
        services.AddScoped<LoyaltyViews>();
        services.AddScoped<ConfigurationModelFactory>();
        services.AddScoped<SegmentRoleSync>();
        services.AddScoped<CustomerDataService>(); // privacy: GDPR export and erasure, the export before uninstall (issue 6)
        services.AddScoped<LoyaltyAdminModelFactory>();
        services.AddScoped<RewardsModelFactory>();
        services.AddScoped<WorkflowAdminModelFactory>();
        services.AddScoped<DashboardModelFactory>();
        services.AddScoped<WorkflowAdminService>();
        services.AddScoped<AtRiskRoles>();

        // Workflows: the ports over the plugin's tables and nopCommerce's services, composed into the workflow classes per scope.
        services.AddScoped<IWorkflowSettingsStore, NopWorkflowSettingsStore>();
        // Core's table stores over the plugin's tables: the plugin supplies the tables and the transactions only.
        services.AddScoped<ITableTransactions, NopTableTransactions>();
        services.AddScoped<ITable<EnrollmentRow>, NopTable<EnrollmentRow, RetentionEnrollment>>();
        services.AddScoped<EnrollmentStore>();
        services.AddScoped<IEnrollmentStore>(provider => provider.GetRequiredService<EnrollmentStore>());
        services.AddScoped<ITable<WorkflowEventRow>, NopTable<WorkflowEventRow, RetentionWorkflowEvent>>();
        services.AddScoped<WorkflowEventStore>();
        services.AddScoped<IWorkflowEventStore>(provider => provider.GetRequiredService<WorkflowEventStore>());
        services.AddScoped<ITable<SurveyAnswerRow>, NopTable<SurveyAnswerRow, RetentionSurveyAnswer>>();
        services.AddScoped<ISurveyStore, SurveyStore>();
        services.AddScoped<IWorkflowData, NopWorkflowData>();
        services.AddScoped<ITable<UnsubscribeRow>, NopTable<UnsubscribeRow, RetentionUnsubscribe>>();
        services.AddScoped<UnsubscribeStore>();
        services.AddScoped<IContactDirectory, NopContactDirectory>();
        services.AddScoped<NopEmailLanguage>();
        services.AddScoped<IWorkflowContent, NopWorkflowContent>();
        services.AddScoped<IReplenishmentCatalog, NopReplenishmentCatalog>();
        services.AddScoped<IWorkflowStepWriter, WorkflowStepWriter>();
        services.AddScoped<PendingOrders>();
        // The follow-up template names are read from the running nopCommerce once per scope (none on 4.90).
        services.AddScoped<IBuiltInReminders>(provider =>
            ActivatorUtilities.CreateInstance<NopBuiltInReminders>(provider, NopBuiltInReminders.HostTemplateNames()));
        // nopCommerce registers every ISettings class, loaded for the current store (falling back to the all-stores values).
        services.AddScoped(provider => new LinkSigner(provider.GetRequiredService<RetentionInstallSettings>().LinkSecretBytes()));
        services.AddScoped(provider => new WorkflowServices
        {
            Settings = provider.GetRequiredService<IWorkflowSettingsStore>(),
            Options = provider.GetRequiredService<IOptionsStore>(),
            Enrollments = provider.GetRequiredService<IEnrollmentStore>(),
            Events = provider.GetRequiredService<IWorkflowEventStore>(),
            Surveys = provider.GetRequiredService<ISurveyStore>(),
            Contacts = provider.GetRequiredService<IContactDirectory>(),
            Outbox = provider.GetRequiredService<IMessageOutbox>(),
            Coupons = provider.GetRequiredService<ICouponIssuer>(),
            Content = provider.GetRequiredService<IWorkflowContent>(),
            Store = provider.GetRequiredService<IStoreData>(),
            Runner = provider.GetRequiredService<IQueryRunner>(),
            Lock = provider.GetRequiredService<IDistributedLock>(),
            Clock = provider.GetRequiredService<IClock>(),
            Links = provider.GetRequiredService<LinkSigner>(),
            Data = provider.GetRequiredService<IWorkflowData>(),
            Loyalty = new WorkflowLoyalty(provider.GetRequiredService<LoyaltyEvents>(), provider.GetRequiredService<LoyaltyNightly>(),
                provider.GetRequiredService<ChallengeEvents>(), () => provider.GetRequiredService<IWorkflowTriggers>()),
            BuiltInReminders = provider.GetRequiredService<IBuiltInReminders>(),
            Replenishment = provider.GetRequiredService<IReplenishmentCatalog>(),
            PurchaseGaps = provider.GetRequiredService<IPurchaseGapQuery>(),
            DailyScans = provider.GetRequiredService<DailyScanGate>(),
            StepWriter = provider.GetRequiredService<IWorkflowStepWriter>(),
        });
        // One per process: the once-a-day scans remember here that they ran today.
        services.AddSingleton<DailyScanGate>();
        // Each workflow class on its own, composed once per scope, so a service takes only the part it uses.
        services.AddScoped(provider => WorkflowParts.Compose(provider.GetRequiredService<WorkflowServices>()));
        services.AddScoped(provider => provider.GetRequiredService<WorkflowParts>().Program);
        services.AddScoped(provider => provider.GetRequiredService<WorkflowParts>().Enrollment);
        services.AddScoped(provider => provider.GetRequiredService<WorkflowParts>().Run);
        services.AddScoped(provider => provider.GetRequiredService<WorkflowParts>().Scans);
        services.AddScoped(provider => provider.GetRequiredService<WorkflowParts>().Links);
        services.AddScoped(provider => provider.GetRequiredService<WorkflowParts>().Previews);
        services.AddScoped(provider => provider.GetRequiredService<WorkflowParts>().Reports);
        // Store events enter Core through one door, which calls loyalty, then the workflows.
        services.AddScoped<IWorkflowTriggers, WorkflowTriggers>();
        services.AddScoped(provider => new StoreEvents(provider.GetRequiredService<LoyaltyEvents>(), provider.GetRequiredService<LoyaltyNightly>(),
            provider.GetRequiredService<IWorkflowTriggers>(), cards: provider.GetRequiredService<CardProgram>(), stamps: provider.GetRequiredService<StampProgram>(),
            cashback: provider.GetRequiredService<CashbackProgram>(), challenges: provider.GetRequiredService<ChallengeEvents>(),
            membership: provider.GetRequiredService<MembershipProgram>(), transactions: provider.GetRequiredService<ITableTransactions>(),
            changes: provider.GetRequiredService<ChangedCustomerFeed>()));
        // The dashboard's changed-customers feed (issue 16), and the kept states of its incremental refresh (one per process).
        services.AddScoped<ITable<ChangedCustomerRow>, NopTable<ChangedCustomerRow, RetentionChangedCustomer>>();
        services.AddScoped<ChangedCustomerFeed>();
        services.AddSingleton(provider => new DashboardRefresher(provider.GetRequiredService<IClock>()));
        // The discount card (issue 18): standings in the plugin's table, levels as nopCommerce discounts bound to customer roles.
        services.AddScoped<ITable<CardStandingRow>, NopTable<CardStandingRow, RetentionCardStanding>>();
        services.AddScoped<ICardStandingStore, CardStandingStore>();
        services.AddScoped<NopCardDiscounts>();
        services.AddScoped(provider => new CardProgram(provider.GetRequiredService<ILoyaltySettingsStore>(), provider.GetRequiredService<ICardStandingStore>(),
            provider.GetRequiredService<IStoreData>(), provider.GetRequiredService<IQueryRunner>(), provider.GetRequiredService<NopCardDiscounts>(),
            provider.GetRequiredService<IClock>()));

        // Periodic cashback (issue 18): Core's payout store over the plugin's table, store credit as nopCommerce gift cards.
        services.AddScoped<ITable<CashbackPayoutRow>, NopTable<CashbackPayoutRow, RetentionCashbackPayout>>();
        services.AddScoped<CashbackStore>();
        services.AddScoped<ICashbackGiftCards, NopCashbackGiftCards>();
        services.AddScoped(provider => new CashbackProgram(provider.GetRequiredService<CashbackStore>(), provider.GetRequiredService<IPointsLedger>(),
            provider.GetRequiredService<ILoyaltyObserver>(), provider.GetRequiredService<ILoyaltySettingsStore>(), provider.GetRequiredService<IStoreData>(),
            provider.GetRequiredService<IQueryRunner>(), provider.GetRequiredService<IClock>(), provider.GetRequiredService<ICashbackGiftCards>()));

        // Challenges and badges: Core's classes over the plugin's record table, nopCommerce's settings and category mapping.
        services.AddScoped<ITable<ChallengeRecordRow>, NopTable<ChallengeRecordRow, RetentionChallengeRecord>>();
        services.AddScoped<ChallengeStore>();
        services.AddScoped<IChallengeSettingsStore, NopChallengeSettingsStore>();
        services.AddScoped<IChallengeFacts, NopChallengeFacts>();
        services.AddScoped(provider => new ChallengeProgress(new ChallengeSources(provider.GetRequiredService<IStoreData>(),
            provider.GetRequiredService<IChallengeFacts>()), provider.GetRequiredService<IQueryRunner>()));
        services.AddScoped<ChallengeRewards>();
        services.AddScoped<ChallengeEvents>();
        services.AddScoped<ChallengeViews>();
        services.AddScoped<ChallengeNotices>();

        // Paid membership (issue 18): Core's facts over the plugin's table; the member role, its discounts and the
        // members-only products' ACL are nopCommerce's own; the award reads the member multiplier through IMemberEarning.
        services.AddScoped<ITable<MembershipRow>, NopTable<MembershipRow, RetentionMembership>>();
        services.AddScoped<MembershipStore>();
        services.AddScoped<IMembershipProducts, NopMembershipProducts>();
        services.AddScoped<NopMembershipPerks>();
        services.AddScoped<NopRecurringMemberships>();
        services.AddScoped<NopMemberOrderSavings>();
        services.AddScoped(provider => new MembershipProgram(provider.GetRequiredService<MembershipStore>(), provider.GetRequiredService<ILoyaltySettingsStore>(),
            provider.GetRequiredService<IMembershipProducts>(), provider.GetRequiredService<IStoreData>(), provider.GetRequiredService<IQueryRunner>(),
            provider.GetRequiredService<NopMembershipPerks>(), provider.GetRequiredService<IClock>()));
        services.AddScoped<IMemberEarning>(provider => provider.GetRequiredService<MembershipProgram>());

        // The loyalty mechanics' dashboard sections and finance lines (issue 18): Core's figures over the programs above.
        services.AddScoped(provider => new global::Retention.Core.Dashboard.MechanicsFigures(provider.GetRequiredService<ILoyaltySettingsStore>(),
            provider.GetRequiredService<MembershipProgram>(), provider.GetRequiredService<CashbackProgram>(), provider.GetRequiredService<StampProgram>(),
            provider.GetRequiredService<ChallengeViews>(), provider.GetRequiredService<IChallengeSettingsStore>()));
    }

    public void Configure(IApplicationBuilder application)
    {
    }

    /// <summary>After nopCommerce's own startups (2000–2002), like the bundled plugins.</summary>
    public int Order => 3000;
}
