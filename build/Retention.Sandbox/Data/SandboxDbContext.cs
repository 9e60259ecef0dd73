using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Tables;

namespace Retention.Sandbox.Data;

/// <summary>
/// The sandbox's one database: a simulated nopCommerce store (Core's read models mapped as tables) and the engine's
/// own tables. The schema is made by <see cref="SandboxDatabase.EnsureCreatedAsync"/> (EF's EnsureCreated, no
/// migrations): the sandbox database is disposable, and <c>--reset</c> rebuilds it.
/// </summary>
public sealed class SandboxDbContext(DbContextOptions<SandboxDbContext> options) : DbContext(options)
{
    /// <summary>
    /// Bump when the model changes; an older database is then rebuilt (demo data) or refused (imported data). 4: Core's
    /// table rows (the tier standings' time of last save, the outbox's skipped reason, the simulated store's discounts).
    /// 5: the merchant's edits of the steps' emails (<c>TemplateEdits</c>). 6: the loyalty mechanics: the discount card's standings
    /// (<c>CardStandings</c>), stamp cards (<c>Stamps</c>, a discount's free product), periodic cashback (<c>CashbackPayouts</c>,
    /// <c>GiftCards</c>), challenges and badges (<c>ChallengeRecords</c>, <c>ChallengeSettings</c>). 7: paid membership (<c>Memberships</c>)
    /// and each customer's points summary beside the ledger (<c>PointsSummaries</c>), written with every entry. 8: the
    /// changed-customers feed the dashboard's incremental refresh reads (<c>ChangedCustomers</c>).
    /// </summary>
    public const int SchemaVersion = 8;

    public DbSet<OrderFact> Orders => Set<OrderFact>();
    public DbSet<OrderLineFact> OrderLines => Set<OrderLineFact>();
    public DbSet<CustomerFact> Customers => Set<CustomerFact>();
    public DbSet<CartItemFact> CartItems => Set<CartItemFact>();
    public DbSet<ProductReviewFact> ProductReviews => Set<ProductReviewFact>();
    public DbSet<ProductRow> Products => Set<ProductRow>();

    public DbSet<PointsEntryRow> Ledger => Set<PointsEntryRow>();
    public DbSet<OutboxRow> Outbox => Set<OutboxRow>();
    public DbSet<CouponRow> Coupons => Set<CouponRow>();
    public DbSet<SandboxDiscountRow> Discounts => Set<SandboxDiscountRow>();
    public DbSet<OptionsRow> Options => Set<OptionsRow>();
    public DbSet<LockLeaseRow> LockLeases => Set<LockLeaseRow>();
    public DbSet<SandboxMetaRow> Meta => Set<SandboxMetaRow>();

    public DbSet<LoyaltySettingsRow> LoyaltySettings => Set<LoyaltySettingsRow>();
    public DbSet<TierStandingRow> TierStandings => Set<TierStandingRow>();
    public DbSet<PointsSummaryRow> PointsSummaries => Set<PointsSummaryRow>();
    public DbSet<CardStandingRow> CardStandings => Set<CardStandingRow>();
    public DbSet<ReferralRow> Referrals => Set<ReferralRow>();
    public DbSet<TierChangeRow> TierChanges => Set<TierChangeRow>();

    public DbSet<EnrollmentRow> Enrollments => Set<EnrollmentRow>();
    public DbSet<WorkflowEventRow> WorkflowEvents => Set<WorkflowEventRow>();
    public DbSet<SurveyAnswerRow> SurveyAnswers => Set<SurveyAnswerRow>();
    public DbSet<WorkflowSettingsRow> WorkflowSettings => Set<WorkflowSettingsRow>();
    public DbSet<NewsletterSubscriptionRow> NewsletterSubscriptions => Set<NewsletterSubscriptionRow>();
    public DbSet<UnsubscribeRow> Unsubscribes => Set<UnsubscribeRow>();
    public DbSet<CouponRedemptionRow> CouponRedemptions => Set<CouponRedemptionRow>();
    public DbSet<SandboxSecretRow> Secrets => Set<SandboxSecretRow>();
    public DbSet<TemplateEditRow> TemplateEdits => Set<TemplateEditRow>();
    public DbSet<StampRow> Stamps => Set<StampRow>();
    public DbSet<CashbackPayoutRow> CashbackPayouts => Set<CashbackPayoutRow>();
    public DbSet<SandboxGiftCardRow> GiftCards => Set<SandboxGiftCardRow>();
    public DbSet<Retention.Core.Challenges.ChallengeRecordRow> ChallengeRecords => Set<Retention.Core.Challenges.ChallengeRecordRow>();
    public DbSet<ChallengeSettingsRow> ChallengeSettings => Set<ChallengeSettingsRow>();
    public DbSet<MembershipRow> Memberships => Set<MembershipRow>();
    public DbSet<ChangedCustomerRow> ChangedCustomers => Set<ChangedCustomerRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // nopCommerce's money columns are decimal(18,4).
        configurationBuilder.Properties<decimal>().HavePrecision(18, 4);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // --- the simulated store: ids come from the generator or the import, as they would from nopCommerce ---
        modelBuilder.Entity<OrderFact>(e =>
        {
            e.ToTable("Orders");
            e.Property(o => o.Id).ValueGeneratedNever();
            e.HasIndex(o => new { o.StoreId, o.CustomerId });
            e.HasIndex(o => o.CustomerId);
            e.HasIndex(o => o.CreatedOnUtc);
        });
        modelBuilder.Entity<OrderLineFact>(e =>
        {
            e.ToTable("OrderLines");
            e.Property(l => l.Id).ValueGeneratedNever();
            e.HasIndex(l => l.OrderId);
            e.HasIndex(l => l.ProductId);
        });
        modelBuilder.Entity<CustomerFact>(e =>
        {
            e.ToTable("Customers");
            e.Property(c => c.Id).ValueGeneratedNever();
            e.Property(c => c.Email).HasMaxLength(1000);
            e.Property(c => c.FirstName).HasMaxLength(200);
            e.Property(c => c.LastName).HasMaxLength(200);
            e.HasIndex(c => c.Email);
            e.HasIndex(c => c.CreatedOnUtc);
        });
        modelBuilder.Entity<CartItemFact>(e =>
        {
            e.ToTable("CartItems");
            e.Property(c => c.Id).ValueGeneratedNever();
            e.HasIndex(c => new { c.StoreId, c.CustomerId });
            e.HasIndex(c => c.UpdatedOnUtc);
        });
        modelBuilder.Entity<ProductReviewFact>(e =>
        {
            e.ToTable("ProductReviews");
            e.Property(r => r.Id).ValueGeneratedNever();
            e.HasIndex(r => new { r.StoreId, r.CustomerId });
            e.HasIndex(r => r.ProductId);
        });
        modelBuilder.Entity<ProductRow>(e =>
        {
            e.ToTable("Products");
            e.Property(p => p.Id).ValueGeneratedNever();
            e.Property(p => p.Name).HasMaxLength(400);
            e.Property(p => p.Category).HasMaxLength(200);
        });

        // --- the engine's tables ---
        modelBuilder.Entity<PointsEntryRow>(e =>
        {
            e.ToTable("PointsLedger");
            // Core's row carries the plugin's column names; the sandbox's table keeps its own.
            e.Property(r => r.IdempotencyKey).HasColumnName("Key").HasMaxLength(IdempotencyKey.MaxLength);
            e.Property(r => r.CreatedOnUtc).HasColumnName("CreatedUtc");
            e.Property(r => r.ActivatesOnUtc).HasColumnName("ActivatesUtc");
            e.Property(r => r.ExpiresOnUtc).HasColumnName("ExpiresUtc");
            e.HasIndex(r => r.IdempotencyKey).IsUnique();
            // The balance and a customer's history: every read of one customer's lines. On PostgreSQL the points are in
            // the index too, so the balance is an index-only scan (SQLite ignores INCLUDE).
            e.HasIndex(r => new { r.StoreId, r.CustomerId, r.ActivatesOnUtc }).IncludeProperties(r => r.Points);
            // The finance report reads a store's lines by day of creation and by day of activation (pending at close).
            e.HasIndex(r => new { r.StoreId, r.CreatedOnUtc });
            e.HasIndex(r => new { r.StoreId, r.ActivatesOnUtc });
            // The nightly sweep looks for lots lapsing before now.
            e.HasIndex(r => new { r.StoreId, r.ExpiresOnUtc });
        });
        modelBuilder.Entity<OutboxRow>(e =>
        {
            // Core's outbox row (named as the plugin's columns) on the sandbox's own column names; SkippedReason since schema 4.
            e.ToTable("Outbox");
            e.Property(r => r.IdempotencyKey).HasColumnName("Key").HasMaxLength(IdempotencyKey.MaxLength);
            e.Property(r => r.CreatedOnUtc).HasColumnName("CreatedUtc");
            e.Property(r => r.TemplateName).HasMaxLength(200);
            e.Property(r => r.SkippedReason).HasMaxLength(400);
            e.HasIndex(r => r.IdempotencyKey).IsUnique();
            e.HasIndex(r => new { r.StoreId, r.CustomerId, r.CreatedOnUtc });
            e.HasIndex(r => r.CreatedOnUtc);
        });
        modelBuilder.Entity<CouponRow>(e =>
        {
            e.ToTable("Coupons");
            e.Property(r => r.IdempotencyKey).HasMaxLength(IdempotencyKey.MaxLength);
            e.Property(r => r.Code).HasMaxLength(40);
            e.HasIndex(r => r.IdempotencyKey).IsUnique();
            e.HasIndex(r => r.Code).IsUnique();
            // The redemption guard reads a discount's coupon.
            e.HasIndex(r => r.DiscountId);
        });
        modelBuilder.Entity<SandboxDiscountRow>(e =>
        {
            e.ToTable("Discounts");
            e.Property(r => r.CouponCode).HasMaxLength(40);
            e.Property(r => r.Name).HasMaxLength(200);
            // A checkout finds the discount by the code typed.
            e.HasIndex(r => r.CouponCode);
        });
        modelBuilder.Entity<OptionsRow>(e =>
        {
            e.ToTable("Options");
            e.HasKey(r => r.StoreId);
            e.Property(r => r.StoreId).ValueGeneratedNever();
        });
        modelBuilder.Entity<LockLeaseRow>(e =>
        {
            e.ToTable("LockLeases");
            e.HasKey(r => r.Resource);
            e.Property(r => r.Resource).HasMaxLength(400);
        });
        modelBuilder.Entity<SandboxMetaRow>(e =>
        {
            e.ToTable("SandboxMeta");
            e.HasKey(r => r.Name);
            e.Property(r => r.Name).HasMaxLength(100);
        });

        // --- the loyalty program's state beside the ledger ---
        modelBuilder.Entity<LoyaltySettingsRow>(e =>
        {
            e.ToTable("LoyaltySettings");
            e.HasKey(r => r.StoreId);
            e.Property(r => r.StoreId).ValueGeneratedNever();
        });
        modelBuilder.Entity<TierStandingRow>(e =>
        {
            e.ToTable("TierStandings");
            // The key's order (store, customer) also serves the nightly run's "holders after id N" batches. The plugin's
            // id and one-string copy of the pair are not stored here.
            e.HasKey(r => new { r.StoreId, r.CustomerId });
            e.Ignore(r => r.Id);
            e.Ignore(r => r.StoreCustomerKey);
            e.Property(r => r.Tier).HasMaxLength(200);
            e.Property(r => r.UpdatedOnUtc).HasColumnName("UpdatedUtc");
        });
        modelBuilder.Entity<PointsSummaryRow>(e =>
        {
            // One row per customer and store, led by the customer (as an erasure finds a customer's rows); no id of its own.
            e.ToTable("PointsSummaries");
            e.HasKey(r => new { r.CustomerId, r.StoreId });
            e.Ignore(r => r.Id);
            e.Ignore(r => r.StoreCustomerKey);
        });
        modelBuilder.Entity<CardStandingRow>(e =>
        {
            // As the tier standings: (store, customer) is the key and serves the night's "holders after id N".
            e.ToTable("CardStandings");
            e.HasKey(r => new { r.StoreId, r.CustomerId });
            e.Ignore(r => r.Id);
            e.Ignore(r => r.StoreCustomerKey);
            e.Property(r => r.UpdatedOnUtc).HasColumnName("UpdatedUtc");
        });
        modelBuilder.Entity<ReferralRow>(e =>
        {
            e.ToTable("Referrals");
            // The pair is the key, so the first referrer recorded wins; the plugin's one-string copy of it and an id of its
            // own are not stored here.
            e.HasKey(r => new { r.StoreId, r.ReferredCustomerId });
            e.Ignore(r => r.Id);
            e.Ignore(r => r.StoreReferredKey);
            e.HasIndex(r => new { r.StoreId, r.ReferrerCustomerId });
        });
        modelBuilder.Entity<TierChangeRow>(e =>
        {
            e.ToTable("TierChanges");
            e.Property(r => r.FromTier).HasMaxLength(200);
            e.Property(r => r.ToTier).HasMaxLength(200);
            e.HasIndex(r => new { r.StoreId, r.CustomerId, r.AtUtc });
        });

        ConfigureWorkflows(modelBuilder);
        ConfigureCashback(modelBuilder);
        ConfigureMembership(modelBuilder);
        ConfigureChallenges(modelBuilder);

        if (Database.IsSqlite())
            TreatStoredTimesAsUtc(modelBuilder);
    }

    /// <summary>Periodic cashback's payouts and the store's gift cards (schema version 6).</summary>
    private static void ConfigureCashback(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CashbackPayoutRow>(e =>
        {
            e.ToTable("CashbackPayouts");
            e.Property(r => r.IdempotencyKey).HasColumnName("Key").HasMaxLength(IdempotencyKey.MaxLength);
            e.HasIndex(r => r.IdempotencyKey).IsUnique();
            e.Property(r => r.Period).HasMaxLength(16);
            e.Property(r => r.GiftCardCode).HasMaxLength(40);
            // A customer's payouts (My rewards, refunds, erasure); the finance report's days.
            e.HasIndex(r => new { r.CustomerId, r.StoreId });
            e.HasIndex(r => new { r.StoreId, r.CreatedOnUtc });
        });
        modelBuilder.Entity<SandboxGiftCardRow>(e =>
        {
            e.ToTable("GiftCards");
            e.Property(r => r.Code).HasMaxLength(40);
            e.HasIndex(r => r.Code).IsUnique();
            e.HasIndex(r => r.CustomerId);
            e.Ignore(r => r.Remaining);
        });
    }

    /// <summary>Paid membership's facts (schema version 7).</summary>
    private static void ConfigureMembership(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<MembershipRow>(e =>
        {
            e.ToTable("Memberships");
            e.Property(r => r.IdempotencyKey).HasColumnName("Key").HasMaxLength(IdempotencyKey.MaxLength);
            e.HasIndex(r => r.IdempotencyKey).IsUnique();
            // A customer's facts (status, savings, erasure); the night's members and the dashboard's counts.
            e.HasIndex(r => new { r.CustomerId, r.StoreId });
            e.HasIndex(r => new { r.StoreId, r.Kind, r.CustomerId });
        });
    }

    /// <summary>The workflows' tables (schema version 3).</summary>
    private static void ConfigureWorkflows(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<EnrollmentRow>(e =>
        {
            e.ToTable("Enrollments");
            // The four columns below are the unique key; the plugin's one-string copy of them is not stored here.
            e.Ignore(r => r.EnrollmentKey);
            e.Property(r => r.Subject).HasMaxLength(Retention.Core.Workflows.Enrollment.MaxSubjectLength);
            e.Property(r => r.ExitReason).HasMaxLength(400);
            // Enrolling twice about the same subject is a no-op; the key's prefix also serves re-entry and "enrolled since".
            e.HasIndex(r => new { r.WorkflowId, r.StoreId, r.CustomerId, r.Subject }).IsUnique();
            // The due-step query: active enrollments by due time. The id (the query's tie-break) completes the order, so the
            // database reads the first N in index order and stops, instead of sorting every due row.
            e.HasIndex(r => new { r.StateId, r.NextDueUtc, r.Id });
            // Exits and the frequency cap's look-ahead read one customer's active enrollments.
            e.HasIndex(r => new { r.StoreId, r.CustomerId, r.StateId });
        });
        modelBuilder.Entity<ChangedCustomerRow>(e =>
        {
            // Read by id after a watermark (the key); the full build deletes by age.
            e.ToTable("ChangedCustomers");
            e.Property(r => r.ChangeKey).HasMaxLength(40);
            e.HasIndex(r => r.ChangeKey).IsUnique();
            e.HasIndex(r => r.ChangedUtc);
        });
        modelBuilder.Entity<WorkflowEventRow>(e =>
        {
            e.ToTable("WorkflowEvents");
            e.Property(r => r.EventKey).HasColumnName("Key").HasMaxLength(IdempotencyKey.MaxLength);
            e.Property(r => r.Detail).HasMaxLength(400);
            e.HasIndex(r => r.EventKey).IsUnique();
            // Attribution's last touch: one customer's events by time.
            e.HasIndex(r => new { r.StoreId, r.CustomerId, r.OccurredUtc });
            e.HasIndex(r => new { r.EnrollmentId, r.KindId });
            // Reports read a store's events by period.
            e.HasIndex(r => new { r.StoreId, r.OccurredUtc });
        });
        modelBuilder.Entity<SurveyAnswerRow>(e =>
        {
            e.ToTable("SurveyAnswers");
            // The four columns below are the unique key; the plugin's one-string copy of them is not stored here.
            e.Ignore(r => r.AnswerKey);
            e.Property(r => r.Subject).HasMaxLength(Retention.Core.Workflows.Enrollment.MaxSubjectLength);
            e.Property(r => r.Comment).HasMaxLength(Retention.Core.Workflows.SurveyAnswer.MaxCommentLength);
            e.HasIndex(r => new { r.KindId, r.StoreId, r.CustomerId, r.Subject }).IsUnique();
            e.HasIndex(r => new { r.StoreId, r.KindId, r.AnsweredUtc });
        });
        modelBuilder.Entity<TemplateEditRow>(e =>
        {
            e.ToTable("TemplateEdits");
            e.HasKey(r => r.Id);
            e.Property(r => r.TemplateName).HasMaxLength(200);
            e.Property(r => r.Subject).HasMaxLength(Retention.Core.Workflows.EmailTemplateRules.MaxSubjectLength);
            e.HasIndex(r => new { r.StoreId, r.TemplateName, r.SavedUtc });
        });
        modelBuilder.Entity<WorkflowSettingsRow>(e =>
        {
            e.ToTable("WorkflowSettings");
            e.HasKey(r => r.StoreId);
            e.Property(r => r.StoreId).ValueGeneratedNever();
        });
        modelBuilder.Entity<NewsletterSubscriptionRow>(e =>
        {
            e.ToTable("NewsletterSubscriptions");
            e.HasKey(r => new { r.StoreId, r.CustomerId });
        });
        modelBuilder.Entity<UnsubscribeRow>(e =>
        {
            e.ToTable("Unsubscribes");
            // The pair is the key; the plugin's one-string copy of it and an id of its own are not stored here.
            e.HasKey(r => new { r.StoreId, r.CustomerId });
            e.Ignore(r => r.Id);
            e.Ignore(r => r.StoreCustomerKey);
        });
        modelBuilder.Entity<CouponRedemptionRow>(e =>
        {
            e.ToTable("CouponRedemptions");
            e.HasKey(r => r.Code);
            e.Property(r => r.Code).HasMaxLength(40);
        });
        modelBuilder.Entity<SandboxSecretRow>(e =>
        {
            e.ToTable("Secrets");
            e.HasKey(r => r.Name);
            e.Property(r => r.Name).HasMaxLength(100);
        });
        // Expired unused coupons are found by expiry.
        modelBuilder.Entity<CouponRow>().HasIndex(r => r.ExpiresOnUtc);
        modelBuilder.Entity<StampRow>(e =>
        {
            e.ToTable("Stamps");
            e.Property(r => r.IdempotencyKey).HasMaxLength(IdempotencyKey.MaxLength);
            e.Property(r => r.CouponCode).HasMaxLength(40);
            e.HasIndex(r => r.IdempotencyKey).IsUnique();
            // A customer's cards, an order's stamps (a refund), a store's cards (the counts).
            e.HasIndex(r => new { r.StoreId, r.CustomerId, r.CardId });
            e.HasIndex(r => new { r.StoreId, r.OrderId });
            e.HasIndex(r => new { r.StoreId, r.KindId, r.StateId });
        });
    }

    /// <summary>
    /// SQLite keeps times as text without a zone, so they come back "unspecified"; every time in this database is
    /// UTC, so say so. (PostgreSQL's timestamptz already comes back as UTC.)
    /// </summary>
    /// <summary>The challenges' records (completions, badges, leaderboard opt-ins; unique by key) and their settings as JSON per store.</summary>
    private static void ConfigureChallenges(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Retention.Core.Challenges.ChallengeRecordRow>(e =>
        {
            e.ToTable("ChallengeRecords");
            e.Property(r => r.RecordKey).HasMaxLength(200);
            e.Property(r => r.Subject).HasMaxLength(100);
            e.Property(r => r.CouponCode).HasMaxLength(100);
            e.HasIndex(r => r.RecordKey).IsUnique();
            e.HasIndex(r => new { r.StoreId, r.CustomerId });
            e.HasIndex(r => new { r.StoreId, r.KindId, r.Subject });
        });
        modelBuilder.Entity<ChallengeSettingsRow>(e =>
        {
            e.ToTable("ChallengeSettings");
            e.HasKey(r => r.StoreId);
            e.Property(r => r.StoreId).ValueGeneratedNever();
        });
    }

    private static void TreatStoredTimesAsUtc(ModelBuilder modelBuilder)
    {
        var utc = new Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
            v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
        var utcOrNull = new Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime?, DateTime?>(
            v => v, v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        foreach (var property in entity.GetProperties())
        {
            if (property.ClrType == typeof(DateTime))
                property.SetValueConverter(utc);
            else if (property.ClrType == typeof(DateTime?))
                property.SetValueConverter(utcOrNull);
        }
    }
}
