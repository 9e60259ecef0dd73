using System.Text.Json;
using System.Text.RegularExpressions;
using Retention.Core.Analytics;
using Retention.Core.Dashboard;

namespace Nop.Plugin.Misc.Retention.Tests.Dashboard;

/// <summary>
/// Every word the dashboard script shows comes from the host's text table: here, that each key the script asks for is a
/// key of Core's table, which the plugin installs as locale resources and hands to the script translated.
/// </summary>
public class DashboardTextsTests
{
    private static string Script()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir != null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "Plugins", "Nop.Plugin.Misc.Retention", "Content", "retention-dashboard.js");
            if (File.Exists(path))
                return File.ReadAllText(path);
        }
        throw new InvalidOperationException("retention-dashboard.js not found above " + TestContext.CurrentContext.TestDirectory);
    }

    [Test]
    public void Every_key_the_script_asks_for_is_in_the_text_table()
    {
        var script = Script();
        // Literal keys: t('key' …) calls, and dotted keys written as data ('exports.kpis') under the table's prefixes
        // (a CSS selector such as 'script.retention-dashboard-data' is not a key).
        var tablePrefixes = DashboardTexts.English.Keys.Where(k => k.Contains('.')).Select(k => k[..(k.IndexOf('.') + 1)]).ToHashSet();
        var literal = Regex.Matches(script, @"\bt\('([^']+)'").Select(m => m.Groups[1].Value)
            .Concat(Regex.Matches(script, @"'([a-z][A-Za-z]*\.[A-Za-z-]+)'").Select(m => m.Groups[1].Value)
                .Where(k => tablePrefixes.Contains(k[..(k.IndexOf('.') + 1)])))
            .Distinct().ToList();
        // Keys built from the snapshot: 'kpi.' + k.key, 'note.' + k.noteKey, 'segment.' + g.key.
        var prefixes = Regex.Matches(script, @"tOr\('([a-z]+\.)' \+").Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.That(literal, Has.Count.GreaterThan(40), "the script's texts were found");
        Assert.That(literal.Where(k => !DashboardTexts.English.ContainsKey(k)), Is.Empty);
        Assert.That(prefixes, Is.EquivalentTo(new[] { "kpi.", "note.", "segment." }));
        Assert.That(Regex.Matches(script, @"\bt\((?!')").Count, Is.EqualTo(2),
            "the only t( without a literal key are the exports list's, checked above, and the at-risk help's key the snapshot names, checked below");
        Assert.That(new[] { "atRisk.help.rfm", "atRisk.help.prediction", "atRisk.help.predictionRevenue" }.Where(k => !DashboardTexts.English.ContainsKey(k)), Is.Empty);
    }

    [Test]
    public void Every_segment_has_a_name_in_the_text_table()
    {
        Assert.That(Enum.GetValues<RfmSegment>().Select(s => "segment." + s).Where(k => !DashboardTexts.English.ContainsKey(k)), Is.Empty);
    }

    [Test]
    public void Every_text_is_installed_as_an_english_locale_resource()
    {
        var english = RetentionLocales.English();

        var missing = DashboardTexts.English.Where(t => !english.TryGetValue(RetentionLocales.DashboardText(t.Key), out var text) || text != t.Value);

        Assert.That(missing.Select(t => t.Key), Is.Empty);
    }

    [Test]
    public void The_script_gets_every_key_in_the_admins_language()
    {
        var json = RetentionLocales.DashboardTextsJson(resource => "«" + resource + "»");

        var texts = JsonSerializer.Deserialize<Dictionary<string, string>>(json)!;

        Assert.That(texts.Keys, Is.EquivalentTo(DashboardTexts.English.Keys));
        Assert.That(texts["kpi.churn"], Is.EqualTo("«Plugins.Misc.Retention.Dashboard.Text.kpi.churn»"));
    }

    private static string View(string name) => File.ReadAllText(Path.Combine(Path.GetDirectoryName(typeof(DashboardTextsTests).Assembly.Location)!,
        "..", "..", "..", "..", "..", "Plugins", "Nop.Plugin.Misc.Retention", "Views", "Admin", name));

    [Test]
    public void The_widget_view_hands_the_script_its_texts()
    {
        var view = View("DashboardWidget.cshtml");

        Assert.That(view, Does.Contain("RetentionLocales.DashboardTextsJson(resource => T(resource).Text)"));
        Assert.That(view, Does.Contain("data-texts=\"@textsJson\""));
    }

    [Test]
    public void The_report_names_the_segments_to_sync_from_their_locale_resources()
    {
        var view = View("Report.cshtml");

        Assert.That(view, Does.Contain("T(RetentionLocales.DashboardText(\"segment.\" + segment))"));
        Assert.That(view, Does.Not.Contain("DisplayName("), "no English segment name of Core's");
    }
}
