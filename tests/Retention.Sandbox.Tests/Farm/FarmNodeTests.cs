using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Retention.Sandbox.Data;
using Retention.Sandbox.Farm;

namespace Retention.Sandbox.Tests.Farm;

/// <summary>
/// Two sandbox processes in node mode on one PostgreSQL database, asked what a person running a farm would ask: is the
/// sandbox's time one time for every node (also after a restart), and does a node started with other options leave the
/// farm's data alone.
/// </summary>
[TestFixture, Category("Farm"), NonParallelizable]
public sealed partial class FarmNodeTests
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(5);
    private FarmCluster _farm = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        _farm = await FarmCluster.StartAsync(2);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await (_farm?.DisposeAsync() ?? ValueTask.CompletedTask);

    [Test]
    public async Task An_advance_on_one_node_is_stored_and_every_node_and_a_restarted_node_keep_that_time()
    {
        var (first, second) = (_farm.Nodes[0], _farm.Nodes[1]);
        var start = await FarmNode.ReadOffsetAsync(_farm.Database);

        await AdvanceOnAsync(first, days: 3);
        Assert.That(await FarmNode.ReadOffsetAsync(_farm.Database), Is.EqualTo(start + TimeSpan.FromDays(3)), "The advance is kept in the database.");
        await AssertNodeReachesAsync(second, start + TimeSpan.FromDays(3), "the other node follows the advance");

        // Two advances at once on two nodes: both count, in the database and on each node, and nothing goes back.
        await Task.WhenAll(AdvanceOnAsync(first, days: 1), AdvanceOnAsync(second, hours: 2));
        var expected = start + TimeSpan.FromDays(4) + TimeSpan.FromHours(2);
        Assert.That(await FarmNode.ReadOffsetAsync(_farm.Database), Is.EqualTo(expected), "Two concurrent advances add up.");
        await AssertNodeReachesAsync(first, expected, "the first node after both advances");
        await AssertNodeReachesAsync(second, expected, "the second node after both advances");

        second.Kill();
        second.Start();
        await second.WaitHealthyAsync(_farm.Http, TimeSpan.FromMinutes(3));
        Assert.That(await NodeOffsetAsync(second), Is.EqualTo(expected).Within(Tolerance), "A restarted node resumes at the stored time.");
    }

    [Test]
    public async Task A_node_started_with_other_seed_options_refuses_with_one_line_and_the_farm_database_is_untouched()
    {
        var before = await SnapshotAsync();
        using var newcomer = _farm.Newcomer("late", "--customers");

        newcomer.Start();
        var exit = await newcomer.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.That(exit, Is.Not.Null.And.Not.EqualTo(0), $"The newcomer stops with an error:\n{newcomer.Tail()}");
        var errors = newcomer.Output.Where(l => l.StartsWith("retention: node late:", StringComparison.Ordinal)).ToList();
        Assert.That(errors, Has.Count.EqualTo(1), newcomer.Tail());
        Assert.That(errors[0], Does.Contain($"--customers {FarmCluster.Customers}").And.Contain("--customers 20000"), "The line says what differs.");
        Assert.That(newcomer.Output, Has.None.Contains("Building the sandbox database"));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before), "Meta rows and row counts are as they were.");
        using var summary = await _farm.Http.GetAsync(new Uri(_farm.Nodes[0].BaseAddress, "/api/admin/summary"));
        Assert.That(summary.StatusCode, Is.EqualTo(HttpStatusCode.OK), "The running node still serves its data.");
    }

    /// <summary>What the farm's database holds: its meta rows (without the clock, which the nodes move) and its row counts.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var db = _farm.Database.CreateContext();
        var meta = await db.Meta.AsNoTracking().Where(m => m.Name != Ports.SandboxClock.OffsetMetaName).OrderBy(m => m.Name).Select(m => m.Name + "=" + m.Value).ToListAsync();
        return string.Join("; ", meta) + $"; customers {await db.Customers.CountAsync()}, orders {await db.Orders.CountAsync()}, products {await db.Products.CountAsync()}";
    }

    /// <summary>The admin's clock control on <paramref name="node"/>, with the antiforgery token and cookie of its own admin page, until its job is done.</summary>
    private static async Task AdvanceOnAsync(FarmNodeProcess node, int days = 0, int hours = 0)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
        var admin = await http.GetStringAsync("/admin");
        var token = Token().Match(admin).Groups[1].Value;
        Assert.That(token, Is.Not.Empty, "The admin page hands out an antiforgery token.");
        using var response = await http.PostAsync("/admin/clock/advance", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["days"] = days.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["hours"] = hours.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["__RequestVerificationToken"] = token,
        }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        // The advance runs as a job: its page shows the report once every step it crossed is worked.
        var job = response.Headers.Location!.ToString();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        string page;
        while (!(page = await http.GetStringAsync(job)).Contains("id=\"clock-result\"", StringComparison.Ordinal))
        {
            Assert.That(page, Does.Not.Contain("id=\"clock-failed\""));
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "The advance job finishes.");
            await Task.Delay(100);
        }
    }

    /// <summary>How far <paramref name="node"/>'s clock (as its health endpoint tells) is ahead of the data's own time.</summary>
    private async Task<TimeSpan> NodeOffsetAsync(FarmNodeProcess node)
    {
        var state = await SandboxSetup.TryReuseAsync(_farm.Database) ?? throw new InvalidOperationException("The farm's database holds no sandbox data.");
        using var health = JsonDocument.Parse(await _farm.Http.GetStringAsync(new Uri(node.BaseAddress, "/api/health")));
        var nodeNow = health.RootElement.GetProperty("nowUtc").GetDateTime().ToUniversalTime();
        return nodeNow - (state.AsOfUtc + (DateTime.UtcNow - state.LoadedUtc));
    }

    private async Task AssertNodeReachesAsync(FarmNodeProcess node, TimeSpan offset, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        TimeSpan seen;
        while ((seen = await NodeOffsetAsync(node)) < offset - Tolerance && DateTime.UtcNow < deadline)
            await Task.Delay(FarmNode.ClockPoll);
        Assert.That(seen, Is.EqualTo(offset).Within(Tolerance), $"{node.Name}: {what}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
