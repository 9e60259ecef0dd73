using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Workflows;

/// <summary>A step's email as it reads at some moment: the shipped default or the merchant's edit.</summary>
/// <param name="TextBody">The plain-text part: the default's own, or for an edit the body's text (the editor edits HTML only, as nopCommerce's does).</param>
public sealed record TemplateText(string Subject, string HtmlBody, string TextBody, bool Edited);

/// <summary>
/// The merchant's edits of the steps' emails, per store and template name, in <c>TemplateEdits</c>. Each save adds a row;
/// the text in force at an instant is the latest row saved at or before it (a reset row means the default again), so the
/// outbox shows an email queued before an edit with the words it went out with, and one queued after with the new ones.
/// </summary>
public sealed class SandboxTemplateEdits(SandboxDatabase database)
{
    /// <summary>Every edit of the stores asked for, in save order: the outbox and the editor look them up in memory (a store has a few dozen).</summary>
    public async Task<TemplateEditSet> LoadAsync(IReadOnlyCollection<int> stores, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var rows = await db.TemplateEdits.AsNoTracking().Where(r => stores.Contains(r.StoreId)).ToListAsync(cancellationToken);
        return new TemplateEditSet(rows.OrderBy(r => r.SavedUtc).ThenBy(r => r.Id).ToList());
    }

    /// <summary>Saves a checked edit (callers run <see cref="EmailTemplateRules.Validate"/> first) as of <paramref name="atUtc"/> (the sandbox clock).</summary>
    public Task SaveAsync(int store, string templateName, string subject, string body, DateTime atUtc, CancellationToken cancellationToken) =>
        AddAsync(new TemplateEditRow { StoreId = store, TemplateName = templateName, Subject = subject, Body = body, SavedUtc = atUtc }, cancellationToken);

    /// <summary>Goes back to the shipped template from <paramref name="atUtc"/> on; earlier emails keep the edit they were sent with.</summary>
    public Task ResetAsync(int store, string templateName, DateTime atUtc, CancellationToken cancellationToken) =>
        AddAsync(new TemplateEditRow { StoreId = store, TemplateName = templateName, SavedUtc = atUtc }, cancellationToken);

    private async Task AddAsync(TemplateEditRow row, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        db.TemplateEdits.Add(row);
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>The edits loaded for a page, answering which text was in force for a store's template at a moment.</summary>
public sealed partial class TemplateEditSet(IReadOnlyList<TemplateEditRow> rows)
{
    public static readonly TemplateEditSet None = new([]);

    /// <summary>The text of <paramref name="templateName"/> in <paramref name="store"/> at <paramref name="atUtc"/>; null when neither an edit nor a default exists.</summary>
    public TemplateText? InForce(int store, string templateName, DateTime atUtc)
    {
        var edit = rows.LastOrDefault(r => r.StoreId == store && r.TemplateName == templateName && r.SavedUtc <= atUtc);
        if (edit is { Subject: { } subject, Body: { } body })
            return new TemplateText(subject, body, TextOf(body), Edited: true);
        return EmailTemplates.Find(templateName) is { } shipped ? new TemplateText(shipped.Subject, shipped.HtmlBody, shipped.TextBody, Edited: false) : null;
    }

    /// <summary>The text in force now (the latest save, whatever its time).</summary>
    public TemplateText? Current(int store, string templateName) => InForce(store, templateName, DateTime.MaxValue);

    /// <summary>An edited HTML body's plain-text part: paragraphs and rows become lines, links keep their address, tags go.</summary>
    internal static string TextOf(string html)
    {
        var text = LinkPattern().Replace(html, m => $"{m.Groups[2].Value}: {m.Groups[1].Value}");
        text = BreakPattern().Replace(text, "\n");
        text = TagPattern().Replace(text, "");
        text = WebUtility.HtmlDecode(text);
        var lines = text.Split('\n').Select(l => SpacePattern().Replace(l, " ").Trim());
        return BlankLines().Replace(string.Join("\n", lines), "\n\n").Trim() + "\n";
    }

    [GeneratedRegex("<a\\b[^>]*href=\"([^\"]*)\"[^>]*>(.*?)</a>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex LinkPattern();

    [GeneratedRegex("<(br|/p|/tr|/h[1-6]|/li|/div|/table)\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BreakPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();

    [GeneratedRegex("[ \\t\\r]+")]
    private static partial Regex SpacePattern();

    [GeneratedRegex("\\n{3,}")]
    private static partial Regex BlankLines();
}
