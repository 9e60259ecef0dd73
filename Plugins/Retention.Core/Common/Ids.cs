namespace Retention.Core.Common;

/// <summary>A nopCommerce store id. Kept apart from <see cref="CustomerId"/> so the two can never be swapped.</summary>
public readonly record struct StoreId(int Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A nopCommerce customer id.</summary>
public readonly record struct CustomerId(int Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
