using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Core.Events;
using Retention.Core.Locking;
using Retention.Core.Loyalty;
using Retention.Core.Messaging;
using Retention.Core.Configuration;
using Retention.Core.Metrics;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;

namespace Retention.Sandbox.Workflows;

/// <summary>
/// The sandbox's composition root for workflows: the classes of <see cref="WorkflowParts"/> over the sandbox's ports. They
/// are made per scope (a request, one background run) because the store's queryables live on that scope's
/// <see cref="SandboxDbContext"/>; the other ports open their own short-lived contexts and are shared.
/// </summary>
public static class SandboxWorkflows
{
    /// <summary>The <c>Secrets</c> row holding the link-signing key.</summary>
    public const string LinkSecretName = "workflow_link_secret";

    /// <summary>
    /// Every port of the workflows over <paramref name="database"/>; <paramref name="db"/> serves the
    /// store's and the workflow tables' queryables and must live as long as the workflow classes.
    /// </summary>
    public static WorkflowServices Services(SandboxDatabase database, SandboxDbContext db, IClock clock, IDistributedLock runLock, LinkSigner links,
        IWorkflowContent content, IWorkflowLoyalty? loyalty = null, TimeZoneInfo? storeTimeZone = null) => new()
    {
        Settings = new EfWorkflowSettingsStore(database),
        Options = new EfOptionsStore(database),
        Enrollments = SandboxStores.Enrollments(database),
        Events = SandboxStores.Events(database),
        Surveys = SandboxStores.Surveys(database),
        Contacts = new EfContactDirectory(database, storeTimeZone),
        Outbox = SandboxStores.Outbox(database),
        // One database holds enrollments, events and the outbox: a batch's moves, events and emails commit together.
        StepWriter = SandboxStores.StepWriter(database),
        Coupons = SandboxStores.Coupons(database, clock),
        Content = content,
        Store = new EfStoreData(db),
        Runner = new EfQueryRunner(),
        Lock = runLock,
        Clock = clock,
        Links = links,
        Data = new EfWorkflowData(db),
        Loyalty = loyalty,
        Replenishment = new EfReplenishmentCatalog(database),
    };

    /// <summary>Core's door for store events over <paramref name="workflows"/> and, where the sandbox runs one, the loyalty program.</summary>
    public static StoreEvents Events(SandboxDatabase database, WorkflowProgram workflows, IClock clock, LoyaltyEvents? loyalty = null,
        LoyaltyNightly? nightly = null, Retention.Core.Loyalty.Cards.CardProgram? cards = null, Retention.Core.Stamps.StampProgram? stamps = null,
        Retention.Core.Cashback.CashbackProgram? cashback = null, Retention.Core.Challenges.ChallengeEvents? challenges = null,
        Retention.Core.Membership.MembershipProgram? membership = null) =>
        new(loyalty, nightly, new WorkflowTriggers(workflows, new EfWorkflowSettingsStore(database), SandboxStores.Enrollments(database), clock), cards: cards, stamps: stamps,
            cashback: cashback, challenges: challenges, membership: membership, transactions: new EfTables(database),
            changes: SandboxStores.ChangedCustomers(database, clock));

    /// <summary>
    /// Registers the workflow classes (scoped, each on its own) and the store-events door, the clock as <see cref="SandboxClock"/> (for the advance control), the
    /// link signer over the install's secret, the product pictures the emails show, and the background run every
    /// <see cref="SandboxOptions.WorkflowIntervalSeconds"/> (none when 0). Expects the ports of <c>SandboxWebApp.AddPorts</c>.
    /// </summary>
    public static IServiceCollection AddSandboxWorkflows(this IServiceCollection services, SandboxOptions options, SandboxState state)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(state);
        var database = state.Database;
        services.AddSingleton(sp => sp.GetRequiredService<IClock>() as SandboxClock
                                    ?? throw new InvalidOperationException("The sandbox's IClock is not a SandboxClock, so it cannot be advanced."));
        services.AddSingleton(_ => new LinkSigner(LinkSecretAsync(database).GetAwaiter().GetResult()));
        // Scoped like the loyalty program it reads (that one's ledger queries live on the scope's context).
        services.AddScoped<IWorkflowContent>(sp => new SandboxWorkflowContent(database, () => BaseAddress(sp, options),
            sp.GetService<LoyaltyViews>(), sp.GetService<ILoyaltySettingsStore>(), sp.GetService<Retention.Core.Cashback.CashbackProgram>(),
            sp.GetService<Retention.Core.Membership.MembershipProgram>(), sp.GetService<Retention.Core.Stamps.StampProgram>(),
            sp.GetService<Retention.Core.Challenges.ChallengeNotices>()));
        services.AddSingleton<DailyScanGate>();
        // A service of its own so a host can wrap it (the farm's fault injection paces the commits).
        services.AddSingleton<IWorkflowStepWriter>(_ => SandboxStores.StepWriter(database));
        services.AddScoped(sp => WorkflowParts.Compose(Services(database, sp.GetRequiredService<SandboxDbContext>(), sp.GetRequiredService<IClock>(),
            sp.GetRequiredService<IDistributedLock>(), sp.GetRequiredService<LinkSigner>(), sp.GetRequiredService<IWorkflowContent>(),
            Loyalty(sp, database)) with
        {
            StepWriter = sp.GetRequiredService<IWorkflowStepWriter>(),
            PurchaseGaps = sp.GetService<IPurchaseGapQuery>(),
            DailyScans = sp.GetRequiredService<DailyScanGate>(),
        }));
        services.AddScoped(sp => sp.GetRequiredService<WorkflowParts>().Program);
        services.AddScoped(sp => sp.GetRequiredService<WorkflowParts>().Enrollment);
        services.AddScoped(sp => sp.GetRequiredService<WorkflowParts>().Run);
        services.AddScoped(sp => sp.GetRequiredService<WorkflowParts>().Scans);
        services.AddScoped(sp => sp.GetRequiredService<WorkflowParts>().Links);
        services.AddScoped(sp => sp.GetRequiredService<WorkflowParts>().Previews);
        services.AddScoped(sp => sp.GetRequiredService<WorkflowParts>().Reports);
        services.AddScoped(sp => Events(database, sp.GetRequiredService<WorkflowProgram>(), sp.GetRequiredService<IClock>(), sp.GetService<LoyaltyEvents>(),
            sp.GetService<LoyaltyNightly>(), cards: sp.GetService<Retention.Core.Loyalty.Cards.CardProgram>(), stamps: sp.GetService<Retention.Core.Stamps.StampProgram>(),
            cashback: sp.GetService<Retention.Core.Cashback.CashbackProgram>(), challenges: sp.GetService<Retention.Core.Challenges.ChallengeEvents>(),
            membership: sp.GetService<Retention.Core.Membership.MembershipProgram>()));
        services.AddScoped(sp => new SandboxCheckout(database, sp.GetRequiredService<IClock>(), sp.GetRequiredService<StoreEvents>(), sp.GetService<IReferralStore>(),
            cards: sp.GetService<Retention.Core.Loyalty.Cards.CardProgram>(), membership: sp.GetService<Retention.Core.Membership.MembershipProgram>()));
        services.AddScoped(sp => new SandboxRegistration(database, sp.GetRequiredService<IClock>(), sp.GetRequiredService<StoreEvents>(), sp.GetRequiredService<IReferralStore>()));
        services.AddScoped(sp => new SandboxClockAdvance(sp.GetRequiredService<SandboxClock>(), sp.GetRequiredService<WorkflowRun>(),
            sp.GetRequiredService<StoreEvents>(), sp.GetRequiredService<IDistributedLock>(), database));
        services.AddSingleton(sp => new ClockAdvanceJobs(sp.GetService<IHostApplicationLifetime>()));
        services.AddTransient<IStartupFilter, ProductImages.StartupFilter>();
        if (options.WorkflowIntervalSeconds > 0)
            services.AddHostedService(sp => new WorkflowRunLoop(sp.GetRequiredService<IServiceScopeFactory>(), TimeSpan.FromSeconds(options.WorkflowIntervalSeconds),
                sp.GetRequiredService<ILogger<WorkflowRunLoop>>()));
        return services;
    }

    /// <summary>What the workflows ask of loyalty, where the sandbox runs the program (its pages register it).</summary>
    /// <remarks>A challenge a survey answer completes goes to its email through the workflows' door, asked for only then (the workflows hold this).</remarks>
    private static IWorkflowLoyalty? Loyalty(IServiceProvider services, SandboxDatabase database) =>
        services.GetService<LoyaltyEvents>() is { } events && services.GetService<LoyaltyNightly>() is { } nightly
            ? new WorkflowLoyalty(events, nightly, services.GetService<Retention.Core.Challenges.ChallengeEvents>(),
                () => new WorkflowTriggers(services.GetRequiredService<WorkflowProgram>(), new EfWorkflowSettingsStore(database), SandboxStores.Enrollments(database),
                    services.GetRequiredService<IClock>()))
            : null;

    /// <summary>The install's link-signing key: 32 random bytes made on first use and kept in the database (never shown).</summary>
    public static async Task<byte[]> LinkSecretAsync(SandboxDatabase database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (await ReadSecretAsync(database, cancellationToken) is { } existing)
            return existing;
        // Two processes starting at once: the key lets one secret in, and both read that one.
        await KeyedInsert.TryAsync(database, new SandboxSecretRow { Name = LinkSecretName, Value = LinkSigner.NewSecret() }, cancellationToken);
        return await ReadSecretAsync(database, cancellationToken) ?? throw new InvalidOperationException("The link secret could not be stored.");
    }

    private static async Task<byte[]?> ReadSecretAsync(SandboxDatabase database, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        return await db.Secrets.AsNoTracking().Where(s => s.Name == LinkSecretName).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The address the server listens on (known only once it has started with port 0), else the configured one.</summary>
    private static string BaseAddress(IServiceProvider services, SandboxOptions options)
    {
        var address = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address != null)
            return address;
        return options.Urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
               ?? $"http://127.0.0.1:{options.Port}";
    }
}
