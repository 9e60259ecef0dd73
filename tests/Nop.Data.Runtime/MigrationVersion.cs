using System.Globalization;

namespace Nop.Data.Testing;

/// <summary>A migration's version: the ticks of its date string (Nop.Data/Migrations/NopMigrationAttribute.cs, NopMigrationDefaults.DateFormats).</summary>
public static class MigrationVersion
{
    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy.MM.dd HH:mm:ss", "yyyy/MM/dd HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss:fffffff", "yyyy.MM.dd HH:mm:ss:fffffff", "yyyy/MM/dd HH:mm:ss:fffffff",
    ];

    public static long FromDateTime(string dateTime) =>
        DateTime.ParseExact(dateTime, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None).Ticks;
}
