using Retention.Core.Common;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;

namespace Retention.Sandbox.Farm;

/// <summary>
/// What a node of a web farm adds to the sandbox app: a clock that keeps and follows the offset shared in the database, the
/// loyalty sweep loop, the event endpoint (only with a key) and the fault injection of the kill test.
/// </summary>
public static class FarmNode
{
    /// <summary>How often a node reads the shared clock offset.</summary>
    public static readonly TimeSpan ClockPoll = TimeSpan.FromMilliseconds(200);

    /// <summary>Registers the node's services; call after the ports and workflows are registered. Does nothing outside node mode.</summary>
    public static void AddServices(IServiceCollection services, SandboxOptions options, SandboxState state)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(state);
        if (options.LoyaltyIntervalSeconds > 0)
            services.AddHostedService(sp => new LoyaltyRunLoop(sp.GetRequiredService<IServiceScopeFactory>(), TimeSpan.FromSeconds(options.LoyaltyIntervalSeconds),
                options.Node, sp.GetRequiredService<ILogger<LoyaltyRunLoop>>()));
        if (options.Node == null)
            return;

        // One time for the farm: the sandbox's clock already adds each advance to the offset in the database and starts
        // from the stored one; a node also follows the offset the other nodes store, reading it every ClockPoll.
        var clock = services.LastOrDefault(d => d.ServiceType == typeof(IClock))?.ImplementationInstance as SandboxClock
                    ?? throw new InvalidOperationException("A node expects the sandbox's clock to be registered first.");
        services.AddHostedService(sp => new ClockFollower(clock, state.Database, sp.GetRequiredService<ILogger<ClockFollower>>()));

        if (options.FaultStepDelayMs > 0)
        {
            var delay = TimeSpan.FromMilliseconds(options.FaultStepDelayMs);
            Decorate<IWorkflowContent>(services, inner => new SlowStepContent(inner, delay));
            Decorate<IWorkflowStepWriter>(services, inner => new SlowStepWriter(inner, delay));
        }
        if (options.NodeEventsKey != null)
            services.AddSingleton(new NodeEventsKey(options.Node, options.NodeEventsKey));
    }

    /// <summary>Maps the node's endpoints (the event endpoint only when the node was given a key).</summary>
    public static void Map(WebApplication app, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Node != null && options.NodeEventsKey != null)
            NodeEvents.Map(app);
    }

    /// <summary>The advanced offset kept in the database (zero when the clock was never advanced).</summary>
    public static Task<TimeSpan> ReadOffsetAsync(SandboxDatabase database, CancellationToken cancellationToken = default) =>
        SandboxClock.ReadOffsetAsync(database, cancellationToken);

    private static void Decorate<T>(IServiceCollection services, Func<T, T> wrap) where T : class
    {
        var original = services.Last(d => d.ServiceType == typeof(T));
        var factory = original.ImplementationFactory ?? throw new InvalidOperationException($"{typeof(T).Name} is expected to be registered by a factory.");
        services.Remove(original);
        services.Add(new ServiceDescriptor(typeof(T), sp => wrap((T)factory(sp)), original.Lifetime));
    }
}

/// <summary>Moves the node's clock forward whenever another node (or the test) advanced the shared offset.</summary>
public sealed class ClockFollower(SandboxClock clock, SandboxDatabase database, ILogger<ClockFollower> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(FarmNode.ClockPoll, stoppingToken);
                clock.Follow(await SandboxClock.ReadOffsetAsync(database, stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Could not read the shared clock offset; trying again.");
            }
        }
    }
}

/// <summary>
/// Fault injection for the farm's kill test: a pause before each rendering (of one step, or of a batch), so a run spans
/// seconds and a node can be killed inside it. Never registered outside node mode.
/// </summary>
public sealed class SlowStepContent(IWorkflowContent inner, TimeSpan delay) : IWorkflowContent
{
    public async Task<StepContent> RenderAsync(StepMessage message, CancellationToken cancellationToken = default)
    {
        await Task.Delay(delay, cancellationToken);
        return await inner.RenderAsync(message, cancellationToken);
    }

    public async Task<IReadOnlyList<StepContent>> RenderManyAsync(IReadOnlyList<StepMessage> messages, CancellationToken cancellationToken = default)
    {
        await Task.Delay(delay, cancellationToken);
        return await inner.RenderManyAsync(messages, cancellationToken);
    }
}

/// <summary>
/// Fault injection for the kill test: before each commit chunk a pause of the delay per step in it, so a batched run is
/// paced like a step-by-step one and a node can be killed between two chunks of one run.
/// </summary>
public sealed class SlowStepWriter(IWorkflowStepWriter inner, TimeSpan delayPerStep) : IWorkflowStepWriter
{
    public async Task<IReadOnlySet<long>> CommitAsync(IReadOnlyList<StepOutcome> outcomes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        await Task.Delay(delayPerStep * outcomes.Count, cancellationToken);
        return await inner.CommitAsync(outcomes, cancellationToken);
    }
}
