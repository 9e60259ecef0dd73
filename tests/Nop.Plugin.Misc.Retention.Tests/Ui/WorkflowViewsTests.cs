namespace Nop.Plugin.Misc.Retention.Tests.Ui;

/// <summary>
/// The workflow and landing views show shoppers' text (survey comments, names) and merchants' templates: Razor encodes
/// every value it writes, so none of these views may write raw HTML. The preview shows the template in a sandboxed
/// frame's srcdoc attribute, which Razor encodes too.
/// </summary>
public class WorkflowViewsTests
{
    private static IEnumerable<string> Views()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir != null; dir = dir.Parent)
        {
            var views = Path.Combine(dir.FullName, "Plugins", "Nop.Plugin.Misc.Retention", "Views");
            if (Directory.Exists(views))
                return Directory.GetFiles(Path.Combine(views, "Admin"), "Workflow*.cshtml")
                    .Concat(Directory.GetFiles(Path.Combine(views, "Public"), "Link*.cshtml"));
        }
        throw new InvalidOperationException("The plugin's Views folder was not found above " + TestContext.CurrentContext.TestDirectory);
    }

    [Test]
    public void No_workflow_or_landing_view_writes_raw_html()
    {
        var views = Views().ToList();

        Assert.That(views, Has.Count.EqualTo(10));
        foreach (var view in views)
            Assert.That(File.ReadAllText(view), Does.Not.Contain("Html.Raw").And.Not.Contain("HtmlString"), Path.GetFileName(view));
    }

    [Test]
    public void The_preview_frame_is_sandboxed()
    {
        var preview = File.ReadAllText(Views().Single(v => v.EndsWith("WorkflowPreview.cshtml", StringComparison.Ordinal)));

        Assert.That(preview, Does.Contain("<iframe sandbox=\"\" srcdoc=\"@Model.Body\""));
    }
}
