using Retention.Core.Dashboard;

namespace Retention.Core.Tests.Dashboard;

public class DashboardCsvTests
{
    private static DashboardSnapshot Snapshot(params DashboardAtRiskCustomer[] atRisk) => new()
    {
        StoreId = 1,
        AsOf = new DateOnly(2026, 3, 1),
        ComputedOnUtc = new DateTime(2026, 3, 1, 2, 0, 0, DateTimeKind.Utc),
        ActiveWindowDays = 365,
        DefaultPeriodDays = 30,
        Periods = new[]
        {
            new DashboardPeriod(30, new DateTime(2026, 1, 30, 0, 0, 0, DateTimeKind.Utc), new[] { new DateOnly(2026, 1, 30), new DateOnly(2026, 3, 1) },
                new[] { new DashboardKpi("rpr", "Repeat purchase rate", "rate", 0.25, 0.5, -0.25, true, new double?[] { 0.5, 0.25 }),
                        new DashboardKpi("nps", "Net promoter score", "score", null, null, null, true, new double?[] { null, null }, "No survey answers yet.") }),
        },
        Cohorts = new[] { new DashboardCohort("2026-01", 4, new[] { 1.0, 0.25 }), new DashboardCohort("2026-02", 2, new[] { 1.0 }, PartialMonth: 0) },
        Segments = new[] { new DashboardSegment("Champions", "Champions", 3, 0.75, 120.5m), new DashboardSegment("CantLoseThem", "Can't lose them", 1, 0.25, 10m) },
        AtRisk = new DashboardAtRisk("rfm", "because", atRisk),
        Prediction = new DashboardPrediction(false, "too few", 4, 1, null, null, null, 12, 0.01),
    };

    [Test]
    public void Kpis_export_one_row_per_period_and_tile_with_empty_cells_for_missing_figures()
    {
        var csv = DashboardCsv.Write(Snapshot(), "kpis");

        Assert.That(csv, Is.EqualTo("period_days,kpi,label,unit,value,previous,change\r\n" +
                                    "30,rpr,Repeat purchase rate,rate,0.25,0.5,-0.25\r\n" +
                                    "30,nps,Net promoter score,score,,,\r\n"));
    }

    [Test]
    public void Cohorts_export_as_many_month_columns_as_the_oldest_cohort_has()
    {
        var csv = DashboardCsv.Write(Snapshot(), "cohorts");

        Assert.That(csv, Is.EqualTo("cohort,size,partial_month,month_0,month_1\r\n2026-01,4,,1,0.25\r\n2026-02,2,0,1\r\n"));
    }

    [Test]
    public void Text_with_commas_or_quotes_is_quoted_and_formula_text_is_defused()
    {
        var csv = DashboardCsv.Write(Snapshot(new DashboardAtRiskCustomer(7, "=HYPERLINK(\"x\")", "a,b@example.com", 3, 99.5m, 40, "At risk", null, null, null)), "at-risk");

        var row = csv.Split("\r\n")[1];
        Assert.That(row, Is.EqualTo("7,\"'=HYPERLINK(\"\"x\"\")\",\"a,b@example.com\",3,99.5,40,At risk,,,"));
    }

    [Test]
    public void Segments_export_keeps_the_apostrophe_inside_a_name()
    {
        var csv = DashboardCsv.Write(Snapshot(), "segments");

        Assert.That(csv.Split("\r\n")[2], Is.EqualTo("CantLoseThem,Can't lose them,1,0.25,10"));
    }

    [Test]
    public void Segment_names_are_written_in_the_readers_language_and_the_columns_keep_their_identifiers()
    {
        var russian = DashboardTexts.ByLanguage["ru"];
        var snapshot = Snapshot(new DashboardAtRiskCustomer(7, "Anna", "a@example.com", 3, 99.5m, 40, "Can't lose them", null, null, null));

        var segments = DashboardCsv.Write(snapshot, "segments", russian.GetValueOrDefault).Split("\r\n");
        var atRisk = DashboardCsv.Write(snapshot, "at-risk", russian.GetValueOrDefault).Split("\r\n");

        Assert.That(segments[0], Is.EqualTo("segment,name,customers,share,revenue"));
        Assert.That(segments[2], Is.EqualTo("CantLoseThem," + russian["segment.CantLoseThem"] + ",1,0.25,10"));
        Assert.That(atRisk[1], Does.Contain("," + russian["segment.CantLoseThem"] + ","));
        Assert.That(DashboardCsv.Write(snapshot, "segments", _ => null).Split("\r\n")[2], Is.EqualTo("CantLoseThem,Can't lose them,1,0.25,10"), "no text: English");
    }

    [Test]
    public void Kpi_labels_are_written_in_the_readers_language_with_the_active_window_filled_in()
    {
        var russian = DashboardTexts.ByLanguage["ru"];
        var snapshot = Snapshot();
        var period = snapshot.Periods[0] with
        {
            Kpis = [.. snapshot.Periods[0].Kpis, new DashboardKpi("activeCustomers", "Active customers (ordered in the last 365 days)", "count", 3, 2, 1, true, [2, 3])],
        };

        var rows = DashboardCsv.Write(snapshot with { Periods = [period] }, "kpis", russian.GetValueOrDefault).Split("\r\n");

        Assert.That(rows[0], Is.EqualTo("period_days,kpi,label,unit,value,previous,change"), "the columns stay identifiers");
        Assert.That(rows[1], Is.EqualTo("30,rpr," + russian["kpi.rpr"] + ",rate,0.25,0.5,-0.25"));
        Assert.That(rows[3], Is.EqualTo("30,activeCustomers," + russian["kpi.activeCustomers"].Replace("{window}", "365") + ",count,3,2,1"));
        Assert.That(rows[3], Does.Not.Contain("{window}"));
    }

    [Test]
    public void An_unknown_export_is_refused_with_the_list_of_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => DashboardCsv.Write(Snapshot(), "orders"));
        Assert.That(e!.Message, Does.Contain("kpis, cohorts, segments, at-risk, holdout"));
    }
}
