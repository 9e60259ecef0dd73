using System.Reflection;
using System.Runtime.CompilerServices;

namespace Nop.Plugin.Misc.Retention.Tests.Contract;

/// <summary>
/// The public surface of a NopSdk assembly, one line per type and member, in the form CONTRACT.md lists it:
/// <c>Namespace.Type</c>, <c>Namespace.Type.Member</c>, or <c>Namespace.Type.Method(ParamType, …)</c>.
/// Parameterless constructors and compiler-generated members (record plumbing, accessors) are left out.
/// </summary>
public static class NopSdkSurface
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static IEnumerable<string> Of(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes().Where(IsVisible))
        {
            var typeName = Format(type, qualify: true);
            yield return typeName;
            foreach (var member in type.GetMembers(Declared).Where(m => IsListed(type, m)))
                yield return typeName + "." + Describe(member);
        }
    }

    private static bool IsVisible(Type type) =>
        type.IsPublic || (type.IsNestedPublic && IsVisible(type.DeclaringType!));

    private static bool IsListed(Type type, MemberInfo member)
    {
        if (member.IsDefined(typeof(CompilerGeneratedAttribute)))
            return false;
        return member switch
        {
            ConstructorInfo c => Visible(c) && c.GetParameters().Length > 0,
            MethodInfo m => Visible(m) && !m.IsSpecialName,
            PropertyInfo p => p.GetAccessors(nonPublic: true).Any(Visible),
            FieldInfo f => (f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly) && !(type.IsEnum && f.IsSpecialName),
            EventInfo e => e.AddMethod is { } add && Visible(add),
            _ => false,
        };
    }

    private static bool Visible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static string Describe(MemberInfo member) => member switch
    {
        ConstructorInfo c => ".ctor(" + Parameters(c) + ")",
        MethodInfo m => m.Name + (m.IsGenericMethodDefinition ? "<" + string.Join(", ", m.GetGenericArguments().Select(a => a.Name)) + ">" : "") + "(" + Parameters(m) + ")",
        _ => member.Name,
    };

    private static string Parameters(MethodBase method) =>
        string.Join(", ", method.GetParameters().Select(p => Format(p.ParameterType, qualify: false)));

    /// <summary>C#-like names: generic arguments in angle brackets, <c>T?</c> for nullable values, nested types with a dot.</summary>
    public static string Format(Type type, bool qualify)
    {
        if (type.IsByRef)
            return Format(type.GetElementType()!, qualify) + "&";
        if (type.IsArray)
            return Format(type.GetElementType()!, qualify) + "[]";
        if (type.IsGenericParameter)
            return type.Name;
        if (Nullable.GetUnderlyingType(type) is { } underlying)
            return Format(underlying, qualify) + "?";
        var name = type.Name;
        var tick = name.IndexOf('`');
        if (tick >= 0)
            name = name[..tick];
        if (type.IsNested)
            name = Format(type.DeclaringType!, qualify) + "." + name;
        else if (qualify && !string.IsNullOrEmpty(type.Namespace))
            name = type.Namespace + "." + name;
        if (type.IsGenericType)
        {
            var args = type.GetGenericArguments();
            if (type.IsNested)
                args = args.Skip(type.DeclaringType!.GetGenericArguments().Length).ToArray();
            if (args.Length > 0)
                name += "<" + string.Join(", ", args.Select(a => Format(a, qualify: false))) + ">";
        }
        return name;
    }
}
