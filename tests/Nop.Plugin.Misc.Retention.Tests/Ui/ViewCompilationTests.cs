using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Razor.Hosting;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Nop.Plugin.Misc.Retention.Tests.Ui;

/// <summary>
/// tests/Nop.Plugin.Misc.Retention.Views compiles the plugin's views with the Razor SDK against the NopSdk stand-ins,
/// so a wrong model member, type or helper call already fails the build. What compiling cannot see is checked here:
/// that no view was left out of that build, and that every attribute on a nopCommerce tag helper is one it binds
/// (Razor passes an unknown attribute through as plain HTML, so a misspelt <c>asp-input</c> would compile and do nothing).
/// </summary>
public class ViewCompilationTests
{
    private static readonly Regex NopElement = new(@"<(?<tag>nop-[a-z-]+)(?<attributes>[^>]*)>", RegexOptions.Compiled);
    private static readonly Regex AttributeName = new(@"(?<name>[A-Za-z][A-Za-z0-9-]*)\s*=", RegexOptions.Compiled);

    private static string ViewsFolder()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir != null; dir = dir.Parent)
        {
            var views = Path.Combine(dir.FullName, "Plugins", "Nop.Plugin.Misc.Retention", "Views");
            if (Directory.Exists(views))
                return views;
        }
        throw new InvalidOperationException("The plugin's Views folder was not found above " + TestContext.CurrentContext.TestDirectory);
    }

    private static IEnumerable<string> ViewFiles() =>
        Directory.EnumerateFiles(ViewsFolder(), "*.cshtml", SearchOption.AllDirectories);

    [Test]
    public void Every_view_of_the_plugin_is_compiled_by_the_views_build()
    {
        var compiled = Assembly.Load("Nop.Plugin.Misc.Retention.Views").GetCustomAttributes<RazorCompiledItemAttribute>()
            .Select(a => a.Identifier).ToHashSet(StringComparer.Ordinal);
        var views = ViewFiles().Select(f => "/Views/" + Path.GetRelativePath(ViewsFolder(), f).Replace('\\', '/')).ToList();

        Assert.That(views, Has.Count.GreaterThan(20));
        Assert.That(views.Where(v => !compiled.Contains(v)), Is.Empty, "views the Razor build did not compile");
    }

    [Test]
    public void Every_attribute_on_a_nopCommerce_tag_helper_is_one_the_tag_helper_binds()
    {
        var bound = typeof(Nop.Web.Framework.AreaNames).Assembly.GetTypes()
            .Where(t => typeof(ITagHelper).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<HtmlTargetElementAttribute>().Select(e => (Tag: e.Tag, Type: t)))
            .ToDictionary(e => e.Tag, e => e.Type.GetProperties()
                .Select(p => p.GetCustomAttribute<HtmlAttributeNameAttribute>()?.Name).Where(n => n != null).ToHashSet());

        var wrong = ViewFiles().SelectMany(f => NopElement.Matches(File.ReadAllText(f)).SelectMany(m =>
        {
            var tag = m.Groups["tag"].Value;
            if (!bound.TryGetValue(tag, out var names))
                return new[] { $"{Path.GetFileName(f)}: <{tag}> is not a nopCommerce 4.90 tag helper" };
            return AttributeName.Matches(m.Groups["attributes"].Value).Select(a => a.Groups["name"].Value)
                .Where(a => !names.Contains(a)).Select(a => $"{Path.GetFileName(f)}: <{tag} {a}> is not bound");
        })).ToList();

        Assert.That(bound.Keys, Is.SupersetOf(new[] { "nop-label", "nop-editor", "nop-select", "nop-override-store-checkbox" }));
        Assert.That(wrong, Is.Empty);
    }
}
