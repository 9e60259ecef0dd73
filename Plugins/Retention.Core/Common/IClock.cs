namespace Retention.Core.Common;

/// <summary>The only source of "now" for rules, so every rule can be tested at any instant.</summary>
public interface IClock
{
    /// <summary>The current instant, in UTC.</summary>
    DateTime UtcNow { get; }
}

/// <summary>The wall clock.</summary>
public sealed class SystemClock : IClock
{
    public DateTime UtcNow => DateTime.UtcNow;
}
