using System.Globalization;
using Retention.Core.Common;

namespace Retention.Sandbox.Web;

/// <summary>
/// A sandbox edit form as typed: raw values by field name, so a rejected form comes back exactly as it was typed, and the
/// readers that turn a field into a number or say, on that field, why it is not one. Field names are the settings' own,
/// so Core's validation messages land beside the field they are about.
/// </summary>
internal abstract class PostedForm
{
    protected static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private readonly Dictionary<string, string> _values;

    protected PostedForm(Dictionary<string, string> values) => _values = values;

    protected IReadOnlyDictionary<string, string> Values => _values;

    protected string V(string field) => _values.GetValueOrDefault(field, "");

    /// <summary>A checkbox posts "true" only when ticked.</summary>
    protected bool Checked(string field) => V(field) == "true";

    /// <summary>The posted fields, trimmed, without the antiforgery token; a name longer than 64 characters is no field of ours.</summary>
    protected static Dictionary<string, string> ValuesOf(IFormCollection posted) =>
        posted.Keys.Where(k => k != "__RequestVerificationToken" && k.Length <= 64)
            .ToDictionary(k => k, k => posted[k].ToString().Trim(), StringComparer.Ordinal);

    /// <summary>How many rows of a table the form says it has, never more than <paramref name="max"/>.</summary>
    protected static int RowCount(IReadOnlyDictionary<string, string> values, string field, int max) =>
        int.TryParse(values.GetValueOrDefault(field), NumberStyles.None, Inv, out var n) ? Math.Clamp(n, 0, max) : 0;

    protected int Int(ValidationResult errors, string field, string message)
    {
        if (int.TryParse(V(field), NumberStyles.AllowLeadingSign, Inv, out var value))
            return value;
        errors.Add(field, message);
        return 0;
    }

    protected decimal Decimal(ValidationResult errors, string field, string message)
    {
        if (decimal.TryParse(V(field), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, Inv, out var value))
            return value;
        errors.Add(field, message);
        return 0m;
    }

    protected static string Bool(bool value) => value ? "true" : "false";

    protected static string Num(int value) => value.ToString(Inv);

    protected static string Num(decimal value) => value.ToString("0.####", Inv);
}
