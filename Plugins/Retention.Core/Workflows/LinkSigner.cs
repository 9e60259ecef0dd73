// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Retention.Core.Common;

namespace Retention.Core.Workflows;

/// <summary>What a signed link is for; a token made for one purpose is refused by every other route.</summary>
public enum LinkPurpose
{
    Unsubscribe = 1,
    CartRestore = 2,
    SurveyAnswer = 3,
    Click = 4,
    Open = 5,
}

/// <summary>What a signed link says. Nothing in it is secret; the signature makes it unforgeable.</summary>
/// <param name="EnrollmentId">The enrollment whose email carried the link; 0 for links made outside a workflow (test emails).</param>
/// <param name="Step">0-based step index of that email.</param>
/// <param name="Subject">The enrollment's subject (survey answers: the survey's subject).</param>
/// <param name="Value">Purpose-specific: the score a survey link answers with, the survey kind in the high digits (see <see cref="SurveyValue"/>); 0 otherwise.</param>
/// <param name="IsPreview">Made for an admin's preview or a test email: it verifies, but every landing page changes nothing for it.</param>
public sealed record LinkPayload(LinkPurpose Purpose, StoreId Store, CustomerId Customer, long EnrollmentId, int Step, string Subject, int Value, DateTime ExpiresUtc,
    bool IsPreview = false)
{
    /// <summary>Packs a survey kind and score into <see cref="Value"/>: kind × 100 + score.</summary>
    public static int SurveyValue(SurveyKind kind, int score) => (int)kind * 100 + score;

    public SurveyKind SurveyKind => (SurveyKind)(Value / 100);

    public int SurveyScore => Value % 100;
}

/// <summary>Why a link was refused, or that it was fine.</summary>
public enum LinkStatus
{
    Valid = 0,
    /// <summary>Not a token at all (truncated, bad characters, wrong shape).</summary>
    Malformed = 1,
    /// <summary>Well-formed but the signature does not match: changed, or signed with another store's secret.</summary>
    Tampered = 2,
    Expired = 3,
    /// <summary>A genuine token used on the wrong route (e.g. an unsubscribe token on the survey page).</summary>
    WrongPurpose = 4,
}

/// <summary>The verdict on a token: the payload only when <see cref="Status"/> is <see cref="LinkStatus.Valid"/>.</summary>
public sealed record LinkCheck(LinkStatus Status, LinkPayload? Payload)
{
    public bool IsValid => Status == LinkStatus.Valid;

    /// <summary>A genuine link from a preview or a test email: hosts show that nothing was recorded or changed.</summary>
    public bool IsPreview => Payload is { IsPreview: true };

    /// <summary>A sentence a shopper can read on the error page (hosts localize by <see cref="Status"/>).</summary>
    public string Message => Status switch
    {
        LinkStatus.Valid => "The link is valid.",
        LinkStatus.Expired => "This link has expired.",
        LinkStatus.WrongPurpose => "This link does not belong on this page.",
        _ => "This link is not valid. It may have been cut short or changed.",
    };
}

/// <summary>
/// Signs and checks the links in workflow emails with HMAC-SHA256 under a per-install secret. A token is
/// <c>base64url(payload) "." base64url(mac)</c>; the check is constant-time, so timing says nothing about a forged
/// signature. A live link is version 1 (nine fields), as the first release signed it, so links already in inboxes keep
/// working; a preview link is version 2, the same fields and a tenth, the preview mark, under the same signature.
/// </summary>
public sealed class LinkSigner
{
    /// <summary>Longest token accepted; anything longer is refused before any work is done on it.</summary>
    public const int MaxTokenLength = 1024;

    private const string LiveVersion = "1";
    private const string PreviewVersion = "2";
    private const string PreviewMark = "preview";
    private readonly byte[] _secret;

    /// <param name="secret">At least 32 bytes, created at install and kept in the host's settings.</param>
    public LinkSigner(byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < 32)
            throw new ArgumentException("The link secret must be at least 32 bytes.", nameof(secret));
        _secret = secret.ToArray();
    }

    /// <summary>A fresh random secret for a new install.</summary>
    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(32);

    public string Sign(LinkPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Subject.Contains('|'))
            throw new ArgumentException("A link subject cannot contain '|'.", nameof(payload));
        var text = string.Join('|', payload.IsPreview ? PreviewVersion : LiveVersion, (int)payload.Purpose, payload.Store.Value, payload.Customer.Value,
            payload.EnrollmentId.ToString(CultureInfo.InvariantCulture), payload.Step, payload.Subject, payload.Value,
            new DateTimeOffset(DateTime.SpecifyKind(payload.ExpiresUtc, DateTimeKind.Utc)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        if (payload.IsPreview)
            text += "|" + PreviewMark;
        var body = Encoding.UTF8.GetBytes(text);
        return Base64Url(body) + "." + Base64Url(Mac(body));
    }

    /// <summary>Checks a token for <paramref name="expected"/> at <paramref name="nowUtc"/>. Never throws on bad input.</summary>
    public LinkCheck Verify(string? token, LinkPurpose expected, DateTime nowUtc)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
            return new LinkCheck(LinkStatus.Malformed, null);
        var dot = token.IndexOf('.');
        if (dot <= 0 || dot != token.LastIndexOf('.'))
            return new LinkCheck(LinkStatus.Malformed, null);
        if (!TryFromBase64Url(token[..dot], out var body) || !TryFromBase64Url(token[(dot + 1)..], out var mac) || mac.Length != 32)
            return new LinkCheck(LinkStatus.Malformed, null);
        if (!CryptographicOperations.FixedTimeEquals(mac, Mac(body)))
            return new LinkCheck(LinkStatus.Tampered, null);

        var payload = Parse(body);
        if (payload is null)
            return new LinkCheck(LinkStatus.Malformed, null);
        if (payload.Purpose != expected)
            return new LinkCheck(LinkStatus.WrongPurpose, null);
        if (nowUtc >= payload.ExpiresUtc)
            return new LinkCheck(LinkStatus.Expired, null);
        return new LinkCheck(LinkStatus.Valid, payload);
    }

    private byte[] Mac(byte[] body) => HMACSHA256.HashData(_secret, body);

    private static LinkPayload? Parse(byte[] body)
    {
        string[] parts;
        try
        {
            parts = new UTF8Encoding(false, true).GetString(body).Split('|');
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        var inv = CultureInfo.InvariantCulture;
        var preview = parts.Length == 10 && parts[0] == PreviewVersion && parts[9] == PreviewMark;
        if (!(preview || (parts.Length == 9 && parts[0] == LiveVersion))
            || !int.TryParse(parts[1], NumberStyles.None, inv, out var purpose) || !Enum.IsDefined((LinkPurpose)purpose)
            || !int.TryParse(parts[2], NumberStyles.None, inv, out var store)
            || !int.TryParse(parts[3], NumberStyles.None, inv, out var customer)
            || !long.TryParse(parts[4], NumberStyles.None, inv, out var enrollment)
            || !int.TryParse(parts[5], NumberStyles.None, inv, out var step)
            || !int.TryParse(parts[7], NumberStyles.None, inv, out var value)
            || !long.TryParse(parts[8], NumberStyles.None, inv, out var expires)
            || expires > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            return null;
        return new LinkPayload((LinkPurpose)purpose, new StoreId(store), new CustomerId(customer), enrollment, step, parts[6], value,
            DateTimeOffset.FromUnixTimeSeconds(expires).UtcDateTime, preview);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryFromBase64Url(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_')))
            return false;
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => "!" };
        try
        {
            bytes = Convert.FromBase64String(padded);
            // The last character's unused bits are ignored by the decoder: only the one canonical spelling of a token is
            // accepted, so a link cannot be varied without changing what it says.
            return Base64Url(bytes) == text;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
