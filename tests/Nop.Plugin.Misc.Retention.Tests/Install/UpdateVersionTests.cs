using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Nop.Data.Migrations;

namespace Nop.Plugin.Misc.Retention.Tests.Install;

/// <summary>
/// nopCommerce runs a plugin's update — its migrations of <c>MigrationProcessType.Update</c>/<c>NoMatter</c> and
/// <c>UpdateAsync</c>, which installs new resources and templates — only when plugin.json's <c>Version</c> differs from
/// the version the store installed (<c>PluginService.UpdatePluginsAsync</c> compares the two strings). So a change to
/// what install and update write, shipped under the same version, never reaches a store that already has the plugin:
/// its admin shows raw resource names and its database misses the new index. This test ties the two together.
/// </summary>
[TestFixture]
public class UpdateVersionTests
{
    /// <summary>
    /// Every released version with the fingerprint of what its install and update write, oldest first, append-only once
    /// the version has landed on main (stores may have it):
    /// when <see cref="Fingerprint"/> changes, bump plugin.json's <c>Version</c> and add a line.
    /// 4.90.1–4.90.3 were released before this record was kept.
    /// </summary>
    private static readonly (string Version, string Fingerprint)[] Releases =
    [
        ("4.90.4", "ab80d58721b226d595a359d15e9d13aebb0323cde604c2061c66349acf9855c4"),
        ("4.90.5", "13439b59dc6c66dd06c86e7baad5c37cbdc29fc929c6dee1e52abcdd36166ff8"),
        ("4.90.6", "0c64bdc38284835648d2f54e64650756b7b8ba91ea40d8eeb76f284743860369"),
        ("4.90.7", "3a8207790701e8d83f1a1ea78602fef522249738283f8e42c3be743ee9106fbd"),
        ("4.90.8", "79be04a11dc170e708af8b5607a2e01215e1a50771351c199a22d20bc9ca7352"),
    ];

    [Test]
    public void Plugin_json_version_is_the_last_release_and_its_content_is_the_one_recorded_for_it()
    {
        var version = PluginJsonVersion();
        var (lastVersion, lastFingerprint) = Releases[^1];
        var fingerprint = Fingerprint();

        Assert.That(version, Is.EqualTo(lastVersion), "plugin.json's Version must be the last line of Releases");
        Assert.That(fingerprint, Is.EqualTo(lastFingerprint),
            $"What install and update write (resources and templates in every shipped language, schedule tasks, migrations) changed since {lastVersion} was recorded. " +
            $"Stores on {lastVersion} would never get it: bump plugin.json's Version and add (\"<new version>\", \"{fingerprint}\") to Releases.");
    }

    [Test]
    public void Every_release_has_its_own_version_and_its_own_content()
    {
        Assert.That(Releases.Select(r => r.Version), Is.Unique);
        Assert.That(Releases.Select(r => r.Fingerprint), Is.Unique, "a version bump without a content change runs an update that does nothing new");
    }

    [Test]
    public void Every_migration_after_the_base_schema_runs_on_update_too()
    {
        foreach (var migration in Migrations())
        {
            var process = migration.Arguments.Count > 2 ? (MigrationProcessType)(int)migration.Arguments[2].Value! : MigrationProcessType.NoMatter;
            if (migration.Type.Name == "SchemaMigration")
                continue; // the base tables: a store gets them on install, and every version since has had them
            Assert.That(process, Is.Not.EqualTo(MigrationProcessType.Installation), migration.Type.Name + " would never reach a store that updates");
        }
    }

    /// <summary>SHA-256 of everything install and update write, in a stable order.</summary>
    private static string Fingerprint()
    {
        var text = new StringBuilder();
        foreach (var (name, value) in RetentionLocales.English().OrderBy(r => r.Key, StringComparer.Ordinal))
            text.Append("resource\t").Append(name).Append('\t').Append(value).Append('\n');
        foreach (var (name, value) in RetentionLocalesRussian.Resources().OrderBy(r => r.Key, StringComparer.Ordinal))
            text.Append("resource-ru\t").Append(name).Append('\t').Append(value).Append('\n');
        foreach (var (language, templates) in global::Retention.Core.Workflows.EmailTemplates.ByLanguage.OrderBy(l => l.Key, StringComparer.Ordinal))
            foreach (var template in templates.OrderBy(t => t.Name, StringComparer.Ordinal))
                text.Append("template-").Append(language).Append('\t').Append(template.Name).Append('\t').Append(template.Subject).Append('\t')
                    .Append(template.HtmlBody).Append('\n');
        foreach (var template in RetentionDefaults.Templates.All.Concat(RetentionDefaults.Templates.Shipped).OrderBy(t => t.Name, StringComparer.Ordinal))
            text.Append("template\t").Append(template.Name).Append('\t').Append(template.Subject).Append('\t').Append(template.Body).Append('\n');
        foreach (var task in RetentionDefaults.Tasks.All.OrderBy(t => t.Type, StringComparer.Ordinal))
            text.Append("task\t").Append(task.Type).Append('\t').Append(task.Name).Append('\t').Append(task.Seconds).Append('\n');
        foreach (var migration in Migrations())
            text.Append("migration\t").Append(migration.Type.FullName).Append('\t')
                .Append(string.Join('\t', migration.Arguments.Select(a => a.Value?.ToString()))).Append('\n');
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))).ToLowerInvariant();
    }

    /// <summary>The plugin's migrations with their attribute's arguments, read without running the attribute (NopSdk's throws).</summary>
    private static List<(Type Type, IList<CustomAttributeTypedArgument> Arguments)> Migrations() => typeof(RetentionPlugin).Assembly.GetTypes()
        .SelectMany(t => t.GetCustomAttributesData().Where(a => a.AttributeType.Name == "NopMigrationAttribute").Select(a => (t, a.ConstructorArguments)))
        .OrderBy(m => m.t.FullName, StringComparer.Ordinal)
        .ToList();

    private static string PluginJsonVersion()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir != null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, "plugin.json");
            if (File.Exists(file) && File.Exists(Path.Combine(dir.FullName, "Retention.Plugin.sln")))
            {
                using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
                return json.RootElement.GetProperty("Version").GetString()!;
            }
        }
        throw new InvalidOperationException("plugin.json not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
