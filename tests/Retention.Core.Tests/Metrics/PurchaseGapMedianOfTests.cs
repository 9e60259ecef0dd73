using Retention.Core.Metrics;

namespace Retention.Core.Tests.Metrics;

/// <summary>The median of gaps by selection (the columnar metrics' way) against the median of the sorted gaps.</summary>
public class PurchaseGapMedianOfTests
{
    [Test]
    public void Selected_middle_gaps_give_the_median_of_the_sorted_gaps_for_odd_even_and_repeated_values()
    {
        var random = new Random(16);
        for (var i = 0; i < 500; i++)
        {
            var count = random.Next(1, 300);
            // Few distinct values half of the time: runs of equal gaps (same-day orders) around the middle.
            var distinct = random.Next(2) == 0 ? random.Next(1, 5) : int.MaxValue;
            var gaps = new long[count + random.Next(0, 3)];
            for (var k = 0; k < count; k++)
                gaps[k] = random.NextInt64(0, Math.Min(distinct, 1_000_000)) * TimeSpan.TicksPerHour;
            var sorted = gaps[..count].OrderBy(g => g).ToArray();
            var expected = ((double)sorted[(count - 1) / 2] + sorted[count / 2]) / 2 / TimeSpan.TicksPerDay;

            var summary = InMemoryPurchaseGapQuery.MedianOf(gaps, count);

            Assert.That(summary.Gaps, Is.EqualTo(count));
            Assert.That(summary.MedianDays, Is.EqualTo(expected), $"case {i}");
            Assert.That(gaps[..count].OrderBy(g => g), Is.EqualTo(sorted), "the gaps are reordered, not changed");
        }
    }

    [Test]
    public void No_gaps_give_no_median()
    {
        Assert.That(InMemoryPurchaseGapQuery.MedianOf(new long[3], 0), Is.EqualTo(new PurchaseGapSummary(0, null)));
    }
}
