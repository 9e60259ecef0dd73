using System.Reflection;
using System.Text.RegularExpressions;

namespace Nop.Plugin.Misc.Retention.Tests.Ui;

/// <summary>
/// Every resource key the plugin shows exists: its own (installed with it) or nopCommerce 4.90's (listed by name in
/// Fixtures/nop-4.90.3-resource-names.txt). A key that exists in neither shows raw on the page and logs a warning per
/// render. (A view's reference to a RetentionLocales member is checked by compiling the views: ViewCompilationTests.)
/// </summary>
public class ResourceKeyTests
{
    private static readonly Regex LiteralKey = new(@"(?:\bT|GetResourceAsync)\(\s*""(?<key>[^""]+)""", RegexOptions.Compiled);

    private static string PluginFolder()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir != null; dir = dir.Parent)
        {
            var plugin = Path.Combine(dir.FullName, "Plugins", "Nop.Plugin.Misc.Retention");
            if (Directory.Exists(Path.Combine(plugin, "Views")))
                return plugin;
        }
        throw new InvalidOperationException("The plugin's folder was not found above " + TestContext.CurrentContext.TestDirectory);
    }

    private static IEnumerable<(string File, string Text)> Sources() =>
        Directory.EnumerateFiles(PluginFolder(), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (f, File.ReadAllText(f)));

    private static HashSet<string> NopResourceNames() =>
        File.ReadAllLines(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "nop-4.90.3-resource-names.txt"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<(string File, string Key)> LiteralKeys() =>
        Sources().SelectMany(s => LiteralKey.Matches(s.Text).Select(m => (Path.GetFileName(s.File), m.Groups["key"].Value)));

    [Test]
    public void Every_literal_resource_key_is_the_plugins_own_or_one_of_nopCommerces()
    {
        var own = RetentionLocales.English().Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var nop = NopResourceNames();

        var unknown = LiteralKeys().Where(k => !own.Contains(k.Key) && !nop.Contains(k.Key)).Select(k => $"{k.File}: {k.Key}").ToList();

        Assert.That(unknown, Is.Empty, "keys that would show raw");
    }

    [Test]
    public void Every_listed_nopCommerce_resource_is_still_used()
    {
        var used = LiteralKeys().Select(k => k.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.That(NopResourceNames().Where(n => !used.Contains(n)), Is.Empty, "stale names in the fixture");
    }
}
