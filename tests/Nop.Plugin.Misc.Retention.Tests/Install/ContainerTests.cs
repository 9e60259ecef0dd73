using System.Reflection;
using Autofac;
using Autofac.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nop.Core.Configuration;
using Nop.Plugin.Misc.Retention.Infrastructure;
using Nop.Services.Events;
using Nop.Services.Plugins;
using Nop.Services.ScheduleTasks;

namespace Nop.Plugin.Misc.Retention.Tests.Install;

/// <summary>
/// Every type of the plugin resolves the way a nopCommerce 4.90 store builds it, under Autofac (the store's default
/// container, src/Presentation/Nop.Web/Program.cs) and under the default container with scope validation: the
/// registrations of the plugin's <c>NopStartup</c>; event consumers registered scoped per consumer interface
/// (src/Presentation/Nop.Web.Framework/Infrastructure/NopStartup.cs); controllers as services (AddControllersAsServices in
/// Nop.Web.Framework/Infrastructure/Extensions/ServiceCollectionExtensions.cs), schedule tasks, view components and the
/// plugin class activated per request scope from registered services (ScheduleTaskRunner / PluginDescriptor resolve them
/// unregistered). nopCommerce's own services are faked, found by walking the plugin's constructors: anything of the
/// plugin's or Core's that a constructor needs and nobody registered fails here.
/// </summary>
public class ContainerTests
{
    private static readonly Assembly Plugin = typeof(RetentionPlugin).Assembly;
    private static readonly Assembly Core = typeof(global::Retention.Core.Common.IClock).Assembly;

    private static bool Ours(Type type) => type.Assembly == Plugin || type.Assembly == Core;

    private static IEnumerable<Type> Concrete(Assembly assembly) =>
        assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract && !t.IsGenericTypeDefinition && t.IsPublic);

    /// <summary>Types nopCommerce activates itself, per request scope, from registered services.</summary>
    private static IEnumerable<Type> Activated() => Concrete(Plugin).Where(t =>
        typeof(IScheduleTask).IsAssignableFrom(t) || typeof(ControllerBase).IsAssignableFrom(t)
        || typeof(Microsoft.AspNetCore.Mvc.ViewComponent).IsAssignableFrom(t) || typeof(BasePlugin).IsAssignableFrom(t));

    private static IServiceCollection Registrations()
    {
        var services = new ServiceCollection();
        new NopStartup().ConfigureServices(services, new ConfigurationBuilder().Build());
        foreach (var consumer in Concrete(Plugin))
            foreach (var contract in consumer.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>)))
                services.AddScoped(contract, consumer);
        foreach (var controller in Activated().Where(t => typeof(ControllerBase).IsAssignableFrom(t)))
            services.AddTransient(controller);

        // nopCommerce's side: every foreign type a constructor of ours asks for, scoped like nopCommerce's services and
        // settings (loaded per store per request).
        foreach (var type in ForeignDependencies(services))
        {
            if (typeof(ISettings).IsAssignableFrom(type) && !type.IsAbstract)
                services.AddScoped(type, _ => Activator.CreateInstance(type)!);
            else if (type.IsInterface || type.IsAbstract)
                services.AddScoped(type, _ => ((Mock)Activator.CreateInstance(typeof(Mock<>).MakeGenericType(type))!).Object);
            else
                services.AddScoped(type);
        }
        // The link and referral secrets install creates.
        services.AddScoped(_ => new RetentionInstallSettings
        {
            LinkSecret = Convert.ToBase64String(new byte[32]), ReferralSecret = Convert.ToBase64String(new byte[32]),
        });
        return services;
    }

    private static HashSet<Type> ForeignDependencies(IServiceCollection services)
    {
        var registered = services.Select(s => s.ServiceType).ToHashSet();
        var foreign = new HashSet<Type>();
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>(Concrete(Plugin).Concat(Concrete(Core)));
        while (pending.Count > 0)
        {
            var type = pending.Dequeue();
            if (!seen.Add(type))
                continue;
            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
            foreach (var parameter in constructor?.GetParameters() ?? [])
            {
                var needed = parameter.ParameterType;
                if (needed.IsPrimitive || needed == typeof(string) || needed.IsValueType || needed.IsArray || Ours(needed) || registered.Contains(needed)
                    || parameter.HasDefaultValue || (needed.IsGenericType && needed.GetGenericTypeDefinition() == typeof(IEnumerable<>)))
                {
                    if (Ours(needed) && !needed.IsInterface && !needed.IsAbstract)
                        pending.Enqueue(needed);
                    continue;
                }
                if (needed.Assembly.GetName().Name!.StartsWith("Nop.", StringComparison.Ordinal) || needed.Namespace!.StartsWith("Microsoft.", StringComparison.Ordinal))
                    foreign.Add(needed);
            }
        }
        return foreign;
    }

    private static IEnumerable<Type> PluginServices(IServiceCollection services) =>
        services.Where(s => Ours(s.ServiceType) || s.ImplementationType is { } i && Ours(i)).Select(s => s.ServiceType)
            .Where(t => !t.IsGenericTypeDefinition).Distinct();

    private static void ResolveEverything(IServiceProvider root, IServiceCollection services)
    {
        using var scope = root.CreateScope();
        var provider = scope.ServiceProvider;
        Assert.Multiple(() =>
        {
            foreach (var service in PluginServices(services))
                Assert.That(() => provider.GetRequiredService(service), Throws.Nothing, service.FullName);
            foreach (var type in Activated())
                Assert.That(() => ActivatorUtilities.CreateInstance(provider, type), Throws.Nothing, type.FullName);
        });
    }

    [Test]
    public void Every_registration_consumer_task_controller_view_component_and_the_plugin_resolve_under_Autofac()
    {
        var services = Registrations();
        var builder = new ContainerBuilder();
        builder.Populate(services);
        using var container = builder.Build();

        ResolveEverything(new AutofacServiceProvider(container), services);
    }

    [Test]
    public void The_same_resolve_under_the_default_container_with_scope_validation()
    {
        var services = Registrations();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        ResolveEverything(provider, services);
    }

    [Test]
    public void No_singleton_of_the_plugin_holds_a_scoped_service()
    {
        // Autofac does not report a captive dependency itself: a singleton built from a request's services keeps them.
        var services = Registrations();
        var lifetimes = services.GroupBy(s => s.ServiceType).ToDictionary(g => g.Key, g => g.Last().Lifetime);
        var captives = services
            .Where(s => s.Lifetime == ServiceLifetime.Singleton && s.ImplementationType is { } i && Ours(i))
            .SelectMany(s => s.ImplementationType!.GetConstructors().SelectMany(c => c.GetParameters())
                .Where(p => lifetimes.GetValueOrDefault(p.ParameterType) == ServiceLifetime.Scoped)
                .Select(p => $"{s.ImplementationType!.Name} holds {p.ParameterType.Name}"))
            .ToList();

        Assert.That(captives, Is.Empty);
    }
}
