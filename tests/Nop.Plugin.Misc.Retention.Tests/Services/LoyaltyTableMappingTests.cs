using Nop.Plugin.Misc.Retention.Domain;
using Retention.Core.Tables;

namespace Nop.Plugin.Misc.Retention.Tests.Services;

/// <summary>
/// The plugin's table port pairs Core's row and the installed entity by column name, and a row column the entity lacks
/// would be dropped without a word on insert: every column of Core's loyalty rows must be one of the plugin's, same type.
/// </summary>
public sealed class LoyaltyTableMappingTests
{
    private static IEnumerable<TestCaseData> Pairs()
    {
        yield return new TestCaseData(typeof(PointsEntryRow), typeof(RetentionLedgerEntry)).SetArgDisplayNames("ledger");
        yield return new TestCaseData(typeof(TierStandingRow), typeof(RetentionTierStanding)).SetArgDisplayNames("tier standings");
    }

    [TestCaseSource(nameof(Pairs))]
    public void Every_column_of_the_Core_row_is_a_column_of_the_installed_table(Type row, Type entity)
    {
        var missing = row.GetProperties()
            .Where(p => p.Name != nameof(TableRow.Id))
            .Where(p => entity.GetProperty(p.Name) is not { CanWrite: true } column || column.PropertyType != p.PropertyType)
            .Select(p => p.Name);

        Assert.That(missing, Is.Empty);
    }
}
