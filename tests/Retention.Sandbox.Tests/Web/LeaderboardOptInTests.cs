using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Sandbox.Ports;

namespace Retention.Sandbox.Tests.Web;

/// <summary>
/// The sandbox's leaderboard opt-in over HTTP against the demo store (its "Tasting tour" offers a leaderboard, "Three for
/// the season" does not): a POST with the antiforgery token joins and leaves, one without is refused, and the board names
/// people by first name and last initial only.
/// </summary>
public sealed partial class LeaderboardOptInTests : WorkflowServerFixture
{
    private const int Tour = 1, Season = 2;
    private static readonly StoreId Store = new(1);

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await PrepareServerAsync(customers: 120);
        await StartServerAsync();
    }

    [Test]
    public async Task A_customer_joins_and_leaves_with_the_token_and_the_board_shows_only_first_names_and_initials()
    {
        var records = SandboxChallengeStores.Records(Server.State.Database, new FixedClock(Server.State.AsOfUtc));
        var opted = await records.OptedInAsync(Store, Tour);
        int customer;
        await using (var db = Server.State.Database.CreateContext())
            customer = await db.Customers.Where(c => !c.Deleted && !opted.Contains(c.Id)).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        var (status, page) = await Web.GetAsync($"/shop/rewards?customer={customer}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page, Does.Contain($"id=\"leaderboard-{Tour}\">Join the leaderboard</button>").And.Not.Contain($"id=\"leaderboard-{Season}\""));

        using (var forged = await Web.PostWithoutTokenAsync($"/shop/challenges/leaderboard?customer={customer}", ("challenge", "1"), ("join", "true")))
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "no antiforgery token: refused");
        Assert.That(await records.OptedInAsync(Store, Tour), Does.Not.Contain(customer));

        using (var joined = await Web.PostAsync($"/shop/challenges/leaderboard?customer={customer}", "/", ("challenge", "1"), ("join", "true")))
        {
            Assert.That(joined.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(joined.Headers.Location?.ToString(), Does.StartWith($"/shop/rewards?customer={customer}"));
        }
        Assert.That(await records.OptedInAsync(Store, Tour), Does.Contain(customer));
        (_, page) = await Web.GetAsync($"/shop/rewards?customer={customer}");
        Assert.That(page, Does.Contain($"id=\"leaderboard-{Tour}\">Leave the leaderboard</button>"));

        // Every name on the board: a first name and the last name's initial, never a full last name or an email.
        var table = Regex.Match(page, $"id=\"leaderboard-table-{Tour}\".*?</table>", RegexOptions.Singleline).Value;
        var names = NameCell().Matches(table).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.That(names, Is.Not.Empty, "the demo's opted-in customers are on the board");
        await using (var db = Server.State.Database.CreateContext())
        {
            var people = await db.Customers.Where(c => opted.Contains(c.Id) || c.Id == customer).Select(c => new { c.FirstName, c.LastName, c.Email }).ToListAsync();
            foreach (var name in names)
            {
                Assert.That(name, Does.Match(@"^[^\s@<>]+( \p{Lu}\.)?$"), "first name and initial");
                Assert.That(people.Any(p => p.LastName is { Length: > 1 } last && name.Contains(last, StringComparison.Ordinal)), Is.False, "no full last name");
                Assert.That(people.Any(p => !string.IsNullOrEmpty(p.Email) && name.Contains(p.Email, StringComparison.Ordinal)), Is.False, "no email");
            }
        }

        using (var left = await Web.PostAsync($"/shop/challenges/leaderboard?customer={customer}", "/", ("challenge", "1"), ("join", "false")))
            Assert.That(left.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await records.OptedInAsync(Store, Tour), Does.Not.Contain(customer), "opted out");
        (_, page) = await Web.GetAsync($"/shop/rewards?customer={customer}");
        Assert.That(page, Does.Contain($"id=\"leaderboard-{Tour}\">Join the leaderboard</button>"));

        using var none = await Web.PostAsync($"/shop/challenges/leaderboard?customer={customer}", "/", ("challenge", Season.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("join", "true"));
        Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a challenge without a leaderboard");
        Assert.That(await records.OptedInAsync(Store, Season), Is.Empty);
    }

    [GeneratedRegex("<tr><td>\\d+</td><td>([^<]*)</td>")]
    private static partial Regex NameCell();

    private sealed class FixedClock(DateTime now) : IClock
    {
        public DateTime UtcNow => now;
    }
}
