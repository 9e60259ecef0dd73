using System.Text.RegularExpressions;

namespace Nop.Plugin.Misc.Retention.Tests.Security;

/// <summary>
/// Razor encodes everything a view writes unless the view opts out with <c>Html.Raw</c>: each opt-out in the plugin's
/// views, present and future, must be one reviewed here.
/// </summary>
public class ViewEncodingTests
{
    /// <summary>
    /// The reviewed opt-outs. The dashboard embeds its snapshot JSON in a <c>script type="application/json"</c> element:
    /// System.Text.Json's default encoder writes <c>&lt;</c> as <c>\u003C</c> (the sandbox's XssTests read it back), and
    /// the view also breaks any <c>&lt;/</c>, so a name cannot close the element.
    /// </summary>
    private static readonly Dictionary<string, string> Reviewed = new()
    {
        ["DashboardWidget.cshtml"] = "@Html.Raw(Model.HasSnapshot ? Model.SnapshotJson.Replace(\"</\", \"<\\\\/\") : \"null\")",
    };

    [Test]
    public void Every_html_raw_in_the_plugins_views_is_a_reviewed_one()
    {
        var views = Directory.GetFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "Views"), "*.cshtml", SearchOption.AllDirectories);
        Assert.That(views, Has.Length.GreaterThanOrEqualTo(8));

        var found = 0;
        foreach (var view in views)
            foreach (System.Text.RegularExpressions.Match raw in Regex.Matches(File.ReadAllText(view), @"@Html\.Raw\((?>[^()]+|\((?<d>)|\)(?<-d>))*\)"))
            {
                found++;
                Assert.That(Reviewed.TryGetValue(Path.GetFileName(view), out var allowed) && raw.Value == allowed, Is.True,
                    $"{Path.GetFileName(view)}: {raw.Value} writes unencoded text; encode it, or review it and list it here");
            }
        Assert.That(found, Is.EqualTo(Reviewed.Count), "each reviewed opt-out is still there (or this list is out of date)");
    }
}
