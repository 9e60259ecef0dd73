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

    /// <summary>
    /// The Russian table, keyed as <see cref="English"/>. The script fills placeholders without plural forms, so counts stand
    /// where no noun has to agree with them ("Дней: {days}", "за {days} дн.").
    /// </summary>
    public static IReadOnlyDictionary<string, string> Russian { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["kpi.customers"] = "Покупатели (за всё время)",
        ["kpi.activeCustomers"] = "Активные покупатели (заказывали за последние {window} дн.)",
        ["kpi.rpr"] = "Доля повторных покупок",
        ["kpi.crr"] = "Коэффициент удержания",
        ["kpi.churn"] = "Отток",
        ["kpi.aov"] = "Средний чек (все заказы на сегодня)",
        ["kpi.ltv"] = "Выручка на покупателя за всё время (LTV)",
        ["kpi.tbp"] = "Медиана дней между покупками",
        ["kpi.nps"] = "Индекс потребительской лояльности (NPS)",
        ["kpi.csat"] = "Удовлетворённость покупателей (CSAT)",
        ["kpi.pointsLiability"] = "Обязательства по баллам, доступным сейчас",
        ["kpi.pointsLiabilityWithPending"] = "Обязательства по баллам, включая ожидающие",
        ["kpi.attributedRevenue"] = "Выручка от писем сценариев (последнее касание)",

        ["note.noActiveCustomers"] = "В начале периода не было активных покупателей.",
        ["note.noOrders"] = "Заказов пока нет.",
        ["note.noCustomers"] = "Покупателей пока нет.",
        ["note.noRepeatCustomer"] = "Ни один покупатель ещё не заказывал дважды.",
        ["note.noSurveyAnswers"] = "Ответов на опросы пока нет.",
        ["note.noLoyaltyProgram"] = "В магазине нет бонусной программы.",
        ["note.noLedger"] = "Журнала баллов пока нет.",
        ["note.noWorkflowData"] = "Ни один сценарий ещё не отправил письмо.",

        ["empty"] = "Показателей пока нет: панель заполнится после первого запуска задачи «Retention: refresh dashboard metrics».",
        ["noOrdersBefore"] = "В этом магазине пока нет заказов до {date}. Показатели удержания появятся, когда покупатели начнут заказывать.",
        ["period"] = "Период",
        ["lastDays"] = "Последние {days} дн.",
        ["store"] = "Магазин",
        ["asOf"] = "На {date} (00:00 UTC), рассчитано {computed} UTC",
        ["fullReport"] = "Полный отчёт »",
        ["loading"] = "Загружаем показатели магазина… (первый расчёт после запуска или в начале нового дня занимает несколько секунд)",
        ["stale"] = "Показатели приведены на {date}, а в магазине уже {today}: новые показатели рассчитываются (задача «Retention: refresh dashboard metrics»). Обновите страницу чуть позже.",
        ["loadFailed"] = "Не удалось загрузить показатели магазина ({error}).",
        ["noData"] = "Нет данных",
        ["vsPrevious"] = "к предыдущим {days} дн.",
        ["noPrevious"] = "Нет показателя за предыдущий период",
        ["trend"] = "{label}: динамика",
        ["chartsUnavailable"] = "Графики недоступны (Chart.js не загрузился); показатели выводятся без них.",

        ["cohorts.title"] = "Удержание по когортам",
        ["cohorts.helpWidget"] = "Доля новых покупателей каждого месяца, заказавших снова через k месяцев (первые 8 месяцев; все месяцы — на странице отчёта).",
        ["cohorts.helpReport"] = "Доля новых покупателей каждого месяца, заказавших снова через k месяцев.",
        ["cohorts.partial"] = "На {date} этот месяц ещё не закончился: доля на текущий момент, не окончательная.",
        ["cohorts.partialLegend"] = "Месяц на {date} ещё не закончился: доля на текущий момент, она ещё вырастет (отмечено *).",
        ["cohorts.none"] = "Когорт пока нет.",
        ["cohorts.cohort"] = "Когорта",
        ["cohorts.month"] = "М{k}",

        ["segments.title"] = "RFM-сегменты",
        ["segments.chart"] = "Покупатели по RFM-сегментам",
        ["segments.segment"] = "Сегмент",
        ["segments.share"] = "Доля",
        ["segments.csv"] = "покупатели (.csv)",

        ["customers"] = "Покупатели",
        ["revenue"] = "Выручка",
        ["orders"] = "Заказы",

        ["atRisk.title"] = "Ценные покупатели под угрозой ухода",
        ["atRisk.none"] = "В списке никого нет.",
        ["atRisk.customer"] = "Покупатель",
        ["atRisk.customerNumber"] = "Покупатель {id}",
        ["atRisk.daysSince"] = "Дней с последнего заказа",
        ["atRisk.alive"] = "P(активен)",
        ["atRisk.value"] = "Ценность при удержании",
        ["atRisk.actions"] = "Действие",
        ["atRisk.startWinBack"] = "Запустить реактивацию",
        ["atRisk.addToRole"] = "Добавить в роль",
        ["atRisk.chooseRole"] = "Роль покупателя",
        ["atRisk.help.prediction"] = "Повторные покупатели, у которых вероятность остаться покупателем (P(активен) по BG/NBD) ниже {threshold}%, сначала самые ценные: по ценности, которую они принесут за {months} мес., если их удержать.",
        ["atRisk.help.predictionRevenue"] = "Повторные покупатели, у которых вероятность остаться покупателем (P(активен) по BG/NBD) ниже {threshold}%, сначала самые ценные: по выручке от них в прошлом, потому что модель расходов подобрать не удалось.",
        ["atRisk.help.rfm"] = "Прогноз для этих данных недоступен (причина — в разделе прогноза), поэтому в списке RFM-сегменты «Под угрозой ухода» и «Нельзя потерять» (покупали часто и на хорошие суммы, но давно), сначала с наибольшей выручкой.",

        ["prediction.title"] = "Прогноз ценности покупателей (BG/NBD и Gamma-Gamma)",
        ["prediction.fitted"] = "Модели обучены на данных покупателей: {customers} (из них повторных: {repeat}).",
        ["prediction.outlook"] = "Из ваших покупателей ({customers}) примерно {buyers} купят снова в ближайшие {days} дн. (около {purchases} покупок).",
        ["prediction.outlookRevenue"] = "Ожидаемая выручка от них: {revenue}.",
        ["prediction.advanced"] = "Для специалистов: параметры моделей и качество подгонки",
        ["prediction.customers"] = "Покупатели / повторные покупатели",
        ["prediction.bgnbdScale"] = "BG/NBD r, α (дни)",
        ["prediction.bgnbdDropout"] = "Параметры BG/NBD a, b",
        ["prediction.logLikelihood"] = "Логарифм правдоподобия",
        ["prediction.gammaGamma"] = "Параметры Gamma-Gamma p, q, v",
        ["prediction.bgnbdFit"] = "Поиск BG/NBD",
        ["prediction.gammaGammaFit"] = "Поиск Gamma-Gamma",
        ["prediction.converged"] = "Сошёлся (норма градиента {gradient})",
        ["prediction.notConverged"] = "Не сошёлся: остановлен на пределе итераций (норма градиента {gradient}); параметры — последняя достигнутая точка, а не максимум",
        ["prediction.atBoundary"] = "Остановился на границе области параметров (норма градиента {gradient}): некоторые параметры определены только через их отношение",
        ["prediction.clv"] = "Горизонт CLV, месячная ставка дисконтирования",
        ["prediction.clvValue"] = "мес.: {months}, {rate}",
        ["holdout.title"] = "Насколько можно доверять модели: обучение / проверка",
        ["holdout.summary"] = "Модель обучена на заказах до {date} и предсказала следующие {days} дн.: повторных покупок предсказано {predicted}, совершено {actual} ({error}); на покупателя MAE {mae}, RMSE {rmse}.",
        ["holdout.chart"] = "Покупки в проверочном периоде по частоте в обучающем",
        ["holdout.actual"] = "Факт (в среднем на покупателя)",
        ["holdout.predicted"] = "Прогноз",
        ["holdout.axis"] = "Повторные покупки в обучающем периоде",

        ["exports.title"] = "Выгрузки CSV",
        ["exports.kpis"] = "Показатели (.csv)",
        ["exports.cohorts"] = "Когорты (.csv)",
        ["exports.segments"] = "RFM-сегменты (.csv)",
        ["exports.at-risk"] = "Покупатели под угрозой ухода (.csv)",
        ["exports.holdout"] = "Проверка модели (.csv)",

        ["segment.Champions"] = "Чемпионы",
        ["segment.Loyal"] = "Лояльные",
        ["segment.PotentialLoyalist"] = "Потенциально лояльные",
        ["segment.New"] = "Новые",
        ["segment.Promising"] = "Перспективные",
        ["segment.NeedAttention"] = "Требуют внимания",
        ["segment.AboutToSleep"] = "Засыпающие",
        ["segment.AtRisk"] = "Под угрозой ухода",
        ["segment.CantLoseThem"] = "Нельзя потерять",
        ["segment.Hibernating"] = "Спящие",
        ["segment.Lost"] = "Потерянные",
    };

    /// <summary>Every language the dashboard ships in, by two-letter code.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ByLanguage { get; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase) { ["en"] = English, ["ru"] = Russian };

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
            ["atRisk.help.prediction"] = "Repeat customers whose probability of still being a customer (BG/NBD P(alive)) is below {threshold}%, the most valuable first: ranked by the {months}-month value they would bring if retained.",
            ["atRisk.help.predictionRevenue"] = "Repeat customers whose probability of still being a customer (BG/NBD P(alive)) is below {threshold}%, the most valuable first: ranked by their past revenue, as no spend model could be fitted.",
            ["atRisk.help.rfm"] = "Predictions are not available for this data (the prediction section says why), so the list holds the RFM segments \"At risk\" and \"Can't lose them\" (bought often and spent well, but long ago), highest revenue first.",

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
