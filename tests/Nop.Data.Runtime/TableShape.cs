using System.ComponentModel.DataAnnotations.Schema;
using System.Data;
using System.Globalization;
using System.Reflection;
using FluentMigrator.Builders.Create.Table;
using FluentMigrator.Expressions;
using FluentMigrator.Infrastructure;
using FluentMigrator.Model;
using LinqToDB.Mapping;
using Nop.Core;
using Nop.Data.Mapping.Builders;

namespace Nop.Data.Testing;

/// <summary>
/// How nopCommerce 4.90 turns an entity class into a table (Nop.Data/Extensions/FluentMigratorExtensions.cs,
/// RetrieveTableExpressions): the entity builder's columns first, an <c>Id</c> identity key in front unless the builder
/// declared a key, then every other public writable property of a mapped type, in declaration order.
/// </summary>
public static class TableShape
{
    private const int DateTimePrecision = 6;

    private static readonly Dictionary<Type, Action<ICreateTableColumnAsTypeSyntax>> TypeMapping = new()
    {
        [typeof(int)] = c => c.AsInt32(),
        [typeof(long)] = c => c.AsInt64(),
        [typeof(string)] = c => c.AsString(int.MaxValue).Nullable(),
        [typeof(bool)] = c => c.AsBoolean(),
        [typeof(decimal)] = c => c.AsDecimal(18, 4),
        [typeof(DateTime)] = c => AsNopDateTime2(c),
        [typeof(byte[])] = c => c.AsBinary(int.MaxValue),
        [typeof(Guid)] = c => c.AsGuid(),
    };

    /// <summary>Adds the entity's columns to <paramref name="builder"/> as TableFor does.</summary>
    public static void Retrieve(CreateTableExpressionBuilder builder, Type type)
    {
        FindEntityBuilder(type)?.MapEntity(builder);

        var expression = builder.Expression;
        if (!expression.Columns.Any(c => c.IsPrimaryKey))
        {
            var pk = new ColumnDefinition
            {
                Name = nameof(BaseEntity.Id),
                Type = DbType.Int32,
                IsIdentity = true,
                TableName = type.Name,
                ModificationType = ColumnModificationType.Create,
                IsPrimaryKey = true,
            };
            expression.Columns.Insert(0, pk);
            builder.CurrentColumn = pk;
        }

        var autoMapped = type.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.SetProperty)
            .Where(p => p.DeclaringType != typeof(BaseEntity) && p.CanWrite
                && p.GetCustomAttribute<NotMappedAttribute>() == null && p.GetCustomAttribute<NotColumnAttribute>() == null
                && !expression.Columns.Any(c => c.Name.Equals(p.Name, StringComparison.OrdinalIgnoreCase))
                && TypeMapping.ContainsKey(TypeToMap(p.PropertyType).Type));
        foreach (var property in autoMapped)
        {
            var (propertyType, nullable) = TypeToMap(property.PropertyType);
            var column = builder.WithColumn(property.Name);
            TypeMapping[propertyType](column);
            if (propertyType == typeof(DateTime))
                builder.CurrentColumn.Precision = DateTimePrecision;
            if (nullable || propertyType == typeof(string) || propertyType == typeof(byte[]))
                builder.Nullable();
        }
    }

    /// <summary>The columns of <paramref name="type"/>'s table, built without a database (NopMappingSchema.GetEntityDescriptor).</summary>
    public static IReadOnlyList<ColumnDefinition> Columns(Type type)
    {
        var expression = new CreateTableExpression { TableName = type.Name };
        Retrieve(new CreateTableExpressionBuilder(expression, new DetachedContext()), type);
        return expression.Columns.ToList();
    }

    private static ICreateTableColumnOptionOrWithColumnSyntax AsNopDateTime2(ICreateTableColumnAsTypeSyntax column) =>
        NopDatabase.Current?.Kind == DatabaseKind.MySql
            ? column.AsCustom(string.Create(CultureInfo.InvariantCulture, $"datetime({DateTimePrecision})"))
            : column.AsDateTime2();

    private static (Type Type, bool Nullable) TypeToMap(Type type) =>
        Nullable.GetUnderlyingType(type) is { } underlying ? (underlying, true) : (type, false);

    // Upstream asks the type finder for the first IEntityBuilder whose base type's generic argument is the entity.
    private static IEntityBuilder FindEntityBuilder(Type entity)
    {
        var builderType = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic)
            .SelectMany(LoadableTypes)
            .FirstOrDefault(t => !t.IsAbstract && typeof(IEntityBuilder).IsAssignableFrom(t)
                && (t.BaseType?.GetGenericArguments().Contains(entity) ?? false));
        return builderType == null ? null : (IEntityBuilder)Activator.CreateInstance(builderType);
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(t => t != null);
        }
    }

    /// <summary>Upstream's NullMigrationContext: a builder's side expressions (indexes) are collected and dropped.</summary>
    private sealed class DetachedContext : IMigrationContext
    {
        public IServiceProvider ServiceProvider => null;
        public ICollection<IMigrationExpression> Expressions { get; set; } = new List<IMigrationExpression>();
        public FluentMigrator.IQuerySchema QuerySchema => null;
        public string Connection { get; set; }
    }
}
