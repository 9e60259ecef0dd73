using System.Globalization;
using Retention.Core.Analytics;

namespace Retention.Core.Tests.Analytics;

/// <summary>Reads the CDNOW fixtures shipped in <c>Fixtures/cdnow</c> (origin in its README).</summary>
internal static class Cdnow
{
    public static readonly DateOnly CalibrationEnd = new(1997, 9, 30);

    public static readonly DateOnly ObservationEnd = new(1998, 6, 30);

    private static readonly Lazy<IReadOnlyList<(int Id, CustomerSummary Summary)>> LazySummary = new(() =>
        ReadCsv("cdnow_customers_summary.csv")
            .Select(f => (int.Parse(f[0], CultureInfo.InvariantCulture), new CustomerSummary(int.Parse(f[1], CultureInfo.InvariantCulture), D(f[2]), D(f[3]))))
            .ToList());

    private static readonly Lazy<IReadOnlyList<(int Id, CustomerSummary Summary)>> LazySummaryWithSpend = new(() =>
        ReadCsv("cdnow_customers_summary_with_transactions.csv")
            .Select(f => (int.Parse(f[0], CultureInfo.InvariantCulture), new CustomerSummary(int.Parse(f[1], CultureInfo.InvariantCulture), D(f[2]), D(f[3]), D(f[4]))))
            .ToList());

    private static readonly Lazy<IReadOnlyDictionary<int, IReadOnlyList<Purchase>>> LazySample = new(() =>
        File.ReadLines(PathOf("CDNOW_sample.txt"))
            .Select(line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length == 5)
            .GroupBy(f => int.Parse(f[1], CultureInfo.InvariantCulture))
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<Purchase>)g.Select(f => new Purchase(
                        DateTime.ParseExact(f[2], "yyyyMMdd", CultureInfo.InvariantCulture),
                        decimal.Parse(f[4], CultureInfo.InvariantCulture)))
                    .ToList()));

    /// <summary><c>cdnow_customers_summary.csv</c>: ID, x, t_x, T in weeks.</summary>
    public static IReadOnlyList<(int Id, CustomerSummary Summary)> Summary => LazySummary.Value;

    /// <summary><c>cdnow_customers_summary_with_transactions.csv</c>: ID, x, t_x, T in weeks and zbar.</summary>
    public static IReadOnlyList<(int Id, CustomerSummary Summary)> SummaryWithSpend => LazySummaryWithSpend.Value;

    /// <summary><c>CDNOW_sample.txt</c>: each sample customer's transactions.</summary>
    public static IReadOnlyDictionary<int, IReadOnlyList<Purchase>> SampleTransactions => LazySample.Value;

    private static IEnumerable<string[]> ReadCsv(string name) =>
        File.ReadLines(PathOf(name)).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','));

    private static string PathOf(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "cdnow", name);

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
