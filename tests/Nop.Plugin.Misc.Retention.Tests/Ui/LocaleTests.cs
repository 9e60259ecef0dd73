using System.Reflection;
using Retention.Core.Loyalty;

namespace Nop.Plugin.Misc.Retention.Tests.Ui;

public class LocaleTests
{
    [Test]
    public void Every_text_the_loyalty_pages_use_has_an_english_resource()
    {
        var english = RetentionLocales.English();
        var prefixes = new[] { nameof(RetentionLocales.LoyaltyFieldPrefix), nameof(RetentionLocales.AccountingPrefix) };
        var keys = typeof(RetentionLocales).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && !prefixes.Contains(f.Name))
            .Select(f => (string)f.GetRawConstantValue()).ToList();
        keys.AddRange(Enum.GetValues<LedgerReason>().Select(RetentionLocales.Reason));
        keys.AddRange(Enum.GetValues<ExpiryMode>().Select(v => RetentionLocales.EnumValue(v)));
        keys.AddRange(Enum.GetValues<OverdraftPolicy>().Select(v => RetentionLocales.EnumValue(v)));
        keys.AddRange(Enum.GetValues<TierBasis>().Select(v => RetentionLocales.EnumValue(v)));
        keys.AddRange(typeof(Models.Admin.StampCardModel).GetProperties()
            .Where(p => p.CanWrite && p.Name != nameof(Models.Admin.StampCardModel.Remove)).Select(p => RetentionLocales.StampsAdminField(p.Name)));
        keys.AddRange(Enum.GetValues<global::Retention.Core.Stamps.StampScope>().Select(v => RetentionLocales.StampsAdminChoice(v)));
        keys.AddRange(Enum.GetValues<global::Retention.Core.Stamps.StampCounting>().Select(v => RetentionLocales.StampsAdminChoice(v)));
        keys.AddRange(Enum.GetValues<global::Retention.Core.Stamps.StampReward>().Select(v => RetentionLocales.StampsAdminChoice(v)));
        keys.AddRange(typeof(Models.Admin.ChallengeModel).GetProperties().Where(p => p.CanWrite).Select(p => RetentionLocales.ChallengesAdminField(p.Name)));
        keys.Add(RetentionLocales.ChallengesAdminField(nameof(Models.Admin.ChallengesModel.Enabled)));
        keys.Add(RetentionLocales.ChallengesAdminField(nameof(Models.Admin.ChallengesModel.BadgesEnabled)));
        keys.AddRange(Enum.GetValues<global::Retention.Core.Challenges.ChallengeGoal>().Select(v => RetentionLocales.ChallengesAdminChoice(v)));
        keys.AddRange(Enum.GetValues<global::Retention.Core.Challenges.ChallengeReward>().Select(v => RetentionLocales.ChallengesAdminChoice(v)));
        keys.AddRange(typeof(Models.Admin.LoyaltySettingsModel).GetProperties()
            .Where(p => p.Name != nameof(Models.Admin.LoyaltySettingsModel.ActiveStoreScopeConfiguration) && p.Name != nameof(Models.Admin.LoyaltySettingsModel.Tiers))
            .SelectMany(p => new[] { RetentionLocales.LoyaltyFieldPrefix + p.Name, RetentionLocales.LoyaltyFieldPrefix + p.Name + ".Hint" }));

        Assert.That(keys.Where(k => !english.ContainsKey(k) || string.IsNullOrWhiteSpace(english[k])), Is.Empty);
    }
}
