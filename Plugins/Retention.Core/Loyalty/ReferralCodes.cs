using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Retention.Core.Common;

namespace Retention.Core.Loyalty;

/// <summary>
/// Each customer's referral code, for the link "?ref=CODE": the customer id with an HMAC over store and id under the
/// host's per-install secret, so a code cannot be forged for another customer and reveals nothing else.
/// </summary>
/// <remarks>
/// Layout: 4 bytes of customer id (big-endian) and the first 8 bytes of HMAC-SHA256(secret, "referral:{store}:{customer}"),
/// written as unpadded base64url: always 16 characters. 64 bits of MAC are plenty against online guessing (each guess is
/// a page request) while keeping the link short enough to type from a printed card.
/// </remarks>
public static class ReferralCodes
{
    /// <summary>Characters of every code.</summary>
    public const int Length = 16;

    /// <summary>Shortest secret accepted: a 128-bit key.</summary>
    public const int MinimumSecretBytes = 16;

    private const int IdBytes = 4;
    private const int MacBytes = 8;

    /// <summary>The code of <paramref name="customer"/> in <paramref name="store"/> (URL-safe, short).</summary>
    public static string Create(StoreId store, CustomerId customer, ReadOnlySpan<byte> secret)
    {
        CheckSecret(secret);
        if (customer.Value <= 0)
            throw new ArgumentOutOfRangeException(nameof(customer), customer.Value, "Only a registered customer (id above 0) has a referral code.");
        Span<byte> raw = stackalloc byte[IdBytes + MacBytes];
        BinaryPrimitives.WriteInt32BigEndian(raw, customer.Value);
        Mac(store, customer.Value, secret, raw[IdBytes..]);
        return Base64Url(raw);
    }

    /// <summary>The referrer a code names, or null when it is malformed, truncated or signed with another secret or store (constant-time check).</summary>
    public static CustomerId? Read(StoreId store, string? code, ReadOnlySpan<byte> secret)
    {
        CheckSecret(secret);
        if (code is null || code.Length != Length) return null;
        Span<byte> raw = stackalloc byte[IdBytes + MacBytes];
        if (!TryFromBase64Url(code, raw)) return null;
        var id = BinaryPrimitives.ReadInt32BigEndian(raw);
        if (id <= 0) return null;
        Span<byte> expected = stackalloc byte[MacBytes];
        Mac(store, id, secret, expected);
        return CryptographicOperations.FixedTimeEquals(expected, raw[IdBytes..]) ? new CustomerId(id) : null;
    }

    private static void CheckSecret(ReadOnlySpan<byte> secret)
    {
        // A missing secret is a host's configuration error, not a bad code: fail loudly rather than accept forgeries.
        if (secret.Length < MinimumSecretBytes)
            throw new ArgumentException($"The referral secret must be at least {MinimumSecretBytes} bytes (generate one per install).", nameof(secret));
    }

    private static void Mac(StoreId store, int customer, ReadOnlySpan<byte> secret, Span<byte> destination)
    {
        var message = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"referral:{store.Value}:{customer}"));
        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(secret, message, full);
        full[..destination.Length].CopyTo(destination);
    }

    private static string Base64Url(ReadOnlySpan<byte> raw) =>
        Convert.ToBase64String(raw).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryFromBase64Url(string code, Span<byte> destination)
    {
        foreach (var ch in code)
            if (!(ch is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_'))
                return false;
        var standard = code.Replace('-', '+').Replace('_', '/');
        return Convert.TryFromBase64String(standard, destination, out var written) && written == destination.Length;
    }
}
