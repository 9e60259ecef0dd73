using System.Globalization;
using System.Text;

namespace Retention.Core.Dashboard;

/// <summary>The report page's CSV exports, the same in every host: comma-separated, a header row, invariant numbers, RFC 4180 quoting.</summary>
public static class DashboardCsv
{
    /// <summary>The exports by name, as the report page links them.</summary>
    public static readonly IReadOnlyList<string> Names = new[] { "kpis", "cohorts", "segments", "at-risk", "holdout" };

    /// <summary>
    /// The export called <paramref name="name"/>. Column names are fixed identifiers (scripts read the files in every
    /// language); the words in them (the KPI labels, <c>kpi.{key}</c>, and the segment names, <c>segment.{key}</c>) are read
    /// from <paramref name="text"/> (the host's <see cref="DashboardTexts"/> in the reader's language), English without it.
    /// </summary>
    /// <exception cref="ArgumentException">Not one of <see cref="Names"/>.</exception>
    public static string Write(DashboardSnapshot snapshot, string name, Func<string, string?>? text = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return name switch
        {
            "kpis" => Kpis(snapshot, text),
            "cohorts" => Cohorts(snapshot),
            "segments" => Segments(snapshot, text),
            "at-risk" => AtRisk(snapshot, text),
            "holdout" => Holdout(snapshot),
            _ => throw new ArgumentException($"There is no '{name}' export; choose one of: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    public static string Kpis(DashboardSnapshot s, Func<string, string?>? text = null)
    {
        var csv = new StringBuilder("period_days,kpi,label,unit,value,previous,change\r\n");
        foreach (var p in s.Periods)
            foreach (var k in p.Kpis)
                Row(csv, p.PeriodDays, k.Key, KpiLabel(s, k, text), k.Unit, k.Value, k.Previous, k.Change);
        return csv.ToString();
    }

    /// <summary>The tile's label as the widget shows it in the reader's language; the snapshot's (English) label without one.</summary>
    private static string KpiLabel(DashboardSnapshot s, DashboardKpi k, Func<string, string?>? text) =>
        text?.Invoke("kpi." + k.Key) is { Length: > 0 } words
            ? words.Replace("{window}", s.ActiveWindowDays.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            : k.Label;

    public static string Cohorts(DashboardSnapshot s)
    {
        var months = s.Cohorts.Count == 0 ? 0 : s.Cohorts.Max(c => c.Retention.Count);
        // partial_month: the month k whose share is not final yet (its month had not ended at as_of), empty when none.
        var csv = new StringBuilder("cohort,size,partial_month");
        for (var k = 0; k < months; k++)
            csv.Append(",month_").Append(k.ToString(CultureInfo.InvariantCulture));
        csv.Append("\r\n");
        foreach (var c in s.Cohorts)
            Row(csv, new object?[] { c.Cohort, c.Size, c.PartialMonth }.Concat(c.Retention.Cast<object?>()).ToArray());
        return csv.ToString();
    }

    public static string Segments(DashboardSnapshot s, Func<string, string?>? text = null)
    {
        var csv = new StringBuilder("segment,name,customers,share,revenue\r\n");
        foreach (var g in s.Segments)
            Row(csv, g.Key, SegmentName(g.Key, g.Name, text), g.Customers, g.Share, g.Revenue);
        return csv.ToString();
    }

    public static string AtRisk(DashboardSnapshot s, Func<string, string?>? text = null)
    {
        var csv = new StringBuilder("customer_id,name,email,orders,revenue,days_since_last_order,segment,p_alive,predicted_clv,value_if_retained\r\n");
        // The list names its segments as the snapshot was written (English); their keys give the reader's words.
        var keys = Enum.GetValues<Analytics.RfmSegment>().ToDictionary(g => Analytics.RfmScoring.DisplayName(g), g => g.ToString(), StringComparer.Ordinal);
        foreach (var c in s.AtRisk.Customers)
            Row(csv, c.CustomerId, c.Name, c.Email, c.Orders, c.Revenue, c.DaysSinceLastOrder,
                keys.TryGetValue(c.Segment, out var key) ? SegmentName(key, c.Segment, text) : c.Segment, c.ProbabilityAlive, c.PredictedClv, c.ValueIfRetained);
        return csv.ToString();
    }

    private static string SegmentName(string key, string english, Func<string, string?>? text) =>
        text?.Invoke("segment." + key) is { Length: > 0 } words ? words : english;

    public static string Holdout(DashboardSnapshot s)
    {
        var csv = new StringBuilder("calibration_frequency,or_more,customers,actual_mean,predicted_mean\r\n");
        foreach (var g in s.Prediction.Holdout?.ByFrequency ?? Array.Empty<DashboardHoldoutGroup>())
            Row(csv, g.Frequency, g.OrMore, g.Customers, g.ActualMean, g.PredictedMean);
        return csv.ToString();
    }

    private static void Row(StringBuilder csv, params object?[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
                csv.Append(',');
            csv.Append(Cell(cells[i]));
        }
        csv.Append("\r\n");
    }

    /// <summary>
    /// One cell; text that a spreadsheet would run as a formula (=, +, -, @ first, or a tab or carriage return before
    /// one, which spreadsheets skip: OWASP's CSV injection list) is prefixed with a quote mark.
    /// </summary>
    public static string Cell(object? value)
    {
        var text = value switch
        {
            null => "",
            bool b => b ? "true" : "false",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        if (value is string && text.Length > 0 && "=+-@\t\r".Contains(text[0]))
            text = "'" + text;
        return text.IndexOfAny(new[] { ',', '"', '\r', '\n' }) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }
}
