namespace Nop.Plugin.Misc.Retention.Tests.Packaging;

/// <summary>
/// What the plugin project's build leaves in its own output folder is what a store receives (build/package.sh zips it):
/// the plugin, the engine, the descriptor, the logo and the views, and never an assembly the store already has.
/// </summary>
[TestFixture]
public class PluginOutputTests
{
    private static readonly string[] HostAssemblyPatterns =
    {
        "Nop.Core.dll", "Nop.Data.dll", "Nop.Services.dll", "Nop.Web.Framework.dll", "Nop.Web.dll",
        "FluentMigrator*.dll", "linq2db*.dll",
    };

    private static DirectoryInfo PluginOutput()
    {
        // This test runs from tests/<project>/bin/<Configuration>/<tfm>; the plugin was built into its own bin beside it.
        var testDir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        var configuration = testDir.Parent!.Name;
        for (var dir = testDir; dir != null; dir = dir.Parent)
        {
            var project = Path.Combine(dir.FullName, "Plugins", "Nop.Plugin.Misc.Retention");
            if (Directory.Exists(project))
                return new DirectoryInfo(Path.Combine(project, "bin", configuration, "net9.0"));
        }
        throw new InvalidOperationException("Plugins/Nop.Plugin.Misc.Retention not found above " + testDir.FullName);
    }

    [Test]
    public void Plugin_output_holds_no_nopCommerce_FluentMigrator_or_linq2db_assembly()
    {
        var output = PluginOutput();
        Assert.That(output.Exists, Is.True, output.FullName + " has not been built");

        var hostAssemblies = HostAssemblyPatterns
            .SelectMany(pattern => output.GetFiles(pattern, SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(output.FullName, f.FullName))
            .ToList();

        Assert.That(hostAssemblies, Is.Empty);
    }

    [Test]
    public void Plugin_output_holds_the_plugin_the_engine_the_descriptor_the_logo_and_the_views()
    {
        var output = PluginOutput();
        Assert.That(output.Exists, Is.True, output.FullName + " has not been built");

        foreach (var file in new[] { "Nop.Plugin.Misc.Retention.dll", "Retention.Core.dll", "plugin.json", "logo.png",
                     Path.Combine("Views", "_ViewImports.cshtml"), Path.Combine("Views", "Admin", "Configure.cshtml") })
            Assert.That(File.Exists(Path.Combine(output.FullName, file)), Is.True, file);
    }

    [Test]
    public void Copied_plugin_json_names_the_plugin_assembly_and_nopCommerce_4_90()
    {
        var output = PluginOutput();
        Assert.That(output.Exists, Is.True, output.FullName + " has not been built");

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(output.FullName, "plugin.json")));
        var root = json.RootElement;

        Assert.That(root.GetProperty("SystemName").GetString(), Is.EqualTo(RetentionDefaults.SystemName));
        Assert.That(root.GetProperty("FileName").GetString(), Is.EqualTo("Nop.Plugin.Misc.Retention.dll"));
        Assert.That(root.GetProperty("SupportedVersions").EnumerateArray().Select(v => v.GetString()), Does.Contain("4.90"));
    }
}
