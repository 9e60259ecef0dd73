using System.Security.Cryptography;
using System.Text;
using Nop.Core.Domain.Security;

namespace Nop.Plugin.Misc.Retention.Factories;

/// <summary>
/// The per-install key of referral codes, derived from nopCommerce's own per-install encryption key so nothing new
/// has to be generated, stored or kept in step across web-farm nodes. Derived (not used as is) so a referral code never
/// exposes anything about the key nopCommerce encrypts with. Changing the encryption key invalidates old links.
/// </summary>
public static class ReferralSecret
{
    private const string Purpose = "Nop.Plugin.Misc.Retention.ReferralCodes";

    public static byte[] From(SecuritySettings securitySettings)
    {
        var key = securitySettings?.EncryptionKey;
        if (string.IsNullOrWhiteSpace(key))
            throw new InvalidOperationException("nopCommerce's SecuritySettings.EncryptionKey is empty; referral codes cannot be signed without it.");
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(Purpose));
    }
}
