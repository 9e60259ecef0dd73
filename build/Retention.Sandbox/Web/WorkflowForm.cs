using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Core.Workflows;
using static Retention.Sandbox.Web.Html;
using static Retention.Sandbox.Web.SandboxTexts;
using Retention.Core.Localization;

namespace Retention.Sandbox.Web;

/// <summary>
/// The workflow edit form as typed: raw values by field name, so a rejected form is shown back exactly as it was typed.
/// Field names are the settings' own (<c>Steps[1].Delay</c>, <c>ControlGroupPercent</c>), so Core's validation messages land
/// beside the field they are about.
/// </summary>
internal sealed class WorkflowForm : PostedForm
{
    private const string Hours = "hours";
    private const string Days = "days";
    private const string NoCoupon = "";

    /// <summary>Step rows the form shows: the workflow's steps and, while there is room, one blank row to add a step.</summary>
    private readonly int _rows;

    /// <summary>For each step kept by the last <see cref="Parse"/>, the form row it came from (removed and blank rows shift the indexes).</summary>
    private readonly List<int> _keptRows = new();

    private WorkflowForm(Dictionary<string, string> values, int rows) : base(values) => _rows = rows;

    public static WorkflowForm From(WorkflowProgramSettings program, WorkflowKind kind)
    {
        var w = program.For(kind);
        var values = new Dictionary<string, string>
        {
            ["Enabled"] = Bool(w.Enabled),
            ["Priority"] = Num(w.Priority),
            ["IsMarketing"] = Bool(w.IsMarketing),
            ["ControlGroupPercent"] = Num(w.ControlGroupPercent),
            ["ReentryDays"] = Num(w.ReentryDays),
            ["ExitOn.OrderPlaced"] = Bool(w.ExitOn.HasFlag(ExitOn.OrderPlaced)),
            ["ExitOn.CartEmptied"] = Bool(w.ExitOn.HasFlag(ExitOn.CartEmptied)),
            ["Audience.MinOrders"] = Num(w.Audience.MinOrders),
            ["Audience.MaxOrders"] = w.Audience.MaxOrders is { } max ? Num(max) : "",
            ["DormancyMultiple"] = Num(w.DormancyMultiple),
            ["OneTimeBuyerDormantDays"] = Num(w.OneTimeBuyerDormantDays),
            ["AfterOrderNumber"] = Num(w.AfterOrderNumber),
            ["DaysBeforeExpiry"] = Num(w.DaysBeforeExpiry),
            ["AttributionWindowDays"] = Num(program.AttributionWindowDays),
            ["AttributionBasis"] = program.AttributionBasis.ToString(),
            ["TrackOpens"] = Bool(program.TrackOpens),
            ["CouponCleanupDays"] = Num(program.CouponCleanupDays),
        };
        for (var i = 0; i < w.Steps.Count; i++)
        {
            var step = w.Steps[i];
            var inDays = step.Delay >= TimeSpan.FromDays(1) && step.Delay.Ticks % TimeSpan.TicksPerDay == 0;
            var p = $"Steps[{i}].";
            values[p + "Delay"] = Num((decimal)(inDays ? step.Delay.TotalDays : step.Delay.TotalHours));
            values[p + "DelayUnit"] = inDays ? Days : Hours;
            values[p + "Condition"] = step.Condition.ToString();
            values[p + "Coupon.Kind"] = step.Coupon?.Kind.ToString() ?? NoCoupon;
            values[p + "Coupon.Value"] = step.Coupon is { } c ? Num(c.Value) : "";
            values[p + "Coupon.ValidDays"] = step.Coupon is { } d ? Num(d.ValidDays) : "";
            values[p + "TemplateName"] = step.TemplateName;
        }
        return new WorkflowForm(values, Math.Min(w.Steps.Count + 1, WorkflowCatalog.MaxSteps));
    }

    public static WorkflowForm Read(IFormCollection posted, WorkflowKind kind)
    {
        var values = ValuesOf(posted);
        // The form may not say more rows than a workflow may have steps.
        return new WorkflowForm(values, RowCount(values, "StepCount", WorkflowCatalog.MaxSteps));
    }

    /// <summary>The program with this workflow as typed, or field errors (and null) when something could not be read or breaks a rule.</summary>
    public ValidationResult Parse(WorkflowProgramSettings current, WorkflowKind kind, out WorkflowProgramSettings? updated)
    {
        updated = null;
        var errors = new ValidationResult();
        var old = current.For(kind);
        var steps = new List<WorkflowStep>();
        _keptRows.Clear();
        for (var row = 0; row < _rows; row++)
        {
            var p = $"Steps[{row}].";
            if (Checked(p + "Remove") || (V(p + "Delay").Length == 0 && V(p + "TemplateName").Length == 0))
                continue;
            var delay = Decimal(errors, p + "Delay", T("Enter the delay as a number."));
            var unit = V(p + "DelayUnit") == Days ? Days : Hours;
            if (!Enum.TryParse<StepCondition>(V(p + "Condition"), out var condition) || !Enum.IsDefined(condition))
                errors.Add(p + "Condition", T("Choose one of the conditions."));
            CouponOffer? coupon = null;
            var couponKind = V(p + "Coupon.Kind");
            if (couponKind != NoCoupon)
            {
                if (!Enum.TryParse<CouponKind>(couponKind, out var ck) || !Enum.IsDefined(ck) || char.IsDigit(couponKind[0]))
                    errors.Add(p + "Coupon.Kind", T("Choose no coupon, a percentage or an amount."));
                var value = Decimal(errors, p + "Coupon.Value", T("Enter the coupon's value as a number."));
                var validDays = Int(errors, p + "Coupon.ValidDays", T("Enter the days the coupon stays valid as a whole number."));
                coupon = new CouponOffer(ck, value, validDays);
            }
            var template = V(p + "TemplateName");
            if (template.Length == 0)
            {
                // A new step takes its row's catalog name, unless another step already uses it: then the admin names one.
                var candidate = WorkflowCatalog.TemplateName(kind, row);
                if (!Enumerable.Range(0, _rows).Any(r => r != row && V($"Steps[{r}].TemplateName") == candidate))
                    template = candidate;
            }
            _keptRows.Add(row);
            // Delays beyond a year are refused by the rules below; capping first keeps the conversion from overflowing.
            var capped = (double)Math.Min(Math.Abs(delay), 1_000_000m) * Math.Sign(delay);
            steps.Add(new WorkflowStep
            {
                Delay = unit == Days ? TimeSpan.FromDays(capped) : TimeSpan.FromHours(capped),
                Condition = condition,
                Coupon = coupon,
                TemplateName = template,
            });
        }

        int? maxOrders = null;
        if (V("Audience.MaxOrders").Length > 0)
            maxOrders = Int(errors, "Audience.MaxOrders", T("Enter a whole number, or leave it empty for no upper bound."));
        if (!Enum.TryParse<AttributionBasis>(V("AttributionBasis"), out var basis) || !Enum.IsDefined(basis) || char.IsDigit(V("AttributionBasis").FirstOrDefault()))
            errors.Add("AttributionBasis", T("Choose click or send."));
        var workflow = old with
        {
            Enabled = Checked("Enabled"),
            Priority = Int(errors, "Priority", T("Enter the priority as a whole number.")),
            IsMarketing = Checked("IsMarketing"),
            ControlGroupPercent = Decimal(errors, "ControlGroupPercent", T("Enter a percentage.")),
            ReentryDays = Int(errors, "ReentryDays", T("Enter the days as a whole number.")),
            ExitOn = (Checked("ExitOn.OrderPlaced") ? ExitOn.OrderPlaced : ExitOn.None) | (Checked("ExitOn.CartEmptied") ? ExitOn.CartEmptied : ExitOn.None),
            Audience = new AudienceRules { MinOrders = Int(errors, "Audience.MinOrders", T("Enter a whole number.")), MaxOrders = maxOrders },
            Steps = steps,
            DormancyMultiple = kind == WorkflowKind.WinBack ? Decimal(errors, "DormancyMultiple", T("Enter a number such as 3 or 2.5.")) : old.DormancyMultiple,
            OneTimeBuyerDormantDays = kind == WorkflowKind.WinBack ? Int(errors, "OneTimeBuyerDormantDays", T("Enter the days as a whole number (0: from the store's median).")) : old.OneTimeBuyerDormantDays,
            AfterOrderNumber = kind == WorkflowKind.NpsSurvey ? Int(errors, "AfterOrderNumber", T("Enter the order number as a whole number.")) : old.AfterOrderNumber,
            DaysBeforeExpiry = kind == WorkflowKind.PointsExpiry ? Int(errors, "DaysBeforeExpiry", T("Enter the days as a whole number.")) : old.DaysBeforeExpiry,
        };
        var program = WorkflowPages.With(current, workflow) with
        {
            AttributionWindowDays = Int(errors, "AttributionWindowDays", T("Enter the days as a whole number.")),
            AttributionBasis = basis,
            TrackOpens = Checked("TrackOpens"),
            CouponCleanupDays = Int(errors, "CouponCleanupDays", T("Enter the days as a whole number.")),
        };
        // The rules speak too, except about a field that could not even be read (its stand-in 0 would only mislead).
        foreach (var rule in MapErrors(program.Validate(), kind).Errors.Where(r => errors.Errors.All(e => e.Field != r.Field)))
            errors.Add(rule.Field, rule.Message);
        if (errors.IsValid)
            updated = program;
        return errors;
    }

    /// <summary>
    /// Core's messages keyed to this form's fields: the workflow's own lose their <c>{Kind}.</c> prefix, and a step's index
    /// becomes the row it was typed in.
    /// </summary>
    public ValidationResult MapErrors(ValidationResult result, WorkflowKind kind)
    {
        var mapped = new ValidationResult();
        var prefix = kind + ".";
        foreach (var error in result.Errors)
        {
            var field = error.Field.StartsWith(prefix, StringComparison.Ordinal) ? error.Field[prefix.Length..] : error.Field;
            var step = StepField().Match(field);
            if (step.Success && int.TryParse(step.Groups[1].Value, NumberStyles.None, Inv, out var index) && index < _keptRows.Count)
                field = $"Steps[{_keptRows[index]}]{step.Groups[2].Value}";
            mapped.Add(field, error);
        }
        return mapped;
    }

    private static readonly Regex StepFieldPattern = new(@"^Steps\[(\d+)\](.*)$", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private static Regex StepField() => StepFieldPattern;

    // ------------------------------------------------------------------ rendering

    public string Render(WorkflowKind kind, StoreId store, ValidationResult errors, string antiforgery, DormancyDefaults? dormancy)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        string Error(string field)
        {
            known.Add(field);
            return string.Concat(errors.Errors.Where(e => e.Field == field)
                .Select(e => $" <span class=\"error field-error\" data-field=\"{E(field)}\">{E(Say(e))}</span>"));
        }
        bool Invalid(string field) => errors.Errors.Any(e => e.Field == field);
        string Input(string field, string label, string type = "number", string extra = "") =>
            $"<label>{E(label)} <input type=\"{type}\" name=\"{E(field)}\" value=\"{E(V(field))}\"{extra}{(Invalid(field) ? " class=\"invalid\" aria-invalid=\"true\"" : "")}></label>{Error(field)}\n";
        string Check(string field, string label) =>
            $"<label><input type=\"checkbox\" name=\"{E(field)}\" value=\"true\"{(Checked(field) ? " checked" : "")}> {E(label)}</label>{Error(field)}\n";
        string Select(string field, params (string Value, string Label)[] options) =>
            $"<select name=\"{E(field)}\"{(Invalid(field) ? " class=\"invalid\" aria-invalid=\"true\"" : "")}>" +
            string.Concat(options.Select(o => $"<option value=\"{E(o.Value)}\"{(V(field) == o.Value ? " selected" : "")}>{E(o.Label)}</option>")) + "</select>" + Error(field);

        var body = new StringBuilder("<form method=\"post\" action=\"/admin/workflows/").Append(kind).Append("\" id=\"workflow-form\" novalidate>\n")
            .Append(antiforgery).Append("<input type=\"hidden\" name=\"store\" value=\"").Append(store.Value).Append("\">")
            .Append("<input type=\"hidden\" name=\"StepCount\" value=\"").Append(_rows).Append("\">\n")
            .Append("<fieldset><legend>").Append(E(T("Workflow"))).Append("</legend>\n")
            .Append(Check("Enabled", T("On")))
            .Append(Input("Priority", T("Priority (higher wins the weekly cap)"), extra: " min=\"0\" max=\"1000\""))
            .Append(Check("IsMarketing", T("Marketing (consent, cap and quiet hours apply)")))
            .Append(Input("ControlGroupPercent", T("Control group %"), extra: " min=\"0\" max=\"50\" step=\"0.1\""))
            .Append(Input("ReentryDays", T("Re-entry after days"), extra: " min=\"0\""))
            .Append("<br>").Append(Check("ExitOn.OrderPlaced", T("Stop when an order is placed"))).Append(Check("ExitOn.CartEmptied", T("Stop when the cart is emptied")))
            .Append("<br>").Append(Input("Audience.MinOrders", T("Audience: at least orders"), extra: " min=\"0\""))
            .Append(Input("Audience.MaxOrders", T("at most orders (empty: no limit)"), extra: " min=\"0\""));
        switch (kind)
        {
            case WorkflowKind.WinBack:
                body.Append("<br>").Append(Input("DormancyMultiple", T("Dormant after × own interval"), extra: " min=\"1\" max=\"20\" step=\"0.1\""))
                    .Append(Input("OneTimeBuyerDormantDays", T("One-time buyers dormant after days (0: derived)"), extra: " min=\"0\""));
                if (dormancy != null)
                    body.Append("<p class=\"muted\" id=\"dormancy-defaults\">").Append(E(F("This store's median time between purchases: {median}; with a multiple of {multiple}, a one-time buyer counts as dormant after {days} days.",
                            TextArg.Of("median", dormancy.StoreMedianDays is { } median ? F("{days} days", TextArg.Of("days", median.ToString("0.#", SandboxLanguage.Culture))) : T("unknown (no customer ordered twice)")),
                            TextArg.Of("multiple", dormancy.Multiple.ToString("0.##", SandboxLanguage.Culture)), TextArg.Of("days", dormancy.OneTimeBuyerDays.ToString(Inv)))))
                        .Append("</p>\n");
                break;
            case WorkflowKind.NpsSurvey:
                body.Append("<br>").Append(Input("AfterOrderNumber", T("Ask after order number"), extra: " min=\"1\""));
                break;
            case WorkflowKind.PointsExpiry:
                body.Append("<br>").Append(Input("DaysBeforeExpiry", T("Remind days before the points lapse"), extra: " min=\"1\" max=\"365\""));
                break;
        }
        body.Append("</fieldset>\n<fieldset><legend>").Append(E(T("Steps"))).Append("</legend>").Append(Error("Steps"))
            .Append("<table class=\"steps\">\n<thead><tr><th>#</th><th>").Append(E(T("Delay after the trigger"))).Append("</th><th>").Append(E(T("Condition")))
            .Append("</th><th>").Append(E(T("Coupon"))).Append("</th><th>").Append(E(T("Template"))).Append("</th><th>").Append(E(T("Remove"))).Append("</th></tr></thead>\n<tbody>\n");
        for (var row = 0; row < _rows; row++)
        {
            var p = $"Steps[{row}].";
            var blank = V(p + "Delay").Length == 0 && V(p + "TemplateName").Length == 0;
            body.Append("<tr class=\"step\"><td>").Append(blank ? E(T("new")) : (row + 1).ToString(Inv)).Append("</td><td>")
                .Append($"<input type=\"text\" inputmode=\"decimal\" size=\"5\" name=\"{p}Delay\" value=\"{E(V(p + "Delay"))}\" aria-label=\"{E(F("Delay of step {row}", TextArg.Count("row", row + 1)))}\"{(Invalid(p + "Delay") ? " class=\"invalid\" aria-invalid=\"true\"" : "")}> ")
                .Append(Select(p + "DelayUnit", (Hours, T("hours")), (Days, T("days")))).Append(Error(p + "Delay"))
                .Append("</td><td>").Append(Select(p + "Condition", (nameof(StepCondition.Always), T("always")),
                    (nameof(StepCondition.NotClickedYet), T("not clicked yet")), (nameof(StepCondition.CartStillHasItems), T("cart still has items"))))
                .Append("</td><td>").Append(Select(p + "Coupon.Kind", (NoCoupon, T("none")), (nameof(CouponKind.Percentage), T("percent off")), (nameof(CouponKind.Amount), T("amount off"))))
                .Append($" <input type=\"text\" inputmode=\"decimal\" size=\"5\" name=\"{p}Coupon.Value\" value=\"{E(V(p + "Coupon.Value"))}\" aria-label=\"{E(T("Coupon value"))}\" placeholder=\"{E(T("value"))}\"{(Invalid(p + "Coupon.Value") ? " class=\"invalid\" aria-invalid=\"true\"" : "")}>")
                .Append(Error(p + "Coupon.Value"))
                .Append($" <input type=\"text\" inputmode=\"numeric\" size=\"3\" name=\"{p}Coupon.ValidDays\" value=\"{E(V(p + "Coupon.ValidDays"))}\" aria-label=\"{E(T("Coupon valid days"))}\" placeholder=\"{E(T("days"))}\"{(Invalid(p + "Coupon.ValidDays") ? " class=\"invalid\" aria-invalid=\"true\"" : "")}> {E(T("days valid"))}")
                .Append(Error(p + "Coupon.ValidDays"))
                .Append("</td><td>").Append($"<input type=\"text\" size=\"30\" name=\"{p}TemplateName\" value=\"{E(V(p + "TemplateName"))}\" aria-label=\"{E(F("Template of step {row}", TextArg.Count("row", row + 1)))}\">")
                .Append(Error(p + "TemplateName"))
                .Append("</td><td>").Append(blank ? "" : $"<input type=\"checkbox\" name=\"{p}Remove\" value=\"true\"{(Checked(p + "Remove") ? " checked" : "")} aria-label=\"{E(F("Remove step {row}", TextArg.Count("row", row + 1)))}\">")
                .Append("</td></tr>\n");
        }
        body.Append("</tbody>\n</table>\n<p class=\"muted\">").Append(E(T("Delays count from the trigger (the cart's last change, the delivery, the registration), not from the step before.")))
            .Append(" ").Append(E(T("Fill the last row to add a step; left empty, its template is"))).Append(" <code>Retention.").Append(kind).Append(".Step{row}</code>.</p>\n</fieldset>\n")
            .Append("<fieldset><legend>").Append(E(T("Store-wide (every workflow of this store)"))).Append("</legend>\n")
            .Append(Input("AttributionWindowDays", T("Attribution window days"), extra: " min=\"1\" max=\"90\""))
            .Append("<label>").Append(E(T("Attribute orders to the last"))).Append(" ").Append(Select("AttributionBasis", (nameof(AttributionBasis.Click), T("click")), (nameof(AttributionBasis.Send), T("email sent")))).Append("</label>\n")
            .Append(Check("TrackOpens", T("Count opens with a tracking pixel")))
            .Append(Input("CouponCleanupDays", T("Delete unused coupons days after expiry"), extra: " min=\"0\""))
            .Append("</fieldset>\n");
        var other = errors.Errors.Where(e => !known.Contains(e.Field)).ToList();
        if (other.Count > 0)
            body.Insert(0, string.Concat(other.Select(e => $"<p class=\"error\">{E(e.Field)}: {E(Say(e))}</p>\n")));
        return body.Append("<p><button id=\"save\">").Append(E(T("Save"))).Append("</button></p>\n</form>\n").ToString();
    }
}
