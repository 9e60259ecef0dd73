using System.Globalization;
using System.Text;
using Retention.Core.Dashboard;
using Retention.Core.Loyalty;

namespace Nop.Plugin.Misc.Retention.Factories;

/// <summary>
/// The finance report as CSV for a spreadsheet: invariant culture (dot decimals, ISO dates) whatever the admin's
/// language, one header row, one line per day. The header row is what the admin reads (the columns' resources in their
/// language, from the controller); the columns' order is fixed, so an import that maps by position reads every language.
/// Without names the header is the columns' fixed identifiers (<see cref="Header"/>).
/// </summary>
public static class PointsAccountingCsv
{
    public static readonly string[] Header =
    [
        "Day", "StoreId", "Opening", "Earned", "Bonuses", "Adjusted", "Reversed", "Redeemed", "Reimbursed", "Expired", "Closing",
        "PendingAtClose", "CurrencyPerPoint", "OpeningValue", "ClosingValue", "Challenges",
    ];

    public static string Write(IEnumerable<PointsAccountingDay> days, IReadOnlyDictionary<string, string> headerNames = null)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(",", Header.Select(h => Quote(headerNames?.GetValueOrDefault(h) ?? h)))).Append("\r\n");
        foreach (var d in days)
        {
            var fields = new[]
            {
                d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Int(d.Store.Value), Int(d.Opening), Int(d.Earned), Int(d.Bonuses),
                Int(d.Adjusted), Int(d.Reversed), Int(d.Redeemed), Int(d.Reimbursed), Int(d.Expired), Int(d.Closing), Int(d.PendingAtClose),
                Dec(d.CurrencyPerPoint), Dec(d.OpeningValue), Dec(d.ClosingValue), Int(d.Challenges),
            };
            csv.Append(string.Join(",", fields)).Append("\r\n");
        }
        return csv.ToString();
    }

    /// <summary>
    /// The loyalty mechanics' lines (issue 18) as their own CSV: Core's writer, headers and labels in the admin's language
    /// (<paramref name="text"/> of a dashboard text key), the stable key beside each label, invariant numbers.
    /// </summary>
    public static string WriteMechanics(MechanicsAccounting accounting, Func<string, string> text) => MechanicsAccountingCsv.Write(accounting, text);

    // A translated name may hold a comma or a quote.
    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Dec(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
