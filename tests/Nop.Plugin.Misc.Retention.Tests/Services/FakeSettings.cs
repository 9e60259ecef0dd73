using System.Linq.Expressions;
using System.Reflection;
using Nop.Core.Configuration;
using Nop.Services.Configuration;

namespace Nop.Plugin.Misc.Retention.Tests.Services;

/// <summary>
/// nopCommerce's settings table in a dictionary, behind a mocked ISettingService, with its lookup rule: a store's own
/// key, else the all-stores (0) key, else the class's own default. Only the settings classes passed to
/// <see cref="Serve{T}"/> are answered.
/// </summary>
public sealed class FakeSettings
{
    private readonly object _sync = new();

    public Mock<ISettingService> Mock { get; } = new();

    /// <summary>(store, "Class.Property") → value, as nopCommerce keys them.</summary>
    public Dictionary<(int Store, string Key), object> Values { get; } = new();

    public FakeSettings Serve<T>() where T : ISettings, new()
    {
        Mock.Setup(s => s.LoadSettingAsync<T>(It.IsAny<int>())).ReturnsAsync((int store) => Load<T>(store));
        Mock.Setup(s => s.SaveSettingAsync(It.IsAny<T>(), It.IsAny<int>())).Returns((T settings, int store) =>
        {
            lock (_sync)
                foreach (var property in Properties<T>())
                    Values[(store, Key<T>(property.Name))] = property.GetValue(settings);
            return Task.CompletedTask;
        });
        Mock.Setup(s => s.DeleteSettingAsync<T>()).Returns(() =>
        {
            lock (_sync)
                foreach (var key in Values.Keys.Where(k => k.Key.StartsWith(typeof(T).Name + ".", StringComparison.Ordinal)).ToList())
                    Values.Remove(key);
            return Task.CompletedTask;
        });
        ServeOverride<T, bool>();
        ServeOverride<T, int>();
        ServeOverride<T, decimal>();
        ServeOverride<T, string>();
        return this;
    }

    public T Load<T>(int store) where T : ISettings, new()
    {
        var settings = new T();
        lock (_sync)
            foreach (var property in Properties<T>())
                if (Values.TryGetValue((store, Key<T>(property.Name)), out var own) || Values.TryGetValue((0, Key<T>(property.Name)), out own))
                    property.SetValue(settings, own);
        return settings;
    }

    /// <summary>The value stored for exactly that store (no fallback), or null.</summary>
    public object Own<T>(int store, string property)
    {
        lock (_sync)
            return Values.GetValueOrDefault((store, Key<T>(property)));
    }

    private void ServeOverride<T, TProp>() where T : ISettings, new() =>
        Mock.Setup(s => s.SaveSettingOverridablePerStoreAsync(It.IsAny<T>(), It.IsAny<Expression<Func<T, TProp>>>(), It.IsAny<bool>(), It.IsAny<int>(), It.IsAny<bool>()))
            .Returns((T settings, Expression<Func<T, TProp>> selector, bool overrideForStore, int store, bool _) =>
            {
                var name = ((MemberExpression)selector.Body).Member.Name;
                lock (_sync)
                {
                    // nopCommerce's rule: write for the store when overriding (or for all stores), else drop the store's own key.
                    if (overrideForStore || store == 0)
                        Values[(store, Key<T>(name))] = selector.Compile()(settings);
                    else
                        Values.Remove((store, Key<T>(name)));
                }
                return Task.CompletedTask;
            });

    private static IEnumerable<PropertyInfo> Properties<T>() => typeof(T).GetProperties().Where(p => p.CanRead && p.CanWrite);

    private static string Key<T>(string property) => typeof(T).Name + "." + property;
}
