using System.Text;
using System.Text.RegularExpressions;
using Retention.Sandbox.Web;

namespace Retention.Sandbox.Tests.Web;

/// <summary>
/// The "no hard-coded English" guard for the sandbox's pages, as the plugin's view scan is for its Razor views: every
/// string literal of the page classes is read, and one that carries words a person reads (text between tags, a title,
/// placeholder or aria-label, or a sentence) must be asked for through <c>T("…")</c> / <c>F("…")</c>, or be on the
/// explicit allow-list below (identifiers, CSS, formats, demo data).
/// </summary>
public sealed class SandboxPagesTextTests
{
    /// <summary>Words that read the same in every language: abbreviations, formats, placeholders in examples.</summary>
    private static readonly HashSet<string> SameEverywhere = new(StringComparer.Ordinal)
    {
        "CSV", "UTC", "JSON", "EN", "RU", "NPS", "CSAT", "ID", "ISO", "HTML", "nbsp", "YYYY", "MM", "DD",
    };

    /// <summary>
    /// Literals that look like text but are not the sandbox's words, by file and text: email addresses shown as an
    /// example, template and token names (nopCommerce's identifiers), the demo's own data.
    /// </summary>
    private static readonly HashSet<string> AllowList = new(StringComparer.Ordinal)
    {
        // An example address, nopCommerce's token names and a template's name: identifiers, not words.
        "WorkflowEditorPages.cs: you@example.com",
        "StepEmailPages.cs: %Store.Name% ,  %Customer.FirstName% .",
        "WorkflowForm.cs: Retention.",
        "WorkflowForm.cs: .Step{row} .",
        "Pages.cs: /api/admin/summary ,  /api/health :",
        // The demo store's own name and address, as a merchant typed them into nopCommerce.
        "EmailView.cs: Demo store",
        "EmailView.cs: Demo Store Ltd",
        "EmailView.cs: 1 Example Street, Springfield",
        // The name the sandbox's admin is recorded under in the ledger (data, like a staff member's name).
        "LoyaltyPages.cs: sandbox admin",
        // Column names of the points accounting: the CSV's identifiers, shown on the page through T(header).
        "LoyaltyPages.cs: Pending at close",
        "LoyaltyPages.cs: Opening value",
        "LoyaltyPages.cs: Closing value (points liability incl. pending)",
        // A section legend kept in a static table, shown through T(legend).
        "LoyaltySettingsForm.cs: Spending points",
    };

    /// <summary>
    /// Files that are no page of the running sandbox: the first start's progress page is served before the application
    /// (and its language switch) exists.
    /// </summary>
    private static readonly HashSet<string> NotPages = new(StringComparer.Ordinal) { "SandboxTexts.cs", "PreparingApp.cs" };

    /// <summary>Literals for programs, not people: JSON errors of the widgets' API and log messages.</summary>
    private const string ForPrograms = @"\b(?:error|message) =$|\bBadRequest\($|\bLog(?:Warning|Information|Error)\((?:[^()]|\([^()]*\))*$";

    internal static string WebFolder()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Retention.Plugin.sln"))) dir = dir.Parent;
        Assert.That(dir, Is.Not.Null, "the repository root");
        return Path.Combine(dir!.FullName, "build", "Retention.Sandbox", "Web");
    }

    [Test]
    public void Sandbox_pages_hold_no_hard_coded_English_words()
    {
        var found = new List<string>();
        var files = Directory.GetFiles(WebFolder(), "*.cs").Where(f => !NotPages.Contains(Path.GetFileName(f))).ToList();
        Assert.That(files, Has.Count.GreaterThan(20), "the page classes were found");
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var source = File.ReadAllText(file);
            foreach (var (text, at, asked) in Literals(source))
            {
                var before = source[..at].TrimEnd();
                if (asked || IsCode(text) || Regex.IsMatch(before, @"\bPage\($|\bconst string Title =$") || Regex.IsMatch(before, ForPrograms))
                    continue;
                foreach (var words in ReadableParts(text))
                    if (!AllowList.Contains($"{name}: {words}"))
                        found.Add($"{name}: {words}");
            }
        }
        Assert.That(found.Distinct(), Is.Empty);
    }

    [Test]
    public void The_guard_finds_English_in_markup_attributes_and_sentences()
    {
        static List<string> Scan(string code) =>
            Literals(code).Where(l => !l.Asked && !IsCode(l.Text)).SelectMany(l => ReadableParts(l.Text)).ToList();

        Assert.That(Scan("x.Append(\"<p>Nothing was saved.</p>\");"), Is.EqualTo(new[] { "Nothing was saved." }));
        Assert.That(Scan("x.Append(\"<input aria-label=\\\"Remove tier\\\">\");"), Is.EqualTo(new[] { "Remove tier" }));
        Assert.That(Scan("var m = $\"Step {i} has no template.\";"), Is.EqualTo(new[] { "Step   has no template." }));
        Assert.That(Scan("x.Append(\"<p>\").Append(E(T(\"Nothing was saved.\"))).Append(\"</p>\");"), Is.Empty);
        Assert.That(Scan("x.Append(F(\"Step {n} of \" + \"the workflow\", a));"), Is.Empty);
        Assert.That(Scan("var f = values[\"Tiers[0].Name\"]; var s = \"<style>\\n.a { color: red; }\"; var d = \"yyyy-MM-dd\";"), Is.Empty);
    }

    /// <summary>CSS, date formats: not words.</summary>
    private static bool IsCode(string text) =>
        Regex.IsMatch(text, @"\{[^{}]*:[^{}]*;|^\s*@media|^<style>\s*$|^[dMyHhms\s.:,\-]*('UTC')?$");

    /// <summary>What a person would read in a literal: text outside tags, readable attributes, or a sentence.</summary>
    private static IEnumerable<string> ReadableParts(string literal)
    {
        var s = literal.Replace("\\\"", "\"").Replace("\\n", "\n");
        foreach (Match attribute in Regex.Matches(s, @"\b(?:title|placeholder|alt|aria-label|data-confirm)=""([^""]*[A-Za-z]{2,}[^""]*)"""))
            yield return attribute.Groups[1].Value;
        var markup = s.Contains('<') || s.Contains('>');
        var text = Regex.Replace(s, "<[^<>]*>", " ");
        text = Regex.Replace(text, "<[^>]*$", " ");
        if (markup)
            text = Regex.Replace(text, "^[^<>]*>", " ");
        text = Regex.Replace(text, @"&\w+;|\{\}", " ").Trim();
        var words = Regex.Matches(text, "[A-Za-z]{2,}").Select(m => m.Value).Where(w => !SameEverywhere.Contains(w)).ToList();
        if (markup && words.Count > 0)
            yield return text;
        else if (!markup && Regex.IsMatch(text, @"[A-Za-z]{2,}[,:;]? [A-Za-z]{2,}") && !Regex.IsMatch(text, @"[;{}=]|/\w|\w\.\w"))
            yield return text;
    }

    /// <summary>
    /// The string literals of C# source (regular, verbatim, interpolated with their holes as <c>{}</c>), outside comments
    /// and char literals, each with whether it is an argument of <c>T(</c> / <c>F(</c> (or joined with + to one that is).
    /// </summary>
    internal static List<(string Text, int At, bool Asked)> Literals(string src)
    {
        var found = new List<(string Text, int At, bool Asked)>();
        var i = 0;
        while (i < src.Length)
        {
            if (At(src, i, "//")) { i = src.IndexOf('\n', i) is var e and >= 0 ? e : src.Length; continue; }
            if (At(src, i, "/*")) { i = src.IndexOf("*/", i, StringComparison.Ordinal) + 2; continue; }
            if (src[i] == '\'') { i = SkipChar(src, i); continue; }
            if (StartsString(src, i))
            {
                var start = i;
                var text = ReadString(src, ref i);
                var before = src[..start].TrimEnd();
                var asked = Regex.IsMatch(before, @"\b[TF]\($") || (before.EndsWith('+') && found.Count > 0 && found[^1].Asked);
                found.Add((text, start, asked));
                continue;
            }
            i++;
        }
        return found;
    }

    private static bool At(string s, int i, string what) => string.CompareOrdinal(s, i, what, 0, what.Length) == 0;

    private static int SkipChar(string s, int i) => s.IndexOf('\'', s[i + 1] == '\\' ? i + 3 : i + 2) + 1;

    private static bool StartsString(string s, int i) =>
        s[i] == '"' || ((s[i] is '$' or '@') && i + 1 < s.Length && (s[i + 1] == '"' || ((s[i + 1] is '$' or '@') && i + 2 < s.Length && s[i + 2] == '"')));

    private static string ReadString(string s, ref int i)
    {
        bool verbatim = false, interpolated = false;
        while (s[i] is '$' or '@')
        {
            if (s[i] == '$') interpolated = true; else verbatim = true;
            i++;
        }
        i++;
        var text = new StringBuilder();
        while (i < s.Length)
        {
            var c = s[i];
            if (verbatim && c == '"' && i + 1 < s.Length && s[i + 1] == '"') { text.Append('"'); i += 2; continue; }
            if (!verbatim && c == '\\') { text.Append(s, i, 2); i += 2; continue; }
            if (c == '"') { i++; return text.ToString(); }
            if (interpolated && c == '{')
            {
                if (s[i + 1] == '{') { text.Append('{'); i += 2; continue; }
                var depth = 1;
                i++;
                while (depth > 0)
                {
                    if (StartsString(s, i)) { ReadString(s, ref i); continue; }
                    if (s[i] == '\'') { i = SkipChar(s, i); continue; }
                    if (s[i] == '{') depth++;
                    else if (s[i] == '}') depth--;
                    i++;
                }
                text.Append("{}");
                continue;
            }
            text.Append(c);
            i++;
        }
        throw new FormatException("An unterminated string literal.");
    }
}
