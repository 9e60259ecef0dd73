using System.Security.Cryptography;
using System.Text;

namespace Retention.Core.Common;

/// <summary>
/// The deterministic key every side effect carries. A unique index on it is what makes a replayed event,
/// a retried task or two web-farm nodes doing the same work at once harmless.
/// </summary>
/// <remarks>
/// Keys are lower case. nopCommerce's databases compare strings without regard to case (citext on PostgreSQL,
/// case-insensitive collations on SQL Server and MySQL), the sandbox's SQLite and the in-memory stores compare them
/// exactly: a key with upper-case letters (a tier's name, a request id typed by a client) could be two keys in one
/// host and one key in another. In one case, every host sees the same keys.
/// </remarks>
public readonly record struct IdempotencyKey
{
    /// <summary>Stored in a unique column; 200 fits SQL Server's index key limit with room to spare.</summary>
    public const int MaxLength = 200;

    public string Value { get; }

    public IdempotencyKey(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new ArgumentException("An idempotency key cannot be empty.", nameof(value));
        if (value.Length > MaxLength)
            throw new ArgumentException($"An idempotency key is at most {MaxLength} characters.", nameof(value));
        Value = value.ToLowerInvariant();
    }

    /// <summary>
    /// Builds a key from its parts, e.g. <c>For("earn", store, order)</c> → <c>earn:1:1042</c>. Parts that would
    /// make the key too long are hashed, so the key stays deterministic whatever the input.
    /// </summary>
    public static IdempotencyKey For(string kind, params object[] parts)
    {
        var joined = (kind + ":" + string.Join(":", parts.Select(p => Convert.ToString(p, System.Globalization.CultureInfo.InvariantCulture))))
            .ToLowerInvariant();
        if (joined.Length <= MaxLength)
            return new IdempotencyKey(joined);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joined)));
        return new IdempotencyKey(kind[..Math.Min(kind.Length, 100)] + ":sha256:" + hash);
    }

    public override string ToString() => Value;
}
