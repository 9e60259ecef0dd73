using System.Globalization;
using System.Text.RegularExpressions;
using Retention.Core.Localization;
using Retention.Sandbox.Web;

namespace Retention.Sandbox.Tests.Web;

/// <summary>The sandbox's own words: every text its pages ask for has its Russian, with the same placeholders and real plural forms.</summary>
public sealed class SandboxTextsTests
{
    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");

    private static string WebSources()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Retention.Plugin.sln"))) dir = dir.Parent;
        Assert.That(dir, Is.Not.Null, "the repository root");
        // The table itself is not a page (its comments show the calls).
        return string.Concat(Directory.GetFiles(Path.Combine(dir!.FullName, "build", "Retention.Sandbox", "Web"), "*.cs")
            .Where(f => Path.GetFileName(f) != "SandboxTexts.cs").Select(File.ReadAllText));
    }

    [Test]
    public void Every_text_the_pages_ask_for_has_a_Russian_one()
    {
        // T("…") and F("…"), the two ways pages ask for their words, and the titles Page(…) translates itself; strings
        // joined with + are one text.
        var asked = Regex.Matches(WebSources(), @"(?:\b[TF]\(|\bPage\(|\bconst string Title =)\s*(""(?:[^""\\]|\\.)*""(?:\s*\+\s*""(?:[^""\\]|\\.)*"")*)")
            .Select(m => string.Concat(Regex.Matches(m.Groups[1].Value, @"""((?:[^""\\]|\\.)*)""").Select(p => Regex.Unescape(p.Groups[1].Value))))
            .Distinct().ToList();

        Assert.That(asked, Has.Count.GreaterThan(60), "the pages' texts were found");
        Assert.That(asked.Where(a => !SandboxTexts.Russian.ContainsKey(a)), Is.Empty);
    }

    [Test]
    public void Russian_texts_are_Russian_and_keep_the_English_placeholders()
    {
        // A plural branch ("one {point}") is a form of the word, not a placeholder.
        static HashSet<string> Placeholders(string text) =>
            Regex.Matches(text, @"(?<!\b(?:zero|one|two|few|many|other|=\d+)\s*)\{([A-Za-z0-9_]+)(?:\}|\s*,\s*plural)").Select(m => m.Groups[1].Value).ToHashSet();
        var untranslated = SandboxTexts.Russian.Where(r => r.Key != "JSON." && !Regex.IsMatch(r.Value, "[а-яё]", RegexOptions.IgnoreCase)).Select(r => r.Key);
        var different = SandboxTexts.Russian.Where(r => !Placeholders(r.Key).SetEquals(Placeholders(r.Value))).Select(r => r.Key);

        Assert.That(untranslated, Is.Empty);
        Assert.That(different, Is.Empty);
    }

    [Test]
    public void Russian_counts_take_their_plural_forms()
    {
        foreach (var (key, text) in SandboxTexts.Russian.Where(r => r.Value.Contains("plural", StringComparison.Ordinal)))
            foreach (var n in new[] { 1, 2, 5, 11, 21, 22, 25, 111 })
            {
                var args = Regex.Matches(text, @"\{([A-Za-z0-9_]+)").Select(m => m.Groups[1].Value).Distinct().Select(name => TextArg.Count(name, n)).ToArray();
                var filled = TextFormat.Format(text, Ru, args);
                Assert.That(filled, Does.Not.Contain("{").And.Not.Contain("plural"), key);
                Assert.That(filled, Does.Not.Match(@"\b(1|21) баллов|\b(5|11|25|111) балла\b|\b(2|22) балл\b|\b(1|21) штампов|\b(5|11|25|111) штампа\b"), key);
            }
        Assert.That(TextFormat.Format(SandboxTexts.Russian["This order earns {points, plural, one {# point} other {# points}}"], Ru, TextArg.Count("points", 1500)),
            Is.EqualTo("Этот заказ принесёт 1\u00a0500 баллов"));
    }
}
