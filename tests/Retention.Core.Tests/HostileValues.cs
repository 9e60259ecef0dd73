using System.Reflection;

namespace Retention.Core.Tests;

/// <summary>The extremes a hostile form can post into a settings record, shared by the hostile-settings tests.</summary>
internal static class HostileValues
{
    /// <summary>The settable int and decimal properties of <paramref name="type"/>: every number an editor posts.</summary>
    public static IEnumerable<PropertyInfo> Numbers(Type type) =>
        type.GetProperties().Where(p => p.CanWrite && (p.PropertyType == typeof(int) || p.PropertyType == typeof(decimal)));

    public static object Extreme(Type type, bool high) =>
        type == typeof(int) ? high ? int.MaxValue : int.MinValue : high ? (object)decimal.MaxValue : decimal.MinValue;

    /// <summary>A copy of the record with one property set, as a model binder would build it.</summary>
    public static T With<T>(T record, PropertyInfo property, object value) where T : class
    {
        var copy = (T)record.GetType().GetMethod("<Clone>$")!.Invoke(record, null)!;
        property.SetValue(copy, value);
        return copy;
    }
}
