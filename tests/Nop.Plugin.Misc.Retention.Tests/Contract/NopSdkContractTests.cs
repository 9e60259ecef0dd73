using System.Reflection;
using System.Text.RegularExpressions;

namespace Nop.Plugin.Misc.Retention.Tests.Contract;

/// <summary>
/// build/NopSdk/CONTRACT.md is the list of every NopSdk type and member with the upstream file its signature was checked
/// against. These tests keep the list and the stand-ins in step, and keep the stand-ins safe to compile against.
/// </summary>
[TestFixture]
public class NopSdkContractTests
{
    private static readonly Regex ContractRow = new(@"^\|\s*`(?<member>[^`]+)`\s*\|\s*(?<source>[^|]*)\|", RegexOptions.Compiled);

    /// <summary>One type from each NopSdk project, so the test loads the very assemblies the plugin compiled against.</summary>
    private static readonly Assembly[] NopSdk =
    {
        typeof(Nop.Core.BaseEntity).Assembly,
        typeof(Nop.Data.IRepository<>).Assembly,
        typeof(Nop.Services.Plugins.BasePlugin).Assembly,
        typeof(Nop.Web.Framework.AreaNames).Assembly,
        typeof(Nop.Web.Components.CustomerNavigationViewComponent).Assembly,
        typeof(FluentMigrator.MigrationBase).Assembly,
        typeof(FluentMigrator.MigrationAttribute).Assembly,
        typeof(LinqToDB.Sql).Assembly,
    };

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "build", "NopSdk", "CONTRACT.md")))
                return dir.FullName;
        throw new InvalidOperationException("build/NopSdk/CONTRACT.md not found above " + TestContext.CurrentContext.TestDirectory);
    }

    private static Dictionary<string, string> ContractRows()
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(RepositoryRoot(), "build", "NopSdk", "CONTRACT.md")))
        {
            var match = ContractRow.Match(line);
            if (match.Success)
                rows[match.Groups["member"].Value] = match.Groups["source"].Value.Trim();
        }
        return rows;
    }

    [Test]
    public void The_test_covers_every_NopSdk_project()
    {
        var projects = Directory.GetFiles(Path.Combine(RepositoryRoot(), "build", "NopSdk"), "*.csproj", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension).OrderBy(n => n).ToList();

        Assert.That(NopSdk.Select(a => a.GetName().Name).OrderBy(n => n), Is.EqualTo(projects));
    }

    [Test]
    public void Every_NopSdk_type_and_member_is_listed_in_CONTRACT_md()
    {
        var listed = ContractRows();

        var unlisted = NopSdk.SelectMany(NopSdkSurface.Of).Where(m => !listed.ContainsKey(m)).ToList();

        Assert.That(unlisted, Is.Empty,
            "Add these to build/NopSdk/CONTRACT.md with the upstream file you checked them against:\n" + string.Join("\n", unlisted));
    }

    [Test]
    public void CONTRACT_md_lists_nothing_NopSdk_does_not_have()
    {
        var surface = NopSdk.SelectMany(NopSdkSurface.Of).ToHashSet(StringComparer.Ordinal);

        var stale = ContractRows().Keys.Where(m => !surface.Contains(m)).ToList();

        Assert.That(stale, Is.Empty, "Remove these rows from build/NopSdk/CONTRACT.md, or restore the stand-ins.");
    }

    [Test]
    public void Every_CONTRACT_md_row_names_the_source_file_it_was_checked_against()
    {
        var withoutSource = ContractRows().Where(r => !r.Value.Contains(".cs`", StringComparison.Ordinal)).Select(r => r.Key).ToList();

        Assert.That(withoutSource, Is.Empty);
    }

    [Test]
    public void Every_NopSdk_assembly_has_version_0_0_0_0_so_any_real_assembly_satisfies_the_reference()
    {
        foreach (var assembly in NopSdk)
            Assert.That(assembly.GetName().Version, Is.EqualTo(new Version(0, 0, 0, 0)), assembly.GetName().Name);
    }

    [Test]
    public void The_plugin_assembly_references_NopSdk_at_version_0_0_0_0_only()
    {
        var standIns = NopSdk.Select(a => a.GetName().Name).ToHashSet();

        var references = typeof(RetentionPlugin).Assembly.GetReferencedAssemblies().Where(r => standIns.Contains(r.Name)).ToList();

        Assert.That(references, Is.Not.Empty);
        Assert.That(references.Select(r => r.Version), Is.All.EqualTo(new Version(0, 0, 0, 0)));
    }
}
