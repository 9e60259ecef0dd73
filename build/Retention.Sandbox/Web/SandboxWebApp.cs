using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Core.Coupons;
using Retention.Core.Locking;
using Retention.Core.Loyalty;
using Retention.Core.Messaging;
using Retention.Core.Metrics;
using Retention.Core.Store;
using Retention.Sandbox.Data;
using Retention.Sandbox.Farm;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Workflows;

namespace Retention.Sandbox.Web;

/// <summary>The local web app: Core's ports over the sandbox database, the pages and the JSON endpoints.</summary>
public static class SandboxWebApp
{
    public static WebApplication Build(SandboxOptions options, SandboxState state, string[]? args = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args ?? Array.Empty<string>(),
            // The app's own folder, wherever it is started from: wwwroot is copied next to the assembly.
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.WebHost.UseUrls(options.Urls ?? $"http://127.0.0.1:{options.Port}");
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Minimal APIs write JSON with UnsafeRelaxedJsonEscaping, which leaves < > & ' raw; the answers carry text admins
        // and customers typed (tier names, adjustment reasons, names), and a page that embeds one in a script element or
        // an attribute must not be broken out of. This encoder writes them as \u003C and the like (same data once parsed)
        // and, unlike JavaScriptEncoder.Default, keeps localized letters as they are.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All));
        AddPorts(builder.Services, state);
        LoyaltyPages.AddServices(builder.Services, options, state);
        StampPages.AddServices(builder.Services, state);
        ChallengePages.AddServices(builder.Services, state);
        builder.Services.AddSandboxWorkflows(options, state);
        FarmNode.AddServices(builder.Services, options, state);

        var app = builder.Build();
        app.UseStaticFiles();
        SandboxLanguage.Use(app);
        MapEndpoints(app);
        FarmNode.Map(app, options);
        app.Lifetime.ApplicationStarted.Register(() => LogAddresses(app, state));
        return app;
    }

    /// <summary>Every Core port, as the engine will ask for it.</summary>
    public static void AddPorts(IServiceCollection services, SandboxState state)
    {
        var database = state.Database;
        IClock clock = SandboxClock.For(state);
        services.AddSingleton(state);
        services.AddSingleton(database);
        services.AddSingleton(clock);
        services.AddScoped(_ => database.CreateContext());
        services.AddScoped<IStoreData, EfStoreData>();
        services.AddScoped<IPurchaseGapQuery, EfPurchaseGapQuery>();
        services.AddSingleton<IQueryRunner, EfQueryRunner>();
        services.AddSingleton<IPointsLedger>(SandboxLoyaltyStores.Ledger(database));
        services.AddSingleton<IMessageOutbox>(SandboxStores.Outbox(database));
        services.AddSingleton<ICouponIssuer>(SandboxStores.Coupons(database, clock));
        services.AddSingleton<IOptionsStore>(new EfOptionsStore(database));
        services.AddSingleton(SandboxLocks.For(database, clock));
        services.AddScoped<StoreSummaryQuery>();
        services.AddDashboard();
    }

    private static void MapEndpoints(WebApplication app)
    {
        app.MapGet("/", (SandboxState state) => Pages.Index(state));
        app.MapGet("/admin", Pages.AdminAsync);
        LoyaltyPages.Map(app);
        LoyaltySettingsPages.Map(app);
        CardPages.Map(app);
        StampPages.Map(app);
        ChallengePages.Map(app);
        WorkflowPages.Map(app);
        app.MapDashboard();
        app.MapGet("/api/health", (SandboxState state, IClock clock) => Results.Ok(new
        {
            status = "ok",
            database = state.Database.Provider.ToString(),
            source = state.Source,
            asOfUtc = state.AsOfUtc,
            // The sandbox's own time, so a farm's nodes can be seen to agree on it.
            nowUtc = clock.UtcNow,
        }));
        app.MapGet("/api/admin/summary", (StoreSummaryQuery summaries, CancellationToken ct) => summaries.RunAsync(new StoreId(1), ct));
    }

    private static void LogAddresses(WebApplication app, SandboxState state)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? Array.Empty<string>();
        foreach (var address in addresses)
            app.Logger.LogInformation("Retention sandbox listening on {Url} — admin {Url}/admin, shop {Url}/shop?customer=1, outbox {Url}/outbox ({Source})",
                address, address, address, address, Pages.Source(state));
    }

    /// <summary>The first address the server listens on (useful with port 0).</summary>
    public static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
