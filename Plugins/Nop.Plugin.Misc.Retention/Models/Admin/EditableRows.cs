using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Nop.Plugin.Misc.Retention.Models.Admin;

/// <summary>A row of an admin list edited in place (a stamp card, a challenge): numbered once, removable, and blank until typed into.</summary>
public interface IEditableRow
{
    /// <summary>The row's number in the store, 0 until it is first saved; stored keys carry it, so it never changes.</summary>
    int Id { get; }
    bool Remove { get; }
    bool IsBlank { get; }
}

/// <summary>The rules the row editors share: which posted rows stay, what number a new one gets, the blank row to add one.</summary>
public static class EditableRows
{
    /// <summary>
    /// The rows to save: those ticked "remove" and blank new rows go. Row indexes shift when rows go, so the posted values of
    /// <paramref name="list"/> are then forgotten and the form is rendered again from the model.
    /// </summary>
    public static List<TRow> Keep<TRow>(List<TRow> rows, ModelStateDictionary modelState, string list) where TRow : class, IEditableRow
    {
        ArgumentNullException.ThrowIfNull(modelState);
        var kept = (rows ?? new()).Where(r => r != null && !r.Remove && !r.IsBlank).ToList();
        if (kept.Count != (rows?.Count ?? 0))
            foreach (var key in modelState.Keys.Where(k => k.StartsWith(list + "[", StringComparison.Ordinal)).ToList())
                modelState.Remove(key);
        return kept;
    }

    /// <summary>A row's number: its own once saved; a new row's after the highest saved or typed.</summary>
    public static Func<TRow, int> Numbering<TRow>(IEnumerable<int> saved, IEnumerable<TRow> rows) where TRow : IEditableRow
    {
        var next = saved.Concat(rows.Select(r => r.Id)).DefaultIfEmpty(0).Max() + 1;
        return row => row.Id > 0 ? row.Id : next++;
    }

    /// <summary>The list as shown again: the rows typed and one blank row to add one.</summary>
    public static void EnsureBlank<TRow>(List<TRow> rows) where TRow : IEditableRow, new()
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (!rows.Any(r => r.IsBlank))
            rows.Add(new TRow());
    }
}
