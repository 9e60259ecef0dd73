using System.Text;
using System.Text.RegularExpressions;
using Retention.Core.Common;
using Retention.Core.Stamps;
using static Retention.Sandbox.Web.Html;

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
            const string whole = "Enter a whole number.";
            var scope = Choice<StampScope>(errors, p + "Scope");
            var reward = Choice<StampReward>(errors, p + "Reward");
            list.Add(new StampCardDefinition
            {
                Id = V(p + "Id").Length == 0 ? ++usedIds : Int(errors, p + "Id", whole),
                Name = V(p + "Name"),
                Enabled = Checked(p + "Enabled"),
                Scope = scope,
                TargetId = scope == StampScope.Order ? 0 : Int(errors, p + "TargetId", "Enter the number of the product or category."),
                MinOrderAmount = scope == StampScope.Order && V(p + "MinOrderAmount").Length > 0 ? Decimal(errors, p + "MinOrderAmount", "Enter an amount such as 25 or 24.50.") : 0m,
                Counting = Choice<StampCounting>(errors, p + "Counting"),
                StampsToFill = Int(errors, p + "StampsToFill", whole),
                Reward = reward,
                RewardAmount = reward == StampReward.AmountOff ? Decimal(errors, p + "RewardAmount", "Enter an amount such as 5 or 4.50.") : 0m,
                RewardProductId = reward == StampReward.FreeProduct ? Int(errors, p + "RewardProductId", "Enter the number of the free product.") : 0,
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
        errors.Add(field, "Choose one of the listed options.");
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
            .Append("<table class=\"stamp-cards-editor\">\n<thead><tr><th>#</th><th>Name</th><th>On</th><th>Counts</th><th>Product / category</th><th>Minimum order</th>")
            .Append("<th>A stamp</th><th>Fills at</th><th>Reward</th><th>Amount off</th><th>Free product</th><th>Lapses after (days)</th><th>Coupon valid (days)</th><th>Reminder (days)</th><th>Remove</th></tr></thead>\n<tbody>\n");
        for (var row = 0; row < _rows; row++)
        {
            var p = $"StampCards[{row}].";
            var n = row + 1;
            var isNew = V(p + "Id").Length == 0;
            body.Append("<tr class=\"stamp-card-row\"><td>").Append(isNew ? "new" : E(V(p + "Id")))
                .Append("<input type=\"hidden\" name=\"").Append(p).Append("Id\" value=\"").Append(E(V(p + "Id"))).Append("\">").Append(Error(p + "Id")).Append("</td><td>")
                .Append(Text(p + "Name", $"Name of card {n}", "16")).Append("</td><td>")
                .Append("<input type=\"checkbox\" name=\"").Append(p).Append("Enabled\" value=\"true\"").Append(Checked(p + "Enabled") ? " checked" : "")
                .Append(" aria-label=\"Card ").Append(n).Append(" on\"></td><td>")
                .Append(Select<StampScope>(p + "Scope", $"What card {n} counts")).Append("</td><td>")
                .Append(Text(p + "TargetId", $"Product or category of card {n}", "4")).Append("</td><td>")
                .Append(Text(p + "MinOrderAmount", $"Minimum order of card {n}", "6")).Append("</td><td>")
                .Append(Select<StampCounting>(p + "Counting", $"Stamps per order or item on card {n}")).Append("</td><td>")
                .Append(Text(p + "StampsToFill", $"Stamps that fill card {n}", "3")).Append("</td><td>")
                .Append(Select<StampReward>(p + "Reward", $"Reward of card {n}")).Append("</td><td>")
                .Append(Text(p + "RewardAmount", $"Amount off of card {n}", "6")).Append("</td><td>")
                .Append(Text(p + "RewardProductId", $"Free product of card {n}", "4")).Append("</td><td>")
                .Append(Text(p + "ExpiryDays", $"Days a partial card {n} lasts", "4")).Append("</td><td>")
                .Append(Text(p + "CouponValidDays", $"Days the coupon of card {n} is valid", "4")).Append("</td><td>")
                .Append(Text(p + "ReminderDays", $"Days before card {n} lapses that its holders are reminded", "3")).Append("</td><td>")
                .Append(isNew ? "" : $"<input type=\"checkbox\" name=\"{p}Remove\" value=\"true\"{(Checked(p + "Remove") ? " checked" : "")} aria-label=\"Remove card {n}\">")
                .Append("</td></tr>\n");
        }
        body.Append("</tbody>\n</table>\n<p class=\"muted\">Fill the empty row to add a card. N is between ").Append(StampCards.MinStamps).Append(" and ")
            .Append(StampCards.MaxStamps).Append("; a product card counts the product's number, a category card the category's; an order card counts orders from the ")
            .Append("minimum amount (after discounts, before shipping and tax). Lapse 0: partial cards never lapse. Reminder 0: no reminder; else at most half the card's life. Removing a card keeps the stamps and coupons given.</p>\n");
        var other = errors.Errors.Where(e => !known.Contains(e.Field)).ToList();
        if (other.Count > 0)
            body.Insert(0, "<div id=\"other-errors\">" + string.Concat(other.Select(e => $"<p class=\"error\">{E(e.Field)}: {E(e.In(SandboxLanguage.Culture))}</p>\n")) + "</div>\n");
        return body.Append("<p><button type=\"submit\" id=\"save\">Save</button></p>\n</form>\n").ToString();
    }

    private static string ChoiceText(Enum value) => value switch
    {
        StampScope.Order => "Whole order",
        StampScope.Product => "A product",
        StampScope.Category => "A category",
        StampCounting.PerOrder => "Per order",
        StampCounting.PerItem => "Per item",
        StampReward.AmountOff => "Amount off",
        StampReward.FreeProduct => "Free product",
        _ => value.ToString(),
    };
}
