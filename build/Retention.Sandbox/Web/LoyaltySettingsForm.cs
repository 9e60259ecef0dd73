using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Retention.Core.Cashback;
using Retention.Core.Common;
using Retention.Core.Localization;
using Retention.Core.Loyalty;
using static Retention.Sandbox.Web.Html;
using static Retention.Sandbox.Web.SandboxTexts;

namespace Retention.Sandbox.Web;

/// <summary>
/// The loyalty settings form as typed: raw values by field name, so a rejected form comes back exactly as it was typed.
/// Field names are <see cref="LoyaltySettings"/>' own (<c>MinimumBalanceToRedeem</c>, <c>Tiers[1].Threshold</c>,
/// <c>CategoryMultipliers[2]</c>, <c>Promotions[0].EndUtc</c>), so Core's validation messages — the same ones the plugin's
/// page shows — land beside the field they are about. Labels and hints are Core's <see cref="LoyaltySettingsTexts"/>.
/// </summary>
internal sealed class LoyaltySettingsForm : PostedForm
{
    private const string DayFormat = "yyyy-MM-dd";

    /// <summary>The plain fields in the order the form shows them, by section.</summary>
    private static readonly (string Legend, string[] Fields)[] Sections =
    [
        ("Program", ["Enabled", "PointsPerCurrencyUnit", "ActivationDelayDays", "EarnOnShipping", "EarnOnTax", "EarnOnGiftCards", "EarnOnPointsPaidPart"]),
        ("Expiry", ["Expiry", "ExpiryMonths", "ExpiryReminderDays", "Overdraft"]),
        ("Spending points", ["MinimumBalanceToRedeem", "MaxRedeemSharePercent", "CurrencyPerPoint", "MaxAdjustmentPoints"]),
        ("Bonuses", ["RegistrationBonus", "BirthdayBonus", "ReviewBonus", "SurveyBonus", "ReferralBonus"]),
    ];

    private static readonly HashSet<string> Flags = ["Enabled", "EarnOnShipping", "EarnOnTax", "EarnOnGiftCards", "EarnOnPointsPaidPart"];

    private readonly int _tierRows;
    private readonly int _promotionRows;
    private readonly IReadOnlyList<(int Id, string Name)> _categories;

    /// <summary>For each tier / promotion kept by the last <see cref="Parse"/>, the form row it came from (removed and blank rows shift indexes).</summary>
    private readonly List<int> _keptTiers = new();
    private readonly List<int> _keptPromotions = new();
    private readonly List<int> _keptBands = new();

    private LoyaltySettingsForm(Dictionary<string, string> values, int tierRows, int promotionRows, IReadOnlyList<(int Id, string Name)> categories)
        : base(values)
    {
        _tierRows = tierRows;
        _promotionRows = promotionRows;
        _categories = categories;
    }

    /// <summary>The form filled from saved settings, with one blank tier row and one blank promotion row to add to.</summary>
    public static LoyaltySettingsForm From(LoyaltySettings s, IReadOnlyList<(int Id, string Name)> categories)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Enabled"] = Bool(s.Enabled),
            ["PointsPerCurrencyUnit"] = Num(s.PointsPerCurrencyUnit),
            ["ActivationDelayDays"] = Num(s.ActivationDelayDays),
            ["EarnOnShipping"] = Bool(s.EarnOnShipping),
            ["EarnOnTax"] = Bool(s.EarnOnTax),
            ["EarnOnGiftCards"] = Bool(s.EarnOnGiftCards),
            ["EarnOnPointsPaidPart"] = Bool(s.EarnOnPointsPaidPart),
            ["Expiry"] = s.Expiry.ToString(),
            ["ExpiryMonths"] = Num(s.ExpiryMonths),
            ["ExpiryReminderDays"] = Num(s.ExpiryReminderDays),
            ["Overdraft"] = s.Overdraft.ToString(),
            ["MinimumBalanceToRedeem"] = Num(s.MinimumBalanceToRedeem),
            ["MaxRedeemSharePercent"] = Num(s.MaxRedeemSharePercent),
            ["CurrencyPerPoint"] = Num(s.CurrencyPerPoint),
            ["MaxAdjustmentPoints"] = Num(s.MaxAdjustmentPoints),
            ["TierBasis"] = s.TierBasis.ToString(),
            ["TierDowngradeGraceDays"] = Num(s.TierDowngradeGraceDays),
            ["RegistrationBonus"] = Num(s.RegistrationBonus),
            ["BirthdayBonus"] = Num(s.BirthdayBonus),
            ["ReviewBonus"] = Num(s.ReviewBonus),
            ["SurveyBonus"] = Num(s.SurveyBonus),
            ["ReferralBonus"] = Num(s.ReferralBonus),
        };
        var tiers = s.Tiers.OrderBy(t => t.Threshold).ToList();
        for (var i = 0; i < tiers.Count; i++)
        {
            values[$"Tiers[{i}].Name"] = tiers[i].Name;
            values[$"Tiers[{i}].Threshold"] = Num(tiers[i].Threshold);
            values[$"Tiers[{i}].Multiplier"] = Num(tiers[i].Multiplier);
        }
        foreach (var (id, multiplier) in s.CategoryMultipliers)
            values[$"CategoryMultipliers[{id}]"] = Num(multiplier);
        // Periodic cashback: its bands and two blank rows to add to.
        var cashback = s.Cashback;
        values["Cashback.Enabled"] = Bool(cashback.Enabled);
        values["Cashback.Period"] = cashback.Period.ToString();
        values["Cashback.PayAs"] = cashback.PayAs.ToString();
        values["Cashback.StartsOn"] = cashback.StartsOn?.ToString(DayFormat, Inv) ?? "";
        for (var i = 0; i < cashback.Bands.Count; i++)
        {
            values[$"Cashback.Bands[{i}].From"] = Num(cashback.Bands[i].From);
            values[$"Cashback.Bands[{i}].RatePercent"] = Num(cashback.Bands[i].RatePercent);
        }
        values["CashbackBandRows"] = Num(Math.Min(cashback.Bands.Count + 2, CashbackSettings.MaxBands));
        for (var i = 0; i < s.Promotions.Count; i++)
        {
            var p = s.Promotions[i];
            values[$"Promotions[{i}].Name"] = p.Name;
            values[$"Promotions[{i}].StartUtc"] = p.StartUtc.ToString(DayFormat, Inv);
            // Stored end is exclusive (the instant it stops); the admin types the last day it runs.
            values[$"Promotions[{i}].EndUtc"] = p.EndUtc.AddTicks(-1).ToString(DayFormat, Inv);
            values[$"Promotions[{i}].Multiplier"] = Num(p.Multiplier);
        }
        return new LoyaltySettingsForm(values, Math.Min(tiers.Count + 1, TierRules.MaxTiers), Math.Min(s.Promotions.Count + 1, MaxPromotions), categories);
    }

    /// <summary>The most promotion rows the form carries; more is a list nobody maintains, not a calendar.</summary>
    public const int MaxPromotions = 50;

    /// <summary>
    /// The posted form. <paramref name="addRow"/> ("tier" or "promotion") adds a blank row of that table, after rows
    /// ticked "remove" are dropped, so the admin sees the list as it will be saved.
    /// </summary>
    public static LoyaltySettingsForm Read(IFormCollection posted, IReadOnlyList<(int Id, string Name)> categories)
    {
        var values = ValuesOf(posted);
        var tiers = RowCount(values, "TierRows", TierRules.MaxTiers);
        var promotions = RowCount(values, "PromotionRows", MaxPromotions);
        return new LoyaltySettingsForm(values, tiers, promotions, categories);
    }

    /// <summary>The form with removed rows dropped and one blank row added to a table that has room (the "add" buttons).</summary>
    public LoyaltySettingsForm WithRowAdded(string table)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Values.Where(kv => !Row().IsMatch(kv.Key)))
            values[key] = value;
        var tiers = Compact(values, "Tiers", _tierRows, ["Name", "Threshold", "Multiplier"]);
        var promotions = Compact(values, "Promotions", _promotionRows, ["Name", "StartUtc", "EndUtc", "Multiplier"]);
        if (table == "tier" && tiers < TierRules.MaxTiers)
            tiers++;
        if (table == "promotion" && promotions < MaxPromotions)
            promotions++;
        return new LoyaltySettingsForm(values, tiers, promotions, _categories);
    }

    /// <summary>Copies the rows of a table that are not ticked "remove" and not blank, renumbered from 0; the count copied.</summary>
    private int Compact(Dictionary<string, string> into, string table, int rows, string[] columns)
    {
        var kept = 0;
        for (var row = 0; row < rows; row++)
        {
            var p = $"{table}[{row}].";
            if (Checked(p + "Remove") || columns.All(c => V(p + c).Length == 0))
                continue;
            foreach (var column in columns)
                into[$"{table}[{kept}].{column}"] = V(p + column);
            kept++;
        }
        return kept;
    }

    private static readonly Regex RowPattern = new(@"^(Tiers|Promotions)\[\d+\]\.", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private static Regex Row() => RowPattern;

    /// <summary>The settings as typed over <paramref name="current"/>, or field errors (and null) when something cannot be read or breaks a rule.</summary>
    public ValidationResult Parse(LoyaltySettings current, out LoyaltySettings? updated)
    {
        updated = null;
        var errors = new ValidationResult();

        var tiers = new List<TierDefinition>();
        _keptTiers.Clear();
        for (var row = 0; row < _tierRows; row++)
        {
            var p = $"Tiers[{row}].";
            if (Checked(p + "Remove") || (V(p + "Name").Length == 0 && V(p + "Threshold").Length == 0 && V(p + "Multiplier").Length == 0))
                continue;
            _keptTiers.Add(row);
            tiers.Add(new TierDefinition(V(p + "Name"), Decimal(errors, p + "Threshold", T("Enter the threshold as a number.")),
                Decimal(errors, p + "Multiplier", T("Enter the multiplier as a number such as 1.5."))));
        }

        var promotions = new List<PromoMultiplier>();
        _keptPromotions.Clear();
        for (var row = 0; row < _promotionRows; row++)
        {
            var p = $"Promotions[{row}].";
            if (Checked(p + "Remove") || new[] { "Name", "StartUtc", "EndUtc", "Multiplier" }.All(c => V(p + c).Length == 0))
                continue;
            _keptPromotions.Add(row);
            var start = Day(errors, p + "StartUtc");
            var lastDay = Day(errors, p + "EndUtc");
            promotions.Add(new PromoMultiplier(V(p + "Name"), start, lastDay.AddDays(1), Decimal(errors, p + "Multiplier", T("Enter the multiplier as a number such as 2."))));
        }

        var categories = new Dictionary<int, decimal>();
        foreach (var (id, _) in _categories)
        {
            var field = $"CategoryMultipliers[{id}]";
            if (V(field).Length > 0)
                categories[id] = Decimal(errors, field, T("Enter the multiplier as a number such as 2, or leave it empty for ×1."));
        }
        // Multipliers of categories this page does not list (another catalog's) are kept as they were.
        foreach (var (id, multiplier) in current.CategoryMultipliers.Where(c => _categories.All(k => k.Id != c.Key)))
            categories[id] = multiplier;

        var bands = new List<CashbackBand>();
        _keptBands.Clear();
        for (var row = 0; row < RowCount(Values, "CashbackBandRows", CashbackSettings.MaxBands); row++)
        {
            var p = $"Cashback.Bands[{row}].";
            if (V(p + "From").Length == 0 && V(p + "RatePercent").Length == 0)
                continue;
            _keptBands.Add(row);
            bands.Add(new CashbackBand(Decimal(errors, p + "From", T("Enter the spend as a number such as 5000.")),
                Decimal(errors, p + "RatePercent", T("Enter the rate as a number such as 2."))));
        }
        var startsOn = V("Cashback.StartsOn");
        DateOnly? starts = null;
        if (startsOn.Length > 0)
            starts = DateOnly.FromDateTime(Day(errors, "Cashback.StartsOn"));

        var settings = current with
        {
            Cashback = new CashbackSettings
            {
                Enabled = Checked("Cashback.Enabled"),
                Period = Choice<CashbackPeriodKind>(errors, "Cashback.Period"),
                PayAs = Choice<CashbackPayout>(errors, "Cashback.PayAs"),
                StartsOn = starts,
                Bands = bands,
            },
            Enabled = Checked("Enabled"),
            PointsPerCurrencyUnit = Decimal(errors, "PointsPerCurrencyUnit", T("Enter the points as a number such as 1 or 10.")),
            ActivationDelayDays = Int(errors, "ActivationDelayDays", T("Enter the days as a whole number.")),
            EarnOnShipping = Checked("EarnOnShipping"),
            EarnOnTax = Checked("EarnOnTax"),
            EarnOnGiftCards = Checked("EarnOnGiftCards"),
            EarnOnPointsPaidPart = Checked("EarnOnPointsPaidPart"),
            Expiry = Choice<ExpiryMode>(errors, "Expiry"),
            ExpiryMonths = Int(errors, "ExpiryMonths", T("Enter the months as a whole number.")),
            ExpiryReminderDays = Int(errors, "ExpiryReminderDays", T("Enter the days as a whole number.")),
            Overdraft = Choice<OverdraftPolicy>(errors, "Overdraft"),
            MinimumBalanceToRedeem = Int(errors, "MinimumBalanceToRedeem", T("Enter the points as a whole number.")),
            MaxRedeemSharePercent = Int(errors, "MaxRedeemSharePercent", T("Enter the percentage as a whole number.")),
            CurrencyPerPoint = Decimal(errors, "CurrencyPerPoint", T("Enter the value as a number such as 0.01.")),
            MaxAdjustmentPoints = Int(errors, "MaxAdjustmentPoints", T("Enter the points as a whole number.")),
            TierBasis = Choice<TierBasis>(errors, "TierBasis"),
            TierDowngradeGraceDays = Int(errors, "TierDowngradeGraceDays", T("Enter the days as a whole number.")),
            RegistrationBonus = Int(errors, "RegistrationBonus", T("Enter the points as a whole number.")),
            BirthdayBonus = Int(errors, "BirthdayBonus", T("Enter the points as a whole number.")),
            ReviewBonus = Int(errors, "ReviewBonus", T("Enter the points as a whole number.")),
            SurveyBonus = Int(errors, "SurveyBonus", T("Enter the points as a whole number.")),
            ReferralBonus = Int(errors, "ReferralBonus", T("Enter the points as a whole number.")),
            Tiers = tiers,
            CategoryMultipliers = categories,
            Promotions = promotions,
        };
        // The rules speak too, except about a field that could not even be read (its stand-in 0 would only mislead).
        foreach (var rule in MapErrors(settings.Validate()).Errors.Where(r => errors.Errors.All(e => e.Field != r.Field)))
            errors.Add(rule.Field, rule);
        if (errors.IsValid)
            updated = settings;
        return errors;
    }

    private static readonly Regex IndexedPattern = new(@"^(Tiers|Promotions|Cashback\.Bands)\[(\d+)\](.*)$", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>Core's messages keyed to this form's fields: a tier's or promotion's index becomes the row it was typed in.</summary>
    public ValidationResult MapErrors(ValidationResult result)
    {
        var mapped = new ValidationResult();
        foreach (var error in result.Errors)
        {
            var field = error.Field;
            var match = IndexedPattern.Match(field);
            if (match.Success && int.TryParse(match.Groups[2].Value, NumberStyles.None, Inv, out var index))
            {
                var rows = match.Groups[1].Value switch { "Tiers" => _keptTiers, "Promotions" => _keptPromotions, _ => _keptBands };
                if (index < rows.Count)
                    field = $"{match.Groups[1].Value}[{rows[index]}]{match.Groups[3].Value}";
            }
            mapped.Add(field, error);
        }
        return mapped;
    }

    private DateTime Day(ValidationResult errors, string field)
    {
        if (DateTime.TryParseExact(V(field), DayFormat, Inv, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var day)
            && day.Year is >= 2000 and <= 2099)
            return DateTime.SpecifyKind(day.Date, DateTimeKind.Utc);
        errors.Add(field, T("Enter a day as YYYY-MM-DD (2000 to 2099)."));
        return DateTime.SpecifyKind(DateTime.UnixEpoch, DateTimeKind.Utc);
    }

    private TEnum Choice<TEnum>(ValidationResult errors, string field) where TEnum : struct, Enum
    {
        var raw = V(field);
        if (raw.Length > 0 && char.IsAsciiLetter(raw[0]) && Enum.TryParse<TEnum>(raw, out var value) && Enum.IsDefined(value))
            return value;
        errors.Add(field, T("Choose one of the options."));
        return default;
    }

    // ------------------------------------------------------------------ rendering

    public string Render(int store, ValidationResult errors, string antiforgery)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        string Error(string field)
        {
            known.Add(field);
            return string.Concat(errors.Errors.Where(e => e.Field == field)
                .Select(e => $" <span class=\"error field-error\" data-field=\"{E(field)}\">{E(Say(e))}</span>"));
        }
        string Invalid(string field) => errors.Errors.Any(e => e.Field == field) ? " class=\"invalid\" aria-invalid=\"true\"" : "";
        string Text(string field, string label, string size = "8") =>
            $"<input type=\"text\" size=\"{size}\" name=\"{E(field)}\" value=\"{E(V(field))}\" aria-label=\"{E(label)}\"{Invalid(field)}>{Error(field)}";

        string Field(string name)
        {
            var label = SettingLabel(name);
            var hint = $"<small class=\"hint\">{E(SettingHint(name))}</small>";
            if (Flags.Contains(name))
                return $"<div class=\"field\"><label><input type=\"checkbox\" name=\"{name}\" value=\"true\"{(Checked(name) ? " checked" : "")}> {E(label)}</label>{Error(name)}{hint}</div>\n";
            var editor = name switch
            {
                "Expiry" => Select<ExpiryMode>(name),
                "Overdraft" => Select<OverdraftPolicy>(name),
                "TierBasis" => Select<TierBasis>(name),
                _ => $"<input type=\"text\" inputmode=\"decimal\" size=\"12\" id=\"{name}\" name=\"{name}\" value=\"{E(V(name))}\"{Invalid(name)}>",
            };
            return $"<div class=\"field\"><label for=\"{name}\">{E(label)}</label> {editor}{Error(name)}{hint}</div>\n";
        }
        string Select<TEnum>(string name) where TEnum : struct, Enum =>
            $"<select name=\"{name}\" id=\"{name}\"{Invalid(name)}>" + string.Concat(Enum.GetValues<TEnum>().Select(v =>
                $"<option value=\"{v}\"{(V(name) == v.ToString() ? " selected" : "")}>{E(SettingChoice(v))}</option>")) + "</select>";

        var body = new StringBuilder("<form method=\"post\" action=\"/admin/loyalty/settings\" id=\"loyalty-settings-form\" novalidate>\n")
            .Append(antiforgery).Append("<input type=\"hidden\" name=\"store\" value=\"").Append(store).Append("\">")
            .Append("<input type=\"hidden\" name=\"TierRows\" value=\"").Append(_tierRows).Append("\">")
            .Append("<input type=\"hidden\" name=\"PromotionRows\" value=\"").Append(_promotionRows).Append("\">\n");
        foreach (var (legend, fields) in Sections.Take(3))
            body.Append("<fieldset><legend>").Append(E(T(legend))).Append("</legend>\n").Append(string.Concat(fields.Select(Field))).Append("</fieldset>\n");

        body.Append("<fieldset id=\"tiers\"><legend>").Append(E(T("Tiers"))).Append("</legend>\n").Append(Field("TierBasis")).Append(Field("TierDowngradeGraceDays")).Append(Error("Tiers"))
            .Append("<table class=\"tiers\">\n<thead><tr><th>").Append(E(SettingLabel("Tier.Name"))).Append("</th><th>")
            .Append(E(SettingLabel("Tier.Threshold"))).Append("</th><th>").Append(E(SettingLabel("Tier.Multiplier")))
            .Append("</th><th>").Append(E(T("Remove"))).Append("</th></tr></thead>\n<tbody>\n");
        for (var row = 0; row < _tierRows; row++)
        {
            var p = $"Tiers[{row}].";
            var blank = V(p + "Name").Length == 0 && V(p + "Threshold").Length == 0 && V(p + "Multiplier").Length == 0;
            body.Append("<tr class=\"tier-row\"><td>").Append(Text(p + "Name", F("Name of tier {row}", TextArg.Count("row", row + 1)), "20")).Append("</td><td>")
                .Append(Text(p + "Threshold", F("Threshold of tier {row}", TextArg.Count("row", row + 1)))).Append("</td><td>").Append(Text(p + "Multiplier", F("Multiplier of tier {row}", TextArg.Count("row", row + 1)), "5"))
                .Append("</td><td>").Append(blank ? E(T("new")) : $"<input type=\"checkbox\" name=\"{p}Remove\" value=\"true\"{(Checked(p + "Remove") ? " checked" : "")} aria-label=\"{E(F("Remove tier {row}", TextArg.Count("row", row + 1)))}\">")
                .Append("</td></tr>\n");
        }
        body.Append("</tbody>\n</table>\n<p class=\"muted\">").Append(E(SettingHint("Tier.Threshold")))
            .Append(" ").Append(E(T("Fill the empty row to add a tier; no tiers switch tiers off."))).Append("</p>\n")
            .Append("<button type=\"submit\" name=\"add\" value=\"tier\" id=\"add-tier\">").Append(E(T("Add another tier row"))).Append("</button>\n</fieldset>\n");

        body.Append("<fieldset id=\"multipliers\"><legend>").Append(E(T("Multipliers"))).Append("</legend>\n<p class=\"muted\">").Append(E(SettingHint("CategoryMultipliers"))).Append("</p>\n")
            .Append("<table class=\"categories\">\n<thead><tr><th>").Append(E(SettingLabel("CategoryMultipliers"))).Append("</th><th>").Append(E(T("Multiplier"))).Append("</th></tr></thead>\n<tbody>\n");
        foreach (var (id, name) in _categories)
            body.Append("<tr><td>").Append(E(name)).Append("</td><td>×").Append(Text($"CategoryMultipliers[{id}]", F("Multiplier of {name}", TextArg.Of("name", name)), "5")).Append("</td></tr>\n");
        body.Append("</tbody>\n</table>\n<h3>").Append(E(SettingLabel("Promotions"))).Append("</h3>\n<p class=\"muted\">")
            .Append(E(SettingHint("Promotions"))).Append("</p>\n<table class=\"promotions\">\n<thead><tr>");
        foreach (var column in new[] { "Promotion.Name", "Promotion.StartUtc", "Promotion.EndUtc", "Promotion.Multiplier" })
            body.Append("<th title=\"").Append(E(SettingHint(column))).Append("\">").Append(E(SettingLabel(column))).Append("</th>");
        body.Append("<th>").Append(E(T("Remove"))).Append("</th></tr></thead>\n<tbody>\n");
        for (var row = 0; row < _promotionRows; row++)
        {
            var p = $"Promotions[{row}].";
            var blank = new[] { "Name", "StartUtc", "EndUtc", "Multiplier" }.All(c => V(p + c).Length == 0);
            body.Append("<tr class=\"promotion-row\"><td>").Append(Text(p + "Name", F("Name of promotion {row}", TextArg.Count("row", row + 1)), "24")).Append("</td><td>")
                .Append(Text(p + "StartUtc", F("First day of promotion {row}", TextArg.Count("row", row + 1)), "10")).Append("</td><td>").Append(Text(p + "EndUtc", F("Last day of promotion {row}", TextArg.Count("row", row + 1)), "10"))
                .Append("</td><td>×").Append(Text(p + "Multiplier", F("Multiplier of promotion {row}", TextArg.Count("row", row + 1)), "5")).Append("</td><td>")
                .Append(blank ? E(T("new")) : $"<input type=\"checkbox\" name=\"{p}Remove\" value=\"true\"{(Checked(p + "Remove") ? " checked" : "")} aria-label=\"{E(F("Remove promotion {row}", TextArg.Count("row", row + 1)))}\">")
                .Append("</td></tr>\n");
        }
        body.Append("</tbody>\n</table>\n<p class=\"muted\">").Append(E(T("Days as YYYY-MM-DD, both included."))).Append(" ").Append(E(SettingHint("Promotion.EndUtc"))).Append("</p>\n")
            .Append("<button type=\"submit\" name=\"add\" value=\"promotion\" id=\"add-promotion\">").Append(E(T("Add another promotion row"))).Append("</button>\n</fieldset>\n");

        var (bonusLegend, bonusFields) = Sections[3];
        body.Append("<fieldset><legend>").Append(E(bonusLegend)).Append("</legend>\n").Append(string.Concat(bonusFields.Select(Field))).Append("</fieldset>\n");

        // Periodic cashback (issue 18).
        string Choose<TEnum>(string name, params (TEnum Value, string Label)[] options) where TEnum : struct, Enum =>
            $"<select name=\"{name}\" id=\"{name}\"{Invalid(name)}>" + string.Concat(options.Select(o =>
                $"<option value=\"{o.Value}\"{(V(name) == o.Value.ToString() ? " selected" : "")}>{E(o.Label)}</option>")) + "</select>" + Error(name);
        var bandRows = RowCount(Values, "CashbackBandRows", CashbackSettings.MaxBands);
        body.Append("<fieldset id=\"cashback-settings\"><legend>").Append(E(T("Periodic cashback"))).Append("</legend>\n")
            .Append("<input type=\"hidden\" name=\"CashbackBandRows\" value=\"").Append(bandRows).Append("\">\n")
            .Append("<div class=\"field\"><label><input type=\"checkbox\" name=\"Cashback.Enabled\" value=\"true\"").Append(Checked("Cashback.Enabled") ? " checked" : "")
            .Append("> ").Append(E(T("Pay cashback at the end of each period"))).Append("</label>").Append(Error("Cashback.Enabled"))
            .Append("<small class=\"hint\">").Append(E(T("The customer gets back a share of what they spent in the period (paid orders, less refunds)."))).Append("</small></div>\n")
            .Append("<div class=\"field\"><label for=\"Cashback.Period\">").Append(E(T("Period"))).Append("</label> ")
            .Append(Choose("Cashback.Period", (CashbackPeriodKind.Month, T("Month")), (CashbackPeriodKind.Quarter, T("Quarter"))))
            .Append("<small class=\"hint\">").Append(E(T("Paid the first night after the period ends in the store's time zone."))).Append("</small></div>\n")
            .Append("<div class=\"field\"><label for=\"Cashback.PayAs\">").Append(E(T("Pay as"))).Append("</label> ")
            .Append(Choose("Cashback.PayAs", (CashbackPayout.Points, T("Points")), (CashbackPayout.GiftCard, T("Gift card (store credit)")))).Append("</div>\n")
            .Append("<div class=\"field\"><label for=\"Cashback.StartsOn\">").Append(E(T("Counts from"))).Append("</label> ")
            .Append($"<input type=\"text\" size=\"10\" id=\"Cashback.StartsOn\" name=\"Cashback.StartsOn\" value=\"{E(V("Cashback.StartsOn"))}\"{Invalid("Cashback.StartsOn")}>")
            .Append(Error("Cashback.StartsOn")).Append("<small class=\"hint\">").Append(E(T("YYYY-MM-DD; periods before the one holding this day are never paid."))).Append("</small></div>\n")
            .Append(Error("Cashback.Bands"))
            .Append("<table class=\"cashback-bands\">\n<thead><tr><th>").Append(E(T("From spend"))).Append("</th><th>").Append(E(T("Rate, %"))).Append("</th></tr></thead>\n<tbody>\n");
        for (var row = 0; row < bandRows; row++)
        {
            var p = $"Cashback.Bands[{row}].";
            body.Append("<tr class=\"band-row\"><td>").Append(Text(p + "From", F("Spend from which band {row} applies", TextArg.Count("row", row + 1)), "10")).Append("</td><td>")
                .Append(Text(p + "RatePercent", F("Rate of band {row}", TextArg.Count("row", row + 1)), "5")).Append("</td></tr>\n");
        }
        body.Append("</tbody>\n</table>\n<p class=\"muted\">").Append(E(T("The band reached applies to the whole spend of the period. Bands in ascending order; leave a row empty to drop it.")))
            .Append("</p>\n</fieldset>\n");

        // A rule about a field the form does not show (a product's multiplier) is still said, with its name.
        var other = errors.Errors.Where(e => !known.Contains(e.Field)).ToList();
        if (other.Count > 0)
            body.Insert(0, "<div id=\"other-errors\">" + string.Concat(other.Select(e => $"<p class=\"error\">{E(e.Field)}: {E(Say(e))}</p>\n")) + "</div>\n");
        return body.Append("<p><button type=\"submit\" id=\"save\">").Append(E(T("Save"))).Append("</button></p>\n</form>\n").ToString();
    }
}
