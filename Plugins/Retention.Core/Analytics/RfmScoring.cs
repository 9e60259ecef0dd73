using Retention.Core.Common;

namespace Retention.Core.Analytics;

/// <summary>What RFM scoring needs to know about one customer.</summary>
/// <param name="Customer">The customer.</param>
/// <param name="DaysSinceLastPurchase">Recency: whole days from the last purchase to the scoring date (≥ 0).</param>
/// <param name="Purchases">Frequency: purchases (orders, or purchase days: the caller decides, consistently) (≥ 1).</param>
/// <param name="Revenue">Monetary: the customer's total revenue.</param>
public readonly record struct RfmCustomer(CustomerId Customer, int DaysSinceLastPurchase, int Purchases, decimal Revenue);

/// <summary>The named RFM segments, in the order the dashboard lists them.</summary>
public enum RfmSegment
{
    /// <summary>Bought recently, buy often and spend the most.</summary>
    Champions,

    /// <summary>Buy regularly and spend well; not quite the most recent.</summary>
    Loyal,

    /// <summary>Recent customers with average frequency and spend.</summary>
    PotentialLoyalist,

    /// <summary>Bought most recently, but once or little.</summary>
    New,

    /// <summary>Fairly recent, low frequency and spend.</summary>
    Promising,

    /// <summary>Middling recency, frequency and spend.</summary>
    NeedAttention,

    /// <summary>Middling recency, low frequency and spend: slipping away.</summary>
    AboutToSleep,

    /// <summary>Bought often and spent well, but long ago.</summary>
    AtRisk,

    /// <summary>The best frequency and spend, but long ago.</summary>
    CantLoseThem,

    /// <summary>Long ago, low frequency and spend.</summary>
    Hibernating,

    /// <summary>The longest ago, with the lowest frequency and spend.</summary>
    Lost,
}

/// <summary>One customer's scores (each 1–5, 5 best) and segment.</summary>
public readonly record struct RfmScore(CustomerId Customer, int Recency, int Frequency, int Monetary, RfmSegment Segment, decimal Revenue)
{
    /// <summary>The usual three-digit code, e.g. "545".</summary>
    public string Code => string.Concat((char)('0' + Recency), (char)('0' + Frequency), (char)('0' + Monetary));

    /// <summary>The combined frequency–monetary score used by the segment grid: (F + M) / 2 rounded half up.</summary>
    public int FrequencyMonetary => RfmScoring.CombinedFrequencyMonetary(Frequency, Monetary);
}

/// <summary>A segment's size and worth.</summary>
/// <param name="Segment">The segment.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Customers">Customers in it.</param>
/// <param name="Share">Customers / all scored customers (0 when none were scored).</param>
/// <param name="Revenue">Total revenue of its customers.</param>
public sealed record RfmSegmentSummary(RfmSegment Segment, string Name, int Customers, double Share, decimal Revenue);

/// <summary>Every customer's scores, and every segment (all eleven, empty ones included, in <see cref="RfmSegment"/> order).</summary>
public sealed record RfmReport(IReadOnlyList<RfmScore> Customers, IReadOnlyList<RfmSegmentSummary> Segments);

/// <summary>
/// RFM scoring: recency and monetary quintile scores 1–5, frequency on fixed purchase-count bands, and the named segments.
/// </summary>
/// <remarks>
/// <para><b>Recency and monetary: quintiles, with ties.</b> A customer's score comes from their mid-rank percentile:
/// with n customers, <c>below</c> of them strictly worse on that dimension and <c>ties</c> equal to them (themselves
/// included), score = 1 + ⌊5 · (below + ties/2) / n⌋. Better means more recent (fewer days since the last purchase),
/// more revenue. Tied customers share a score, the result does not depend on the input order, n distinct values spread
/// evenly over 1–5, and a dimension where everyone is equal, or a single customer, scores the middle, 3. Days and
/// revenue have many distinct values, so ties there are small.</para>
/// <para><b>Frequency: fixed bands.</b> 1 purchase scores 1, 2 score 2, 3 score 3, 4–5 score 4, 6 or more score 5
/// (<see cref="FrequencyScore"/>). A quintile cannot score frequency: on a real store most customers bought once (59 %
/// of the demo store), one tie that spans the lower quintiles, so mid-rank gave every one-time buyer F = 2 and no
/// customer F = 1, and the segments that need F = 1 ("New", "Promising", "Lost") could never fill. A purchase count
/// also means the same at every store and on every day, which a rank does not.</para>
/// <para><b>Segments.</b> The common R × FM grid, FM = (F + M) / 2 rounded half up:</para>
/// <code>
///          FM=1            FM=2                FM=3                FM=4       FM=5
/// R=5   New             Potential loyalist  Potential loyalist  Champions  Champions
/// R=4   Promising       Potential loyalist  Potential loyalist  Loyal      Loyal
/// R=3   About to sleep  About to sleep      Need attention      Loyal      Loyal
/// R=2   Hibernating     Hibernating         At risk             At risk    Can't lose them
/// R=1   Lost            Hibernating         At risk             At risk    Can't lose them
/// </code>
/// </remarks>
public static class RfmScoring
{
    private static readonly RfmSegment[,] Grid =
    {
        // FM:  1                         2                            3                            4                        5
        { RfmSegment.Lost,         RfmSegment.Hibernating,       RfmSegment.AtRisk,            RfmSegment.AtRisk,    RfmSegment.CantLoseThem }, // R = 1
        { RfmSegment.Hibernating,  RfmSegment.Hibernating,       RfmSegment.AtRisk,            RfmSegment.AtRisk,    RfmSegment.CantLoseThem }, // R = 2
        { RfmSegment.AboutToSleep, RfmSegment.AboutToSleep,      RfmSegment.NeedAttention,     RfmSegment.Loyal,     RfmSegment.Loyal },        // R = 3
        { RfmSegment.Promising,    RfmSegment.PotentialLoyalist, RfmSegment.PotentialLoyalist, RfmSegment.Loyal,     RfmSegment.Loyal },        // R = 4
        { RfmSegment.New,          RfmSegment.PotentialLoyalist, RfmSegment.PotentialLoyalist, RfmSegment.Champions, RfmSegment.Champions },    // R = 5
    };

    /// <summary>Scores every customer and sums up the segments.</summary>
    /// <exception cref="ArgumentException">A customer appears twice, or has negative recency or no purchase.</exception>
    public static RfmReport Score(IEnumerable<RfmCustomer> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var list = customers.ToList();
        var seen = new HashSet<CustomerId>();
        foreach (var c in list)
        {
            if (!seen.Add(c.Customer))
                throw new ArgumentException($"Customer {c.Customer} appears more than once.", nameof(customers));
            if (c.DaysSinceLastPurchase < 0 || c.Purchases < 1)
                throw new ArgumentException($"Customer {c.Customer} needs at least one purchase and a non-negative recency.", nameof(customers));
        }

        // Recency: fewer days is better, so rank the negated days.
        var r = Quintiles(list.Select(c => -(long)c.DaysSinceLastPurchase).ToList());
        var f = list.Select(c => FrequencyScore(c.Purchases)).ToArray();
        var m = Quintiles(list.Select(c => c.Revenue).ToList());
        var scores = new RfmScore[list.Count];
        for (var i = 0; i < list.Count; i++)
            scores[i] = new RfmScore(list[i].Customer, r[i], f[i], m[i], SegmentOf(r[i], f[i], m[i]), list[i].Revenue);

        var segments = Enum.GetValues<RfmSegment>()
            .Select(s =>
            {
                var members = scores.Where(c => c.Segment == s).ToList();
                return new RfmSegmentSummary(s, s.DisplayName(), members.Count,
                    list.Count == 0 ? 0 : (double)members.Count / list.Count, members.Sum(c => c.Revenue));
            })
            .ToList();
        return new RfmReport(scores, segments);
    }

    /// <summary>
    /// Mid-rank quintile scores 1–5 of <paramref name="values"/> (higher value, higher score); ties share a score.
    /// See the remarks on the class for the rule.
    /// </summary>
    public static int[] Quintiles<T>(IReadOnlyList<T> values)
        where T : IComparable<T>
    {
        ArgumentNullException.ThrowIfNull(values);
        var n = values.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => values[i]).ToArray();
        var scores = new int[n];
        var below = 0;
        for (var start = 0; start < n;)
        {
            var end = start;
            while (end < n && values[order[end]].CompareTo(values[order[start]]) == 0)
                end++;
            var ties = end - start;
            var score = 1 + (int)(5L * (2L * below + ties) / (2L * n));
            for (var k = start; k < end; k++)
                scores[order[k]] = score;
            below += ties;
            start = end;
        }
        return scores;
    }

    /// <summary>The fewest purchases that score frequency 2, 3, 4 and 5: the bands of <see cref="FrequencyScore"/>.</summary>
    public static IReadOnlyList<int> FrequencyBandStarts { get; } = new[] { 2, 3, 4, 6 };

    /// <summary>Frequency score of a purchase count: 1 → 1, 2 → 2, 3 → 3, 4–5 → 4, 6 or more → 5.</summary>
    public static int FrequencyScore(int purchases)
    {
        if (purchases < 1)
            throw new ArgumentOutOfRangeException(nameof(purchases), purchases, "A scored customer has at least one purchase.");
        var score = 1;
        foreach (var start in FrequencyBandStarts)
            if (purchases >= start)
                score++;
        return score;
    }

    /// <summary>The segment of a score triple, from the R × FM grid in the remarks on the class.</summary>
    public static RfmSegment SegmentOf(int recency, int frequency, int monetary)
    {
        foreach (var (name, value) in new[] { (nameof(recency), recency), (nameof(frequency), frequency), (nameof(monetary), monetary) })
            if (value is < 1 or > 5)
                throw new ArgumentOutOfRangeException(name, value, "Scores run from 1 to 5.");
        return Grid[recency - 1, CombinedFrequencyMonetary(frequency, monetary) - 1];
    }

    /// <summary>Below this P(alive) a customer is shown in the "longest ago" row (R = 1) whatever their calendar recency.</summary>
    public const double LikelyGoneBelow = 0.1;

    /// <summary>
    /// The segment to show beside a purchase model's P(alive): the model's view of recency overrides the calendar's, so a
    /// label never contradicts the probability printed next to it. Below <paramref name="atRiskBelow"/> (the at-risk
    /// list's threshold) recency is capped at 2, the "long ago" rows; below <see cref="LikelyGoneBelow"/> it is 1. So a
    /// "Loyal" customer (R3, FM4) the model gives 0.2 % is shown "At risk", a slipping champion "Can't lose them", a
    /// doubted one-time buyer "Hibernating" or "Lost". Frequency and monetary stay: they say what the customer was worth.
    /// </summary>
    public static RfmSegment SegmentGivenProbabilityAlive(int recency, int frequency, int monetary, double probabilityAlive, double atRiskBelow)
    {
        var r = probabilityAlive < LikelyGoneBelow ? 1 : probabilityAlive < atRiskBelow ? Math.Min(recency, 2) : recency;
        return SegmentOf(Math.Min(r, recency), frequency, monetary);
    }

    /// <summary>FM = (F + M) / 2, rounded half up.</summary>
    public static int CombinedFrequencyMonetary(int frequency, int monetary) => (frequency + monetary + 1) / 2;

    /// <summary>The segment's name as merchants read it.</summary>
    /// <summary>
    /// A segment from its name as URLs and exports carry it (<c>Champions</c>, <c>CantLoseThem</c>; case-blind). Only an
    /// exact name: <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/> would also take "42" and "Champions,Lost".
    /// </summary>
    public static bool TryParseSegment(string? text, out RfmSegment segment)
    {
        var name = Enum.GetNames<RfmSegment>().FirstOrDefault(n => string.Equals(n, text?.Trim(), StringComparison.OrdinalIgnoreCase));
        segment = name is null ? default : Enum.Parse<RfmSegment>(name);
        return name is not null;
    }

    public static string DisplayName(this RfmSegment segment) => segment switch
    {
        RfmSegment.Champions => "Champions",
        RfmSegment.Loyal => "Loyal",
        RfmSegment.PotentialLoyalist => "Potential loyalist",
        RfmSegment.New => "New",
        RfmSegment.Promising => "Promising",
        RfmSegment.NeedAttention => "Need attention",
        RfmSegment.AboutToSleep => "About to sleep",
        RfmSegment.AtRisk => "At risk",
        RfmSegment.CantLoseThem => "Can't lose them",
        RfmSegment.Hibernating => "Hibernating",
        RfmSegment.Lost => "Lost",
        _ => throw new ArgumentOutOfRangeException(nameof(segment), segment, null),
    };
}
