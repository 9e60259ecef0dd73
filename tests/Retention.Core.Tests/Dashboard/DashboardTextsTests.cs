using Retention.Core.Common;
using Retention.Core.Dashboard;
using Retention.Testing.InMemory;

namespace Retention.Core.Tests.Dashboard;

public class DashboardTextsTests
{
    private sealed class FixedClock : IClock
    {
        public DateTime UtcNow => new(2026, 3, 1, 2, 0, 0, DateTimeKind.Utc);
    }

    [Test]
    public async Task Every_tile_label_and_note_of_a_snapshot_is_in_the_text_table_by_its_key()
    {
        // An empty store: every tile without a value, so every note the builder can give for it.
        var empty = await new DashboardBuilder(new InMemoryStoreData(), new InMemoryQueryRunner(), null, new FixedClock())
            .BuildAsync(new DashboardRequest(new StoreId(1), new DateOnly(2026, 3, 1)));
        var kpis = empty.Periods.SelectMany(p => p.Kpis).ToList();

        // A label's {window} is the snapshot's active window (365 days by default).
        Assert.That(kpis.Select(k => (k.Label, DashboardTexts.Of("kpi." + k.Key).Replace("{window}", "365"))).Where(p => p.Label != p.Item2), Is.Empty);
        Assert.That(kpis.Where(k => k.Value is null).Select(k => (k.Note, k.NoteKey is null ? null : DashboardTexts.Of("note." + k.NoteKey)))
            .Where(p => p.Note != p.Item2), Is.Empty);
        Assert.That(kpis.Count(k => k.NoteKey != null), Is.GreaterThan(5));
    }

    [Test]
    public void A_key_outside_the_table_is_refused_by_name()
    {
        Assert.That(() => DashboardTexts.Of("kpi.nothing"), Throws.TypeOf<KeyNotFoundException>().With.Message.Contains("kpi.nothing"));
    }
}
