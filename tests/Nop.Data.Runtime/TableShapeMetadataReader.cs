using System.Collections.Concurrent;
using System.Data;
using System.Reflection;
using LinqToDB;
using LinqToDB.Mapping;
using LinqToDB.Metadata;
using Nop.Core;

namespace Nop.Data.Testing;

/// <summary>
/// linq2db's mapping read from the same table shape the migrations create (Nop.Data/Mapping/FluentMigratorMetadataReader.cs):
/// table = class name, a column per mapped property with its nullability, size and type, the identity key with its
/// PostgreSQL sequence name.
/// </summary>
internal sealed class TableShapeMetadataReader(DatabaseKind kind) : IMetadataReader
{
    private readonly ConcurrentDictionary<(Type, MemberInfo), MappingAttribute[]> _cache = new();

    public MappingAttribute[] GetAttributes(Type type) =>
        type.IsSubclassOf(typeof(BaseEntity)) ? [new TableAttribute { Name = type.Name }] : [];

    public MappingAttribute[] GetAttributes(Type type, MemberInfo memberInfo)
    {
        if (!type.IsSubclassOf(typeof(BaseEntity)))
            return [];
        return _cache.GetOrAdd((type, memberInfo), key =>
        {
            var column = TableShape.Columns(key.Item1).SingleOrDefault(c => c.Name.Equals(key.Item2.Name, StringComparison.OrdinalIgnoreCase));
            if (column == null || key.Item2 is PropertyInfo { CanWrite: false })
                return [];
            var attribute = new ColumnAttribute
            {
                Name = column.Name,
                IsPrimaryKey = column.IsPrimaryKey,
                IsColumn = true,
                CanBeNull = column.IsNullable ?? false,
                Length = column.Size ?? 0,
                Precision = column.Precision ?? 0,
                IsIdentity = column.IsIdentity,
                DataType = ToDataType(column.Type ?? DbType.String),
            };
            return column.IsIdentity && kind == DatabaseKind.PostgreSQL
                ? [attribute, new SequenceNameAttribute($"{key.Item1.Name}_{column.Name}_seq")]
                : [attribute];
        });
    }

    public MemberInfo[] GetDynamicColumns(Type type) => [];

    public string GetObjectID() => $".{nameof(TableShapeMetadataReader)}.{kind}.";

    private static DataType ToDataType(DbType type) => type switch
    {
        DbType.AnsiString or DbType.AnsiStringFixedLength => DataType.VarChar,
        DbType.Binary => DataType.Binary,
        DbType.Boolean => DataType.Boolean,
        DbType.Byte => DataType.Byte,
        DbType.Currency => DataType.Money,
        DbType.Date => DataType.Date,
        DbType.DateTime => DataType.DateTime,
        DbType.DateTime2 => DataType.DateTime2,
        DbType.DateTimeOffset => DataType.DateTimeOffset,
        DbType.Decimal => DataType.Decimal,
        DbType.Double => DataType.Double,
        DbType.Guid => DataType.Guid,
        DbType.Int16 => DataType.Int16,
        DbType.Int32 => DataType.Int32,
        DbType.Int64 => DataType.Int64,
        DbType.String or DbType.StringFixedLength => DataType.NVarChar,
        DbType.Time => DataType.Time,
        _ => DataType.Undefined,
    };
}
