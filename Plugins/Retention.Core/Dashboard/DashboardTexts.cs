using Retention.Core.Analytics;

namespace Retention.Core.Dashboard;

/// <summary>
/// Every text the dashboard script (retention-dashboard.js) shows, by key, in English. Hosts hand the script a table
/// of these keys: the plugin its nopCommerce locale resources (installed from this table, translated by the merchant),
/// the sandbox this table itself. Placeholders are <c>{name}</c>, filled by the script. Kinds of key:
/// <c>kpi.{key}</c> a tile's label, <c>note.{noteKey}</c> why a tile has no value, <c>segment.{RfmSegment}</c> a segment's
/// name; the rest are the script's own words.
/// </summary>
public static class DashboardTexts
{
    /// <summary>The English table.</summary>
    public static IReadOnlyDictionary<string, string> English { get; } = Build();

    /// <summary>The text of <paramref name="key"/> in English; a missing key is a programming error.</summary>
    public static string Of(string key) =>
        English.TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"No dashboard text '{key}'.");

    private static Dictionary<string, string> Build()
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // Each label names its scope, so one word never means two figures (issue 15).
            ["kpi.customers"] = "Customers (all time)",
            ["kpi.activeCustomers"] = "Active customers (ordered in the last {window} days)",
            ["kpi.rpr"] = "Repeat purchase rate",
            ["kpi.crr"] = "Customer retention rate",
            ["kpi.churn"] = "Churn rate",
            ["kpi.aov"] = "Average order value (all orders to date)",
            ["kpi.ltv"] = "Revenue per customer, all time (LTV)",
            ["kpi.tbp"] = "Median days between purchases",
            ["kpi.nps"] = "Net promoter score",
            ["kpi.csat"] = "Customer satisfaction (CSAT)",
            ["kpi.pointsLiability"] = "Points liability, spendable now",
            ["kpi.pointsLiabilityWithPending"] = "Points liability incl. pending points",
            ["kpi.attributedRevenue"] = "Revenue attributed to workflow emails (last touch)",

            ["note.noActiveCustomers"] = "No customer was active at the start of the period.",
            ["note.noOrders"] = "No orders yet.",
            ["note.noCustomers"] = "No customers yet.",
            ["note.noRepeatCustomer"] = "No customer has ordered twice.",
            ["note.noSurveyAnswers"] = "No survey answers yet.",
            ["note.noLoyaltyProgram"] = "The store has no loyalty program.",
            ["note.noLedger"] = "No points ledger yet.",
            ["note.noWorkflowData"] = "No workflow has sent an email yet.",

            ["empty"] = "No figures yet: the dashboard fills in after the first run of the \"Retention: refresh dashboard metrics\" task.",
            ["noOrdersBefore"] = "This store has no orders before {date} yet. Retention figures appear once customers have ordered.",
            ["period"] = "Period",
            ["lastDays"] = "Last {days} days",
            ["store"] = "Store",
            ["asOf"] = "As of {date} (00:00 UTC), computed {computed} UTC",
            ["fullReport"] = "Full report »",
            ["loading"] = "Loading the store's figures… (the first snapshot after a start or a new day takes a few seconds)",
            ["stale"] = "These figures are as of {date}, but the store's day is now {today}: newer figures are being computed (task \"Retention: refresh dashboard metrics\"). Reload the page in a moment.",
            ["loadFailed"] = "Could not load the store's figures ({error}).",
            ["noData"] = "No data",
            ["vsPrevious"] = "vs previous {days} days",
            ["noPrevious"] = "No figure for the previous period",
            ["trend"] = "{label} trend",
            ["chartsUnavailable"] = "Charts are unavailable (Chart.js did not load); the figures are shown without them.",

            ["cohorts.title"] = "Cohort retention",
            ["cohorts.helpWidget"] = "Share of each month's new customers who ordered again k months later (first 8 months; every month on the report page).",
            ["cohorts.helpReport"] = "Share of each month's new customers who ordered again k months later.",
            ["cohorts.partial"] = "This month had not ended on {date}: the share so far, not final.",
            ["cohorts.partialLegend"] = "Month not over yet on {date}: the share so far, which will still rise (marked *).",
            ["cohorts.none"] = "No cohorts yet.",
            ["cohorts.cohort"] = "Cohort",
            ["cohorts.month"] = "M{k}",

            ["segments.title"] = "RFM segments",
            ["segments.chart"] = "Customers per RFM segment",
            ["segments.segment"] = "Segment",
            ["segments.share"] = "Share",
            ["segments.csv"] = "customers (.csv)",

            ["customers"] = "Customers",
            ["revenue"] = "Revenue",
            ["orders"] = "Orders",

            ["atRisk.title"] = "At risk, high value",
            ["atRisk.none"] = "No customer is on the list.",
            ["atRisk.customer"] = "Customer",
            ["atRisk.customerNumber"] = "Customer {id}",
            ["atRisk.daysSince"] = "Days since last order",
            ["atRisk.alive"] = "P(alive)",
            ["atRisk.value"] = "Value if retained",
            ["atRisk.actions"] = "Act",
            ["atRisk.startWinBack"] = "Start win-back",
            ["atRisk.addToRole"] = "Add to role",
            ["atRisk.chooseRole"] = "Customer role",

            ["prediction.title"] = "Predicted customer value (BG/NBD and Gamma-Gamma)",
            ["prediction.fitted"] = "The models were fitted on {customers} customers ({repeat} repeat).",
            ["prediction.outlook"] = "Of your {customers} customers, about {buyers} will buy again in the next {days} days (about {purchases} purchases).",
            ["prediction.outlookRevenue"] = "Expected revenue from them: {revenue}.",
            ["prediction.advanced"] = "Advanced: model parameters and fit",
            ["prediction.customers"] = "Customers / repeat customers",
            ["prediction.bgnbdScale"] = "BG/NBD r, α (days)",
            ["prediction.bgnbdDropout"] = "BG/NBD a, b",
            ["prediction.logLikelihood"] = "Log-likelihood",
            ["prediction.gammaGamma"] = "Gamma-Gamma p, q, v",
            ["prediction.bgnbdFit"] = "BG/NBD search",
            ["prediction.gammaGammaFit"] = "Gamma-Gamma search",
            ["prediction.converged"] = "Converged (gradient norm {gradient})",
            ["prediction.notConverged"] = "Did not converge: stopped at its iteration limit (gradient norm {gradient}); the parameters are the last point reached, not a maximum",
            ["prediction.atBoundary"] = "Ended on the edge of the parameter space (gradient norm {gradient}): some parameters are only identified as a ratio",
            ["prediction.clv"] = "CLV horizon, monthly discount",
            ["prediction.clvValue"] = "{months} months, {rate}",
            ["holdout.title"] = "How far the model can be trusted: calibration / holdout",
            ["holdout.summary"] = "Fitted on orders up to {date}, then asked to predict the next {days} days: {predicted} repeat purchases predicted against {actual} made ({error}); per customer MAE {mae}, RMSE {rmse}.",
            ["holdout.chart"] = "Holdout purchases by calibration frequency",
            ["holdout.actual"] = "Actual (mean per customer)",
            ["holdout.predicted"] = "Predicted",
            ["holdout.axis"] = "Repeat purchases in calibration",

            ["exports.title"] = "CSV exports",
            ["exports.kpis"] = "KPI tiles (.csv)",
            ["exports.cohorts"] = "Cohorts (.csv)",
            ["exports.segments"] = "RFM segments (.csv)",
            ["exports.at-risk"] = "At-risk customers (.csv)",
            ["exports.holdout"] = "Holdout check (.csv)",
        };
        foreach (var segment in Enum.GetValues<RfmSegment>())
            texts["segment." + segment] = segment.DisplayName();
        return texts;
    }
}
