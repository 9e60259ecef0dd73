using Retention.Sandbox;
using Retention.Sandbox.Cli;
using Retention.Sandbox.Data;
using Retention.Sandbox.Farm;
using Retention.Sandbox.Web;

// retention metrics|clv …: one JSON object on stdout (see Cli/RetentionCli.cs).
if (RetentionCli.IsSubcommand(args))
    return await RetentionCli.RunAsync(args, Console.Out, Console.Error);

// retention: prepare the sandbox database (reuse, demo store or imported orders), then serve the local web app.
var options = SandboxOptions.Parse(args, out var error);
if (options == null || options.Help)
{
    Console.Error.WriteLine(error != null ? $"retention: {error}\n" : "");
    Console.Error.WriteLine(SandboxOptions.Usage);
    return error != null ? 2 : 0;
}

if (PortCheck.Busy(options) is { } busy)
{
    Console.Error.WriteLine(busy);
    return 1;
}

// A farm node names its connections, so the database shows which node holds which lock.
options = NodeSetup.Named(options);
using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
SandboxState state;
// The address answers at once with a page naming the preparation's stage (a first start builds the demo store); a farm
// node keeps its own start-up, which other nodes and the balancer watch through /api/health.
var progress = new SetupProgress();
WebApplication? preparing = null;
try
{
    if (options.Node == null && !options.NoWeb)
        preparing = await PreparingApp.StartAsync(options, progress);
    var log = loggers.CreateLogger("Retention.Sandbox");
    state = options.Node != null ? await NodeSetup.PrepareAsync(options, log) : await SandboxSetup.PrepareAsync(options, log, progress: progress);
}
catch (IOException e) when (PortCheck.IsAddressInUse(e))
{
    return AddressInUse();
}
catch (SandboxSetupException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
catch (Exception e) when (SandboxDatabase.DatabaseError(e) is { } cause)
{
    Console.Error.WriteLine($"retention: cannot prepare the database ({SandboxSetup.Open(options).Describe()}): {cause.Message}");
    return 1;
}
finally
{
    if (preparing != null)
    {
        await preparing.StopAsync();
        await preparing.DisposeAsync();
    }
}
if (options.NoWeb)
    return 0;

try
{
    await SandboxWebApp.Build(options, state).RunAsync();
}
catch (IOException e) when (PortCheck.IsAddressInUse(e))
{
    return AddressInUse();
}
return 0;

// Another program took the address between the port check and the bind.
int AddressInUse()
{
    Console.Error.WriteLine($"retention: {options.Urls ?? $"port {options.Port}"} is already in use; stop what listens there or start with --port N.");
    return 1;
}
