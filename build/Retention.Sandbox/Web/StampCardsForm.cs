using Retention.Core.Localization;
using System.Text;
using System.Text.RegularExpressions;
using Retention.Core.Common;
using Retention.Core.Stamps;
using static Retention.Sandbox.Web.Html;
using static Retention.Sandbox.Web.SandboxTexts;

namespace Retention.Sandbox.Web;

/// <summary>
/// The stamp cards form as typed, one row per card and a blank row to add one. Field names are the settings' own
/// (<c>StampCards[1].StampsToFill</c>), so Core's messages (<see cref="StampCards.Validate"/>) land beside their field. A
/// card's number is given once, when it is added, and kept: it is part of every stamp's key.
/// </summary>
internal sealed partial class StampCardsForm : PostedForm
{
    public const int MaxRows = StampCards.MaxCards + 1;

    private static readonly string[] Columns =
        ["Id", "Name", "Enabled", "Scope", "TargetId", "MinOrderAmount", "Counting", "StampsToFill", "Reward", "RewardAmount", "RewardProductId", "ExpiryDays", "CouponValidDays", "ReminderDays"];

    private readonly int _rows;

    /// <summary>For each card kept by the last <see cref="Parse"/>, the form row it came from.</summary>
    private readonly List<int> _kept = new();

    private StampCardsForm(Dictionary<string, string> values, int rows) : base(values) => _rows = rows;

    public static StampCardsForm From(IReadOnlyList<StampCardDefinition> cards)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < cards.Count; i++)
        {
            var c = cards[i];
            var p = $"StampCards[{i}].";
            values[p + "Id"] = Num(c.Id);
            values[p + "Name"] = c.Name;
            values[p + "Enabled"] = Bool(c.Enabled);
            values[p + "Scope"] = c.Scope.ToString();
            values[p + "TargetId"] = c.Scope == StampScope.Order ? "" : Num(c.TargetId);
            values[p + "MinOrderAmount"] = c.Scope == StampScope.Order ? Num(c.MinOrderAmount) : "";
            values[p + "Counting"] = c.Counting.ToString();
            values[p + "StampsToFill"] = Num(c.StampsToFill);
            values[p + "Reward"] = c.Reward.ToString();
            values[p + "RewardAmount"] = c.Reward == StampReward.AmountOff ? Num(c.RewardAmount) : "";
            values[p + "RewardProductId"] = c.Reward == StampReward.FreeProduct ? Num(c.RewardProductId) : "";
            values[p + "ExpiryDays"] = Num(c.ExpiryDays);
            values[p + "CouponValidDays"] = Num(c.CouponValidDays);
            values[p + "ReminderDays"] = Num(c.ReminderDays);
        }
        var blank = $"StampCards[{cards.Count}].";
        values[blank + "Enabled"] = Bool(true);
        values[blank + "ExpiryDays"] = Num(new StampCardDefinition().ExpiryDays);
        values[blank + "CouponValidDays"] = Num(new StampCardDefinition().CouponValidDays);
        values[blank + "ReminderDays"] = Num(new StampCardDefinition().ReminderDays);
        return new StampCardsForm(values, cards.Count + 1);
    }

    public static StampCardsForm Read(IFormCollection posted)
    {
        var values = ValuesOf(posted);
        return new StampCardsForm(values, RowCount(values, "Rows", MaxRows));
    }

    /// <summary>A row nobody typed a name or a number of stamps into adds nothing.</summary>
    private bool Blank(int row) => V($"StampCards[{row}].Name").Length == 0 && V($"StampCards[{row}].StampsToFill").Length == 0;

    /// <summary>The cards as typed, or the fields that are not numbers or choices; nothing else is judged here (Core does).</summary>
    public ValidationResult Parse(out IReadOnlyList<StampCardDefinition> cards)
    {
        var errors = new ValidationResult();
        var list = new List<StampCardDefinition>();
        _kept.Clear();
        var usedIds = Enumerable.Range(0, _rows).Select(r => V($"StampCards[{r}].Id")).Where(v => v.Length > 0)
            .Select(v => int.TryParse(v, System.Globalization.NumberStyles.None, Inv, out var id) ? id : 0).DefaultIfEmpty(0).Max();
        for (var row = 0; row < _rows; row++)
        {
            var p = $"StampCards[{row}].";
            if (Blank(row) || Checked(p + "Remove"))
                continue;
            var whole = T("Enter a whole number.");
            var scope = Choice<StampScope>(errors, p + "Scope");
            var reward = Choice<StampReward>(errors, p + "Reward");
            list.Add(new StampCardDefinition
            {
                Id = V(p + "Id").Length == 0 ? ++usedIds : Int(errors, p + "Id", whole),
                Name = V(p + "Name"),
                Enabled = Checked(p + "Enabled"),
                Scope = scope,
                TargetId = scope == StampScope.Order ? 0 : Int(errors, p + "TargetId", T("Enter the number of the product or category.")),
                MinOrderAmount = scope == StampScope.Order && V(p + "MinOrderAmount").Length > 0 ? Decimal(errors, p + "MinOrderAmount", T("Enter an amount such as 25 or 24.50.")) : 0m,
                Counting = Choice<StampCounting>(errors, p + "Counting"),
                StampsToFill = Int(errors, p + "StampsToFill", whole),
                Reward = reward,
                RewardAmount = reward == StampReward.AmountOff ? Decimal(errors, p + "RewardAmount", T("Enter an amount such as 5 or 4.50.")) : 0m,
                RewardProductId = reward == StampReward.FreeProduct ? Int(errors, p + "RewardProductId", T("Enter the number of the free product.")) : 0,
                ExpiryDays = Int(errors, p + "ExpiryDays", whole),
                CouponValidDays = Int(errors, p + "CouponValidDays", whole),
                // Left empty (a form from before the field existed): the default lead.
                ReminderDays = V(p + "ReminderDays").Length == 0 ? new StampCardDefinition().ReminderDays : Int(errors, p + "ReminderDays", whole),
            });
            _kept.Add(row);
        }
        cards = list;
        return errors;
    }

    private TEnum Choice<TEnum>(ValidationResult errors, string field) where TEnum : struct, Enum
    {
        if (Enum.TryParse<TEnum>(V(field), out var value) && Enum.IsDefined(value))
            return value;
        errors.Add(field, T("Choose one of the listed options."));
        return default;
    }

    /// <summary>Core's errors, renamed from the index of the card kept to the form row it came from.</summary>
    public ValidationResult MapErrors(ValidationResult result)
    {
        var mapped = new ValidationResult();
        foreach (var error in result.Errors)
        {
            var match = CardIndex().Match(error.Field);
            mapped.Add(match.Success && int.Parse(match.Groups[1].Value, Inv) is var i && i < _kept.Count
                ? $"StampCards[{_kept[i]}]" + error.Field[match.Length..]
                : error.Field, error);
        }
        return mapped;
    }

    [GeneratedRegex(@"^StampCards\[(\d+)\]")]
    private static partial Regex CardIndex();

    public string Render(int store, ValidationResult errors, string antiforgery)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        string Error(string field)
        {
            known.Add(field);
            return string.Concat(errors.Errors.Where(e => e.Field == field)
                .Select(e => $" <span class=\"error field-error\" data-field=\"{E(field)}\">{E(e.In(SandboxLanguage.Culture))}</span>"));
        }
        string Invalid(string field) => errors.Errors.Any(e => e.Field == field) ? " class=\"invalid\" aria-invalid=\"true\"" : "";
        string Text(string field, string label, string size = "6") =>
            $"<input type=\"text\" size=\"{size}\" name=\"{E(field)}\" value=\"{E(V(field))}\" aria-label=\"{E(label)}\"{Invalid(field)}>{Error(field)}";
        string Select<TEnum>(string field, string label) where TEnum : struct, Enum =>
            $"<select name=\"{E(field)}\" aria-label=\"{E(label)}\"{Invalid(field)}>" + string.Concat(Enum.GetValues<TEnum>().Select(v =>
                $"<option value=\"{v}\"{(V(field) == v.ToString() ? " selected" : "")}>{E(ChoiceText(v))}</option>")) + "</select>" + Error(field);

        var body = new StringBuilder("<form method=\"post\" action=\"/admin/loyalty/stamps\" id=\"stamp-cards-form\" novalidate>\n")
            .Append(antiforgery).Append("<input type=\"hidden\" name=\"store\" value=\"").Append(store).Append("\">")
            .Append("<input type=\"hidden\" name=\"Rows\" value=\"").Append(_rows).Append("\">\n").Append(Error("StampCards"))
            .Append(("<table class=\"stamp-cards-editor\">\n<thead><tr><th>#</th><th>" + E(T("Name")) + "</th><th>" + E(T("On")) + "</th><th>" + E(T("Counts")) + "</th><th>" + E(T("Product / category")) + "</th><th>" + E(T("Minimum order")) + "</th>"))
            .Append(("<th>" + E(T("A stamp")) + "</th><th>" + E(T("Fills at")) + "</th><th>" + E(T("Reward")) + "</th><th>" + E(T("Amount off")) + "</th><th>" + E(T("Free product")) + "</th><th>" + E(T("Lapses after (days)")) + "</th><th>" + E(T("Coupon valid (days)")) + "</th><th>" + E(T("Reminder (days)")) + "</th><th>" + E(T("Remove")) + "</th></tr></thead>\n<tbody>\n"));
        for (var row = 0; row < _rows; row++)
        {
            var p = $"StampCards[{row}].";
            var n = row + 1;
            var isNew = V(p + "Id").Length == 0;
            body.Append("<tr class=\"stamp-card-row\"><td>").Append(isNew ? E(T("new")) : E(V(p + "Id")))
                .Append("<input type=\"hidden\" name=\"").Append(p).Append("Id\" value=\"").Append(E(V(p + "Id"))).Append("\">").Append(Error(p + "Id")).Append("</td><td>")
                .Append(Text(p + "Name", F("Name of card {n}", TextArg.Count("n", n)), "16")).Append("</td><td>")
                .Append("<input type=\"checkbox\" name=\"").Append(p).Append("Enabled\" value=\"true\"").Append(Checked(p + "Enabled") ? " checked" : "")
                .Append(" aria-label=\"").Append(E(F("Card {n} on", TextArg.Count("n", n)))).Append("\"></td><td>")
                .Append(Select<StampScope>(p + "Scope", F("What card {n} counts", TextArg.Count("n", n)))).Append("</td><td>")
                .Append(Text(p + "TargetId", F("Product or category of card {n}", TextArg.Count("n", n)), "4")).Append("</td><td>")
                .Append(Text(p + "MinOrderAmount", F("Minimum order of card {n}", TextArg.Count("n", n)), "6")).Append("</td><td>")
                .Append(Select<StampCounting>(p + "Counting", F("Stamps per order or item on card {n}", TextArg.Count("n", n)))).Append("</td><td>")
                .Append(Text(p + "StampsToFill", F("Stamps that fill card {n}", TextArg.Count("n", n)), "3")).Append("</td><td>")
                .Append(Select<StampReward>(p + "Reward", F("Reward of card {n}", TextArg.Count("n", n)))).Append("</td><td>")
                .Append(Text(p + "RewardAmount", F("Amount off of card {n}", TextArg.Count("n", n)), "6")).Append("</td><td>")
                .Append(Text(p + "RewardProductId", F("Free product of card {n}", TextArg.Count("n", n)), "4")).Append("</td><td>")
                .Append(Text(p + "ExpiryDays", F("Days a partial card {n} lasts", TextArg.Count("n", n)), "4")).Append("</td><td>")
                .Append(Text(p + "CouponValidDays", F("Days the coupon of card {n} is valid", TextArg.Count("n", n)), "4")).Append("</td><td>")
                .Append(Text(p + "ReminderDays", F("Days before card {n} lapses that its holders are reminded", TextArg.Count("n", n)), "3")).Append("</td><td>")
                .Append(isNew ? "" : $"<input type=\"checkbox\" name=\"{p}Remove\" value=\"true\"{(Checked(p + "Remove") ? " checked" : "")} aria-label=\"{E(F("Remove card {n}", TextArg.Count("n", n)))}\">")
                .Append("</td></tr>\n");
        }
        body.Append("</tbody>\n</table>\n<p class=\"muted\">").Append(E(F("Fill the empty row to add a card. N is between {min} and {max}; a product card counts the product's number, "
                + "a category card the category's; an order card counts orders from the minimum amount (after discounts, before shipping and tax). Lapse 0: partial cards "
                + "never lapse. Reminder 0: no reminder; else at most half the card's life. Removing a card keeps the stamps and coupons given.", TextArg.Of("min", StampCards.MinStamps.ToString(Inv)), TextArg.Of("max", StampCards.MaxStamps.ToString(Inv)))))
            .Append("</p>\n");
        var other = errors.Errors.Where(e => !known.Contains(e.Field)).ToList();
        if (other.Count > 0)
            body.Insert(0, "<div id=\"other-errors\">" + string.Concat(other.Select(e => $"<p class=\"error\">{E(e.Field)}: {E(e.In(SandboxLanguage.Culture))}</p>\n")) + "</div>\n");
        return body.Append(("<p><button type=\"submit\" id=\"save\">" + E(T("Save")) + "</button></p>\n</form>\n")).ToString();
    }

    private static string ChoiceText(Enum value) => value switch
    {
        StampScope.Order => T("Whole order"),
        StampScope.Product => T("A product"),
        StampScope.Category => T("A category"),
        StampCounting.PerOrder => T("Per order"),
        StampCounting.PerItem => T("Per item"),
        StampReward.AmountOff => T("Amount off"),
        StampReward.FreeProduct => T("Free product"),
        _ => value.ToString(),
    };
}
