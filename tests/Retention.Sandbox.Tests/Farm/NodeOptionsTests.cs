namespace Retention.Sandbox.Tests.Farm;

public sealed class NodeOptionsTests
{
    private const string Pg = "Host=127.0.0.1;Database=farm";
    private const string Key = "0123456789abcdef0123";

    private static SandboxOptions? Parse(out string? error, params string[] args) => SandboxOptions.Parse(args, out error, _ => null);

    [Test]
    public void Node_options_are_read_together()
    {
        var options = Parse(out var error, "--pg", Pg, "--node", "web-1", "--no-seed", "--loyalty-interval", "5", "--node-events-key", Key, "--fault-step-delay-ms", "40");
        Assert.That(error, Is.Null);
        Assert.That(options, Is.Not.Null);
        Assert.That((options!.Node, options.NoSeed, options.LoyaltyIntervalSeconds, options.NodeEventsKey, options.FaultStepDelayMs),
            Is.EqualTo(("web-1", true, 5, Key, 40)));
    }

    [Test]
    public void Without_node_options_a_sandbox_is_no_node()
    {
        var options = Parse(out _)!;
        Assert.That((options.Node, options.NoSeed, options.LoyaltyIntervalSeconds, options.NodeEventsKey, options.FaultStepDelayMs),
            Is.EqualTo(((string?)null, false, 0, (string?)null, 0)));
    }

    [TestCase("--no-seed needs --node", "--no-seed")]
    [TestCase("--node-events-key needs --node", "--node-events-key", Key)]
    [TestCase("--fault-step-delay-ms needs --node", "--fault-step-delay-ms", "10")]
    [TestCase("--node needs a shared PostgreSQL database", "--node", "a")]
    [TestCase("--reset cannot be used with --node", "--pg", Pg, "--node", "a", "--reset")]
    [TestCase("--node expects 1 to 40 letters", "--pg", Pg, "--node", "a b")]
    [TestCase("--node expects 1 to 40 letters", "--pg", Pg, "--node", "")]
    [TestCase("--node-events-key expects 16 to 200 printable characters", "--pg", Pg, "--node", "a", "--node-events-key", "short")]
    [TestCase("--node-events-key expects 16 to 200 printable characters", "--pg", Pg, "--node", "a", "--node-events-key", "with a space in it!!")]
    [TestCase("--loyalty-interval expects a whole number from 0 to 86400", "--loyalty-interval", "-1")]
    [TestCase("--fault-step-delay-ms expects a whole number from 0 to 60000", "--pg", Pg, "--node", "a", "--fault-step-delay-ms", "60001")]
    public void Node_options_that_do_not_fit_are_refused_with_the_reason(string reason, params string[] args)
    {
        Assert.That(Parse(out var error, args), Is.Null);
        Assert.That(error, Does.StartWith(reason));
    }
}
