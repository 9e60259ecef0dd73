using System.Globalization;
using Retention.Core.Common;
using Retention.Core.Localization;
using Retention.Core.Store;
using Retention.Core.Tables;

namespace Retention.Core.Challenges;

/// <summary>One challenge as the shopper sees it in My rewards.</summary>
public sealed record ChallengeCard(int Id, string Name, ChallengeGoal Goal, decimal Done, decimal Target, decimal Fraction, CoreText Progress,
    DateOnly StartDate, DateOnly EndDate, CompletionState? State, bool LeaderboardOffered, bool OptedIn);

/// <summary>A badge the shopper holds.</summary>
public sealed record BadgeCard(string Code, CoreText Name, DateTime EarnedUtc);

/// <summary>The shopper's challenges (running and recently ended) and badges.</summary>
public sealed record ChallengePanel(bool Enabled, IReadOnlyList<ChallengeCard> Challenges, IReadOnlyList<BadgeCard> Badges);

/// <summary>One line of a leaderboard: a rank, a first name with the last name's initial, and the score.</summary>
public sealed record LeaderboardLine(int Rank, string DisplayName, decimal Score);

/// <summary>A challenge's standing in the dashboard: who is taking part and who completed it.</summary>
public sealed record ChallengeStanding(int Id, string Name, DateOnly StartDate, DateOnly EndDate, bool Running, int Participants, int Completions);

/// <summary>The challenges' figures for the dashboard.</summary>
public sealed record ChallengeDashboard(IReadOnlyList<ChallengeStanding> Challenges, int BadgesAwarded, int BadgesAwardedInPeriod);

/// <summary>The challenges read for shoppers, checkout and the merchant; reads only.</summary>
public sealed class ChallengeViews(ChallengeProgress progress, ChallengeStore records, IChallengeSettingsStore settings, IStoreData store, IQueryRunner runner,
    IClock clock)
{
    /// <summary>How long an ended challenge stays in My rewards.</summary>
    public const int ShowEndedDays = 30;
    public const int LeaderboardSize = 10;

    /// <summary>The shopper's panel: every challenge running (or ended in the last <see cref="ShowEndedDays"/> days) with its progress, and the badges.</summary>
    public async Task<ChallengePanel> PanelAsync(StoreId storeId, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var config = await settings.LoadAsync(storeId, cancellationToken);
        if (!config.Enabled) return new ChallengePanel(false, [], []);
        var zone = await settings.TimeZoneAsync(storeId, cancellationToken);
        var now = clock.UtcNow;
        var recorded = await records.OfCustomerAsync(storeId, customer, cancellationToken);
        var cards = new List<ChallengeCard>();
        foreach (var c in config.Challenges.OrderBy(c => c.EndDate).ThenBy(c => c.Id))
        {
            var (start, end) = c.WindowUtc(zone);
            if (now < start || now >= end.AddDays(ShowEndedDays)) continue;
            var done = await progress.ScoreAsync(storeId, c, start, end, customer, cancellationToken);
            var subject = c.Id.ToString(CultureInfo.InvariantCulture);
            var completion = recorded.FirstOrDefault(r => r.Kind == ChallengeRecordKind.Completion && r.Subject == subject);
            var optedIn = recorded.Any(r => r.Kind == ChallengeRecordKind.LeaderboardOptIn && r.Subject == subject);
            cards.Add(new ChallengeCard(c.Id, c.Name, c.Goal, done, c.Target, Math.Clamp(done / c.Target, 0m, 1m), ProgressText(c, done), c.StartDate,
                c.EndDate, completion?.State, c.Leaderboard, optedIn));
        }
        var badges = recorded.Where(r => r.Kind == ChallengeRecordKind.Badge)
            .Select(r => new BadgeCard(r.Subject, Badges.NameOf(r.Subject, config), r.CreatedUtc)).ToList();
        return new ChallengePanel(true, cards, badges);
    }

    /// <summary>"2 of 3 categories", "40.00 of 100.00 spent"…</summary>
    public static CoreText ProgressText(ChallengeDefinition challenge, decimal done) =>
        CoreMessages.ChallengeProgress(challenge.Goal, Math.Min(done, challenge.Target), challenge.Target);

    /// <summary>
    /// The challenge's leaderboard: only customers who opted in, never an erased or deleted one, named by first name and
    /// the last name's initial (never an email, never a full name), best first. Empty when the challenge offers none.
    /// </summary>
    public async Task<IReadOnlyList<LeaderboardLine>> LeaderboardAsync(StoreId storeId, int challengeId, int take = LeaderboardSize, CancellationToken cancellationToken = default)
    {
        var config = await settings.LoadAsync(storeId, cancellationToken);
        if (!config.Enabled || config.Find(challengeId) is not { Leaderboard: true } challenge) return [];
        var opted = await records.OptedInAsync(storeId, challengeId, cancellationToken);
        if (opted.Count == 0) return [];
        var people = await runner.ByChunksAsync(opted, ids => store.Customers.Where(c => ids.Contains(c.Id) && !c.Deleted)
            .Select(c => new CustomerFact { Id = c.Id, FirstName = c.FirstName, LastName = c.LastName }), cancellationToken);
        var zone = await settings.TimeZoneAsync(storeId, cancellationToken);
        var (start, end) = challenge.WindowUtc(zone);
        var scores = await progress.ScoresAsync(storeId, challenge, start, end, people.Select(p => p.Id).ToList(), cancellationToken);
        return people.Select(p => (p, Score: scores[p.Id])).Where(x => x.Score > 0)
            .OrderByDescending(x => x.Score).ThenBy(x => x.p.Id).Take(take)
            .Select((x, i) => new LeaderboardLine(i + 1, DisplayName(x.p.FirstName, x.p.LastName), x.Score)).ToList();
    }

    /// <summary>"Anna K.": the first name and the initial of the last; "A." when only a last name is known, "—" when neither.</summary>
    public static string DisplayName(string? firstName, string? lastName)
    {
        var first = Clean(firstName);
        var last = Clean(lastName);
        var initial = last.Length > 0 ? char.ToUpperInvariant(last[0]) + "." : "";
        return first.Length > 0 ? (initial.Length > 0 ? first + " " + initial : first) : initial.Length > 0 ? initial : "—";

        static string Clean(string? name)
        {
            var text = new string((name ?? "").Where(ch => !char.IsControl(ch) && ch != '<' && ch != '>' && ch != '@').ToArray()).Trim();
            var firstWord = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            return firstWord.Length > 30 ? firstWord[..30] : firstWord;
        }
    }

    /// <summary>
    /// The running challenges the order in the cart would complete if paid now ("this order completes the Summer challenge"):
    /// orders, spend and categories goals, from the counted progress plus this order.
    /// </summary>
    public async Task<IReadOnlyList<ChallengeDefinition>> CompletedByOrderAsync(StoreId storeId, CustomerId customer, decimal orderTotal,
        IReadOnlyCollection<int> productIds, CancellationToken cancellationToken = default)
    {
        var config = await settings.LoadAsync(storeId, cancellationToken);
        if (!config.Enabled) return [];
        var zone = await settings.TimeZoneAsync(storeId, cancellationToken);
        var now = clock.UtcNow;
        var recorded = await records.OfCustomerAsync(storeId, customer, cancellationToken);
        var result = new List<ChallengeDefinition>();
        foreach (var c in config.Challenges)
        {
            if (!c.IsRunning(now, zone)) continue;
            if (recorded.Any(r => r.Kind == ChallengeRecordKind.Completion && r.State != CompletionState.Revoked
                                  && r.Subject == c.Id.ToString(CultureInfo.InvariantCulture))) continue;
            var (start, end) = c.WindowUtc(zone);
            var after = c.Goal switch
            {
                ChallengeGoal.Orders => await progress.ScoreAsync(storeId, c, start, end, customer, cancellationToken) + 1,
                ChallengeGoal.Spend => await progress.ScoreAsync(storeId, c, start, end, customer, cancellationToken) + orderTotal,
                ChallengeGoal.Categories => await progress.CategoriesWithAsync(storeId, c, start, end, customer, productIds, cancellationToken),
                _ => (decimal?)null,
            };
            if (after is { } value && value >= c.Target
                && (c.Goal != ChallengeGoal.Orders || orderTotal > 0))
                result.Add(c);
        }
        return result;
    }

    /// <summary>The dashboard's figures: each challenge running or ended within the period, with participants (customers with any progress) and completions, and badges.</summary>
    public async Task<ChallengeDashboard> DashboardAsync(StoreId storeId, DateTime periodStartUtc, CancellationToken cancellationToken = default)
    {
        var config = await settings.LoadAsync(storeId, cancellationToken);
        var (sid, completion, badge, revoked) = (storeId.Value, (int)ChallengeRecordKind.Completion, (int)ChallengeRecordKind.Badge, (int)CompletionState.Revoked);
        var completions = (await runner.ToListAsync(records.Rows.Where(r => r.StoreId == sid && r.KindId == completion && r.StateId != revoked)
                .GroupBy(r => r.Subject).Select(g => new { g.Key, Count = g.Count() }), cancellationToken))
            .ToDictionary(x => x.Key, x => x.Count);
        var badges = await runner.CountAsync(records.Rows.Where(r => r.StoreId == sid && r.KindId == badge), cancellationToken);
        var recent = await runner.CountAsync(records.Rows.Where(r => r.StoreId == sid && r.KindId == badge && r.CreatedOnUtc >= periodStartUtc), cancellationToken);
        var zone = await settings.TimeZoneAsync(storeId, cancellationToken);
        var now = clock.UtcNow;
        var standings = new List<ChallengeStanding>();
        foreach (var c in config.Challenges.OrderBy(c => c.StartDate).ThenBy(c => c.Id))
        {
            var (start, end) = c.WindowUtc(zone);
            if (now < start || end < periodStartUtc) continue;
            var participants = await runner.CountAsync(progress.Participants(sid, c, start, end), cancellationToken);
            standings.Add(new ChallengeStanding(c.Id, c.Name, c.StartDate, c.EndDate, now < end, participants,
                completions.GetValueOrDefault(c.Id.ToString(CultureInfo.InvariantCulture))));
        }
        return new ChallengeDashboard(standings, badges, recent);
    }
}
