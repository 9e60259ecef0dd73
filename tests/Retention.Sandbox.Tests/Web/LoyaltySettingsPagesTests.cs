using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Retention.Core.Loyalty;
using Retention.Core.Common;
using Retention.Sandbox.Demo;
using Retention.Sandbox.Ports;

namespace Retention.Sandbox.Tests.Web;

/// <summary>
/// The sandbox's loyalty settings page and tier editor: every field of the plugin's page with Core's labels, saved through
/// the store the program reads, Core's validation messages beside their fields, nothing saved on any error.
/// </summary>
public sealed class LoyaltySettingsPagesTests : WorkflowServerFixture
{
    private const string Path = "/admin/loyalty/settings";
    private static readonly StoreId Store = new(1);
    private ILoyaltySettingsStore _store = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await PrepareServerAsync(customers: 50);
        await StartServerAsync();
        // The server's own store: restoring through it also forgets what its cache kept.
        _store = Server.Services.GetRequiredService<ILoyaltySettingsStore>();
    }

    /// <summary>A fresh read of what is saved (the page's own store keeps a cache; this one is new per call).</summary>
    private async Task<LoyaltySettings> SavedAsync() => await new EfLoyaltySettingsStore(Server.State.Database).LoadAsync(Store);

    private async Task<Dictionary<string, string>> FormAsync()
    {
        var (status, body) = await Web.GetAsync(Path);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        return WorkflowWeb.FormFields(body, "loyalty-settings-form");
    }

    private async Task<(HttpStatusCode Status, string Body, string? Location)> PostAsync(Dictionary<string, string> fields)
    {
        using var response = await Web.PostAsync(Path, Path, fields.Select(f => (f.Key, f.Value)).ToArray());
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString);
    }

    private static string? FieldError(string body, string field)
    {
        var match = Regex.Match(body, $"<span class=\"error field-error\" data-field=\"{Regex.Escape(WebUtility.HtmlEncode(field))}\">([^<]*)</span>");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    [Test]
    public async Task Page_shows_every_setting_with_cores_labels_and_the_saved_values()
    {
        var (_, body) = await Web.GetAsync(Path);
        var saved = await SavedAsync();
        var fields = WorkflowWeb.FormFields(body, "loyalty-settings-form");

        foreach (var (property, label, _) in LoyaltySettingsTexts.Fields)
            Assert.That(WebUtility.HtmlDecode(body), Does.Contain(label), property);
        Assert.That(fields["MinimumBalanceToRedeem"], Is.EqualTo(saved.MinimumBalanceToRedeem.ToString()));
        Assert.That(fields["Expiry"], Is.EqualTo(saved.Expiry.ToString()));
        Assert.That(fields.ContainsKey("Enabled"), Is.EqualTo(saved.Enabled));
        var tiers = saved.Tiers.OrderBy(t => t.Threshold).ToList();
        Assert.That(tiers, Is.Not.Empty, "the demo store has tiers");
        for (var i = 0; i < tiers.Count; i++)
            Assert.That((fields[$"Tiers[{i}].Name"], fields[$"Tiers[{i}].Threshold"]), Is.EqualTo((tiers[i].Name, tiers[i].Threshold.ToString("0.####"))));
        Assert.That(fields[$"Tiers[{tiers.Count}].Name"], Is.Empty, "one blank row to add a tier");
        Assert.That(fields[$"CategoryMultipliers[{DemoLoyalty.CategoryIds["Tea"]}]"], Is.EqualTo("2"), "the demo's double points on tea");
    }

    [Test]
    public async Task Saving_changes_the_settings_the_program_reads_including_tiers_multipliers_and_promotions()
    {
        var before = await SavedAsync();
        try
        {
            var fields = await FormAsync();
            fields["MinimumBalanceToRedeem"] = "750";
            fields["Tiers[0].Name"] = "Copper";
            var blank = before.Tiers.Count;
            fields[$"Tiers[{blank}].Name"] = "Platinum";
            fields[$"Tiers[{blank}].Threshold"] = "2000";
            fields[$"Tiers[{blank}].Multiplier"] = "2";
            fields[$"CategoryMultipliers[{DemoLoyalty.CategoryIds["Coffee"]}]"] = "1.5";
            var promotion = before.Promotions.Count;
            fields[$"Promotions[{promotion}].Name"] = "Tea week";
            fields[$"Promotions[{promotion}].StartUtc"] = "2026-03-02";
            fields[$"Promotions[{promotion}].EndUtc"] = "2026-03-08";
            fields[$"Promotions[{promotion}].Multiplier"] = "3";

            var (status, _, location) = await PostAsync(fields);

            Assert.That(status, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(location, Is.EqualTo($"{Path}?store=1&saved=1"));
            var after = await SavedAsync();
            Assert.That(after.MinimumBalanceToRedeem, Is.EqualTo(750));
            Assert.That(after.Tiers.Select(t => t.Name), Is.EquivalentTo(before.Tiers.OrderBy(t => t.Threshold).Skip(1).Select(t => t.Name).Append("Copper").Append("Platinum")));
            Assert.That(after.CategoryMultipliers[DemoLoyalty.CategoryIds["Coffee"]], Is.EqualTo(1.5m));
            var tea = after.Promotions.Single(p => p.Name == "Tea week");
            Assert.That((tea.StartUtc, tea.EndUtc, tea.Multiplier), Is.EqualTo((new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 9, 0, 0, 0, DateTimeKind.Utc), 3m)),
                "the last day typed is included: the promotion stops at the next midnight");
            Assert.That(Same(after with { MinimumBalanceToRedeem = before.MinimumBalanceToRedeem, Tiers = before.Tiers, CategoryMultipliers = before.CategoryMultipliers, Promotions = before.Promotions },
                before), Is.True, "every field not typed in keeps its value");

            var (_, page) = await Web.GetAsync($"{Path}?store=1&saved=1");
            Assert.That(page, Does.Contain("id=\"saved\""));
            Assert.That(WorkflowWeb.FormFields(page, "loyalty-settings-form")[$"Promotions[{promotion}].EndUtc"], Is.EqualTo("2026-03-08"), "shown as typed: the last day");
        }
        finally
        {
            await _store.SaveAsync(Store, before);
        }
    }

    /// <summary>Records compare their lists by reference; two settings are the same when their JSON is.</summary>
    private static bool Same(LoyaltySettings a, LoyaltySettings b) =>
        System.Text.Json.JsonSerializer.Serialize(a) == System.Text.Json.JsonSerializer.Serialize(b);

    [Test]
    public async Task Invalid_fields_get_cores_messages_beside_them_and_nothing_is_saved()
    {
        var before = await SavedAsync();
        var fields = await FormAsync();
        fields["MinimumBalanceToRedeem"] = "lots";
        fields["MaxRedeemSharePercent"] = "150";
        fields["Tiers[1].Threshold"] = fields["Tiers[0].Threshold"];
        fields["Tiers[2].Name"] = "<b>Gold</b>";
        var promotion = before.Promotions.Count;
        fields[$"Promotions[{promotion}].Name"] = "Backwards";
        fields[$"Promotions[{promotion}].StartUtc"] = "2026-05-10";
        fields[$"Promotions[{promotion}].EndUtc"] = "2026-05-01";
        fields[$"Promotions[{promotion}].Multiplier"] = "2";
        fields["ReferralBonus"] = "250";

        var (status, body, _) = await PostAsync(fields);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body, Does.Contain("id=\"not-saved\""));
        Assert.That(FieldError(body, "MinimumBalanceToRedeem"), Is.EqualTo("Enter the points as a whole number."));
        // The rule's messages are Core's, the ones the plugin's page shows for the same settings.
        var typed = before with { MaxRedeemSharePercent = 150 };
        Assert.That(FieldError(body, "MaxRedeemSharePercent"), Is.EqualTo(typed.Validate().Errors.Single(e => e.Field == "MaxRedeemSharePercent").Message));
        var tiers = before.Tiers.OrderBy(t => t.Threshold).ToList();
        var clash = TierRules.Validate([tiers[0], tiers[1] with { Threshold = tiers[0].Threshold }]).Errors.Single();
        Assert.That(FieldError(body, "Tiers[1].Threshold"), Is.EqualTo(clash.Message));
        Assert.That(FieldError(body, "Tiers[2].Name"), Does.Contain("cannot hold < or >"));
        Assert.That(FieldError(body, $"Promotions[{promotion}].EndUtc"), Is.EqualTo("The end must be after the start."));
        Assert.That(WorkflowWeb.FormFields(body, "loyalty-settings-form")["ReferralBonus"], Is.EqualTo("250"), "the form comes back as typed");
        Assert.That(Same(await SavedAsync(), before), Is.True, "nothing was saved");
    }

    [Test]
    public async Task Removing_a_tier_and_adding_rows_save_only_when_asked()
    {
        var before = await SavedAsync();
        try
        {
            var fields = await FormAsync();
            var tiers = before.Tiers.OrderBy(t => t.Threshold).ToList();
            fields["Tiers[1].Remove"] = "true";
            fields["add"] = "tier";

            var (status, body, _) = await PostAsync(fields);

            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Same(await SavedAsync(), before), Is.True, "adding a row saves nothing");
            var shown = WorkflowWeb.FormFields(body, "loyalty-settings-form");
            Assert.That(shown["Tiers[1].Name"], Is.EqualTo(tiers[2].Name), "the removed row is gone and the rows below moved up");
            Assert.That(shown[$"Tiers[{tiers.Count - 1}].Name"], Is.Empty, "a blank row was added");

            shown.Remove("add");
            var (saved, _, _) = await PostAsync(shown);

            Assert.That(saved, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That((await SavedAsync()).Tiers.Select(t => t.Name), Is.EquivalentTo(tiers.Where((_, i) => i != 1).Select(t => t.Name)));
        }
        finally
        {
            await _store.SaveAsync(Store, before);
        }
    }

    [Test]
    public async Task Saving_needs_the_antiforgery_token_and_a_known_store()
    {
        var before = await SavedAsync();
        var fields = await FormAsync();
        fields["MinimumBalanceToRedeem"] = "1";

        using (var forged = await Web.PostWithoutTokenAsync(Path, fields.Select(f => (f.Key, f.Value)).ToArray()))
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        fields["store"] = "99";
        var (status, _, _) = await PostAsync(fields);
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(Same(await SavedAsync(), before), Is.True);
        Assert.That((await Web.GetAsync($"{Path}?store=abc")).Status, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
